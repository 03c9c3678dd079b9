//! The facts of the source documents (docs/examples.md), checked on the text of the PDFs built from `data/`.

use std::collections::BTreeMap;

use crate::common::{alt_cell, alt_texts, example_pdf, pdf_text};

/// The matrix alt text of a VoR PDF.
fn matrix_alt(folder: &str, file: &str) -> String {
    let alts = alt_texts(&example_pdf(folder, file));
    alts.into_iter()
        .find(|a| a.starts_with("Riskmatris"))
        .expect("the VoR has a matrix with an alt text")
}

/// Numbers followed by a star (IKP risks) in the text.
fn starred(text: &str) -> Vec<u32> {
    let mut nrs: Vec<u32> = text
        .split(' ')
        .filter_map(|w| w.trim_end_matches(',').strip_suffix('*')?.parse().ok())
        .collect();
    nrs.sort_unstable();
    nrs.dedup();
    nrs
}

fn check_matrix(alt: &str, text: &str, expected: &BTreeMap<(u32, u32), Vec<u32>>, scale: u32) {
    for k in 1..=scale {
        for s in 1..=scale {
            let want = expected.get(&(k, s)).cloned().unwrap_or_default();
            assert_eq!(alt_cell(alt, k, s), want, "cell K{k} S{s}");
        }
    }
    // The visible cells show the same numbers, in order, side by side,
    // each apart from the next ("26, 61" never reads as 2661).
    for nrs in expected.values() {
        let words: Vec<String> = nrs.iter().map(u32::to_string).collect();
        let plain = text.replace('*', "");
        assert!(
            plain.contains(&words.join(", ")),
            "the page shows {words:?} together"
        );
    }
}

#[test]
fn servicenamnden_counts_levels_and_total() {
    let text = pdf_text(&example_pdf("servicenamnden", "vor-2025.pdf"));
    assert!(
        text.contains("Kritisk 3 (2) Medium 64 (66) Låg 2 (2) Totalt: 69"),
        "legend with counts, last year's and total: {}",
        &text[..text.len().min(3000)]
    );
}

#[test]
fn servicenamnden_ikp_risks_are_starred_and_planned() {
    let vor = pdf_text(&example_pdf("servicenamnden", "vor-2025.pdf"));
    assert_eq!(
        starred(&vor),
        vec![30, 38, 39, 42, 43, 51, 53, 55, 57, 58, 62, 63]
    );
    let ikp = pdf_text(&example_pdf("servicenamnden", "ikp-2025.pdf"));
    assert!(ikp.contains("Internkontrollplanen omfattar tolv risker."));
    assert_eq!(vor.matches("Nej, endast VoR").count(), 70 - 12);
}

#[test]
fn servicenamnden_matrix_cells() {
    let mut expected = BTreeMap::new();
    expected.insert((2, 3), vec![27, 41]);
    expected.insert((3, 3), vec![30, 31, 42, 43, 51, 53, 57, 58, 62, 63]);
    expected.insert((4, 3), vec![38, 39, 55]);
    expected.insert((2, 2), vec![26, 61]);
    expected.insert((4, 2), vec![8, 9, 35, 54, 59, 60, 65, 66]);
    let listed: Vec<u32> = expected.values().flatten().copied().collect();
    let rest: Vec<u32> = (1..=69).filter(|n| !listed.contains(n)).collect();
    assert_eq!(rest.len(), 44);
    expected.insert((3, 2), rest);
    let text = pdf_text(&example_pdf("servicenamnden", "vor-2025.pdf"));
    check_matrix(
        &matrix_alt("servicenamnden", "vor-2025.pdf"),
        &text,
        &expected,
        5,
    );
}

#[test]
fn servicenamnden_unrated_risk_is_shown_as_such() {
    let text = pdf_text(&example_pdf("servicenamnden", "vor-2025.pdf"));
    assert!(text.contains("Risk 70 är inte värderad"));
    assert!(text.contains("ej värderad"));
}

#[test]
fn arbetsmarknadsnamnden_counts_levels_and_total() {
    let text = pdf_text(&example_pdf("arbetsmarknadsnamnden", "vor-2026.pdf"));
    assert!(
        text.contains("Kritisk 4 Hög 7 Medium 41 Låg 4 Totalt: 56"),
        "legend with counts and total"
    );
    assert!(text.contains("Risk 57 är inte värderad"));
}

