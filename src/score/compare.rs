//! Last year's plan against this year's: the change record (`History`)
//! computed once, each of this year's risks matched with last year's by
//! number or by `tidigare_nr`.

use std::collections::HashMap;
use std::path::Path;

use super::Scored;
use super::history::{
    Before, ControlChange, Direction, Dropped, FollowUpKind, History, IkpChange, LastFollowUp,
    LeftControl, LeftReason, Moves, RiskChange, control_name,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::validate::followup::{T2, Vb};
use crate::validate::{Control, IkpRule, Plan};

/// Last year's plan, checked and scored, with its follow-ups if found.
pub struct LastYear<'a> {
    pub path: &'a Path,
    pub plan: &'a Plan,
    pub scored: &'a Scored,
    pub vb: Option<&'a Vb>,
    pub t2: Option<&'a T2>,
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
    let (matched, claimed) = match_risks(path, plan, last, &mut diags);
    let same_scale = plan.model.scale == before.model.scale;
    let risks: Vec<RiskChange> = matched
        .iter()
        .enumerate()
        .map(|(i, m)| change(plan, scored, last, i, *m, same_scale))
        .collect();
    let dropped = dropped(path, plan, last, &claimed, &mut diags);
    let left_ikp = left_ikp(plan, last, &matched, &risks, &dropped);
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
    let mut follow_ups: Vec<LastFollowUp> = [
        last.t2.map(|t2| LastFollowUp {
            kind: FollowUpKind::T2,
            date: t2.date,
        }),
        last.vb.map(|vb| LastFollowUp {
            kind: FollowUpKind::Vb,
            date: vb.date,
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    follow_ups.sort_by_key(|f| f.date);
    let history = History {
        year: before.meta.ar,
        risks,
        dropped,
        left_ikp,
        counts,
        moves,
        follow_ups,
    };
    (history, diags)
}

/// Last year's risk of each of this year's (a `tidigare_nr` first, then
/// the same nr), and which of last year's risks are claimed by whom.
fn match_risks(
    path: &Path,
    plan: &Plan,
    last: &LastYear,
    diags: &mut Diagnostics,
) -> (Vec<Option<usize>>, HashMap<usize, u32>) {
    let before = last.plan;
    let file = last.path.display();
    let index_of: HashMap<u32, usize> = before
        .risks
        .iter()
        .enumerate()
        .map(|(i, r)| (r.nr, i))
        .collect();
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
    (matched, claimed)
}

/// The change record of this year's risk `i`, which continues last year's
/// risk `j` (or is new).
fn change(
    plan: &Plan,
    scored: &Scored,
    last: &LastYear,
    i: usize,
    j: Option<usize>,
    same_scale: bool,
) -> RiskChange {
    let now = &scored.risks[i];
    let Some(j) = j else {
        return RiskChange {
            before: None,
            ikp: if now.in_ikp {
                IkpChange::Entered
            } else {
                IkpChange::Outside
            },
            control: ControlChange::NotCompared,
        };
    };
    let then = &last.scored.risks[j];
    let level = last.level_name(j);
    let level_now = now.level.map(|l| plan.model.levels[l].name.clone());
    let level_index = level
        .as_ref()
        .and_then(|name| plan.model.levels.iter().position(|l| &l.name == name));
    let rated = now.value.is_some() && then.value.is_some();
    let value_direction = match (now.value, then.value) {
        (Some(now), Some(then)) if same_scale => Direction::of(now, then),
        _ => Direction::NotComparable,
    };
    let level_changed = rated && level != level_now;
    let direction = match (level_changed, level_index, now.level) {
        (true, Some(then), Some(now)) => Direction::of(now as u32, then as u32),
        (true, None, _) if value_direction == Direction::Unchanged => Direction::NotComparable,
        _ => value_direction,
    };
    let last_risk = &last.plan.risks[j];
    let ikp = match (then.in_ikp, now.in_ikp) {
        (true, true) => IkpChange::Stays,
        (false, true) => IkpChange::Entered,
        (true, false) => IkpChange::Left,
        (false, false) => IkpChange::Outside,
    };
    let same = |a: &[Control], b: &[Control]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(a, b)| a.moment == b.moment && a.activity == b.activity)
    };
    let control = match ikp {
        IkpChange::Stays if same(&plan.risks[i].controls, &last_risk.controls) => {
            ControlChange::Same
        }
        IkpChange::Stays => ControlChange::Changed,
        _ => ControlChange::NotCompared,
    };
    RiskChange {
        before: Some(Before {
            nr: last_risk.nr,
            value: then.value,
            level,
            level_index,
            level_changed,
            value_direction,
            direction,
            in_ikp: then.in_ikp,
            controls: if then.in_ikp {
                last_risk.controls.iter().map(control_name).collect()
            } else {
                Vec::new()
            },
            vb: last
                .vb
                .map(|vb| {
                    vb.items
                        .iter()
                        .filter(|item| item.risk == j)
                        .map(|item| item.outcome)
                        .collect()
                })
                .unwrap_or_default(),
            t2: last
                .t2
                .and_then(|t2| t2.items.iter().find(|item| item.risk == j))
                .map(|item| item.follows),
        }),
        ikp,
        control,
    }
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
            in_ikp: last.scored.risks[j].in_ikp,
        });
    }
    dropped.sort_by_key(|d| d.nr);
    dropped
}

