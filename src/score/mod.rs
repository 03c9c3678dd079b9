//! Validated → scored: riskvärde, level, matrix cell, IKP membership and the
//! counts. Pure functions on integers: no I/O, no clock.

use crate::validate::{IkpRule, LevelRule, Numbering, Plan, Rating, Risk, RiskModel};

/// Riskvärde = sannolikhet × konsekvens.
pub fn risk_value(rating: Rating) -> u32 {
    rating.likelihood as u32 * rating.consequence as u32
}

/// Every riskvärde a scale of `n` steps can produce, ascending.
pub fn possible_values(n: u8) -> Vec<u32> {
    let mut values: Vec<u32> = (1..=n as u32)
        .flat_map(|s| (1..=n as u32).map(move |k| s * k))
        .collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// The level (index into `model.levels`) of a rating.
pub fn level_of(model: &RiskModel, rating: Rating) -> usize {
    match &model.level_rule {
        LevelRule::Thresholds(ranges) => {
            let rv = risk_value(rating);
            ranges
                .iter()
                .position(|(from, to)| *from <= rv && rv <= *to)
                .expect("validation guarantees the levels cover every risk value")
        }
        LevelRule::Cells(cells) => {
            cells[rating.consequence as usize - 1][rating.likelihood as usize - 1]
        }
    }
}

/// Whether a risk goes to the internkontrollplan under the model's rule.
pub fn goes_to_ikp(model: &RiskModel, risk: &Risk) -> bool {
    match (model.ikp_rule, risk.ikp_choice) {
        (_, Some(choice)) => choice,
        (IkpRule::Automatic { from }, None) => risk.rating.is_some_and(|r| risk_value(r) >= from),
        (IkpRule::Chosen, None) => false,
    }
}

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
}

/// Scores a validated plan.
pub fn score(plan: &Plan) -> Scored {
    let model = &plan.model;
    let n = model.scale as usize;
    let mut matrix = vec![vec![Vec::new(); n]; n];
    let mut counts = vec![0; model.levels.len()];
    let mut unrated = Vec::new();
    let mut risks = Vec::with_capacity(plan.risks.len());
    for risk in &plan.risks {
        let (value, level) = match risk.rating {
            Some(rating) => {
                let level = level_of(model, rating);
                counts[level] += 1;
                matrix[rating.consequence as usize - 1][rating.likelihood as usize - 1]
                    .push(risk.nr);
                (Some(risk_value(rating)), Some(level))
            }
            None => {
                unrated.push(risk.nr);
                (None, None)
            }
        };
        risks.push(RiskScore {
            value,
            level,
            in_ikp: goes_to_ikp(model, risk),
            ikp_nr: None,
        });
    }
    for row in &mut matrix {
        for cell in row {
            cell.sort_unstable();
        }
    }
    // IKP order: the order the risks are first listed in the plan.
    let mut ikp = Vec::new();
    for place in &plan.places {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Level;

    fn model(rule: LevelRule, ikp_rule: IkpRule) -> RiskModel {
        let level = |name: &str| Level {
            name: name.into(),
            color: [0, 0, 0],
        };
        RiskModel {
            name: None,
            scale: 4,
            likelihood_labels: vec![String::new(); 4],
            consequence_labels: vec![String::new(); 4],
            levels: vec![
                level("Låg"),
                level("Medium"),
                level("Hög"),
                level("Kritisk"),
            ],
            level_rule: rule,
            ikp_rule,
        }
    }

    fn amn() -> RiskModel {
        model(
            LevelRule::Thresholds(vec![(1, 2), (3, 7), (8, 9), (12, 16)]),
            IkpRule::Automatic { from: 8 },
        )
    }

    fn rating(s: u8, k: u8) -> Rating {
        Rating {
            likelihood: s,
            consequence: k,
        }
    }

    fn risk(s: u8, k: u8, choice: Option<bool>) -> Risk {
        Risk {
            nr: 1,
            title: "x".into(),
            description: None,
            preventive: None,
            direct_actions: None,
            rating: Some(rating(s, k)),
            ikp_choice: choice,
            motivation: None,
            control: None,
            controls_exist: None,
            existing_controls: None,
            actions_intro: None,
            actions: Vec::new(),
            follow_up_method: None,
            review_method: None,
            line: 1,
        }
    }

    #[test]
    fn risk_value_is_product() {
        assert_eq!(risk_value(rating(3, 4)), 12);
        assert_eq!(risk_value(rating(1, 1)), 1);
    }

    #[test]
    fn four_by_four_never_gives_ten_or_eleven() {
        assert_eq!(possible_values(4), vec![1, 2, 3, 4, 6, 8, 9, 12, 16]);
    }

    #[test]
    fn thresholds_pick_the_level() {
        let m = amn();
        assert_eq!(level_of(&m, rating(1, 2)), 0);
        assert_eq!(level_of(&m, rating(1, 3)), 1);
        assert_eq!(level_of(&m, rating(2, 4)), 2);
        assert_eq!(level_of(&m, rating(3, 3)), 2);
        assert_eq!(level_of(&m, rating(3, 4)), 3);
    }

    #[test]
    fn cells_pick_the_level_by_position() {
        let mut cells = vec![vec![0; 4]; 4];
        cells[3][0] = 2; // konsekvens 4, sannolikhet 1
        let m = model(LevelRule::Cells(cells), IkpRule::Chosen);
        assert_eq!(level_of(&m, rating(1, 4)), 2);
        assert_eq!(level_of(&m, rating(4, 1)), 0);
    }

    #[test]
    fn automatic_ikp_from_threshold_unless_kept_out() {
        let m = amn();
        assert!(goes_to_ikp(&m, &risk(2, 4, None)));
        assert!(!goes_to_ikp(&m, &risk(1, 4, None)));
        assert!(!goes_to_ikp(&m, &risk(2, 4, Some(false))));
        assert!(goes_to_ikp(&m, &risk(1, 1, Some(true))));
    }

    #[test]
    fn chosen_ikp_only_when_chosen() {
        let m = model(LevelRule::Thresholds(vec![(1, 16)]), IkpRule::Chosen);
        assert!(!goes_to_ikp(&m, &risk(4, 4, None)));
        assert!(goes_to_ikp(&m, &risk(1, 1, Some(true))));
    }
}
