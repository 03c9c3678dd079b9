//! The change record as the reports show it, the same words in each: a line
//! per risk ("↑ höjd från 6 (Medium), ny i IKP"), last year's results
//! known at the report's date, the risks dropped and the controls that
//! left the internkontrollplan, each with its reason.

use chrono::NaiveDate;

use super::cells::rated;
use super::lights::Shown;
use super::table::{ColumnView, Page, TableBuilder, TableView};
use super::view::CellView;
use crate::score::history::{
    ControlChange, Direction, FollowUpKind, History, IkpChange, LastFollowUp, LeftReason,
    control_name,
};
use crate::swedish::{self, Hyphenation};
use crate::validate::{FollowsPlan, IkpRule, IkpThreshold, Plan};

/// The risk's change since last year in words: "ny 2025", "↑ höjd från 6
/// (Medium)", "→ oförändrad", then "tidigare nr 95", "ny i IKP" or "utgår
/// ur IKP", "samma kontroll som 2024" or "ändrad kontroll". Every report
/// that shows a change shows this line.
pub(super) fn change_line(plan: &Plan, history: &History, index: usize) -> String {
    let change = &history.risks[index];
    let year = history.year;
    let mut parts = Vec::new();
    match &change.before {
        None => parts.push(format!("ny {}", plan.meta.ar)),
        Some(before) => {
            let said = format!("{} {}", before.direction.arrow(), before.direction.word());
            let then = before
                .value
                .map(|value| rated(value, before.level.as_deref().unwrap_or("")));
            parts.push(match (before.direction, then) {
                (Direction::Unchanged, _) => said,
                (Direction::NotComparable, None) => format!("{said}, ej värderad {year}"),
                (Direction::NotComparable, Some(then)) => format!("{said}, {year}: {then}"),
                // A level that changed with the riskvärde standing still is said.
                (_, Some(then)) if before.value_direction == Direction::Unchanged => {
                    format!("{said} från {then}, samma riskvärde")
                }
                (_, Some(then)) => format!("{said} från {then}"),
                (_, None) => said,
            });
            if let Some(nr) = change.renumbered_from(plan.risks[index].nr) {
                parts.push(format!("tidigare nr {nr}"));
            }
        }
    }
    match change.ikp {
        IkpChange::Entered => parts.push("ny i IKP".into()),
        IkpChange::Left => parts.push("utgår ur IKP".into()),
        IkpChange::Stays | IkpChange::Outside => {}
    }
    match change.control {
        ControlChange::Same => parts.push(format!("samma kontroll som {year}")),
        ControlChange::Changed => parts.push("ändrad kontroll".into()),
        ControlChange::NotCompared => {}
    }
    parts.join(", ")
}

/// Adds to an IKP cell the risk's change line and, from the follow-up of
/// last year's plan that the report's date allows (`known`), last year's
/// results for it, each with its light and its word.
pub(super) fn push_continuity(
    cell: &mut CellView,
    plan: &Plan,
    history: &History,
    index: usize,
    known: Option<LastFollowUp>,
) {
    cell.push(&change_line(plan, history, index), "label");
    let Some(before) = history.risks[index].before.as_ref().filter(|b| b.in_ikp) else {
        return;
    };
    let year = history.year;
    match known.map(|k| k.kind) {
        Some(FollowUpKind::Vb) => {
            let shown: Vec<Shown> = if before.vb.is_empty() {
                vec![Shown::of(None)]
            } else {
                before.vb.iter().map(|r| Shown::from_outcome(*r)).collect()
            };
            for result in shown {
                let (word, color) = result.word();
                cell.push_light(&format!("{year}: {}", word.to_lowercase()), "label", color);
            }
        }
        Some(FollowUpKind::T2) => {
            if let Some(follows) = before.t2 {
                let (word, color) = match follows {
                    FollowsPlan::Ja => ("ja", super::lights::GREEN),
                    FollowsPlan::Delvis => ("delvis", super::lights::YELLOW),
                    FollowsPlan::Nej => ("nej", super::lights::RED),
                };
                cell.push_light(&format!("T2 {year}: följer plan: {word}"), "label", color);
            }
        }
        None => {}
    }
}

/// Which of last year's follow-ups a report dated `date` shows results
/// from, and which it leaves out because they are dated after it: one
/// sentence, or more when some are left out.
pub(super) fn results_note(history: &History, date: NaiveDate) -> String {
    let year = history.year;
    let name = |f: &LastFollowUp| match f.kind {
        FollowUpKind::Vb => format!("verksamhetsberättelsen {year}"),
        FollowUpKind::T2 => format!("tertialrapport 2 {year}"),
    };
    let known = history.known_at(date);
    let mut note = match known {
        Some(f) => format!(
            "Resultaten för {year} är hämtade ur {} ({}).",
            name(&f),
            swedish::long_date(f.date)
        ),
        None if history.follow_ups.is_empty() => {
            format!("Underlaget har ingen uppföljning av internkontrollplanen {year}.")
        }
        None => format!("Resultat för {year} visas inte."),
    };
    let later: Vec<String> = history
        .later_than(date)
        .iter()
        .map(|f| format!("{} är daterad {}", name(f), swedish::long_date(f.date)))
        .collect();
    if !later.is_empty() {
        note.push_str(&format!(
            " {}, efter det här dokumentet, och ingår inte.",
            swedish::capitalise(&swedish::join(&later))
        ));
    }
    note
}

