//! The väsentlighets- och riskanalys: text, scale legend, matrix, counts and
//! the risk table grouped by mål → process → delprocess.

use serde::Serialize;

use super::cells::{Leading, level_cell, listed, risk_cell, step_text, value_cell};
use super::matrix::{MatrixView, matrix};
use super::view::{CellView, ColumnView, MetaView, SectionView, TableView, sections};
use crate::score::Scored;
use crate::validate::{Plan, VorColumn};

/// Everything the VoR template shows.
#[derive(Debug, Clone, Serialize)]
pub struct VorView {
    pub meta: MetaView,
    pub sections: Vec<SectionView>,
    pub matrix: MatrixView,
    pub table: TableView,
    /// Turn the table pages to landscape.
    pub landscape: bool,
}

/// Builds the VoR view.
pub fn vor(plan: &Plan, scored: &Scored) -> VorView {
    let model = &plan.model;
    let leading = Leading::of(plan);
    let mut columns = leading.columns(plan, 1.3, 1.4);
    for column in &plan.vor.columns {
        columns.push(match column {
            VorColumn::Nr => ColumnView::cm("Nr", 1.0),
            VorColumn::Risk => ColumnView::fr("Oönskad händelse", 2.6),
            VorColumn::Sannolikhet => ColumnView::cm("Sannolikhet", 2.6),
            VorColumn::Konsekvens => ColumnView::cm("Konsekvens", 2.6),
            VorColumn::Riskvarde => ColumnView::cm("RV", 1.7),
            VorColumn::Riskniva => ColumnView::cm("Risknivå", 2.4),
            VorColumn::Ikp => ColumnView::cm("IKP", 2.0),
            VorColumn::Direktatgarder => ColumnView::fr("Direktåtgärder", 1.4),
        });
    }
    let mut rows = leading.rows();
    for (place, risk, score) in listed(plan, scored) {
        let cells = plan
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
                VorColumn::Riskvarde => value_cell(plan, score),
                VorColumn::Riskniva => level_cell(plan, score),
                VorColumn::Ikp => CellView::text(if score.in_ikp {
                    "Ja"
                } else {
                    "Nej, endast VoR"
                })
                .centered(),
                VorColumn::Direktatgarder => {
                    CellView::text(risk.direct_actions.as_deref().unwrap_or(""))
                }
            })
            .collect();
        rows.push(place.mal.as_deref(), &leading.keys(place), vec![cells]);
    }
    VorView {
        meta: MetaView::new(
            &plan.meta,
            "Väsentlighets- och riskanalys",
            "VoR",
            "Väsentlighets- och riskanalys med riskmatris",
        ),
        sections: sections(&plan.vor.sections),
        matrix: matrix(plan, scored),
        landscape: columns.len() > 5,
        table: TableView {
            columns,
            groups: rows.finish(),
        },
    }
}
