//! The risks of a plan: their grouping (mål → process → delprocess), each
//! risk defined once and referred to by nr elsewhere, ratings on the model's
//! scale, and the IKP rule's demands (motivering, kontroll).

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::actions;
use super::plan::{Control, IkpRule, IkpThreshold, Place, Rating, Risk, RiskModel};
use crate::diag::{Diagnostic, Diagnostics, KeyPath, Located};
use crate::model::{self as input, JaNej, ProcessDef, RiskEntry};

/// Checks the risks of `file` against `model` (when usable): every risk once,
/// in the order first defined, and every place it is listed.
pub fn check(
    path: &Path,
    file: &input::PlanFile,
    model: Option<&RiskModel>,
    diags: &mut Diagnostics,
) -> (Vec<Risk>, Vec<Place>) {
    let mut checker = Checker {
        path,
        diags,
        model,
        risks: Vec::new(),
        by_nr: HashMap::new(),
        places: Vec::new(),
        references: Vec::new(),
        unrated: Vec::new(),
    };
    checker.groups(file);
    checker.resolve_references();
    checker.check_ikp();
    checker.warn_unrated();
    (checker.risks, checker.places)
}

struct Checker<'a> {
    path: &'a Path,
    diags: &'a mut Diagnostics,
    model: Option<&'a RiskModel>,
    risks: Vec<Risk>,
    by_nr: HashMap<u32, (usize, RiskEntry)>,
    places: Vec<Place>,
    /// Places that only name a nr, resolved once every risk is known.
    references: Vec<(usize, Spanned<i64>)>,
    /// The risks without a rating, with their places: one warning for all.
    unrated: Vec<(u32, (u64, u64))>,
}

