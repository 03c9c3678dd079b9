//! A workbook's bounds, checked before anything in it is unpacked: an xlsx
//! file is a zip archive, and a few megabytes of it can unpack to
//! gigabytes of XML (a "zip bomb"), or name a cell a million rows down that
//! the reader would make a grid for. The zip directory states each part's
//! unpacked size, and the zip reader refuses to unpack more than it states,
//! so the sizes can be checked before unpacking; each sheet's cells are
//! then counted in one pass over its XML, without keeping it.

use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::diag::Diagnostic;

/// The largest unpacked XML part (a sheet, the shared strings) read.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most a part over [`RATIO_FROM`] may be packed: more is a bomb.
pub const MAX_RATIO: u64 = 500;
/// Parts smaller than this unpacked are not held to [`MAX_RATIO`].
const RATIO_FROM: u64 = 1024 * 1024;
/// The most cells a sheet may span, counted from A1 to its last row and
/// column that hold a value (the grid the reader makes).
pub const MAX_CELLS: u64 = 1_000_000;

/// Refuses the workbook `bytes` (read from `path`) when a part would unpack
/// to more than the bounds above.
pub fn check(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    // A file that is no zip archive is left to the reader, which says so.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut sheets = Vec::new();
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let lower = name.to_lowercase();
        // Pictures and other binary parts are never read.
        if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
            continue;
        }
        let (size, packed) = (part.size(), part.compressed_size());
        if size > MAX_PART_BYTES {
            return Err(too_large(path, &name).hint(format!(
                "delen packas upp till {} MiB; det största som läses är {} MiB",
                mib(size),
                mib(MAX_PART_BYTES)
            )));
        }
        if size > RATIO_FROM && size / packed.max(1) > MAX_RATIO {
            return Err(too_large(path, &name).hint(format!(
                "delen är packad {} gånger (från {} byte till {} MiB); det mesta som läses är {MAX_RATIO} gånger",
                size / packed.max(1),
                packed,
                mib(size)
            )));
        }
        // Every XML part, not only xl/worksheets/: the workbook's
        // relationships say which part a sheet is, and may name any.
        if lower.ends_with(".xml") {
            sheets.push(i);
        }
    }
    for i in sheets {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let span = span(BufReader::new(part));
        if span.declared_strings > span.strings + STRINGS_SLACK {
            return Err(Diagnostic::error(
                path,
                format!(
                    "arbetsboken säger i {name} att den har {} texter, men har {}",
                    thousands(span.declared_strings),
                    thousands(span.strings)
                ),
            )
            .hint("spara arbetsboken på nytt i Excel eller LibreOffice; läsaren skulle annars ta minne för alla de texterna"));
        }
        if let Some(reference) = &span.outside {
            return Err(Diagnostic::error(
                path,
                format!(
                    "ett blad i arbetsboken ({name}) har cellreferensen ”{reference}”, som ligger utanför ett blad (Excel har 1\u{a0}048\u{a0}576 rader och kolumnerna A–XFD)"
                ),
            )
            .hint("spara arbetsboken på nytt i Excel eller LibreOffice; en sådan referens skrivs inte av ett kalkylprogram"));
        }
        if span.cells > MAX_CELLS || span.rows.saturating_mul(span.columns) > MAX_CELLS {
            return Err(Diagnostic::error(
                path,
                format!(
                    "ett blad i arbetsboken ({name}) är för stort: {} celler med värden, från A1 till {} ({} rader × {} kolumner); det mesta som läses är {} celler",
                    thousands(span.cells),
                    super::sheets::cell_ref(
                        span.rows.saturating_sub(1) as usize,
                        span.columns.saturating_sub(1) as usize
                    ),
                    thousands(span.rows),
                    thousands(span.columns),
                    thousands(MAX_CELLS)
                ),
            )
            .hint("ta bort tomma rader och kolumner längst ned och till höger (och celler som bara har ett värde långt bort), eller dela tabellen")
            .hint("gränsen står i docs/errors.md#gränser"));
        }
    }
    Ok(())
}

fn too_large(path: &Path, part: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("arbetsboken är för stor uppackad: delen {part} läses inte, så arbetsboken läses inte"),
    )
    .hint("spara arbetsboken på nytt i Excel eller LibreOffice; en arbetsbok som gjorts för att äta minne avvisas")
}

/// How far a sheet's cells with a value reach.
#[derive(Debug, Default, PartialEq, Eq)]
struct Span {
    /// Cells with a value, a formula or an inline string.
    cells: u64,
    /// The last row and column with such a cell, 1-based.
    rows: u64,
    columns: u64,
    /// The first cell reference (`r`, or a range's end in `ref`) outside
    /// a sheet's 1 048 576 rows and 16 384 columns, or not a reference:
    /// the reader would misread it, or overflow on it.
    outside: Option<String>,
    /// The shared strings (`<si>`), and how many the part says it has
    /// (`uniqueCount`): the reader reserves room for the latter.
    strings: u64,
    declared_strings: u64,
}

/// How many more shared strings a workbook may declare than it has.
const STRINGS_SLACK: u64 = 1000;

