//! Text sections with their subsections and tables, checked the same way
//! wherever they appear (a plan, a follow-up, a chapter).

use std::path::Path;

use serde_saphyr::Spanned;

use super::plan::Section;
use super::tables::{Table, table};
use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model as input;

/// The deepest a section may nest: section → underavsnitt → underavsnitt.
pub const MAX_SECTION_DEPTH: usize = 3;

/// Text sections listed under the key path `field`, each with a heading and
/// nesting at most `MAX_SECTION_DEPTH` deep; problems go to `diags`.
pub fn sections(
    path: &Path,
    defs: &[input::SectionDef],
    field: KeyPath,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    fn check(
        path: &Path,
        defs: &[input::SectionDef],
        field: &KeyPath,
        depth: usize,
        diags: &mut Diagnostics,
    ) -> Vec<Section> {
        defs.iter()
            .map(|def| {
                let heading = def.rubrik.value.trim();
                let here = field.clone().key(heading);
                if heading.is_empty() {
                    diags.push(
                        Diagnostic::error(path, "ett avsnitt saknar rubrik")
                            .at(&def.rubrik)
                            .field(field.clone())
                            .hint("ge varje avsnitt en rubrik:"),
                    );
                }
                if depth == MAX_SECTION_DEPTH && !def.underavsnitt.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            path,
                            format!("avsnittet ”{heading}” har underavsnitt på en fjärde nivå"),
                        )
                        .at(&def.rubrik)
                        .field(here.clone().key("underavsnitt"))
                        .hint("avsnitt kan ha två nivåer underavsnitt; gör de djupaste rubrikerna till stycken eller listor"),
                    );
                }
                Section {
                    heading: def.rubrik.value.clone(),
                    number: def.nummer.as_ref().and_then(|n| number(path, n, &here, diags)),
                    text: def.text.clone(),
                    tables: tables(path, &def.rubrik.value, &def.tabeller, &here, diags),
                    text_after: def.text_efter.clone(),
                    subsections: check(path, &def.underavsnitt, &here, depth + 1, diags),
                }
            })
            .collect()
    }
    check(path, defs, &field, 1, diags)
}

/// The tables of a section or chapter, each checked.
pub fn tables(
    path: &Path,
    heading: &str,
    defs: &[input::TableDef],
    field: &KeyPath,
    diags: &mut Diagnostics,
) -> Vec<Table> {
    defs.iter()
        .enumerate()
        .map(|(i, def)| {
            let field = field.clone().key("tabeller").index(i);
            table(path, heading, def, field, diags)
        })
        .collect()
}

/// A section number as the source prints it: "5.2.6", "3.", "1".
fn number(
    path: &Path,
    given: &Spanned<String>,
    field: &KeyPath,
    diags: &mut Diagnostics,
) -> Option<String> {
    let text = given.value.trim();
    let parts: Vec<&str> = text.strip_suffix('.').unwrap_or(text).split('.').collect();
    if parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        Some(parts.join("."))
    } else {
        diags.push(
            Diagnostic::error(path, format!("”{text}” är inget avsnittsnummer"))
                .at(given)
                .field(field.clone().key("nummer"))
                .hint("skriv numret med siffror och punkter, t.ex. \"5.2.6\""),
        );
        None
    }
}
