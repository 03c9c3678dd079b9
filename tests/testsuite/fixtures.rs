//! Whole fixture folders in `tests/fixtures/`: every valid one checks clean
//! and builds; every invalid one fails `kontrollera` with exactly the
//! diagnostics in its reviewed snapshot (`snapshots/`). And the Typst source
//! generated for one small plan, snapshotted, so that a change in what the
//! templates write is seen and reviewed.

use std::path::{Path, PathBuf};

use riskrapport::driver::{self, Config, Options, ReportKind};

use crate::common::{root, run};

/// The fixture folders of one kind, sorted.
fn fixtures(kind: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures").join(kind))
        .expect("the fixture folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn valid_fixtures_check_clean_and_build() {
    let valid = fixtures("valid");
    assert!(valid.len() >= 5);
    for dir in valid {
        let out = run(&dir, &["kontrollera", "."]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", name(&dir));
        assert!(!stderr.contains("fel:"), "{}: {stderr}", name(&dir));
        let target = tempfile::tempdir().unwrap();
        let out = run(&dir, &["bygg", ".", "-o", target.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", name(&dir));
        let pdfs = std::fs::read_dir(target.path().join("namnd"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert!(pdfs >= 2, "{}: {pdfs} reports", name(&dir));
    }
}

#[test]
fn invalid_fixtures_fail_with_their_diagnostics() {
    let invalid = fixtures("invalid");
    assert!(invalid.len() >= 20);
    for dir in invalid {
        let out = run(&dir, &["kontrollera", "."]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", name(&dir));
        assert!(stderr.contains("fel: "), "{}: {stderr}", name(&dir));
        assert!(!stderr.contains("panicked"), "{}: {stderr}", name(&dir));
        insta::assert_snapshot!(format!("ogiltig_{}", name(&dir)), stderr);
    }
}

#[test]
fn the_typst_source_of_a_small_plan() {
    let plan = root().join("tests/fixtures/valid/processer-och-delprocesser/namnd/plan.yaml");
    let config = Config::new(&Options::new(Path::new("ut"))).unwrap();
    let checked = driver::check(&plan);
    assert!(!checked.diagnostics.has_errors(), "{}", checked.diagnostics);
    for mut job in checked.jobs {
        let source = job
            .render(config.templates(), &[])
            .expect("the templates render");
        if matches!(job.kind, ReportKind::Vor | ReportKind::Ikp) {
            insta::assert_snapshot!(format!("typst_{}", job.kind.code()), source);
        }
    }
}
