//! Where the time goes: a process-wide clock per pipeline stage, cheap
//! enough to leave on (a few atomic adds per stage and document).
//!
//! Time is exclusive: while a thread waits inside one stage (say, PDF
//! export waiting for its parallel parts), rayon may run another document's
//! stage on it; that time goes to the inner stage, not to both.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The pipeline's stages, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and parsing YAML.
    Parse,
    /// Validating the model, plan and follow-ups.
    Validate,
    /// Scoring and building report views.
    Score,
    /// Rendering templates to Typst source.
    Template,
    /// Typst's compilation and layout.
    Compile,
    /// typst-pdf's export.
    Export,
    /// Writing files (and hashing inputs for the build cache).
    Write,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 7] = [
        Stage::Parse,
        Stage::Validate,
        Stage::Score,
        Stage::Template,
        Stage::Compile,
        Stage::Export,
        Stage::Write,
    ];

    /// The stage's Swedish name.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Parse => "läsa YAML",
            Stage::Validate => "validera",
            Stage::Score => "poäng och vyer",
            Stage::Template => "mallar",
            Stage::Compile => "Typst-kompilering",
            Stage::Export => "PDF-export",
            Stage::Write => "skriva filer",
        }
    }
}

static NANOS: [AtomicU64; 7] = [const { AtomicU64::new(0) }; 7];

thread_local! {
    /// The stages running on this thread, innermost last, with the time the
    /// innermost last started or resumed.
    static ACTIVE: RefCell<Vec<(Stage, Instant)>> = const { RefCell::new(Vec::new()) };
}

fn add(stage: Stage, since: Instant, now: Instant) {
    let nanos = now.saturating_duration_since(since).as_nanos() as u64;
    NANOS[stage as usize].fetch_add(nanos, Ordering::Relaxed);
}

/// Runs `f`, adding its time to `stage` (minus the time of stages nested in it).
pub fn timed<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let now = Instant::now();
    ACTIVE.with(|active| {
        let mut active = active.borrow_mut();
        if let Some((outer, since)) = active.last_mut() {
            add(*outer, *since, now);
            *since = now;
        }
        active.push((stage, now));
    });
    let result = f();
    let now = Instant::now();
    ACTIVE.with(|active| {
        let mut active = active.borrow_mut();
        if let Some((inner, since)) = active.pop() {
            add(inner, since, now);
        }
        if let Some((_, since)) = active.last_mut() {
            *since = now;
        }
    });
    result
}

/// Time spent per stage since the last `reset`, summed over threads.
pub fn totals() -> Vec<(Stage, Duration)> {
    Stage::ALL
        .iter()
        .map(|&s| {
            (
                s,
                Duration::from_nanos(NANOS[s as usize].load(Ordering::Relaxed)),
            )
        })
        .collect()
}

/// Sets every stage's clock to zero.
pub fn reset() {
    for n in &NANOS {
        n.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_stages_are_not_counted_twice() {
        reset();
        timed(Stage::Export, || {
            std::thread::sleep(Duration::from_millis(20));
            timed(Stage::Parse, || {
                std::thread::sleep(Duration::from_millis(40))
            });
        });
        let t = totals();
        let ms = |s: Stage| t[s as usize].1.as_millis();
        assert!((20..40).contains(&ms(Stage::Export)), "{:?}", t);
        assert!(ms(Stage::Parse) >= 40, "{:?}", t);
    }
}
