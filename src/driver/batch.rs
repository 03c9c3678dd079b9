//! Building many input files at once: every file and report in parallel,
//! files whose inputs have not changed skipped, and one file's errors never
//! stopping the others.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::cache::BuildCache;
use super::stages::{Stage, timed};
use super::{Engine, build};
use crate::diag::{Diagnostic, Diagnostics};

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
    pub elapsed: Duration,
}

impl FileOutcome {
    /// True when the file had no errors.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
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
    let results: Vec<(FileOutcome, Vec<PathBuf>)> = files
        .par_iter()
        .map(|file| {
            let outcome = build_file(engine, &cache, &fingerprint, file, options);
            done(&outcome.0);
            outcome
        })
        .collect();
    let mut outcomes = Vec::with_capacity(results.len());
    for (outcome, inputs) in results {
        if !outcome.ok() {
            cache.forget(&outcome.source);
        } else if outcome.unchanged.is_empty() {
            timed(Stage::Write, || {
                cache.record(&outcome.source, &fingerprint, &inputs, &outcome.written)
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

/// One file: skipped when unchanged, otherwise built. Also returns the
/// files its reports were made from.
fn build_file(
    engine: &Engine,
    cache: &BuildCache,
    fingerprint: &str,
    file: &Path,
    options: &BatchOptions,
) -> (FileOutcome, Vec<PathBuf>) {
    let started = Instant::now();
    if let Some(outputs) = timed(Stage::Write, || cache.unchanged(file, fingerprint)) {
        let outcome = FileOutcome {
            source: file.to_path_buf(),
            diagnostics: Diagnostics::default(),
            written: Vec::new(),
            unchanged: outputs,
            elapsed: started.elapsed(),
        };
        return (outcome, Vec::new());
    }
    let built = build(engine, file, &options.out_dir, options.emit_typst);
    let outcome = FileOutcome {
        source: built.source,
        diagnostics: built.diagnostics,
        written: built.written,
        unchanged: Vec::new(),
        elapsed: built.elapsed,
    };
    (outcome, built.inputs)
}
