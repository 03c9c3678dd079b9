//! Fields that recur across the files: dates, and text sections with their
//! subsections; each checked the same way wherever it appears.

use std::path::Path;

use chrono::NaiveDate;
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

/// Parses a date written in YAML, or pushes an error naming `field` (and the risk).
pub fn checked_date(
    path: &Path,
    value: &Spanned<String>,
    field: KeyPath,
    risk: Option<u32>,
    diags: &mut Diagnostics,
) -> Option<NaiveDate> {
    let parsed = parse_date(&value.value);
    if parsed.is_none() {
        let mut d = Diagnostic::error(path, format!("”{}” är inget giltigt datum", value.value))
            .at(value)
            .field(field)
            .hint("skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-12-09");
        if let Some(nr) = risk {
            d = d.risk(nr);
        }
        diags.push(d);
    }
    parsed
}

/// A year written as `år:`, when it is reasonable; `what` says what the
/// file is for in the hint ("planen", "sammanställningen").
pub fn checked_year(
    path: &Path,
    value: &Spanned<i64>,
    what: &str,
    example: i32,
    diags: &mut Diagnostics,
) -> Option<i32> {
    if (1900..=2200).contains(&value.value) {
        return Some(value.value as i32);
    }
    diags.push(
        Diagnostic::error(path, format!("året {} är inte rimligt", value.value))
            .at(value)
            .field("år")
            .hint(format!(
                "ange året {what} gäller med fyra siffror, t.ex. år: {example}"
            )),
    );
    None
}

/// Parses an ISO date (YYYY-MM-DD).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}
