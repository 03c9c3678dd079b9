//! `nytt-år` starts next year's plan from this year's: the real example
//! carried over passes `kontrollera` with every comment and line kept, a
//! file is never written over, and last year's references are removed.

use std::path::Path;

use crate::common::{fixture, plan_yaml, root, run, run_ok};

const SOURCE: &str = "data/arbetsmarknadsnamnden/vor-ikp-2026.yaml";
const TARGET: &str = "data/arbetsmarknadsnamnden/vor-ikp-2027.yaml";

/// The Arbetsmarknadsnämnden plan with the risk models and logotyper it
/// uses, in a temp dir with the same layout as `data/`.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    for folder in ["data/riskmodeller", "data/logotyper"] {
        let to = dir.path().join(folder);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(root().join(folder)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    let source = dir.path().join(SOURCE);
    std::fs::create_dir_all(source.parent().unwrap()).unwrap();
    std::fs::copy(root().join(SOURCE), &source).unwrap();
    dir
}

/// The rated risks' numbers, as the library's own check of the plan sees them.
fn rated_risks(plan: &Path) -> Vec<u32> {
    let (checked, diagnostics) = riskrapport::driver::check_plan(plan);
    let (plan, _) = checked.unwrap_or_else(|| panic!("the plan is valid:\n{diagnostics}"));
    let mut nrs: Vec<u32> = plan
        .risks
        .iter()
        .filter(|r| r.rating.is_some())
        .map(|r| r.nr)
        .collect();
    nrs.sort_unstable();
    nrs
}

/// The nr of every `omprövas: ja` line, read from the `- nr: N` line above it.
fn marked_risks(text: &str) -> Vec<u32> {
    let lines: Vec<&str> = text.lines().collect();
    let mut nrs: Vec<u32> = lines
        .windows(2)
        .filter(|w| w[1].trim() == "omprövas: ja")
        .map(|w| {
            let nr = w[0].trim().trim_start_matches("- ");
            let nr = nr
                .strip_prefix("nr:")
                .unwrap_or_else(|| panic!("omprövas: ja follows a line other than nr: {:?}", w[0]));
            let nr = nr.split('#').next().unwrap().trim();
            nr.parse().expect("a risk number")
        })
        .collect();
    assert_eq!(
        nrs.len(),
        text.lines().filter(|l| l.contains("omprövas")).count(),
        "every omprövas line follows an nr line"
    );
    nrs.sort_unstable();
    nrs
}

#[test]
fn the_real_plan_is_carried_over_with_every_line_kept() {
    let dir = example_copy();
    let out = run_ok(dir.path(), &["nytt-år", SOURCE]);
    let source = std::fs::read_to_string(dir.path().join(SOURCE)).unwrap();
    let text = std::fs::read_to_string(dir.path().join(TARGET)).expect("the new plan is written");

    let rated = rated_risks(&dir.path().join(SOURCE));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "skrev: {TARGET} (år 2027, {} risker att ompröva)",
            rated.len()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("tips: sätt datum"), "{stdout}");

    let check = run(dir.path(), &["kontrollera", TARGET]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(text.contains("\når: 2027\n"), "{text}");
    assert!(text.contains("\når: 2027\nföregående: vor-ikp-2026.yaml\n"));
    assert!(text.contains("datum: 2025-12-09             # ange planens nya datum\n"));
    assert!(!rated.is_empty());
    assert_eq!(
        marked_risks(&text),
        rated,
        "one omprövas: ja per rated risk"
    );

    // Every comment line of the source, in its order.
    let mut output_lines = text.lines();
    for comment in source.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(
            output_lines.any(|l| l == comment),
            "comment line lost or moved: {comment:?}"
        );
    }
    // Without the added lines, the new plan is the source line for line,
    // but for the two values that change: the text is edited, not rewritten.
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| l.trim() != "omprövas: ja" && !l.starts_with("föregående:"))
        .collect();
    let before: Vec<&str> = source.lines().collect();
    assert_eq!(kept.len(), before.len());
    let changed: Vec<(&str, &str)> = before
        .iter()
        .zip(&kept)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (*a, *b))
        .collect();
    assert_eq!(changed.len(), 2, "{changed:#?}");
    assert!(changed[0].1 == "år: 2027" && changed[1].1.starts_with("datum:"));
}

