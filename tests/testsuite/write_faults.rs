//! Faults while writing never lose a report: a failed write leaves the old
//! PDF as it was and no partial file under a final name, and a killed build
//! leaves only complete PDFs, so the next run completes the rest.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{SAFETY_NET, fixture, plan_yaml, run, run_ok};
use riskrapport::fs as pdf;

const RISK: &str = "- nr: 1\n  risk: R\n  sannolikhet: 3\n  konsekvens: 3\n";

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files(&path));
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_full_disk_keeps_the_old_pdf_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("vor-2026.pdf");
    std::fs::write(&target, b"%PDF-1.7 the old report").unwrap();
    let new = vec![b'x'; 64 * 1024];
    let result = pdf::write_atomically_with(&target, &new, |file, bytes| {
        // Half gets to disk, then the device is full.
        file.write_all(&bytes[..bytes.len() / 2])?;
        Err(io::Error::new(
            io::ErrorKind::StorageFull,
            "No space left on device",
        ))
    });
    let err = result.expect_err("the write fails");
    assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    let message = err.to_string();
    assert!(message.contains("disken är full"), "{message}");
    assert!(
        message.contains("vor-2026.pdf kunde inte skrivas"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        b"%PDF-1.7 the old report",
        "the old PDF is intact"
    );
    assert_eq!(files(dir.path()), vec![target], "no temporary file is left");
}

#[test]
fn a_failing_sync_or_a_new_report_leaves_nothing_partial() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("ut/n/ikp-2026.pdf");
    let result = pdf::write_atomically_with(&target, b"%PDF", |_, _| {
        Err(io::Error::other("Input/output error"))
    });
    assert!(result.is_err());
    assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
    pdf::write_atomically(&target, b"%PDF-1.7 ok").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"%PDF-1.7 ok");
    assert_eq!(files(dir.path()), vec![target]);
}

#[test]
fn stale_temporary_files_of_a_dead_process_are_removed() {
    if !Path::new("/proc/self").exists() {
        eprintln!("note: no /proc here, so stale temporary files are left alone; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("vor-2026.pdf");
    // A process id that does not run: above the kernel's pid_max (4 194 304).
    let stale = dir.path().join(pdf::temp_name("vor-2026.pdf", 4_999_999));
    let other = dir.path().join(pdf::temp_name("ikp-2026.pdf", 4_999_999));
    std::fs::write(&stale, b"%PDF half").unwrap();
    std::fs::write(&other, b"%PDF half").unwrap();
    assert!(!name(&stale).ends_with(".pdf") && name(&stale).starts_with('.'));
    pdf::write_atomically(&target, b"%PDF-1.7 ok").unwrap();
    assert!(
        !stale.exists(),
        "the stale temp of the same report is removed"
    );
    assert!(
        other.exists(),
        "another report's temp waits for that report"
    );
}

#[test]
fn an_output_path_under_a_regular_file_is_a_clear_error() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK)), ("fil", "inte en mapp")]);
    let out = run(dir.path(), &["build", "n", "-o", "fil/ut"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("kunde inte göras: mappen fil/ut/n kunde inte skapas: en del av sökvägen är en fil, inte en mapp"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("fil")).unwrap(),
        b"inte en mapp"
    );
}

#[test]
fn an_unwritable_output_folder_keeps_the_old_pdfs() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let out = run(dir.path(), &["build", "n", "-o", "ut"]);
    assert!(out.status.success());
    let folder = dir.path().join("ut/n");
    let before = snapshot(&folder);
    assert_eq!(before.len(), 2);

    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = folder.join(".probe");
    if std::fs::write(&probe, b"").is_ok() {
        // Root (as in CI) writes through permissions; nothing to test here.
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("note: running as root, so a read-only folder is still writable; skipped");
        return;
    }
    let changed = plan_yaml(RISK).replace("risk: R", "risk: Ändrad");
    std::fs::write(dir.path().join("n/plan.yaml"), changed).unwrap();
    let out = run(dir.path(), &["build", "n", "-o", "ut"]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("det går inte att skriva i mappen ut/n: behörighet saknas"),
        "{stderr}"
    );
    for (path, bytes) in before {
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{path:?} is intact");
    }
    assert_eq!(files(&folder).len(), 2, "{:?}", files(&folder));
}

/// Every file in `folder` with its bytes.
fn snapshot(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files(folder)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Copies the example data (plans, follow-ups and models) into `dir/data`.
fn copy_data(dir: &Path) {
    for file in files(&crate::common::root().join("data")) {
        let rel = file.strip_prefix(crate::common::root()).unwrap();
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&file, &to).unwrap();
    }
}

