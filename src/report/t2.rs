//! Follow-up at tertialrapport 2: a computed opening paragraph, the text
//! sections, then a block per critical (or every) IKP risk, and a computed
//! closing sentence. The data may place the computed sentences inside its
//! own text with `{inledning}` and `{sammanfattning}`, as seed 003 does.

use serde::Serialize;

use super::cells::{VALUE_TITLE, value_cell, words};
use super::section::{SectionView, sections};
use super::table::{Page, chars_per_line};
use super::view::{CellView, MetaView, assumed};
use crate::model::ModelPart;
use crate::score::Scored;
use crate::swedish::{self, Noun};
use crate::validate::followup::T2;
use crate::validate::{FollowsPlan, LevelRule, Plan, Section, T2Scope};

/// Where the data puts the computed opening sentences.
pub const INTRO_MARK: &str = "{inledning}";
/// Where the data puts the computed closing sentence.
pub const SUMMARY_MARK: &str = "{sammanfattning}";

/// Everything the T2 template shows.
#[derive(Debug, Clone, Serialize)]
pub struct T2View {
    pub meta: MetaView,
    /// The computed opening paragraphs, unless the data's text has them.
    pub intro: Vec<String>,
    pub sections: Vec<SectionView>,
    pub blocks_heading: String,
    pub blocks: Vec<T2Block>,
    /// The computed closing sentence, unless the data's text has it.
    pub summary: Option<String>,
}

/// One risk's block: a header row and labelled rows.
#[derive(Debug, Clone, Serialize)]
pub struct T2Block {
    /// The risk's number, as the IKP shows it.
    pub nr: u32,
    pub risk: CellView,
    pub rows: Vec<LabelledRow>,
    /// The block is taller than a page; a shorter one is kept whole.
    pub breakable: bool,
}

impl T2Block {
    fn new(nr: u32, risk: CellView, rows: Vec<LabelledRow>) -> Self {
        // The value column's letters a line (12.8 cm less the label
        // column, in the blocks' 9 pt), and a page's lines of it.
        let per_line = chars_per_line(12.8) * 17 / 18;
        let lines: usize = std::iter::once(&risk)
            .chain(rows.iter().map(|r| &r.cell))
            .map(|cell| cell.lines(per_line))
            .sum();
        T2Block {
            breakable: lines > Page::Portrait.max_row_lines() * 17 / 18,
            nr,
            risk,
            rows,
        }
    }
}

/// A label and its cell.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledRow {
    pub label: String,
    pub cell: CellView,
}

/// The model's highest level, the "critical" one.
fn top_level(plan: &Plan) -> usize {
    plan.model.levels.len() - 1
}

/// Indices of the IKP risks at the model's highest level.
pub fn critical_risks(plan: &Plan, scored: &Scored) -> Vec<usize> {
    let top = top_level(plan);
    scored
        .ikp
        .iter()
        .copied()
        .filter(|&i| scored.risks[i].level == Some(top))
        .collect()
}

const RISK: Noun = Noun::en("risk", "risker");

