//! One input file through the stages before Typst: loaded, validated,
//! scored and turned into jobs. A follow-up loads its plan the same way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::jobs::{Job, documents, follow_up_jobs, plan_jobs};
use super::plan::{CheckedPlan, check_loaded_plan, check_plan};
use super::previous;
use super::stages::{Stage, timed};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{self, FollowUpFile, InputFile};
use crate::report;
use crate::score::Scored;
use crate::score::rollup::{self, Content, FileFacts, FileKind};
use crate::validate::city::{City, validate_city};
use crate::validate::followup::{self, FollowUp};
use crate::validate::{Input, InputKind, Plan};

/// An input file checked: what was said, and the reports it makes.
pub struct Checked {
    pub diagnostics: Diagnostics,
    pub jobs: Vec<Job>,
    /// The plan and its scores, when the file is a plan without errors.
    pub plan: Option<(Plan, Scored)>,
    /// The follow-up, when the file is one without errors.
    pub follow_up: Option<FollowUp>,
    /// The kommun, when the file is its `kommun.yaml` without errors.
    pub city: Option<City>,
    /// What the file tells Kommunstyrelsens samlade bild.
    pub facts: FileFacts,
    /// The nämnd of the plan (the follow-up's plan), when it could be read.
    namnd: Option<String>,
}

/// What a checked file holds, for a line of `kontrollera`'s output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    /// A plan: its risks, the rated ones per level (highest first), the
    /// unrated and those in the internkontrollplan.
    Plan {
        risks: usize,
        levels: Vec<(String, usize)>,
        unrated: usize,
        ikp: usize,
    },
    /// A follow-up: "T2" or "VB".
    FollowUp(&'static str),
    /// The kommun's file: the kommun and the year it sums up.
    City { kommun: String, year: i32 },
}

impl Checked {
    /// The nämnd the file belongs to, when it could be read.
    pub fn namnd(&self) -> Option<String> {
        self.namnd.clone()
    }

    /// What the file holds, when it is free of errors.
    pub fn summary(&self) -> Option<Summary> {
        if let Some((plan, scored)) = &self.plan {
            return Some(Summary::Plan {
                risks: plan.risks.len(),
                levels: plan
                    .model
                    .levels
                    .iter()
                    .zip(&scored.counts)
                    .rev()
                    .map(|(l, c)| (l.name.clone(), *c))
                    .collect(),
                unrated: scored.unrated.len(),
                ikp: scored.ikp.len(),
            });
        }
        if let Some(city) = &self.city {
            return Some(Summary::City {
                kommun: city.kommun.clone(),
                year: city.ar,
            });
        }
        self.follow_up.as_ref().map(|f| {
            Summary::FollowUp(match f {
                FollowUp::T2(_) => "T2",
                FollowUp::Vb(_) => "VB",
            })
        })
    }
}

/// The plans one batch has checked, by path: a plan's follow-ups share its
/// check instead of parsing and validating it again.
#[derive(Default)]
pub struct PlanMemo(Mutex<HashMap<PathBuf, Arc<OnceLock<Arc<CheckedPlan>>>>>);

impl PlanMemo {
    /// The check of the plan at `path`, made by `check` the first time.
    fn get(&self, path: &Path, check: impl FnOnce() -> CheckedPlan) -> Arc<CheckedPlan> {
        let cell = {
            let mut plans = self.0.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(plans.entry(path.to_path_buf()).or_default())
        };
        Arc::clone(cell.get_or_init(|| Arc::new(check())))
    }
}

/// Checks any input file and lists the reports it makes.
pub fn check(path: &Path) -> Checked {
    check_with(path, &PlanMemo::default())
}

/// Checks any input file like `check`, sharing the checks of plans in `memo`.
pub fn check_with(path: &Path, memo: &PlanMemo) -> Checked {
    let mut checked = Checked {
        diagnostics: Diagnostics::default(),
        jobs: Vec::new(),
        plan: None,
        follow_up: None,
        city: None,
        facts: FileFacts {
            source: path.to_path_buf(),
            namnd: None,
            year: None,
            kind: None,
            follows: None,
            errors: 0,
            content: None,
            documents: Vec::new(),
        },
        namnd: None,
    };
    match timed(Stage::Parse, || model::load(path)) {
        Err(diagnostics) => {
            checked.diagnostics = diagnostics;
            peek(path, &mut checked.facts);
        }
        Ok(InputFile::Plan(loaded)) => {
            checked.namnd = Some(loaded.plan.namnd.trim().to_owned()).filter(|n| !n.is_empty());
            checked.facts.kind = Some(FileKind::Plan);
            checked.facts.year = i32::try_from(loaded.plan.ar.value).ok();
            let shared = memo.get(path, || check_loaded_plan(&loaded));
            checked.diagnostics = shared.1.clone();
            if let Some((mut plan, mut scored)) = shared.0.clone() {
                scored.history = timed(Stage::Score, || {
                    previous::history(&mut plan, &scored, &mut checked.diagnostics)
                });
                // A decided document may not print a gap.
                checked
                    .diagnostics
                    .extend(report::plan_gaps(path, &plan, &scored));
                if !checked.diagnostics.has_errors() {
                    checked.facts.content =
                        Some(Content::Plan(Box::new(rollup::plan_facts(&plan, &scored))));
                    checked.jobs = plan_jobs(&plan, &scored);
                    checked.facts.documents = documents(&checked.jobs);
                    checked.plan = Some((plan, scored));
                }
            }
        }
        Ok(InputFile::FollowUp(file)) => check_follow_up(path, &file, memo, &mut checked),
        Ok(InputFile::City(file)) => {
            let (city, diagnostics) = timed(Stage::Validate, || validate_city(path, &file));
            checked.diagnostics = diagnostics;
            // The line of the build's summary the samlade bild is counted on.
            checked.namnd = city.as_ref().map(|c| format!("{} – samlad bild", c.kommun));
            checked.city = city;
        }
    }
    checked.facts.namnd = checked.facts.namnd.take().or_else(|| checked.namnd.clone());
    checked.facts.errors = checked.diagnostics.error_count();
    checked
}

