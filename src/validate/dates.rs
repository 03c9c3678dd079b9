//! Dates and years as the files write them, checked the same way wherever
//! they appear.

use std::path::Path;

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, KeyPath};

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
