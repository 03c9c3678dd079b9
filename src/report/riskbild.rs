//! "Samlad riskbild och Åtgärdsplan": every risk with its description,
//! existing controls, riskvärde, risk-reducing actions and follow-up method,
//! then the internkontrollplan part with the review method.

use serde::Serialize;

use super::cells::{VALUE_TITLE, actions_cell, assumed_note, groups, listed, value_cell, words};
use super::section::{SectionView, sections};
use super::table::{ColumnView, Page, TableBuilder, TableView};
use super::view::{CellView, MetaView, titled};
use crate::score::Scored;
use crate::validate::{ControlsExist, Plan, Risk};

/// Everything the riskbild template shows.
#[derive(Debug, Clone, Serialize)]
pub struct RiskPictureView {
    pub meta: MetaView,
    pub sections: Vec<SectionView>,
    pub table: TableView,
    pub ikp_heading: String,
    /// "Internkontrollplanen omfattar tre risker."
    pub ikp_scope: String,
    /// Said when some riskvärde is assumed.
    pub assumed_note: Option<String>,
    pub ikp_table: TableView,
}

/// Builds the riskbild view.
pub fn riskbild(plan: &Plan, scored: &Scored) -> RiskPictureView {
    let settings = &plan.riskbild;
    let labels = &plan.labels;
    let table = |ikp_part: bool| {
        let method = if ikp_part {
            &labels.review_method
        } else {
            &labels.follow_up_method
        };
        let columns = vec![
            ColumnView::fr(&labels.risk.title, 1.5).noted(labels.risk.note.as_deref()),
            ColumnView::fr("Riskbeskrivning", 1.7).optional(),
            ColumnView::fr("Finns kontroller?", 1.3).optional(),
            ColumnView::cm(VALUE_TITLE, 2.4),
            ColumnView::fr("Riskreducerande åtgärder", 2.4).optional(),
            ColumnView::fr(&method.title, 1.4)
                .noted(method.note.as_deref())
                .optional(),
        ];
        let mut rows = TableBuilder::new(columns);
        for (place, risk, score) in listed(plan, scored).filter(|(_, _, s)| !ikp_part || s.in_ikp) {
            let last = if ikp_part {
                &risk.review_method
            } else {
                &risk.follow_up_method
            };
            let mut title = CellView::text(&risk.title);
            title.secrecy = risk.secrecy.clone();
            let cells = vec![
                title,
                CellView::text(risk.description.as_deref().unwrap_or("")),
                controls_cell(risk),
                value_cell(plan, score, risk),
                actions_cell(risk.actions_intro.as_deref(), &risk.actions, true),
                CellView::text(last.as_deref().unwrap_or("")),
            ];
            let (goal, place) = groups(plan, place);
            rows.push(goal, place, vec![cells]);
        }
        rows.finish(Page::Landscape, &words(plan))
    };
    let name = settings.heading.clone();
    let ikp_heading = titled(
        plan.ikp.heading.as_deref().unwrap_or("Internkontrollplan"),
        plan.meta.ar,
    );
    RiskPictureView {
        meta: MetaView::new(
            plan,
            &name,
            "Riskbild",
            "Samlad riskbild med riskreducerande åtgärder och internkontrollplan",
        ),
        sections: sections(&settings.sections, &words(plan)),
        table: table(false),
        ikp_heading,
        ikp_scope: super::ikp::scope(plan, scored),
        assumed_note: assumed_note(plan.risks.iter()),
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
