//! The risk matrix as a heat map: konsekvens up the side, sannolikhet along
//! the bottom, risk numbers in their cells, IKP risks starred.

use serde::Serialize;

use super::colour::Swatch;
use crate::score::Scored;
use crate::score::history::History;
use crate::validate::{Plan, Rating};

/// A cell with more risks than this shows their number instead of their list
/// (the table lists them all): 60 numbers still fit a cell of a 4×4 matrix.
pub const MAX_LISTED_PER_CELL: usize = 60;

/// The longest alternative text with every risk's number; a longer one gives
/// counts per cell, so it stays within PDF/A's limit on strings.
const MAX_ALT_CHARS: usize = 12_000;

/// The matrix, its legend and its alternative text.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    /// From the highest konsekvens down.
    pub rows: Vec<MatrixRow>,
    /// Sannolikhet steps, lowest first.
    pub columns: Vec<AxisStep>,
    /// Levels from highest to lowest, with counts.
    pub levels: Vec<LegendEntry>,
    pub total: usize,
    /// "Risk 70 är inte värderad …", when any risk is unrated.
    pub unrated_note: Option<String>,
    /// Said when a crowded cell shows a count instead of its risks.
    pub count_note: Option<String>,
    /// What the parentheses and the +/− in the cells mean.
    pub history_note: Option<String>,
    /// What a sighted reader sees, for screen readers.
    pub alt: String,
    /// How the model sets the level: by riskvärde, or cell by cell.
    pub legend: String,
    /// What the star means and which risks go to the internkontrollplan,
    /// with the plan's exceptions.
    pub ikp_note: String,
    /// The risk numbers' size in points, the same in every cell: smaller
    /// when the most crowded cell needs it.
    pub text_size: f32,
}

/// One konsekvens row.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub step: AxisStep,
    pub cells: Vec<MatrixCell>,
}

/// A step on an axis: its number and the model's label.
#[derive(Debug, Clone, Serialize)]
pub struct AxisStep {
    pub value: u8,
    pub label: String,
}

/// One cell: its level colour and the risk numbers in it.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    /// The level's colour and the text colour on it.
    #[serde(flatten)]
    pub swatch: Swatch,
    pub level: String,
    pub entries: Vec<String>,
    /// Risks that came into and left the cell since last year: "+2 −1".
    pub moves: Option<String>,
}

/// A level in the legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    pub name: String,
    /// The level's colour and the text colour on it.
    #[serde(flatten)]
    pub swatch: Swatch,
    pub count: usize,
    /// Last year's count, shown in parentheses.
    pub before: Option<usize>,
}

