//! "Underlag": the nämnders' documents the samlade bild is made from.

use super::pieces::{broken_cell, row_problems};
use super::{CityChapterView, CityPart, paragraph};
use crate::report::table::{ColumnView, GroupPart, Page, TableBuilder};
use crate::report::view::CellView;
use crate::score::rollup::{CityPicture, Problem};
use crate::swedish;
use crate::swedish::Hyphenation;
use std::path::Path;

/// The nämnders' documents the samlade bild is made from.
pub(super) fn sources(picture: &CityPicture, root: &Path, words: &Hyphenation) -> CityChapterView {
    let columns = vec![
        ColumnView::fr("Dokument", 3.0),
        ColumnView::cm("Diarienummer", 3.2),
        ColumnView::cm("Datum", 2.4),
    ];
    let mut table = TableBuilder::new(columns);
    for row in &picture.rows {
        let group = GroupPart {
            label: "Nämnd".into(),
            text: row.namnd.clone(),
        };
        let documents = row
            .documents
            .iter()
            .map(|d| (d, false))
            .chain(row.previous.iter().map(|d| (d, true)));
        for (document, last_year) in documents {
            let mut title = CellView::empty();
            title.push(&document.title, "plain");
            let kind = match (document.kind, last_year) {
                ("VB", false) => "i verksamhetsberättelsen (VB)",
                ("VB", true) => "i verksamhetsberättelsen (VB), föregående år",
                (_, true) => "föregående år",
                _ => "",
            };
            title.push(kind, "muted");
            table.push(
                Some(group.clone()),
                Vec::new(),
                vec![vec![
                    title,
                    CellView::text(document.diarienummer.as_deref().unwrap_or("–")).centered(),
                    CellView::text(&swedish::iso_date(document.date)).centered(),
                ]],
            );
        }
        let problems: Vec<Problem> = row_problems(row).cloned().collect();
        if !problems.is_empty() {
            table.push(
                Some(group.clone()),
                Vec::new(),
                vec![vec![
                    broken_cell(&problems, root),
                    CellView::empty(),
                    CellView::empty(),
                ]],
            );
        }
    }
    CityChapterView {
        parts: vec![CityPart {
            heading: None,
            blocks: vec![paragraph(
                "Sammanställningen är gjord direkt ur nämndernas egna dokument, med den titel, det diarienummer och det datum som dokumenten själva har.".into(),
            )],
            table: Some(table.finish(Page::Portrait, words)),
            notes: Vec::new(),
        }],
    }
}
