//! Issue 24: every change told the same way in every report, every computed
//! sentence true, and any rectangular matrix. Checked on the text of the
//! real PDFs, of the example data (Servicenämnden and Miljö- och
//! hälsoskyddsnämnden, two years each) and of small fixtures.

use crate::common::{example_pdf, fixture, indent, normalise, pdf_text, run, run_ok};

fn text_of(folder: &str, file: &str) -> String {
    normalise(&pdf_text(&example_pdf(folder, file)))
}

/// A model with five sannolikhet steps and four konsekvens steps whose
/// levels are set cell by cell: RV 4 is Låg at S2/K2 but Hög at S1/K4.
const MODEL_5X4: &str = "namn: Testmodell 5×4
skala: {sannolikhet: 5, konsekvens: 4}
sannolikhet: [Osannolik, Mindre sannolik, Möjlig, Sannolik, Mycket sannolik]
konsekvens: [Försumbar, Lindrig, Kännbar, Allvarlig]
nivåer:
  - { namn: Låg, färg: \"#7cb342\" }
  - { namn: Måttlig, färg: \"#fdd835\" }
  - { namn: Hög, färg: \"#fb8c00\" }
  - { namn: Kritisk, färg: \"#e53935\" }
celler:
  - [Hög, Hög, Kritisk, Kritisk, Kritisk]
  - [Låg, Måttlig, Hög, Hög, Kritisk]
  - [Låg, Låg, Måttlig, Hög, Hög]
  - [Låg, Låg, Låg, Måttlig, Måttlig]
ikp: { regel: automatisk, från_nivå: Hög }
";

/// The same kind of model on a square scale, 4×4: RV 4 is Låg at S2/K2
/// but Hög at S1/K4.
const MODEL_4X4: &str = "namn: Testmodell 4×4
skala: 4
sannolikhet: [Osannolik, Mindre sannolik, Möjlig, Sannolik]
konsekvens: [Försumbar, Lindrig, Kännbar, Allvarlig]
nivåer:
  - { namn: Låg, färg: \"#7cb342\" }
  - { namn: Måttlig, färg: \"#fdd835\" }
  - { namn: Hög, färg: \"#fb8c00\" }
  - { namn: Kritisk, färg: \"#e53935\" }
celler:
  - [Hög, Hög, Kritisk, Kritisk]
  - [Låg, Måttlig, Hög, Kritisk]
  - [Låg, Låg, Måttlig, Hög]
  - [Låg, Låg, Låg, Måttlig]
ikp: { regel: automatisk, från_nivå: Hög }
";

/// A plan for `year` with the model `test-model` beside it and `risks` under one process.
fn plan(year: i32, date: &str, extra: &str, risks: &str) -> String {
    format!(
        "kommun: Testkommun
nämnd: Testnämnden
år: {year}
datum: {date}
riskmodell: test-model
{extra}rapporter: [vor, ikp, riskbild, verksamhetsplan]
riskbild: {{}}
verksamhetsplan: {{}}
processer:
  - process: Testprocess
    risker:
{}",
        indent(risks, 6)
    )
}

const CONTROL: &str =
    "  kontroll: { kontrollmoment: Stickprov, kontrollaktivitet: Stickprov på tio ärenden }\n";

/// Two years of `model`: risk 1 goes from S2/K2 (RV 4, Låg) to S1/K4 (RV
/// 4, Hög) and into the IKP; risk 2 is on the scale's top step of both
/// axes (`top`) both years.
fn two_years(model: &str, top: (u8, u8)) -> tempfile::TempDir {
    let (s, k) = top;
    let last = format!(
        "- nr: 1\n  risk: Första risken\n  sannolikhet: 2\n  konsekvens: 2\n- nr: 2\n  risk: Andra risken\n  sannolikhet: {s}\n  konsekvens: {k}\n{CONTROL}"
    );
    let this = format!(
        "- nr: 1\n  risk: Första risken\n  sannolikhet: 1\n  konsekvens: 4\n{CONTROL}- nr: 2\n  risk: Andra risken\n  sannolikhet: {s}\n  konsekvens: {k}\n{CONTROL}"
    );
    fixture(&[
        ("riskmodeller/test-model.yaml", model),
        ("namnd/plan-2025.yaml", &plan(2025, "2024-12-10", "", &last)),
        ("namnd/plan-2026.yaml", &plan(2026, "2025-12-09", "", &this)),
        (
            "namnd/t2-2026.yaml",
            "uppföljning: t2\nplan: plan-2026.yaml\ndatum: 2026-09-30\nvisa: alla\nrisker:\n  - { nr: 1, följer_plan: ja }\n  - { nr: 2, följer_plan: delvis }\n",
        ),
        (
            "namnd/vb-2026.yaml",
            "uppföljning: vb\nplan: plan-2026.yaml\ndatum: 2027-02-10\nkontroller:\n  - { nr: 1, resultat: genomförd }\n  - { nr: 2, resultat: ej genomförd }\nbedömning: { omdöme: tillräcklig, grund: Kontrollerna är gjorda. }\n",
        ),
    ])
}

fn two_years_5x4() -> tempfile::TempDir {
    two_years(MODEL_5X4, (5, 4))
}

fn build(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let out = dir.path().join("ut");
    run_ok(dir.path(), &["bygg", "namnd", "-o", out.to_str().unwrap()]);
    out.join("namnd")
}

#[test]
fn a_level_change_with_an_equal_value_is_marked_in_the_vor_and_counted() {
    let dir = two_years(MODEL_4X4, (4, 4));
    let out = build(&dir);
    let vor = normalise(&pdf_text(&out.join("vor-2026.pdf")));
    assert!(
        vor.contains("4 (Hög) ↑ höjd från 4 (Låg), samma riskvärde, ny i IKP"),
        "{vor}"
    );
    assert!(!vor.contains("→ oförändrad, ny i IKP"), "{vor}");
    // The samlade bild counts from the same record: raised, not unchanged.
    let checked = riskrapport::driver::check(&dir.path().join("namnd/plan-2026.yaml"));
    let (_, scored) = checked.plan.as_ref().expect("the plan checks");
    let history = scored.history.as_ref().expect("compared with 2025");
    let first = history.risks[0].before.as_ref().unwrap();
    assert!(first.level_changed);
    assert_eq!(
        first.direction,
        riskrapport::score::history::Direction::Raised
    );
    match checked.facts.content {
        Some(riskrapport::score::rollup::Content::Plan(facts)) => {
            let change = facts.change.expect("a change");
            assert_eq!((change.raised, change.unchanged), (1, 1));
        }
        _ => panic!("plan facts"),
    }
}

#[test]
fn a_five_by_four_model_goes_through_every_report() {
    let dir = two_years_5x4();
    let out = build(&dir);
    for kind in [
        "vor",
        "ikp",
        "riskbild",
        "verksamhetsplan",
        "t2",
        "t2-bilaga",
        "vb",
        "vb-bilaga",
    ] {
        let pdf = out.join(format!("{kind}-2026.pdf"));
        assert!(pdf.is_file(), "{kind}");
        let text = normalise(&pdf_text(&pdf));
        assert!(
            text.contains("20 (Kritisk)"),
            "{kind}: S5 × K4 = 20: {text}"
        );
    }
    let vor = normalise(&pdf_text(&out.join("vor-2026.pdf")));
    // Five sannolikhet steps along the bottom, four konsekvens steps up the side.
    assert!(vor.contains("5. Mycket sannolik"), "{vor}");
    let alt = crate::common::alt_texts(&out.join("vor-2026.pdf"))
        .into_iter()
        .find(|a| a.starts_with("Riskmatris"))
        .expect("the matrix's alt text");
    assert!(
        alt.starts_with(
            "Riskmatris 5×4 (sannolikhet × konsekvens) med konsekvens 1–4 lodrätt och sannolikhet 1–5 vågrätt"
        ),
        "{alt}"
    );
    assert_eq!(crate::common::alt_cell(&alt, 4, 5), vec![2]);
    assert_eq!(crate::common::alt_cell(&alt, 4, 1), vec![1]);
}

#[test]
fn a_five_by_four_plan_goes_to_excel_and_back_unchanged() {
    let dir = two_years_5x4();
    let plan = "namnd/plan-2026.yaml";
    let before = riskrapport::driver::check(&dir.path().join(plan));
    run_ok(dir.path(), &["excel", plan, "-o", "plan.xlsx"]);
    run_ok(
        dir.path(),
        &["importera", "plan.xlsx", "-o", plan, "--tvinga"],
    );
    let after = riskrapport::driver::check(&dir.path().join(plan));
    let show = |c: &riskrapport::driver::Checked| {
        let (plan, scored) = c.plan.as_ref().expect("checks");
        let ratings: Vec<_> = plan.risks.iter().map(|r| (r.nr, r.rating)).collect();
        (ratings, scored.counts.clone(), plan.model.scale)
    };
    assert_eq!(show(&before), show(&after));
    // The workbook's sannolikhet list has five steps, konsekvens four.
    let check = run(dir.path(), &["excel", plan, "-o", "again.xlsx"]);
    assert!(check.status.success());
}

#[test]
fn a_scale_written_as_a_list_says_what_is_expected_at_its_line() {
    let model = MODEL_5X4.replace("skala: {sannolikhet: 5, konsekvens: 4}", "skala: [5, 4]");
    let dir = fixture(&[
        ("riskmodeller/test-model.yaml", &model),
        (
            "namnd/plan.yaml",
            &plan(2026, "2025-12-09", "", "- { nr: 1, risk: En risk }\n"),
        ),
    ]);
    let out = run(dir.path(), &["kontrollera", "namnd/plan.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr).replace('\u{a0}', " ");
    assert!(!out.status.success());
    assert!(
        stderr.contains("skala är en lista; här väntades antalet steg"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skala: {sannolikhet: 5, konsekvens: 4}"),
        "{stderr}"
    );
    assert!(
        stderr.contains("riskmodeller/test-model.yaml:2:"),
        "points at the skala line: {stderr}"
    );
    // Without skala, each axis has as many steps as it has labels.
    let model = MODEL_5X4.replace("skala: {sannolikhet: 5, konsekvens: 4}\n", "");
    std::fs::write(dir.path().join("riskmodeller/test-model.yaml"), model).unwrap();
    let out = run(dir.path(), &["kontrollera", "namnd/plan.yaml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_ikp_lists_the_controls_that_left_it_with_the_reason() {
    let text = text_of("servicenamnden", "ikp-2025.pdf");
    let left = &text[text
        .find("Kontroller som utgått sedan 2024")
        .expect("the section")..];
    // 41 left the plan but stays in the VoR; 90 was dropped with a reason.
    assert!(left.contains("41 "), "{left}");
    assert!(left.contains("Stickprovskontroll av utlägg"), "{left}");
    assert!(
        left.contains("Risken står kvar i VoR:en som risk 41, riskvärde 6 (Medium)"),
        "{left}"
    );
    assert!(
        left.contains("Avslut av behörigheter vid avveckling"),
        "{left}"
    );
    assert!(
        left.contains("Det gamla ärendehanteringssystemet avvecklades"),
        "{left}"
    );
    // In the VoR, 41's move out of the IKP and 62's into it are told.
    let vor = text_of("servicenamnden", "vor-2025.pdf");
    assert!(
        vor.contains("6 (Medium) ↓ sänkt från 8 (Medium), utgår ur IKP"),
        "{vor}"
    );
    assert!(
        vor.contains("9 (Medium) ↑ höjd från 6 (Medium), ny i IKP"),
        "{vor}"
    );
}

#[test]
fn a_document_shows_only_the_follow_ups_dated_on_or_before_it() {
    // The IKP 2025 is dated 12 december 2024: the VB 2024 (13 februari
    // 2025) is later, the T2 2024 (30 september 2024) is known.
    let ikp = text_of("servicenamnden", "ikp-2025.pdf");
    assert!(!ikp.contains("2024: ej genomförd"), "{ikp}");
    assert!(!ikp.contains("2024: genomförd"), "{ikp}");
    assert!(ikp.contains("T2 2024: följer plan: nej"), "{ikp}");
    assert!(
        ikp.contains(
            "Resultaten för 2024 är hämtade ur tertialrapport 2 2024 (30 september 2024). Verksamhetsberättelsen 2024 är daterad 13 februari 2025, efter det här dokumentet, och ingår inte."
        ),
        "{ikp}"
    );
    // With only a later VB, nothing is shown, and the report says why.
    let dir = fixture(&[
        ("riskmodeller/test-model.yaml", MODEL_4X4),
        (
            "namnd/plan-2025.yaml",
            &plan(
                2025,
                "2024-12-10",
                "",
                &format!(
                    "- nr: 2\n  risk: Andra risken\n  sannolikhet: 4\n  konsekvens: 4\n{CONTROL}"
                ),
            ),
        ),
        (
            "namnd/vb-2025.yaml",
            "uppföljning: vb\nplan: plan-2025.yaml\ndatum: 2026-02-10\nkontroller:\n  - { nr: 2, resultat: ej genomförd }\nbedömning: { omdöme: tillräcklig, grund: Gjort. }\n",
        ),
        (
            "namnd/plan-2026.yaml",
            &plan(
                2026,
                "2025-12-09",
                "",
                &format!(
                    "- nr: 2\n  risk: Andra risken\n  sannolikhet: 4\n  konsekvens: 4\n{CONTROL}"
                ),
            ),
        ),
    ]);
    std::fs::write(
        dir.path().join("namnd/vb-2026.yaml"),
        "uppföljning: vb\nplan: plan-2026.yaml\ndatum: 2027-02-10\nkontroller:\n  - { nr: 2, resultat: genomförd }\nbedömning: { omdöme: tillräcklig, grund: Gjort. }\n",
    )
    .unwrap();
    let out = build(&dir);
    let ikp = normalise(&pdf_text(&out.join("ikp-2026.pdf")));
    assert!(!ikp.contains("2025: ej genomförd"), "{ikp}");
    assert!(
        ikp.contains("Resultat för 2025 visas inte. Verksamhetsberättelsen 2025 är daterad 10 februari 2026, efter det här dokumentet, och ingår inte."),
        "{ikp}"
    );
    // The VB-bilaga of 2026, dated a year on, knows last year's VB.
    let bilaga = normalise(&pdf_text(&out.join("vb-bilaga-2026.pdf")));
    assert!(bilaga.contains("2025: ej genomförd"), "{bilaga}");
    assert!(
        bilaga.contains(
            "Resultaten för 2025 är hämtade ur verksamhetsberättelsen 2025 (10 februari 2026)."
        ),
        "{bilaga}"
    );
}

#[test]
fn a_rule_sentence_names_its_exceptions() {
    let ikp = text_of("utbildningsnamnden", "ikp-2025.pdf");
    assert!(
        ikp.contains(
            "Enligt riskmodellen går risker med riskvärde 8 eller högre till internkontrollplanen, utom risk 14 (se motiveringen nedan)."
        ),
        "{ikp}"
    );
    assert!(
        ikp.contains("Risk 14, Skolenheter överskrider sin budget, riskvärde 8 (Hög), ingår inte: Budgetföljsamheten"),
        "{ikp}"
    );
    let vor = text_of("utbildningsnamnden", "vor-2025.pdf");
    assert!(
        vor.contains("utom risk 14 (se motiveringen i tabellen)"),
        "{vor}"
    );
}

#[test]
fn the_legend_says_how_the_model_sets_the_level() {
    let dir = two_years(MODEL_4X4, (4, 4));
    let out = build(&dir);
    let vor = normalise(&pdf_text(&out.join("vor-2026.pdf")));
    assert!(
        vor.contains("Nivån ges cell för cell av riskmodellen och inte av riskvärdet"),
        "{vor}"
    );
    assert!(!vor.contains("Nivån ges av riskvärdet"), "{vor}");
    let t2 = normalise(&pdf_text(&out.join("t2-2026.pdf")));
    assert!(!t2.contains("riskvärde som värderar"), "{t2}");
    assert!(
        t2.contains("En av dem är kritisk (nivån ges cell för cell i riskmatrisen)."),
        "{t2}"
    );
    // A model by thresholds says its ranges.
    let vor = text_of("aldrenamnden", "vor-2025.pdf");
    assert!(
        vor.contains("Nivån ges av riskvärdet: Kritisk 12–16, Hög 8–9, Medium 3–7, Låg 1–2."),
        "{vor}"
    );
}

#[test]
fn matrix_cells_separate_their_numbers() {
    let vor = text_of("servicenamnden", "vor-2025.pdf");
    assert!(vor.contains("26, 61"), "S2K2 holds 26 and 61: {vor}");
    assert!(!vor.contains("26 61"), "{vor}");
}

#[test]
fn cross_references_name_what_differs() {
    let vb = text_of("servicenamnden", "vb-2024.pdf");
    assert!(!vb.contains("Står även under"), "{vb}");
    // Risk 30 stands under KF:s mål 3.1 in the IKP's order; in the VoR
    // under 2.4, with the same process and arbetssätt.
    let at = vb.find("I VoR:en under").expect("a cross-reference") + "I VoR:en under".len();
    assert!(vb[at..].trim_start().starts_with("KF:s mål 2.4 "), "{vb}");
    assert!(!vb[at..].trim_start().starts_with("KF:s mål 2.4, "), "{vb}");
}

#[test]
fn follow_ups_carry_nr_and_level_and_sentences_end_once() {
    let vb = text_of("servicenamnden", "vb-2024.pdf");
    assert!(vb.contains("Nr Oönskad händelse Riskvärde"), "{vb}");
    assert!(
        vb.contains("Gäller: risk 55 Felaktig tillgång till känslig information (ej genomförd)."),
        "{vb}"
    );
    for text in [
        vb.clone(),
        text_of("servicenamnden", "t2-2024.pdf"),
        text_of("socialnamnden", "t2-2025.pdf"),
        text_of("aldrenamnden", "t2-bilaga-2025.pdf"),
    ] {
        for result in ["genomförd", "delvis genomförd", "ej genomförd"] {
            assert!(
                !text.contains(&format!(". ({result})")),
                "double punctuation: {text}"
            );
        }
        assert!(!text.contains(".."), "double stop: {text}");
        assert!(!text.contains(" delvis och "), "clipped ending: {text}");
        assert!(!text.ends_with(" inte."), "clipped ending: {text}");
    }
    let t2 = text_of("servicenamnden", "t2-2024.pdf");
    assert!(t2.contains("Risk 55 (Ansvarsområde/process)"), "{t2}");
    assert!(
        t2.contains("Nämndens internkontrollplan 2024 omfattar tolv risker."),
        "{t2}"
    );
}

#[test]
fn a_bilagas_cover_has_the_follow_ups_date_and_the_inside_title() {
    let pdf = example_pdf("servicenamnden", "vb-bilaga-2024.pdf");
    let pages = crate::common::page_texts(&pdf);
    let cover = &pages[0];
    assert!(cover.contains("Datum 13 februari 2025"), "{cover}");
    assert!(
        cover.contains("Internkontrollplanens datum 14 december 2023"),
        "{cover}"
    );
    assert!(
        cover.contains("Uppföljning av internkontrollplanen 2024"),
        "{cover}"
    );
    assert!(
        !cover.contains("Uppföljning av intern kontroll 2024"),
        "{cover}"
    );
}

#[test]
fn a_section_headed_as_its_report_is_warned_of() {
    let dir = fixture(&[
        ("riskmodeller/test-model.yaml", MODEL_4X4),
        (
            "namnd/plan.yaml",
            &plan(
                2026,
                "2025-12-09",
                "ikp:\n  avsnitt:\n    - rubrik: Internkontrollplan 2026\n      text: Planen.\n",
                "- { nr: 1, risk: En risk }\n",
            ),
        ),
    ]);
    let out = run(dir.path(), &["kontrollera", "namnd/plan.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr).replace('\u{a0}', " ");
    assert!(
        stderr.contains("avsnittet ”Internkontrollplan 2026” har samma rubrik som rapporten"),
        "{stderr}"
    );
}
