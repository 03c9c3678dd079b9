//! The väsentlighets- och riskanalys: text, scale legend, matrix, counts and
//! the risk table grouped by mål → process → delprocess.

use serde::Serialize;

use super::cells::{
    VALUE_TITLE, assumed_note, groups, listed, risk_cell, step_text, value_cell, words,
};
use super::history::{change_line, dropped_table};
use super::matrix::{MatrixView, matrix};
use super::section::{SectionView, sections};
use super::table::{ColumnView, Page, TableBuilder, TableView, prefers_landscape};
use super::view::{CellView, MetaView};
use crate::score::Scored;
use crate::validate::{Plan, VorColumn};

/// Everything the VoR template shows.
#[derive(Debug, Clone, Serialize)]
pub struct VorView {
    pub meta: MetaView,
    /// Said when some riskvärde is assumed.
    pub assumed_note: Option<String>,
    pub sections: Vec<SectionView>,
    pub matrix: MatrixView,
    pub table: TableView,
    /// Turn the table pages to landscape.
    pub landscape: bool,
    /// Last year's år, when the plan is compared with it.
    pub previous_year: Option<i32>,
    /// Last year's risks that this year's plan leaves out.
    pub dropped: Option<TableView>,
}

/// Builds the VoR view.
pub fn vor(plan: &Plan, scored: &Scored) -> VorView {
    let model = &plan.model;
    let compared = scored.history.is_some();
    let columns: Vec<ColumnView> =
        plan.vor
            .columns
            .iter()
            .map(|column| match column {
                VorColumn::Nr => ColumnView::cm("Nr", 1.0),
                VorColumn::Risk => ColumnView::fr(&plan.labels.risk.title, 2.6)
                    .noted(plan.labels.risk.note.as_deref()),
                VorColumn::Sannolikhet => ColumnView::auto("Sannolikhet"),
                VorColumn::Konsekvens => ColumnView::auto("Konsekvens"),
                // Wider beside last year: "↑ höjd från 6 (Medium)" fits on two lines.
                VorColumn::Riskvarde | VorColumn::Riskniva => {
                    ColumnView::cm(VALUE_TITLE, if compared { 3.2 } else { 2.4 })
                }
                VorColumn::Ikp => ColumnView::auto("IKP"),
                VorColumn::Direktatgarder => ColumnView::fr("Direktåtgärder", 1.6),
                VorColumn::Riskagare => ColumnView::fr("Riskägare", 1.0).optional(),
            })
            .collect();
    let landscape = prefers_landscape(&columns);
    let mut rows = TableBuilder::new(columns);
    // The change since last year stands under the first rating column.
    let change_column = plan
        .vor
        .columns
        .iter()
        .position(|c| matches!(c, VorColumn::Riskvarde | VorColumn::Riskniva))
        .or_else(|| plan.vor.columns.iter().position(|c| *c == VorColumn::Risk));
    for (place, risk, score) in listed(plan, scored) {
        let mut cells: Vec<CellView> = plan
            .vor
            .columns
            .iter()
            .map(|column| match column {
                VorColumn::Nr => CellView::text(&risk.nr.to_string()).centered(),
                VorColumn::Risk => {
                    let mut cell = risk_cell(risk);
                    if let (Some(false), Some(text)) = (risk.ikp_choice, &risk.motivation) {
                        cell.push("Motivering till att risken inte går till IKP", "label");
                        cell.push(text, "plain");
                    }
                    cell
                }
                VorColumn::Sannolikhet => match risk.rating {
                    Some(r) => CellView::text(&step_text(r.likelihood, &model.likelihood_labels)),
                    None => CellView::text("–").centered(),
                },
                VorColumn::Konsekvens => match risk.rating {
                    Some(r) => CellView::text(&step_text(r.consequence, &model.consequence_labels)),
                    None => CellView::text("–").centered(),
                },
                VorColumn::Riskvarde | VorColumn::Riskniva => value_cell(plan, score, risk),
                VorColumn::Ikp => CellView::text(if score.in_ikp {
                    "Ja"
                } else {
                    "Nej, endast VoR"
                })
                .centered(),
                VorColumn::Direktatgarder => {
                    CellView::text(risk.direct_actions.as_deref().unwrap_or(""))
                }
                VorColumn::Riskagare => CellView::text(risk.owner.as_deref().unwrap_or("")),
            })
            .collect();
        if let (Some(history), Some(c)) = (&scored.history, change_column) {
            cells[c].push(&change_line(plan, history, place.risk), "label");
        }
        let (goal, place) = groups(plan, place);
        rows.push(goal, place, vec![cells]);
    }
    VorView {
        meta: MetaView::new(
            plan,
            "Väsentlighets- och riskanalys",
            "VoR",
            "Väsentlighets- och riskanalys med riskmatris",
        ),
        assumed_note: assumed_note(plan.risks.iter()),
        sections: sections(&plan.vor.sections, &words(plan)),
        matrix: matrix(plan, scored),
        landscape,
        table: rows.finish(Page::of(landscape), &words(plan)),
        previous_year: scored.history.as_ref().map(|h| h.year),
        dropped: scored
            .history
            .as_ref()
            .and_then(|h| dropped_table(h, &words(plan))),
    }
}
