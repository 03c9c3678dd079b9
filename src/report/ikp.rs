//! The internkontrollplan: the IKP risks with their controls, grouped like
//! the VoR or in the plan's own IKP order.

use serde::Serialize;

use super::cells::{VALUE_TITLE, assumed_note, groups, rated, risk_cell, value_cell, words};
use super::history::{left_table, push_continuity, results_note};
use super::rule;
use super::section::{SectionView, sections};
use super::table::{ColumnView, Page, TableBuilder, TableView, prefers_landscape};
use super::view::{CellView, MetaView};
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
    /// "Internkontrollplanen omfattar tolv risker." and its variants, with
    /// the rule that chose them and its exceptions.
    pub scope: String,
    /// The risks the rule would take that the nämnd keeps out, each with
    /// its motivering: "Risk 14, …, riskvärde 8 (Hög): …".
    pub kept_out: Vec<String>,
    pub landscape: bool,
    /// Last year's år, when the plan is compared with it.
    pub previous_year: Option<i32>,
    /// Which of last year's follow-ups the results are from, and which
    /// are dated after this document and left out.
    pub results_note: Option<String>,
    /// Last year's controls that are not in this year's plan, with why.
    pub left: Option<TableView>,
}

/// Builds the IKP view of a document dated `date`: last year's results
/// are shown only from a follow-up dated on or before it.
pub fn ikp(plan: &Plan, scored: &Scored, date: chrono::NaiveDate) -> IkpView {
    let known = scored.history.as_ref().and_then(|h| h.known_at(date));
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
            IkpColumn::Riskvarde | IkpColumn::Riskniva => ColumnView::cm(VALUE_TITLE, 2.4),
            IkpColumn::Kontrollmoment => ColumnView::fr("Systematisk kontroll", 1.4),
            IkpColumn::Kontrollaktivitet => ColumnView::fr("Kontrollaktivitet", 2.0),
            IkpColumn::Kontroll => ColumnView::fr("Kontroll", 2.4),
            IkpColumn::Ansvarig => ColumnView::fr("Ansvarig", 1.0).optional(),
            IkpColumn::Tidpunkt => ColumnView::fr("När", 0.9).optional(),
            IkpColumn::Rapportering => ColumnView::fr("Rapportering", 1.2).optional(),
            IkpColumn::Riskagare => ColumnView::fr("Riskägare", 1.0).optional(),
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
                                    push_continuity(&mut cell, plan, history, place.risk, known);
                                }
                                cell
                            }),
                            IkpColumn::Riskvarde | IkpColumn::Riskniva => {
                                spanned(value_cell(plan, score, risk))
                            }
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
                            IkpColumn::Riskagare => {
                                spanned(CellView::text(risk.owner.as_deref().unwrap_or("")))
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
        scope: format!(
            "{} {}",
            scope(plan, scored),
            rule::ikp_rule_sentence(plan, scored, "se motiveringen nedan")
        ),
        kept_out: kept_out(plan, scored),
        landscape,
        table: rows.finish(Page::of(landscape), &words(plan)),
        previous_year: scored.history.as_ref().map(|h| h.year),
        results_note: scored.history.as_ref().map(|h| results_note(h, date)),
        left: scored
            .history
            .as_ref()
            .and_then(|h| left_table(plan, h, &words(plan))),
    }
}

/// The risks the rule would take that the nämnd keeps out, with why.
fn kept_out(plan: &Plan, scored: &Scored) -> Vec<String> {
    let (kept_out, _) = rule::exceptions(plan, scored);
    kept_out
        .iter()
        .filter_map(|nr| plan.risks.iter().position(|r| r.nr == *nr))
        .map(|i| {
            let (risk, score) = (&plan.risks[i], &scored.risks[i]);
            let value = match (score.value, score.level) {
                (Some(value), Some(level)) => rated(value, &plan.model.levels[level].name),
                _ => "ej värderad".into(),
            };
            format!(
                "Risk {}, {}, riskvärde {value}, ingår inte: {}",
                risk.nr,
                swedish::without_full_stop(&risk.title),
                risk.motivation
                    .as_deref()
                    .unwrap_or("motivering saknas i underlaget.")
            )
        })
        .collect()
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
