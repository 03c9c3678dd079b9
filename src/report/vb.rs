//! Follow-up in the verksamhetsberättelse: each control's result as a
//! traffic light with its word, the improvement actions, the delayed ones
//! listed together, the comments, and the nämnd's judgement.

use serde::Serialize;

use super::cells::{VALUE_TITLE, action_details, actions_cell, groups, value_cell, words};
use super::history::change_line;
use super::lights::Shown;
use super::section::{SectionView, sections};
use super::table::{ColumnView, Page, TableBuilder, TableView};
use super::view::{Block, CellView, MetaView, assumed, blocks};
use crate::score::Scored;
use crate::score::vb::{self, Tally};
use crate::swedish::{self, Noun};
use crate::validate::followup::Vb;
use crate::validate::{Place, Plan, Verdict};

/// Everything the VB template shows.
#[derive(Debug, Clone, Serialize)]
pub struct VbView {
    pub meta: MetaView,
    pub sections: Vec<SectionView>,
    /// "Av tio kontroller är två genomförda, …".
    pub summary: String,
    /// Each result with its colour and count, for the legend.
    pub outcomes: Vec<OutcomeCount>,
    pub table: TableView,
    pub delayed: Vec<DelayedAction>,
    pub follow_up_date: String,
    pub comments: Vec<Block>,
    /// "tillräcklig", "delvis tillräcklig" or "otillräcklig".
    pub verdict: String,
    /// The judgement is assumed, not the source's: "(antaget)" after the
    /// verdict, "(antagen)" after the heading over its grounds.
    pub verdict_assumed: bool,
    pub year: i32,
    pub grounds: Vec<Block>,
}

/// A result and how many controls have it.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeCount {
    pub word: String,
    pub color: [u8; 3],
    pub count: usize,
}

/// An action whose end date has passed without it being done.
#[derive(Debug, Clone, Serialize)]
pub struct DelayedAction {
    pub title: String,
    pub risk: String,
    pub end: String,
    pub details: String,
    /// The risk's ground for secrecy: the web page masks the entry.
    pub secrecy: Option<String>,
}

