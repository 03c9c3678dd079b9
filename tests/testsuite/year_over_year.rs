//! Year over year: a plan compared with last year's, on the board's pages,
//! and the errors when last year's plan cannot be used.

use crate::common::{example_pdf, fixture, normalise, pdf_text, plan_yaml, run};

/// Servicenämnden's VoR 2025 against the invented 2024 plan (see the
/// comments at the top of data/servicenamnden/vor-ikp-2024.yaml).
fn vor_2025() -> String {
    normalise(&pdf_text(&example_pdf("servicenamnden", "vor-2025.pdf")))
}

#[test]
fn each_kind_of_change_is_shown_with_before_after_and_a_word() {
    let text = vor_2025();
    for (what, expected) in [
        // 55: 3×3 = 9 Medium in 2024, 3×4 = 12 Kritisk in 2025.
        (
            "raised",
            "12 (Kritisk) ↑ höjd från 9 (Medium), samma kontroll som 2024",
        ),
        // 51: 4×3 = 12 Kritisk in 2024, 3×3 = 9 Medium in 2025.
        ("lowered", "9 (Medium) ↓ sänkt från 12 (Kritisk)"),
        ("unchanged", "6 (Medium) → oförändrad"),
        // 39 is new in 2025, and in the IKP.
        ("new", "12 (Kritisk) ny 2025, ny i IKP"),
        // 53 was 95 in 2024.
        ("renumbered", "9 (Medium) → oförändrad, tidigare nr 95"),
    ] {
        assert!(text.contains(expected), "{what}: ”{expected}” in the VoR");
    }
    // Counts with last year's beside them, and what the parentheses mean.
    assert!(
        text.contains("Kritisk 3 (2) Medium 64 (66) Låg 2 (2)"),
        "{text}"
    );
    assert!(text.contains("Inom parentes: antalet 2024."));
}

#[test]
fn dropped_risks_are_listed_with_the_reason_or_its_absence() {
    let text = vor_2025();
    let dropped = &text[text
        .find("Risker som utgått sedan 2024")
        .expect("the section")..];
    assert!(dropped.contains("90 Behörigheter i det gamla ärendehanteringssystemet"));
    assert!(dropped.contains("Det gamla ärendehanteringssystemet avvecklades"));
    assert!(dropped.contains("92 Protokoll från nämndens sammanträden"));
    assert!(dropped.contains("motivering saknas i underlaget"));
    let (at_90, at_91) = (dropped.find("90 ").unwrap(), dropped.find("91 ").unwrap());
    assert!(at_90 < at_91, "in the order of last year's numbers");
}

#[test]
fn a_continued_control_shows_last_years_result_known_at_the_date() {
    let text = normalise(&pdf_text(&example_pdf("servicenamnden", "ikp-2025.pdf")));
    // 55's control did not follow the plan at T2 2024 (the VB 2024 is
    // dated after this IKP); 39's is new in the plan.
    let risk_55 = "Felaktig tillgång till känslig information.";
    let after = &text[text.find(risk_55).expect("risk 55") + risk_55.len()..];
    assert!(
        after.trim_start().starts_with(
            "↑ höjd från 9 (Medium), samma kontroll som 2024 T2 2024: följer plan: nej"
        ),
        "{after}"
    );
    assert!(text.contains("ny 2025, ny i IKP"));
    assert!(text.contains("T2 2024: följer plan: delvis"));
}

/// A plan for 2026 and last year's, with the given risks, in one folder.
fn two_years(this_year: &str, last_year: &str) -> tempfile::TempDir {
    let last = plan_yaml(last_year)
        .replace("år: 2026", "år: 2025")
        .replace("datum: 2025-12-09", "datum: 2024-12-10");
    fixture(&[
        ("namnd/plan-2026.yaml", &plan_yaml(this_year)),
        ("namnd/plan-2025.yaml", &last),
    ])
}

const RISK_1: &str = "- nr: 1\n  risk: Första risken\n  sannolikhet: 2\n  konsekvens: 2\n";
const RISK_2: &str = "- nr: 2\n  risk: Andra risken\n  sannolikhet: 1\n  konsekvens: 2\n";

fn check(dir: &tempfile::TempDir, file: &str) -> (bool, String) {
    let out = run(dir.path(), &["kontrollera", file]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).replace('\u{a0}', " "),
    )
}

