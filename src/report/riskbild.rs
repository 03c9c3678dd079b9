//! "Samlad riskbild och Åtgärdsplan": every risk with its description,
//! existing controls, riskvärde, risk-reducing actions and follow-up method,
//! then the internkontrollplan part with the review method.

use serde::Serialize;

use super::cells::{Leading, actions_cell, listed, value_cell};
use super::view::{CellView, ColumnView, MetaView, SectionView, TableView, sections};
use crate::score::Scored;
use crate::validate::{ControlsExist, Plan, Risk};

/// Everything the riskbild template shows.
#[derive(Debug, Clone, Serialize)]
pub struct RiskPictureView {
    pub meta: MetaView,
    pub sections: Vec<SectionView>,
    pub table: TableView,
    pub ikp_heading: String,
    pub ikp_count: usize,
    pub ikp_table: TableView,
}

/// Builds the riskbild view.
pub fn riskbild(plan: &Plan, scored: &Scored) -> RiskPictureView {
    let settings = &plan.riskbild;
    let table = |ikp_part: bool| {
        let leading = Leading::of(plan);
        let mut columns = leading.columns(plan, 1.0, 1.0);
        columns.extend([
            ColumnView::fr("Identifierad risk", 1.5),
            ColumnView::fr("Riskbeskrivning", 1.7),
            ColumnView::fr("Finns kontroller?", 1.3),
            ColumnView::cm("Riskvärde", 1.9),
            ColumnView::fr("Riskreducerande åtgärder", 2.4),
            ColumnView::fr(
                if ikp_part {
                    "Metod för granskning"
                } else {
                    "Metod för uppföljning"
                },
                1.4,
            ),
        ]);
        let mut rows = leading.rows();
        for (place, risk, score) in listed(plan, scored).filter(|(_, _, s)| !ikp_part || s.in_ikp) {
            let last = if ikp_part {
                &risk.review_method
            } else {
                &risk.follow_up_method
            };
            let cells = vec![
                CellView::text(&risk.title),
                CellView::text(risk.description.as_deref().unwrap_or("")),
                controls_cell(risk),
                value_cell(plan, score),
                actions_cell(risk.actions_intro.as_deref(), &risk.actions, true),
                CellView::text(last.as_deref().unwrap_or("")),
            ];
            rows.push(place.mal.as_deref(), &leading.keys(place), vec![cells]);
        }
        TableView {
            columns,
            groups: rows.finish(),
        }
    };
    let name = settings.heading.clone();
    let ikp_heading = plan
        .ikp
        .heading
        .clone()
        .unwrap_or_else(|| format!("Internkontrollplan {}", plan.meta.ar));
    RiskPictureView {
        meta: MetaView::new(
            &plan.meta,
            &name,
            "Riskbild",
            "Samlad riskbild med riskreducerande åtgärder och internkontrollplan",
        ),
        sections: sections(&settings.sections),
        table: table(false),
        ikp_heading,
        ikp_count: scored.ikp.len(),
        ikp_table: table(true),
    }
}

/// "Finns kontroller?": the answer in bold, then the free text.
fn controls_cell(risk: &Risk) -> CellView {
    let mut cell = CellView::empty();
    if let Some(answer) = risk.controls_exist {
        cell.push(
            match answer {
                ControlsExist::Ja => "Ja",
                ControlsExist::Nej => "Nej",
                ControlsExist::TillVissDel => "Till viss del",
            },
            "strong",
        );
    }
    if let Some(text) = &risk.existing_controls {
        cell.push(text, "plain");
    }
    cell
}
