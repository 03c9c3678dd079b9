//! The compatibility promise: data that an earlier version of main
//! accepted keeps building. `tests/fixtures/tidigare/<datum>-<commit>/`
//! holds, unchanged, the example data and the valid fixtures of earlier
//! commits of main; every one of them builds with today's tool (a form
//! that is no longer wanted gives a warning naming the fix, never an
//! error), and `uppgradera` brings each to today's form, after which it
//! builds without those warnings.

use std::path::{Path, PathBuf};

use crate::common::{root, run};

/// Each earlier version's folder.
fn versions() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/tidigare");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    assert!(found.len() >= 2, "two or more earlier versions: {found:?}");
    found
}

/// The folders `bygg` is given for one version: its data, and each valid
/// fixture (a folder with the nämnd's files and its risk models).
fn inputs(version: &Path) -> Vec<PathBuf> {
    let mut inputs = vec![version.join("data")];
    if let Ok(fixtures) = std::fs::read_dir(version.join("tests/fixtures/valid")) {
        let mut fixtures: Vec<PathBuf> = fixtures.map(|e| e.unwrap().path()).collect();
        fixtures.sort();
        inputs.extend(fixtures);
    }
    inputs
}

/// Every PDF under `dir`.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn earlier_versions_data_keeps_building() {
    for version in versions() {
        let name = version.file_name().unwrap().to_string_lossy().into_owned();
        let mut made = 0;
        // One build each: the fixtures' folders share names (namnd/).
        for input in inputs(&version) {
            let out = tempfile::tempdir().unwrap();
            let built = run(
                root(),
                &[
                    "bygg",
                    input.to_str().unwrap(),
                    "-o",
                    out.path().to_str().unwrap(),
                ],
            );
            let stdout = String::from_utf8_lossy(&built.stdout);
            let stderr = String::from_utf8_lossy(&built.stderr);
            assert!(
                built.status.success(),
                "{name}: {} no longer builds:\n{stdout}\n{stderr}",
                input.display()
            );
            made += pdfs(out.path()).len();
            // A warning about an older form names the fix.
            if stderr.contains("visar båda riskvärdet") {
                assert!(
                    stderr.contains("riskrapport uppgradera"),
                    "{name}:\n{stderr}"
                );
            }
        }
        assert!(made >= 10, "{name}: {made} PDFs");
    }
}

/// The version before `vor.kolumner` and `ikp.kolumner` lost the pair
/// riskvärde and risknivå: it warns, and `uppgradera` fixes it in place
/// with every comment line kept, after which it builds without the warning.
#[test]
fn uppgradera_brings_an_earlier_plan_to_todays_form() {
    let version = versions()
        .into_iter()
        .find(|v| v.to_string_lossy().ends_with("d966f06"))
        .expect("the version of 2026-11-23");
    let dir = tempfile::tempdir().unwrap();
    for folder in ["riskmodeller", "kommunstyrelsen"] {
        let to = dir.path().join("data").join(folder);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(version.join("data").join(folder)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    let plan = "data/kommunstyrelsen/plan-2025.yaml";
    let before = std::fs::read_to_string(dir.path().join(plan)).unwrap();

    let checked = run(dir.path(), &["kontrollera", plan]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("varning: kolumnerna riskvärde och risknivå visar båda riskvärdet"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("riskrapport uppgradera {plan} gör det åt dig")),
        "{stderr}"
    );

    // Never over the file without --tvinga.
    let refused = run(dir.path(), &["uppgradera", plan]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{said}");
    assert!(
        said.contains("filen finns redan; uppgradera skriver inte över en fil utan --tvinga"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(plan)).unwrap(),
        before
    );

    // To a new file, then in place.
    let copy = "data/kommunstyrelsen/uppgraderad.yaml";
    let out = run(dir.path(), &["upgrade", plan, "-o", copy]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(dir.path(), &["uppgradera", plan, "--tvinga"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("ändrat: rad 17: ikp.kolumner utan risknivå"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("skrev: {plan} (1 ändring; kommentarerna kvar)")),
        "{stdout}"
    );
    assert!(!stderr.contains("visar båda"), "{stderr}");
    let after = std::fs::read_to_string(dir.path().join(plan)).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join(copy)).unwrap(),
        after
    );
    assert!(
        after.contains(
            "  kolumner: [nr, risk, riskvärde, kontroll]   # antaget – källan visar inte planens tabell\n"
        ),
        "{after}"
    );
    // Only that line changed; every other line, comments too, as it was.
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert_eq!(before.lines().count(), after.lines().count());

    // Once in today's form, nothing more to do.
    let again = run(dir.path(), &["uppgradera", plan]);
    let said = String::from_utf8_lossy(&again.stdout);
    assert_eq!(again.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!("ok: {plan} har redan dagens form; inget skrevs")),
        "{said}"
    );
}
