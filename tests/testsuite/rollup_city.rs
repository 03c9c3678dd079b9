//! Kommunstyrelsens samlade bild of small cities written for one fault
//! each: a kommun whose model names its levels in its own words, the
//! process catalogue and the folding of process names, and a model that
//! sets the level cell by cell, where a level can change with an equal
//! riskvärde.

use std::path::Path;

use crate::common::{fixture, pdf_text, run};
use crate::rollup::{has, squash};

/// A 4×4 model whose levels are not Stockholm's: Låg, Måttlig, Hög, Akut.
const OWN_LEVELS: &str = "riskmodell:
  namn: Nivåstadens modell
  skala: 4
  sannolikhet: [Osannolik, Möjlig, Trolig, Mycket trolig]
  konsekvens: [Liten, Märkbar, Stor, Mycket stor]
  nivåer:
    - { namn: Låg, färg: \"#7cb342\", från: 1, till: 2 }
    - { namn: Måttlig, färg: \"#fdd835\", från: 3, till: 7 }
    - { namn: Hög, färg: \"#fb8c00\", från: 8, till: 9 }
    - { namn: Akut, färg: \"#e53935\", från: 12, till: 16 }
  ikp:
    regel: automatisk
    från_riskvärde: 8
";

/// A plan of `namnd` for 2026 under `process`: risk 1 Akut (4×4), risk 2
/// Hög (3×3), risk 3 Låg, both high ones in the internkontrollplan; and a
/// high risk 4 under `other`, when given.
fn plan(namnd: &str, process: &str, other: Option<&str>) -> String {
    let mut y = format!(
        "kommun: Nivåstaden\nnämnd: {namnd}\når: 2026\ndatum: 2025-12-01\n{OWN_LEVELS}processer:\n  - process: {process}\n    risker:\n"
    );
    for (nr, s, k) in [(1, 4, 4), (2, 3, 3), (3, 1, 1)] {
        y.push_str(&format!(
            "      - nr: {nr}\n        risk: Risk {nr} hos {namnd}.\n        sannolikhet: {s}\n        konsekvens: {k}\n"
        ));
        if s * k >= 8 {
            y.push_str(&format!(
                "        kontroll:\n          kontrollmoment: Kontroll {nr}\n"
            ));
        }
    }
    if let Some(other) = other {
        y.push_str(&format!(
            "  - process: {other}\n    risker:\n      - nr: 4\n        risk: Risk 4.\n        sannolikhet: 3\n        konsekvens: 3\n        kontroll:\n          kontrollmoment: Kontroll 4\n"
        ));
    }
    y
}

const T2: &str = "uppföljning: t2\nplan: plan-2026.yaml\ndatum: 2026-09-30\nvisa: alla\nrisker:\n  - nr: 1\n    följer_plan: nej\n  - nr: 2\n    följer_plan: ja\n";

const VB: &str = "uppföljning: vb\nplan: plan-2026.yaml\ndatum: 2027-02-10\nkontroller:\n  - nr: 1\n    resultat: ej genomförd\n  - nr: 2\n    resultat: genomförd\nbedömning:\n  omdöme: delvis tillräcklig\n  grund: Grund.\n";

const KOMMUN: &str = "kommun: Nivåstaden\når: 2026\ndatum: 2027-03-01\n";

/// The samlade bild's text, squashed (see `rollup::squash`).
fn build(dir: &Path) -> String {
    let out = run(dir, &["bygg", ".", "-o", "ut"]);
    assert!(
        out.status.success(),
        "the city builds:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    squash(&pdf_text(&dir.join("ut/sammanställning-2026.pdf")))
}

/// Two nämnder of Nivåstaden, one followed up in its T2 only, one in its VB.
fn city(kommun: &str, a_process: &str, b_process: &str, other: Option<&str>) -> tempfile::TempDir {
    let a = plan("Nämnd A", a_process, other);
    let b = plan("Nämnd B", b_process, None);
    fixture(&[
        ("kommun.yaml", kommun),
        ("a/plan-2026.yaml", &a),
        ("a/uppfoljning-t2-2026.yaml", T2),
        ("b/plan-2026.yaml", &b),
        ("b/uppfoljning-vb-2026.yaml", VB),
    ])
}

#[test]
fn no_level_name_that_no_namnds_model_has() {
    let dir = city(KOMMUN, "Upphandling", "Upphandling", None);
    let text = build(dir.path());
    let lower = text.to_lowercase();
    for foreign in ["kritisk", "medium"] {
        assert!(
            !lower.contains(foreign),
            "”{foreign}” is no level of Nivåstaden's model:\n{text}"
        );
    }
    // The levels are named as the model names them.
    for own in [
        "Akut 1 · Hög 1 · Måttlig 0 · Låg 1",
        "högsta nivån: Akut",
        "Akut hos båda nämnderna",
        "Hög och Akut av fyra nivåer",
    ] {
        assert!(has(&text, own), "no ”{own}” in:\n{text}");
    }
}

#[test]
fn without_a_catalogue_names_are_folded_for_case_spaces_and_a_suffix_after_a_comma() {
    let dir = city(
        KOMMUN,
        "Upphandling och inköp, kontor A",
        "upphandling  och inköp",
        None,
    );
    let text = build(dir.path());
    assert!(
        has(
            &text,
            "Upphandling och inköp även skrivet: Upphandling och inköp, kontor A; upphandling och inköp Nämnd A: 1 (Akut), 2 (Hög) Nämnd B: 1 (Akut), 2 (Hög) 2 4"
        ),
        "one process of both nämnder:\n{text}"
    );
    assert!(
        has(
            &text,
            "”Upphandling och inköp, kontor A” räknas till ”Upphandling och inköp”."
        ),
        "the grouping is explained with its example:\n{text}"
    );
}

#[test]
fn the_catalogue_groups_its_variants_and_lists_the_processes_it_lacks() {
    let kommun = format!(
        "{KOMMUN}processer:\n  - namn: Inköp\n    varianter:\n      - Upphandling\n      - Köp av tjänster\n"
    );
    let dir = city(
        &kommun,
        "Upphandling, kontor A",
        "Köp av tjänster",
        Some("Lokaler"),
    );
    let text = build(dir.path());
    assert!(
        has(
            &text,
            "Inköp även skrivet: Upphandling, kontor A; Köp av tjänster Nämnd A: 1 (Akut), 2 (Hög) Nämnd B: 1 (Akut), 2 (Hög)"
        ),
        "the catalogue's name over both variants:\n{text}"
    );
    assert!(
        has(
            &text,
            "Processer med höga risker som inte står i processkatalogen: Lokaler (Nämnd A)."
        ),
        "{text}"
    );
    // A name in two processes of the catalogue is an error at its line.
    let broken = format!(
        "{KOMMUN}processer:\n  - namn: Inköp\n    varianter: [Upphandling]\n  - namn: upphandling\n"
    );
    std::fs::write(dir.path().join("kommun.yaml"), broken).unwrap();
    let out = run(dir.path(), &["kontrollera", "kommun.yaml"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        said.contains("kommun.yaml:7")
            && said.contains(
                "”upphandling” står både under processen ”Inköp” och under ”upphandling”"
            ),
        "{said}"
    );
}

/// A 4×4 model that sets the level cell by cell: S2/K2 is Måttlig, S1/K4
/// Hög, both riskvärde 4.
const CELLS: &str = "riskmodell:
  skala: 4
  sannolikhet: [a, b, c, d]
  konsekvens: [w, x, y, z]
  nivåer:
    - { namn: Låg, färg: \"#7cb342\" }
    - { namn: Måttlig, färg: \"#fdd835\" }
    - { namn: Hög, färg: \"#e53935\" }
  celler:
    - [Hög, Hög, Hög, Hög]
    - [Måttlig, Måttlig, Hög, Hög]
    - [Låg, Måttlig, Måttlig, Hög]
    - [Låg, Låg, Måttlig, Måttlig]
  ikp:
    regel: automatisk
    från_nivå: Hög
";

fn cells_plan(year: i32, s: u8, k: u8) -> String {
    format!(
        "kommun: Cellstaden\nnämnd: Cellnämnden\når: {year}\ndatum: {}-12-01\n{CELLS}risker:\n  - nr: 1\n    risk: Risken som byter ruta.\n    sannolikhet: {s}\n    konsekvens: {k}\n    kontroll:\n      kontrollmoment: Kontroll\n  - nr: 2\n    risk: Risken som står kvar.\n    sannolikhet: 1\n    konsekvens: 1\n",
        year - 1
    )
}

#[test]
fn a_level_changed_with_an_equal_riskvarde_counts_as_a_change() {
    let dir = fixture(&[
        ("kommun.yaml", KOMMUN),
        ("n/plan-2025.yaml", &cells_plan(2025, 2, 2)),
        ("n/plan-2026.yaml", &cells_plan(2026, 1, 4)),
    ]);
    let text = build(dir.path());
    let at = text
        .rfind(&squash("Förändring sedan föregående år"))
        .expect("the change chapter");
    let change = &text[at..];
    assert!(
        has(
            change,
            "Höjda Sänkta Oförändrade Nya Utgått Cellnämnden mot plan 2025 Hög 1 (0) · Måttlig 0 (1) · Låg 1 (1) 1 0 1 0 0"
        ),
        "raised by its level, the other unchanged:\n{change}"
    );
    assert!(
        has(
            change,
            "Med samma riskvärde men en annan nivå än förra året (modellen sätter nivån ruta för ruta), och därför räknad som höjd eller sänkt: risk 1 hos Cellnämnden."
        ),
        "the risk named:\n{change}"
    );
    assert!(
        has(
            change,
            "Cellnämnden Upp till Hög 1 Risken som byter ruta. Måttlig (4) Hög (4)"
        ),
        "the risk by name:\n{change}"
    );
    assert!(
        has(
            &text,
            "Cellnämnden: en risk höjd; risk 1 har kommit upp till Hög."
        ),
        "in the summary: {text}"
    );
}
