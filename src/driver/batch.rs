//! Building many input files at once: every report of every file on a set
//! of workers, files whose inputs have not changed skipped, and one file's
//! errors never stopping the others.
//!
//! Each worker hands its documents to a Typst runner of its own: a
//! one-thread rayon pool. Typst runs parts of its work on rayon; in one
//! shared pool, a thread waiting for such a part would be free to pick up
//! another whole document meanwhile, nesting documents on one stack and
//! keeping them all in memory. In its own pool it finds only its own
//! document's parts, and no time is lost handing them between threads.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::build::{LARGE_PLAN_RISKS, build_job};
use super::cache::{BuildCache, Made};
use super::config::Config;
use super::jobs::Job;
use super::load::{PlanMemo, check_with};
use super::rollup;
use super::stages::{self, Stage, timed};
use crate::diag::{Diagnostic, Diagnostics};
use crate::score::rollup::FileFacts;
use crate::typst_world::{Runner, time_limit};
use crate::validate::city::City;

/// What became of one input file.
#[derive(Debug)]
pub struct FileOutcome {
    pub source: PathBuf,
    /// The nämnd the file belongs to, when it could be read.
    pub namnd: Option<String>,
    /// What was said of the file: this time, or last time when it is unchanged.
    pub diagnostics: Diagnostics,
    /// Reports written this time.
    pub written: Vec<PathBuf>,
    /// Reports left as they were, because nothing they depend on changed.
    pub unchanged: Vec<PathBuf>,
    /// Time spent on this file (checking it and building its reports).
    pub elapsed: Duration,
}

