//! The site: the stylesheet and the index page, kommun → nämnd → år, made
//! from the pages in the output folder, whichever build wrote them. Each
//! page carries what the index needs in its `<meta>` tags, so a report the
//! build cache skipped, or another part of a `--del` build made, is listed
//! as well as one made this time; a page without its PDF is not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{INDEX, STYLE, STYLESHEET, WebTemplates, size};
use crate::diag::{At, Diagnostic};

/// A report as the index lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Entry {
    pub kommun: Option<String>,
    pub namnd: String,
    pub year: i32,
    /// The kind's place among a nämnd's reports.
    pub order: usize,
    pub kind: String,
    pub title: String,
    /// The page and the PDF, from the index.
    pub page: String,
    pub pdf: String,
    /// "PDF, 212 kB, PDF/A, PDF/UA".
    pub pdf_label: String,
    /// Which of the names the index shows the data assumed ("nämnd",
    /// "kommun"): the report marks them, and so does the index.
    pub assumed: Vec<String>,
}

/// A kommun's reports: its samlade bild, then each nämnd's by year.
#[derive(Debug, Serialize)]
pub(crate) struct Kommun {
    name: String,
    samlad: Vec<Entry>,
    /// Said under the samlade bild when its kommun is assumed.
    samlad_note: Option<String>,
    namnder: Vec<Namnd>,
}

#[derive(Debug, Serialize)]
struct Namnd {
    name: String,
    years: Vec<Year>,
}

#[derive(Debug, Serialize)]
struct Year {
    year: i32,
    /// Said under the year when its reports assume the nämnd or kommun.
    note: Option<String>,
    reports: Vec<Entry>,
}

/// What the index calls the nämnder of no kommun.
const NO_KOMMUN: &str = "Nämnder utan angiven kommun";

/// Writes the stylesheet and the index page into `out_dir`, listing every
/// report there as a page and its PDF, the PDF's size read from disk.
pub fn write_site(templates: &WebTemplates, out_dir: &Path) -> Result<(), Diagnostic> {
    let write =
        |path: &Path, text: &str| crate::fs::write_atomically(path, text.as_bytes()).at(path);
    write(&out_dir.join(STYLESHEET), STYLE)?;
    let mut entries = Vec::new();
    for page in pages(out_dir) {
        let pdf = page.with_extension("pdf");
        // A page whose PDF is gone (or was never written) is not offered.
        let Ok(pdf_bytes) = std::fs::metadata(&pdf).map(|m| m.len()) else {
            continue;
        };
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        if let Some(entry) = entry(&html, out_dir, &page, &pdf, pdf_bytes) {
            entries.push(entry);
        }
    }
    let html = templates.index(&grouped(entries))?;
    write(&out_dir.join(INDEX), &html)
}

/// The web pages where a build puts them: the samlade bild's at the top of
/// `out_dir`, a nämnd's one folder down (`build::output_path`).
fn pages(out_dir: &Path) -> Vec<PathBuf> {
    let html = |dir: &Path| -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect()
    };
    let mut pages = html(out_dir);
    if let Ok(entries) = std::fs::read_dir(out_dir) {
        for folder in entries.flatten() {
            if folder.file_type().is_ok_and(|t| t.is_dir()) {
                pages.extend(html(&folder.path()));
            }
        }
    }
    pages.sort();
    pages
}

/// The entry a page describes in its `<meta>` tags.
fn entry(html: &str, out_dir: &Path, page: &Path, pdf: &Path, pdf_bytes: u64) -> Option<Entry> {
    let relative = |path: &Path| {
        path.strip_prefix(out_dir).ok().map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
    };
    let standards = meta(html, "riskrapport:standarder").unwrap_or_default();
    let mut label = format!("PDF, {}", size(pdf_bytes));
    if !standards.is_empty() {
        label.push_str(", ");
        label.push_str(&standards);
    }
    Some(Entry {
        kommun: meta(html, "riskrapport:kommun").filter(|k| !k.is_empty()),
        namnd: meta(html, "riskrapport:namnd")?,
        year: meta(html, "riskrapport:ar")?.parse().ok()?,
        order: meta(html, "riskrapport:ordning")?.parse().ok()?,
        kind: meta(html, "riskrapport:typ")?,
        title: meta(html, "riskrapport:titel")?,
        page: relative(page)?,
        pdf: relative(pdf)?,
        pdf_label: label,
        assumed: meta(html, "riskrapport:antagna")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    })
}

/// What the index says when reports assume the names it groups them by.
fn assumed_note(entries: &[Entry]) -> Option<String> {
    let assumes = |key: &str| entries.iter().any(|e| e.assumed.iter().any(|a| a == key));
    match (assumes("nämnd"), assumes("kommun")) {
        (true, true) => Some("Nämnden och kommunen är antagna.".to_owned()),
        (true, false) => Some("Nämnden är antagen.".to_owned()),
        (false, true) => Some("Kommunen är antagen.".to_owned()),
        (false, false) => None,
    }
}

/// The content of `<meta name="NAME" content="…">`, unescaped.
fn meta(html: &str, name: &str) -> Option<String> {
    let key = format!("<meta name=\"{name}\" content=\"");
    let start = html.find(&key)? + key.len();
    let end = start + html[start..].find('"')?;
    Some(unescape(&html[start..end]))
}

/// HTML text as minijinja escapes it, back to the text.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The entries by kommun, nämnd and year (the newest first), each nämnd's
/// reports in the order they are read.
fn grouped(entries: Vec<Entry>) -> Vec<Kommun> {
    type Years = BTreeMap<std::cmp::Reverse<i32>, Vec<Entry>>;
    /// A kommun's samlade bild and its nämnder's reports by year.
    type Reports = (Vec<Entry>, BTreeMap<String, Years>);
    let mut tree: BTreeMap<(bool, String), Reports> = BTreeMap::new();
    for entry in entries {
        let kommun = match &entry.kommun {
            Some(k) => (false, k.clone()),
            None => (true, NO_KOMMUN.to_owned()),
        };
        let (samlad, namnder) = tree.entry(kommun).or_default();
        if entry.kind == crate::report::ReportKind::CityRollup.code() {
            samlad.push(entry);
        } else {
            namnder
                .entry(entry.namnd.clone())
                .or_default()
                .entry(std::cmp::Reverse(entry.year))
                .or_default()
                .push(entry);
        }
    }
    tree.into_iter()
        .map(|((_, name), (mut samlad, namnder))| {
            samlad.sort_by_key(|e| std::cmp::Reverse(e.year));
            Kommun {
                name,
                samlad_note: assumed_note(&samlad),
                samlad,
                namnder: namnder
                    .into_iter()
                    .map(|(name, years)| Namnd {
                        name,
                        years: years
                            .into_iter()
                            .map(|(year, mut reports)| {
                                reports.sort_by_key(|e| e.order);
                                Year {
                                    year: year.0,
                                    note: assumed_note(&reports),
                                    reports,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meta_tag_is_read_back_unescaped() {
        let html = "<meta name=\"riskrapport:namnd\" content=\"A &amp; B &lt;x&gt; &#x2f; &quot;q&quot;\">";
        assert_eq!(
            meta(html, "riskrapport:namnd").as_deref(),
            Some("A & B <x> / \"q\"")
        );
    }
}
