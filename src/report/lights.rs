//! A control's result as the reports show it: a traffic light with its
//! word, the same in the VB, the change record and the samlade bild.

use crate::score::vb::Tally;
use crate::validate::Outcome;
use crate::validate::followup::VbItem;

/// The traffic lights' colours, shared by every report that shows them.
pub const GREEN: [u8; 3] = [67, 160, 71];
pub const YELLOW: [u8; 3] = [253, 216, 53];
pub const RED: [u8; 3] = [229, 57, 53];
pub const GREY: [u8; 3] = [158, 158, 158];
const LIGHT_GREY: [u8; 3] = [224, 224, 224];

/// What a result row shows. A control reported without `resultat` is not
/// yet assessed, which is not the same as a control nobody reported on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Assessed(Outcome),
    NotAssessed,
    NotReported,
}

impl Shown {
    /// Every state, in the order of the counts and the legend.
    pub const ALL: [Shown; 5] = [
        Shown::Assessed(Outcome::Genomford),
        Shown::Assessed(Outcome::DelvisGenomford),
        Shown::Assessed(Outcome::EjGenomford),
        Shown::NotAssessed,
        Shown::NotReported,
    ];

    /// A result as reported: assessed, or not yet.
    pub fn from_outcome(outcome: Option<Outcome>) -> Shown {
        outcome.map_or(Shown::NotAssessed, Shown::Assessed)
    }

    pub fn of(item: Option<&VbItem>) -> Shown {
        match item {
            None => Shown::NotReported,
            Some(item) => item.outcome.map_or(Shown::NotAssessed, Shown::Assessed),
        }
    }

    /// How many rows of `tally` show this.
    pub fn count(self, tally: &Tally) -> usize {
        match self {
            Shown::Assessed(Outcome::Genomford) => tally.done,
            Shown::Assessed(Outcome::DelvisGenomford) => tally.partly,
            Shown::Assessed(Outcome::EjGenomford) => tally.not_done,
            Shown::NotAssessed => tally.not_assessed,
            Shown::NotReported => tally.not_reported,
        }
    }

    /// The word and the light's colour; the word is always written.
    pub fn word(self) -> (&'static str, [u8; 3]) {
        match self {
            Shown::Assessed(Outcome::Genomford) => ("Genomförd", GREEN),
            Shown::Assessed(Outcome::DelvisGenomford) => ("Delvis genomförd", YELLOW),
            Shown::Assessed(Outcome::EjGenomford) => ("Ej genomförd", RED),
            Shown::NotAssessed => ("Ej bedömd", LIGHT_GREY),
            Shown::NotReported => ("Ej rapporterad", GREY),
        }
    }

    /// The assessed outcomes are always in the legend; the others only when some row has them.
    pub fn always_listed(self) -> bool {
        matches!(self, Shown::Assessed(_))
    }
}
