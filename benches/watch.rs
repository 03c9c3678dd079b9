//! The edit loop: `riskrapport bevaka` on a copy of Servicenämnden's folder
//! while this benchmark changes one risk's text in the 2025 plan, again and
//! again, as an editor saves. Measured per edit: from the write to the new
//! VoR PDF on disk (its bytes changed), and the watching process's memory
//! after 1, 100 and every 100th edit. With `--förhandsvisning`, bevaka also
//! serves the preview, and after each new VoR the benchmark fetches what a
//! browser would: the page's content and every page of the VoR as SVG.
//!
//! Run: `cargo bench --bench watch` (options after `--`: `--ändringar N`,
//! `--förhandsvisning`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_riskrapport");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let preview = args.iter().any(|a| a == "--förhandsvisning");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let edits = args
        .windows(2)
        .find(|w| w[0] == "--ändringar")
        .map_or(500, |w| w[1].parse().expect("a number"));
    let dir = tempfile::tempdir().expect("a temp dir");
    let data = dir.path().join("data");
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data);
    let plan = data.join("servicenamnden/vor-ikp-2025.yaml");
    let original = std::fs::read_to_string(&plan).expect("the plan");
    let title = "risk: Systemet har sårbarheter";
    assert!(original.contains(title), "the risk to edit");
    let vor = dir.path().join("ut/servicenamnden/vor-2025.pdf");

    let mut command = Command::new(BINARY);
    command.args(["bevaka", "data/servicenamnden", "-o", "ut"]);
    if preview {
        command.args(["--förhandsvisning", "--port", &port.to_string()]);
    }
    let mut child = command
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("bevaka starts");
    // The first build: wait for the VoR, then a moment for the watch to begin.
    let started = Instant::now();
    while !vor.is_file() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the first build"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_secs(2));

    println!(
        "Servicenämnden, VoR (11 sidor) och IKP görs om vid varje ändring; {edits} ändringar."
    );
    if preview {
        println!(
            "Med förhandsvisning: efter varje ny VoR hämtas sidans innehåll och VoR:ens sidor som SVG."
        );
    }
    let mut latencies = Vec::with_capacity(edits);
    let mut shown = Vec::with_capacity(edits);
    let mut memory = Vec::new();
    for edit in 1..=edits {
        let before = std::fs::read(&vor).expect("the VoR");
        let text = original.replace(title, &format!("{title} (ändring {edit})"));
        let written = Instant::now();
        std::fs::write(&plan, text).expect("the plan is written");
        loop {
            if std::fs::read(&vor).is_ok_and(|now| now != before) {
                break;
            }
            assert!(
                written.elapsed() < Duration::from_secs(30),
                "edit {edit}: no new VoR"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        latencies.push(written.elapsed());
        if preview {
            let content = get(port, "/innehall?r=servicenamnden%2Fvor-2025");
            let pages: Vec<&str> = content.split("<img src=\"").skip(1).collect();
            assert!(!pages.is_empty(), "edit {edit}: no pages in the preview");
            for page in pages {
                let address = page.split('"').next().unwrap().replace("&amp;", "&");
                assert!(
                    get(port, &address).starts_with("<svg"),
                    "edit {edit}: a page"
                );
            }
            shown.push(written.elapsed());
        }
        if edit == 1 || edit % 100 == 0 {
            memory.push((edit, resident(child.id())));
        }
        // Let the other report of the round (the IKP) finish before the next save.
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = child.kill();
    let _ = child.wait();

    let mut sorted = latencies.clone();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    println!(
        "Från skrivningen till ny VoR: median {:.0} ms, p90 {:.0} ms, min {:.0} ms, max {:.0} ms",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1])
    );
    if preview {
        shown.sort();
        let at = |q: f64| shown[((shown.len() - 1) as f64 * q).round() as usize];
        println!(
            "Från skrivningen till VoR:ens sidor hämtade från förhandsvisningen: median {:.0} ms, p90 {:.0} ms",
            ms(at(0.5)),
            ms(at(0.9))
        );
    }
    let curve: Vec<String> = memory
        .iter()
        .map(|(edit, mib)| format!("{edit}: {mib} MiB"))
        .collect();
    println!("Minne (RSS) efter ändring {}", curve.join(", "));
}

/// The body of `GET target` from the preview on `port`.
fn get(port: u16, target: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the preview answers");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("the response");
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The resident memory of process `pid`, in MiB.
fn resident(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// Copies the folder `from` to `to`.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the copy's folder");
    for entry in std::fs::read_dir(from).expect("the data").flatten() {
        let path: PathBuf = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("a data file is copied");
        }
    }
}