#[test]
fn it_never_writes_over_a_file() {
    let risk = "- nr: 1\n  risk: R\n  sannolikhet: 2\n  konsekvens: 2\n";
    let dir = fixture(&[("n/plan-2026.yaml", &plan_yaml(risk))]);
    run_ok(dir.path(), &["nytt-år", "n/plan-2026.yaml"]);
    let target = dir.path().join("n/plan-2027.yaml");
    // The nämnd has started on the new plan.
    let mut started = std::fs::read_to_string(&target).unwrap();
    started.push_str("# nämndens ändringar\n");
    std::fs::write(&target, &started).unwrap();

    let out = run(dir.path(), &["new-year", "n/plan-2026.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("fel: filen finns redan"), "{stderr}");
    assert!(
        stderr.contains("ta bort eller byt namn på n/plan-2027.yaml"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), started);
    let files: Vec<_> = std::fs::read_dir(dir.path().join("n"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 2, "no temporary file is left: {files:?}");
}

/// Another writer creates the target after `nytt-år` has looked for it
/// and before it writes: its file stays as it is, and `nytt-år` says so.
#[test]
fn a_target_created_in_between_is_never_written_over() {
    let risk = "- nr: 1\n  risk: R\n  sannolikhet: 2\n  konsekvens: 2\n";
    let dir = fixture(&[("n/plan-2026.yaml", &plan_yaml(risk))]);
    let source = dir.path().join("n/plan-2026.yaml");
    let target = dir.path().join("n/plan-2027.yaml");
    let theirs = "# en kollegas plan, påbörjad samtidigt\n";
    let result = riskrapport::new_year::start_with(&source, |path| {
        assert_eq!(path, target, "the hook gets the target");
        assert!(!path.exists(), "the target was free when looked for");
        std::fs::write(path, theirs).unwrap();
    });
    let err = result.expect_err("the target was taken in between");
    assert!(
        err.to_string()
            .contains("filen finns redan; nytt-år skriver aldrig över en fil"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), theirs);
    let files: Vec<_> = std::fs::read_dir(dir.path().join("n"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 2, "no temporary file is left: {files:?}");
}

#[test]
fn old_numbers_and_dropped_risks_are_removed() {
    let risks = "- nr: 1\n  tidigare_nr: 4   # var 4 förra året\n  risk: R\n  sannolikhet: 2\n  konsekvens: 2\n\
                 - tidigare_nr: 6\n  nr: 2\n  risk: S\n";
    let plan = plan_yaml(risks).replace(
        "processer:\n",
        "utgått:\n  - nr: 5\n    motivering: Åtgärdad under året\n\n# Riskerna per process\nprocesser:\n",
    );
    let dir = fixture(&[("n/plan-2026.yaml", &plan)]);
    run_ok(dir.path(), &["kontrollera", "n/plan-2026.yaml"]);
    let out = run_ok(dir.path(), &["nytt-år", "n/plan-2026.yaml"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("(år 2027, 1 risk att ompröva)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = std::fs::read_to_string(dir.path().join("n/plan-2027.yaml")).unwrap();
    for gone in [
        "tidigare_nr",
        "var 4 förra året",
        "utgått",
        "Åtgärdad under året",
    ] {
        assert!(!text.contains(gone), "{gone:?} is left in:\n{text}");
    }
    assert!(
        text.contains("\n# Riskerna per process\nprocesser:\n"),
        "{text}"
    );
    assert!(
        text.contains("      - nr: 2\n        risk: S\n"),
        "the item's next key takes the dash:\n{text}"
    );
    run_ok(dir.path(), &["kontrollera", "n/plan-2027.yaml"]);
}

#[test]
fn a_plan_with_errors_is_not_carried_over() {
    let risk = "- nr: 1\n  risk: R\n  sannolikhet: 9\n  konsekvens: 2\n";
    let dir = fixture(&[("n/plan-2026.yaml", &plan_yaml(risk))]);
    let out = run(dir.path(), &["nytt-år", "n/plan-2026.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--> n/plan-2026.yaml:"), "{stderr}");
    assert!(stderr.contains("nästa års plan görs inte"), "{stderr}");
    assert!(!dir.path().join("n/plan-2027.yaml").exists());
}

/// The new plan opens with the line that points an editor at its schema,
/// as the example files do: added when the plan lacks it and the folder
/// `schema/` is found above the file (the path runs from the new file to
/// it), and left out when there is no such folder to point at.
#[test]
fn the_new_plan_names_its_schema_on_its_first_line() {
    let risk = "- nr: 1\n  risk: R\n  sannolikhet: 2\n  konsekvens: 2\n";
    let dir = fixture(&[
        ("data/n/plan-2026.yaml", &plan_yaml(risk)),
        ("schema/plan.json", "{}"),
    ]);
    run_ok(dir.path(), &["nytt-år", "data/n/plan-2026.yaml"]);
    let text = std::fs::read_to_string(dir.path().join("data/n/plan-2027.yaml")).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=../../schema/plan.json"),
        "{text}"
    );
    assert_eq!(text.matches("yaml-language-server").count(), 1, "{text}");
    // Outside the folder that holds schema/, nothing to point at.
    let lone = tempfile::tempdir().unwrap();
    std::fs::write(lone.path().join("plan-2026.yaml"), plan_yaml(risk)).unwrap();
    run_ok(lone.path(), &["nytt-år", "plan-2026.yaml"]);
    let text = std::fs::read_to_string(lone.path().join("plan-2027.yaml")).unwrap();
    assert!(!text.contains("yaml-language-server"), "{text}");
    // The example's own line is carried over as it is, not doubled.
    let dir = example_copy();
    run_ok(dir.path(), &["nytt-år", SOURCE]);
    let text = std::fs::read_to_string(dir.path().join(TARGET)).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=../../schema/plan.json"),
    );
    assert_eq!(text.matches("yaml-language-server").count(), 1, "{text}");
}
