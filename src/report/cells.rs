//! Pieces several reports share: the cells for a risk, its rating and its
//! actions, the grouping columns, and the listing of risks by place.

use super::table::GroupPart;
use super::view::CellView;
use crate::score::{RiskScore, Scored};
use std::sync::Arc;

use crate::swedish::{self, Hyphenation};
use crate::validate::{Action, ActionStatus, Place, Plan, Risk};

/// Where the plan's words may break: the built-in list and the kommun's own.
pub(super) fn words(plan: &Plan) -> Arc<Hyphenation> {
    Hyphenation::with(&plan.model.hyphenation)
}

/// "2. Mindre sannolikt" for a step on a scale with labels.
pub(super) fn step_text(value: u8, labels: &[String]) -> String {
    format!("{value}. {}", labels[value as usize - 1])
}

/// A risk's riskvärde with its level, the one format every report uses:
/// "9 (Medium)".
pub(super) fn rated(value: u32, level: &str) -> String {
    if level.is_empty() {
        value.to_string()
    } else {
        format!("{value} ({level})")
    }
}

/// The word under an assumed riskvärde; the report's note explains it.
pub const ASSUMED: &str = "antaget";

/// The note a report with assumed values carries.
pub const ASSUMED_NOTE: &str =
    "Riskvärden märkta ”antaget” saknas i källan och är antagna; de är inte nämndens bedömning.";

/// The cell showing a risk's riskvärde with its level, "9 (Medium)",
/// coloured by the level, with "antaget" under an assumed value: the same
/// in every report and every column that shows a risk's value.
pub(super) fn value_cell(plan: &Plan, score: &RiskScore, risk: &Risk) -> CellView {
    match (score.value, score.level) {
        (Some(value), Some(level)) => {
            let level = &plan.model.levels[level];
            let mut cell = CellView::level(level, &[(&rated(value, &level.name), "strong")]);
            if risk.assumed {
                cell.push(ASSUMED, "label");
            }
            cell
        }
        _ => unrated_cell(),
    }
}

/// The column heading over a risk's value, the same in every report.
pub const VALUE_TITLE: &str = "Riskvärde";

/// The note on assumed values, when any of `risks` has one.
pub(super) fn assumed_note<'a>(mut risks: impl Iterator<Item = &'a Risk>) -> Option<String> {
    risks.any(|r| r.assumed).then(|| ASSUMED_NOTE.to_owned())
}

pub(super) fn unrated_cell() -> CellView {
    let mut cell = CellView::empty().centered();
    cell.push("ej värderad", "muted");
    cell
}

/// The risk's text with its description and förebyggande hantering.
pub(super) fn risk_cell(risk: &Risk) -> CellView {
    let mut cell = CellView::text(&risk.title);
    if let Some(text) = &risk.description {
        cell.push(text, "plain");
    }
    if let Some(text) = &risk.preventive {
        cell.push("Förebyggande hantering", "label");
        cell.push(text, "plain");
    }
    cell.secrecy = risk.secrecy.clone();
    cell
}

/// Pairs each listed place with its risk and score.
pub(super) fn listed<'a>(
    plan: &'a Plan,
    scored: &'a Scored,
) -> impl Iterator<Item = (&'a Place, &'a Risk, &'a RiskScore)> {
    plan.places
        .iter()
        .map(move |p| (p, &plan.risks[p.risk], &scored.risks[p.risk]))
}

/// The group headings a place stands under: its mål, and its process with
/// its delprocess, each labelled with the nämnd's own word.
pub(super) fn groups(plan: &Plan, place: &Place) -> (Option<GroupPart>, Vec<GroupPart>) {
    let part = |label: &str, text: &Option<String>| {
        text.as_ref().map(|text| GroupPart {
            label: label.to_owned(),
            text: text.clone(),
        })
    };
    let goal = part(&plan.labels.mal, &place.mal);
    let place = [
        part(&plan.labels.process, &place.process),
        part(&plan.labels.delprocess, &place.delprocess),
    ]
    .into_iter()
    .flatten()
    .collect();
    (goal, place)
}

/// A list of actions, each with who, when (if `with_dates`) and status where given.
pub(super) fn actions_cell(intro: Option<&str>, actions: &[Action], with_dates: bool) -> CellView {
    let mut cell = CellView::empty();
    if let Some(intro) = intro {
        cell.push(intro, "plain");
    }
    for action in actions {
        cell.push(&format!("• {}", action.title), "plain");
        if let Some(text) = &action.description {
            cell.push(text, "plain");
        }
        let details = action_details(action, with_dates);
        if !details.is_empty() {
            cell.push(&details, "label");
        }
    }
    cell
}

/// "Ansvarig: X · 2023-01-01 – 2023-06-30 · pågår".
pub(super) fn action_details(action: &Action, with_dates: bool) -> String {
    let mut parts = Vec::new();
    if let Some(who) = &action.responsible {
        parts.push(format!("Ansvarig: {who}"));
    }
    let dates = if with_dates {
        (action.start, action.end)
    } else {
        (None, None)
    };
    match dates {
        (Some(start), Some(end)) => parts.push(format!(
            "{} – {}",
            swedish::iso_date(start),
            swedish::iso_date(end)
        )),
        (Some(start), None) => parts.push(format!("från {}", swedish::iso_date(start))),
        (None, Some(end)) => parts.push(format!("senast {}", swedish::iso_date(end))),
        (None, None) => {}
    }
    if let Some(status) = action.status {
        parts.push(status_word(status).to_owned());
    }
    parts.join(" · ")
}

/// The status in words.
pub(super) fn status_word(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::EjPaborjad => "ej påbörjad",
        ActionStatus::Pagar => "pågår",
        ActionStatus::Klar => "klar",
    }
}
