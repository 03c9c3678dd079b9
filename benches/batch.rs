//! The batch benchmark: a synthetic city of 30 nämnder × 60 risks (12 IKP
//! controls, T2 and VB follow-ups) built cold, split per stage, rebuilt with
//! nothing changed, compared with the typst CLI on the sources `--emit-typst`
//! writes (when `typst` is on PATH), the cost per page of a long table, and
//! what Kommunstyrelsens samlade bild (`kommun.yaml`) adds to the batch.
//!
//! Run: `cargo bench --bench batch` (options after `--`: `--namnder N`,
//! `--risker N`, `--varv N`, and `--bara-sidkostnad` for only the cost per
//! page of a long table).

#[path = "../tests/testsuite/common/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use riskrapport::driver::{self, Config, Options, ReportKind};

const BINARY: &str = env!("CARGO_BIN_EXE_riskrapport");

struct Settings {
    namnder: usize,
    risks: usize,
    rounds: usize,
}

fn settings() -> Settings {
    let mut s = Settings {
        namnder: 30,
        risks: 60,
        rounds: 3,
    };
    let args: Vec<String> = std::env::args().collect();
    for pair in args.windows(2) {
        let value = || pair[1].parse().expect("a number");
        match pair[0].as_str() {
            "--namnder" => s.namnder = value(),
            "--risker" => s.risks = value(),
            "--varv" => s.rounds = value(),
            _ => {}
        }
    }
    s
}

fn main() {
    let s = settings();
    let dir = tempfile::tempdir().expect("a temp dir");
    if std::env::args().any(|a| a == "--bara-sidkostnad") {
        table_cost_per_page(dir.path());
        return;
    }
    let data = dir.path().join("data");
    synthetic::write_city(&data, s.namnder, s.risks).expect("the city is written");
    println!(
        "Syntetisk stad: {} nämnder × {} risker, T2 och VB; {} varv per mätning, median.",
        s.namnder, s.risks, s.rounds
    );

    // Cold batch, whole process, as a user runs it.
    let out = dir.path().join("out");
    let cold = median(s.rounds, || {
        let _ = std::fs::remove_dir_all(&out);
        run_binary(&["build", path(&data), "-o", path(&out)])
    });
    let pdfs = files_with(&out, "pdf");
    let pages: usize = pdfs.iter().map(|p| page_count(p)).sum();
    println!(
        "Kallt bygge (processen): {:.2} s för {} dokument och {} sidor: {:.0} dokument/s, {:.0} sidor/s",
        secs(cold),
        pdfs.len(),
        pages,
        pdfs.len() as f64 / secs(cold),
        pages as f64 / secs(cold)
    );

    // Unchanged rerun.
    let warm = median(s.rounds.max(5), || {
        run_binary(&["build", path(&data), "-o", path(&out)])
    });
    println!("Omkörning utan ändringar (processen): {:.3} s", secs(warm));

    // Cold batch in this process, split per stage.
    in_process_split(&data, &dir.path().join("out-delat"));

    // The typst CLI on the same sources.
    compare_with_typst_cli(&data, &dir.path().join("out-typst"), cold, s.rounds);

    // The cost per page of a long table.
    table_cost_per_page(dir.path());

    // What Kommunstyrelsens samlade bild adds to the cold batch.
    rollup_cost(&data, &dir.path().join("out-kommun"), s.rounds);
}

