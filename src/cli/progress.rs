//! What `build` prints while it works and when it is done: a progress bar
//! on a terminal, plain lines otherwise, and a summary per nämnd.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::output::{FEL, FIL, RAPPORT, VARNING, print_diagnostics};
use crate::driver::FileOutcome;
use crate::swedish;

/// Reports each finished file, from whichever thread finished it.
pub struct Reporter {
    bar: Option<ProgressBar>,
    /// Keeps one file's lines together.
    lock: Mutex<()>,
}

impl Reporter {
    /// A bar over `files` files when stderr is a terminal, else plain lines.
    pub fn new(files: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(files as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30.cyan/blue} {pos}/{len} filer  {elapsed}  {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Reporter {
            bar,
            lock: Mutex::new(()),
        }
    }

    /// Prints one file's diagnostics and result.
    pub fn file_done(&self, outcome: &FileOutcome) {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let print = || {
            print_diagnostics(&outcome.diagnostics);
            println!("{}", status_line(outcome));
            for path in outcome.written.iter().chain(&outcome.unchanged) {
                println!("  → {}", path.display());
            }
        };
        match &self.bar {
            Some(bar) => {
                bar.suspend(print);
                bar.set_message(outcome.source.display().to_string());
                bar.inc(1);
            }
            None => print(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn status_line(outcome: &FileOutcome) -> String {
    let file = outcome.source.display();
    if !outcome.ok() {
        format!(
            "misslyckades: {file} ({}, {})",
            swedish::count(outcome.diagnostics.error_count(), FEL),
            seconds(outcome.elapsed)
        )
    } else if outcome.written.is_empty() && !outcome.unchanged.is_empty() {
        let warnings = outcome.diagnostics.warning_count();
        let said = if warnings > 0 {
            format!("; {} från förra bygget", swedish::count(warnings, VARNING))
        } else {
            String::new()
        };
        format!(
            "oförändrad: {file} ({} behöll sina PDF:er{said})",
            swedish::count(outcome.unchanged.len(), RAPPORT),
        )
    } else {
        format!(
            "klar: {file} ({}, {})",
            swedish::count(outcome.written.len(), RAPPORT),
            seconds(outcome.elapsed)
        )
    }
}

/// "0,4 s".
fn seconds(d: Duration) -> String {
    format!("{} s", swedish::decimal(d.as_secs_f64(), 1))
}

/// One nämnd's line in the summary.
#[derive(Default)]
struct Tally {
    written: usize,
    unchanged: usize,
    warnings: usize,
    errors: usize,
    time: Duration,
}

/// The summary per nämnd (by its name, or its folder when the file could
/// not be read), then the totals.
pub fn print_summary(outcomes: &[FileOutcome], wall: Duration) {
    let mut per_namnd: BTreeMap<String, Tally> = BTreeMap::new();
    for o in outcomes {
        let name = o.namnd.clone().unwrap_or_else(|| folder(&o.source));
        let t = per_namnd.entry(name).or_default();
        t.written += o.written.len();
        t.unchanged += o.unchanged.len();
        t.warnings += o.diagnostics.warning_count();
        t.errors += o.diagnostics.error_count();
        t.time += o.elapsed;
    }
    let width = per_namnd
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!();
    println!(
        "{:<width$}  {:>6}  {:>11}  {:>9}  {:>4}  {:>7}",
        "Nämnd", "Gjorda", "Oförändrade", "Varningar", "Fel", "Tid"
    );
    let mut total = Tally::default();
    for (name, t) in &per_namnd {
        println!(
            "{:<width$}  {:>6}  {:>11}  {:>9}  {:>4}  {:>7}{}",
            name,
            t.written,
            t.unchanged,
            t.warnings,
            t.errors,
            seconds(t.time),
            if t.errors > 0 { "  misslyckades" } else { "" }
        );
        total.written += t.written;
        total.unchanged += t.unchanged;
        total.warnings += t.warnings;
        total.errors += t.errors;
    }
    println!(
        "{}, {} {}, {} {}, {} och {} på {}",
        swedish::count(outcomes.len(), FIL),
        swedish::count(total.written, RAPPORT),
        swedish::agree(total.written, "gjord", "gjorda"),
        total.unchanged,
        swedish::agree(total.unchanged, "oförändrad", "oförändrade"),
        swedish::count(total.errors, FEL),
        swedish::count(total.warnings, VARNING),
        seconds(wall)
    );
}

/// The nämnd a file belongs to: its folder's name.
fn folder(path: &Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| ".".into())
}
