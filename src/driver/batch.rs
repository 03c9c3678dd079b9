//! Building many input files at once: every report of every file on a pool
//! of worker threads, files whose inputs have not changed skipped, and one
//! file's errors never stopping the others.
//!
//! Each worker is a one-thread rayon pool of its own. Typst runs parts of its
//! work on rayon; in one shared pool, a thread waiting for such a part would
//! be free to pick up another whole document meanwhile, nesting documents on
//! one stack and keeping them all in memory. In its own pool it finds only
//! its own document's parts, and no time is lost handing them between threads.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::cache::BuildCache;
use super::stages::{Stage, timed};
use super::{Engine, Job, LARGE_PLAN_RISKS, build_job, check};
use crate::diag::{Diagnostic, Diagnostics};

/// Each worker's stack: Typst recurses deeply through nested content.
const WORKER_STACK: usize = 32 * 1024 * 1024;

/// How a batch is built.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub out_dir: PathBuf,
    /// Also write each report's Typst source beside its PDF.
    pub emit_typst: bool,
    /// Rebuild everything, whatever the cache says.
    pub force: bool,
}

/// What became of one input file.
#[derive(Debug)]
pub struct FileOutcome {
    pub source: PathBuf,
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
    diagnostics: Diagnostics,
    /// Every file its reports are made from.
    inputs: Vec<PathBuf>,
    written: Vec<Option<PathBuf>>,
    unchanged: Vec<PathBuf>,
    remaining: usize,
    elapsed: Duration,
    outcome: Option<FileOutcome>,
}

impl FileState {
    fn finish(&mut self, done: &(dyn Fn(&FileOutcome) + Sync)) {
        let outcome = FileOutcome {
            source: self.source.clone(),
            diagnostics: std::mem::take(&mut self.diagnostics),
            written: self.written.iter().flatten().cloned().collect(),
            unchanged: std::mem::take(&mut self.unchanged),
            elapsed: self.elapsed,
        };
        done(&outcome);
        self.outcome = Some(outcome);
    }
}

/// Builds every file in `files`, calling `done` as each one finishes (from
/// any thread). Returns the outcomes in the order of `files`.
pub fn build_all(
    engine: &Engine,
    files: &[PathBuf],
    options: &BatchOptions,
    done: &(dyn Fn(&FileOutcome) + Sync),
) -> Vec<FileOutcome> {
    let fingerprint = engine.fingerprint(options.emit_typst);
    let mut cache = if options.force {
        BuildCache::empty(&options.out_dir)
    } else {
        BuildCache::load(&options.out_dir)
    };
    // Checking is cheap and touches no Typst: all files at once.
    let prepared: Vec<(FileState, Vec<Job>)> = files
        .par_iter()
        .map(|file| prepare(&cache, &fingerprint, file))
        .collect();
    let mut states = Vec::with_capacity(prepared.len());
    let mut tasks = Vec::new();
    for (index, (mut state, jobs)) in prepared.into_iter().enumerate() {
        if jobs.is_empty() {
            state.finish(done);
        }
        for (slot, job) in jobs.into_iter().enumerate() {
            tasks.push((index, slot, Mutex::new(Some(job))));
        }
        states.push(Mutex::new(state));
    }
    run_workers(tasks.len(), |i| {
        let (index, slot, job) = &tasks[i];
        let Some(mut job) = lock(job).take() else {
            return;
        };
        let source = lock(&states[*index]).source.clone();
        let (result, elapsed) = large_guarded(job.risks, || {
            let started = Instant::now();
            let out = &options.out_dir;
            let result = build_job(engine, &mut job, &source, out, options.emit_typst);
            (result, started.elapsed())
        });
        let mut state = lock(&states[*index]);
        state.elapsed += elapsed;
        match result {
            Ok(path) => state.written[*slot] = Some(path),
            Err(diagnostics) => state.diagnostics.0.extend(diagnostics.0),
        }
        state.remaining -= 1;
        if state.remaining == 0 {
            state.finish(done);
        }
    });
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
                    &state.inputs,
                    &outcome.written,
                )
            });
        }
        outcomes.push(outcome);
    }
    if let Err(e) = timed(Stage::Write, || cache.save()) {
        // The reports are written; only the next run's shortcut is lost.
        if let Some(last) = outcomes.last_mut() {
            last.diagnostics.push(Diagnostic::warning(
                &options.out_dir.join(super::CACHE_FILE),
                format!("byggcachen kunde inte sparas ({e}); nästa körning gör om alla rapporter"),
            ));
        }
    }
    outcomes
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `work(i)` for every `i` below `count` on `workers()` workers, each
/// in a one-thread rayon pool of its own. A worker that cannot be started
/// leaves its share to the others; without any pool the work runs here.
fn run_workers(count: usize, work: impl Fn(usize) + Sync) {
    let next = AtomicUsize::new(0);
    let worker = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break;
            }
            work(i);
        }
    };
    let pools: Vec<rayon::ThreadPool> = (0..workers().min(count))
        .map_while(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(WORKER_STACK)
                .thread_name(move |_| format!("riskrapport-bygge-{n}"))
                .build()
                .ok()
        })
        .collect();
    if pools.is_empty() {
        return worker();
    }
    std::thread::scope(|scope| {
        for pool in &pools {
            scope.spawn(|| pool.install(worker));
        }
    });
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
fn prepare(cache: &BuildCache, fingerprint: &str, file: &Path) -> (FileState, Vec<Job>) {
    let started = Instant::now();
    let mut state = FileState {
        source: file.to_path_buf(),
        diagnostics: Diagnostics::default(),
        inputs: Vec::new(),
        written: Vec::new(),
        unchanged: Vec::new(),
        remaining: 0,
        elapsed: Duration::ZERO,
        outcome: None,
    };
    if let Some(outputs) = timed(Stage::Write, || cache.unchanged(file, fingerprint)) {
        state.unchanged = outputs;
        state.elapsed = started.elapsed();
        return (state, Vec::new());
    }
    let checked = check(file);
    state.diagnostics = checked.diagnostics;
    state.inputs.push(file.to_path_buf());
    for job in &checked.jobs {
        for input in &job.inputs {
            if !state.inputs.contains(input) {
                state.inputs.push(input.clone());
            }
        }
    }
    state.written = vec![None; checked.jobs.len()];
    state.remaining = checked.jobs.len();
    state.elapsed = started.elapsed();
    (state, checked.jobs)
}
