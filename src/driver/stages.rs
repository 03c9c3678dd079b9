//! Where the time goes: a process-wide clock per pipeline stage, cheap
//! enough to leave on (one atomic add per stage and document).

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

/// Runs `f`, adding its time to `stage`.
pub fn timed<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    NANOS[stage as usize].fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    result
}

/// CPU time spent per stage since the last `reset` (summed over threads).
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