/// Asserts every `*.pdf` under `out` is a complete PDF and any other file is
/// a hidden temporary file; returns the PDFs.
fn assert_only_complete_pdfs(out: &Path) -> Vec<PathBuf> {
    let mut pdfs = Vec::new();
    for path in files(out) {
        let name = name(&path);
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
                "{path:?} is complete"
            );
            let doc = lopdf::Document::load_mem(&bytes)
                .unwrap_or_else(|e| panic!("{path:?} does not parse: {e}"));
            assert!(!doc.get_pages().is_empty(), "{path:?} has pages");
            pdfs.push(path);
        } else if name != riskrapport::driver::CACHE_FILE {
            assert!(
                name.starts_with('.') && name.ends_with(".tmp"),
                "only temporary files besides PDFs: {path:?}"
            );
        }
    }
    pdfs
}

#[test]
fn a_build_killed_midway_leaves_complete_pdfs_and_the_next_run_finishes() {
    let dir = tempfile::tempdir().unwrap();
    copy_data(dir.path());
    let out = dir.path().join("ut");
    // Kill once as soon as the first PDF appears, and once as soon as the
    // workers are there (threads besides the main one), before most of the
    // work: events of the build itself, not moments on the clock.
    for wait_for_pdf in [true, false] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_riskrapport"))
            .args(["build", "data", "-o", "ut"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let tasks = format!("/proc/{}/task", child.id());
        let moment = || {
            if wait_for_pdf {
                files(&out).iter().any(|p| name(p).ends_with(".pdf"))
            } else {
                std::fs::read_dir(&tasks).map_or(0, Iterator::count) > 1
            }
        };
        let started = Instant::now();
        while !moment() && child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < SAFETY_NET, "the moment never came");
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let _ = child.wait();
        assert_only_complete_pdfs(&out);
    }
    let first = assert_only_complete_pdfs(&out);
    assert!(!first.is_empty(), "the first kill came after a PDF");

    let result = run_ok(dir.path(), &["build", "data", "-o", "ut"]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    let expected: Vec<PathBuf> = stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("→ "))
        .map(|p| dir.path().join(p))
        .collect();
    assert!(expected.len() >= 10, "{stdout}");
    let pdfs = assert_only_complete_pdfs(&out);
    for path in &expected {
        assert!(pdfs.contains(path), "{path:?} was made");
    }
    let leftovers: Vec<PathBuf> = files(&out)
        .into_iter()
        .filter(|p| !name(p).ends_with(".pdf") && name(p) != riskrapport::driver::CACHE_FILE)
        .collect();
    assert!(
        leftovers.is_empty(),
        "stale temps are removed: {leftovers:?}"
    );
}

/// A small tmpfs mounted for a test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts `size` bytes at `path`, or None where mounting is not allowed.
    fn mount(path: &Path, size: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(path).ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Tmpfs(path.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_really_full_disk_keeps_the_old_pdfs_and_the_next_run_completes() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let Some(_tmpfs) = Tmpfs::mount(&dir.path().join("ut"), 1024 * 1024) else {
        eprintln!("note: cannot mount a tmpfs here (needs root); the injected writer covers this");
        return;
    };
    run_ok(dir.path(), &["build", "n", "-o", "ut"]);
    let folder = dir.path().join("ut/n");
    let before = snapshot(&folder);
    assert_eq!(before.len(), 2);

    // Fill the disk, leaving a few kilobytes: less than any report.
    let filler = dir.path().join("ut/fyllnad");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    drop(file);
    let shrink = std::fs::metadata(&filler)
        .unwrap()
        .len()
        .saturating_sub(8 * 1024);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(shrink)
        .unwrap();

    let changed = plan_yaml(RISK).replace("risk: R", "risk: Ändrad risk med en längre titel");
    std::fs::write(dir.path().join("n/plan.yaml"), changed).unwrap();
    let out = run(dir.path(), &["build", "n", "-o", "ut"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("disken är full"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (path, bytes) in &before {
        assert_eq!(&std::fs::read(path).unwrap(), bytes, "{path:?} is intact");
    }
    assert_eq!(
        files(&folder).len(),
        2,
        "no temp left: {:?}",
        files(&folder)
    );

    std::fs::remove_file(&filler).unwrap();
    run_ok(dir.path(), &["build", "n", "-o", "ut"]);
    assert_eq!(assert_only_complete_pdfs(&folder).len(), 2);
    assert!(crate::common::pdf_text(&folder.join("vor-2026.pdf")).contains("Ändrad risk"));
}
