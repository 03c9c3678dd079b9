//! `bevaka`: builds once, then again after every save of a file the reports
//! are made from (a plan, a risk model, a follow-up, a template, a
//! logotyp), in this process, so that Typst's memoised work from the last
//! build is reused and the build cache remakes only the reports whose
//! inputs changed. Each PDF is written atomically, so a viewer that reloads
//! on change shows the new pages. Errors are printed as `bygg` prints them
//! and the watch goes on; Ctrl-C ends it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher};

use super::args::{Output, Paths};
use super::output::{FEL, RAPPORT, print_diagnostics, shown};
use super::preview::{self, Preview};
use super::{Failure, Outcome};
use crate::diag::{Diagnostic, Diagnostics};
use crate::driver::{self, Config, Options};
use crate::swedish;

/// Bygg, och bygg om varje gång en fil som rapporterna görs av sparas
/// (planer, riskmodeller, uppföljningar, mallar, logotyper); Ctrl-C avslutar.
#[derive(Debug, clap::Args)]
#[command(override_usage = "riskrapport bevaka [SÖKVÄG]... [FLAGGOR]")]
pub struct WatchArgs {
    #[command(flatten)]
    pub paths: Paths,
    #[command(flatten)]
    pub output: Output,
    /// Visa rapporternas sidor i webbläsaren på http://127.0.0.1:PORT/; sidan uppdateras efter varje bygge.
    #[arg(long = "förhandsvisning", visible_alias = "preview")]
    pub preview: bool,
    /// Porten för förhandsvisningen (standard: 8420; 0: vilken ledig port som helst).
    #[arg(
        long = "port",
        value_name = "PORT",
        default_value_t = 8420,
        hide_default_value = true,
        requires = "preview"
    )]
    pub port: u16,
}

/// Watches until Ctrl-C; fails only when the watch cannot begin.
pub fn run(args: &WatchArgs) -> Outcome {
    watch(
        &Options::from(&args.output),
        &args.paths.paths,
        args.preview.then_some(args.port),
    )
}

/// Saves this close together are one change: editors write a file in
/// several steps (or delete it and write it anew).
const SETTLE: Duration = Duration::from_millis(25);

/// The kinds of file a report is made from.
const WATCHED: [&str; 7] = ["yaml", "yml", "j2", "svg", "png", "jpg", "jpeg"];

enum Signal {
    Changed(Vec<PathBuf>),
    Stop,
}

/// Watches `paths` (and the templates of `options`) and rebuilds on change
/// until Ctrl-C; with a `preview` port, shows the pages on a local page.
fn watch(options: &Options, paths: &[PathBuf], preview: Option<u16>) -> Outcome {
    // A path that is not there (a typo) ends the watch at once, as `bygg`
    // would end: waiting for it would look like a watch that works.
    driver::discover(paths)?;
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    }) {
        eprintln!("varning: Ctrl-C kunde inte fångas ({e}); avsluta med att stänga terminalen");
    }
    let out = absolute(&options.out_dir);
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        // Only a file's content or name: a build reads every file (an
        // access, perhaps a new access time), and must not set off the next.
        if matches!(
            event.kind,
            EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
        ) {
            return;
        }
        let paths: Vec<PathBuf> = event
            .paths
            .into_iter()
            .filter(|p| relevant(p, &out))
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(Signal::Changed(paths));
        }
    });
    let mut watcher = watcher.map_err(|e| {
        failure(Diagnostic::general(format!(
            "filerna kan inte bevakas: {}",
            watch_error(&e)
        )))
    })?;
    let roots: Vec<&Path> = paths
        .iter()
        .map(PathBuf::as_path)
        .chain(options.templates.as_deref())
        .collect();
    for root in &roots {
        // A file is watched through its folder: editors that save by
        // deleting and writing anew would otherwise end the watch.
        let (target, mode) = if root.is_dir() {
            (*root, RecursiveMode::Recursive)
        } else {
            let folder = root.parent().filter(|p| !p.as_os_str().is_empty());
            (
                folder.unwrap_or(Path::new(".")),
                RecursiveMode::NonRecursive,
            )
        };
        watcher.watch(target, mode).map_err(|e| {
            failure(Diagnostic::general(format!(
                "{} kan inte bevakas: {}",
                target.display(),
                watch_error(&e)
            )))
        })?;
    }
    let mut options = options.clone();
    let preview = match preview {
        Some(port) => Some(start_preview(&mut options, port)?),
        None => None,
    };
    let after_build = |problems: String| {
        if let Some(preview) = &preview {
            preview.finished(problems);
        }
    };
    // The preview needs every report's pages, also those the cache would skip.
    let first = Options {
        force: options.force || preview.is_some(),
        ..options.clone()
    };
    after_build(build(&first, paths));
    let names: Vec<String> = roots.iter().map(|r| shown(r)).collect();
    println!(
        "bevakar {}; sparar du en fil görs dess rapporter om (avsluta med Ctrl-C)",
        swedish::join(&names)
    );
    while let Ok(Signal::Changed(mut changed)) = rx.recv() {
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(Signal::Changed(more)) => changed.extend(more),
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return stopped(),
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        changed.sort();
        changed.dedup();
        // The watcher names files by their absolute path; the user wrote them relative.
        let here = std::env::current_dir().unwrap_or_default();
        let names: Vec<String> = changed
            .iter()
            .map(|p| shown(p.strip_prefix(&here).unwrap_or(p)))
            .collect();
        println!("ändrad: {}", swedish::join(&names));
        after_build(build(&options, paths));
    }
    stopped()
}

