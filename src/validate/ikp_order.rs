//! The internkontrollplan's own grouping and order (`ikp: processer:`),
//! when the plan's IKP groups its risks otherwise than its VoR: every IKP
//! risk named once, by nr, and nothing else.

use std::path::Path;

use serde_saphyr::Spanned;

use super::plan::{Place, Risk, RiskModel};
use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model::{GoalDef, IkpSettings, ProcessDef, RiskEntry};

/// The places of the IKP's own grouping, or `None` when it has none.
pub fn ikp_places(
    path: &Path,
    settings: &IkpSettings,
    risks: &[Risk],
    model: &RiskModel,
    diags: &mut Diagnostics,
) -> Option<Vec<Place>> {
    let mut walk = Walk {
        path,
        risks,
        model,
        diags,
        places: Vec::new(),
    };
    match (&settings.mal, &settings.processer) {
        (None, None) => return None,
        (Some(goals), None) => {
            for goal in &goals.value {
                for process in &goal.processer {
                    walk.process(Some(goal.mal.value.trim()), process);
                }
            }
        }
        (None, Some(processes)) => {
            for process in &processes.value {
                walk.process(None, process);
            }
        }
        (Some(goals), Some(_)) => {
            walk.diags.push(
                Diagnostic::error(path, "ikp har både mål och processer")
                    .at(goals)
                    .field(KeyPath::new("ikp"))
                    .hint("välj en gruppering för internkontrollplanen"),
            );
            return None;
        }
    }
    walk.every_ikp_risk_listed(settings);
    Some(walk.places)
}

struct Walk<'a> {
    path: &'a Path,
    risks: &'a [Risk],
    model: &'a RiskModel,
    diags: &'a mut Diagnostics,
    places: Vec<Place>,
}

impl Walk<'_> {
    fn process(&mut self, mal: Option<&str>, def: &ProcessDef) {
        let process = Some(def.process.value.trim().to_owned());
        for sub in def.delprocesser.iter().flatten() {
            let delprocess = Some(sub.delprocess.value.trim().to_owned());
            for entry in &sub.risker {
                self.entry(mal, &process, &delprocess, entry);
            }
        }
        for entry in def.risker.iter().flatten() {
            self.entry(mal, &process, &None, entry);
        }
    }

    fn entry(
        &mut self,
        mal: Option<&str>,
        process: &Option<String>,
        delprocess: &Option<String>,
        entry: &RiskEntry,
    ) {
        let nr = entry.nr.value;
        let field = || KeyPath::new("ikp").key("processer");
        let error = |message: String, hint: &str| {
            Diagnostic::error(self.path, message)
                .at(&entry.nr)
                .risk(nr.clamp(0, u32::MAX as i64) as u32)
                .field(field())
                .hint(hint)
        };
        if !entry.is_reference() {
            let d = error(
                format!("risk {nr} skrivs ut i internkontrollplanens gruppering"),
                "internkontrollplanens gruppering nämner bara riskernas nummer (- nr: 7); skriv risken under processer:",
            );
            self.diags.push(d);
            return;
        }
        let Some(index) = self.risks.iter().position(|r| i64::from(r.nr) == nr) else {
            let d = error(format!("risk {nr} finns inte i planen"), "rätta numret");
            self.diags.push(d);
            return;
        };
        if !self.model.takes_to_ikp(&self.risks[index]) {
            let d = error(
                format!("risk {nr} går inte till internkontrollplanen"),
                "ta bort risken ur internkontrollplanens gruppering, eller ange ikp: ja på risken",
            );
            self.diags.push(d);
            return;
        }
        if self.places.iter().any(|p| p.risk == index) {
            let d = error(
                format!("risk {nr} står två gånger i internkontrollplanens gruppering"),
                "ta bort den ena",
            );
            self.diags.push(d);
            return;
        }
        self.places.push(Place {
            mal: mal.map(str::to_owned),
            process: process.clone(),
            delprocess: delprocess.clone(),
            risk: index,
        });
    }

    fn every_ikp_risk_listed(&mut self, settings: &IkpSettings) {
        let missing: Vec<String> = self
            .risks
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                self.model.takes_to_ikp(r) && !self.places.iter().any(|p| p.risk == *i)
            })
            .map(|(_, r)| r.nr.to_string())
            .collect();
        if missing.is_empty() {
            return;
        }
        let at: Option<&dyn crate::diag::Located> = settings
            .processer
            .as_ref()
            .map(|p| p as &dyn crate::diag::Located)
            .or(settings
                .mal
                .as_ref()
                .map(|m: &Spanned<Vec<GoalDef>>| m as _));
        let mut d = Diagnostic::error(
            self.path,
            format!(
                "internkontrollplanens gruppering saknar {} som går till planen: {}",
                crate::swedish::agree(missing.len(), "risken", "riskerna"),
                crate::swedish::join(&missing)
            ),
        )
        .field(KeyPath::new("ikp"))
        .hint("lägg till - nr: N för varje risk i planen, där den ska stå");
        if let Some(at) = at {
            d = d.at(at);
        }
        self.diags.push(d);
    }
}
