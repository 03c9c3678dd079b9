//! Building many nämnder at once: one broken nämnd does not stop the others,
//! and an unchanged second run rebuilds nothing.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::common::{fixture, plan_yaml, run};

const RISK: &str = "- nr: 1\n  risk: Fel utbetalning\n  sannolikhet: 3\n  konsekvens: 3\n";

/// Three nämnder a, b, c, each with one plan; `broken` gets a risk out of scale.
fn city(broken: Option<&str>) -> tempfile::TempDir {
    let good = plan_yaml(RISK);
    let bad = plan_yaml(&RISK.replace("konsekvens: 3", "konsekvens: 9"));
    let pick = |name: &str| {
        let plan = if broken == Some(name) { &bad } else { &good };
        plan.replace(
            "nämnd: Testnämnden",
            &format!("nämnd: Nämnd {}", name.to_uppercase()),
        )
    };
    let (a, b, c) = (pick("a"), pick("b"), pick("c"));
    fixture(&[
        ("data/a/plan-2026.yaml", &a),
        ("data/b/plan-2026.yaml", &b),
        ("data/c/plan-2026.yaml", &c),
    ])
}

fn build(dir: &Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["build", "data", "-o", "out"];
    args.extend(extra);
    let output = run(dir, &args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn pdfs(dir: &Path, namnd: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("out").join(namnd)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    found.sort();
    found
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn one_broken_namnd_leaves_the_others_complete_and_fails_the_run() {
    let dir = city(Some("b"));
    let (ok, text) = build(dir.path(), &[]);
    assert!(!ok, "the exit code says something failed:\n{text}");
    for namnd in ["a", "c"] {
        let made = pdfs(dir.path(), namnd);
        let names: Vec<_> = made
            .iter()
            .map(|p| p.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            ["ikp-2026.pdf", "vor-2026.pdf"],
            "{namnd} is complete"
        );
        for pdf in made {
            lopdf::Document::load(&pdf).expect("a complete PDF");
        }
    }
    assert!(
        pdfs(dir.path(), "b").is_empty(),
        "no PDF for the broken nämnd"
    );
    assert!(
        text.contains("misslyckades: data/b/plan-2026.yaml"),
        "{text}"
    );
    assert!(
        text.contains("risk 1, konsekvens"),
        "the error names the risk and field:\n{text}"
    );
    // The summary has a line per nämnd, by its name; b's says it failed.
    let b_line = text
        .lines()
        .find(|l| l.starts_with("Nämnd B "))
        .expect("a summary line for Nämnd B");
    assert!(b_line.ends_with("misslyckades"), "{b_line}");
    assert!(text.lines().any(|l| l.starts_with("Nämnd A ")), "{text}");
}

#[test]
fn unchanged_rerun_rebuilds_nothing_and_a_changed_risk_only_its_namnd() {
    let dir = city(None);
    let (ok, text) = build(dir.path(), &[]);
    assert!(ok, "{text}");
    assert!(text.contains("6 rapporter gjorda, 0 oförändrade"), "{text}");
    let before: Vec<(PathBuf, SystemTime)> = ["a", "b", "c"]
        .iter()
        .flat_map(|n| pdfs(dir.path(), n))
        .map(|p| (p.clone(), modified(&p)))
        .collect();

    let (ok, text) = build(dir.path(), &[]);
    assert!(ok, "{text}");
    assert!(text.contains("0 rapporter gjorda, 6 oförändrade"), "{text}");
    for (pdf, time) in &before {
        assert_eq!(modified(pdf), *time, "{} was not rewritten", pdf.display());
    }

    // A risk changes in b: only b is rebuilt.
    let plan = dir.path().join("data/b/plan-2026.yaml");
    let text_before = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text_before.replace("Fel utbetalning", "Fel utbetalning av lön"),
    )
    .unwrap();
    let (ok, text) = build(dir.path(), &[]);
    assert!(ok, "{text}");
    assert!(text.contains("2 rapporter gjorda, 4 oförändrade"), "{text}");
    assert!(text.contains("klar: data/b/plan-2026.yaml"), "{text}");
    for (pdf, time) in &before {
        let in_b = pdf.parent().unwrap().ends_with("b");
        assert_eq!(
            modified(pdf) != *time,
            in_b,
            "{} rebuilt only if in b",
            pdf.display()
        );
    }
    let vor = crate::common::pdf_text(&dir.path().join("out/b/vor-2026.pdf"));
    assert!(
        vor.contains("Fel utbetalning av lön"),
        "the new text is in b's VoR"
    );

    // A deleted PDF is made again; --force remakes everything.
    std::fs::remove_file(dir.path().join("out/c/ikp-2026.pdf")).unwrap();
    let (_, text) = build(dir.path(), &[]);
    assert!(text.contains("2 rapporter gjorda, 4 oförändrade"), "{text}");
    let (_, text) = build(dir.path(), &["--force"]);
    assert!(text.contains("6 rapporter gjorda, 0 oförändrade"), "{text}");
}

#[test]
fn other_templates_rebuild_every_report() {
    let dir = city(None);
    assert!(build(dir.path(), &[]).0);
    let templates = dir.path().join("mallar");
    std::fs::create_dir(&templates).unwrap();
    let ikp = include_str!("../../report-templates/ikp.typ.j2");
    std::fs::write(
        templates.join("ikp.typ.j2"),
        format!("{ikp}\n// egen mall\n"),
    )
    .unwrap();
    let (ok, text) = build(dir.path(), &["--templates", "mallar"]);
    assert!(ok, "{text}");
    assert!(text.contains("6 rapporter gjorda, 0 oförändrade"), "{text}");
}

#[test]
fn a_changed_logotyp_rebuilds_its_namnds_reports() {
    let dir = city(None);
    let svg = |colour: &str| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\
             <rect width=\"10\" height=\"10\" fill=\"{colour}\"/></svg>"
        )
    };
    let plan = dir.path().join("data/a/plan-2026.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        format!("logotyp: {{ fil: logotyp.svg, alt: Nämndens logotyp }}\n{text}"),
    )
    .unwrap();
    let logo = dir.path().join("data/a/logotyp.svg");
    std::fs::write(&logo, svg("#123456")).unwrap();
    let (ok, text) = build(dir.path(), &[]);
    assert!(ok, "{text}");

    std::fs::write(&logo, svg("#654321")).unwrap();
    let (ok, text) = build(dir.path(), &[]);
    assert!(ok, "{text}");
    assert!(text.contains("2 rapporter gjorda, 4 oförändrade"), "{text}");
    assert!(text.contains("klar: data/a/plan-2026.yaml"), "{text}");
}

