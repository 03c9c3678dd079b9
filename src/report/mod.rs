//! Scored → report views: exactly what each template sees, with every
//! decision (order, colour, wording, number format) already made.

mod ikp;
mod matrix;
pub mod swedish;
mod view;
mod vor;

pub use ikp::{IkpView, ikp};
pub use matrix::{MatrixView, join_numbers, matrix};
pub use view::*;
pub use vor::{VorView, vor};

use crate::score::{RiskScore, Scored};
use crate::validate::{Plan, Risk};

/// "2. Mindre sannolikt" for a step on a scale with labels.
fn step_text(value: u8, labels: &[String]) -> String {
    format!("{value}. {}", labels[value as usize - 1])
}

/// The cell showing a risk's riskvärde, coloured by level, value and level in text.
fn value_cell(plan: &Plan, score: &RiskScore) -> CellView {
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
fn level_cell(plan: &Plan, score: &RiskScore) -> CellView {
    match (score.value, score.level) {
        (Some(value), Some(level)) => {
            let level = &plan.model.levels[level];
            CellView::level(level, &[(&format!("{} ({value})", level.name), "strong")])
        }
        _ => unrated_cell(),
    }
}

fn unrated_cell() -> CellView {
    let mut cell = CellView::empty().centered();
    cell.push("ej värderad", "muted");
    cell
}

/// The risk's text with its description and förebyggande hantering.
fn risk_cell(risk: &Risk) -> CellView {
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
fn listed<'a>(
    plan: &'a Plan,
    scored: &'a Scored,
) -> impl Iterator<Item = (&'a crate::validate::Place, &'a Risk, &'a RiskScore)> {
    plan.places
        .iter()
        .map(move |p| (p, &plan.risks[p.risk], &scored.risks[p.risk]))
}

/// Whether any place names a delprocess (then the table has that column).
fn has_subprocesses(plan: &Plan) -> bool {
    plan.places.iter().any(|p| p.delprocess.is_some())
}
