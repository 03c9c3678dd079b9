//! Archivable and accessible: PDF/A-2a + PDF/UA-1 declared, a structure tree
//! with table headers and the matrix's alt text, byte-identical rebuilds,
//! and `--embed-data` round-tripping the YAML through `extract`.

use std::path::{Path, PathBuf};

use crate::common::{decode_text_string, example_out, fixture, root, run, run_ok};
use lopdf::{Document, Object};

fn example_pdfs() -> Vec<PathBuf> {
    let mut pdfs = Vec::new();
    for folder in std::fs::read_dir(example_out()).unwrap() {
        let folder = folder.unwrap().path();
        if folder.extension().is_some_and(|e| e == "pdf") {
            pdfs.push(folder); // the kommun's samlade bild, at the top
            continue;
        }
        if !folder.is_dir() {
            continue; // the build cache
        }
        for file in std::fs::read_dir(folder).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "pdf") {
                pdfs.push(path);
            }
        }
    }
    pdfs.sort();
    assert!(pdfs.len() >= 4, "the examples make at least four PDFs");
    pdfs
}

/// The catalog's XMP metadata as text.
fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().expect("a catalog");
    let id = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .expect("XMP metadata");
    let stream = doc
        .get_object(id)
        .and_then(Object::as_stream)
        .expect("a metadata stream");
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether the XMP declares `prefix:key` = `value`, as element or attribute.
fn declares(xmp: &str, key: &str, value: &str) -> bool {
    xmp.contains(&format!("<{key}>{value}</{key}>")) || xmp.contains(&format!("{key}=\"{value}\""))
}

