//! The risk model's rules in words, as the reports state them: how the
//! level is set (by riskvärde or cell by cell) and which risks go to the
//! internkontrollplan, with every exception the plan makes named, so that
//! no sentence built from a rule is false for some risk.

use crate::score::Scored;
use crate::swedish;
use crate::validate::{IkpRule, IkpThreshold, LevelRule, Plan};

/// How the model sets a risk's level: "Riskvärde = sannolikhet ×
/// konsekvens. Nivån ges av riskvärdet: Kritisk 12–16, …", or, for a
/// model coloured cell by cell, that the cell and not the riskvärde
/// decides.
pub fn level_legend(plan: &Plan) -> String {
    let legend = level_rule_words(plan);
    let assumed: Vec<&str> = plan.model.assumed.iter().map(|p| p.words()).collect();
    if assumed.is_empty() {
        return legend;
    }
    // What the model file says is assumed, said where the model stands.
    format!(
        "{legend} {} är antagna, inte källans.",
        swedish::capitalise(&swedish::join(&assumed))
    )
}

fn level_rule_words(plan: &Plan) -> String {
    let model = &plan.model;
    let product = "Riskvärde = sannolikhet × konsekvens.";
    match &model.level_rule {
        LevelRule::Thresholds(ranges) => {
            let levels: Vec<String> = model
                .levels
                .iter()
                .zip(ranges)
                .rev()
                .map(|(level, (from, to))| {
                    if from == to {
                        format!("{} {from}", level.name)
                    } else {
                        format!("{} {from}–{to}", level.name)
                    }
                })
                .collect();
            format!("{product} Nivån ges av riskvärdet: {}.", levels.join(", "))
        }
        LevelRule::Cells(_) => format!(
            "{product} Nivån ges cell för cell av riskmodellen och inte av riskvärdet: samma riskvärde kan ha olika nivå i olika celler."
        ),
    }
}

/// Which risks go to the internkontrollplan, with the plan's exceptions
/// named: "Enligt riskmodellen går risker med riskvärde 8 eller högre
/// till internkontrollplanen, utom risk 14 (se motiveringen i tabellen)."
/// A risk the rule would take that the nämnd keeps out, and one the nämnd takes
/// in that the rule would not, are both exceptions; `reasons` says where
/// the reader finds the motivering.
pub fn ikp_rule_sentence(plan: &Plan, scored: &Scored, reasons: &str) -> String {
    let model = &plan.model;
    let rule = match model.ikp_rule {
        IkpRule::Automatic(IkpThreshold::RiskValue(from)) => {
            format!(
                "Enligt riskmodellen går risker med riskvärde {from} eller högre till internkontrollplanen"
            )
        }
        IkpRule::Automatic(IkpThreshold::Level(level)) => format!(
            "Enligt riskmodellen går risker på nivån {} eller högre till internkontrollplanen",
            model.levels[level].name
        ),
        IkpRule::Chosen => {
            return "Nämnden väljer risk för risk vilka risker som går till internkontrollplanen."
                .into();
        }
    };
    let (kept_out, taken_in) = exceptions(plan, scored);
    let mut sentence = rule;
    if !kept_out.is_empty() {
        sentence.push_str(&format!(", utom {} ({reasons})", risks_named(&kept_out)));
    }
    if !taken_in.is_empty() {
        sentence.push_str(&format!(
            "; nämnden har dessutom valt {}",
            risks_named(&taken_in)
        ));
    }
    sentence.push('.');
    sentence
}

/// The risks an automatic rule would take that the nämnd keeps out, and
/// those it takes in that the rule would not, by nr; empty under `val`.
pub fn exceptions(plan: &Plan, scored: &Scored) -> (Vec<u32>, Vec<u32>) {
    let model = &plan.model;
    if model.ikp_rule == IkpRule::Chosen {
        return (Vec::new(), Vec::new());
    }
    let mut kept_out = Vec::new();
    let mut taken_in = Vec::new();
    for (risk, score) in plan.risks.iter().zip(&scored.risks) {
        let by_rule = risk
            .rating
            .is_some_and(|rating| model.reaches_ikp_threshold(rating));
        match (by_rule, score.in_ikp) {
            (true, false) => kept_out.push(risk.nr),
            (false, true) => taken_in.push(risk.nr),
            _ => {}
        }
    }
    kept_out.sort_unstable();
    taken_in.sort_unstable();
    (kept_out, taken_in)
}

/// "risk 14", "riskerna 14 och 15".
fn risks_named(nrs: &[u32]) -> String {
    match nrs {
        [one] => format!("risk {one}"),
        many => format!("riskerna {}", swedish::join_numbers(many)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risks_are_named_in_the_singular_and_the_plural() {
        assert_eq!(risks_named(&[14]), "risk 14");
        assert_eq!(risks_named(&[14, 15, 20]), "riskerna 14, 15 och 20");
    }
}
