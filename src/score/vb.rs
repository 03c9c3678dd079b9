//! The VB's count rule, stated once for the VB report and the samlade
//! bild: which controls a VB answers for and what each counts as. Every
//! control of every risk in the internkontrollplan (a risk without
//! controls has one), in the IKP's order; each result the VB reports for
//! it counts once by its outcome (without one, "ej bedömd"), and a control
//! the VB does not report counts once as "ej rapporterad". Pure.

use super::Scored;
use crate::model::Outcome;
use crate::validate::Plan;
use crate::validate::followup::{Vb, VbItem};

/// One control of the internkontrollplan and the VB's results for it.
#[derive(Debug, Clone)]
pub struct ControlReport<'v> {
    /// The risk, as an index into `plan.risks`.
    pub risk: usize,
    /// Which of the risk's controls (0 for the first, and for a risk
    /// without controls).
    pub control: usize,
    /// The VB's results for the control, in the VB's order; empty when the
    /// VB does not report it.
    pub items: Vec<&'v VbItem>,
}

impl<'v> ControlReport<'v> {
    /// What the control counts as, one per row: each result the VB
    /// reports, or one `None` ("ej rapporterad") when it reports none.
    pub fn rows(&self) -> Vec<Option<&'v VbItem>> {
        if self.items.is_empty() {
            vec![None]
        } else {
            self.items.iter().copied().map(Some).collect()
        }
    }
}

/// Every control the VB answers for, in the internkontrollplan's order,
/// with the VB's results for each.
pub fn controls<'v>(plan: &Plan, scored: &Scored, vb: &'v Vb) -> Vec<ControlReport<'v>> {
    let mut out = Vec::new();
    for &risk in &scored.ikp {
        for control in 0..plan.risks[risk].controls.len().max(1) {
            let items = vb
                .items
                .iter()
                .filter(|i| i.risk == risk && i.control == control)
                .collect();
            out.push(ControlReport {
                risk,
                control,
                items,
            });
        }
    }
    out
}

/// The VB's results counted: one per result a control reports, and one
/// "ej rapporterad" for a control the VB does not name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: usize,
    pub partly: usize,
    pub not_done: usize,
    pub not_assessed: usize,
    pub not_reported: usize,
}

impl Tally {
    /// The count of `controls` by the rule above.
    pub fn of(controls: &[ControlReport]) -> Self {
        let mut tally = Tally::default();
        for row in controls.iter().flat_map(ControlReport::rows) {
            match row.map(|item| item.outcome) {
                Some(Some(Outcome::Genomford)) => tally.done += 1,
                Some(Some(Outcome::DelvisGenomford)) => tally.partly += 1,
                Some(Some(Outcome::EjGenomford)) => tally.not_done += 1,
                Some(None) => tally.not_assessed += 1,
                None => tally.not_reported += 1,
            }
        }
        tally
    }

    pub fn add(&mut self, other: &Tally) {
        self.done += other.done;
        self.partly += other.partly;
        self.not_done += other.not_done;
        self.not_assessed += other.not_assessed;
        self.not_reported += other.not_reported;
    }

    pub fn total(&self) -> usize {
        self.done + self.partly + self.not_done + self.not_assessed + self.not_reported
    }
}
