//! Checks a follow-up against its plan: every nr it names is an IKP risk of
//! the plan and named once, dates are real, and every IKP control is
//! reported at VB. T2 and VB share one path; only their entries differ.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use super::dates::checked_date;
use super::fields::sections;
use super::plan::{Action, FollowsPlan, Outcome, Plan, Section, T2Scope, Verdict};
use super::standing::{Decided, Standing};
use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model::{AssumedKey, DecisionDef, FollowUpFile, JaNej, Status, T2File, VbFile};

/// A checked follow-up.
#[derive(Debug, Clone)]
pub enum FollowUp {
    T2(T2),
    Vb(Vb),
}

impl FollowUp {
    /// The follow-up's own date.
    pub fn date(&self) -> NaiveDate {
        match self {
            FollowUp::T2(t2) => t2.date,
            FollowUp::Vb(vb) => vb.date,
        }
    }
}

/// A checked T2 follow-up.
#[derive(Debug, Clone)]
pub struct T2 {
    /// The follow-up's own standing; an example too when its plan is one.
    pub standing: Standing,
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
    /// The answer is assumed, not the source's (`antaget: ja`).
    pub assumed: bool,
    pub comment: Option<String>,
}

/// A checked VB follow-up.
#[derive(Debug, Clone)]
pub struct Vb {
    /// The follow-up's own standing; an example too when its plan is one.
    pub standing: Standing,
    pub date: NaiveDate,
    pub sections: Vec<Section>,
    pub items: Vec<VbItem>,
    pub comments: Option<String>,
    pub verdict: Verdict,
    /// The verdict is assumed, not the source's (`antaget: ja`).
    pub verdict_assumed: bool,
    pub grounds: String,
}

/// One result of a control in the VB (a control may report several, each
/// under its own heading).
#[derive(Debug, Clone)]
pub struct VbItem {
    /// Index into `plan.risks`.
    pub risk: usize,
    /// Index into that risk's controls.
    pub control: usize,
    /// `None` while the control is not yet assessed ("ej bedömd").
    pub outcome: Option<Outcome>,
    pub heading: Option<String>,
    pub text: Option<String>,
    pub actions: Vec<Action>,
    /// The result is assumed, not the source's (`antaget: ja`).
    pub assumed: bool,
}

/// The plan file a follow-up at `path` names.
pub fn plan_path(path: &Path, plan: &str) -> PathBuf {
    path.parent().unwrap_or(Path::new(".")).join(plan)
}

/// Checks the follow-up in `path` against its plan.
pub fn validate_follow_up(
    path: &Path,
    file: &FollowUpFile,
    plan: &Plan,
) -> (Option<FollowUp>, Diagnostics) {
    let mut check = Check {
        path,
        plan,
        diags: Diagnostics::default(),
        seen: Vec::new(),
    };
    let date = checked_date(
        path,
        file.datum(),
        KeyPath::new("datum"),
        None,
        &mut check.diags,
    );
    let sections = sections(
        path,
        file.avsnitt(),
        KeyPath::new("avsnitt"),
        &mut check.diags,
    );
    let follow_up = match file {
        FollowUpFile::T2(file) => check.t2(file, date, sections).map(FollowUp::T2),
        FollowUpFile::Vb(file) => check.vb(file, date, sections).map(FollowUp::Vb),
    };
    let follow_up = follow_up.filter(|_| !check.diags.has_errors());
    (follow_up, check.diags)
}

/// One follow-up being checked: the risks it has named so far.
struct Check<'a> {
    path: &'a Path,
    plan: &'a Plan,
    diags: Diagnostics,
    seen: Vec<usize>,
}