#[test]
fn arbetsmarknadsnamnden_matrix_cells() {
    let mut expected = BTreeMap::new();
    expected.insert((4, 1), vec![3, 33, 41, 42, 43, 44, 45, 46, 49]);
    expected.insert((4, 2), vec![7, 21, 22, 24]);
    expected.insert((4, 3), vec![47, 48, 53, 56]);
    // 37 and 39 (RV 3) and 51, 52 (RV 6) are missing from the seed's matrix
    // text; the data places them at S1×K3 and S2×K3 and says so.
    expected.insert((3, 1), vec![15, 20, 25, 28, 32, 37, 39]);
    expected.insert((3, 2), vec![2, 4, 8, 9, 11, 13, 17, 19, 26, 27, 51, 52]);
    expected.insert((3, 3), vec![10, 23, 55]);
    expected.insert((2, 1), vec![14, 29, 35]);
    expected.insert((2, 2), vec![6, 12, 16, 30, 31, 34, 38, 40, 50, 54]);
    expected.insert((2, 3), vec![1, 5, 18]);
    expected.insert((1, 1), vec![36]);
    let text = pdf_text(&example_pdf("arbetsmarknadsnamnden", "vor-2026.pdf"));
    check_matrix(
        &matrix_alt("arbetsmarknadsnamnden", "vor-2026.pdf"),
        &text,
        &expected,
        4,
    );
}

#[test]
fn arbetsmarknadsnamnden_ikp_has_its_eleven_risks_renumbered() {
    let vor = pdf_text(&example_pdf("arbetsmarknadsnamnden", "vor-2026.pdf"));
    assert_eq!(
        starred(&vor),
        vec![7, 10, 21, 22, 23, 24, 47, 48, 53, 55, 56]
    );
    let ikp = pdf_text(&example_pdf("arbetsmarknadsnamnden", "ikp-2026.pdf"));
    assert!(ikp.contains("Internkontrollplanen omfattar elva risker."));
    for level in ["12 (Kritisk)", "8 (Hög)", "9 (Hög)"] {
        assert!(ikp.contains(level), "{level} in the IKP");
    }
    assert!(!ikp.contains("(Medium)"), "no Medium risk in the IKP");
}

#[test]
fn page_furniture_names_the_namnd_and_counts_pages() {
    let pages = crate::common::page_texts(&example_pdf("arbetsmarknadsnamnden", "vor-2026.pdf"));
    let total = pages.len();
    assert!(total > 3);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Sid {} ({total})", i + 1)),
            "page {}",
            i + 1
        );
        assert!(page.contains("Arbetsmarknadsnämnden"));
        assert!(page.contains("Dnr AMN-2025/1020"));
    }
    // The table's header row repeats on every table page, in the nämnd's
    // own words (seed 004 heads its risk column "Risk").
    let table_pages = pages
        .iter()
        .filter(|p| p.contains("Nr Risk Riskvärde Direktåtgärder"))
        .count();
    assert_eq!(table_pages, total - 1);
    // And every table page says which process its first rows belong to.
    for page in pages.iter().filter(|p| p.contains("Nr Risk Riskvärde")) {
        assert!(page.contains("Process "), "{page}");
    }
}

#[test]
fn dates_are_swedish() {
    let text = pdf_text(&example_pdf("arbetsmarknadsnamnden", "vor-2026.pdf"));
    assert!(text.contains("Datum 9 december 2025"));
    assert!(text.contains("2025-12-09"));
}

/// The source's Excel forms carry instructions for whoever fills them in
/// ("Välj nedan", "Max 250 ord", "OBS att summaformeln kan behöva ändras"):
/// they are no labels, and the verksamhetsplan
/// does not print them. Nor does one header name three categories of
/// partner, which would put each partner in all three.
#[test]
fn the_verksamhetsplan_prints_no_form_instructions() {
    let text = pdf_text(&example_pdf(
        "arbetsmarknadsnamnden",
        "verksamhetsplan-2026.pdf",
    ));
    for residue in [
        "Välj nedan",
        "Max 250 ord",
        "Satsningar som redovisas ska falla inom ramen",
        "Akademin, Näringsliv, Civilsamhället",
        // The investment form's notes to its author: the spreadsheet's
        // formulas, what the tjänsteutlåtande should say.
        "summaformeln",
        "ska analyseras och kommenteras i tjänsteutlåtandet",
        "ska speciellt kommenteras",
    ] {
        assert!(!text.contains(residue), "{residue:?} is printed");
    }
    assert!(text.contains("Samverkansparter: Övriga"), "{text}");
}
