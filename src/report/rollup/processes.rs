//! The processes whose high risks recur in several nämnder, grouped by
//! the kommun's catalogue or by folded names.

use super::words::high_words;
use super::{CityChapterView, CityPart, paragraph, plans};
use crate::report::table::{ColumnView, Page, TableBuilder};
use crate::report::view::CellView;
use crate::score::rollup::CityPicture;
use crate::swedish;
use crate::swedish::Hyphenation;
use crate::validate::city::City;

/// Processes with high risks in several nämnder.
pub(super) fn recurring(
    city: &City,
    picture: &CityPicture,
    words: &Hyphenation,
) -> CityChapterView {
    let plans = plans(picture);
    let mut intro = format!(
        "En risk räknas som hög när den står på den övre halvan av sin nämnds nivåer ({}).",
        high_words(&plans)
    );
    let folded = "oavsett stora och små bokstäver, mellanrum och ett tillägg efter kommatecken";
    let example = picture
        .recurring
        .iter()
        .flat_map(|r| r.written.iter().map(move |w| (w, &r.process)))
        .find(|(w, _)| w.contains(','));
    if city.processes.is_some() {
        intro.push_str(&format!(
            " Processerna är grupperade efter kommunens processkatalog (processer: i kommun.yaml); namn som inte står i katalogen grupperas efter namnet, {folded}."
        ));
    } else {
        intro.push_str(&format!(
            " Processerna är grupperade efter namnet, {folded}"
        ));
        match example {
            Some((written, process)) => {
                intro.push_str(&format!(": ”{written}” räknas till ”{process}”."))
            }
            None => intro.push('.'),
        }
    }
    let mut notes = Vec::new();
    if city.processes.is_some() && !picture.uncatalogued.is_empty() {
        let listed: Vec<String> = picture
            .uncatalogued
            .iter()
            .map(|(process, who)| format!("{process} ({})", swedish::join(who)))
            .collect();
        notes.push(format!(
            "Processer med höga risker som inte står i processkatalogen: {}. Lägg till dem under processer: i kommun.yaml, som egna processer eller som varianter.",
            swedish::join(&listed)
        ));
    }
    if picture.recurring.is_empty() {
        return CityChapterView {
            parts: vec![CityPart {
                heading: None,
                blocks: vec![
                    paragraph(intro),
                    paragraph("Ingen process har höga risker i mer än en nämnd.".into()),
                ],
                table: None,
                notes,
            }],
        };
    }
    let columns = vec![
        ColumnView::fr("Process", 1.4),
        ColumnView::fr("Nämnder och deras höga risker (nr och nivå)", 2.6),
        ColumnView::cm("Nämnder", 2.0),
        ColumnView::cm("Höga risker", 2.2),
    ];
    let mut table = TableBuilder::new(columns);
    for r in &picture.recurring {
        let mut who = CellView::empty();
        for (namnd, risks) in &r.namnder {
            let listed: Vec<String> = risks
                .iter()
                .map(|(nr, level)| format!("{nr} ({level})"))
                .collect();
            who.push(&format!("{namnd}: {}", listed.join(", ")), "plain");
        }
        let mut process = CellView::empty();
        process.push(&r.process, "strong");
        if !r.written.is_empty() {
            process.push(&format!("även skrivet: {}", r.written.join("; ")), "muted");
        }
        table.push(
            None,
            Vec::new(),
            vec![vec![
                process,
                who,
                CellView::text(&r.namnder.len().to_string()).centered(),
                CellView::text(&r.risks().to_string()).centered(),
            ]],
        );
    }
    CityChapterView {
        parts: vec![CityPart {
            heading: None,
            blocks: vec![paragraph(intro)],
            table: Some(table.finish(Page::Portrait, words)),
            notes,
        }],
    }
}