/// Every file under `dir` (but the build cache), with its bytes.
fn files_under(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(here) = stack.pop() {
        for entry in std::fs::read_dir(&here).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != ".riskrapport-cache") {
                let bytes = std::fs::read(&path).unwrap();
                found.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    found
}

#[test]
fn parts_together_equal_a_full_build_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::common::synthetic::write_city(d, 6, 8).unwrap();
    crate::common::synthetic::write_kommun(d, None).unwrap();
    let full = run(d, &["bygg", ".", "-o", "hela"]);
    assert!(
        full.status.success(),
        "{}",
        String::from_utf8_lossy(&full.stderr)
    );
    let whole = files_under(&d.join("hela"));
    let mut joined = std::collections::BTreeMap::new();
    for i in 1..=3 {
        let out = format!("del-{i}");
        let part = run(d, &["bygg", ".", "-o", &out, "--shard", &format!("{i}/3")]);
        assert!(
            part.status.success(),
            "{}",
            String::from_utf8_lossy(&part.stderr)
        );
        for (path, bytes) in files_under(&d.join(&out)) {
            assert!(
                joined.insert(path.clone(), bytes).is_none(),
                "{} is made by two parts",
                path.display()
            );
        }
    }
    assert!(whole.contains_key(Path::new("sammanställning-2026.pdf")));
    assert_eq!(
        joined.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>(),
        "the parts make the same files"
    );
    for (path, bytes) in &whole {
        assert!(joined[path] == *bytes, "{} differs", path.display());
    }
    let wrong = run(d, &["bygg", ".", "--del", "4/3"]);
    assert_eq!(
        wrong.status.code(),
        Some(2),
        "a part that does not exist is a wrong argument"
    );
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("delen 4/3 finns inte"));
}
