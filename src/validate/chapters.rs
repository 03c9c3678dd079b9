//! The verksamhetsplan bundle's chapters in the nämnd's order: the parts the
//! tool makes and the nämnd's own text and tables.

use std::path::Path;

use serde_saphyr::Spanned;

use super::fields::{sections, tables};
use super::plan::{Chapter, ChapterReport, Section};
use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model::{self as input, JaNej};

/// The chapters as listed under `kapitel:`, or by default the System för
/// intern kontroll (when given), the VoR and the IKP.
pub fn chapters(
    path: &Path,
    given: Option<&Spanned<Vec<input::ChapterDef>>>,
    system: &[Section],
    field: KeyPath,
    diags: &mut Diagnostics,
) -> Vec<Chapter> {
    let Some(given) = given else {
        let mut chapters = Vec::new();
        if !system.is_empty() {
            chapters.push(Chapter::Report(ChapterReport::SystemForInternKontroll));
        }
        chapters.push(Chapter::Report(ChapterReport::Vor));
        chapters.push(Chapter::Report(ChapterReport::Ikp));
        return chapters;
    };
    let field = field.key("kapitel");
    if given.value.is_empty() {
        diags.push(
            Diagnostic::error(path, "kapitel: är tom")
                .at(given)
                .field(field.clone())
                .hint("lista kapitlen, t.ex. - rapport: vor, eller ta bort kapitel: för standardordningen"),
        );
    }
    let mut seen: Vec<ChapterReport> = Vec::new();
    let mut chapters = Vec::new();
    for (i, def) in given.value.iter().enumerate() {
        let here = field.clone().index(i);
        let own_content = !def.text.is_empty()
            || !def.tabeller.is_empty()
            || !def.text_efter.is_empty()
            || !def.underavsnitt.is_empty()
            || def.numrering.is_some();
        match (&def.rapport, &def.rubrik) {
            (Some(report), None) if own_content => diags.push(
                Diagnostic::error(path, "ett kapitel med rapport: kan inte ha egen text, tabeller eller underavsnitt")
                    .at(report)
                    .field(here)
                    .hint("lägg texten i rapportens egna avsnitt, eller i ett eget kapitel med rubrik:"),
            ),
            (Some(report), None) => {
                if seen.contains(&report.value) {
                    diags.push(
                        Diagnostic::error(path, "samma rapport står två gånger i kapitel:")
                            .at(report)
                            .field(here)
                            .hint("ta bort den ena"),
                    );
                } else if report.value == ChapterReport::SystemForInternKontroll && system.is_empty() {
                    diags.push(
                        Diagnostic::error(path, "kapitlet system_för_intern_kontroll har ingen text")
                            .at(report)
                            .field(here)
                            .hint("skriv avsnitten under verksamhetsplan › system_för_intern_kontroll, eller ta bort kapitlet"),
                    );
                } else {
                    seen.push(report.value);
                    chapters.push(Chapter::Report(report.value));
                }
            }
            (None, Some(heading)) => {
                let here = here.key(heading.value.trim());
                chapters.push(Chapter::Own {
                    section: Section {
                        heading: heading.value.trim().to_owned(),
                        number: None,
                        text: def.text.clone(),
                        tables: tables(path, heading.value.trim(), &def.tabeller, &here, diags),
                        text_after: def.text_efter.clone(),
                        subsections: sections(path, &def.underavsnitt, here.key("underavsnitt"), diags),
                    },
                    numbered: def.numrering != Some(JaNej::Nej),
                });
            }
            (Some(report), Some(_)) => diags.push(
                Diagnostic::error(path, "ett kapitel har både rapport: och rubrik:")
                    .at(report)
                    .field(here)
                    .hint("ett kapitel är antingen en rapport som verktyget gör (rapport: vor) eller nämndens egen text (rubrik: …)"),
            ),
            (None, None) => diags.push(
                Diagnostic::error(path, "ett kapitel saknar rapport: eller rubrik:")
                    .at(given)
                    .field(here)
                    .hint("ge kapitlet rapport: (system_för_intern_kontroll, vor, ikp, riskbild) eller rubrik:"),
            ),
        }
    }
    chapters
}
