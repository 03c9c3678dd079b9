//! The change since last year as the reports show it: an arrow and a word
//! per risk, last year's controls and their VB results, and the risks
//! that were dropped with the reason.

use super::table::{ColumnView, Page, TableBuilder, TableView};
use super::vb::Shown;
use super::view::CellView;
use crate::score::history::{Before, Direction, History};
use crate::swedish::Hyphenation;
use crate::validate::Plan;

/// "↑ höjd från 6 (Medium)", "ny 2025", with "tidigare nr 95" when renumbered.
pub(super) fn change_line(plan: &Plan, history: &History, index: usize) -> String {
    let Some(before) = &history.risks[index] else {
        return format!("ny {}", plan.meta.ar);
    };
    let mut line = format!("{} {}", before.direction.arrow(), before.direction.word());
    if let Some(value) = before.value
        && before.direction != Direction::Unchanged
    {
        line.push_str(&format!(" från {value}"));
        if let Some(level) = &before.level {
            line.push_str(&format!(" ({level})"));
        }
    }
    if before.value.is_none() {
        line.push_str(&format!(", ej värderad {}", history.year));
    }
    if before.nr != plan.risks[index].nr {
        line.push_str(&format!(", tidigare nr {}", before.nr));
    }
    line
}

/// Adds to an IKP cell whether the control is new or continues, and last
/// year's VB results for it, each with its light and its word.
pub(super) fn push_continuity(cell: &mut CellView, plan: &Plan, history: &History, index: usize) {
    match &history.risks[index] {
        Some(before @ Before { in_ikp: true, .. }) => {
            cell.push(&format!("Fortsätter från {}", history.year), "label");
            if history.followed_up {
                let shown: Vec<Shown> = if before.results.is_empty() {
                    vec![Shown::of(None)]
                } else {
                    before
                        .results
                        .iter()
                        .map(|r| Shown::from_outcome(*r))
                        .collect()
                };
                for result in shown {
                    let (word, color) = result.word();
                    cell.push_light(
                        &format!("{}: {}", history.year, word.to_lowercase()),
                        "label",
                        color,
                    );
                }
            }
        }
        _ => {
            cell.push(
                &format!("Ny i internkontrollplanen {}", plan.meta.ar),
                "label",
            );
        }
    }
}

/// The risks dropped since last year, with the reason, or `None` when
/// every risk continues.
pub(super) fn dropped_table(history: &History, words: &Hyphenation) -> Option<TableView> {
    if history.dropped.is_empty() {
        return None;
    }
    let year = history.year;
    let mut rows = TableBuilder::new(vec![
        ColumnView::cm(&format!("Nr {year}"), 1.5),
        ColumnView::fr("Risk", 2.0),
        ColumnView::cm(&format!("Riskvärde {year}"), 2.6),
        ColumnView::fr("Motivering", 2.0),
    ]);
    for dropped in &history.dropped {
        let value = match (dropped.value, &dropped.level) {
            (Some(value), Some(level)) => format!("{value} ({level})"),
            _ => "ej värderad".to_owned(),
        };
        let mut reason = CellView::empty();
        match &dropped.reason {
            Some(text) => reason.push(text, "plain"),
            None => reason.push("motivering saknas i underlaget", "muted"),
        };
        rows.push(
            None,
            Vec::new(),
            vec![vec![
                CellView::text(&dropped.nr.to_string()).centered(),
                CellView::text(&dropped.title),
                CellView::text(&value),
                reason,
            ]],
        );
    }
    Some(rows.finish(Page::Portrait, words))
}