/// The cold batch without and with `kommun.yaml`, in turns so that both
/// see the same machine: the samlade bild's share of the wall time.
fn rollup_cost(data: &Path, out: &Path, rounds: usize) {
    let kommun = data.join("kommun.yaml");
    let mut without = Vec::new();
    let mut with = Vec::new();
    for _ in 0..rounds.max(1) {
        for (times, present) in [(&mut without, false), (&mut with, true)] {
            if present {
                synthetic::write_kommun(data, None).expect("kommun.yaml is written");
            } else {
                let _ = std::fs::remove_file(&kommun);
            }
            let _ = std::fs::remove_dir_all(out);
            times.push(run_binary(&["build", path(data), "-o", path(out)]));
        }
    }
    assert!(
        out.join("sammanställning-2026.pdf").is_file(),
        "the samlade bild is made"
    );
    let _ = std::fs::remove_file(&kommun);
    let (without, with) = (median_of(without), median_of(with));
    println!(
        "Samlad bild (kommun.yaml): kallt bygge {:.2} s utan, {:.2} s med: {:+.1} %",
        secs(without),
        secs(with),
        100.0 * (secs(with) / secs(without) - 1.0)
    );
}

fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn in_process_split(data: &Path, out: &Path) {
    let config = Config::new(&Options {
        force: true,
        ..Options::new(out)
    })
    .expect("the built-in templates load");
    let files = driver::discover(&[data.to_path_buf()]).expect("the city's files");
    driver::reset_stage_times();
    let (started, cpu_before) = (Instant::now(), cpu_time());
    let outcomes = driver::build_all(&config, &files, &|_| {});
    let (wall, cpu) = (started.elapsed(), cpu_time() - cpu_before);
    assert!(
        outcomes.iter().all(|o| o.ok()),
        "the city builds without errors"
    );
    let mut times = driver::stage_times();
    // The workers' idle time at the end is no stage's work: said on its own.
    let idle = times
        .iter()
        .find(|(stage, _)| *stage == driver::Stage::Idle)
        .map_or(Duration::ZERO, |(_, d)| *d);
    times.retain(|(stage, _)| *stage != driver::Stage::Idle);
    let total: Duration = times.iter().map(|(_, d)| *d).sum();
    println!(
        "Kallt bygge i processen: {:.2} s; tid per steg (summerad över trådarna, {:.2} s):",
        secs(wall),
        secs(total)
    );
    let mut outside = Duration::ZERO;
    for (stage, time) in &times {
        println!(
            "  {:<20} {:>8.3} s  {:>5.1} %",
            stage.name(),
            secs(*time),
            100.0 * secs(*time) / secs(total)
        );
        if !matches!(stage, driver::Stage::Compile | driver::Stage::Export) {
            outside += *time;
        }
    }
    println!(
        "  utanför Typsts kompilering och export: {:.1} %",
        100.0 * secs(outside) / secs(total)
    );
    let workers = driver::workers() as f64;
    println!(
        "Arbetarnas lediga tid i slutet: {:.2} s av {:.2} s ({:.1} %); väggtid mot stegens summerade tid ÷ arbetare: {:.2} s mot {:.2} s ({:+.1} %)",
        secs(idle),
        secs(wall) * workers,
        100.0 * secs(idle) / (secs(wall) * workers),
        secs(wall),
        secs(total) / workers,
        100.0 * (secs(wall) / (secs(total) / workers) - 1.0)
    );
    // What the kernel counted: every thread's time on a core, user and system.
    println!(
        "Väggtid mot processorns tid (getrusage, användare + system) ÷ kärnor: {:.2} s mot {:.2} s ÷ {} = {:.2} s ({:+.1} %)",
        secs(wall),
        secs(cpu),
        workers,
        secs(cpu) / workers,
        100.0 * (secs(wall) / (secs(cpu) / workers) - 1.0)
    );
    println!(
        "Toppminne (hela benchmarkprocessen så här långt): {}",
        peak_memory()
    );
}

