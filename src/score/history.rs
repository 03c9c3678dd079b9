//! Compared with last year: which risks are new, which were
//! raised, lowered or left as they were, which were dropped and why, how
//! the matrix moved, and how last year's controls were followed up. Pure
//! functions on two checked plans; finding and loading last year's files is
//! the driver's.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::score::Scored;
use crate::validate::followup::Vb;
use crate::validate::{Outcome, Plan};

/// This year's plan against last year's.
#[derive(Debug, Clone)]
pub struct History {
    /// Last year's år.
    pub year: i32,
    /// Per risk of this year's plan (parallel to `plan.risks`): what it was.
    pub risks: Vec<Option<Before>>,
    /// Last year's risks that this year's plan leaves out.
    pub dropped: Vec<Dropped>,
    /// Last year's rated risks per level of this year's model, where last
    /// year's model has a level of that name.
    pub counts: Vec<Option<usize>>,
    /// Per matrix cell (`[konsekvens - 1][sannolikhet - 1]`), how many risks
    /// moved in and out since last year; `None` when the scales differ.
    pub moves: Option<Vec<Vec<Moves>>>,
    /// Last year's VB was found: a control it does not mention was not reported.
    pub followed_up: bool,
}

/// A risk as it was last year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    pub nr: u32,
    pub value: Option<u32>,
    /// The level's name in last year's model.
    pub level: Option<String>,
    pub direction: Direction,
    /// It was in last year's internkontrollplan.
    pub in_ikp: bool,
    /// Last year's VB results for its controls; `None` is "ej bedömd".
    pub results: Vec<Option<Outcome>>,
}

/// How a riskvärde changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Raised,
    Lowered,
    Unchanged,
    /// Unrated this year or last, or rated on another scale.
    NotComparable,
}

impl Direction {
    /// The word that says it, so the arrow never speaks alone.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Raised => "höjd",
            Direction::Lowered => "sänkt",
            Direction::Unchanged => "oförändrad",
            Direction::NotComparable => "ej jämförbar",
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Raised => "↑",
            Direction::Lowered => "↓",
            Direction::Unchanged => "→",
            Direction::NotComparable => "–",
        }
    }
}

/// A risk of last year's plan that is not in this year's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub nr: u32,
    pub title: String,
    pub value: Option<u32>,
    pub level: Option<String>,
    /// `utgått`'s motivering; `None` when the data gives none.
    pub reason: Option<String>,
}

/// Risks that came into and left a matrix cell since last year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moves {
    pub came: usize,
    pub left: usize,
}

/// Last year's plan, checked and scored, with its VB if there is one.
pub struct LastYear<'a> {
    pub path: &'a Path,
    pub plan: &'a Plan,
    pub scored: &'a Scored,
    pub vb: Option<&'a Vb>,
}

impl LastYear<'_> {
    /// The level's name of last year's risk `j`, when it was rated.
    fn level_name(&self, j: usize) -> Option<String> {
        self.scored.risks[j]
            .level
            .map(|l| self.plan.model.levels[l].name.clone())
    }
}

