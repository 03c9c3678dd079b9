//! Scored → report views: exactly what each template sees, with every
//! decision (order, colour, wording, number format) already made.

mod bundle;
mod ikp;
mod matrix;
mod riskbild;
pub mod swedish;
mod t2;
mod vb;
mod view;
mod vor;

pub use bundle::{BundleView, t2_bundle, vb_bundle, verksamhetsplan};
pub use ikp::{IkpView, ikp};
pub use matrix::{MatrixView, join_numbers, matrix};
pub use riskbild::{RiskPictureView, riskbild};
pub use t2::{T2View, critical_risks, t2};
pub use vb::{VbView, vb};
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

/// The grouping columns a plan's tables lead with: process and delprocess,
/// each only if some place names one.
struct Leading {
    process: bool,
    sub: bool,
}

impl Leading {
    fn of(plan: &Plan) -> Self {
        Leading {
            process: plan.places.iter().any(|p| p.process.is_some()),
            sub: plan.places.iter().any(|p| p.delprocess.is_some()),
        }
    }

    /// Their column views, with the given widths.
    fn columns(&self, plan: &Plan, process_fr: f32, sub_fr: f32) -> Vec<ColumnView> {
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
    fn rows(&self) -> GroupedRows {
        GroupedRows::new(usize::from(self.process) + usize::from(self.sub))
    }

    /// The leading keys of a place.
    fn keys<'a>(&self, place: &'a crate::validate::Place) -> Vec<&'a str> {
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
