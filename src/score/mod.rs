//! Validated → scored: each risk's riskvärde, level and IKP number, the
//! matrix and the counts. The rules themselves (riskvärde, level, IKP) are
//! the validated model's; this stage only applies them to every risk and
//! aggregates. Pure functions on integers: no I/O, no clock.

pub mod compare;
pub mod history;
pub mod rollup;
pub mod vb;

use crate::validate::{Numbering, Plan};

/// A risk's scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskScore {
    /// Riskvärde, or `None` when unrated.
    pub value: Option<u32>,
    /// Level index, or `None` when unrated.
    pub level: Option<usize>,
    /// In the internkontrollplan?
    pub in_ikp: bool,
    /// The number the IKP shows for it.
    pub ikp_nr: Option<u32>,
}

/// The scored plan: per-risk scores (parallel to `plan.risks`), matrix and counts.
#[derive(Debug, Clone)]
pub struct Scored {
    pub risks: Vec<RiskScore>,
    /// `matrix[konsekvens - 1][sannolikhet - 1]` = risk nrs, ascending.
    pub matrix: Vec<Vec<Vec<u32>>>,
    /// Rated risks per level, parallel to `model.levels`.
    pub counts: Vec<usize>,
    /// All rated risks.
    pub total: usize,
    /// Nrs of the unrated risks.
    pub unrated: Vec<u32>,
    /// Indices into `plan.risks` of the IKP risks, in the plan's order.
    pub ikp: Vec<usize>,
    /// The plan against last year's, when there is one.
    pub history: Option<history::History>,
}

/// Scores a validated plan.
pub fn score(plan: &Plan) -> Scored {
    let model = &plan.model;
    let mut matrix =
        vec![vec![Vec::new(); model.scale.likelihood as usize]; model.scale.consequence as usize];
    let mut counts = vec![0; model.levels.len()];
    let mut unrated = Vec::new();
    let mut risks = Vec::with_capacity(plan.risks.len());
    for risk in &plan.risks {
        let (value, level) = match risk.rating {
            Some(rating) => {
                let level = model.level_of(rating);
                counts[level] += 1;
                matrix[rating.consequence as usize - 1][rating.likelihood as usize - 1]
                    .push(risk.nr);
                (Some(rating.value()), Some(level))
            }
            None => {
                unrated.push(risk.nr);
                (None, None)
            }
        };
        risks.push(RiskScore {
            value,
            level,
            in_ikp: model.takes_to_ikp(risk),
            ikp_nr: None,
        });
    }
    for row in &mut matrix {
        for cell in row {
            cell.sort_unstable();
        }
    }
    // IKP order: the IKP's own, or the order the risks are first listed.
    let mut ikp = Vec::new();
    for place in plan.ikp_places.as_ref().unwrap_or(&plan.places) {
        if risks[place.risk].in_ikp && !ikp.contains(&place.risk) {
            ikp.push(place.risk);
        }
    }
    for (i, &index) in ikp.iter().enumerate() {
        risks[index].ikp_nr = Some(match plan.ikp.numbering {
            Numbering::Vor => plan.risks[index].nr,
            Numbering::Lopande => i as u32 + 1,
        });
    }
    unrated.sort_unstable();
    Scored {
        total: counts.iter().sum(),
        risks,
        matrix,
        counts,
        unrated,
        ikp,
        history: None,
    }
}
