//! Cells the samlade bild's tables share: the levels with their bar, a
//! document with errors, the VB's results as lights, the T2's answers.

use super::words::{levels_text, problem_text};
use crate::model::FollowsPlan;
use crate::report::lights::{GREEN, RED, Shown, YELLOW};
use crate::report::view::{BarSegment, CellView};
use crate::score::rollup::{CityPicture, LevelCount, NamndRow, Part, PlanFacts, Problem};
use crate::score::vb::Tally;
use std::path::Path;

/// The stacked bar of the levels, highest first as the words under it.
pub(super) fn levels_cell(levels: &[LevelCount]) -> CellView {
    let mut cell = CellView::empty();
    cell.bar = BarSegment::of(levels.iter().rev().map(|l| (l.count, l.color)));
    cell.push(&levels_text(levels), "plain");
    cell
}

/// Every problem of a row's documents.
pub(super) fn row_problems(row: &NamndRow) -> impl Iterator<Item = &Problem> {
    [broken(&row.plan), broken(&row.t2), broken(&row.vb)]
        .into_iter()
        .flatten()
        .flatten()
}

pub(super) fn broken<T>(part: &Part<T>) -> Option<&Vec<Problem>> {
    match part {
        Part::Broken(problems) => Some(problems),
        _ => None,
    }
}

pub(super) fn relative(problem: &Problem, root: &Path) -> Problem {
    Problem {
        file: problem
            .file
            .strip_prefix(root)
            .unwrap_or(&problem.file)
            .to_path_buf(),
        errors: problem.errors,
    }
}

/// A document with errors: the light, the words and the files.
pub(super) fn broken_cell(problems: &[Problem], root: &Path) -> CellView {
    let mut cell = CellView::empty();
    cell.push_light("Fel i underlaget", "strong", RED);
    for problem in problems {
        cell.push(&problem_text(&relative(problem, root)), "muted");
    }
    cell
}

/// Each result's word, count and light, in the VB report's order.
pub(super) fn tally_words(tally: &Tally) -> Vec<(&'static str, usize, [u8; 3])> {
    Shown::ALL
        .into_iter()
        .map(|shown| {
            let (word, color) = shown.word();
            (word, shown.count(tally), color)
        })
        .collect()
}

pub(super) fn push_tally(cell: &mut CellView, tally: &Tally) {
    for (word, n, color) in tally_words(tally) {
        if n > 0 {
            cell.push_light(&format!("{word} {n}"), "plain", color);
        }
    }
}

/// "Följer plan" in the T2: each answer's word and light.
pub(super) const FOLLOWS: [(&str, FollowsPlan, [u8; 3]); 3] = [
    ("Ja", FollowsPlan::Ja, GREEN),
    ("Delvis", FollowsPlan::Delvis, YELLOW),
    ("Nej", FollowsPlan::Nej, RED),
];

/// The plans found, with their rows.
pub(super) fn plans(picture: &CityPicture) -> Vec<(&NamndRow, &PlanFacts)> {
    picture
        .rows
        .iter()
        .filter_map(|r| r.plan.found().map(|p| (r, &**p)))
        .collect()
}