/// The risks dropped since last year, with the reason, or `None` when
/// every risk continues.
pub(super) fn dropped_table(history: &History, words: &Hyphenation) -> Option<TableView> {
    if history.dropped.is_empty() {
        return None;
    }
    let year = history.year;
    let mut rows = TableBuilder::new(vec![
        ColumnView::cm(&format!("Nr {year}"), 1.5),
        ColumnView::fr("Risk", 2.0),
        ColumnView::cm(&format!("Riskvärde {year}"), 2.6),
        ColumnView::fr("Motivering", 2.0),
    ]);
    for dropped in &history.dropped {
        let value = match (dropped.value, &dropped.level) {
            (Some(value), Some(level)) => rated(value, level),
            _ => "ej värderad".to_owned(),
        };
        let mut reason = CellView::empty();
        match &dropped.reason {
            Some(text) => reason.push(text, "plain"),
            None => reason.push(MISSING, "muted"),
        };
        rows.push(
            None,
            Vec::new(),
            vec![vec![
                CellView::text(&dropped.nr.to_string()).centered(),
                CellView::text(&dropped.title),
                CellView::text(&value),
                reason,
            ]],
        );
    }
    Some(rows.finish(Page::Portrait, words))
}

const MISSING: &str = "motivering saknas i underlaget";

/// Last year's controls that are not in this year's internkontrollplan,
/// each with why, or `None` when every control continues.
pub(super) fn left_table(plan: &Plan, history: &History, words: &Hyphenation) -> Option<TableView> {
    if history.left_ikp.is_empty() {
        return None;
    }
    let year = history.year;
    let mut rows = TableBuilder::new(vec![
        ColumnView::cm(&format!("Nr {year}"), 1.5),
        ColumnView::fr("Risk", 1.6),
        ColumnView::fr(&format!("Kontroll {year}"), 1.4),
        ColumnView::fr("Varför den inte är med", 2.2),
    ]);
    for left in &history.left_ikp {
        let mut reason = CellView::empty();
        let stays = left.now.map(|i| {
            let risk = &plan.risks[i];
            let value = match (risk.rating, risk.rating.map(|r| plan.model.level_of(r))) {
                (Some(r), Some(level)) => {
                    format!(
                        ", riskvärde {}",
                        rated(r.value(), &plan.model.levels[level].name)
                    )
                }
                _ => ", ej värderad".to_owned(),
            };
            format!("Risken står kvar i VoR:en som risk {}{value}", risk.nr)
        });
        match &left.reason {
            LeftReason::Dropped(Some(text)) => {
                reason.push("Risken utgår:", "label");
                reason.push(text, "plain");
            }
            LeftReason::Dropped(None) => {
                reason.push("Risken utgår;", "label");
                reason.push(MISSING, "muted");
            }
            LeftReason::KeptOut(text) => {
                reason.push(
                    &format!(
                        "{}, men hålls utanför internkontrollplanen:",
                        stays.unwrap_or_default()
                    ),
                    "plain",
                );
                match text {
                    Some(text) => reason.push(text, "plain"),
                    None => reason.push(MISSING, "muted"),
                };
            }
            LeftReason::BelowRule => {
                let rule = rule_words(plan).unwrap_or_default();
                reason.push(
                    &format!(
                        "{}, under regeln för internkontrollplanen ({rule}).",
                        stays.unwrap_or_default()
                    ),
                    "plain",
                );
            }
            LeftReason::NotChosen => {
                reason.push(
                    &format!(
                        "{}, men nämnden har inte valt den till internkontrollplanen {}.",
                        stays.unwrap_or_default(),
                        plan.meta.ar
                    ),
                    "plain",
                );
            }
            LeftReason::Replaced => {
                let now: Vec<String> = left
                    .now
                    .map(|i| plan.risks[i].controls.iter().map(control_name).collect())
                    .unwrap_or_default();
                let nr = left.now.map(|i| plan.risks[i].nr).unwrap_or(left.nr);
                reason.push(
                    &format!(
                        "Risk {nr} står kvar i internkontrollplanen med {}: {}.",
                        if now.len() == 1 {
                            "en annan kontroll"
                        } else {
                            "andra kontroller"
                        },
                        swedish::join(&now)
                    ),
                    "plain",
                );
            }
        }
        rows.push(
            None,
            Vec::new(),
            vec![vec![
                CellView::text(&left.nr.to_string()).centered(),
                CellView::text(&left.title),
                CellView::text(&left.control),
                reason,
            ]],
        );
    }
    Some(rows.finish(Page::Portrait, words))
}

/// The model's automatic rule in words: "riskvärde 8 eller högre", "nivå
/// Hög eller högre"; `None` when the nämnd chooses risk by risk.
pub(super) fn rule_words(plan: &Plan) -> Option<String> {
    match plan.model.ikp_rule {
        IkpRule::Automatic(IkpThreshold::RiskValue(from)) => {
            Some(format!("riskvärde {from} eller högre"))
        }
        IkpRule::Automatic(IkpThreshold::Level(level)) => Some(format!(
            "nivå {} eller högre",
            plan.model.levels[level].name
        )),
        IkpRule::Chosen => None,
    }
}
