//! A plan file through the stages before Typst: loaded, validated and
//! scored. A file and its follow-ups check their plan here, and last year's
//! plan is read the same way.

use std::path::Path;

use super::stages::{Stage, timed};
use crate::diag::Diagnostics;
use crate::model;
use crate::score::{self, Scored};
use crate::validate::{self, Plan};

/// A plan checked: the plan and its scores when it has no errors, and what
/// was said of it.
pub type CheckedPlan = (Option<(Plan, Scored)>, Diagnostics);

/// Loads, validates and scores a plan file: the plan and what was said.
pub fn check_plan(path: &Path) -> CheckedPlan {
    match timed(Stage::Parse, || model::load_plan(path)) {
        Ok(loaded) => check_loaded_plan(&loaded),
        Err(diagnostics) => (None, diagnostics),
    }
}

/// Validates and scores a plan already loaded.
pub fn check_loaded_plan(loaded: &model::LoadedPlan) -> CheckedPlan {
    let (plan, diagnostics) = timed(Stage::Validate, || validate::validate(loaded));
    let plan = plan.map(|plan| {
        let scored = timed(Stage::Score, || score::score(&plan));
        (plan, scored)
    });
    (plan, diagnostics)
}