/// What a file that could not be parsed says of itself on its top lines.
fn peek(path: &Path, facts: &mut FileFacts) {
    let Ok(source) = model::read_text(path) else {
        return;
    };
    let peeked = model::peek(&source);
    facts.kind = match peeked.kind {
        model::FileKind::Plan => Some(FileKind::Plan),
        model::FileKind::T2 => Some(FileKind::T2),
        model::FileKind::Vb => Some(FileKind::Vb),
        model::FileKind::UnknownFollowUp => None,
    };
    facts.namnd = peeked.namnd;
    facts.year = peeked.ar.and_then(|y| i32::try_from(y).ok());
    facts.follows = peeked.plan.map(|plan| followup::plan_path(path, &plan));
}

/// A follow-up: its plan loaded and checked first, then the follow-up
/// against it.
fn check_follow_up(path: &Path, file: &FollowUpFile, memo: &PlanMemo, checked: &mut Checked) {
    let plan_ref = file.plan();
    let plan_path = followup::plan_path(path, &plan_ref.value);
    checked.facts.kind = Some(match file {
        FollowUpFile::T2(_) => FileKind::T2,
        FollowUpFile::Vb(_) => FileKind::Vb,
    });
    checked.facts.follows = Some(plan_path.clone());
    if !plan_path.is_file() {
        return checked.diagnostics.push(
            Diagnostic::error(path, format!("planen {} finns inte", plan_path.display()))
                .at(plan_ref)
                .field("plan")
                .hint("ange planens filnamn; filen ska ligga i samma mapp som uppföljningen"),
        );
    }
    let shared = memo.get(&plan_path, || check_plan(&plan_path));
    let (plan, plan_diags) = (&shared.0, &shared.1);
    let Some((plan, scored)) = plan else {
        let errors = plan_diags.error_count();
        return checked.diagnostics.push(
            Diagnostic::error(
                path,
                format!(
                    "planen {} har {} fel, så uppföljningen kan inte göras",
                    plan_path.display(),
                    errors
                ),
            )
            .at(plan_ref)
            .field("plan")
            .hint(format!(
                "kör riskrapport kontrollera {}",
                plan_path.display()
            )),
        );
    };
    checked.namnd = Some(plan.meta.namnd.clone());
    checked.facts.year = Some(plan.meta.ar);
    // The follow-up tells each risk's change since last year too; what is
    // wrong with last year's files is the plan's to say, not the follow-up's.
    let (mut plan, mut scored) = (plan.clone(), scored.clone());
    scored.history = timed(Stage::Score, || {
        previous::history(&mut plan, &scored, &mut Diagnostics::default())
    });
    let (plan, scored) = (&plan, &scored);
    let (follow_up, diagnostics) = timed(Stage::Validate, || {
        followup::validate_follow_up(path, file, plan)
    });
    checked.diagnostics.extend(diagnostics);
    if let Some(FollowUp::T2(t2)) = &follow_up {
        let gaps = report::t2_gaps(path, plan, scored, t2);
        checked.diagnostics.extend(gaps);
    }
    let follow_up = follow_up.filter(|_| !checked.diagnostics.has_errors());
    if let Some(follow_up) = follow_up {
        let mut inputs = vec![Input {
            path: path.to_path_buf(),
            kind: InputKind::FollowUp,
        }];
        inputs.extend(plan.inputs.iter().cloned());
        checked.jobs = follow_up_jobs(plan, scored, &follow_up, inputs);
        checked.facts.content = Some(rollup::follow_up_facts(plan, scored, &follow_up));
        checked.facts.documents = documents(&checked.jobs);
        checked.follow_up = Some(follow_up);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_plan_is_checked_once_however_many_follow_ups_ask_at_once() {
        let memo = PlanMemo::default();
        let checks = AtomicUsize::new(0);
        let path = Path::new("data/n/plan-2026.yaml");
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    memo.get(path, || {
                        checks.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        (None, Diagnostics::default())
                    })
                });
            }
        });
        assert_eq!(checks.load(Ordering::SeqCst), 1);
        // Another plan is checked on its own.
        memo.get(Path::new("data/m/plan-2026.yaml"), || {
            checks.fetch_add(1, Ordering::SeqCst);
            (None, Diagnostics::default())
        });
        assert_eq!(checks.load(Ordering::SeqCst), 2);
    }
}
