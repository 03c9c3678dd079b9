//! The change record: one per risk of this year's plan, computed once from
//! this year's plan, last year's plan and last year's follow-ups, and read
//! by every report (the VoR, the IKP, the VB and the samlade bild) so that
//! each tells a change the same way. Pure functions on checked plans;
//! finding and loading last year's files is the driver's.
//!
//! What a risk's record can say: it is new; it continues under another
//! number; its riskvärde rose or fell; its level changed (also when the
//! riskvärde did not, as in a model that sets the level cell by cell); it
//! came into or left the internkontrollplan; its control changed. Last
//! year's risks that are gone are listed with their reason (`dropped`), and
//! last year's controls that left the plan with theirs (`left_ikp`).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics};
use crate::score::Scored;
use crate::validate::followup::{T2, Vb};
use crate::validate::{Control, FollowsPlan, IkpRule, Outcome, Plan};

/// This year's plan against last year's: see the module's comment.
#[derive(Debug, Clone)]
pub struct History {
    /// Last year's år.
    pub year: i32,
    /// The change record of each risk of this year's plan (parallel to
    /// `plan.risks`).
    pub risks: Vec<RiskChange>,
    /// Last year's risks that this year's plan leaves out, by last year's nr.
    pub dropped: Vec<Dropped>,
    /// Last year's controls that are not in this year's internkontrollplan,
    /// by last year's nr: the risk left the plan, was dropped, or its
    /// control was replaced.
    pub left_ikp: Vec<LeftControl>,
    /// Last year's rated risks per level of this year's model, where last
    /// year's model has a level of that name.
    pub counts: Vec<Option<usize>>,
    /// Per matrix cell (`[konsekvens - 1][sannolikhet - 1]`), how many risks
    /// moved in and out since last year; `None` when the scales differ.
    pub moves: Option<Vec<Vec<Moves>>>,
    /// Last year's follow-ups that were found, earliest first. A report
    /// shows only those dated on or before its own date: see `known_at`.
    pub follow_ups: Vec<LastFollowUp>,
}

/// The change record of one risk of this year's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskChange {
    /// The risk as it was last year; `None` when it is new this year.
    pub before: Option<Before>,
    /// Into or out of the internkontrollplan.
    pub ikp: IkpChange,
    /// Its controls against last year's, when it is in both years' plans.
    pub control: ControlChange,
}

impl RiskChange {
    /// New this year: no risk of last year's plan continues as it.
    pub fn is_new(&self) -> bool {
        self.before.is_none()
    }

    /// Raised, lowered or unchanged (see `Before::direction`); `None` for a new risk.
    pub fn direction(&self) -> Option<Direction> {
        self.before.as_ref().map(|b| b.direction)
    }

    /// Last year's number, when the risk had another.
    pub fn renumbered_from(&self, nr: u32) -> Option<u32> {
        self.before
            .as_ref()
            .map(|b| b.nr)
            .filter(|before| *before != nr)
    }
}

/// A risk as it was last year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    /// Last year's number (differs from this year's when renumbered).
    pub nr: u32,
    pub value: Option<u32>,
    /// The level's name in last year's model.
    pub level: Option<String>,
    /// Last year's level as an index into this year's model, when this
    /// year's model has a level of that name.
    pub level_index: Option<usize>,
    /// The level's name is not the same as this year's (both rated).
    pub level_changed: bool,
    /// How the riskvärde changed.
    pub value_direction: Direction,
    /// How the risk changed as the board reads it: by the level when the
    /// level changed (a level change is a change, whatever the riskvärde
    /// does), else by the riskvärde.
    pub direction: Direction,
    /// It was in last year's internkontrollplan.
    pub in_ikp: bool,
    /// Last year's controls (their names), when it was in last year's plan.
    pub controls: Vec<String>,
    /// Last year's VB results for its controls; `None` is "ej bedömd".
    /// Empty when the VB does not report it or there is no VB.
    pub vb: Vec<Option<Outcome>>,
    /// Last year's T2: whether its handling followed the plan; `None` when
    /// the T2 does not report it or there is no T2.
    pub t2: Option<FollowsPlan>,
}

/// How a risk changed.
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

    fn of(now: u32, then: u32) -> Direction {
        match now.cmp(&then) {
            std::cmp::Ordering::Greater => Direction::Raised,
            std::cmp::Ordering::Less => Direction::Lowered,
            std::cmp::Ordering::Equal => Direction::Unchanged,
        }
    }
}

