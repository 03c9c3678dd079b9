//! Every validation error names the file, the place, the risk and the field,
//! and says what is allowed; `check` reports all of them in one run.

use crate::common::{fixture, plan_yaml, run};

/// Runs `check` on one plan file written from `yaml`; returns (exit ok, stderr).
fn check(yaml: &str) -> (bool, String) {
    let dir = fixture(&[("namnd/plan.yaml", yaml)]);
    let out = run(dir.path(), &["check", "namnd/plan.yaml"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const RISK_1: &str = "- nr: 1\n  risk: Första risken\n  sannolikhet: 2\n  konsekvens: 2\n";

#[test]
fn valid_plan_passes() {
    let (ok, stderr) = check(&plan_yaml(RISK_1));
    assert!(ok, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn value_outside_the_scale() {
    let yaml = plan_yaml(&format!(
        "{RISK_1}- nr: 13\n  risk: Tretton\n  sannolikhet: 2\n  konsekvens: 7\n"
    ));
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("konsekvens 7 för risk 13 ligger utanför skalan 1–4"),
        "{stderr}"
    );
    assert!(
        stderr.contains("namnd/plan.yaml:27:"),
        "names file and line: {stderr}"
    );
    assert!(stderr.contains("(risk 13, konsekvens)"), "{stderr}");
    assert!(
        stderr.contains("1 Försumbar, 2 Måttlig, 3 Betydande, 4 Allvarlig"),
        "{stderr}"
    );
}

#[test]
fn duplicate_nr_with_different_content() {
    let yaml = plan_yaml(&format!(
        "{RISK_1}- nr: 1\n  risk: En annan risk\n  sannolikhet: 3\n  konsekvens: 3\n"
    ));
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("risk 1 står två gånger med olika innehåll"),
        "{stderr}"
    );
    assert!(stderr.contains("plan.yaml:24:"), "{stderr}");
    assert!(stderr.contains("(risk 1, nr)"), "{stderr}");
    assert!(
        stderr.contains("rad 20"),
        "points at the first definition: {stderr}"
    );
}

#[test]
fn same_risk_in_two_places_is_one_risk() {
    let yaml = plan_yaml(&format!("{RISK_1}{RISK_1}- nr: 1\n"));
    let (ok, stderr) = check(&yaml);
    assert!(ok, "{stderr}");
}

#[test]
fn reference_to_unknown_nr() {
    let (ok, stderr) = check(&plan_yaml(&format!("{RISK_1}- nr: 99\n")));
    assert!(!ok);
    assert!(
        stderr.contains("hänvisningen till risk 99 går inte att lösa"),
        "{stderr}"
    );
    assert!(stderr.contains("plan.yaml:24:"), "{stderr}");
    assert!(stderr.contains("(risk 99, nr)"), "{stderr}");
}

#[test]
fn unknown_key_is_a_typo_not_silence() {
    let yaml = plan_yaml("- nr: 4\n  risk: Fyra\n  sanolikhet: 2\n  konsekvens: 2\n");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(stderr.contains("okänd nyckel ”sanolikhet”"), "{stderr}");
    assert!(stderr.contains("plan.yaml:22:"), "{stderr}");
    assert!(stderr.contains("risk 4"), "{stderr}");
    assert!(
        stderr.contains("sannolikhet"),
        "lists the allowed keys: {stderr}"
    );
}

#[test]
fn overlapping_thresholds() {
    let yaml = plan_yaml(RISK_1).replace("från: 3, till: 7", "från: 2, till: 7");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("nivåerna ”Låg” (1–2) och ”Medium” (2–7) överlappar"),
        "{stderr}"
    );
    assert!(stderr.contains("plan.yaml:"), "{stderr}");
    assert!(stderr.contains("riskmodell › nivåer"), "{stderr}");
}

#[test]
fn thresholds_with_a_gap() {
    let yaml = plan_yaml(RISK_1).replace("från: 8, till: 9", "från: 9, till: 9");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("riskvärde 8 hör inte till någon nivå"),
        "{stderr}"
    );
    assert!(stderr.contains("riskmodell › nivåer"), "{stderr}");
}

#[test]
fn only_values_the_scale_can_give_need_a_level() {
    // On 4×4, Hög 8–9 and Kritisk 12–16 leave out 10 and 11, which S×K never
    // gives (valid_plan_passes). On 5×5, 2 × 5 = 10 is possible, 11 is not.
    let five = plan_yaml(RISK_1)
        .replace("skala: 4", "skala: 5")
        .replace("[Låg, Medelhög, Hög, Mycket hög]", "[1, 2, 3, 4, 5]")
        .replace(
            "[Försumbar, Måttlig, Betydande, Allvarlig]",
            "[1, 2, 3, 4, 5]",
        )
        .replace("från: 12, till: 16", "från: 12, till: 25");
    let (ok, stderr) = check(&five);
    assert!(!ok);
    assert!(
        stderr.contains("nivåerna lämnar en lucka: riskvärde 10 hör inte till någon nivå"),
        "{stderr}"
    );
}

#[test]
fn unrated_risk_is_a_warning() {
    let (ok, stderr) = check(&plan_yaml(&format!("{RISK_1}- nr: 2\n  risk: Ej bedömd\n")));
    assert!(ok, "a warning does not fail: {stderr}");
    assert!(
        stderr.contains("varning: risk 2 är inte värderad och räknas inte med"),
        "{stderr}"
    );
}

#[test]
fn kept_out_of_automatic_ikp_needs_a_motivering() {
    let yaml =
        plan_yaml("- nr: 5\n  risk: Hög risk\n  sannolikhet: 3\n  konsekvens: 3\n  ikp: nej\n");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(stderr.contains("risk 5 har riskvärde 9"), "{stderr}");
    assert!(stderr.contains("(risk 5, motivering)"), "{stderr}");
}

#[test]
fn every_error_is_reported_in_one_run() {
    let yaml = plan_yaml(&format!(
        "{RISK_1}- nr: 2\n  risk: Två\n  sannolikhet: 9\n  konsekvens: 2\n- nr: 3\n  risk: Tre\n  sannolikhet: 1\n  konsekvens: 0\n- nr: 77\n"
    ));
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert_eq!(stderr.matches("fel: ").count(), 3, "{stderr}");
}

#[test]
fn missing_model_file_names_where_it_looked() {
    let yaml = plan_yaml(RISK_1);
    let start = yaml.find("riskmodell:").unwrap();
    let end = yaml.find("processer:").unwrap();
    let yaml = format!("{}riskmodell: finns-inte\n{}", &yaml[..start], &yaml[end..]);
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("riskmodellen ”finns-inte” finns inte"),
        "{stderr}"
    );
    assert!(stderr.contains("riskmodeller/"), "{stderr}");
}

#[test]
fn bad_date_and_colour() {
    let yaml = plan_yaml(RISK_1)
        .replace("datum: 2025-12-09", "datum: 2025-13-09")
        .replace("\"#e53935\"", "röd");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("”2025-13-09” är inget giltigt datum"),
        "{stderr}"
    );
    assert!(stderr.contains("”röd” är ingen färg"), "{stderr}");
}
