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

use chrono::NaiveDate;

use crate::validate::{Control, FollowsPlan, Outcome};

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

    /// Which way a value went from `then` to `now`.
    pub(super) fn of(now: u32, then: u32) -> Direction {
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