/// Every structure element type (/S) in the structure tree, walked from the root.
fn structure_types(doc: &Document) -> Vec<String> {
    let catalog = doc.catalog().unwrap();
    let root = catalog.get(b"StructTreeRoot").expect("a structure tree");
    let mut types = Vec::new();
    let mut stack = vec![root.clone()];
    let mut seen = 0;
    while let Some(object) = stack.pop() {
        seen += 1;
        assert!(seen < 1_000_000, "structure tree too large or cyclic");
        let object = match object {
            Object::Reference(id) => match doc.get_object(id) {
                Ok(o) => o.clone(),
                Err(_) => continue,
            },
            other => other,
        };
        match object {
            Object::Dictionary(dict) => {
                if let Ok(Object::Name(name)) = dict.get(b"S") {
                    types.push(String::from_utf8_lossy(name).into_owned());
                }
                if let Ok(kids) = dict.get(b"K") {
                    stack.push(kids.clone());
                }
            }
            Object::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    types
}

#[test]
fn every_example_declares_pdf_a_2a_and_pdf_ua_1() {
    for pdf in example_pdfs() {
        let doc = Document::load(&pdf).unwrap();
        let xmp = xmp(&doc);
        assert!(
            declares(&xmp, "pdfaid:part", "2"),
            "{}: PDF/A part 2",
            pdf.display()
        );
        assert!(
            declares(&xmp, "pdfaid:conformance", "A"),
            "{}: level A",
            pdf.display()
        );
        assert!(
            declares(&xmp, "pdfuaid:part", "1"),
            "{}: PDF/UA-1",
            pdf.display()
        );
        assert!(xmp.contains("sv"), "{}: language", pdf.display());
    }
}

#[test]
fn metadata_comes_from_the_data() {
    let doc = Document::load(crate::common::example_pdf(
        "arbetsmarknadsnamnden",
        "vor-2026.pdf",
    ))
    .unwrap();
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    let info = doc.get_object(info_id).and_then(Object::as_dict).unwrap();
    let text = |key: &[u8]| match info.get(key) {
        Ok(Object::String(bytes, _)) => decode_text_string(bytes),
        _ => String::new(),
    };
    assert_eq!(text(b"Title"), "Väsentlighets- och riskanalys 2026");
    assert_eq!(text(b"Author"), "Arbetsmarknadsnämnden");
    assert!(text(b"Keywords").contains("intern kontroll"));
    assert!(
        text(b"CreationDate").starts_with("D:20251209"),
        "the date from the data, not the clock"
    );
}

#[test]
fn structure_tree_has_table_headers_headings_and_the_matrix_alt_text() {
    for pdf in example_pdfs() {
        let doc = Document::load(&pdf).unwrap();
        let types = structure_types(&doc);
        // The samlade bild's chapters have no sections: no H2 to find.
        let rollup = pdf.to_string_lossy().contains("sammanställning");
        let wanted: &[&str] = if rollup {
            &["Table", "TH", "TD", "H1"]
        } else {
            &["Table", "TH", "TD", "H1", "H2"]
        };
        for wanted in wanted {
            assert!(
                types.iter().any(|t| t == wanted),
                "{}: no {wanted} in {types:?}",
                pdf.display()
            );
        }
        if pdf
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("vor")
        {
            assert!(
                types.iter().any(|t| t == "Figure"),
                "{}: matrix figure",
                pdf.display()
            );
            let alts = crate::common::alt_texts(&pdf);
            assert!(
                alts.iter()
                    .any(|a| a.starts_with("Riskmatris") && a.contains("Kritisk")),
                "{}: matrix alt text in {alts:?}",
                pdf.display()
            );
        }
    }
}

#[test]
fn headings_make_bookmarks() {
    let doc = Document::load(crate::common::example_pdf("servicenamnden", "vor-2025.pdf")).unwrap();
    assert!(
        doc.catalog().unwrap().get(b"Outlines").is_ok(),
        "an outline"
    );
}

fn build_into(dir: &Path, extra: &[&str]) {
    let mut args = vec!["build", "data", "-o", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_ok(root(), &args);
}

#[test]
fn two_builds_are_byte_identical() {
    let again = tempfile::tempdir().unwrap();
    build_into(again.path(), &[]);
    for pdf in example_pdfs() {
        let relative = pdf.strip_prefix(example_out()).unwrap();
        let first = std::fs::read(&pdf).unwrap();
        let second = std::fs::read(again.path().join(relative)).unwrap();
        assert!(
            first == second,
            "{} differs between builds",
            relative.display()
        );
    }
}

#[test]
fn embedded_data_round_trips_byte_for_byte() {
    let out = tempfile::tempdir().unwrap();
    let args = [
        "build",
        "data/arbetsmarknadsnamnden",
        "--embed-data",
        "-o",
        out.path().to_str().unwrap(),
    ];
    run_ok(root(), &args);
    let pdf = out.path().join("arbetsmarknadsnamnden/vor-2026.pdf");
    let xmp = xmp(&Document::load(&pdf).unwrap());
    assert!(
        declares(&xmp, "pdfaid:part", "3"),
        "PDF/A-3 with embedded data"
    );
    assert!(declares(&xmp, "pdfuaid:part", "1"));

    let extracted = tempfile::tempdir().unwrap();
    run_ok(
        root(),
        &[
            "extract",
            pdf.to_str().unwrap(),
            "-o",
            extracted.path().to_str().unwrap(),
        ],
    );
    for (name, original) in [
        (
            "vor-ikp-2026.yaml",
            "data/arbetsmarknadsnamnden/vor-ikp-2026.yaml",
        ),
        ("stockholm-4x4.yaml", "data/riskmodeller/stockholm-4x4.yaml"),
    ] {
        let got = std::fs::read(extracted.path().join(name)).unwrap();
        assert_eq!(got, std::fs::read(root().join(original)).unwrap(), "{name}");
    }
    // The default PDFs carry no data.
    let plain = run(
        root(),
        &[
            "extract",
            crate::common::example_pdf("arbetsmarknadsnamnden", "vor-2026.pdf")
                .to_str()
                .unwrap(),
            "-o",
            extracted.path().to_str().unwrap(),
        ],
    );
    assert!(!plain.status.success());
    assert!(String::from_utf8_lossy(&plain.stderr).contains("har inga inbäddade filer"));
}

#[test]
fn embed_data_refuses_pdf_a_2() {
    let out = run(
        root(),
        &[
            "build",
            "data",
            "--embed-data",
            "--pdf-standard",
            "a-2a,ua-1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PDF/A-2 tillåter inga inbäddade filer"));
}

#[test]
fn a_template_that_breaks_pdf_ua_fails_with_report_and_template_named() {
    let base = std::fs::read_to_string(root().join("report-templates/base.typ.j2")).unwrap();
    let without_title: String = base
        .lines()
        .filter(|l| !l.trim_start().starts_with("title:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(
        base.len(),
        without_title.len(),
        "the title line was removed"
    );
    let templates = fixture(&[("base.typ.j2", &without_title)]);
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(
        root(),
        &[
            "build",
            "data/arbetsmarknadsnamnden",
            "--templates",
            templates.path().to_str().unwrap(),
            "-o",
            out_dir.path().to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "vor-2026.pdf kunde inte göras: PDF:en följer inte PDF/UA-1: dokumentet saknar titel"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("felet ligger i mallen vor.typ.j2"),
        "{stderr}"
    );
    assert!(
        !out_dir
            .path()
            .join("arbetsmarknadsnamnden/vor-2026.pdf")
            .exists(),
        "no PDF is written"
    );
}

/// The kommun's logotyp stands on the cover and in the header, as an image
/// with its alternative text (PDF/UA); a plan without one has none.
#[test]
fn the_logotyp_is_an_image_with_its_alternative_text() {
    let with = crate::common::example_pdf("arbetsmarknadsnamnden", "verksamhetsplan-2026.pdf");
    let alts = crate::common::alt_texts(&with);
    assert!(
        alts.iter().any(|a| a == "Exempellogotyp (påhittad)"),
        "{alts:?}"
    );
    let without = crate::common::example_pdf("kommunstyrelsen", "ikp-2025.pdf");
    assert!(
        !crate::common::alt_texts(&without)
            .iter()
            .any(|a| a.contains("logotyp")),
        "the KS data names no logotyp"
    );
}
