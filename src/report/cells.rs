//! Pieces several reports share: the cells for a risk, its rating and its
//! actions, the grouping columns, and the listing of risks by place.

use super::view::{CellView, ColumnView, GroupedRows};
use crate::score::{RiskScore, Scored};
use crate::swedish;
use crate::validate::{Action, ActionStatus, Place, Plan, Risk};

/// "2. Mindre sannolikt" for a step on a scale with labels.
pub(super) fn step_text(value: u8, labels: &[String]) -> String {
    format!("{value}. {}", labels[value as usize - 1])
}

/// The cell showing a risk's riskvärde, coloured by level, value and level in text.
pub(super) fn value_cell(plan: &Plan, score: &RiskScore) -> CellView {
    match (score.value, score.level) {
        (Some(value), Some(level)) => {
            let level = &plan.model.levels[level];
            CellView::level(
                level,
                &[(&value.to_string(), "strong"), (&level.name, "label")],
            )
        }
        _ => unrated_cell(),
    }
}

/// The cell showing a risk's level as "Medium (6)", coloured.
pub(super) fn level_cell(plan: &Plan, score: &RiskScore) -> CellView {
    match (score.value, score.level) {
        (Some(value), Some(level)) => {
            let level = &plan.model.levels[level];
            CellView::level(level, &[(&format!("{} ({value})", level.name), "strong")])
        }
        _ => unrated_cell(),
    }
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

/// The grouping columns a plan's tables lead with: process and delprocess,
/// each only if some place names one.
pub(super) struct Leading {
    process: bool,
    sub: bool,
}

impl Leading {
    pub(super) fn of(plan: &Plan) -> Self {
        Leading {
            process: plan.places.iter().any(|p| p.process.is_some()),
            sub: plan.places.iter().any(|p| p.delprocess.is_some()),
        }
    }

    /// Their column views, with the given widths.
    pub(super) fn columns(&self, plan: &Plan, process_fr: f32, sub_fr: f32) -> Vec<ColumnView> {
        let mut columns = Vec::new();
        if self.process {
            columns.push(ColumnView::fr(&plan.labels.process, process_fr));
        }
        if self.sub {
            columns.push(ColumnView::fr(&plan.labels.delprocess, sub_fr));
        }
        columns
    }

    /// The rows builder for this many leading columns.
    pub(super) fn rows(&self) -> GroupedRows {
        GroupedRows::new(usize::from(self.process) + usize::from(self.sub))
    }

    /// The leading keys of a place.
    pub(super) fn keys<'a>(&self, place: &'a Place) -> Vec<&'a str> {
        let mut keys = Vec::new();
        if self.process {
            keys.push(place.process.as_deref().unwrap_or(""));
        }
        if self.sub {
            keys.push(place.delprocess.as_deref().unwrap_or(""));
        }
        keys
    }
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
