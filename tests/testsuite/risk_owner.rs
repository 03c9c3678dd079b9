//! `riskägare:` on a risk, the key that shows the data format stated once:
//! read from the data, an optional column of the VoR and the IKP, a column
//! of the Excel workbook and back, in the schema; a report that does not
//! ask for the column does not show it.

use crate::common::{fixture, pdf_text, plan_yaml, run_ok};

/// A plan whose risk 1 (riskvärde 16) goes to the IKP and risk 2
/// (riskvärde 1) does not; `settings` is YAML added after the risks.
fn owned_plan(settings: &str) -> String {
    let risks = "\
- nr: 1
  risk: Felaktiga utbetalningar
  riskägare: Ada Lind
  sannolikhet: 4
  konsekvens: 4
  kontroll:
    kontrollmoment: Attestkontroll
    ansvarig: Ekonomichef
- nr: 2
  risk: Försenad post
  riskägare: Vera Berg
  sannolikhet: 1
  konsekvens: 1
";
    format!("{}{settings}", plan_yaml(risks))
}

/// The VoR's and the IKP's text of `plan`, built.
fn built(plan: &str) -> (String, String) {
    let dir = fixture(&[("namnd/plan.yaml", plan)]);
    let ut = dir.path().join("ut");
    run_ok(dir.path(), &["bygg", "namnd", "-o", ut.to_str().unwrap()]);
    let out = ut.join("namnd");
    (
        pdf_text(&out.join("vor-2026.pdf")),
        pdf_text(&out.join("ikp-2026.pdf")),
    )
}

#[test]
fn a_risk_owner_is_a_column_of_the_vor_and_the_ikp_when_asked() {
    let (vor, ikp) = built(&owned_plan(
        "vor:\n  kolumner: [nr, risk, riskägare, riskvärde, ikp]\n\
         ikp:\n  kolumner: [nr, risk, riskägare, riskvärde, kontroll]\n",
    ));
    for (report, text) in [("VoR", &vor), ("IKP", &ikp)] {
        assert!(
            text.contains("Riskägare"),
            "{report} lacks the column: {text}"
        );
        assert!(
            text.contains("Ada Lind"),
            "{report} lacks risk 1's owner: {text}"
        );
    }
    assert!(vor.contains("Vera Berg"), "{vor}");
    assert!(
        !ikp.contains("Vera Berg"),
        "risk 2 is not in the IKP, nor its owner: {ikp}"
    );
}

#[test]
fn a_risk_owner_is_not_shown_unless_a_column_asks_for_it() {
    let (vor, ikp) = built(&owned_plan(""));
    for (report, text) in [("VoR", &vor), ("IKP", &ikp)] {
        assert!(text.contains("Felaktiga utbetalningar"), "{report}: {text}");
        assert!(
            !text.contains("Ada Lind") && !text.contains("Riskägare"),
            "{report} shows the owner without a column for it: {text}"
        );
    }
}

#[test]
fn a_risk_owner_goes_to_excel_and_back() {
    let plan = owned_plan("");
    let dir = fixture(&[("plan.yaml", &plan)]);
    run_ok(dir.path(), &["excel", "plan.yaml"]);
    run_ok(
        dir.path(),
        &["importera", "plan.xlsx", "-o", "tillbaka.yaml"],
    );
    let back = std::fs::read_to_string(dir.path().join("tillbaka.yaml")).expect("written");
    for owner in ["riskägare: Ada Lind", "riskägare: Vera Berg"] {
        assert!(back.contains(owner), "{owner} is lost:\n{back}");
    }
    run_ok(dir.path(), &["kontrollera", "tillbaka.yaml"]);
}
