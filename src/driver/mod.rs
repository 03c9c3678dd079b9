//! The driver runs the stages: it finds the input files, takes each through
//! load → validate → score → views (`load`, `jobs`), builds each report
//! through templates → Typst → PDF (`build`), and many files at once with a
//! build cache (`batch`, `cache`). Only this module knows every stage.

mod batch;
mod build;
mod cache;
mod config;
mod inputs;
mod jobs;
mod load;
mod part;
mod plan;
mod previous;
mod rollup;
mod stages;

pub use crate::report::{ReportKind, View};
pub use batch::{FileOutcome, build_all, workers};
pub use build::{
    Built, LARGE_PLAN_RISKS, document, faults, output_path, pdf_bytes, usual_document,
};
pub use cache::{BuildCache, CACHE_FILE};
pub use config::{Config, ConfigError, Options, PageSink};
pub use inputs::discover;
pub use jobs::Job;
pub use load::{Checked, Summary, check};
pub use part::Part;
pub use plan::check_plan;
pub use rollup::{checked_city_job, city_job};
pub use stages::{Stage, timed};

/// Stage clocks: `stage_times()` sums each stage's time since `reset_stage_times()`.
pub use stages::{reset as reset_stage_times, totals as stage_times};
