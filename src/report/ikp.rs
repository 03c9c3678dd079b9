//! The internkontrollplan: the IKP risks with their controls, grouped like
//! the VoR or in the plan's own IKP order.

use serde::Serialize;

use super::cells::{assumed_note, groups, level_cell, risk_cell, value_cell, words};
use super::history::push_continuity;
use super::table::{ColumnView, Page, TableBuilder, TableView, prefers_landscape};
use super::view::{CellView, MetaView, SectionView, sections};
use crate::score::Scored;
use crate::swedish::{self, Noun};
use crate::validate::{Control, IkpColumn, Plan};

/// Everything the IKP template shows.
#[derive(Debug, Clone, Serialize)]
pub struct IkpView {
    pub meta: MetaView,
    /// Said when some riskvärde is assumed.
    pub assumed_note: Option<String>,
    pub sections: Vec<SectionView>,
    pub table: TableView,
    /// "Internkontrollplanen omfattar tolv risker." and its variants.
    pub scope: String,
    pub landscape: bool,
}

/// Builds the IKP view.
pub fn ikp(plan: &Plan, scored: &Scored) -> IkpView {
    let labels = &plan.labels;
    let columns: Vec<ColumnView> = plan
        .ikp
        .columns
        .iter()
        .map(|column| match column {
            IkpColumn::Nr => ColumnView::cm("Nr", 1.0),
            IkpColumn::Risk => {
                ColumnView::fr(&labels.risk.title, 2.0).noted(labels.risk.note.as_deref())
            }
            IkpColumn::Riskvarde => ColumnView::cm("RV", 1.7),
            IkpColumn::Riskniva => ColumnView::cm("Riskvärde", 2.4),
            IkpColumn::Kontrollmoment => ColumnView::fr("Systematisk kontroll", 1.4),
            IkpColumn::Kontrollaktivitet => ColumnView::fr("Kontrollaktivitet", 2.0),
            IkpColumn::Kontroll => ColumnView::fr("Kontroll", 2.4),
            IkpColumn::Ansvarig => ColumnView::fr("Ansvarig", 1.0).optional(),
            IkpColumn::Tidpunkt => ColumnView::fr("När", 0.9).optional(),
            IkpColumn::Rapportering => ColumnView::fr("Rapportering", 1.2).optional(),
        })
        .collect();
    let landscape = prefers_landscape(&columns);
    let mut rows = TableBuilder::new(columns);
    let places = plan.ikp_places.as_ref().unwrap_or(&plan.places);
    for place in places.iter().filter(|p| scored.risks[p.risk].in_ikp) {
        let (risk, score) = (&plan.risks[place.risk], &scored.risks[place.risk]);
        // One row per control; the risk's own cells span them all.
        let controls: Vec<Option<&Control>> = if risk.controls.is_empty() {
            vec![None]
        } else {
            risk.controls.iter().map(Some).collect()
        };
        let span = controls.len();
        let physical = controls
            .iter()
            .enumerate()
            .map(|(n, control)| {
                plan.ikp
                    .columns
                    .iter()
                    .filter_map(|column| {
                        let spanned = |mut cell: CellView| {
                            cell.rowspan = span;
                            (n == 0).then_some(cell)
                        };
                        let text = |value: Option<&String>| {
                            Some(CellView::text(value.map(String::as_str).unwrap_or("")))
                        };
                        match column {
                            IkpColumn::Nr => spanned(
                                CellView::text(&score.ikp_nr.unwrap_or(risk.nr).to_string())
                                    .centered(),
                            ),
                            IkpColumn::Risk => spanned({
                                let mut cell = risk_cell(risk);
                                if let Some(history) = &scored.history {
                                    push_continuity(&mut cell, plan, history, place.risk);
                                }
                                cell
                            }),
                            IkpColumn::Riskvarde => spanned(value_cell(plan, score, risk)),
                            IkpColumn::Riskniva => spanned(level_cell(plan, score, risk)),
                            IkpColumn::Kontrollmoment => {
                                text(control.and_then(|c| c.moment.as_ref()))
                            }
                            IkpColumn::Kontrollaktivitet => {
                                text(control.and_then(|c| c.activity.as_ref()))
                            }
                            IkpColumn::Kontroll => Some(control_cell(*control)),
                            IkpColumn::Ansvarig => {
                                text(control.and_then(|c| c.responsible.as_ref()))
                            }
                            IkpColumn::Tidpunkt => text(control.and_then(|c| c.when.as_ref())),
                            IkpColumn::Rapportering => {
                                text(control.and_then(|c| c.reporting.as_ref()))
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        let (goal, place) = groups(plan, place);
        rows.push(goal, place, physical);
    }
    IkpView {
        meta: MetaView::new(
            plan,
            plan.ikp.heading.as_deref().unwrap_or("Internkontrollplan"),
            "IKP",
            "Internkontrollplan: risker, kontroller och rapportering",
        ),
        assumed_note: assumed_note(plan.risks.iter()),
        sections: sections(&plan.ikp.sections, &words(plan)),
        scope: scope(plan, scored),
        landscape,
        table: rows.finish(Page::of(landscape), &words(plan)),
    }
}

/// The control's name in bold with its activity under it.
fn control_cell(control: Option<&Control>) -> CellView {
    let mut cell = CellView::empty();
    match control {
        None => {
            cell.push("kontroll ej angiven", "muted");
        }
        Some(control) => {
            if let Some(moment) = &control.moment {
                cell.push(moment, "strong");
            }
            if let Some(activity) = &control.activity {
                cell.push(activity, "plain");
            }
        }
    }
    cell
}

const RISK: Noun = Noun::en("risk", "risker");
const KONTROLL: Noun = Noun::en("kontroll", "kontroller");

/// "Internkontrollplanen omfattar tolv risker." — and the controls when a
/// risk has more than one.
pub fn scope(plan: &Plan, scored: &Scored) -> String {
    let risks = scored.ikp.len();
    let controls: usize = scored
        .ikp
        .iter()
        .map(|&i| plan.risks[i].controls.len().max(1))
        .sum();
    if controls == risks {
        format!(
            "Internkontrollplanen omfattar {}.",
            swedish::count_words(risks, RISK)
        )
    } else {
        format!(
            "Internkontrollplanen omfattar {} med sammanlagt {}.",
            swedish::count_words(risks, RISK),
            swedish::count_words(controls, KONTROLL)
        )
    }
}