/// Builds the T2 view.
pub fn t2(plan: &Plan, scored: &Scored, follow_up: &T2) -> T2View {
    let top = &plan.model.levels[top_level(plan)];
    let (critical, criticals) = (top.name.to_lowercase(), top.plural.clone());
    let critical_nrs = critical_risks(plan, scored);
    let year = plan.meta.ar;
    let total = scored.ikp.len();
    let mut intro = format!(
        "Nämndens internkontrollplan {year} omfattar {}. ",
        swedish::count_words(total, RISK)
    );
    let how = match &plan.model.level_rule {
        LevelRule::Thresholds(ranges) => {
            let (from, to) = ranges[top_level(plan)];
            if to >= plan.model.scale.highest_value() {
                format!("riskvärde {from} eller högre")
            } else if from == to {
                format!("riskvärde {from}")
            } else {
                format!("riskvärde {from}–{to}")
            }
        }
        LevelRule::Cells(_) => "nivån ges cell för cell i riskmatrisen".to_owned(),
    };
    // A bound the model file says is assumed is said so where it is used.
    let how = if plan.model.assumed.contains(&ModelPart::Granser) {
        match &plan.model.level_rule {
            LevelRule::Thresholds(_) => format!("{how}, en antagen gräns"),
            LevelRule::Cells(_) => format!("{how}; cellernas nivåer är antagna"),
        }
    } else {
        how
    };
    intro.push_str(&match critical_nrs.len() {
        0 => format!("Ingen av dem är {critical} ({how})."),
        1 => format!("En av dem är {critical} ({how})."),
        n => format!(
            "{} av dem är {criticals} ({how}).",
            swedish::capitalise(&swedish::count_in_words(n, false))
        ),
    });
    let mut intro = vec![intro];
    if let Some(period) = &follow_up.period {
        intro.push(format!("Uppföljningen avser perioden {period}."));
    }
    let shown: Vec<usize> = match follow_up.scope {
        T2Scope::Kritiska => critical_nrs,
        T2Scope::Alla => scored.ikp.clone(),
    };
    let mut follows = [0usize; 3];
    let mut unreported = 0;
    let blocks = shown
        .iter()
        .map(|&index| {
            let risk = &plan.risks[index];
            let item = follow_up.items.iter().find(|i| i.risk == index);
            let mut title = CellView::text(&risk.title);
            title.secrecy = risk.secrecy.clone();
            if let Some(area) = item.and_then(|i| i.area.as_ref()) {
                title.push(&format!("({area})"), "plain");
            }
            let score = &scored.risks[index];
            let mut value = value_cell(plan, score, risk);
            value.center = false;
            let mut rows = vec![LabelledRow {
                label: VALUE_TITLE.into(),
                cell: value,
            }];
            // What the follow-up leaves out is left out, not called missing.
            let optional = [
                (
                    "Befintliga aktiviteter och egenkontroller",
                    item.and_then(|i| i.activities.as_ref()),
                ),
                ("Planerad hantering", item.and_then(|i| i.handling.as_ref())),
            ];
            rows.extend(optional.into_iter().filter_map(|(label, text)| {
                Some(LabelledRow {
                    label: label.into(),
                    cell: CellView::text(text?),
                })
            }));
            let mut follows_cell = CellView::empty();
            match item.map(|i| i.follows) {
                Some(f) => {
                    follows[f as usize] += 1;
                    if item.is_some_and(|i| i.assumed) {
                        follows_cell.push(&assumed(follows_word(f)), "strong");
                    } else {
                        follows_cell.push(follows_word(f), "strong");
                    }
                }
                None => {
                    unreported += 1;
                    follows_cell.push("ej rapporterad i uppföljningen", "muted");
                }
            }
            rows.push(LabelledRow {
                label: "Följer plan".into(),
                cell: follows_cell,
            });
            if let Some(comment) = item.and_then(|i| i.comment.as_ref()) {
                rows.push(LabelledRow {
                    label: "Kommentar".into(),
                    cell: CellView::text(comment),
                });
            }
            T2Block::new(scored.risks[index].ikp_nr.unwrap_or(risk.nr), title, rows)
        })
        .collect::<Vec<_>>();
    let summary = summary(
        &follows,
        unreported,
        shown.len(),
        follow_up.scope,
        (&critical, &criticals),
    );
    let blocks_heading = match follow_up.scope {
        T2Scope::Kritiska => {
            format!("Uppföljning av {criticals} risker i nämndens internkontrollplan {year}")
        }
        T2Scope::Alla => format!("Uppföljning av riskerna i nämndens internkontrollplan {year}"),
    };
    // The data's own text may hold the computed sentences.
    let placed = place(&follow_up.sections, &intro.join(" "), &summary);
    let mut meta = MetaView::new(
        plan,
        "Uppföljning av internkontrollplanen",
        "T2",
        "Delårsuppföljning av internkontrollplanen i tertialrapport 2",
    )
    .dated(follow_up.date)
    .standing(&follow_up.standing);
    meta.title = format!("{} – tertialrapport 2", meta.title);
    meta.short_title = format!("{} – T2", meta.short_title);
    T2View {
        meta,
        intro: if placed.intro { Vec::new() } else { intro },
        sections: sections(&placed.sections, &words(plan)),
        blocks_heading,
        blocks,
        summary: (!placed.summary).then_some(summary),
    }
}

/// Sections with the computed sentences put where the data marks them.
struct Placed {
    sections: Vec<Section>,
    intro: bool,
    summary: bool,
}

