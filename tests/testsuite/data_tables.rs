//! Tables from data in the verksamhetsplan: totals and column formulas are
//! computed, a total the data states is a claim that `check` verifies, and
//! the PDF writes the numbers the Swedish way.

use crate::common::{fixture, pdf_text, plan_yaml, run, run_ok};

const RISK_1: &str = "- nr: 1\n  risk: Första risken\n  sannolikhet: 2\n  konsekvens: 2\n";

/// Seed 004's drift table, shortened to its non-zero rows; `netto` is the
/// Netto row's stated values.
fn drift_plan(netto: &str, extra_rows: &str) -> String {
    format!(
        "{}verksamhetsplan:
  kapitel:
    - rubrik: Nämndens budget 2026
      numrering: nej
      tabeller:
        - rubrik: Driftverksamhet
          kolumner:
            - {{rubrik: Mnkr}}
            - {{rubrik: Ursprunglig budget 2026, typ: mnkr, nummer: \"1\"}}
            - {{rubrik: Omslutningsförändringar, typ: mnkr, nummer: \"2\"}}
            - {{rubrik: Budgetjusteringar, typ: mnkr, nummer: \"3\"}}
            - {{rubrik: Budget efter förändringar, typ: mnkr, nummer: \"4\", anteckning: (1+2+3), formel: 1+2+3}}
            - {{rubrik: Utfall 2024, anteckning: (VB 2024), typ: mnkr, nummer: \"5\"}}
            - {{rubrik: Prognos 2025, anteckning: (Tertialrapport 2), typ: mnkr, nummer: \"6\"}}
          rader:
            - grupp: Driftverksamhet
            - summa: Kostnader
              värden: [1260.6, 260.7, 80.0, 1601.3, 1316.7, 1355.4]
              rader:
                - [Verksamhetsområde Jobbtorg, 509.2, 75.7, 0.0, 584.9, 452.2, 464.3]
                - [Regiongemensam samhällsorientering, 0.0, 10.2, 0.0, 10.2, 0.0, 0.0]
                - [Verksamhetsområde vuxenutbildning, 616.6, 163.3, 80.0, 859.9, 733.8, 756.6]
                - [Nämnd och gemensam administration, 90.3, 10.8, 0.0, 101.1, 87.2, 82.4]
                - [Stadsövergripande, 44.5, 0.7, 0.0, 45.2, 43.5, 52.1]
{extra_rows}            - summa: Intäkter (-)
              värden: [\"-168,3\", \"-260,7\", \"0,0\", \"-429,0\", \"-329,4\", \"-399,0\"]
              rader:
                - [Jobbtorg, 0.0, -75.7, 0.0, -75.7, 0.0, 0.0]
                - [Samhällsorientering, 0.0, -10.2, 0.0, -10.2, 0.0, 0.0]
                - [Vuxenutbildning, 0.0, -163.3, 0.0, -163.3, 0.0, 0.0]
                - [Administration, 0.0, -10.8, 0.0, -10.8, 0.0, 0.0]
                - [Stadsövergripande, 0.0, -0.7, 0.0, -0.7, 0.0, 0.0]
                - [Intäkter från skolverket, -82.6, 0.0, 0.0, -82.6, -188.4, -159.0]
                - [Intäkter från Migrationsverket, -85.7, 0.0, 0.0, -85.7, -107.5, -182.4]
                - [Statsbidrag till verksamhet för flyktingar, 0.0, 0.0, 0.0, ~, -33.5, -57.6]
            - summa: Netto
              av: [Kostnader, Intäkter (-)]
              värden: [{netto}]
    - rapport: vor
",
        plan_yaml(RISK_1)
    )
}

const NETTO: &str = "1092.3, 0.0, 80.0, 1172.3, 987.3, 956.4";

/// Runs `check` on the plan; (exit ok, stderr with no-break spaces as spaces).
fn check(yaml: &str) -> (bool, String) {
    let dir = fixture(&[("namnd/plan.yaml", yaml)]);
    let out = run(dir.path(), &["check", "namnd/plan.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr).replace('\u{a0}', " ");
    (out.status.success(), stderr)
}

/// The 1-based line of the first line of `yaml` containing `needle`.
fn line_of(yaml: &str, needle: &str) -> usize {
    yaml.lines()
        .position(|l| l.contains(needle))
        .expect("the needle is in the YAML")
        + 1
}

#[test]
fn stated_totals_that_hold_pass() {
    let (ok, stderr) = check(&drift_plan(NETTO, ""));
    assert!(ok, "{stderr}");
}

#[test]
fn a_stated_total_off_by_a_tenth_is_refused_naming_file_line_row_and_column() {
    let yaml = drift_plan("1092.3, 0.0, 80.0, 1172.4, 987.3, 956.4", "");
    let (ok, stderr) = check(&yaml);
    assert!(!ok, "{stderr}");
    let line = line_of(&yaml, "1172.4");
    assert!(
        stderr.contains(&format!("namnd/plan.yaml:{line}:")),
        "the file and the line of the stated value: {stderr}"
    );
    assert!(
        stderr.contains(
            "raden ”Netto”, kolumn 4 (”Budget efter förändringar”): summan är 1 172,3 men datan anger 1 172,4 (skillnad 0,1)"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("fel:").count(),
        1,
        "only that value: {stderr}"
    );
}

#[test]
fn a_part_that_does_not_add_up_is_caught_in_its_total_and_its_formula() {
    // Jobbtorg's 4 should be 509,2 + 75,7 + 0,0 = 584,9; stated 584,8.
    let yaml = drift_plan(NETTO, "").replace("509.2, 75.7, 0.0, 584.9", "509.2, 75.7, 0.0, 584.8");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains(
            "raden ”Verksamhetsområde Jobbtorg”, kolumn 4 (”Budget efter förändringar”): formeln är 584,9 men datan anger 584,8 (skillnad 0,1)"
        ),
        "{stderr}"
    );
    // The total is computed from the corrected part, so it still holds.
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");
}

#[test]
fn a_total_of_rows_that_do_not_exist_lists_those_that_do() {
    let yaml =
        drift_plan(NETTO, "").replace("av: [Kostnader, Intäkter (-)]", "av: [Kostnader, Intäkter]");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("summaraden ”Netto” räknar med ”Intäkter”, som inte finns i tabellen"),
        "{stderr}"
    );
    assert!(
        stderr.contains("”Intäkter (-)”"),
        "lists the rows there are: {stderr}"
    );
}

#[test]
fn rows_with_too_few_values_and_values_that_are_not_numbers_are_errors() {
    let extra = "                - [Enheten för extern näringslivssamverkan, 0.0, 0.0]\n                - [Statsbidrag, 0.0, 0.0, 0.0, 0.0, tolv, 0.0]\n                - [Utbildning, 1.25, 0.0, 0.0, 1.25, 0.0, 0.0]\n";
    let yaml = drift_plan(NETTO, extra);
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("raden ”Enheten för extern näringslivssamverkan” har 3 värden men tabellen har 7 kolumner"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "raden ”Statsbidrag”: ”tolv” i kolumnen ”Utfall 2024” är inget tal med högst en decimal"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("raden ”Utbildning”: ”1.25” i kolumnen ”Ursprunglig budget 2026” är inget tal med högst en decimal"),
        "{stderr}"
    );
}

#[test]
fn a_formula_naming_a_missing_column_says_which_there_are() {
    let yaml = drift_plan(NETTO, "").replace("formel: 1+2+3", "formel: 1+2+7");
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("formeln ”1+2+7” nämner kolumn ”7”, som inte finns"),
        "{stderr}"
    );
    assert!(stderr.contains("(1, 2, 3, 4, 5, 6)"), "{stderr}");
}

#[test]
fn the_pdf_writes_computed_totals_the_swedish_way() {
    // No stated totals at all: the tool computes every one.
    let yaml = drift_plan(NETTO, "")
        .replace(
            "              värden: [1260.6, 260.7, 80.0, 1601.3, 1316.7, 1355.4]\n",
            "",
        )
        .replace(&format!("              värden: [{NETTO}]\n"), "");
    let dir = fixture(&[("namnd/plan.yaml", &yaml)]);
    run_ok(dir.path(), &["build", "namnd", "-o", "ut"]);
    let text = pdf_text(&dir.path().join("ut/namnd/verksamhetsplan-2026.pdf"));
    for row in [
        "Kostnader 1 260,6 260,7 80,0 1 601,3 1 316,7 1 355,4",
        "Intäkter (-) −168,3 −260,7 0,0 −429,0 −329,4 −399,0",
        "Netto 1 092,3 0,0 80,0 1 172,3 987,3 956,4",
        // An empty formula cell is computed from its row.
        "Statsbidrag till verksamhet för flyktingar 0,0 0,0 0,0 0,0 −33,5 −57,6",
    ] {
        assert!(text.contains(row), "”{row}” in:\n{text}");
    }
    assert!(
        text.contains("Utfall 2024 (VB 2024)"),
        "a note stays under its title"
    );
}

#[test]
fn a_formula_naming_a_number_two_columns_share_is_refused() {
    // Forms repeat column numbers (seed 004's project form prints (7)–(10)
    // twice); a formula naming one of them cannot know which is meant.
    let yaml = drift_plan(NETTO, "").replace(
        "{rubrik: Budgetjusteringar, typ: mnkr, nummer: \"3\"}",
        "{rubrik: Budgetjusteringar, typ: mnkr, nummer: \"2\"}",
    );
    let (ok, stderr) = check(&yaml);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("formeln ”1+2+3” nämner kolumn ”2”, som två kolumner har"),
        "{stderr}"
    );
}

#[test]
fn the_widest_tables_are_split_or_shown_a_row_at_a_time() {
    // 20 number columns cannot be read on one page: the table is shown in
    // parts, each with the row's label; 12 columns of text become cards.
    let numbers: String = (1..=20)
        .map(|n| {
            format!("            - {{rubrik: Prognos kostnad {n}, typ: mnkr, nummer: \"({n})\"}}\n")
        })
        .collect();
    let values: Vec<String> = (1..=20).map(|n| format!("{n}.5")).collect();
    let texts: String = (1..=12)
        .map(|n| format!("            - {{rubrik: Fält {n}}}\n"))
        .collect();
    let cells: Vec<String> = (1..=12)
        .map(|n| format!("Värde {n}{}", " text".repeat(8)))
        .collect();
    let yaml = format!(
        "{}verksamhetsplan:
  kapitel:
    - rubrik: Projekt
      tabeller:
        - kolumner:
            - {{rubrik: Projekt}}
{numbers}          rader:
            - [Nya skolan, {}]
        - kolumner:
{texts}          rader:
            - [{}]
    - rapport: vor
",
        plan_yaml(RISK_1),
        values.join(", "),
        cells.join(", ")
    );
    let dir = fixture(&[("namnd/plan.yaml", &yaml)]);
    run_ok(dir.path(), &["build", "namnd", "-o", "ut"]);
    let text = pdf_text(&dir.path().join("ut/namnd/verksamhetsplan-2026.pdf"));
    assert_eq!(text.matches("Nya skolan").count(), 2, "{text}");
    assert!(text.contains("Nya skolan 1,5"), "{text}");
    assert!(text.contains("20,5"), "{text}");
    assert!(text.contains("Fält 12 Värde 12 text"), "{text}");
}

#[test]
fn a_table_without_a_caption_is_named_by_its_section() {
    let yaml = drift_plan("1092.3, 0.0, 80.0, 1172.4, 987.3, 956.4", "").replace(
        "        - rubrik: Driftverksamhet\n          kolumner:",
        "        - kolumner:",
    );
    let (ok, stderr) = check(&yaml);
    assert!(!ok);
    assert!(
        stderr.contains("tabellen under ”Nämndens budget 2026”: raden ”Netto”, kolumn 4"),
        "{stderr}"
    );
}
