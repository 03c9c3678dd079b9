//! The internkontrollplan: the IKP risks with their controls, grouped like the VoR.

use serde::Serialize;

use super::cells::{Leading, level_cell, listed, risk_cell, value_cell};
use super::view::{CellView, ColumnView, MetaView, SectionView, TableView, sections};
use crate::score::Scored;
use crate::validate::{IkpColumn, Plan};

/// Everything the IKP template shows.
#[derive(Debug, Clone, Serialize)]
pub struct IkpView {
    pub meta: MetaView,
    pub sections: Vec<SectionView>,
    pub table: TableView,
    /// How many risks the plan controls.
    pub risk_count: usize,
    pub landscape: bool,
}

/// Builds the IKP view.
pub fn ikp(plan: &Plan, scored: &Scored) -> IkpView {
    let leading = Leading::of(plan);
    let mut columns = leading.columns(plan, 1.2, 1.2);
    for column in &plan.ikp.columns {
        columns.push(match column {
            IkpColumn::Nr => ColumnView::cm("Nr", 1.0),
            IkpColumn::Risk => ColumnView::fr("Oönskad händelse", 2.0),
            IkpColumn::Riskvarde => ColumnView::cm("RV", 1.7),
            IkpColumn::Riskniva => ColumnView::cm("Riskvärde", 2.4),
            IkpColumn::Kontrollmoment => ColumnView::fr("Systematisk kontroll", 1.4),
            IkpColumn::Kontrollaktivitet => ColumnView::fr("Kontrollaktivitet", 2.0),
            IkpColumn::Kontroll => ColumnView::fr("Kontroll", 2.4),
            IkpColumn::Ansvarig => ColumnView::fr("Ansvarig", 1.0),
            IkpColumn::Tidpunkt => ColumnView::fr("När", 0.9),
            IkpColumn::Rapportering => ColumnView::fr("Rapportering", 1.2),
        });
    }
    let mut rows = leading.rows();
    for (place, risk, score) in listed(plan, scored).filter(|(_, _, s)| s.in_ikp) {
        let control = risk.control.clone().unwrap_or_default();
        let text = |value: &Option<String>| CellView::text(value.as_deref().unwrap_or(""));
        let cells = plan
            .ikp
            .columns
            .iter()
            .map(|column| match column {
                IkpColumn::Nr => {
                    CellView::text(&score.ikp_nr.unwrap_or(risk.nr).to_string()).centered()
                }
                IkpColumn::Risk => risk_cell(risk),
                IkpColumn::Riskvarde => value_cell(plan, score),
                IkpColumn::Riskniva => level_cell(plan, score),
                IkpColumn::Kontrollmoment => text(&control.moment),
                IkpColumn::Kontrollaktivitet => text(&control.activity),
                IkpColumn::Kontroll => {
                    let mut cell = CellView::empty();
                    if risk.control.is_none() {
                        cell.push("kontroll ej angiven", "muted");
                    }
                    if let Some(moment) = &control.moment {
                        cell.push(moment, "strong");
                    }
                    if let Some(activity) = &control.activity {
                        cell.push(activity, "plain");
                    }
                    cell
                }
                IkpColumn::Ansvarig => text(&control.responsible),
                IkpColumn::Tidpunkt => text(&control.when),
                IkpColumn::Rapportering => text(&control.reporting),
            })
            .collect();
        rows.push(place.mal.as_deref(), &leading.keys(place), vec![cells]);
    }
    IkpView {
        meta: MetaView::new(
            &plan.meta,
            "Internkontrollplan",
            "IKP",
            "Internkontrollplan: risker, kontroller och rapportering",
        ),
        sections: sections(&plan.ikp.sections),
        risk_count: scored.ikp.len(),
        landscape: columns.len() > 4,
        table: TableView {
            columns,
            groups: rows.finish(),
        },
    }
}
