//! Checks a follow-up against its plan: every nr it names is an IKP risk of
//! the plan, dates are real, and every IKP control is reported at VB.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Action, Located, Plan, Section, checked_date};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{FollowsPlan, Outcome, T2File, T2Scope, VbFile, Verdict};
use crate::score::Scored;

/// A checked T2 follow-up.
#[derive(Debug, Clone)]
pub struct T2 {
    pub source: PathBuf,
    pub date: NaiveDate,
    pub period: Option<String>,
    pub scope: T2Scope,
    pub sections: Vec<Section>,
    pub items: Vec<T2Item>,
}

/// One risk's T2 follow-up.
#[derive(Debug, Clone)]
pub struct T2Item {
    /// Index into `plan.risks`.
    pub risk: usize,
    pub area: Option<String>,
    pub activities: Option<String>,
    pub handling: Option<String>,
    pub follows: FollowsPlan,
    pub comment: Option<String>,
}

/// A checked VB follow-up.
#[derive(Debug, Clone)]
pub struct Vb {
    pub source: PathBuf,
    pub date: NaiveDate,
    pub sections: Vec<Section>,
    pub items: Vec<VbItem>,
    pub comments: Option<String>,
    pub verdict: Verdict,
    pub grounds: String,
}

/// One control's VB result.
#[derive(Debug, Clone)]
pub struct VbItem {
    /// Index into `plan.risks`.
    pub risk: usize,
    pub outcome: Outcome,
    pub heading: Option<String>,
    pub text: Option<String>,
    pub actions: Vec<Action>,
}

/// The plan file a follow-up at `path` names.
pub fn plan_path(path: &Path, plan: &str) -> PathBuf {
    path.parent().unwrap_or(Path::new(".")).join(plan)
}

/// Checks a T2 follow-up in `path` against its plan.
pub fn validate_t2(
    path: &Path,
    file: &T2File,
    plan: &Plan,
    scored: &Scored,
) -> (Option<T2>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let date = checked_date(path, &file.datum, "datum", None, &mut diags);
    let mut items = Vec::new();
    for entry in &file.risker {
        if let Some(risk) = ikp_risk(path, &entry.nr, plan, scored, &mut diags) {
            if items.iter().any(|i: &T2Item| i.risk == risk) {
                diags.push(duplicate(path, &entry.nr));
                continue;
            }
            items.push(T2Item {
                risk,
                area: entry.ansvarsomrade.clone(),
                activities: entry.befintliga_aktiviteter.clone(),
                handling: entry.planerad_hantering.clone(),
                follows: entry.foljer_plan.value,
                comment: entry.kommentar.clone(),
            });
        }
    }
    let t2 = date.filter(|_| !diags.has_errors()).map(|date| T2 {
        source: path.to_path_buf(),
        date,
        period: file.period.clone(),
        scope: file.visa.unwrap_or(T2Scope::Kritiska),
        sections: super::sections(&file.avsnitt),
        items,
    });
    (t2, diags)
}

/// Checks a VB follow-up in `path` against its plan.
pub fn validate_vb(
    path: &Path,
    file: &VbFile,
    plan: &Plan,
    scored: &Scored,
) -> (Option<Vb>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let date = checked_date(path, &file.datum, "datum", None, &mut diags);
    let mut items = Vec::new();
    for entry in &file.kontroller {
        let Some(risk) = ikp_risk(path, &entry.nr, plan, scored, &mut diags) else {
            continue;
        };
        if items.iter().any(|i: &VbItem| i.risk == risk) {
            diags.push(duplicate(path, &entry.nr));
            continue;
        }
        let nr = plan.risks[risk].nr;
        let actions = entry
            .forbattringsatgarder
            .iter()
            .map(|a| super::actions::action(path, nr, "förbättringsåtgärder", a, &mut diags))
            .collect();
        items.push(VbItem {
            risk,
            outcome: entry.resultat.value,
            heading: entry.rubrik.clone(),
            text: entry.resultattext.clone(),
            actions,
        });
    }
    for &index in &scored.ikp {
        if !items.iter().any(|i| i.risk == index) {
            diags.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "kontrollen för risk {} i internkontrollplanen är inte rapporterad; rapporten visar ”ej rapporterad”",
                        plan.risks[index].nr
                    ),
                )
                .risk(plan.risks[index].nr)
                .field("kontroller")
                .hint("lägg till kontrollens resultat under kontroller:"),
            );
        }
    }
    let judgement = match &file.bedomning {
        Some(j) if j.value.grund.trim().is_empty() => {
            let (line, column) = j.place();
            diags.push(
                Diagnostic::error(path, "bedömningen saknar grund")
                    .at(line, column)
                    .field("bedömning › grund")
                    .hint("skriv vad nämndens bedömning grundar sig på"),
            );
            None
        }
        Some(j) => Some((j.value.omdome, j.value.grund.clone())),
        None => {
            diags.push(
                Diagnostic::error(path, "nämndens bedömning av den interna kontrollen saknas")
                    .field("bedömning")
                    .hint("ange bedömning: med omdöme: tillräcklig, delvis tillräcklig eller otillräcklig, och grund:"),
            );
            None
        }
    };
    let vb = match (date, judgement, diags.has_errors()) {
        (Some(date), Some((verdict, grounds)), false) => Some(Vb {
            source: path.to_path_buf(),
            date,
            sections: super::sections(&file.avsnitt),
            items,
            comments: file.kommentarer.clone(),
            verdict,
            grounds,
        }),
        _ => None,
    };
    (vb, diags)
}

/// The index of the IKP risk with this nr, or an error naming it.
fn ikp_risk(
    path: &Path,
    nr: &serde_saphyr::Spanned<i64>,
    plan: &Plan,
    scored: &Scored,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let (line, column) = nr.place();
    let found = plan.risks.iter().position(|r| i64::from(r.nr) == nr.value);
    match found {
        Some(index) if scored.risks[index].in_ikp => Some(index),
        Some(_) => {
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "risk {} finns i planen men inte i internkontrollplanen",
                        nr.value
                    ),
                )
                .at(line, column)
                .risk(nr.value.clamp(0, u32::MAX as i64) as u32)
                .field("nr")
                .hint("en uppföljning gäller bara risker som går till internkontrollplanen"),
            );
            None
        }
        None => {
            diags.push(
                Diagnostic::error(path, format!("risk {} finns inte i planen", nr.value))
                    .at(line, column)
                    .risk(nr.value.clamp(0, u32::MAX as i64) as u32)
                    .field("nr")
                    .hint(format!("planen är {}; rätta numret", plan.source.display())),
            );
            None
        }
    }
}

fn duplicate(path: &Path, nr: &serde_saphyr::Spanned<i64>) -> Diagnostic {
    let (line, column) = nr.place();
    Diagnostic::error(path, format!("risk {} följs upp två gånger", nr.value))
        .at(line, column)
        .field("nr")
        .hint("samla uppföljningen av risken i en post")
}