#[test]
fn last_years_plan_beside_is_found_and_a_dropped_risk_without_reason_warns() {
    let dir = two_years(RISK_1, &format!("{RISK_1}{RISK_2}"));
    let (ok, stderr) = check(&dir, "namnd/plan-2026.yaml");
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("risk 2 i föregående plan namnd/plan-2025.yaml finns inte i årets plan och har ingen motivering"),
        "{stderr}"
    );
    // With a reason, no warning.
    let dir = two_years(RISK_1, &format!("{RISK_1}{RISK_2}"));
    let with_reason = plan_yaml(RISK_1).replace(
        "processer:\n",
        "utgått:\n  - {nr: 2, motivering: Verksamheten är nedlagd}\nprocesser:\n",
    );
    std::fs::write(dir.path().join("namnd/plan-2026.yaml"), with_reason).unwrap();
    let (ok, stderr) = check(&dir, "namnd/plan-2026.yaml");
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("ingen motivering"), "{stderr}");
}

#[test]
fn a_predecessor_with_an_error_names_both_files() {
    let dir = two_years(
        RISK_1,
        "- nr: 1\n  risk: Första risken\n  sannolikhet: 7\n  konsekvens: 2\n",
    );
    let (ok, stderr) = check(&dir, "namnd/plan-2026.yaml");
    assert!(!ok);
    assert!(
        stderr.contains("föregående plan namnd/plan-2025.yaml har 1 fel, så planen kan inte jämföras med förra året"),
        "{stderr}"
    );
    assert!(stderr.contains("--> namnd/plan-2026.yaml"), "{stderr}");
    assert!(
        stderr.contains("kör riskrapport kontrollera namnd/plan-2025.yaml"),
        "{stderr}"
    );
}

#[test]
fn a_tidigare_nr_pointing_nowhere_is_an_error_at_its_line() {
    let this = format!("{RISK_1}  tidigare_nr: 14\n");
    let dir = two_years(&this, RISK_1);
    let (ok, stderr) = check(&dir, "namnd/plan-2026.yaml");
    assert!(!ok);
    assert!(
        stderr.contains("risk 1: tidigare_nr 14 finns inte i föregående plan namnd/plan-2025.yaml"),
        "{stderr}"
    );
    let line = plan_yaml(&this)
        .lines()
        .position(|l| l.contains("tidigare_nr"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("namnd/plan-2026.yaml:{line}:")),
        "line {line}: {stderr}"
    );
}

#[test]
fn predecessors_that_point_at_each_other_are_an_error() {
    let this = plan_yaml(RISK_1).replace("år: 2026\n", "år: 2026\nföregående: plan-b.yaml\n");
    let other = plan_yaml(RISK_1).replace("år: 2026\n", "år: 2026\nföregående: plan-a.yaml\n");
    let dir = fixture(&[("namnd/plan-a.yaml", &this), ("namnd/plan-b.yaml", &other)]);
    let (ok, stderr) = check(&dir, "namnd/plan-a.yaml");
    assert!(!ok);
    assert!(
        stderr
            .contains("namnd/plan-a.yaml och namnd/plan-b.yaml anger varandra som föregående plan"),
        "{stderr}"
    );
    // A predecessor of a later year is refused even without a cycle.
    let later = plan_yaml(RISK_1).replace("år: 2026", "år: 2027");
    std::fs::write(dir.path().join("namnd/plan-b.yaml"), later).unwrap();
    let (ok, stderr) = check(&dir, "namnd/plan-a.yaml");
    assert!(!ok);
    assert!(
        stderr.contains("föregående plan namnd/plan-b.yaml gäller år 2027, inte ett år före 2026"),
        "{stderr}"
    );
}

#[test]
fn omprovas_warns_once_per_risk_until_the_rating_is_looked_at() {
    let risks = format!("{RISK_1}  omprövas: ja\n{RISK_2}  omprövas: ja\n");
    let dir = fixture(&[("namnd/plan.yaml", &plan_yaml(&risks))]);
    let (ok, stderr) = check(&dir, "namnd/plan.yaml");
    assert!(ok, "{stderr}");
    assert_eq!(
        stderr
            .matches("värderingen är förra årets och ska omprövas")
            .count(),
        2,
        "{stderr}"
    );
}