impl Checker<'_> {
    fn error(&self, at: &dyn Located, message: String) -> Diagnostic {
        Diagnostic::error(self.path, message).at(at)
    }

    /// An error when the list under `key` is `empty`.
    fn not_empty(&mut self, list: &dyn Located, empty: bool, key: &str) {
        if empty {
            let d = self.error(list, format!("listan {key} är tom")).field(key);
            self.diags.push(d);
        }
    }

    fn groups(&mut self, file: &input::PlanFile) {
        let given = [
            file.mal.is_some(),
            file.processer.is_some(),
            file.risker.is_some(),
        ];
        if given.iter().filter(|g| **g).count() > 1 {
            self.diags.push(
                Diagnostic::error(self.path, "filen har fler än en av mål, processer och risker på översta nivån")
                    .hint("välj en gruppering: mål: → processer:, processer: direkt, eller risker: utan gruppering"),
            );
            return;
        }
        if let Some(risks) = &file.risker {
            self.not_empty(risks, risks.value.is_empty(), "risker");
            for entry in &risks.value {
                self.entry(None, None, &None, entry);
            }
            return;
        }
        match (&file.mal, &file.processer) {
            (Some(goals), None) => {
                self.not_empty(goals, goals.value.is_empty(), "mål");
                for goal in &goals.value {
                    for process in &goal.processer {
                        self.process(Some(goal.mal.value.trim()), process);
                    }
                }
            }
            (None, Some(processes)) => {
                self.not_empty(processes, processes.value.is_empty(), "processer");
                for process in &processes.value {
                    self.process(None, process);
                }
            }
            (Some(_), Some(_)) => {}
            (None, None) => {
                self.diags
                    .push(Diagnostic::error(self.path, "filen har inga risker").hint(
                    "lista riskerna under processer:, mål: → processer: eller risker:, se docs/writing.md#gruppering",
                ))
            }
        }
    }

    fn process(&mut self, mal: Option<&str>, def: &ProcessDef) {
        let process = def.process.value.trim().to_owned();
        match (&def.delprocesser, &def.risker) {
            (Some(subs), None) => {
                for sub in subs {
                    let delprocess = Some(sub.delprocess.value.trim().to_owned());
                    for entry in &sub.risker {
                        self.entry(mal, Some(&process), &delprocess, entry);
                    }
                }
            }
            (None, Some(risks)) => {
                for entry in risks {
                    self.entry(mal, Some(&process), &None, entry);
                }
            }
            (Some(_), Some(_)) => {
                let d = self
                    .error(
                        &def.process,
                        format!("processen ”{process}” har både delprocesser och risker"),
                    )
                    .field("process")
                    .hint("lägg riskerna under en delprocess, eller ta bort delprocesser:");
                self.diags.push(d);
            }
            (None, None) => {
                let d = self
                    .error(
                        &def.process,
                        format!("processen ”{process}” har inga risker"),
                    )
                    .field("process")
                    .hint("lägg till risker: eller delprocesser: med risker");
                self.diags.push(d);
            }
        }
    }

    fn entry(
        &mut self,
        mal: Option<&str>,
        process: Option<&str>,
        delprocess: &Option<String>,
        entry: &RiskEntry,
    ) {
        let place = Place {
            mal: mal.map(str::to_owned),
            process: process.map(str::to_owned),
            delprocess: delprocess.clone(),
            risk: usize::MAX,
        };
        let Some(nr) = self.check_nr(&entry.nr) else {
            return;
        };
        if entry.is_reference() {
            self.places.push(place);
            self.references
                .push((self.places.len() - 1, entry.nr.clone()));
            return;
        }
        if let Some((index, first)) = self.by_nr.get(&nr) {
            let index = *index;
            if !first.same_content(entry) {
                let d = self
                    .error(&entry.nr, format!("risk {nr} står två gånger med olika innehåll"))
                    .risk(nr)
                    .field("nr")
                    .hint(format!(
                        "risken definierades redan på rad {}; skriv den fullt ut en gång och bara ”- nr: {nr}” på övriga platser, eller ge den ett eget nummer",
                        first.nr.referenced.line()
                    ));
                self.diags.push(d);
            }
            self.places.push(Place {
                risk: index,
                ..place
            });
            return;
        }
        let risk = self.risk(nr, entry);
        self.risks.push(risk);
        let index = self.risks.len() - 1;
        self.by_nr.insert(nr, (index, entry.clone()));
        self.places.push(Place {
            risk: index,
            ..place
        });
    }

    fn check_nr(&mut self, nr: &Spanned<i64>) -> Option<u32> {
        if (1..=999_999).contains(&nr.value) {
            return Some(nr.value as u32);
        }
        let d = self
            .error(nr, format!("riskens nummer {} är inte tillåtet", nr.value))
            .field("nr")
            .hint("ange ett positivt heltal (1, 2, 3 …)");
        self.diags.push(d);
        None
    }

    fn risk(&mut self, nr: u32, entry: &RiskEntry) -> Risk {
        let title = entry.risk.clone().unwrap_or_default();
        if title.trim().is_empty() {
            let d = self
                .error(&entry.nr, format!("risk {nr} saknar text"))
                .risk(nr)
                .field("risk")
                .hint("ange den oönskade händelsen under risk:, eller skriv bara ”- nr: N” för att hänvisa till en risk som står på annan plats");
            self.diags.push(d);
        }
        let rating = self.rating(nr, entry);
        if let (Some(_), Some(list)) = (&entry.kontroll, &entry.kontroller) {
            let d = self
                .error(list, format!("risk {nr} har både kontroll och kontroller"))
                .risk(nr)
                .field("kontroller")
                .hint("skriv en kontroll under kontroll:, eller flera under kontroller:");
            self.diags.push(d);
        }
        let controls = entry
            .kontroll
            .iter()
            .chain(entry.kontroller.iter().flat_map(|k| k.value.iter()))
            .map(|c| Control {
                moment: c.kontrollmoment.clone(),
                activity: c.kontrollaktivitet.clone(),
                responsible: c.ansvarig.clone(),
                when: c.tidpunkt.clone(),
                reporting: c.rapportering.clone(),
            })
            .collect();
        let actions = entry
            .atgarder
            .iter()
            .flatten()
            .map(|a| actions::action(self.path, nr, KeyPath::new("åtgärder"), a, self.diags))
            .collect();
        Risk {
            rating,
            controls,
            actions,
            previous_nr: self.previous_nr(nr, entry),
            ..Risk::as_written(nr, title.trim(), entry)
        }
    }

    /// `tidigare_nr`, a positive number; and a warning when `omprövas` says
    /// the rating is last year's, until the nämnd has looked at it again.
    fn previous_nr(&mut self, nr: u32, entry: &RiskEntry) -> Option<(u32, (u64, u64))> {
        if let Some(flag) = entry.omprovas.as_ref().filter(|f| f.value == JaNej::Ja) {
            self.diags.push(
                Diagnostic::warning(
                    self.path,
                    format!("risk {nr}: värderingen är förra årets och ska omprövas"),
                )
                .at(flag)
                .risk(nr)
                .field("omprövas")
                .hint(
                    "bedöm sannolikhet och konsekvens på nytt och ta sedan bort raden omprövas: ja",
                ),
            );
        }
        let given = entry.tidigare_nr.as_ref()?;
        match u32::try_from(given.value) {
            Ok(previous) if previous > 0 => Some((previous, given.place())),
            _ => {
                let d = self
                    .error(
                        given,
                        format!(
                            "tidigare_nr {} för risk {nr} är inget risknummer",
                            given.value
                        ),
                    )
                    .risk(nr)
                    .field("tidigare_nr")
                    .hint("ange riskens nummer i föregående års plan, ett positivt heltal");
                self.diags.push(d);
                None
            }
        }
    }

    fn rating(&mut self, nr: u32, entry: &RiskEntry) -> Option<Rating> {
        let model = self.model?;
        match (&entry.sannolikhet, &entry.konsekvens) {
            (Some(s), Some(k)) => {
                let likelihood = self.on_scale(
                    nr,
                    s,
                    "sannolikhet",
                    &model.likelihood_labels,
                    model.scale.likelihood,
                );
                let consequence = self.on_scale(
                    nr,
                    k,
                    "konsekvens",
                    &model.consequence_labels,
                    model.scale.consequence,
                );
                Some(Rating {
                    likelihood: likelihood?,
                    consequence: consequence?,
                })
            }
            (None, None) => {
                self.unrated.push((nr, entry.nr.place()));
                None
            }
            (Some(given), None) | (None, Some(given)) => {
                let missing = if entry.sannolikhet.is_none() {
                    "sannolikhet"
                } else {
                    "konsekvens"
                };
                let d = self
                    .error(
                        given,
                        format!("risk {nr} har bara en av sannolikhet och konsekvens"),
                    )
                    .risk(nr)
                    .field(missing)
                    .hint(format!(
                        "ange även {missing}, eller ta bort båda för en risk som inte är värderad"
                    ));
                self.diags.push(d);
                None
            }
        }
    }

    fn on_scale(
        &mut self,
        nr: u32,
        value: &Spanned<i64>,
        key: &str,
        labels: &[String],
        scale: u8,
    ) -> Option<u8> {
        if (1..=scale as i64).contains(&value.value) {
            return Some(value.value as u8);
        }
        let steps: Vec<String> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {l}", i + 1))
            .collect();
        let d = self
            .error(
                value,
                format!(
                    "{key} {} för risk {nr} ligger utanför skalan 1–{scale}",
                    value.value
                ),
            )
            .risk(nr)
            .field(key)
            .hint(format!("tillåtna värden: {}", steps.join(", ")));
        self.diags.push(d);
        None
    }

    /// One warning for the risks without a rating: the reports show them as
    /// "ej värderad" and leave them out of the matrix and the counts.
    fn warn_unrated(&mut self) {
        let (nrs, places): (Vec<u32>, Vec<(u64, u64)>) = self.unrated.iter().copied().unzip();
        let d = match nrs.as_slice() {
            [] => return,
            [nr] => Diagnostic::warning(
                self.path,
                format!("risk {nr} är inte värderad och räknas inte med i matrisen eller summorna"),
            )
            .risk(*nr)
            .hint("ange sannolikhet och konsekvens när risken är bedömd; rapporterna visar den som ”ej värderad”"),
            many => {
                let list: Vec<String> = many.iter().map(u32::to_string).collect();
                Diagnostic::warning(
                    self.path,
                    format!(
                        "{} risker är inte värderade och räknas inte med i matrisen eller summorna: {}",
                        many.len(),
                        crate::swedish::join(&list)
                    ),
                )
                .hint("ange sannolikhet och konsekvens när riskerna är bedömda; rapporterna visar dem som ”ej värderad”")
            }
        };
        self.diags.push(d.at(&places[0]));
    }

    fn resolve_references(&mut self) {
        for (place, nr) in std::mem::take(&mut self.references) {
            let value = nr.value as u32;
            match self.by_nr.get(&value) {
                Some((index, _)) => self.places[place].risk = *index,
                None => {
                    let d = self
                        .error(&nr, format!("hänvisningen till risk {value} går inte att lösa: ingen risk har det numret"))
                        .risk(value)
                        .field("nr")
                        .hint(format!("skriv risk {value} fullt ut (med risk:, sannolikhet: och konsekvens:) på ett ställe i filen, eller rätta numret"));
                    self.diags.push(d);
                }
            }
        }
        self.places.retain(|p| p.risk != usize::MAX);
    }

    /// The IKP rule's demands: a motivering for a risk kept out, a control
    /// for a risk taken in. A risk with an error of its own is left alone,
    /// so that its error is not followed by warnings that follow from it.
    fn check_ikp(&mut self) {
        let Some(model) = self.model else { return };
        let faulty: Vec<u32> = self
            .diags
            .0
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.risk)
            .collect();
        for risk in self.risks.iter().filter(|r| !faulty.contains(&r.nr)) {
            let at = &self.by_nr[&risk.nr].1.nr;
            let unexplained = risk
                .motivation
                .as_deref()
                .is_none_or(|m| m.trim().is_empty());
            if let (Some(rating), Some(false)) = (risk.rating, risk.ikp_choice)
                && model.reaches_ikp_threshold(rating)
                && unexplained
            {
                // Name what the rule looks at: the riskvärde or the level.
                let measure = match model.ikp_rule {
                    IkpRule::Automatic(IkpThreshold::Level(_)) => {
                        format!("risknivå {}", model.levels[model.level_of(rating)].name)
                    }
                    _ => format!("riskvärde {}", rating.value()),
                };
                self.diags.push(
                        Diagnostic::error(self.path, format!(
                            "risk {} har {measure} och går automatiskt till internkontrollplanen, men ikp: nej saknar motivering",
                            risk.nr
                        ))
                        .at(at)
                        .risk(risk.nr)
                        .field("motivering")
                        .hint("skriv varför risken hålls utanför planen under motivering:, eller ta bort ikp: nej"),
                    );
                continue;
            }
            let in_ikp = model.takes_to_ikp(risk);
            match (in_ikp, risk.controls.first()) {
                (true, None) if risk.review_method.is_none() => self.diags.push(
                    Diagnostic::warning(self.path, format!(
                        "risk {} går till internkontrollplanen men saknar kontroll; planen visar ”kontroll ej angiven”",
                        risk.nr
                    ))
                    .at(at)
                    .risk(risk.nr)
                    .field("kontroll")
                    .hint("lägg till kontroll: med kontrollmoment och kontrollaktivitet"),
                ),
                (false, Some(_)) => self.diags.push(
                    Diagnostic::warning(self.path, format!(
                        "risk {} har en kontroll men går inte till internkontrollplanen; kontrollen visas inte",
                        risk.nr
                    ))
                    .at(at)
                    .risk(risk.nr)
                    .field("kontroll"),
                ),
                _ => {}
            }
        }
    }
}