/// Builds the matrix view.
pub fn matrix(plan: &Plan, scored: &Scored) -> MatrixView {
    let model = &plan.model;
    let (columns_n, rows_n) = (
        model.scale.likelihood as usize,
        model.scale.consequence as usize,
    );
    let in_ikp: std::collections::HashSet<u32> = plan
        .risks
        .iter()
        .zip(&scored.risks)
        .filter(|(_, s)| s.in_ikp)
        .map(|(r, _)| r.nr)
        .collect();
    let rows = (1..=rows_n)
        .rev()
        .map(|k| MatrixRow {
            step: AxisStep {
                value: k as u8,
                label: model.consequence_labels[k - 1].clone(),
            },
            cells: (1..=columns_n)
                .map(|s| {
                    let level = model.level_of(Rating {
                        likelihood: s as u8,
                        consequence: k as u8,
                    });
                    let nrs = &scored.matrix[k - 1][s - 1];
                    let color = model.levels[level].color;
                    MatrixCell {
                        moves: scored
                            .history
                            .as_ref()
                            .and_then(|h| h.moves.as_ref())
                            .map(|m| m[k - 1][s - 1])
                            .and_then(|m| {
                                let mut parts = Vec::new();
                                if m.came > 0 {
                                    parts.push(format!("+{}", m.came));
                                }
                                if m.left > 0 {
                                    parts.push(format!("−{}", m.left));
                                }
                                (!parts.is_empty()).then(|| parts.join(" "))
                            }),
                        swatch: Swatch::for_text(color),
                        level: model.levels[level].name.clone(),
                        entries: if nrs.len() > MAX_LISTED_PER_CELL {
                            vec![format!("{} risker", nrs.len())]
                        } else {
                            nrs.iter()
                                .map(|nr| {
                                    if in_ikp.contains(nr) {
                                        format!("{nr}*")
                                    } else {
                                        nr.to_string()
                                    }
                                })
                                .collect()
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let columns = (1..=columns_n)
        .map(|s| AxisStep {
            value: s as u8,
            label: model.likelihood_labels[s - 1].clone(),
        })
        .collect();
    let levels = model
        .levels
        .iter()
        .enumerate()
        .rev()
        .map(|(i, level)| LegendEntry {
            name: level.name.clone(),
            swatch: Swatch::for_text(level.color),
            count: scored.counts[i],
            before: scored.history.as_ref().and_then(|h| h.counts[i]),
        })
        .collect::<Vec<_>>();
    let unrated_note = match scored.unrated.as_slice() {
        [] => None,
        [one] => Some(format!(
            "Risk {one} är inte värderad och ingår inte i matrisen eller summorna."
        )),
        many => Some(format!(
            "Riskerna {} är inte värderade och ingår inte i matrisen eller summorna.",
            join_numbers(many)
        )),
    };
    let crowded = scored
        .matrix
        .iter()
        .flatten()
        .any(|c| c.len() > MAX_LISTED_PER_CELL);
    let count_note = crowded.then(|| {
        format!(
            "Celler med fler än {MAX_LISTED_PER_CELL} risker visar antalet; tabellen nedan listar varje risk."
        )
    });
    let history_note = scored.history.as_ref().map(|h| {
        let year = h.year;
        let mut note = format!("Inom parentes: antalet {year}.");
        if h.moves.is_some() {
            note.push_str(&format!(
                " I cellerna: +N risker som har kommit till cellen och −N som har lämnat den sedan {year}."
            ));
        }
        note
    });
    let mut alt = alt_text(plan, scored, &levels);
    if let Some(history) = &scored.history {
        alt.push(' ');
        alt.push_str(&history_alt(plan, history, &levels));
    }
    MatrixView {
        rows,
        columns,
        levels,
        total: scored.total,
        unrated_note,
        count_note,
        history_note,
        alt,
        legend: super::rule::level_legend(plan),
        ikp_note: {
            let rule = super::rule::ikp_rule_sentence(plan, scored, "se motiveringen i tabellen");
            if scored.risks.iter().any(|r| r.in_ikp) {
                format!("Risker markerade med * ingår i internkontrollplanen. {rule}")
            } else {
                rule
            }
        },
        text_size: match scored.matrix.iter().flatten().map(Vec::len).max() {
            Some(0..=16) | None => 9.0,
            Some(17..=30) => 8.5,
            Some(_) => 8.0,
        },
    }
}

/// "Riskmatris 4×4 …: Kritisk 4 risker (47, 48, 53, 56), …".
/// The change since last year in words: the counts then, and each cell
/// risks came into or left.
fn history_alt(plan: &Plan, history: &History, levels: &[LegendEntry]) -> String {
    let year = history.year;
    let counts: Vec<String> = levels
        .iter()
        .filter_map(|l| l.before.map(|b| format!("{} {b}", l.name)))
        .collect();
    let mut text = format!("{year} var det {}.", crate::swedish::join(&counts));
    if let Some(moves) = &history.moves {
        let scale = plan.model.scale;
        let mut cells = Vec::new();
        for k in (1..=scale.consequence as usize).rev() {
            for s in 1..=scale.likelihood as usize {
                let m = moves[k - 1][s - 1];
                if m.came + m.left > 0 {
                    cells.push(format!(
                        "sannolikhet {s}, konsekvens {k}: {} in, {} ut",
                        m.came, m.left
                    ));
                }
            }
        }
        if !cells.is_empty() {
            text.push_str(&format!(
                " Förändringar per cell sedan {year}: {}.",
                cells.join("; ")
            ));
        }
    }
    text
}

fn alt_text(plan: &Plan, scored: &Scored, levels: &[LegendEntry]) -> String {
    let scale = plan.model.scale;
    let parts: Vec<String> = levels
        .iter()
        .map(|level| {
            let index = plan.model.levels.iter().position(|l| l.name == level.name);
            let nrs: Vec<u32> = plan
                .risks
                .iter()
                .zip(&scored.risks)
                .filter(|(_, s)| s.level == index)
                .map(|(r, _)| r.nr)
                .collect();
            let noun = crate::swedish::agree(level.count, "risk", "risker");
            if !nrs.is_empty() && nrs.len() <= 12 {
                format!(
                    "{} {} {noun} ({})",
                    level.name,
                    level.count,
                    join_numbers(&nrs)
                )
            } else {
                format!("{} {} {noun}", level.name, level.count)
            }
        })
        .collect();
    let cells = |counts_only: bool| {
        let mut cells = Vec::new();
        for k in (1..=scale.consequence as usize).rev() {
            for s in 1..=scale.likelihood as usize {
                let nrs = &scored.matrix[k - 1][s - 1];
                if nrs.is_empty() {
                    continue;
                }
                // Words around the numbers, so that a listener hears
                // sentences (and outloud's FIG-012 reads them as language).
                let content = if counts_only || nrs.len() > MAX_LISTED_PER_CELL {
                    format!("{} risker", nrs.len())
                } else if let [nr] = nrs.as_slice() {
                    format!("risk {nr}")
                } else {
                    format!("riskerna {}", spoken_numbers(nrs))
                };
                let level = &plan.model.levels[plan.model.level_of(Rating {
                    likelihood: s as u8,
                    consequence: k as u8,
                })]
                .name;
                cells.push(format!(
                    "Konsekvens {k}, sannolikhet {s}, {level}: {content}."
                ));
            }
        }
        cells.join(" ")
    };
    let text = |cells: String| {
        format!(
            "Riskmatris {} med konsekvens 1–{} lodrätt och sannolikhet 1–{} vågrätt; varje risks nummer står i sin cell. {}; totalt {} värderade risker. {cells}",
            if scale.is_square() {
                scale.label()
            } else {
                format!("{} (sannolikhet × konsekvens)", scale.label())
            },
            scale.consequence,
            scale.likelihood,
            parts.join("; "),
            scored.total,
        )
    };
    let full = text(cells(false));
    if full.chars().count() <= MAX_ALT_CHARS {
        full
    } else {
        text(cells(true))
    }
}

/// "1 till 8, 10, 11 och 14": three or more numbers in a row said as a span,
/// as one reads a list aloud.
fn spoken_numbers(nrs: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < nrs.len() {
        let mut j = i;
        while j + 1 < nrs.len() && nrs[j + 1] == nrs[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{} till {}", nrs[i], nrs[j]));
        } else {
            parts.extend(nrs[i..=j].iter().map(u32::to_string));
        }
        i = j + 1;
    }
    crate::swedish::join(&parts)
}

/// "1, 2 och 3".
pub fn join_numbers(nrs: &[u32]) -> String {
    let text: Vec<String> = nrs.iter().map(u32::to_string).collect();
    crate::swedish::join(&text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_in_a_row_are_said_as_a_span() {
        assert_eq!(
            super::spoken_numbers(&[1, 2, 3, 4, 6, 7, 9, 10, 11]),
            "1 till 4, 6, 7 och 9 till 11"
        );
        assert_eq!(super::spoken_numbers(&[5, 8]), "5 och 8");
    }
}