/// Last year's controls that this year's internkontrollplan does not
/// have, each with why, by last year's nr.
fn left_ikp(
    plan: &Plan,
    last: &LastYear,
    matched: &[Option<usize>],
    risks: &[RiskChange],
    dropped: &[Dropped],
) -> Vec<LeftControl> {
    let mut left = Vec::new();
    let controls_of = |j: usize| -> Vec<String> {
        let controls = &last.plan.risks[j].controls;
        if controls.is_empty() {
            vec!["kontroll ej angiven".to_owned()]
        } else {
            controls.iter().map(control_name).collect()
        }
    };
    for (i, (m, change)) in matched.iter().zip(risks).enumerate() {
        let Some(j) = *m else { continue };
        let risk = &plan.risks[i];
        let reason = match change.ikp {
            IkpChange::Left => match risk.ikp_choice {
                Some(false) => LeftReason::KeptOut(risk.motivation.clone()),
                _ => match plan.model.ikp_rule {
                    IkpRule::Chosen => LeftReason::NotChosen,
                    IkpRule::Automatic(_) => LeftReason::BelowRule,
                },
            },
            IkpChange::Stays if change.control == ControlChange::Changed => LeftReason::Replaced,
            _ => continue,
        };
        let now: Vec<String> = risk.controls.iter().map(control_name).collect();
        for control in controls_of(j) {
            // A replaced risk's controls that it still has did not leave.
            if reason == LeftReason::Replaced && now.contains(&control) {
                continue;
            }
            left.push(LeftControl {
                nr: last.plan.risks[j].nr,
                title: last.plan.risks[j].title.clone(),
                control,
                now: Some(i),
                reason: reason.clone(),
            });
        }
    }
    for gone in dropped.iter().filter(|d| d.in_ikp) {
        let Some(j) = last.plan.risks.iter().position(|r| r.nr == gone.nr) else {
            continue;
        };
        for control in controls_of(j) {
            left.push(LeftControl {
                nr: gone.nr,
                title: gone.title.clone(),
                control,
                now: None,
                reason: LeftReason::Dropped(gone.reason.clone()),
            });
        }
    }
    left.sort_by_key(|l| l.nr);
    left
}

/// How many risks came into and left each cell: a risk that moved counts
/// in both its cells, a new one only where it is, a dropped one only where it was.
fn moves(plan: &Plan, before: &Plan, matched: &[Option<usize>]) -> Vec<Vec<Moves>> {
    let scale = plan.model.scale;
    let mut moves =
        vec![vec![Moves::default(); scale.likelihood as usize]; scale.consequence as usize];
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
