//! Follow-up in the verksamhetsberättelse: each control's result as a
//! traffic light with its word, the improvement actions, the delayed ones
//! listed together, the comments, and the nämnd's judgement.

use serde::Serialize;

use super::cells::{Leading, action_details, actions_cell, listed};
use super::view::{
    Block, CellView, ColumnView, MetaView, SectionView, TableView, blocks, sections,
};
use crate::score::Scored;
use crate::swedish;
use crate::validate::Plan;
use crate::validate::followup::Vb;
use crate::validate::{ActionStatus, Outcome, Verdict};

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
}

const GREEN: [u8; 3] = [67, 160, 71];
const YELLOW: [u8; 3] = [253, 216, 53];
const RED: [u8; 3] = [229, 57, 53];
const GREY: [u8; 3] = [158, 158, 158];

fn outcome_word(outcome: Option<Outcome>) -> (&'static str, [u8; 3]) {
    match outcome {
        Some(Outcome::Genomford) => ("Genomförd", GREEN),
        Some(Outcome::DelvisGenomford) => ("Delvis genomförd", YELLOW),
        Some(Outcome::EjGenomford) => ("Ej genomförd", RED),
        None => ("Ej rapporterad", GREY),
    }
}

/// Builds the VB view.
pub fn vb(plan: &Plan, scored: &Scored, follow_up: &Vb) -> VbView {
    let leading = Leading::of(plan);
    let mut columns = leading.columns(plan, 1.1, 1.1);
    columns.extend([
        ColumnView::fr("Risk", 1.6),
        ColumnView::fr("Kontrollmoment", 1.4),
        ColumnView::fr("Resultat", 2.6),
        ColumnView::fr("Förbättringsåtgärder", 1.9),
        ColumnView::cm("Startdatum", 2.0),
        ColumnView::cm("Slutdatum", 2.0),
    ]);
    let mut rows = leading.rows();
    let mut counts = [0usize; 4];
    let mut delayed = Vec::new();
    for (place, risk, _) in listed(plan, scored).filter(|(_, _, s)| s.in_ikp) {
        let index = place.risk;
        let item = follow_up.items.iter().find(|i| i.risk == index);
        let actions = item.map(|i| i.actions.as_slice()).unwrap_or(&[]);
        let height = actions.len().max(1);
        let span = |mut cell: CellView| {
            cell.rowspan = height;
            cell
        };
        let (word, color) = outcome_word(item.map(|i| i.outcome));
        let mut result = CellView::empty();
        result.marker = Some(color);
        result.push(word, "strong");
        if let Some(heading) = item.and_then(|i| i.heading.as_ref()) {
            result.push(heading, "strong");
        }
        if let Some(text) = item.and_then(|i| i.text.as_ref()) {
            result.push(text, "plain");
        }
        let control = risk
            .control
            .as_ref()
            .and_then(|c| c.moment.as_deref())
            .unwrap_or("");
        let mut first = vec![
            span(CellView::text(&risk.title)),
            span(CellView::text(control)),
            span(result),
        ];
        let mut physical = Vec::new();
        if actions.is_empty() {
            first.extend([CellView::empty(), CellView::empty(), CellView::empty()]);
            physical.push(std::mem::take(&mut first));
        }
        for (i, action) in actions.iter().enumerate() {
            let date = |d: Option<chrono::NaiveDate>| {
                CellView::text(&d.map(swedish::iso_date).unwrap_or_default()).centered()
            };
            let cells = vec![
                actions_cell(None, std::slice::from_ref(action), false),
                date(action.start),
                date(action.end),
            ];
            if i == 0 {
                first.extend(cells);
                physical.push(std::mem::take(&mut first));
            } else {
                physical.push(cells);
            }
            if action.end.is_some_and(|end| end < follow_up.date)
                && action.status != Some(ActionStatus::Klar)
            {
                delayed.push(DelayedAction {
                    title: action.title.clone(),
                    risk: format!("{} ({})", risk.title, word.to_lowercase()),
                    end: action.end.map(swedish::iso_date).unwrap_or_default(),
                    details: action_details(action, false),
                });
            }
        }
        // Count each control once, at its first place.
        if plan.places.iter().position(|p| p.risk == index)
            == plan.places.iter().position(|p| p == place)
        {
            counts[match item.map(|i| i.outcome) {
                Some(Outcome::Genomford) => 0,
                Some(Outcome::DelvisGenomford) => 1,
                Some(Outcome::EjGenomford) => 2,
                None => 3,
            }] += 1;
        }
        rows.push(place.mal.as_deref(), &leading.keys(place), physical);
    }
    let outcomes: Vec<OutcomeCount> = [
        Some(Outcome::Genomford),
        Some(Outcome::DelvisGenomford),
        Some(Outcome::EjGenomford),
        None,
    ]
    .into_iter()
    .zip(counts)
    .filter(|(o, count)| o.is_some() || *count > 0)
    .map(|(o, count)| {
        let (word, color) = outcome_word(o);
        OutcomeCount {
            word: word.to_owned(),
            color,
            count,
        }
    })
    .collect();
    VbView {
        meta: MetaView::new(
            &plan.meta,
            "Uppföljning av internkontrollplanen",
            "VB",
            "Uppföljning av internkontrollplanen i verksamhetsberättelsen",
        )
        .dated(follow_up.date),
        sections: sections(&follow_up.sections),
        summary: summary(&counts),
        outcomes,
        table: TableView {
            columns,
            groups: rows.finish(),
        },
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
        year: plan.meta.ar,
        grounds: blocks(&follow_up.grounds),
    }
}

/// "Av tio kontroller är två genomförda, sex delvis genomförda och två ej genomförda."
fn summary(counts: &[usize; 4]) -> String {
    let total: usize = counts.iter().sum();
    let words = |n: usize| swedish::count_in_words(n, false);
    let names = [
        ("genomförd", "genomförda"),
        ("delvis genomförd", "delvis genomförda"),
        ("ej genomförd", "ej genomförda"),
        ("ej rapporterad", "ej rapporterade"),
    ];
    let parts: Vec<String> = counts
        .iter()
        .zip(names)
        .filter(|(n, _)| **n > 0)
        .map(|(&n, (one, many))| format!("{} {}", words(n), swedish::agree(n, one, many)))
        .collect();
    let list = swedish::join(&parts);
    let noun = swedish::agree(total, "kontroll", "kontroller");
    let verb = "är";
    format!("Av {} {noun} {verb} {list}.", words(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_in_words() {
        assert_eq!(
            summary(&[2, 6, 2, 0]),
            "Av tio kontroller är två genomförda, sex delvis genomförda och två ej genomförda."
        );
        assert_eq!(summary(&[1, 0, 0, 0]), "Av en kontroll är en genomförd.");
    }
}
