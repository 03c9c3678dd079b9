//! "Att uppmärksamma": every flag, most serious first, each pointing at
//! the nämnd's own document.

use super::words::{high_words, named_phrase, verdict_light, verdict_word};
use super::{CityChapterView, CityPart, paragraph, plans};
use crate::report::table::{ColumnView, GroupPart, Page, TableBuilder};
use crate::report::vb::{GREEN, GREY, RED};
use crate::report::view::CellView;
use crate::score::rollup::{CityPicture, Concern, Document, Named};
use crate::swedish;
use crate::swedish::Hyphenation;

/// The heading of a kind of flag in the section "Att uppmärksamma".
pub(super) fn concern_heading(concern: &Concern) -> &'static str {
    match concern {
        Concern::LowerVerdict { .. } => "Bedömningen är lägre än förra året",
        Concern::SufficientDespite { .. } => {
            "Bedömd som tillräcklig fast en kontroll på högsta nivån inte är genomförd"
        }
        Concern::TopNotDone { .. } => "Kontroller av risker på högsta nivån som inte genomförts",
        Concern::NotDoneTwice { .. } => "Kontroller som inte genomförts två år i rad",
        Concern::MissingVb { .. } => "Verksamhetsberättelse saknas",
        Concern::Unreported { .. } => "Kontroller som inte rapporterats",
        Concern::Overdue { .. } => "Förbättringsåtgärder efter slutdatum",
        Concern::OutsideIkp { .. } => "Höga risker utanför internkontrollplanen",
        Concern::Unrated { .. } => "Risker som inte är värderade",
    }
}

/// "Risk 9 (Kritisk): Direktupphandlingar dokumenteras inte …".
pub(super) fn risk_line(risk: &Named) -> String {
    format!(
        "{}: {}",
        swedish::capitalise(&named_phrase(risk)),
        risk.title
    )
}

/// What a flag says, in its row.
pub(super) fn concern_cell(concern: &Concern, year: i32) -> CellView {
    let mut cell = CellView::empty();
    match concern {
        Concern::LowerVerdict { now, before, year } => {
            cell.push_light(
                &format!("{} {}", swedish::capitalise(verdict_word(*now)), year + 1),
                "strong",
                verdict_light(*now),
            );
            cell.push_light(
                &format!("{} {year}", swedish::capitalise(verdict_word(*before))),
                "plain",
                verdict_light(*before),
            );
        }
        Concern::SufficientDespite { risks } => {
            cell.push_light("Bedömning: tillräcklig", "strong", GREEN);
            for risk in risks {
                cell.push(&risk_line(risk), "plain");
                cell.push_light("Kontrollen ej genomförd", "plain", RED);
            }
        }
        Concern::TopNotDone { risk } => {
            cell.push(&risk_line(risk), "plain");
            cell.push_light("Kontrollen ej genomförd", "plain", RED);
        }
        Concern::NotDoneTwice { risk, year } => {
            cell.push(&risk_line(risk), "plain");
            cell.push_light(
                &format!("Ej genomförd {year} och {}", year + 1),
                "plain",
                RED,
            );
        }
        Concern::MissingVb { t2 } => {
            cell.push(
                &format!("Ingen verksamhetsberättelse för {year} i underlaget."),
                "plain",
            );
            cell.push(
                if *t2 {
                    "Senaste uppföljning: tertialrapport 2 (T2)."
                } else {
                    "Ingen tertialrapport 2 (T2) heller."
                },
                "muted",
            );
        }
        Concern::Unreported { risk, moment } => {
            cell.push(&risk_line(risk), "plain");
            let what = match moment {
                Some(moment) => format!("Kontrollen ”{moment}” saknas i verksamhetsberättelsen"),
                None => "Kontrollen saknas i verksamhetsberättelsen".to_owned(),
            };
            cell.push_light(&what, "plain", GREY);
        }
        Concern::Overdue { risk, action, end } => {
            cell.push(&risk_line(risk), "plain");
            cell.push(
                &format!(
                    "Åtgärden ”{action}” hade slutdatum {} och var inte klar vid verksamhetsberättelsen.",
                    swedish::iso_date(*end)
                ),
                "plain",
            );
        }
        Concern::OutsideIkp {
            risk,
            value,
            motivation,
        } => {
            cell.push(
                &format!(
                    "{} riskvärde {value}: {}",
                    swedish::capitalise(&match &risk.level {
                        Some(level) => format!("risk {}, {level},", risk.nr),
                        None => format!("risk {},", risk.nr),
                    }),
                    risk.title
                ),
                "plain",
            );
            match motivation {
                Some(text) => {
                    cell.push("Motivering", "label");
                    cell.push(text, "plain");
                }
                None => {
                    cell.push("Ingen motivering i planen.", "muted");
                }
            }
        }
        Concern::Unrated { risk } => {
            cell.push(&format!("Risk {}: {}", risk.nr, risk.title), "plain");
        }
    }
    cell
}

/// The documents a flag points at: "VB 2026-02-12".
pub(super) fn document_cell(documents: &[Document]) -> CellView {
    let mut cell = CellView::empty();
    for d in documents {
        cell.push(
            &format!("{} {}", d.kind, swedish::iso_date(d.date)),
            "plain",
        );
    }
    cell
}

/// Every flag, grouped by kind, most serious first.
pub(super) fn attention(picture: &CityPicture, words: &Hyphenation) -> CityChapterView {
    let year = picture
        .rows
        .iter()
        .find_map(|r| r.plan.found().map(|p| p.year))
        .unwrap_or_default();
    if picture.flags.is_empty() {
        return CityChapterView {
            parts: vec![CityPart::text(
                None,
                vec![paragraph(
                    "Inget i nämndernas underlag behöver särskild uppmärksamhet: alla har lämnat sin uppföljning, alla kontroller är rapporterade och genomförda, inga åtgärder är försenade och alla risker är värderade.".into(),
                )],
            )],
        };
    }
    let columns = vec![
        ColumnView::fr("Nämnd", 1.0),
        ColumnView::fr("Vad", 3.0),
        ColumnView::cm("Nämndens dokument", 2.9),
    ];
    let mut table = TableBuilder::new(columns);
    for flag in &picture.flags {
        let group = GroupPart {
            label: String::new(),
            text: concern_heading(&flag.concern).to_owned(),
        };
        let mut name = CellView::empty();
        name.push(&flag.namnd, "strong");
        table.push(
            Some(group),
            Vec::new(),
            vec![vec![
                name,
                concern_cell(&flag.concern, year),
                document_cell(&flag.sources),
            ]],
        );
    }
    let intro = paragraph(
        "Här står det i nämndernas underlag som kommunstyrelsen bör känna till, det allvarligaste först. Varje rad hänvisar till nämndens eget dokument med dess datum: VoR är väsentlighets- och riskanalysen, IKP internkontrollplanen, T2 uppföljningen i tertialrapport 2 och VB uppföljningen i verksamhetsberättelsen. Dokumentens titel och diarienummer står under Underlag.".into(),
    );
    let mut notes = Vec::new();
    if picture
        .flags
        .iter()
        .any(|f| matches!(f.concern, Concern::OutsideIkp { .. }))
    {
        notes.push(format!(
            "En risk räknas som hög när den står på den övre halvan av nämndens nivåer ({}).",
            high_words(&plans(picture))
        ));
    }
    CityChapterView {
        parts: vec![CityPart {
            heading: None,
            blocks: vec![intro],
            table: Some(table.finish(Page::Portrait, words)),
            notes,
        }],
    }
}