/// Builds the VB view.
pub fn vb(plan: &Plan, scored: &Scored, follow_up: &Vb) -> VbView {
    let columns = vec![
        ColumnView::cm("Nr", 1.0),
        ColumnView::fr(&plan.labels.risk.title, 1.6),
        ColumnView::cm(VALUE_TITLE, 2.4),
        ColumnView::fr("Kontrollmoment", 1.4),
        ColumnView::fr("Resultat", 2.8),
        ColumnView::fr("Förbättringsåtgärder", 1.9),
        ColumnView::cm("Startdatum", 2.4),
        ColumnView::cm("Slutdatum", 2.4),
    ];
    let mut rows = TableBuilder::new(columns);
    // What the VB answers for and how it counts: the rule the samlade
    // bild counts by too.
    let reported = vb::controls(plan, scored, follow_up);
    let tally = Tally::of(&reported);
    let mut delayed = Vec::new();
    // Each IKP risk once, at its first place; its other places named.
    let places = plan.ikp_places.as_ref().unwrap_or(&plan.places);
    let mut done = Vec::new();
    for place in places.iter().filter(|p| scored.risks[p.risk].in_ikp) {
        if done.contains(&place.risk) {
            continue;
        }
        done.push(place.risk);
        let risk = &plan.risks[place.risk];
        let mut physical: Vec<Vec<CellView>> = Vec::new();
        for report in reported.iter().filter(|r| r.risk == place.risk) {
            let control = report.control;
            let results = report.rows();
            let control_rows: usize = results
                .iter()
                .map(|r| r.map_or(1, |i| i.actions.len().max(1)))
                .sum();
            let mut first_of_control = true;
            for result in results {
                let (word, color) = Shown::of(result).word();
                let actions = result.map(|i| i.actions.as_slice()).unwrap_or(&[]);
                let height = actions.len().max(1);
                let mut lead = Vec::new();
                if physical.is_empty() {
                    let score = &scored.risks[place.risk];
                    let nr = score.ikp_nr.unwrap_or(risk.nr);
                    lead.push(spanning(CellView::text(&nr.to_string()).centered(), 0));
                    let mut cell = CellView::text(&risk.title);
                    cell.secrecy = risk.secrecy.clone();
                    let others = elsewhere(plan, place);
                    if !others.is_empty() {
                        cell.push(
                            if plan.ikp_places.is_some() {
                                "I VoR:en under"
                            } else {
                                "I VoR:en även under"
                            },
                            "label",
                        );
                        cell.push(&others.join("; "), "plain");
                    }
                    if let Some(history) = &scored.history {
                        cell.push(&change_line(plan, history, place.risk), "label");
                    }
                    lead.push(spanning(cell, 0));
                    lead.push(spanning(value_cell(plan, score, risk), 0));
                }
                if first_of_control {
                    let moment = risk
                        .controls
                        .get(control)
                        .and_then(|c| c.moment.as_deref())
                        .unwrap_or("");
                    lead.push(spanning(CellView::text(moment), control_rows));
                    first_of_control = false;
                }
                let mut cell = CellView::empty();
                cell.marker = Some(color);
                if result.is_some_and(|i| i.assumed) {
                    cell.push(&assumed(word), "strong");
                } else {
                    cell.push(word, "strong");
                }
                if let Some(heading) = result.and_then(|i| i.heading.as_ref()) {
                    cell.push(heading, "strong");
                }
                if let Some(text) = result.and_then(|i| i.text.as_ref()) {
                    cell.push(text, "plain");
                }
                lead.push(spanning(cell, height));
                if actions.is_empty() {
                    lead.extend([CellView::empty(), CellView::empty(), CellView::empty()]);
                    physical.push(lead);
                    continue;
                }
                for (n, action) in actions.iter().enumerate() {
                    let date = |d: Option<chrono::NaiveDate>| {
                        CellView::text(&d.map(swedish::iso_date).unwrap_or_default()).centered()
                    };
                    let cells = [
                        actions_cell(None, std::slice::from_ref(action), false),
                        date(action.start),
                        date(action.end),
                    ];
                    if n == 0 {
                        lead.extend(cells);
                        physical.push(std::mem::take(&mut lead));
                    } else {
                        physical.push(cells.into());
                    }
                    if action.is_late(follow_up.date) {
                        delayed.push(DelayedAction {
                            title: action.title.clone(),
                            risk: format!(
                                "risk {} {} ({})",
                                scored.risks[place.risk].ikp_nr.unwrap_or(risk.nr),
                                swedish::without_full_stop(&risk.title),
                                word.to_lowercase()
                            ),
                            end: action.end.map(swedish::iso_date).unwrap_or_default(),
                            details: action_details(action, false),
                            secrecy: risk.secrecy.clone(),
                        });
                    }
                }
            }
        }
        // The risk's nr, text and value span every row of its controls.
        let total = physical.len();
        if let Some(row) = physical.first_mut() {
            for cell in row.iter_mut().take(RISK_CELLS) {
                cell.rowspan = total;
            }
        }
        let (goal, place) = groups(plan, place);
        rows.push(goal, place, physical);
    }
    let outcomes: Vec<OutcomeCount> = Shown::ALL
        .into_iter()
        .map(|shown| (shown, shown.count(&tally)))
        .filter(|(shown, count)| shown.always_listed() || *count > 0)
        .map(|(shown, count)| {
            let (word, color) = shown.word();
            OutcomeCount {
                word: word.to_owned(),
                color,
                count,
            }
        })
        .collect();
    VbView {
        meta: MetaView::new(
            plan,
            "Uppföljning av internkontrollplanen",
            "VB",
            "Uppföljning av internkontrollplanen i verksamhetsberättelsen",
        )
        .dated(follow_up.date)
        .standing(&follow_up.standing),
        sections: sections(&follow_up.sections, &words(plan)),
        summary: summary(&tally, reported.len()),
        outcomes,
        table: rows.finish(Page::Landscape, &words(plan)),
        delayed,
        follow_up_date: swedish::long_date(follow_up.date),
        comments: follow_up
            .comments
            .as_deref()
            .map(blocks)
            .unwrap_or_default(),
        verdict: match follow_up.verdict {
            Verdict::Tillracklig => "tillräcklig",
            Verdict::DelvisTillracklig => "delvis tillräcklig",
            Verdict::Otillracklig => "otillräcklig",
        }
        .to_owned(),
        verdict_assumed: follow_up.verdict_assumed,
        year: plan.meta.ar,
        grounds: blocks(&follow_up.grounds),
    }
}

