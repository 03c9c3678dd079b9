//! Checks a risk model's IKP rule: `val`, or `automatisk` from one
//! threshold, a riskvärde (`från_riskvärde`) or a level (`från_nivå`).

use std::path::Path;

use super::plan::{IkpRule, IkpThreshold, Level, Scale};
use crate::diag::{Diagnostic, Diagnostics, KeyPath, Located};
use crate::model::{IkpRuleKind, RiskModelFile};

/// The rule in `file`; a faulty one is reported and read as `val`, so that
/// no risk is taken to the plan by a rule the model does not have.
pub fn ikp_rule(
    path: &Path,
    file: &RiskModelFile,
    levels: &[Level],
    scale: Scale,
    diags: &mut Diagnostics,
) -> IkpRule {
    let def = &file.ikp.value;
    let field = |key: &str| KeyPath::new("riskmodell").key("ikp").key(key);
    let err = |msg: String, at: &dyn Located, key: &str| {
        Diagnostic::error(path, msg).at(at).field(field(key))
    };
    match (def.regel, &def.fran_riskvarde, &def.fran_niva) {
        (IkpRuleKind::Val, ..) => {
            let given: [(&str, Option<&dyn Located>); 2] = [
                (
                    "från_riskvärde",
                    def.fran_riskvarde.as_ref().map(|s| s as &dyn Located),
                ),
                (
                    "från_nivå",
                    def.fran_niva.as_ref().map(|s| s as &dyn Located),
                ),
            ];
            for (key, at) in given {
                if let Some(at) = at {
                    diags.push(
                        err(format!("{key} gäller bara regeln automatisk"), at, key)
                            .hint(format!("ta bort {key}, eller ange regel: automatisk")),
                    );
                }
            }
            IkpRule::Chosen
        }
        (IkpRuleKind::Automatisk, Some(_), Some(level)) => {
            diags.push(
                err(
                    "regeln automatisk har både från_riskvärde och från_nivå".into(),
                    level,
                    "från_nivå",
                )
                .hint("behåll en av dem: från_riskvärde för ett riskvärde (t.ex. 8) eller från_nivå för en nivå (t.ex. Hög)"),
            );
            IkpRule::Chosen
        }
        (IkpRuleKind::Automatisk, Some(from), None) => {
            let highest = scale.highest_value() as i64;
            if !(1..=highest).contains(&from.value) {
                diags.push(err(
                    format!(
                        "från_riskvärde {} ligger utanför riskvärdena 1–{highest}",
                        from.value
                    ),
                    from,
                    "från_riskvärde",
                ));
            }
            IkpRule::Automatic(IkpThreshold::RiskValue(
                from.value.clamp(0, u32::MAX as i64) as u32,
            ))
        }
        (IkpRuleKind::Automatisk, None, Some(level)) => {
            let name = level.value.trim();
            match levels.iter().position(|l| l.name == name) {
                Some(index) => IkpRule::Automatic(IkpThreshold::Level(index)),
                None => {
                    let names: Vec<&str> = levels.iter().map(|l| l.name.as_str()).collect();
                    diags.push(
                        err(
                            format!("från_nivå ”{name}” är ingen nivå i riskmodellen"),
                            level,
                            "från_nivå",
                        )
                        .hint(format!("tillåtna nivåer: {}", names.join(", "))),
                    );
                    IkpRule::Chosen
                }
            }
        }
        (IkpRuleKind::Automatisk, None, None) => {
            diags.push(
                Diagnostic::error(path, "regeln automatisk saknar från_riskvärde eller från_nivå")
                    .at(&file.ikp)
                    .field(KeyPath::new("riskmodell").key("ikp"))
                    .hint("ange varifrån risker går till internkontrollplanen, t.ex. från_riskvärde: 8 eller från_nivå: Hög"),
            );
            IkpRule::Chosen
        }
    }
}
