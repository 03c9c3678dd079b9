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
    /// Scoring.
    Score,
    /// Building report views.
    Views,
    /// Rendering templates to Typst source.
    Template,
    /// Typst's compilation and layout.
    Compile,
    /// Reading the laid-out pages for faults.
    Inspect,
    /// typst-pdf's export.
    Export,
    /// Writing files (and hashing inputs for the build cache).
    Write,
    /// Letting go of a laid-out document and of Typst's memoised results
    /// that went unused.
    Release,
    /// A worker with nothing left to do while others finish: no stage's
    /// work, but the wall time a batch loses at its end.
    Idle,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 11] = [
        Stage::Parse,
        Stage::Validate,
        Stage::Score,
        Stage::Views,
        Stage::Template,
        Stage::Compile,
        Stage::Inspect,
        Stage::Export,
        Stage::Write,
        Stage::Release,
        Stage::Idle,
    ];

    /// The stage's Swedish name.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Parse => "läsa YAML",
            Stage::Validate => "validera",
            Stage::Score => "poäng",
            Stage::Views => "vyer",
            Stage::Template => "mallar",
            Stage::Compile => "Typst-kompilering",
            Stage::Inspect => "granska sidorna",
            Stage::Export => "PDF-export",
            Stage::Write => "skriva filer",
            Stage::Release => "släppa minne",
            Stage::Idle => "ledig arbetare",
        }
    }
}

static NANOS: [AtomicU64; Stage::ALL.len()] = [const { AtomicU64::new(0) }; Stage::ALL.len()];

/// The stages running on one thread, innermost last, with the time the
/// innermost last started or resumed.
#[derive(Default)]
struct Active(Vec<(Stage, Instant)>);

impl Active {
    /// `stage` starts at `now`: the stage it interrupts is charged until now.
    fn enter(&mut self, stage: Stage, now: Instant, charge: &mut impl FnMut(Stage, Duration)) {
        if let Some((outer, since)) = self.0.last_mut() {
            charge(*outer, now.saturating_duration_since(*since));
            *since = now;
        }
        self.0.push((stage, now));
    }

    /// The innermost stage ends at `now`; the one it interrupted resumes.
    fn leave(&mut self, now: Instant, charge: &mut impl FnMut(Stage, Duration)) {
        if let Some((inner, since)) = self.0.pop() {
            charge(inner, now.saturating_duration_since(since));
        }
        if let Some((_, since)) = self.0.last_mut() {
            *since = now;
        }
    }
}

thread_local! {
    static ACTIVE: RefCell<Active> = RefCell::new(Active::default());
}

/// Adds `time` to `stage`'s clock.
pub fn add(stage: Stage, time: Duration) {
    NANOS[stage as usize].fetch_add(time.as_nanos() as u64, Ordering::Relaxed);
}

/// Runs `f`, adding its time to `stage` (minus the time of stages nested in it).
pub fn timed<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    ACTIVE.with(|active| active.borrow_mut().enter(stage, Instant::now(), &mut add));
    let result = f();
    ACTIVE.with(|active| active.borrow_mut().leave(Instant::now(), &mut add));
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
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut charged = Vec::new();
        let mut charge = |stage, time| charged.push((stage, time));
        let mut active = Active::default();
        active.enter(Stage::Export, t0, &mut charge);
        active.enter(Stage::Parse, t0 + ms(20), &mut charge);
        active.leave(t0 + ms(60), &mut charge);
        active.leave(t0 + ms(70), &mut charge);
        let total = |s: Stage| -> Duration {
            charged
                .iter()
                .filter(|(stage, _)| *stage == s)
                .map(|(_, t)| *t)
                .sum()
        };
        assert_eq!(total(Stage::Export), ms(30));
        assert_eq!(total(Stage::Parse), ms(40));
    }
}
