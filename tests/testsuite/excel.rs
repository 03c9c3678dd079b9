//! `excel` and `importera`: every example plan and follow-up goes out to a
//! workbook and back with the same checked content; a controller's own
//! workbook is read by its column titles; every error names its cell, all
//! at once; nothing is written over without `--tvinga`.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::common::{Plan, data_copy, fixture, plan_yaml, run, run_ok};

/// Every example file under `data/` that is a plan or a follow-up (all
/// but the kommun's own file), relative to the crate root.
fn examples() -> Vec<String> {
    let root = crate::common::root();
    let files = riskrapport::driver::discover(&[root.join("data")]).expect("the example data");
    let found: Vec<String> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "kommun.yaml"))
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(found.len() >= 25, "every example: {found:?}");
    found
}

/// `text` with every `(line, column)` pair blanked: places differ between
/// the original file and the imported one, content must not.
fn without_places(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('(') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let pair = after.find(')').map(|end| &after[..end]).filter(|inner| {
            inner.split_once(", ").is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.chars().all(|c| c.is_ascii_digit())
                    && b.chars().all(|c| c.is_ascii_digit())
            })
        });
        match pair {
            Some(inner) => {
                out.push_str("(_)");
                rest = &after[inner.len() + 1..];
            }
            None => {
                out.push('(');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What `kontrollera` establishes about a file: the validated and scored
/// plan (every risk, rating, placement, control, text, the settings and
/// the metadata) or the validated follow-up, and the warnings' messages.
fn checked_content(path: &Path) -> String {
    let checked = riskrapport::driver::check(path);
    assert!(
        !checked.diagnostics.has_errors(),
        "{} has errors:\n{}",
        path.display(),
        checked.diagnostics
    );
    let warnings: Vec<&str> = checked
        .diagnostics
        .0
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    let content = match (&checked.plan, &checked.follow_up) {
        (Some(plan), _) => format!("{plan:?}"),
        (None, Some(follow_up)) => format!("{follow_up:?}"),
        (None, None) => panic!("{} is neither plan nor follow-up", path.display()),
    };
    without_places(&format!("{content}\n{warnings:?}"))
}

#[test]
fn excel_round_trip_keeps_every_example_plan_and_follow_up() {
    for example in &examples() {
        // A fresh copy each time: a follow-up's plan must be the original.
        let dir = data_copy();
        let file = dir.path().join(example);
        let before = checked_content(&file);
        let book = file.with_extension("xlsx");
        let out = run_ok(
            dir.path(),
            &["excel", example, "-o", book.to_str().unwrap()],
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("kommentarer"), "the comments note: {said}");
        let out = run(
            dir.path(),
            &[
                "importera",
                book.to_str().unwrap(),
                "-o",
                example,
                "--tvinga",
            ],
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "import of {example} failed:\n{said}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(said.contains("ok: "), "import runs the check: {said}");
        let after = checked_content(&file);
        if before != after {
            let at = before
                .chars()
                .zip(after.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let show = |t: &str| {
                t.chars()
                    .skip(at.saturating_sub(300))
                    .take(600)
                    .collect::<String>()
            };
            panic!(
                "{example} changed through the workbook:\n--- before\n{}\n--- after\n{}",
                show(&before),
                show(&after)
            );
        }
    }
}

/// A cell in a test workbook: text or a number.
enum V<'a> {
    T(&'a str),
    N(f64),
}
use V::{N, T};

/// Writes `rows` (from A1) to a sheet called `sheet`, with `merges` as
/// (first row, last row, column, text) merged cells.
fn workbook(path: &Path, sheet: &str, rows: &[Vec<V>], merges: &[(u32, u32, u16, &str)]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            match value {
                T("") => {}
                T(s) => {
                    ws.write_string(r as u32, c as u16, *s).unwrap();
                }
                N(n) => {
                    ws.write_number(r as u32, c as u16, *n).unwrap();
                }
            }
        }
    }
    for (first, last, col, text) in merges {
        ws.merge_range(*first, *col, *last, *col, text, &Format::new())
            .unwrap();
    }
    book.save(path).unwrap();
}

/// The plan a controller's workbook is read against (its risks are replaced).
fn base() -> String {
    plan_yaml("- nr: 99\n  risk: Ersätts av arbetsboken\n")
}

/// A controller's own layout: a title row, columns in another order and
/// under other names, an extra column, blank lines, and the process cell
/// merged over its risks.
fn controller_rows<'a>() -> Vec<Vec<V<'a>>> {
    vec![
        vec![T("Riskanalys 2026, Testnämnden")],
        vec![],
        vec![
            T("Oönskad händelse"),
            T(" process "),
            T("Nr"),
            T("S"),
            T("K"),
            T("RV"),
            T("Anteckningar"),
            T("ansvarig"),
            T("IKP"),
        ],
        vec![
            T("Fel utbetalning"),
            T(""),
            N(1.0),
            N(3.0),
            N(4.0),
            N(12.0),
            T("se mötet"),
            T("Ekonomichef"),
            T("ja"),
        ],
        vec![
            T("Sen fakturering"),
            T(""),
            N(2.0),
            T("2 – Medelhög"),
            T("Måttlig"),
            N(4.0),
            T(""),
            T(""),
            T(""),
        ],
        vec![],
        vec![
            T("Brister i avtal"),
            T("Upphandling"),
            N(3.0),
            N(1.0),
            N(1.0),
            T(""),
            T(""),
            T(""),
            T(""),
        ],
        vec![
            T(""),
            T(""),
            T(""),
            T(""),
            T(""),
            T(""),
            T("bara en anteckning"),
            T(""),
            T(""),
        ],
    ]
}

#[test]
fn excel_import_reads_a_controllers_own_workbook() {
    let (dir, out) = import_own_workbook(&controller_rows(), &[(3, 4, 1, "Ekonomi")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("Blad1!G3: kolumnen ”Anteckningar” känns inte igen och hoppas över"),
        "the extra column is named: {stderr}"
    );
    let (checked, diags) = riskrapport::driver::check_plan(&dir.path().join("plan.yaml"));
    let (plan, scored) = checked.unwrap_or_else(|| panic!("the plan is valid:\n{diags}"));
    let risks: Vec<(u32, &str, Option<u32>)> = plan
        .risks
        .iter()
        .zip(&scored.risks)
        .map(|(r, s)| (r.nr, r.title.as_str(), s.value))
        .collect();
    assert_eq!(
        risks,
        [
            (1, "Fel utbetalning", Some(12)),
            (2, "Sen fakturering", Some(4)),
            (3, "Brister i avtal", Some(1)),
        ]
    );
    let processes: Vec<Option<&str>> = plan.places.iter().map(|p| p.process.as_deref()).collect();
    assert_eq!(
        processes,
        [Some("Ekonomi"), Some("Ekonomi"), Some("Upphandling")],
        "the merged process cell covers both its rows"
    );
    assert_eq!(
        plan.risks[0].controls[0].responsible.as_deref(),
        Some("Ekonomichef")
    );
    assert_eq!(plan.risks[0].ikp_choice, Some(true));
    let yaml = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    assert!(
        !yaml
            .lines()
            .any(|l| l.trim_start().starts_with("riskvärde:")),
        "a computed number is never written:\n{yaml}"
    );
    assert!(
        !yaml.contains("Ersätts av arbetsboken"),
        "the base's risks are replaced"
    );
    assert!(
        yaml.starts_with("kommun: Testkommun\nnämnd: Testnämnden\n"),
        "{yaml}"
    );
}

/// Writes `rows` (with `merged` cells) as a controller's own workbook
/// `egen.xlsx` beside `grund.yaml` and imports it into `plan.yaml`.
fn import_own_workbook(
    rows: &[Vec<V>],
    merged: &[(u32, u32, u16, &str)],
) -> (tempfile::TempDir, std::process::Output) {
    let dir = fixture(&[("grund.yaml", &base())]);
    workbook(&dir.path().join("egen.xlsx"), "Blad1", rows, merged);
    let out = run(
        dir.path(),
        &[
            "importera",
            "egen.xlsx",
            "-o",
            "plan.yaml",
            "--grund",
            "grund.yaml",
        ],
    );
    (dir, out)
}

/// Imports `rows` as a controller's workbook and returns the stderr, which
/// must be an error, with nothing written.
fn import_error(rows: &[Vec<V>]) -> String {
    let (dir, out) = import_own_workbook(rows, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("plan.yaml").exists(), "nothing is written");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn header<'a>() -> Vec<V<'a>> {
    vec![
        T("Nr"),
        T("Risk"),
        T("Process"),
        T("Sannolikhet"),
        T("Konsekvens"),
        T("Riskvärde"),
    ]
}

#[test]
fn excel_import_names_the_cell_of_a_rating_off_the_scale() {
    let stderr = import_error(&[
        header(),
        vec![N(1.0), T("A"), T("P"), N(2.0), N(2.0)],
        vec![N(2.0), T("B"), T("P"), N(7.0), N(1.0)],
    ]);
    assert!(
        stderr.contains("fel: Blad1!D3: sannolikhet 7 ligger utanför skalan 1–4"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tips: tillåtna värden: 1 Låg, 2 Medelhög, 3 Hög, 4 Mycket hög"),
        "{stderr}"
    );
}

#[test]
fn excel_import_refuses_a_risk_value_that_is_not_s_times_k() {
    let stderr = import_error(&[
        header(),
        vec![N(1.0), T("A"), T("P"), N(2.0), N(3.0), N(9.0)],
    ]);
    assert!(
        stderr.contains(
            "fel: Blad1!F2: riskvärde 9 stämmer inte med sannolikhet 2 × konsekvens 3 = 6"
        ),
        "{stderr}"
    );
}

#[test]
fn excel_import_lists_the_columns_found_and_missing() {
    let stderr = import_error(&[
        vec![T("Nummer"), T("Händelsen"), T("Sannolikhet")],
        vec![N(1.0), T("A"), N(2.0)],
    ]);
    assert!(
        stderr.contains("fel: Blad1!A1: rubrikraden saknar kolumnen Risk; hittade kolumnerna: A1 ”Nummer”, B1 ”Händelsen”, C1 ”Sannolikhet”"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Risk (Oönskad händelse, Identifierad risk"),
        "{stderr}"
    );
}

#[test]
fn excel_import_reports_every_error_at_once() {
    let stderr = import_error(&[
        header(),
        vec![N(1.0), T("A"), T("P"), N(0.0), N(2.0)],
        vec![T("två"), T("B"), T("P"), N(1.0), T("Enorm")],
        vec![T(""), T("C"), T("P")],
    ]);
    for expected in [
        "Blad1!D2: sannolikhet 0 ligger utanför skalan 1–4",
        "Blad1!A3: nr ska vara ett heltal, inte ”två”",
        "Blad1!A4: raden har innehåll men inget nr",
    ] {
        assert!(stderr.contains(expected), "{expected}:\n{stderr}");
    }
}

#[test]
fn excel_never_writes_over_a_file_without_tvinga() {
    let dir = data_copy();
    let plan = "data/kommunstyrelsen/plan-2025.yaml";
    run_ok(dir.path(), &["excel", plan, "-o", "plan.xlsx"]);
    let out = run(dir.path(), &["excel", plan, "-o", "plan.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("filen finns redan och skrivs inte över")
    );

    let kept = dir.path().join("data/kommunstyrelsen/kvar.yaml");
    std::fs::write(&kept, "# min fil\n").unwrap();
    let kept_arg = "data/kommunstyrelsen/kvar.yaml";
    let out = run(dir.path(), &["importera", "plan.xlsx", "-o", kept_arg]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("filen finns redan och skrivs inte över"),
        "{stderr}"
    );
    assert!(stderr.contains("--tvinga"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "# min fil\n");
    run_ok(
        dir.path(),
        &["import", "plan.xlsx", "-o", kept_arg, "--force"],
    );
}

#[test]
fn excel_makes_a_follow_up_to_fill_in_for_a_plan() {
    let dir = data_copy();
    let out = run_ok(
        dir.path(),
        &[
            "excel",
            "--uppföljning",
            "vb",
            "data/kulturforvaltningen/plan-2014.yaml",
            "-o",
            "vb.xlsx",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("uppföljning (VB)"), "{stdout}");
    let out = run_ok(
        dir.path(),
        &[
            "excel",
            "--follow-up",
            "t2",
            "data/kommunstyrelsen/plan-2025.yaml",
            "-o",
            "t2.xlsx",
        ],
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("2 rader"),
        "the two critical risks"
    );
}

/// A plan whose model colours cell by cell, with a risk in every cell.
const GRID_PLAN: &str = "data/rutnat/plan-2026.yaml";

fn grid_plan() -> String {
    let mut risks = String::new();
    for s in 1..=4 {
        for k in 1..=4 {
            risks.push_str(&format!(
                "- {{ nr: {}, risk: Risk {s}×{k}, sannolikhet: {s}, konsekvens: {k} }}\n",
                (s - 1) * 4 + k
            ));
        }
    }
    Plan::new()
        .namnd("Rutnätsnämnden")
        .coloured_by_cell()
        .ikp("regel: val\n")
        .risks(&risks)
        .yaml()
}

#[test]
fn excel_round_trip_keeps_a_plan_coloured_cell_by_cell() {
    let dir = fixture(&[("plan.yaml", &grid_plan())]);
    let file = dir.path().join("plan.yaml");
    let before = checked_content(&file);
    run_ok(dir.path(), &["excel", "plan.yaml"]);
    run_ok(
        dir.path(),
        &["importera", "plan.xlsx", "-o", "plan.yaml", "--tvinga"],
    );
    assert_eq!(before, checked_content(&file));
}

/// The rest of a plan (what the sheet Övrigt carries) is cut by the same
/// reading of the file's top-level blocks as `nytt-år` uses: a block
/// sequence at column 0 whose item starts on the line under a bare `-`,
/// and a quoted key with a space before its colon, are table blocks like
/// any other and leave nothing behind.
#[test]
fn excel_round_trip_keeps_a_bare_dash_item_and_a_spaced_quoted_key() {
    let plan = Plan::new().risks("- nr: 1\n  risk: R\n").yaml();
    let (head, _) = plan.split_once("processer:\n").unwrap();
    let items = "-\n  process: Testprocess\n  risker:\n  -\n    nr: 1\n    risk: R\n\
                 \x20   sannolikhet: 3\n    konsekvens: 4\n-\n  process: Andra\n  risker:\n  - nr: 2\n\
                 \x20   risk: S\n    sannolikhet: 1\n    konsekvens: 1\n# slut\n";
    for key in ["processer:", "\"processer\" :"] {
        let dir = fixture(&[("plan.yaml", &format!("{head}{key}\n{items}"))]);
        let file = dir.path().join("plan.yaml");
        let before = checked_content(&file);
        assert!(before.contains("Andra"), "both processes are read");
        run_ok(dir.path(), &["excel", "plan.yaml"]);
        let out = run(
            dir.path(),
            &["importera", "plan.xlsx", "-o", "plan.yaml", "--tvinga"],
        );
        assert!(
            out.status.success(),
            "{key} the import failed:\n{}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&file).unwrap()
        );
        let after = std::fs::read_to_string(&file).unwrap();
        assert_eq!(after.matches("processer").count(), 1, "{after}");
        assert!(after.ends_with("# slut\n"), "{after}");
        assert_eq!(before, checked_content(&file), "{key}");
    }
}

/// The YAML `importera` writes opens with the line that points an editor
/// at its schema, as the example files do: kept from a file that has it,
/// added (from the file to the folder `schema/` above it) to one that
/// does not, and never twice.
#[test]
fn excel_import_writes_the_schema_line_first() {
    let risks = "- nr: 1\n  risk: R\n  sannolikhet: 1\n  konsekvens: 2\n";
    let dir = fixture(&[
        ("data/n/plan-2026.yaml", &Plan::new().risks(risks).yaml()),
        ("schema/plan.json", "{}"),
    ]);
    run_ok(
        dir.path(),
        &["excel", "data/n/plan-2026.yaml", "-o", "plan.xlsx"],
    );
    run_ok(
        dir.path(),
        &["importera", "plan.xlsx", "-o", "data/n/ny.yaml"],
    );
    let text = std::fs::read_to_string(dir.path().join("data/n/ny.yaml")).unwrap();
    let line = "# yaml-language-server: $schema=../../schema/plan.json";
    assert_eq!(text.lines().next(), Some(line), "{text}");
    // Through a second round, the line that is there now is kept, once.
    run_ok(dir.path(), &["excel", "data/n/ny.yaml", "-o", "ny.xlsx"]);
    run_ok(
        dir.path(),
        &["importera", "ny.xlsx", "-o", "data/n/ny.yaml", "--tvinga"],
    );
    let again = std::fs::read_to_string(dir.path().join("data/n/ny.yaml")).unwrap();
    assert_eq!(again, text);
}

/// A LibreOffice profile that recalculates every formula of an xlsx file
/// on load (by default it trusts the values the file has cached).
fn libreoffice_profile(dir: &Path) -> String {
    let user = dir.join("user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    format!("-env:UserInstallation=file://{}", dir.display())
}

/// Converts the first sheet of each workbook to CSV (UTF-8, comma) in
/// `out`, as `<name>-<sheet>.csv`.
fn libreoffice_csv(profile: &str, books: &[std::path::PathBuf], out: &Path) {
    let status = std::process::Command::new("soffice")
        .arg(profile)
        .args(["--headless", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1")
        .arg("--outdir")
        .arg(out)
        .args(books)
        .output()
        .expect("soffice runs (install libreoffice-calc-nogui)");
    assert!(
        status.status.success(),
        "soffice failed:\n{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The rows of a CSV file, with quoted fields over several lines.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A real spreadsheet program computes the workbook's riskvärde and
/// risknivå formulas to the tool's own values, for every risk of every
/// example plan, and the workbook it saves comes back as the same plan.
/// CI runs it: `cargo test --test testsuite -- --ignored excel_libreoffice`.
#[test]
#[ignore = "needs LibreOffice (soffice); .ci/run installs it and runs this"]
fn excel_libreoffice_computes_the_tools_risk_values() {
    let work = tempfile::tempdir().unwrap();
    let profile = libreoffice_profile(&work.path().join("profile"));
    let out = work.path().join("csv");
    std::fs::create_dir_all(&out).unwrap();

    // The profile really recalculates: a cached 0 for 2 × 3 becomes 6.
    let stale = work.path().join("stale.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=2*3").set_result("0"))
        .unwrap();
    book.save(&stale).unwrap();
    libreoffice_csv(&profile, &[stale], &out);
    let text = std::fs::read_to_string(out.join("stale-Sheet1.csv")).unwrap();
    assert_eq!(text.trim(), "6", "LibreOffice recalculates on load");

    let dir = data_copy();
    let grid = dir.path().join(GRID_PLAN);
    std::fs::create_dir_all(grid.parent().unwrap()).unwrap();
    std::fs::write(&grid, grid_plan()).unwrap();
    let examples = examples();
    let plans: Vec<&str> = examples
        .iter()
        .map(String::as_str)
        .filter(|e| !e.contains("uppfoljning"))
        .chain([GRID_PLAN])
        .collect();
    let mut books = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let book = work.path().join(format!("plan{i}.xlsx"));
        run_ok(dir.path(), &["excel", plan, "-o", book.to_str().unwrap()]);
        books.push(book);
    }
    libreoffice_csv(&profile, &books, &out);
    let mut compared = 0;
    for (i, plan) in plans.iter().enumerate() {
        let (checked, diags) = riskrapport::driver::check_plan(&dir.path().join(plan));
        let (checked, scored) = checked.unwrap_or_else(|| panic!("{plan}: {diags}"));
        let text = std::fs::read_to_string(out.join(format!("plan{i}-Risker.csv"))).unwrap();
        let rows = csv_rows(&text);
        let col = |title: &str| rows[0].iter().position(|h| h == title).unwrap();
        let (nr, s, rv, level) = (
            col("Nr"),
            col("Sannolikhet"),
            col("Riskvärde"),
            col("Risknivå"),
        );
        let mut seen = Vec::new();
        for row in &rows[1..] {
            if row.get(s).is_none_or(|v| v.is_empty()) {
                assert!(row.get(rv).is_none_or(|v| v.is_empty()), "{plan}: {row:?}");
                continue;
            }
            let n: u32 = row[nr].parse().unwrap();
            let i = checked.risks.iter().position(|r| r.nr == n).unwrap();
            let expected = scored.risks[i].value.unwrap();
            let expected_level = &checked.model.levels[scored.risks[i].level.unwrap()].name;
            assert_eq!(
                row[rv],
                expected.to_string(),
                "{plan}: riskvärde of risk {n}"
            );
            assert_eq!(&row[level], expected_level, "{plan}: risknivå of risk {n}");
            seen.push(n);
            compared += 1;
        }
        let mut rated: Vec<u32> = checked
            .risks
            .iter()
            .filter(|r| r.rating.is_some())
            .map(|r| r.nr)
            .collect();
        rated.sort_unstable();
        seen.sort_unstable();
        assert_eq!(seen, rated, "{plan}: every rated risk is compared once");
    }
    println!("LibreOffice computed {compared} riskvärden as the tool does");

    // Saved again by LibreOffice, as a controller's program would, each
    // workbook still comes back as the same plan.
    let saved = work.path().join("saved");
    let status = std::process::Command::new("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&saved)
        .args(&books)
        .output()
        .expect("soffice runs");
    assert!(status.status.success());
    for (i, plan) in plans.iter().enumerate() {
        let file = dir.path().join(plan);
        let before = checked_content(&file);
        let book = saved.join(format!("plan{i}.xlsx"));
        run_ok(
            dir.path(),
            &["importera", book.to_str().unwrap(), "-o", plan, "--tvinga"],
        );
        assert_eq!(
            before,
            checked_content(&file),
            "{plan} after LibreOffice saved it"
        );
    }
}

/// A VB entry with nothing but its nr is a control not yet assessed
/// ("ej bedömd"); it must not be lost on the way back as an empty row.
#[test]
fn excel_round_trip_keeps_a_control_not_yet_assessed() {
    let dir = data_copy();
    let vb = "data/kulturforvaltningen/uppfoljning-vb-2014.yaml";
    let file = dir.path().join(vb);
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("  - nr: 6\n").unwrap();
    let end = text[start..].find("\n# ändrat").unwrap() + start + 1;
    std::fs::write(
        &file,
        format!("{}  - nr: 6\n{}", &text[..start], &text[end..]),
    )
    .unwrap();
    let before = checked_content(&file);
    assert!(
        before.contains("outcome: None"),
        "risk 6 is not yet assessed"
    );
    run_ok(dir.path(), &["excel", vb, "-o", "vb.xlsx"]);
    run_ok(dir.path(), &["importera", "vb.xlsx", "-o", vb, "--tvinga"]);
    assert_eq!(before, checked_content(&file));
}

/// A T2 follow-up filled in by hand in a workbook of its own: the sheet
/// Uppföljning with the usual titles (another order, an extra column, a
/// blank line) and the sheet Övrigt with the follow-up's own keys.
#[test]
fn excel_import_reads_a_filled_in_t2_workbook() {
    let dir = data_copy();
    let book_path = dir.path().join("t2.xlsx");
    let mut book = Workbook::new();
    let rows: &[&[&str]] = &[
        &[
            "Följer plan",
            "nr",
            "Kommentar",
            "Ansvarsområde",
            "Signatur",
        ],
        &["ja", "1", "Enligt plan.", "Upphandling", "AB"],
        &[],
        &["Delvis", "34", "Rutinen utökas.", "", "CD"],
    ];
    let ws = book.add_worksheet();
    ws.set_name("Uppföljning").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32, c as u16, *value).unwrap();
            }
        }
    }
    let ws = book.add_worksheet();
    ws.set_name("Övrigt").unwrap();
    for (r, line) in [
        "uppföljning: t2",
        "plan: plan-2025.yaml",
        "datum: 2025-09-30",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *line).unwrap();
    }
    book.save(&book_path).unwrap();
    let target = "data/kommunstyrelsen/uppfoljning-t2-ny.yaml";
    let out = run(dir.path(), &["importera", "t2.xlsx", "-o", target]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("ok: data/kommunstyrelsen/uppfoljning-t2-ny.yaml – uppföljning (T2)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("Uppföljning!E1: kolumnen ”Signatur” känns inte igen"),
        "{stderr}"
    );
    let yaml = std::fs::read_to_string(dir.path().join(target)).unwrap();
    assert_eq!(
        yaml,
        "uppföljning: t2\nplan: plan-2025.yaml\ndatum: 2025-09-30\nrisker:\n  - nr: 1\n    ansvarsområde: Upphandling\n    följer_plan: ja\n    kommentar: Enligt plan.\n  - nr: 34\n    följer_plan: delvis\n    kommentar: Rutinen utökas.\n"
    );
}

/// A text longer than a cell holds is an error in Swedish, and no
/// workbook is written (the YAML allows longer texts than Excel).
#[test]
fn excel_refuses_a_text_longer_than_a_cell_holds() {
    let long = "a".repeat(40_000);
    let dir = fixture(&[(
        "plan.yaml",
        &plan_yaml(&format!("- nr: 1\n  risk: Lång\n  beskrivning: {long}\n")),
    )]);
    let out = run(dir.path(), &["excel", "plan.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("en text är längre än 32 767 tecken, det mesta en cell i Excel rymmer"),
        "{stderr}"
    );
    assert!(!dir.path().join("plan.xlsx").exists());
}

/// The controller's workbook from issue 22: a title row, columns in another
/// order, "Risknr", "Till IKP", and the ratings under "Sannolikhet (1-4)"
/// and "Kons.". Every rating arrives in the YAML; none is "ej värderad".
#[test]
fn excel_import_reads_abbreviated_and_scaled_rating_headers() {
    let rows = vec![
        vec![T("Riskanalys 2026, Testnämnden")],
        vec![
            T("Risknr"),
            T("Risk"),
            T("Kons."),
            T("Sannolikhet (1-4)"),
            T("Till IKP"),
        ],
        vec![N(1.0), T("Fel utbetalning"), N(4.0), N(3.0), T("ja")],
        vec![N(2.0), T("Sen fakturering"), N(2.0), N(1.0), T("nej")],
        vec![N(3.0), T("Brister i avtal"), N(1.0), N(2.0), T("nej")],
    ];
    let (dir, out) = import_own_workbook(&rows, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("känns inte igen"), "{stderr}");
    let (checked, diags) = riskrapport::driver::check_plan(&dir.path().join("plan.yaml"));
    let (plan, scored) = checked.unwrap_or_else(|| panic!("the plan is valid:\n{diags}"));
    let values: Vec<(u32, Option<u32>)> = plan
        .risks
        .iter()
        .zip(&scored.risks)
        .map(|(r, s)| (r.nr, s.value))
        .collect();
    assert_eq!(values, [(1, Some(12)), (2, Some(2)), (3, Some(2))]);
}

/// The forms controllers write a column's title in: case, spacing, a scale
/// in brackets, a dot after an abbreviation, a note after the name.
#[test]
fn excel_import_recognises_the_forms_of_a_header() {
    for (s, k) in [
        ("S (1–5)", "K (1–5)"),
        ("SANNOLIKHET", "konsekvens"),
        ("Sannolikhet 1-4", "Konsekvens, 1–4"),
        ("Sannol.", "Konsekv."),
        ("Sannolikhet: bedömning", "Konsekvens (allvar)"),
        (" sannolik het ", "Konse- kvens"),
    ] {
        let rows = vec![
            vec![T("Nr"), T("Risk"), T(s), T(k)],
            vec![N(1.0), T("A"), N(2.0), N(3.0)],
        ];
        let (dir, out) = import_own_workbook(&rows, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if k == "Konse- kvens" {
            // Not a form of the title: refused, and the nearest named.
            assert_eq!(out.status.code(), Some(1), "{s}/{k}: {stderr}");
            assert!(
                stderr.contains("”Konse- kvens” — menade du Konsekvens?"),
                "{stderr}"
            );
            continue;
        }
        assert!(out.status.success(), "{s}/{k}: {stderr}");
        let yaml = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
        assert!(
            yaml.contains("sannolikhet: 2") && yaml.contains("konsekvens: 3"),
            "{s}/{k}:\n{yaml}"
        );
    }
}

/// A workbook whose ratings stand under a title the tool does not know is
/// refused, with nothing written: importing it would make every risk
/// "ej värderad".
#[test]
fn excel_import_refuses_ratings_under_an_unknown_title() {
    let stderr = import_error(&[
        vec![
            T("Nr"),
            T("Risk"),
            T("Sannolikhet"),
            T("Kosekvens"),
            T("Anteckning"),
        ],
        vec![N(1.0), T("A"), N(2.0), N(3.0), T("")],
        vec![N(2.0), T("B"), N(1.0), N(1.0), T("")],
    ]);
    assert!(
        stderr.contains("fel: Blad1!D1: kolumnen ”Kosekvens” känns inte igen och har värden, men arbetsboken saknar kolumnen Konsekvens"),
        "{stderr}"
    );
    assert!(
        stderr.contains("”Kosekvens” — menade du Konsekvens?"),
        "{stderr}"
    );
    // An empty unknown column is no loss: only the one with values is named.
    assert!(!stderr.contains("”Anteckning” —"), "{stderr}");

    let stderr = import_error(&[
        vec![T("Nr"), T("Risk"), T("Påverkan"), T("Troligt")],
        vec![N(1.0), T("A"), N(2.0), N(3.0)],
    ]);
    assert!(
        stderr.contains("arbetsboken saknar kolumnerna Sannolikhet, Konsekvens"),
        "{stderr}"
    );
    assert!(stderr.contains("”Påverkan”"), "{stderr}");
    assert!(
        stderr.contains("ge kolumnen med bedömningen rubriken Sannolikhet eller Konsekvens"),
        "{stderr}"
    );
}

/// A failure from below (here the file system's) reaches the user as one
/// error with its file, in Swedish, never the system's English words.
#[test]
fn excel_import_says_in_swedish_why_a_workbook_cannot_be_read() {
    let dir = fixture(&[("bok.xlsx/inuti", "")]);
    let out = run(dir.path(), &["importera", "bok.xlsx", "-o", "plan.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "fel: arbetsboken kunde inte läsas: det finns en mapp med det namnet\n  --> bok.xlsx\n  tips: kontrollera sökvägen"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
}