impl Check<'_> {
    fn t2(&mut self, file: &T2File, date: Option<NaiveDate>, sections: Vec<Section>) -> Option<T2> {
        let year = self.plan.meta.ar;
        let items = file
            .risker
            .iter()
            .filter_map(|entry| {
                Some(T2Item {
                    risk: self.ikp_risk(&entry.nr, false)?,
                    area: entry.ansvarsomrade.clone(),
                    activities: entry.befintliga_aktiviteter.clone(),
                    handling: entry.planerad_hantering.clone(),
                    follows: entry.foljer_plan.value,
                    assumed: entry.antaget == Some(JaNej::Ja),
                    comment: entry.kommentar.clone(),
                })
            })
            .collect();
        Some(T2 {
            standing: self.standing(
                file.status.as_ref(),
                file.beslut.as_ref(),
                file.exempel.as_ref(),
                &file.antagna,
                // A T2 is decided in its own year.
                &Decided {
                    years: year..=year,
                    ..Decided::report(date, year, "en uppföljning i tertialrapport 2")
                },
            ),
            date: date?,
            period: file.period.clone(),
            scope: file.visa.unwrap_or(T2Scope::Kritiska),
            sections,
            items,
        })
    }

    /// The follow-up's standing; an example too when its plan is one.
    fn standing(
        &mut self,
        status: Option<&Spanned<Status>>,
        beslut: Option<&Spanned<DecisionDef>>,
        exempel: Option<&Spanned<JaNej>>,
        antagna: &[Spanned<AssumedKey>],
        document: &Decided,
    ) -> Standing {
        // A follow-up's reports carry its plan's dnr, nämnd and förvaltning.
        let meta = &self.plan.meta;
        let assumed = super::standing::assumed(
            self.path,
            antagna,
            |key| match key {
                AssumedKey::Diarienummer => meta.diarienummer.is_some(),
                AssumedKey::Forvaltning => meta.forvaltning.is_some(),
                AssumedKey::Kommun => meta.kommun.is_some(),
                AssumedKey::Datum | AssumedKey::Namnd => true,
                AssumedKey::Beslutsdatum => false,
            },
            &mut self.diags,
        );
        Standing {
            assumed,
            ..super::standing::standing(
                self.path,
                status,
                beslut,
                exempel,
                document,
                &mut self.diags,
            )
        }
        .with_example_of(&self.plan.meta.standing)
    }

    fn vb(&mut self, file: &VbFile, date: Option<NaiveDate>, sections: Vec<Section>) -> Option<Vb> {
        let standing = self.standing(
            file.status.as_ref(),
            file.beslut.as_ref(),
            file.exempel.as_ref(),
            &file.antagna,
            &Decided::report(date, self.plan.meta.ar, "en verksamhetsberättelse"),
        );
        let mut items: Vec<VbItem> = Vec::new();
        for entry in &file.kontroller {
            let Some(risk) = self.ikp_risk(&entry.nr, true) else {
                continue;
            };
            let Some(control) = self.control(risk, entry) else {
                continue;
            };
            let nr = self.plan.risks[risk].nr;
            let earlier: Vec<&VbItem> = items
                .iter()
                .filter(|i| i.risk == risk && i.control == control)
                .collect();
            let headed = entry.rubrik.as_ref().is_some_and(|r| !r.trim().is_empty())
                && earlier
                    .iter()
                    .all(|i| i.heading.is_some() && i.heading != entry.rubrik);
            if !earlier.is_empty() && !headed {
                self.diags.push(
                    Diagnostic::error(
                        self.path,
                        format!("kontrollen för risk {nr} följs upp två gånger"),
                    )
                    .at(&entry.nr)
                    .risk(nr)
                    .field("nr")
                    .hint("samla uppföljningen i en post, eller ge varje resultat en egen rubrik:"),
                );
                continue;
            }
            let actions = entry
                .forbattringsatgarder
                .iter()
                .map(|a| {
                    super::actions::action(
                        self.path,
                        nr,
                        KeyPath::new("förbättringsåtgärder"),
                        a,
                        &mut self.diags,
                    )
                })
                .collect();
            items.push(VbItem {
                risk,
                control,
                outcome: entry.resultat.as_ref().map(|r| r.value),
                heading: entry.rubrik.clone(),
                text: entry.resultattext.clone(),
                actions,
                assumed: entry.antaget == Some(JaNej::Ja),
            });
        }
        for (index, risk) in self.plan.risks.iter().enumerate() {
            if !self.plan.model.takes_to_ikp(risk) {
                continue;
            }
            for control in 0..risk.controls.len().max(1) {
                if items
                    .iter()
                    .any(|i| i.risk == index && i.control == control)
                {
                    continue;
                }
                let which = if risk.controls.len() > 1 {
                    format!("kontroll {} för risk {}", control + 1, risk.nr)
                } else {
                    format!("kontrollen för risk {}", risk.nr)
                };
                let message = format!(
                    "{which} i internkontrollplanen är inte rapporterad; rapporten visar ”ej rapporterad”"
                );
                // A decided verksamhetsberättelse may not print a gap.
                let d = if standing.is_decided() {
                    Diagnostic::error(self.path, format!("{message}, men dokumentet är beslutat"))
                        .at(&standing.at)
                        .hint("lägg till kontrollens resultat under kontroller:, eller skriv status: förslag tills uppföljningen är komplett")
                } else {
                    Diagnostic::warning(self.path, message)
                        .hint("lägg till kontrollens resultat under kontroller:")
                };
                self.diags.push(d.risk(risk.nr).field("kontroller"));
            }
        }
        let (verdict, grounds) = match &file.bedomning {
            Some(j) if j.value.grund.trim().is_empty() => {
                self.diags.push(
                    Diagnostic::error(self.path, "bedömningen saknar grund")
                        .at(j)
                        .field(KeyPath::new("bedömning").key("grund"))
                        .hint("skriv vad nämndens bedömning grundar sig på"),
                );
                return None;
            }
            Some(j) => (j.value.omdome, j.value.grund.clone()),
            None => {
                self.diags.push(
                    Diagnostic::error(self.path, "nämndens bedömning av den interna kontrollen saknas")
                        .field("bedömning")
                        .hint("ange bedömning: med omdöme: tillräcklig, delvis tillräcklig eller otillräcklig, och grund:"),
                );
                return None;
            }
        };
        Some(Vb {
            standing,
            date: date?,
            sections,
            items,
            comments: file.kommentarer.clone(),
            verdict,
            verdict_assumed: file
                .bedomning
                .as_ref()
                .is_some_and(|j| j.value.antaget == Some(JaNej::Ja)),
            grounds,
        })
    }

    /// Which of the risk's controls an entry reports on: `kontroll: N`, or
    /// the only one.
    fn control(&mut self, risk: usize, entry: &crate::model::VbEntry) -> Option<usize> {
        let count = self.plan.risks[risk].controls.len().max(1);
        let nr = self.plan.risks[risk].nr;
        match &entry.kontroll {
            None if count == 1 => Some(0),
            None => {
                self.diags.push(
                    Diagnostic::error(
                        self.path,
                        format!("risk {nr} har {count} kontroller; ange vilken som följs upp"),
                    )
                    .at(&entry.nr)
                    .risk(nr)
                    .field("kontroll")
                    .hint(format!("skriv kontroll: 1 … {count} i posten")),
                );
                None
            }
            Some(n) if (1..=count as i64).contains(&n.value) => Some(n.value as usize - 1),
            Some(n) => {
                self.diags.push(
                    Diagnostic::error(
                        self.path,
                        format!("risk {nr} har ingen kontroll {}", n.value),
                    )
                    .at(n)
                    .risk(nr)
                    .field("kontroll")
                    .hint(format!("risken har kontroll 1 … {count} i planen")),
                );
                None
            }
        }
    }

    /// The index of the IKP risk with this nr (named for the first time in
    /// this follow-up, unless `again` allows it), or an error saying why not.
    fn ikp_risk(&mut self, nr: &Spanned<i64>, again: bool) -> Option<usize> {
        let plan = self.plan;
        let risk_nr = nr.value.clamp(0, u32::MAX as i64) as u32;
        let error = |message: String, hint: String| {
            Diagnostic::error(self.path, message)
                .at(nr)
                .risk(risk_nr)
                .field("nr")
                .hint(hint)
        };
        let found = plan.risks.iter().position(|r| i64::from(r.nr) == nr.value);
        match found {
            Some(index) if !again && self.seen.contains(&index) => {
                self.diags.push(error(
                    format!("risk {} följs upp två gånger", nr.value),
                    "samla uppföljningen av risken i en post".into(),
                ));
                None
            }
            Some(index) if plan.model.takes_to_ikp(&plan.risks[index]) => {
                self.seen.push(index);
                Some(index)
            }
            Some(_) => {
                self.diags.push(error(
                    format!(
                        "risk {} finns i planen men inte i internkontrollplanen",
                        nr.value
                    ),
                    "en uppföljning gäller bara risker som går till internkontrollplanen".into(),
                ));
                None
            }
            None => {
                self.diags.push(error(
                    format!("risk {} finns inte i planen", nr.value),
                    format!("planen är {}; rätta numret", plan.source.display()),
                ));
                None
            }
        }
    }
}
