//! Laid-out document → PDF bytes (PDF/A-2a and PDF/UA-1 by default).

use std::path::Path;

use typst::diag::HintedString;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diag::{At, Cause, Diagnostic, Diagnostics};

/// The standards every report conforms to unless the user picks others.
pub const DEFAULT_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// The standards a PDF with embedded data conforms to (PDF/A-2 allows no files).
pub const EMBEDDING_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_3a, PdfStandard::Ua_1];

/// The standards chosen, checked against each other and against embedding
/// data; none chosen means the default for `embed_data`.
pub fn standards(chosen: &[PdfStandard], embed_data: bool) -> Result<Vec<PdfStandard>, Diagnostic> {
    if chosen.is_empty() {
        return Ok(if embed_data {
            EMBEDDING_STANDARDS.to_vec()
        } else {
            DEFAULT_STANDARDS.to_vec()
        });
    }
    let archival_two = chosen
        .iter()
        .any(|s| matches!(s, PdfStandard::A_2a | PdfStandard::A_2b | PdfStandard::A_2u));
    if embed_data && archival_two {
        return Err(Diagnostic::general("PDF/A-2 tillåter inga inbäddade filer")
            .hint("välj a-3a eller a-3b tillsammans med --bädda-in-data"));
    }
    if let Err(e) = PdfStandards::new(chosen) {
        return Err(
            Diagnostic::general("PDF-standarderna går inte att kombinera")
                .hint(format!("från typst-pdf: {}", e.message())),
        );
    }
    Ok(chosen.to_vec())
}

/// Exports `document` as PDF conforming to `standards`. `ident` must be
/// stable for the same report so that rebuilds are byte-identical. Errors
/// name `name`, the PDF being made.
pub fn export(
    name: &Path,
    document: &PagedDocument,
    ident: &str,
    standards: &[PdfStandard],
) -> Result<Vec<u8>, Diagnostics> {
    let standards = PdfStandards::new(standards).at(name)?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("riskrapport {}", env!("CARGO_PKG_VERSION")))),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        Diagnostics(
            errors
                .iter()
                .map(|e| {
                    e.hints
                        .iter()
                        .fold(Diagnostic::error(name, swedish(&e.message)), |d, hint| {
                            d.hint(format!("från typst-pdf: {}", hint.v))
                        })
                })
                .collect(),
        )
    })
}

/// typst-pdf's refusal of a combination of standards: its message (the
/// combinations are checked before, in [`standards`], in Swedish).
impl Cause for HintedString {
    fn message(self) -> String {
        HintedString::message(&self).to_string()
    }
}

/// typst-pdf's English message ("PDF/UA-1 error: missing document title")
/// in Swedish where we know it, with the standard it breaks named.
fn swedish(message: &str) -> String {
    let Some((standard, what)) = message.split_once(" error: ") else {
        return format!("PDF:en kunde inte skrivas ({message})");
    };
    let known = [
        ("missing document title", "dokumentet saknar titel"),
        ("document date is missing", "dokumentet saknar datum"),
        (
            "missing alt text",
            "en bild eller figur saknar alternativtext",
        ),
        (
            "missing annotation alt text",
            "en länk saknar alternativtext",
        ),
        (
            "the file description is missing",
            "en bifogad fil saknar beskrivning",
        ),
        (
            "the file mime type is missing",
            "en bifogad fil saknar filtyp",
        ),
        (
            "document contains an attached file",
            "dokumentet har en bifogad fil, vilket standarden inte tillåter",
        ),
        (
            "the PDF contains transparency",
            "PDF:en innehåller genomskinlighet",
        ),
        (
            "the image contains transparency",
            "en bild innehåller genomskinlighet",
        ),
        (
            "a PDF string is longer than 32767 characters",
            "en text i PDF:en är längre än 32 767 tecken",
        ),
    ];
    let what = known
        .iter()
        .find(|(en, _)| what.starts_with(en))
        .map_or_else(|| format!("typst-pdf: {what}"), |(_, sv)| (*sv).to_owned());
    format!("PDF:en följer inte {standard}: {what}")
}
