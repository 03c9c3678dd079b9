//! The gaps a document would print ("motivering saknas i underlaget",
//! "ej rapporterad i uppföljningen", "kontroll ej angiven"): fine in a
//! proposal, refused in a decided document, which may not print one. The
//! VB's unreported controls are refused where the VB is checked
//! (`validate/followup.rs`).

use std::path::Path;

use super::t2::critical_risks;
use crate::diag::{Diagnostic, Diagnostics};
use crate::score::Scored;
use crate::score::history::LeftReason;
use crate::validate::followup::T2;
use crate::validate::{Plan, T2Scope};

/// What the message adds after the gap.
const DECIDED: &str = "men dokumentet är beslutat (status: beslutad)";
/// The way out the hint offers besides filling the gap.
const OR_PROPOSAL: &str = "eller skriv status: förslag tills underlaget är komplett";

/// The gaps of a decided plan's reports, as errors; none for a proposal.
pub fn plan_gaps(path: &Path, plan: &Plan, scored: &Scored) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let standing = &plan.meta.standing;
    if !standing.is_decided() {
        return diags;
    }
    if let Some(history) = &scored.history {
        for dropped in history.dropped.iter().filter(|d| d.reason.is_none()) {
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "risk {} i {} års plan är inte med i år och rapporten skriver ”motivering saknas i underlaget”, {DECIDED}",
                        dropped.nr, history.year
                    ),
                )
                .at(&standing.at)
                .risk(dropped.nr)
                .field("utgått")
                .hint(format!(
                    "lägg till risken under utgått: med nr: {} och motivering:, {OR_PROPOSAL}",
                    dropped.nr
                )),
            );
        }
        for left in &history.left_ikp {
            if let (LeftReason::KeptOut(None), Some(now)) = (&left.reason, left.now) {
                let risk = &plan.risks[now];
                diags.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "risk {} hålls utanför internkontrollplanen och rapporten skriver ”motivering saknas i underlaget”, {DECIDED}",
                            risk.nr
                        ),
                    )
                    .at(&risk.at)
                    .risk(risk.nr)
                    .field("motivering")
                    .hint(format!(
                        "skriv varför risken hålls utanför planen under motivering:, {OR_PROPOSAL}"
                    )),
                );
            }
        }
    }
    for risk in plan.risks.iter().filter(|r| plan.model.takes_to_ikp(r)) {
        if risk.controls.is_empty() && risk.review_method.is_none() {
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "risk {} går till internkontrollplanen och planen skriver ”kontroll ej angiven”, {DECIDED}",
                        risk.nr
                    ),
                )
                .at(&risk.at)
                .risk(risk.nr)
                .field("kontroll")
                .hint(format!(
                    "lägg till kontroll: med kontrollmoment och kontrollaktivitet, {OR_PROPOSAL}"
                )),
            );
        }
    }
    diags
}

/// The gaps of a decided T2: a risk the report shows a block for that the
/// follow-up does not report on.
pub fn t2_gaps(path: &Path, plan: &Plan, scored: &Scored, t2: &T2) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if !t2.standing.is_decided() {
        return diags;
    }
    let shown = match t2.scope {
        T2Scope::Kritiska => critical_risks(plan, scored),
        T2Scope::Alla => scored.ikp.clone(),
    };
    for index in shown {
        if t2.items.iter().any(|i| i.risk == index) {
            continue;
        }
        let nr = plan.risks[index].nr;
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "risk {nr} har ett block i rapporten som skriver ”ej rapporterad i uppföljningen”, {DECIDED}"
                ),
            )
            .at(&t2.standing.at)
            .risk(nr)
            .field("risker")
            .hint(format!(
                "lägg till risken under risker: med nr: {nr} och följer_plan:, {OR_PROPOSAL}"
            )),
        );
    }
    diags
}