impl FileOutcome {
    /// True when the file had no errors.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// How many documents are built at once: one per core.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// A file on its way: what checking it said, and its reports as they come.
struct FileState {
    source: PathBuf,
    namnd: Option<String>,
    diagnostics: Diagnostics,
    /// Every file its reports are made from.
    inputs: Vec<PathBuf>,
    written: Vec<Option<PathBuf>>,
    unchanged: Vec<PathBuf>,
    remaining: usize,
    elapsed: Duration,
    outcome: Option<FileOutcome>,
    /// What the file tells the kommun's samlade bild, when it was checked.
    facts: Option<FileFacts>,
    /// The kommun, when the file is a `kommun.yaml` without errors.
    city: Option<City>,
}

impl FileState {
    fn finish(&mut self, done: &(dyn Fn(&FileOutcome) + Sync)) {
        let outcome = FileOutcome {
            source: self.source.clone(),
            namnd: self.namnd.clone(),
            diagnostics: std::mem::take(&mut self.diagnostics),
            written: self.written.iter().flatten().cloned().collect(),
            unchanged: std::mem::take(&mut self.unchanged),
            elapsed: self.elapsed,
        };
        done(&outcome);
        self.outcome = Some(outcome);
    }
}

/// Builds every file in `files` (of the configured part, with `--del`),
/// calling `done` as each one finishes (from any thread). Returns the
/// outcomes in the order of `files`.
pub fn build_all(
    config: &Config,
    files: &[PathBuf],
    done: &(dyn Fn(&FileOutcome) + Sync),
) -> Vec<FileOutcome> {
    let fingerprint = config.fingerprint();
    let mut cache = if config.force {
        BuildCache::empty(&config.out_dir)
    } else {
        BuildCache::load(&config.out_dir)
    };
    // With `--del`, only this part's files are built; a kommun's samlade
    // bild still sums up all of its nämnder.
    let all = files;
    let files: Vec<PathBuf> = all.iter().filter(|f| config.builds(f)).cloned().collect();
    let files = files.as_slice();
    // Checking is cheap and touches no Typst: all files at once, each plan
    // once, its follow-ups sharing its check.
    let memo = PlanMemo::default();
    let mut prepared: Vec<(FileState, Vec<Job>)> = files
        .par_iter()
        .map(|file| prepare(&cache, &fingerprint, file, &memo))
        .collect();
    // The kommuns' samlade bild, from what was just checked; started first.
    let city_jobs = city_jobs(&cache, &fingerprint, all, files, &memo, &mut prepared);
    let mut states = Vec::with_capacity(prepared.len());
    let mut tasks = Vec::new();
    for (index, job) in city_jobs {
        tasks.push((index, 0, Mutex::new(Some(job))));
    }
    let mut reports = Vec::new();
    for (index, (mut state, jobs)) in prepared.into_iter().enumerate() {
        if jobs.is_empty() && state.remaining == 0 {
            state.finish(done);
        }
        for (slot, job) in jobs.into_iter().enumerate() {
            reports.push((index, slot, Mutex::new(Some(job))));
        }
        states.push(Mutex::new(state));
    }
    // The largest documents first, so that no worker starts a long one
    // while the others run out of work. A very large plan's documents keep
    // their order and go first: they are built one at a time, and in this
    // order the memory one worker freed is what the next one takes.
    reports.sort_by_cached_key(|(_, _, job)| {
        let job = lock(job);
        match job.as_ref() {
            Some(job) if job.risks > LARGE_PLAN_RISKS => (0, std::cmp::Reverse(0)),
            Some(job) => (1, std::cmp::Reverse(job.weight())),
            None => (2, std::cmp::Reverse(0)),
        }
    });
    tasks.extend(reports);
    let started = run_workers(tasks.len(), |runner, i| {
        let (index, slot, job) = &tasks[i];
        let Some(job) = lock(job).take() else {
            return;
        };
        let source = lock(&states[*index]).source.clone();
        let (result, elapsed) = large_guarded(job.risks, || {
            let started = Instant::now();
            let result = build_job(config, runner, job, &source);
            (result, started.elapsed())
        });
        let mut state = lock(&states[*index]);
        state.elapsed += elapsed;
        match result {
            Ok(built) => {
                state.written[*slot] = Some(built.pdf);
                state.diagnostics.extend(built.warnings);
            }
            Err(diagnostics) => state.diagnostics.extend(diagnostics),
        }
        state.remaining -= 1;
        if state.remaining == 0 {
            state.finish(done);
        }
    });
    if let Err(e) = started {
        for state in &states {
            let mut state = lock(state);
            if state.outcome.is_none() {
                let source = state.source.clone();
                state.diagnostics.push(Diagnostic::error(
                    &source,
                    format!(
                        "rapporterna kunde inte göras: ingen tråd för Typst kunde startas ({})",
                        crate::fs::reason(&e)
                    ),
                ));
                state.finish(done);
            }
        }
    }
    let mut outcomes = Vec::with_capacity(states.len());
    for state in states {
        let mut state = state.into_inner().unwrap_or_else(|e| e.into_inner());
        let Some(outcome) = state.outcome.take() else {
            continue;
        };
        if !outcome.ok() {
            cache.forget(&outcome.source);
        } else if outcome.unchanged.is_empty() {
            timed(Stage::Write, || {
                cache.record(
                    &outcome.source,
                    &fingerprint,
                    Made {
                        deps: &state.inputs,
                        outputs: &outcome.written,
                        namnd: outcome.namnd.as_deref(),
                        warnings: &outcome.diagnostics.0,
                    },
                )
            });
        }
        outcomes.push(outcome);
    }
    if let Some(web) = &config.web {
        // The index lists every report in the output folder: made now,
        // unchanged, or by another part of a `--del` build.
        let site = timed(Stage::Write, || {
            crate::web::write_site(web, &config.out_dir)
        });
        if let (Err(problem), Some(last)) = (site, outcomes.last_mut()) {
            last.diagnostics.push(problem);
        }
    }
    if let Err(e) = timed(Stage::Write, || cache.save()) {
        // The reports are written; only the next run's shortcut is lost.
        if let Some(last) = outcomes.last_mut() {
            last.diagnostics.push(Diagnostic::warning(
                &config.out_dir.join(super::CACHE_FILE),
                format!("byggcachen kunde inte sparas ({e}); nästa körning gör om alla rapporter"),
            ));
        }
    }
    outcomes
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `work(runner, i)` for every `i` below `count` on `workers()`
/// workers, each with a Typst runner of its own. A worker whose runner
/// cannot be started leaves its share to the others; an error only when
/// none can be.
fn run_workers(count: usize, work: impl Fn(&mut Runner, usize) + Sync) -> std::io::Result<()> {
    let next = AtomicUsize::new(0);
    let worker = |runner: &mut Runner| {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break;
            }
            work(runner, i);
        }
        Instant::now()
    };
    let mut runners = Vec::new();
    for n in 0..workers().min(count) {
        match Runner::new(&format!("riskrapport-bygge-{n}"), time_limit()) {
            Ok(runner) => runners.push(runner),
            Err(e) if runners.is_empty() => return Err(e),
            Err(_) => break,
        }
    }
    let finished: Vec<Instant> = std::thread::scope(|scope| {
        let handles: Vec<_> = runners
            .iter_mut()
            .map(|runner| scope.spawn(|| worker(runner)))
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    // The time each worker waited for the last ones to finish.
    let end = Instant::now();
    for at in finished {
        stages::add(Stage::Idle, end.saturating_duration_since(at));
    }
    Ok(())
}

/// Runs `f`, one at a time with other large documents: several documents of
/// a plan with thousands of risks at once would need too much memory.
fn large_guarded<T>(risks: usize, f: impl FnOnce() -> T) -> T {
    static LARGE: Mutex<()> = Mutex::new(());
    if risks > LARGE_PLAN_RISKS {
        let _guard = lock(&LARGE);
        f()
    } else {
        f()
    }
}

/// One file checked: skipped when unchanged, otherwise its jobs to build.
fn prepare(
    cache: &BuildCache,
    fingerprint: &str,
    file: &Path,
    memo: &PlanMemo,
) -> (FileState, Vec<Job>) {
    let started = Instant::now();
    let mut state = FileState {
        source: file.to_path_buf(),
        namnd: None,
        diagnostics: Diagnostics::default(),
        inputs: Vec::new(),
        written: Vec::new(),
        unchanged: Vec::new(),
        remaining: 0,
        elapsed: Duration::ZERO,
        outcome: None,
        facts: None,
        city: None,
    };
    // A kommun's file is looked up in the cache with its nämnders' files.
    let cached = (!rollup::is_city_file(file))
        .then(|| timed(Stage::Write, || cache.unchanged(file, fingerprint)))
        .flatten();
    if let Some(cached) = cached {
        state.unchanged = cached.outputs;
        state.namnd = cached.namnd;
        state.diagnostics = Diagnostics(
            cached
                .warnings
                .into_iter()
                .map(|w| w.hint("från förra bygget; filen är oförändrad"))
                .collect(),
        );
        state.elapsed = started.elapsed();
        return (state, Vec::new());
    }
    let checked = check_with(file, memo);
    state.namnd = checked.namnd();
    state.diagnostics = checked.diagnostics;
    state.facts = Some(checked.facts);
    state.city = checked.city;
    state.inputs.push(file.to_path_buf());
    // Every file a report reads, the logotyp too, keys the cache.
    for job in &checked.jobs {
        let files = job.inputs.iter().map(|i| &i.path).chain(&job.logo);
        for path in files {
            if !state.inputs.contains(path) {
                state.inputs.push(path.clone());
            }
        }
    }
    state.written = vec![None; checked.jobs.len()];
    state.remaining = checked.jobs.len();
    state.elapsed = started.elapsed();
    (state, checked.jobs)
}

/// The job of each kommun's samlade bild among the prepared `files`, with
/// the index of its `kommun.yaml`; a samlade bild whose files have not
/// changed is left as it is. Its nämnder are among `all`: a nämnd file the
/// cache skipped, or another part's, is checked here for its facts.
fn city_jobs(
    cache: &BuildCache,
    fingerprint: &str,
    all: &[PathBuf],
    files: &[PathBuf],
    memo: &PlanMemo,
    prepared: &mut [(FileState, Vec<Job>)],
) -> Vec<(usize, Job)> {
    let mut jobs: Vec<(usize, Job)> = Vec::new();
    for index in 0..prepared.len() {
        let Some(city) = prepared[index].0.city.clone() else {
            continue;
        };
        let city_file = files[index].clone();
        let started = Instant::now();
        let members = rollup::members(&city_file, all);
        let deps = rollup::inputs(&city_file, &city, &members);
        let position = |m: &PathBuf| files.iter().position(|f| f == m);
        let all_unchanged = members
            .iter()
            .all(|m| position(m).is_some_and(|i| !prepared[i].0.unchanged.is_empty()));
        if all_unchanged && let Some(cached) = cache.unchanged_with(&city_file, fingerprint, &deps)
        {
            let state = &mut prepared[index].0;
            state.unchanged = cached.outputs;
            state.diagnostics.extend(Diagnostics(cached.warnings));
            state.elapsed += started.elapsed();
            continue;
        }
        let facts: Vec<FileFacts> = members
            .par_iter()
            .map(
                |m| match position(m).and_then(|i| prepared[i].0.facts.clone()) {
                    Some(facts) => facts,
                    None => check_with(m, memo).facts,
                },
            )
            .collect();
        let (job, diagnostics) =
            timed(Stage::Views, || rollup::city_job(&city_file, &city, &facts));
        let state = &mut prepared[index].0;
        state.diagnostics.extend(diagnostics);
        let target = super::build::output_path(Path::new(""), &city_file, job.kind, job.year);
        let taken = jobs.iter().any(|(_, other)| other.year == job.year);
        if taken {
            state.diagnostics.push(
                Diagnostic::error(
                    &city_file,
                    format!(
                        "två kommunfiler för {} i samma bygge skulle skriva samma fil {}",
                        job.year,
                        target.display()
                    ),
                )
                .field("år")
                .hint("bygg kommunerna var för sig, var och en med sin egen -o MAPP"),
            );
        } else {
            state.inputs = deps;
            state.written = vec![None];
            state.remaining = 1;
            jobs.push((index, job));
        }
        state.elapsed += started.elapsed();
    }
    jobs
}