fn place(list: &[Section], intro: &str, summary: &str) -> Placed {
    let mut placed = Placed {
        sections: Vec::new(),
        intro: false,
        summary: false,
    };
    fn walk(list: &[Section], intro: &str, summary: &str, placed: &mut Placed) -> Vec<Section> {
        list.iter()
            .map(|s| {
                placed.intro |= s.text.contains(INTRO_MARK);
                placed.summary |= s.text.contains(SUMMARY_MARK);
                Section {
                    text: s
                        .text
                        .replace(INTRO_MARK, intro)
                        .replace(SUMMARY_MARK, summary),
                    subsections: walk(&s.subsections, intro, summary, placed),
                    ..s.clone()
                }
            })
            .collect()
    }
    placed.sections = walk(list, intro, summary, &mut placed);
    placed
}

fn follows_word(f: FollowsPlan) -> &'static str {
    match f {
        FollowsPlan::Ja => "Ja",
        FollowsPlan::Nej => "Nej",
        FollowsPlan::Delvis => "Delvis",
    }
}

/// "Sammanställningen visar att de kritiska riskerna hanteras enligt plan."
/// and its variants; `criticals` is the top level's name in the plural.
fn summary(
    follows: &[usize; 3],
    unreported: usize,
    shown: usize,
    scope: T2Scope,
    (critical, criticals): (&str, &str),
) -> String {
    if shown == 0 {
        return match scope {
            T2Scope::Kritiska => {
                format!("Ingen risk i planen är {critical}.")
            }
            T2Scope::Alla => "Planen har inga risker att följa upp.".into(),
        };
    }
    let [yes, no, partly] = *follows;
    let (the_one, the_many, some) = match scope {
        T2Scope::Kritiska => (
            format!("den {criticals} risken"),
            format!("de {criticals} riskerna"),
            format!("{criticals} risker"),
        ),
        T2Scope::Alla => (
            "risken".to_owned(),
            "riskerna".to_owned(),
            "risker".to_owned(),
        ),
    };
    if yes == shown {
        let which = if shown == 1 { the_one } else { the_many };
        return format!("Sammanställningen visar att {which} hanteras enligt plan.");
    }
    let words = |n: usize| match n {
        0 => "ingen".to_owned(),
        n => swedish::count_in_words(n, false),
    };
    let mut parts = vec![format!(
        "{} av {} {some} hanteras enligt plan",
        words(yes),
        words(shown)
    )];
    // Each part says what it counts, so that no ending is clipped.
    if partly > 0 {
        parts.push(format!("{} delvis enligt plan", words(partly)));
    }
    if no > 0 {
        parts.push(format!("{} inte enligt plan", words(no)));
    }
    if unreported > 0 {
        let reported = swedish::agree(unreported, "rapporterad", "rapporterade");
        parts.push(format!("{} är inte {reported}", words(unreported)));
    }
    format!("Sammanställningen visar att {}.", swedish::join(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_the_risks_as_swedish_does() {
        assert_eq!(
            summary(&[2, 0, 0], 0, 2, T2Scope::Kritiska, ("kritisk", "kritiska")),
            "Sammanställningen visar att de kritiska riskerna hanteras enligt plan."
        );
        assert_eq!(
            summary(&[1, 0, 0], 0, 1, T2Scope::Kritiska, ("kritisk", "kritiska")),
            "Sammanställningen visar att den kritiska risken hanteras enligt plan."
        );
        assert_eq!(
            summary(&[1, 1, 1], 0, 3, T2Scope::Kritiska, ("kritisk", "kritiska")),
            "Sammanställningen visar att en av tre kritiska risker hanteras enligt plan, en delvis enligt plan och en inte enligt plan."
        );
    }

    #[test]
    fn computed_sentences_go_where_the_data_marks_them() {
        let sections = vec![Section {
            heading: "Delårsuppföljning".into(),
            text: "{inledning} De kritiska riskerna ska omhändertas.".into(),
            ..Section::default()
        }];
        let placed = place(
            &sections,
            "I planen hanterades 35 risker.",
            "Allt följer plan.",
        );
        assert!(placed.intro && !placed.summary);
        assert_eq!(
            placed.sections[0].text,
            "I planen hanterades 35 risker. De kritiska riskerna ska omhändertas."
        );
    }
}