fn compare_with_typst_cli(data: &Path, out: &Path, ours: Duration, rounds: usize) {
    let typst = std::env::var("TYPST").unwrap_or_else(|_| "typst".into());
    if Command::new(&typst).arg("--version").output().is_err() {
        println!("typst-CLI: finns inte på PATH (eller i $TYPST); jämförelsen hoppas över.");
        return;
    }
    run_binary(&[
        "build",
        path(data),
        "-o",
        path(out),
        "--emit-typst",
        "--force",
    ]);
    let sources = files_with(out, "typ");
    // Our World gives a document its logotyp as the file `/logotyp`; the
    // CLI reads files under the source's folder.
    let logo = data.join("logotyper/exempellogotyp.svg");
    for source in &sources {
        let folder = source.parent().expect("a folder");
        std::fs::copy(&logo, folder.join("logotyp")).expect("the logotyp is copied");
    }
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let theirs = median(rounds, || {
        let started = Instant::now();
        // Two at a time, as the issue asks: one worker per core.
        let (left, right) = sources.split_at(sources.len() / 2);
        std::thread::scope(|scope| {
            for half in [left, right] {
                let (typst, fonts) = (&typst, &fonts);
                scope.spawn(move || {
                    for source in half {
                        let status = Command::new(typst)
                            .args([
                                "compile",
                                "--ignore-system-fonts",
                                "--pdf-standard",
                                "a-2a,ua-1",
                                // pdf.data-cell, for the group headings' tags.
                                "--features",
                                "a11y-extras",
                            ])
                            .arg("--font-path")
                            .arg(fonts)
                            .arg(source)
                            .arg(source.with_extension("cli.pdf"))
                            .status()
                            .expect("typst runs");
                        assert!(status.success(), "typst compiles {}", source.display());
                    }
                });
            }
        });
        started.elapsed()
    });
    println!(
        "typst-CLI, ett dokument per körning, två åt gången: {:.2} s för {} dokument; riskrapport är {:.2}× så snabb",
        secs(theirs),
        sources.len(),
        secs(theirs) / secs(ours)
    );
}