/// Starts the preview's server and has the builds hand it their pages.
fn start_preview(options: &mut Options, port: u16) -> Result<Arc<Preview>, Failure> {
    let preview = Preview::new(&options.out_dir);
    match preview::serve(Arc::clone(&preview), port) {
        Ok(address) => {
            println!("förhandsvisning: http://{address}/");
            options.pages = Some(preview.sink());
            Ok(preview)
        }
        Err(e) => Err(failure(
            Diagnostic::general(format!(
                "förhandsvisningen kan inte öppnas på port {port}: {}",
                crate::fs::reason(&e)
            ))
            .hint("välj en annan port med --port, eller 0 för vilken ledig port som helst"),
        )),
    }
}

/// Why notify could not watch, in Swedish.
fn watch_error(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(io) => crate::fs::reason(io),
        notify::ErrorKind::PathNotFound => "filen eller mappen finns inte".into(),
        notify::ErrorKind::MaxFilesWatch => {
            "systemets gräns för antalet bevakade filer är nådd (sysctl fs.inotify.max_user_watches)"
                .into()
        }
        _ => "systemet kunde inte bevaka filerna".into(),
    }
}

fn stopped() -> Outcome {
    println!("bevakningen avslutad");
    Ok(())
}

/// The watch cannot begin (exit code 1).
fn failure(problem: Diagnostic) -> Failure {
    Failure::Errors(problem.into())
}

/// A file a report may be made from, outside the output folder.
fn relevant(path: &Path, out: &Path) -> bool {
    let kind = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WATCHED.contains(&e.to_ascii_lowercase().as_str()));
    kind && !absolute(path).starts_with(out)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// One build of everything under `paths`, the cache skipping what has not
/// changed; prints what was remade and what went wrong, ends with a line
/// `klart på …` (also when the templates or the paths fail: every round
/// ends so), and returns what went wrong as printed.
fn build(options: &Options, paths: &[PathBuf]) -> String {
    let started = Instant::now();
    // Templates are read anew: they may be what changed.
    let prepared = Config::new(options)
        .map_err(|problem| Diagnostics::from(Diagnostic::from(problem)))
        .and_then(|config| Ok((config, driver::discover(paths)?)));
    let (made, errors, problems) = match prepared {
        Ok((config, files)) => build_files(&config, &files),
        Err(problems) => {
            print_diagnostics(&problems);
            (0, problems.error_count(), problems.to_string())
        }
    };
    println!(
        "klart på {} s: {} {}, {}",
        swedish::decimal(started.elapsed().as_secs_f64(), 2),
        swedish::count(made, RAPPORT),
        swedish::agree(made, "gjord", "gjorda"),
        swedish::count(errors, FEL)
    );
    problems
}

/// Builds `files`, printing each PDF written and what went wrong; the
/// reports made, the errors, and what went wrong as printed.
fn build_files(config: &Config, files: &[PathBuf]) -> (usize, usize, String) {
    let outcomes = driver::build_all(config, files, &|_| {});
    let (mut made, mut errors) = (0, 0);
    let mut problems = String::new();
    for outcome in &outcomes {
        // An unchanged file's old warnings would only repeat themselves.
        if !outcome.written.is_empty() || !outcome.ok() {
            print_diagnostics(&outcome.diagnostics);
        }
        if !outcome.ok() {
            problems.push_str(&outcome.diagnostics.to_string());
        }
        for pdf in &outcome.written {
            println!("  → {}", shown(pdf));
        }
        made += outcome.written.len();
        errors += outcome.diagnostics.error_count();
    }
    (made, errors, problems)
}
