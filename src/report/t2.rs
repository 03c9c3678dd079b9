//! Follow-up at tertialrapport 2: a computed opening paragraph, the text
//! sections, then a block per critical (or every) IKP risk.

use serde::Serialize;

use super::cells::value_cell;
use super::view::{CellView, MetaView, SectionView, sections};
use crate::score::Scored;
use crate::swedish;
use crate::validate::Plan;
use crate::validate::followup::T2;
use crate::validate::{FollowsPlan, T2Scope};

/// Everything the T2 template shows.
#[derive(Debug, Clone, Serialize)]
pub struct T2View {
    pub meta: MetaView,
    /// The computed opening paragraphs.
    pub intro: Vec<String>,
    pub sections: Vec<SectionView>,
    pub blocks_heading: String,
    pub blocks: Vec<T2Block>,
    /// The computed closing sentence.
    pub summary: String,
}

/// One risk's block: a header row and labelled rows.
#[derive(Debug, Clone, Serialize)]
pub struct T2Block {
    pub risk: CellView,
    pub rows: Vec<LabelledRow>,
}

/// A label and its cell.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledRow {
    pub label: String,
    pub cell: CellView,
}

/// The level name of the model's highest level, the "critical" one.
fn top_level(plan: &Plan) -> (usize, String) {
    let index = plan.model.levels.len() - 1;
    (index, plan.model.levels[index].name.to_lowercase())
}

/// Indices of the IKP risks at the model's highest level.
pub fn critical_risks(plan: &Plan, scored: &Scored) -> Vec<usize> {
    let (top, _) = top_level(plan);
    scored
        .ikp
        .iter()
        .copied()
        .filter(|&i| scored.risks[i].level == Some(top))
        .collect()
}

/// Builds the T2 view.
pub fn t2(plan: &Plan, scored: &Scored, follow_up: &T2) -> T2View {
    let (_, critical_name) = top_level(plan);
    let total = scored.ikp.len();
    let critical = critical_risks(plan, scored);
    let year = plan.meta.ar;
    let noun = |n: usize| swedish::agree(n, "risk", "risker");
    let mut intro = vec![format!(
        "I nämndens internkontrollplan {year} hanterades {} {}.",
        swedish::count_in_words(total, false),
        noun(total)
    )];
    intro[0].push(' ');
    intro[0].push_str(&match critical.len() {
        0 => format!(
            "Ingen av dessa risker har ett riskvärde som värderar risken som {critical_name}."
        ),
        1 => {
            format!("En av dessa risker har ett riskvärde som värderar risken som {critical_name}.")
        }
        n => format!(
            "{} av dessa risker har ett riskvärde som värderar risken som {critical_name}.",
            swedish::capitalise(&swedish::count_in_words(n, false))
        ),
    });
    if let Some(period) = &follow_up.period {
        intro.push(format!("Uppföljningen avser perioden {period}."));
    }
    let shown: Vec<usize> = match follow_up.scope {
        T2Scope::Kritiska => critical,
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
            if let Some(area) = item.and_then(|i| i.area.as_ref()) {
                title.push(&format!("({area})"), "plain");
            }
            let text = |value: Option<&String>| match value {
                Some(value) => CellView::text(value),
                None => {
                    let mut cell = CellView::empty();
                    cell.push("ej rapporterad", "muted");
                    cell
                }
            };
            let follows_cell = match item.map(|i| i.follows) {
                Some(f) => {
                    follows[f as usize] += 1;
                    let mut cell = CellView::empty();
                    cell.push(follows_word(f), "strong");
                    cell
                }
                None => {
                    unreported += 1;
                    text(None)
                }
            };
            let value = match (scored.risks[index].value, scored.risks[index].level) {
                (Some(value), Some(level)) => {
                    let level = &plan.model.levels[level];
                    let mut cell =
                        CellView::level(level, &[(&format!("{value} ({})", level.name), "strong")]);
                    cell.center = false;
                    cell
                }
                _ => value_cell(plan, &scored.risks[index]),
            };
            T2Block {
                risk: title,
                rows: vec![
                    LabelledRow {
                        label: "Riskvärde".into(),
                        cell: value,
                    },
                    LabelledRow {
                        label: "Befintliga aktiviteter och egenkontroller".into(),
                        cell: text(item.and_then(|i| i.activities.as_ref())),
                    },
                    LabelledRow {
                        label: "Planerad hantering".into(),
                        cell: text(item.and_then(|i| i.handling.as_ref())),
                    },
                    LabelledRow {
                        label: "Följer plan".into(),
                        cell: follows_cell,
                    },
                    LabelledRow {
                        label: "Kommentar".into(),
                        cell: text(item.and_then(|i| i.comment.as_ref())),
                    },
                ],
            }
        })
        .collect::<Vec<_>>();
    let summary = summary(
        &follows,
        unreported,
        shown.len(),
        follow_up.scope,
        &critical_name,
    );
    let scope_words = match follow_up.scope {
        T2Scope::Kritiska => format!("Uppföljning av risker som värderats som {critical_name}"),
        T2Scope::Alla => "Uppföljning av internkontrollplanens risker".to_owned(),
    };
    T2View {
        meta: MetaView::new(
            &plan.meta,
            "Uppföljning av internkontrollplanen, tertialrapport 2,",
            "T2",
            "Delårsuppföljning av internkontrollplanen i tertialrapport 2",
        )
        .dated(follow_up.date),
        intro,
        sections: sections(&follow_up.sections),
        blocks_heading: scope_words,
        blocks,
        summary,
    }
}