/// The most rows and columns a sheet has (Excel's limits).
const SHEET_ROWS: u64 = 1_048_576;
const SHEET_COLUMNS: u64 = 16_384;

/// Whether `reference` is a cell (`AB12`), a column (`AB`) or a row (`12`)
/// inside a sheet.
fn inside(reference: &str) -> bool {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let digits = &reference[letters..];
    if letters > 3 || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let column = reference[..letters].bytes().fold(0u64, |n, c| {
        n * 26 + u64::from(c.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u64 = digits.parse().unwrap_or(0);
    column <= SHEET_COLUMNS && row <= SHEET_ROWS && (letters > 0 || !digits.is_empty())
}

/// The first reference in `e`'s `r` or `ref` attributes outside a sheet.
fn outside(e: &BytesStart) -> Option<String> {
    for name in ["r", "ref"] {
        let Some(value) = attribute(e, name) else {
            continue;
        };
        let bad = value
            .split([':', ' '])
            .filter(|p| !p.is_empty())
            .find(|p| !inside(&p.replace('$', "")));
        if let Some(bad) = bad {
            return Some(bad.chars().take(40).collect());
        }
    }
    None
}

/// Counts a sheet's cells in one pass over its XML. A part that is not
/// well-formed ends the count where it breaks; the reader reports it.
fn span(reader: impl Read) -> Span {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(reader));
    // As calamine reads a sheet, so that both see the same cells.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut span = Span::default();
    let (mut row, mut column) = (0u64, 0u64);
    // The open cell's place, until it is known to hold a value.
    let mut open: Option<(u64, u64)> = None;
    loop {
        let event = xml.read_event_into(&mut buf);
        if let Ok(Event::Start(e) | Event::Empty(e)) = &event
            && span.outside.is_none()
        {
            span.outside = outside(e);
        }
        match event {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "row" => {
                row = attribute(&e, "r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(row.saturating_add(1));
                column = 0;
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                span.declared_strings = attribute(&e, "uniqueCount")
                    .and_then(|n| n.trim().trim_start_matches('+').parse().ok())
                    .unwrap_or(0);
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => span.strings += 1,
            Ok(Event::Start(e)) if e.local_name().as_ref() == "c" => {
                (row, column) = place(&e, row, column);
                open = Some((row, column));
            }
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "c" => {
                (row, column) = place(&e, row, column);
            }
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if matches!(e.local_name().as_ref(), "v" | "f" | "is") =>
            {
                if let Some((r, c)) = open.take() {
                    span.cells += 1;
                    span.rows = span.rows.max(r);
                    span.columns = span.columns.max(c);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "c" => open = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    span
}

/// A cell's row and column, 1-based: from its reference (`r="AB12"`), or
/// the next column of the row when it has none.
fn place(cell: &BytesStart, row: u64, column: u64) -> (u64, u64) {
    let Some(reference) = attribute(cell, "r") else {
        return (row.max(1), column.saturating_add(1));
    };
    let letters: String = reference
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let col = letters.chars().fold(0u64, |n, c| {
        n.saturating_mul(26)
            .saturating_add(u64::from(c.to_ascii_uppercase() as u8 - b'A' + 1))
    });
    let r = reference[letters.len()..].parse().unwrap_or(row.max(1));
    (
        r,
        if col == 0 {
            column.saturating_add(1)
        } else {
            col
        },
    )
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn mib(bytes: u64) -> String {
    thousands(bytes.div_ceil(1024 * 1024))
}

/// 1 000 000, as Swedish writes it.
fn thousands(n: u64) -> String {
    crate::swedish::integer(i64::try_from(n).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_spans_from_a1_to_its_last_value() {
        let xml = br#"<worksheet><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" s="2"/></row>
            <row r="7"><c r="B7"><f>A1*2</f></c><c r="AB7" s="1"></c></row>
            <row><c><is><t>x</t></is></c><c><v>1</v></c></row>
        </sheetData></worksheet>"#;
        assert_eq!(
            span(&xml[..]),
            Span {
                cells: 4,
                rows: 8,
                columns: 2,
                ..Span::default()
            }
        );
    }

    #[test]
    fn shared_strings_are_counted_against_what_the_part_declares() {
        let xml = br#"<sst uniqueCount="4294967296"><si><t>a</t></si><si><t>b</t></si></sst>"#;
        let span = span(&xml[..]);
        assert_eq!((span.strings, span.declared_strings), (2, 4_294_967_296));
    }

    #[test]
    fn a_namespace_named_r_is_no_reference() {
        let xml = br#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheet r:id="rId1"/></workbook>"#;
        assert_eq!(span(&xml[..]).outside, None);
    }

    #[test]
    fn references_outside_a_sheet_are_found() {
        assert!(inside("A1") && inside("XFD1048576") && inside("$B$2".replace('$', "").as_str()));
        assert!(!inside("XFE1") && !inside("A1048577") && !inside("A99999999999"));
        assert!(!inside("AAAAAAAA1") && !inside("A1B") && !inside(""));
        let xml = br#"<worksheet><dimension ref="A1:A99999999999"/><sheetData/></worksheet>"#;
        assert_eq!(span(&xml[..]).outside.as_deref(), Some("A99999999999"));
    }
}