/// Compiles the VoR of one nämnd with 60 and with 300 risks: time per page,
/// per thousand characters of text (the longer document's pages are fuller:
/// fewer of them hold the cover and the matrix), and what the fitting of
/// the last page adds to one layout.
fn table_cost_per_page(dir: &Path) {
    let config = Config::new(&Options::new(dir)).expect("the built-in templates load");
    // Per length: cold and warm, each in wall time and the process's time
    // on the cores (which another load on the machine disturbs less).
    let mut costs: Vec<[f64; 4]> = Vec::new();
    let mut text: Vec<(usize, usize)> = Vec::new();
    for risks in [60, 300] {
        let data = dir.join(format!("tabell-{risks}"));
        synthetic::write_city(&data, 0, 0).expect("the model");
        let plan = data.join("n/plan-2026.yaml");
        std::fs::create_dir_all(plan.parent().unwrap()).unwrap();
        std::fs::write(&plan, synthetic::plan("Tabellnämnden", risks)).unwrap();
        let checked = driver::check(&plan);
        let job = checked
            .jobs
            .into_iter()
            .find(|j| j.kind == ReportKind::Vor)
            .expect("a VoR");
        let mut pages = 0;
        let mut build = || {
            let mut job = job.clone();
            let (started, cpu) = (Instant::now(), cpu_time());
            let bytes = driver::pdf_bytes(&config, &mut job).expect("the VoR compiles");
            let elapsed = (started.elapsed(), cpu_time() - cpu);
            pages = lopdf::Document::load_mem(&bytes)
                .expect("a PDF")
                .get_pages()
                .len();
            elapsed
        };
        // Cold, as `bygg` meets a document: fonts loaded and the process
        // warm, but nothing of the document in Typst's memory. Then warm:
        // the same document again, Typst reusing all it can.
        build();
        comemo::evict(0);
        let cold = build();
        let warm: Vec<(Duration, Duration)> = (0..4).map(|_| build()).collect();
        let warm = (
            median_of(warm.iter().map(|w| w.0).collect()),
            median_of(warm.iter().map(|w| w.1).collect()),
        );
        let ms = |time: Duration| 1000.0 * secs(time) / pages as f64;
        let cost = [ms(cold.0), ms(cold.1), ms(warm.0), ms(warm.1)];
        // One layout as usual against the layout `bygg` makes (fitted when
        // the last page would hold a fragment), each cold, on the cores.
        let layout_cpu = |fitted: bool| {
            let cpu: Vec<Duration> = (0..3)
                .map(|_| {
                    let mut job = job.clone();
                    comemo::evict(0);
                    let before = cpu_time();
                    if fitted {
                        driver::document(&config, &mut job).expect("the VoR compiles");
                    } else {
                        driver::usual_document(&config, &mut job).expect("the VoR compiles");
                    }
                    cpu_time() - before
                })
                .collect();
            median_of(cpu)
        };
        let (usual, fitted) = (layout_cpu(false), layout_cpu(true));
        let mut job = job.clone();
        let (document, _) = driver::document(&config, &mut job).expect("the VoR compiles");
        let chars: usize = document.pages().iter().map(|p| text_chars(&p.frame)).sum();
        println!(
            "VoR med {risks} risker: {pages} sidor, {} tecken per sida; kallt {:.1} ms/sida (processortid {:.1}), varmt {:.1} ms/sida (processortid {:.1})",
            chars / pages,
            cost[0],
            cost[1],
            cost[2],
            cost[3]
        );
        println!(
            "  layouten, kallt, processortid: en gång som vanligt {:.0} ms, som bygg gör den {:.0} ms (anpassningen av sista sidan lägger till {:+.0} %)",
            1000.0 * secs(usual),
            1000.0 * secs(fitted),
            100.0 * (secs(fitted) / secs(usual) - 1.0)
        );
        costs.push(cost);
        text.push((pages, chars));
    }
    let ratio = |i: usize| costs[1][i] / costs[0][i];
    println!(
        "Kostnad per sida, 300 mot 60 risker: kallt {:.2}× (processortid {:.2}×), varmt {:.2}× (processortid {:.2}×)",
        ratio(0),
        ratio(1),
        ratio(2),
        ratio(3)
    );
    // The same cold costs per character: a page of the longer VoR holds
    // more text, so per page it costs more even when no step grows.
    let per_char =
        |i: usize, (pages, chars): (usize, usize)| costs[i][1] * pages as f64 / chars as f64;
    println!(
        "Kostnad per tecken, 300 mot 60 risker: kallt, processortid {:.2}× (sidorna är {:.2}× så fulla)",
        per_char(1, text[1]) / per_char(0, text[0]),
        (text[1].1 as f64 / text[1].0 as f64) / (text[0].1 as f64 / text[0].0 as f64)
    );
}

/// The characters of text in a laid-out frame, its groups included.
fn text_chars(frame: &typst::layout::Frame) -> usize {
    frame
        .items()
        .map(|(_, item)| match item {
            typst::layout::FrameItem::Group(group) => text_chars(&group.frame),
            typst::layout::FrameItem::Text(text) => text.text.chars().count(),
            _ => 0,
        })
        .sum()
}

fn run_binary(args: &[&str]) -> Duration {
    let started = Instant::now();
    let output = Command::new(BINARY)
        .args(args)
        .output()
        .expect("the binary runs");
    let elapsed = started.elapsed();
    assert!(
        output.status.success(),
        "riskrapport {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

fn median(rounds: usize, mut f: impl FnMut() -> Duration) -> Duration {
    median_of((0..rounds.max(1)).map(|_| f()).collect())
}

fn files_with(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension)
                && !path.to_string_lossy().ends_with(".cli.pdf")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn page_count(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).map_or(0, |d| d.get_pages().len())
}

/// This process's time on the cores so far, all threads, user and system.
fn cpu_time() -> Duration {
    // SAFETY: getrusage writes the struct it is given and nothing else.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{} MiB", kib / 1024))
        })
        .unwrap_or_else(|| "okänt".into())
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}