fn follows_word(f: FollowsPlan) -> &'static str {
    match f {
        FollowsPlan::Ja => "Ja",
        FollowsPlan::Nej => "Nej",
        FollowsPlan::Delvis => "Delvis",
    }
}

/// "Samtliga två kritiska risker hanteras enligt plan." and its variants.
fn summary(
    follows: &[usize; 3],
    unreported: usize,
    shown: usize,
    scope: T2Scope,
    critical: &str,
) -> String {
    if shown == 0 {
        return match scope {
            T2Scope::Kritiska => format!("Ingen risk i planen är värderad som {critical}."),
            T2Scope::Alla => "Planen har inga risker att följa upp.".into(),
        };
    }
    let [yes, no, partly] = *follows;
    let what = match scope {
        T2Scope::Kritiska => format!("{critical}a risker"),
        T2Scope::Alla => "risker".to_owned(),
    };
    let words = |n: usize| match n {
        0 => "ingen".to_owned(),
        n => swedish::count_in_words(n, false),
    };
    if yes == shown {
        return format!(
            "Sammanställningen visar att samtliga {} {what} hanteras enligt plan.",
            words(shown)
        );
    }
    let mut parts = vec![format!(
        "{} av {} {what} hanteras enligt plan",
        words(yes),
        words(shown)
    )];
    if partly > 0 {
        parts.push(format!("{} delvis", words(partly)));
    }
    if no > 0 {
        parts.push(format!("{} inte", words(no)));
    }
    if unreported > 0 {
        let reported = swedish::agree(unreported, "rapporterad", "rapporterade");
        parts.push(format!("{} är inte {reported}", words(unreported)));
    }
    let text = swedish::join(&parts);
    format!("Sammanställningen visar att {text}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_in_words() {
        assert_eq!(
            summary(&[2, 0, 0], 0, 2, T2Scope::Kritiska, "kritisk"),
            "Sammanställningen visar att samtliga två kritiska risker hanteras enligt plan."
        );
        assert_eq!(
            summary(&[1, 1, 1], 0, 3, T2Scope::Kritiska, "kritisk"),
            "Sammanställningen visar att en av tre kritiska risker hanteras enligt plan, en delvis och en inte."
        );
    }
}
