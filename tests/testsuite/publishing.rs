//! Fit to publish on a kommun's website (WCAG 2.1 AA, PDF/UA-1): text on
//! any riskmodell's colours is readable, read from the laid-out pages of
//! every report a city makes.

use std::path::Path;

use riskrapport::driver::{self, Config, Options};
use riskrapport::inspect::Fault;

use crate::common::synthetic;
use crate::finish::{faults_of, report};

/// The colours a kommun might pick that are hardest to write on: mid-grey,
/// mid-green, pure yellow, pure blue and pure red.
const HARD_COLOURS: &str = "namn: Hårda färger
skala: 4
sannolikhet: [Låg, Medelhög, Hög, Mycket hög]
konsekvens: [Försumbar, Måttlig, Betydande, Allvarlig]
nivåer:
  - { namn: Låg, färg: \"#808080\", från: 1, till: 2 }
  - { namn: Måttlig, färg: \"#008000\", från: 3, till: 4 }
  - { namn: Medium, färg: \"#ffff00\", från: 5, till: 7 }
  - { namn: Hög, färg: \"#0000ff\", från: 8, till: 9 }
  - { namn: Kritisk, färg: \"#ff0000\", från: 12, till: 16 }
ikp:
  regel: automatisk
  från_riskvärde: 8
";

/// Every fault in every report of a city in `dir`, the samlade bild included.
fn city_faults(dir: &Path) -> Vec<(String, Fault)> {
    let files = driver::discover(&[dir.to_path_buf()]).expect("the city's files");
    let mut found: Vec<(String, Fault)> = files
        .iter()
        .filter(|f| !f.ends_with("kommun.yaml"))
        .flat_map(|f| faults_of(f))
        .collect();
    let config = Config::new(&Options::new(Path::new("ut"))).unwrap();
    let mut job =
        driver::checked_city_job(&dir.join("kommun.yaml"), &files).expect("the kommun.yaml checks");
    for fault in driver::faults(&config, &mut job).expect("the samlade bild builds") {
        found.push(("kommun.yaml sammanställning".into(), fault));
    }
    found
}

#[test]
fn text_on_hard_colours_reaches_aa_contrast() {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_city(dir.path(), 2, 30).unwrap();
    synthetic::write_kommun(dir.path(), None).unwrap();
    std::fs::write(
        dir.path().join("riskmodeller/stockholm-4x4.yaml"),
        HARD_COLOURS,
    )
    .unwrap();
    // Assumed values carry the "antaget" caption on the level's fill.
    let plan = dir.path().join("namnd-01/plan-2026.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replacen(
        "            sannolikhet: 3\n",
        "            antaget: ja\n            sannolikhet: 3\n",
        4,
    );
    std::fs::write(&plan, text).unwrap();
    let found: Vec<(String, Fault)> = city_faults(dir.path())
        .into_iter()
        .filter(|(_, f)| matches!(f, Fault::LowContrast { .. }))
        .collect();
    assert!(
        found.is_empty(),
        "{} faults:\n{}",
        found.len(),
        report(&found)
    );
}

/// Every link target (URI) in the PDF, in page order.
fn link_targets(path: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).expect("the PDF parses");
    let mut out = Vec::new();
    for page in doc.get_pages().into_values() {
        for annotation in doc.get_page_annotations(page).unwrap_or_default() {
            if let Ok(action) = annotation.get_deref(b"A", &doc).and_then(|a| a.as_dict())
                && let Ok(lopdf::Object::String(bytes, _)) = action.get(b"URI")
            {
                out.push(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    out
}

/// The PDF's text without spaces: pdf-extract puts one between the pieces
/// of an address (each a box, so that it breaks only after `/`, `.` or
/// `-`), where pdftotext and the structure tree have none.
fn squeezed(path: &Path) -> String {
    crate::common::pdf_text(path).replace(' ', "")
}

/// Addresses in a risk's text, its förebyggande hantering, its control, a
/// process name (a group heading that repeats on each page) and a T2.
const WITH_ADDRESSES: &str = "- nr: 1
  risk: Attest enligt https://intranat.testkommun.se/rutiner/attest-och-utbetalning-av-leverantorsfakturor
  förebyggande_hantering: Frågor till ekonomi.stod@testkommun.se eller www.testkommun.se/ekonomi.
  sannolikhet: 3
  konsekvens: 4
  kontroll:
    kontrollmoment: 'Stickprov enligt https://x.se/a\")[#read(\"/etc/passwd\")] varje kvartal'
    ansvarig: Controller
";

#[test]
fn every_address_in_the_data_is_a_link_to_itself() {
    // Enough risks for the group heading to repeat on a second page, where
    // a link would make the export fail (PDF/UA: no link in an artifact).
    let mut risks = WITH_ADDRESSES.to_owned();
    for nr in 2..=40 {
        risks.push_str(&format!(
            "- nr: {nr}\n  risk: Risk {nr}, en text lång nog att fylla en rad i tabellen\n  sannolikhet: 2\n  konsekvens: 2\n"
        ));
    }
    let plan = crate::common::plan_yaml(&risks).replace(
        "- process: Testprocess",
        "- process: Upphandling enligt www.testkommun.se/upphandling",
    );
    let t2 = "uppföljning: t2\nplan: plan.yaml\ndatum: 2026-09-15\nvisa: alla\nrisker:\n  - nr: 1\n    följer_plan: ja\n    kommentar: Se https://intranat.testkommun.se/t2.\n";
    let dir = crate::common::fixture(&[("n/plan.yaml", &plan), ("n/t2.yaml", t2)]);
    let out = crate::common::run(dir.path(), &["bygg", "n", "-o", "ut"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("ingen länk"), "{stderr}");

    let vor = dir.path().join("ut/n/vor-2026.pdf");
    let targets = link_targets(&vor);
    for target in [
        "https://intranat.testkommun.se/rutiner/attest-och-utbetalning-av-leverantorsfakturor",
        "mailto:ekonomi.stod@testkommun.se",
        "https://www.testkommun.se/ekonomi",
    ] {
        assert!(
            targets.iter().any(|t| t == target),
            "{target} in {targets:?}"
        );
    }
    // The group heading repeats on each page: printed whole, not a link.
    assert!(
        !targets.iter().any(|t| t.contains("upphandling")),
        "{targets:?}"
    );
    let pages = crate::common::page_texts(&vor);
    let repeated = pages
        .iter()
        .filter(|p| p.replace(' ', "").contains("www.testkommun.se/upphandling"));
    assert!(repeated.count() >= 2, "the heading repeats: {pages:?}");
    let text = squeezed(&vor);
    for shown in [
        "Upphandling enligt www.testkommun.se/upphandling",
        "https://intranat.testkommun.se/rutiner/attest-och-utbetalning-av-leverantorsfakturor",
        "ekonomi.stod@testkommun.se eller www.testkommun.se/ekonomi.",
    ] {
        assert!(text.contains(&shown.replace(' ', "")), "{shown} in {text}");
    }

    // What follows an address in the data stays text: no Typst code runs.
    let ikp = dir.path().join("ut/n/ikp-2026.pdf");
    assert!(link_targets(&ikp).iter().any(|t| t == "https://x.se/a"));
    let text = squeezed(&ikp);
    assert!(
        text.contains("https://x.se/a\")[#read(\"/etc/passwd\")]varjekvartal"),
        "{text}"
    );

    // The T2's comment links; its risk row repeats as a header, so no link.
    let t2 = dir.path().join("ut/n/t2-2026.pdf");
    let targets = link_targets(&t2);
    assert_eq!(
        targets,
        ["https://intranat.testkommun.se/t2"],
        "{targets:?}"
    );

    let found: Vec<(String, Fault)> = faults_of(&dir.path().join("n/plan.yaml"))
        .into_iter()
        .chain(faults_of(&dir.path().join("n/t2.yaml")))
        .filter(|(_, f)| matches!(f, Fault::Unlinked { .. }))
        .collect();
    assert!(found.is_empty(), "{}", report(&found));
}

/// Every PDF the example data makes, in order.
fn example_pdfs() -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("the output folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(crate::common::example_out(), &mut out);
    out.sort();
    out
}

/// A table cell as the structure tree tags it.
#[derive(Debug)]
struct TaggedCell {
    header: bool,
    id: Option<String>,
    headers: Vec<String>,
}

/// Every table in the PDF's structure tree: its rows (TR, through THead,
/// TBody and TFoot), each a list of its cells.
fn tagged_tables(path: &Path) -> Vec<Vec<Vec<TaggedCell>>> {
    use lopdf::{Document, Object};
    fn kids<'a>(doc: &'a Document, node: &'a lopdf::Dictionary) -> Vec<&'a lopdf::Dictionary> {
        let items: Vec<&Object> = match node.get(b"K") {
            Ok(Object::Array(items)) => items.iter().collect(),
            Ok(item) => vec![item],
            Err(_) => Vec::new(),
        };
        items
            .into_iter()
            .filter_map(|item| match item {
                Object::Reference(id) => doc.get_dictionary(*id).ok(),
                Object::Dictionary(dict) => Some(dict),
                _ => None,
            })
            .filter(|dict| dict.get(b"S").is_ok())
            .collect()
    }
    fn kind(node: &lopdf::Dictionary) -> &[u8] {
        node.get(b"S").and_then(Object::as_name).unwrap_or(b"")
    }
    fn text(object: &Object) -> Option<String> {
        match object {
            Object::String(bytes, _) => Some(crate::common::decode_text_string(bytes)),
            _ => None,
        }
    }
    fn attribute<'a>(
        doc: &'a Document,
        node: &'a lopdf::Dictionary,
        key: &[u8],
    ) -> Option<&'a Object> {
        let dicts: Vec<&lopdf::Dictionary> = match node.get(b"A") {
            Ok(Object::Array(items)) => items
                .iter()
                .filter_map(|i| match i {
                    Object::Reference(id) => doc.get_dictionary(*id).ok(),
                    Object::Dictionary(d) => Some(d),
                    _ => None,
                })
                .collect(),
            Ok(Object::Dictionary(d)) => vec![d],
            Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok().into_iter().collect(),
            _ => Vec::new(),
        };
        dicts.into_iter().find_map(|d| d.get(key).ok())
    }
    fn walk<'a>(
        doc: &'a Document,
        node: &'a lopdf::Dictionary,
        out: &mut Vec<&'a lopdf::Dictionary>,
    ) {
        if kind(node) == b"Table" {
            out.push(node);
        }
        for kid in kids(doc, node) {
            walk(doc, kid, out);
        }
    }
    let doc = Document::load(path).expect("the PDF parses");
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"StructTreeRoot"))
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("a structure tree");
    let mut found = Vec::new();
    walk(&doc, root, &mut found);
    found
        .into_iter()
        .map(|table| {
            let mut rows = Vec::new();
            let mut stack = kids(&doc, table);
            stack.reverse();
            while let Some(node) = stack.pop() {
                match kind(node) {
                    b"TR" => rows.push(
                        kids(&doc, node)
                            .into_iter()
                            .map(|cell| TaggedCell {
                                header: kind(cell) == b"TH",
                                id: cell.get(b"ID").ok().and_then(text),
                                headers: match attribute(&doc, cell, b"Headers") {
                                    Some(Object::Array(ids)) => {
                                        ids.iter().filter_map(text).collect()
                                    }
                                    _ => Vec::new(),
                                },
                            })
                            .collect(),
                    ),
                    _ => {
                        let mut inner = kids(&doc, node);
                        inner.reverse();
                        stack.extend(inner);
                    }
                }
            }
            rows
        })
        .collect()
}

/// The grouped tables' group headings (KF:s mål, process, delprocess) are
/// rows, read once where they stand: the header cells are the column titles
/// alone, and every data cell is headed by its column's title, not by the
/// group heading above it (which a reader would announce with every cell).
#[test]
fn a_data_cell_is_headed_by_its_column_and_group_headings_are_rows() {
    let pdfs = example_pdfs();
    let mut faults = Vec::new();
    for pdf in &pdfs {
        for (t, rows) in tagged_tables(pdf).iter().enumerate() {
            // The column titles: the rows of header cells the table opens with.
            let leading = rows
                .iter()
                .take_while(|r| !r.is_empty() && r.iter().all(|c| c.header))
                .count();
            let column_titles: std::collections::HashSet<&str> = rows[..leading]
                .iter()
                .flatten()
                .filter_map(|c| c.id.as_deref())
                .collect();
            let header_rows = rows
                .iter()
                .filter(|r| !r.is_empty() && r.iter().all(|c| c.header))
                .count();
            if header_rows > leading {
                faults.push(format!(
                    "{} table {t}: {} rows of header cells inside the table",
                    pdf.display(),
                    header_rows - leading
                ));
            }
            for cell in rows.iter().flatten().filter(|c| !c.header) {
                if let Some(other) = cell
                    .headers
                    .iter()
                    .find(|h| !column_titles.contains(h.as_str()))
                {
                    faults.push(format!(
                        "{} table {t}: a data cell headed by {other}, not a column title",
                        pdf.display()
                    ));
                    break;
                }
            }
        }
    }
    assert!(pdfs.len() >= 40, "{} PDFs", pdfs.len());
    assert!(
        faults.is_empty(),
        "{} faults:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

/// The matrix's alternative text reads as sentences, not a list of numbers:
/// at least half its characters are letters (outloud's FIG-012 measure).
#[test]
fn the_matrix_alt_text_reads_as_language() {
    let mut checked = 0;
    for pdf in example_pdfs() {
        for alt in crate::common::alt_texts(&pdf)
            .into_iter()
            .filter(|a| a.starts_with("Riskmatris"))
        {
            checked += 1;
            let letters = alt.chars().filter(|c| c.is_alphabetic()).count();
            let share = letters as f64 / alt.chars().count() as f64;
            assert!(
                share >= 0.5,
                "{}: {share:.2} letters in {alt}",
                pdf.display()
            );
        }
    }
    assert!(checked >= 10, "{checked} matrices");
}