/// A cell spanning `rows` rows.
fn spanning(mut cell: CellView, rows: usize) -> CellView {
    cell.rowspan = rows.max(1);
    cell
}

/// The cells each risk's first row begins with, spanning its rows: Nr,
/// risk and riskvärde.
const RISK_CELLS: usize = 3;

/// The VoR's other places of the risk standing under `here`, each said by
/// what differs from `here`: "KF:s mål 2.4", "Process Lönehantering", so
/// that no cross-reference repeats the heading the risk stands under.
fn elsewhere(plan: &Plan, here: &Place) -> Vec<String> {
    let labels = &plan.labels;
    let mut others: Vec<String> = plan
        .places
        .iter()
        .filter(|p| p.risk == here.risk && *p != here)
        .map(|p| {
            let mut parts = Vec::new();
            if p.mal != here.mal
                && let Some(goal) = &p.mal
            {
                parts.push(format!("{} {}", labels.mal, goal_number(goal)));
            }
            if p.process != here.process
                && let Some(process) = &p.process
            {
                parts.push(format!("{} {process}", labels.process));
            }
            if p.delprocess != here.delprocess
                && let Some(sub) = &p.delprocess
            {
                parts.push(format!("{} {sub}", labels.delprocess));
            }
            parts.join(", ")
        })
        .filter(|said| !said.is_empty())
        .collect();
    others.dedup();
    others
}

/// A mål by its number when it starts with one ("2.4 Stockholm …" is
/// "2.4"), else its whole text.
fn goal_number(goal: &str) -> &str {
    let goal = goal.trim();
    match goal.split_whitespace().next() {
        Some(first) if first.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            first.trim_end_matches(['.', ':'])
        }
        _ => goal,
    }
}

const KONTROLL: Noun = Noun::en("kontroll", "kontroller");
const RESULTAT: Noun = Noun::ett("resultat", "resultat");

/// "Av tio kontroller är två genomförda, …" — or, when some control reports
/// several results, "Uppföljningen redovisar tio resultat för sju kontroller: …".
fn summary(tally: &Tally, controls: usize) -> String {
    let results = tally.total();
    let words = |n: usize| swedish::count_in_words(n, false);
    let names = [
        ("genomförd", "genomförda"),
        ("delvis genomförd", "delvis genomförda"),
        ("ej genomförd", "ej genomförda"),
        ("ej bedömd", "ej bedömda"),
        ("ej rapporterad", "ej rapporterade"),
    ];
    let parts: Vec<String> = Shown::ALL
        .map(|shown| shown.count(tally))
        .iter()
        .zip(names)
        .filter(|(n, _)| **n > 0)
        .map(|(&n, (one, many))| format!("{} {}", words(n), swedish::agree(n, one, many)))
        .collect();
    let list = swedish::join(&parts);
    if results == controls {
        let verb = "är";
        format!(
            "Av {} {verb} {list}.",
            swedish::count_words(controls, KONTROLL)
        )
    } else {
        format!(
            "Uppföljningen redovisar {} för {}: {list}.",
            swedish::count_words(results, RESULTAT),
            swedish::count_words(controls, KONTROLL)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally([done, partly, not_done, not_assessed, not_reported]: [usize; 5]) -> Tally {
        Tally {
            done,
            partly,
            not_done,
            not_assessed,
            not_reported,
        }
    }

    #[test]
    fn summary_in_words() {
        assert_eq!(
            summary(&tally([2, 6, 2, 0, 0]), 10),
            "Av tio kontroller är två genomförda, sex delvis genomförda och två ej genomförda."
        );
        assert_eq!(
            summary(&tally([1, 0, 0, 0, 0]), 1),
            "Av en kontroll är en genomförd."
        );
        assert_eq!(
            summary(&tally([1, 0, 0, 1, 1]), 3),
            "Av tre kontroller är en genomförd, en ej bedömd och en ej rapporterad."
        );
        assert_eq!(
            summary(&tally([2, 6, 2, 0, 0]), 7),
            "Uppföljningen redovisar tio resultat för sju kontroller: två genomförda, sex delvis genomförda och två ej genomförda."
        );
    }
}