/// Compares `plan` (at `path`) with last year's. Numbers that point
/// nowhere are errors; a dropped risk without a reason is a warning.
pub fn compare(
    path: &Path,
    plan: &Plan,
    scored: &Scored,
    last: &LastYear,
) -> (History, Diagnostics) {
    let mut diags = Diagnostics::default();
    let before = last.plan;
    let file = last.path.display();
    let index_of: HashMap<u32, usize> = before
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| (r.nr, i))
        .collect();
    // Last year's risk of each of this year's: a tidigare_nr first, then the same nr.
    let mut matched: Vec<Option<usize>> = vec![None; plan.risks.len()];
    let mut claimed: HashMap<usize, u32> = HashMap::new();
    for (i, risk) in plan.risks.iter().enumerate() {
        let Some((nr, at)) = risk.previous_nr else {
            continue;
        };
        match index_of.get(&nr) {
            None => diags.push(
                Diagnostic::error(
                    path,
                    format!("risk {}: tidigare_nr {nr} finns inte i föregående plan {file}", risk.nr),
                )
                .at(&at)
                .risk(risk.nr)
                .field("tidigare_nr")
                .hint(format!(
                    "ange riskens nummer i {file}, eller ta bort tidigare_nr om risken är ny"
                )),
            ),
            Some(&j) => match claimed.insert(j, risk.nr) {
                Some(other) => diags.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "risk {} och risk {other} anger båda att de var risk {nr} i föregående plan",
                            risk.nr
                        ),
                    )
                    .at(&at)
                    .risk(risk.nr)
                    .field("tidigare_nr")
                    .hint("en risk i föregående plan kan bara fortsätta som en risk i år"),
                ),
                None => matched[i] = Some(j),
            },
        }
    }
    for (i, risk) in plan.risks.iter().enumerate() {
        if risk.previous_nr.is_none()
            && let Some(&j) = index_of.get(&risk.nr)
            && !claimed.contains_key(&j)
        {
            claimed.insert(j, risk.nr);
            matched[i] = Some(j);
        }
    }
    let same_scale = plan.model.scale == before.model.scale;
    let risks = matched
        .iter()
        .enumerate()
        .map(|(i, m)| {
            m.map(|j| {
                let (now, then) = (scored.risks[i].value, last.scored.risks[j].value);
                Before {
                    nr: before.risks[j].nr,
                    value: then,
                    level: last.level_name(j),
                    direction: match (now, then) {
                        (Some(now), Some(then)) if same_scale => match now.cmp(&then) {
                            std::cmp::Ordering::Greater => Direction::Raised,
                            std::cmp::Ordering::Less => Direction::Lowered,
                            std::cmp::Ordering::Equal => Direction::Unchanged,
                        },
                        _ => Direction::NotComparable,
                    },
                    in_ikp: last.scored.risks[j].in_ikp,
                    results: last
                        .vb
                        .map(|vb| {
                            vb.items
                                .iter()
                                .filter(|item| item.risk == j)
                                .map(|item| item.outcome)
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
        })
        .collect();
    let dropped = dropped(path, plan, last, &claimed, &mut diags);
    let counts = plan
        .model
        .levels
        .iter()
        .map(|level| {
            before
                .model
                .levels
                .iter()
                .position(|l| l.name == level.name)
                .map(|l| last.scored.counts[l])
        })
        .collect();
    let moves = same_scale.then(|| moves(plan, before, &matched));
    let history = History {
        year: before.meta.ar,
        risks,
        dropped,
        counts,
        moves,
        followed_up: last.vb.is_some(),
    };
    (history, diags)
}

/// Last year's risks no risk of this year's continues, each with the
/// reason `utgått` gives; `utgått` naming a risk that continues, or none at
/// all, is an error.
fn dropped(
    path: &Path,
    plan: &Plan,
    last: &LastYear,
    claimed: &HashMap<usize, u32>,
    diags: &mut Diagnostics,
) -> Vec<Dropped> {
    let file = last.path.display();
    for given in &plan.dropped {
        let index = last.plan.risks.iter().position(|r| r.nr == given.nr);
        let problem = match index {
            None => Some(format!(
                "utgått: risk {} finns inte i föregående plan {file}",
                given.nr
            )),
            Some(j) => claimed.get(&j).map(|now| {
                format!(
                    "utgått: risk {} i föregående plan finns kvar i årets plan som risk {now}",
                    given.nr
                )
            }),
        };
        if let Some(message) = problem {
            diags.push(
                Diagnostic::error(path, message)
                    .at(&given.at)
                    .field("utgått")
                    .hint(format!(
                        "lista under utgått: bara risker i {file} som årets plan inte har med"
                    )),
            );
        }
    }
    let mut dropped = Vec::new();
    for (j, risk) in last.plan.risks.iter().enumerate() {
        if claimed.contains_key(&j) {
            continue;
        }
        let reason = plan
            .dropped
            .iter()
            .find(|d| d.nr == risk.nr)
            .map(|d| d.reason.clone());
        if reason.is_none() {
            let mut warning = Diagnostic::warning(
                path,
                format!(
                    "risk {} i föregående plan {file} finns inte i årets plan och har ingen motivering",
                    risk.nr
                ),
            )
            .hint(format!(
                "lägg till {{nr: {}, motivering: …}} under utgått:, eller ta med risken i årets plan",
                risk.nr
            ));
            if let Some((_, at)) = &plan.previous {
                warning = warning.at(at).field("föregående");
            }
            diags.push(warning);
        }
        dropped.push(Dropped {
            nr: risk.nr,
            title: risk.title.clone(),
            value: last.scored.risks[j].value,
            level: last.level_name(j),
            reason,
        });
    }
    dropped.sort_by_key(|d| d.nr);
    dropped
}

/// How many risks came into and left each cell: a risk that moved counts
/// in both its cells, a new one only where it is, a dropped one only where it was.
fn moves(plan: &Plan, before: &Plan, matched: &[Option<usize>]) -> Vec<Vec<Moves>> {
    let n = plan.model.scale as usize;
    let mut moves = vec![vec![Moves::default(); n]; n];
    let cell = |r: crate::validate::Rating| (r.consequence as usize - 1, r.likelihood as usize - 1);
    let mut continued = vec![false; before.risks.len()];
    for (i, risk) in plan.risks.iter().enumerate() {
        let then = matched[i].and_then(|j| {
            continued[j] = true;
            before.risks[j].rating.map(cell)
        });
        let now = risk.rating.map(cell);
        if now != then {
            if let Some((k, s)) = now {
                moves[k][s].came += 1;
            }
            if let Some((k, s)) = then {
                moves[k][s].left += 1;
            }
        }
    }
    for (j, risk) in before.risks.iter().enumerate() {
        if let (false, Some(rating)) = (continued[j], risk.rating) {
            let (k, s) = cell(rating);
            moves[k][s].left += 1;
        }
    }
    moves
}
