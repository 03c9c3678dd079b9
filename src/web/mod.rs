//! The web page beside every PDF (`bygg --webb`): each report's view — the
//! one its PDF is made from — through HTML templates of its own
//! (`report-templates/webb/`), every value HTML-escaped; one stylesheet for
//! the site and an index of the reports, kommun → nämnd → år.

mod index;
mod secrecy;

use std::path::{Path, PathBuf};

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;
use typst_pdf::PdfStandard;

use crate::diag::Diagnostic;
use crate::report::{ReportKind, View};

pub use index::{Entry, write_site};
pub use secrecy::SECRET;

/// The site's one stylesheet, at the top of the output folder.
pub const STYLESHEET: &str = "stil.css";

/// The index page, at the top of the output folder.
pub const INDEX: &str = "index.html";

/// The templates of the web pages, built in.
const TEMPLATES: [(&str, &str); 4] = [
    (
        "sida.html.j2",
        include_str!("../../report-templates/webb/sida.html.j2"),
    ),
    (
        "delar.html.j2",
        include_str!("../../report-templates/webb/delar.html.j2"),
    ),
    (
        "kapitel.html.j2",
        include_str!("../../report-templates/webb/kapitel.html.j2"),
    ),
    (
        "index.html.j2",
        include_str!("../../report-templates/webb/index.html.j2"),
    ),
];

/// The stylesheet's text.
pub const STYLE: &str = include_str!("../../report-templates/webb/stil.css");

/// The web templates, ready to render any report's page.
pub struct WebTemplates {
    env: Environment<'static>,
}

impl WebTemplates {
    /// The built-in web templates: every value escaped as HTML text.
    pub fn new() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(crate::render::TEMPLATE_FUEL));
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        // A colour as CSS: `#rrggbb`.
        env.add_filter("css", |value: Vec<u8>| -> Result<Value, Error> {
            match value.as_slice() {
                [r, g, b] => Ok(Value::from_safe_string(format!("#{r:02x}{g:02x}{b:02x}"))),
                _ => Err(Error::new(
                    ErrorKind::InvalidOperation,
                    "css väntar sig tre tal (röd, grön, blå)",
                )),
            }
        });
        // An ISO date, which a narrow column must not break at its dashes.
        env.add_test("datum", |text: &str| is_iso_date(text));
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("the built-in web templates parse");
        }
        WebTemplates { env }
    }

    /// Renders `template` with `context`.
    fn render(&self, template: &str, context: Value) -> Result<String, Diagnostic> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|e| {
                Diagnostic::error(
                    Path::new(&format!("(inbyggd mall) webb/{template}")),
                    format!("webbsidan kunde inte göras: {e:#}"),
                )
            })
    }

    /// A report's web page: its view, with a link to its PDF.
    pub fn page(&self, page: &Page<'_>) -> Result<String, Diagnostic> {
        let chapter = match page.view {
            View::Vor(_) => "vor",
            View::Ikp(_) => "ikp",
            View::Riskbild(_) => "riskbild",
            View::T2(_) => "t2",
            View::Vb(_) => "vb",
            View::Bundle(_) => "bundle",
        };
        let view = serde_json::to_value(page.view).map_err(|e| {
            Diagnostic::error(
                Path::new("(inbyggd mall) webb/sida.html.j2"),
                format!("webbsidan kunde inte göras: {e}"),
            )
        })?;
        self.render(
            "sida.html.j2",
            minijinja::context! {
                r => serde(&secrecy::masked(view)),
                chapter,
                kind => page.kind.code(),
                order => page.kind as usize,
                pdf => page.pdf_name,
                pdf_size => size(page.pdf_bytes),
                standards => standards_named(page.standards),
                root => page.root,
                stylesheet => format!("{}{STYLESHEET}", page.root),
            },
        )
    }

    /// The index page of the kommuner's reports (`index::Kommun`).
    pub(crate) fn index<K: Serialize>(&self, kommuner: &[K]) -> Result<String, Diagnostic> {
        self.render(
            "index.html.j2",
            minijinja::context! { kommuner => serde(&kommuner), stylesheet => STYLESHEET },
        )
    }
}

impl Default for WebTemplates {
    fn default() -> Self {
        Self::new()
    }
}

/// A value the templates read through its `Serialize`.
fn serde<T: Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// One report's page to render.
pub struct Page<'a> {
    pub kind: ReportKind,
    pub view: &'a View,
    /// The PDF's file name, beside the page.
    pub pdf_name: &'a str,
    /// Its size in bytes.
    pub pdf_bytes: u64,
    pub standards: &'a [PdfStandard],
    /// The way from the page's folder to the output folder: "" or "../".
    pub root: &'a str,
}

/// Where a report's page goes: beside its PDF, `vor-2026.html`.
pub fn page_path(pdf: &Path) -> PathBuf {
    pdf.with_extension("html")
}

/// Whether `text` is a date as `2026-08-31`.
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// A file's size in Swedish: "212 kB", "1,4 MB" (1 kB = 1 000 byte).
pub fn size(bytes: u64) -> String {
    if bytes < 1_000 {
        format!("{bytes} byte")
    } else if bytes < 1_000_000 {
        format!("{} kB", (bytes as f64 / 1_000.0).round() as u64)
    } else {
        let mb = (bytes as f64 / 100_000.0).round() / 10.0;
        format!("{mb:.1} MB").replace('.', ",")
    }
}

/// The standards a PDF meets as a reader knows them: "PDF/A, PDF/UA".
pub fn standards_named(standards: &[PdfStandard]) -> String {
    let mut names = Vec::new();
    if standards.iter().any(|s| !matches!(s, PdfStandard::Ua_1)) {
        names.push("PDF/A");
    }
    if standards.contains(&PdfStandard::Ua_1) {
        names.push("PDF/UA");
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_told_from_other_text() {
        assert!(is_iso_date("2026-08-31"));
        assert!(!is_iso_date("2026-08-31 och 2026-09-01"));
        assert!(!is_iso_date("ÅLN-2024/1654"));
    }

    #[test]
    fn sizes_are_said_in_swedish() {
        assert_eq!(size(212_400), "212 kB");
        assert_eq!(size(1_449_000), "1,4 MB");
        assert_eq!(size(999), "999 byte");
    }

    #[test]
    fn the_standards_are_named_as_a_reader_knows_them() {
        assert_eq!(
            standards_named(&[PdfStandard::A_2a, PdfStandard::Ua_1]),
            "PDF/A, PDF/UA"
        );
        assert_eq!(standards_named(&[PdfStandard::A_2b]), "PDF/A");
    }
}
