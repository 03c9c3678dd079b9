//! The model's IKP rule by level (`från_nivå`): a risk goes to the plan by
//! its level, not its riskvärde, which matters when the model colours the
//! matrix cell by cell; and the rule's faults, each with file, line and fix.

use crate::common::{Plan, fixture, pdf_text, run};

/// A plan whose 4×4 model is coloured cell by cell, where S1×K4 (RV 4) is
/// Hög but S3×K2 (RV 6) is Medium, with `ikp` as given; then `risks`.
fn cell_plan(ikp: &str, risks: &str) -> String {
    Plan::new().coloured_by_cell().ikp(ikp).risks(risks).yaml()
}

const BY_LEVEL: &str = "regel: automatisk\nfrån_nivå: Hög\n";

const RISKS: &str = "- nr: 1
  risk: Sällsynt men allvarlig
  sannolikhet: 1
  konsekvens: 4
  kontroll:
    kontrollmoment: Årlig genomgång
- nr: 2
  risk: Vanlig men måttlig
  sannolikhet: 3
  konsekvens: 2
";

/// `kontrollera` on one plan; (exit ok, stderr).
fn check(yaml: &str) -> (bool, String) {
    let dir = fixture(&[("namnd/plan.yaml", yaml)]);
    let out = run(dir.path(), &["kontrollera", "namnd/plan.yaml"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_model_with_fran_niva_and_a_cell_grid_gives_the_right_ikp() {
    let dir = fixture(&[("n/plan.yaml", &cell_plan(BY_LEVEL, RISKS))]);
    let out = run(dir.path(), &["bygg", "n", "-o", "ut"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
    let ikp = pdf_text(&dir.path().join("ut/n/ikp-2026.pdf"));
    assert!(
        ikp.contains("Sällsynt men allvarlig"),
        "RV 4 on a Hög cell goes to the IKP: {ikp}"
    );
    assert!(
        !ikp.contains("Vanlig men måttlig"),
        "RV 6 on a Medium cell does not: {ikp}"
    );
    assert!(
        ikp.contains("Internkontrollplanen omfattar en risk."),
        "{ikp}"
    );
}

#[test]
fn kept_out_of_a_level_rule_needs_a_motivering() {
    let kept_out = RISKS.replace("  kontroll:\n", "  ikp: nej\n  kontroll:\n");
    let (ok, stderr) = check(&cell_plan(BY_LEVEL, &kept_out));
    assert!(!ok);
    assert!(
        stderr.contains(
            "risk 1 har risknivå Hög och går automatiskt till internkontrollplanen, men ikp: nej saknar motivering"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("(risk 1, motivering)"), "{stderr}");

    let explained = RISKS.replace(
        "  kontroll:\n    kontrollmoment: Årlig genomgång\n",
        "  ikp: nej\n  motivering: Hanteras i budgetprocessen.\n",
    );
    let (ok, stderr) = check(&cell_plan(BY_LEVEL, &explained));
    assert!(ok, "{stderr}");
}

#[test]
fn fran_niva_must_name_a_level_of_the_model() {
    let (ok, stderr) = check(&cell_plan(
        "regel: automatisk\nfrån_nivå: Hög risk\n",
        RISKS,
    ));
    assert!(!ok);
    assert!(
        stderr.contains("från_nivå ”Hög risk” är ingen nivå i riskmodellen"),
        "{stderr}"
    );
    assert!(
        stderr.contains("namnd/plan.yaml:21:"),
        "names the line: {stderr}"
    );
    assert!(stderr.contains("riskmodell › ikp › från_nivå"), "{stderr}");
    assert!(
        stderr.contains("tillåtna nivåer: Låg, Medium, Hög, Kritisk"),
        "{stderr}"
    );
}

#[test]
fn fran_niva_and_fran_riskvarde_together_is_an_error() {
    let (ok, stderr) = check(&cell_plan(
        "regel: automatisk\nfrån_riskvärde: 8\nfrån_nivå: Hög\n",
        RISKS,
    ));
    assert!(!ok);
    assert!(
        stderr.contains("regeln automatisk har både från_riskvärde och från_nivå"),
        "{stderr}"
    );
    assert!(stderr.contains("namnd/plan.yaml:22:"), "{stderr}");
    assert!(
        stderr.contains("behåll en av dem"),
        "says what to do: {stderr}"
    );
}

#[test]
fn fran_niva_with_a_chosen_rule_is_an_error() {
    let (ok, stderr) = check(&cell_plan("regel: val\nfrån_nivå: Hög\n", RISKS));
    assert!(!ok);
    assert!(
        stderr.contains("från_nivå gäller bara regeln automatisk"),
        "{stderr}"
    );
    assert!(stderr.contains("namnd/plan.yaml:21:"), "{stderr}");
    assert!(
        stderr.contains("ta bort från_nivå, eller ange regel: automatisk"),
        "{stderr}"
    );
}

#[test]
fn an_automatic_rule_needs_a_threshold() {
    let (ok, stderr) = check(&cell_plan("regel: automatisk\n", RISKS));
    assert!(!ok);
    assert!(
        stderr.contains("regeln automatisk saknar från_riskvärde eller från_nivå"),
        "{stderr}"
    );
}