/// A risk's place in the internkontrollplan this year against last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IkpChange {
    /// In both years' plans.
    Stays,
    /// In this year's plan, not in last year's (or new this year).
    Entered,
    /// In last year's plan, not in this year's.
    Left,
    /// In neither.
    Outside,
}

/// A risk's controls this year against last year, for a risk in both
/// years' internkontrollplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlChange {
    /// The same controls (kontrollmoment and kontrollaktivitet).
    Same,
    /// Some control was added, removed or reworded.
    Changed,
    /// Not in both years' plans: nothing to compare.
    NotCompared,
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
    /// It was in last year's internkontrollplan.
    pub in_ikp: bool,
}

/// A control of last year's internkontrollplan that is not in this year's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftControl {
    /// The risk's number last year.
    pub nr: u32,
    pub title: String,
    /// The control's name (its kontrollmoment, else its kontrollaktivitet).
    pub control: String,
    /// Index into this year's `plan.risks`, when the risk is still there.
    pub now: Option<usize>,
    pub reason: LeftReason,
}

/// Why a control left the internkontrollplan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftReason {
    /// The risk left the plan (`utgått`), with its motivering if given.
    Dropped(Option<String>),
    /// The nämnd keeps the risk out (`ikp: nej`), with its motivering if given.
    KeptOut(Option<String>),
    /// The model's automatic rule no longer takes the risk: its riskvärde
    /// or level is below the rule's.
    BelowRule,
    /// The nämnd chooses risk by risk and did not choose it this year.
    NotChosen,
    /// The risk stays in the plan with other controls.
    Replaced,
}

/// A follow-up of last year's plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastFollowUp {
    pub kind: FollowUpKind,
    /// Its own date.
    pub date: NaiveDate,
}

/// Tertialrapport 2 or verksamhetsberättelse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpKind {
    T2,
    Vb,
}

impl History {
    /// The follow-up of last year's plan a report dated `date` may show:
    /// the VB when it is dated on or before `date`, else the T2 when it
    /// is, else none. A document never shows results from after its date.
    pub fn known_at(&self, date: NaiveDate) -> Option<LastFollowUp> {
        let known = |kind| {
            self.follow_ups
                .iter()
                .copied()
                .filter(|f| f.kind == kind && f.date <= date)
                .max_by_key(|f| f.date)
        };
        known(FollowUpKind::Vb).or_else(|| known(FollowUpKind::T2))
    }

    /// Last year's follow-ups dated after `date`: what a report of that
    /// date leaves out, and says it does.
    pub fn later_than(&self, date: NaiveDate) -> Vec<LastFollowUp> {
        self.follow_ups
            .iter()
            .copied()
            .filter(|f| f.date > date)
            .collect()
    }
}

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

/// A control's name: its kontrollmoment, else its kontrollaktivitet.
pub fn control_name(control: &Control) -> String {
    control
        .moment
        .as_deref()
        .or(control.activity.as_deref())
        .unwrap_or("kontroll utan namn")
        .trim()
        .to_owned()
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

/// Risks that came into and left a matrix cell since last year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moves {
    pub came: usize,
    pub left: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(follow_ups: Vec<LastFollowUp>) -> History {
        History {
            year: 2024,
            risks: Vec::new(),
            dropped: Vec::new(),
            left_ikp: Vec::new(),
            counts: Vec::new(),
            moves: None,
            follow_ups,
        }
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_document_knows_the_vb_if_dated_before_it_else_the_t2_else_nothing() {
        let t2 = LastFollowUp {
            kind: FollowUpKind::T2,
            date: date("2024-09-30"),
        };
        let vb = LastFollowUp {
            kind: FollowUpKind::Vb,
            date: date("2025-02-13"),
        };
        let h = history(vec![t2, vb]);
        assert_eq!(h.known_at(date("2025-03-01")), Some(vb));
        assert_eq!(
            h.known_at(date("2025-02-13")),
            Some(vb),
            "the same day is known"
        );
        assert_eq!(h.known_at(date("2024-12-12")), Some(t2));
        assert_eq!(h.later_than(date("2024-12-12")), vec![vb]);
        assert_eq!(h.known_at(date("2024-09-29")), None);
        assert_eq!(h.later_than(date("2024-09-29")), vec![t2, vb]);
    }
}
