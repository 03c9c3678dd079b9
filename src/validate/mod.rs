//! Loaded → validated: checks a plan and its risk model and returns every
//! problem at once, each with file, line, risk and field.

mod actions;
pub mod followup;
mod model;
pub mod plan;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_saphyr::Spanned;

pub use model::{Located, parse_color, validate_model};
pub use plan::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{self as input, JaNej, LoadedPlan, ProcessDef, RiskEntry};

/// Checks a loaded plan. Returns the plan when there is no error, and all
/// diagnostics (errors and warnings) either way.
pub fn validate(loaded: &LoadedPlan) -> (Option<Plan>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let model = validate_model(&loaded.model_path, &loaded.model, &mut diags);
    let mut checker = Checker {
        path: &loaded.path,
        diags: &mut diags,
        model: model.as_ref(),
        risks: Vec::new(),
        by_nr: HashMap::new(),
        places: Vec::new(),
        references: Vec::new(),
    };
    let file = &loaded.plan;
    let meta = checker.meta(file);
    checker.groups(file);
    checker.resolve_references();
    checker.check_ikp();
    let Checker { risks, places, .. } = checker;
    let vor = VorSettings {
        sections: sections(&file.vor.avsnitt),
        columns: columns(
            &loaded.path,
            &file.vor.kolumner,
            default_vor_columns(),
            "vor",
            &mut diags,
        ),
    };
    let ikp = IkpSettings {
        heading: file.ikp.rubrik.clone(),
        sections: sections(&file.ikp.avsnitt),
        columns: columns(
            &loaded.path,
            &file.ikp.kolumner,
            default_ikp_columns(),
            "ikp",
            &mut diags,
        ),
        numbering: file.ikp.numrering.unwrap_or(Numbering::Vor),
    };
    let riskbild = RiskPictureSettings {
        heading: file
            .riskbild
            .as_ref()
            .and_then(|r| r.rubrik.clone())
            .unwrap_or_else(|| "Samlad riskbild och Åtgärdsplan".into()),
        sections: file
            .riskbild
            .as_ref()
            .map(|r| sections(&r.avsnitt))
            .unwrap_or_default(),
    };
    let bundle = bundle_settings(&loaded.path, file, file.ar.value, &mut diags);
    let reports = match &file.rapporter {
        Some(list) => {
            if list.is_empty() {
                diags.push(
                    Diagnostic::error(&loaded.path, "listan rapporter är tom")
                        .field("rapporter")
                        .hint("ange minst en av vor, ikp, riskbild och verksamhetsplan, eller ta bort rapporter: för standardvalet"),
                );
            }
            let mut unique = list.clone();
            unique.dedup();
            unique
        }
        None => {
            let mut reports = vec![PlanReport::Vor, PlanReport::Ikp];
            if file.riskbild.is_some() {
                reports.push(PlanReport::Riskbild);
            }
            if file.verksamhetsplan.is_some() {
                reports.push(PlanReport::Verksamhetsplan);
            }
            reports
        }
    };
    let labels = GroupLabels {
        mal: file
            .benamningar
            .mal
            .clone()
            .unwrap_or_else(|| "KF:s mål".into()),
        process: file
            .benamningar
            .process
            .clone()
            .unwrap_or_else(|| "Process".into()),
        delprocess: file
            .benamningar
            .delprocess
            .clone()
            .unwrap_or_else(|| "Delprocess".into()),
    };
    let plan = match (diags.has_errors(), model, meta) {
        (false, Some(model), Some(meta)) => Some(Plan {
            source: loaded.path.clone(),
            inputs: if loaded.model_path == loaded.path {
                vec![loaded.path.clone()]
            } else {
                vec![loaded.path.clone(), loaded.model_path.clone()]
            },
            meta,
            model,
            labels,
            vor,
            ikp,
            riskbild,
            bundle,
            reports,
            risks,
            places,
        }),
        _ => None,
    };
    (plan, diags)
}

/// The VoR columns when the data names none.
pub fn default_vor_columns() -> Vec<VorColumn> {
    use VorColumn::*;
    vec![Nr, Risk, Sannolikhet, Konsekvens, Riskvarde, Ikp]
}

/// The IKP columns when the data names none.
pub fn default_ikp_columns() -> Vec<IkpColumn> {
    use IkpColumn::*;
    vec![
        Nr,
        Risk,
        Riskniva,
        Kontroll,
        Ansvarig,
        Tidpunkt,
        Rapportering,
    ]
}

/// Text sections, with their subsections (none expected: see `nested_sections`).
pub(crate) fn sections(defs: &[input::SectionDef]) -> Vec<Section> {
    defs.iter()
        .map(|s| Section {
            heading: s.rubrik.clone(),
            text: s.text.clone(),
            subsections: sections(&s.underavsnitt),
        })
        .collect()
}

/// The deepest a section may nest: section → underavsnitt → underavsnitt.
pub const MAX_SECTION_DEPTH: usize = 3;

/// Text sections that may nest `MAX_SECTION_DEPTH` deep; deeper ones are errors.
fn nested_sections(
    path: &Path,
    defs: &[input::SectionDef],
    field: &str,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    fn check(
        path: &Path,
        defs: &[input::SectionDef],
        field: &str,
        depth: usize,
        diags: &mut Diagnostics,
    ) {
        for def in defs {
            let here = format!("{field} › {}", def.rubrik);
            if def.rubrik.trim().is_empty() {
                diags.push(
                    Diagnostic::error(path, "ett avsnitt saknar rubrik")
                        .field(field)
                        .hint("ge varje avsnitt en rubrik:"),
                );
            }
            if depth == MAX_SECTION_DEPTH && !def.underavsnitt.is_empty() {
                diags.push(
                    Diagnostic::error(
                        path,
                        format!("avsnittet ”{}” har underavsnitt på en fjärde nivå", def.rubrik),
                    )
                    .field(format!("{here} › underavsnitt"))
                    .hint("avsnitt kan ha två nivåer underavsnitt; gör de djupaste rubrikerna till stycken eller listor"),
                );
            }
            check(path, &def.underavsnitt, &here, depth + 1, diags);
        }
    }
    check(path, defs, field, 1, diags);
    sections(defs)
}

/// The bundle's settings, with the cover's default title.
fn bundle_settings(
    path: &Path,
    file: &input::PlanFile,
    year: i64,
    diags: &mut Diagnostics,
) -> BundleSettings {
    let given = file.verksamhetsplan.as_ref();
    BundleSettings {
        heading: given
            .and_then(|b| b.rubrik.clone())
            .unwrap_or_else(|| format!("Verksamhetsplan {year} – intern kontroll")),
        document_type: given.and_then(|b| b.dokumenttyp.clone()),
        decision_date: given
            .and_then(|b| b.beslutsdatum.as_ref())
            .and_then(|d| checked_date(path, d, "verksamhetsplan › beslutsdatum", None, diags)),
        system: given
            .map(|b| {
                nested_sections(
                    path,
                    &b.system_for_intern_kontroll,
                    "verksamhetsplan › system_för_intern_kontroll",
                    diags,
                )
            })
            .unwrap_or_default(),
    }
}

fn columns<C: Copy + PartialEq + std::fmt::Debug>(
    path: &Path,
    given: &Option<Spanned<Vec<C>>>,
    default: Vec<C>,
    report: &str,
    diags: &mut Diagnostics,
) -> Vec<C> {
    let Some(given) = given else { return default };
    let (line, column) = given.place();
    if given.value.is_empty() {
        diags.push(
            Diagnostic::error(path, "tabellen har inga kolumner")
                .at(line, column)
                .field(format!("{report} › kolumner"))
                .hint("ange minst en kolumn, eller ta bort kolumner: för standardvalet"),
        );
    }
    for (i, c) in given.value.iter().enumerate() {
        if given.value[..i].contains(c) {
            diags.push(
                Diagnostic::error(
                    path,
                    format!("kolumnen {c:?} står två gånger").to_lowercase(),
                )
                .at(line, column)
                .field(format!("{report} › kolumner")),
            );
        }
    }
    given.value.clone()
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
}

impl Checker<'_> {
    fn error(&self, at: &dyn Located, message: String) -> Diagnostic {
        let (line, column) = at.place();
        Diagnostic::error(self.path, message).at(line, column)
    }

    fn meta(&mut self, file: &input::PlanFile) -> Option<Meta> {
        let mut ok = true;
        if !(1900..=2200).contains(&file.ar.value) {
            let d = self
                .error(&file.ar, format!("året {} är inte rimligt", file.ar.value))
                .field("år")
                .hint("ange året planen gäller med fyra siffror, t.ex. år: 2026");
            self.diags.push(d);
            ok = false;
        }
        let datum = parse_date(&file.datum.value);
        if datum.is_none() {
            let d = self
                .error(
                    &file.datum,
                    format!("”{}” är inget giltigt datum", file.datum.value),
                )
                .field("datum")
                .hint("skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-12-09");
            self.diags.push(d);
            ok = false;
        }
        for (value, key) in [(&file.kommun, "kommun"), (&file.namnd, "nämnd")] {
            if value.trim().is_empty() {
                self.diags
                    .push(Diagnostic::error(self.path, format!("{key} är tomt")).field(key));
                ok = false;
            }
        }
        Some(Meta {
            kommun: file.kommun.trim().to_owned(),
            namnd: file.namnd.trim().to_owned(),
            forvaltning: file.forvaltning.clone(),
            ar: file.ar.value as i32,
            diarienummer: file.diarienummer.clone(),
            datum: datum?,
        })
        .filter(|_| ok)
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
            if risks.value.is_empty() {
                let d = self
                    .error(risks, "listan risker är tom".into())
                    .field("risker");
                self.diags.push(d);
            }
            for entry in &risks.value {
                self.entry(None, None, &None, entry);
            }
            return;
        }
        match (&file.mal, &file.processer) {
            (Some(goals), None) => {
                if goals.value.is_empty() {
                    let d = self.error(goals, "listan mål är tom".into()).field("mål");
                    self.diags.push(d);
                }
                for goal in &goals.value {
                    for process in &goal.processer {
                        self.process(Some(goal.mal.value.trim()), process);
                    }
                }
            }
            (None, Some(processes)) => {
                if processes.value.is_empty() {
                    let d = self
                        .error(processes, "listan processer är tom".into())
                        .field("processer");
                    self.diags.push(d);
                }
                for process in &processes.value {
                    self.process(None, process);
                }
            }
            (Some(_), Some(_)) => {}
            (None, None) => {
                self.diags
                    .push(Diagnostic::error(self.path, "filen har inga risker").hint(
                    "lista riskerna under processer:, mål: → processer: eller risker:, se README",
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
        let control = entry.kontroll.as_ref().map(|c| Control {
            moment: c.kontrollmoment.clone(),
            activity: c.kontrollaktivitet.clone(),
            responsible: c.ansvarig.clone(),
            when: c.tidpunkt.clone(),
            reporting: c.rapportering.clone(),
        });
        let actions = entry
            .atgarder
            .iter()
            .flatten()
            .map(|a| actions::action(self.path, nr, "åtgärder", a, self.diags))
            .collect();
        Risk {
            controls_exist: entry.finns_kontroller.as_ref().map(|c| c.value),
            existing_controls: entry.befintliga_kontroller.clone(),
            actions_intro: entry.atgarder_inledning.clone(),
            actions,
            follow_up_method: entry.uppfoljningsmetod.clone(),
            review_method: entry.granskningsmetod.clone(),
            nr,
            title: title.trim().to_owned(),
            description: entry.beskrivning.clone(),
            preventive: entry.forebyggande_hantering.clone(),
            direct_actions: entry.direktatgarder.clone(),
            rating,
            ikp_choice: entry.ikp.as_ref().map(|c| c.value == JaNej::Ja),
            motivation: entry.motivering.clone(),
            control,
            line: entry.nr.referenced.line(),
        }
    }

    fn rating(&mut self, nr: u32, entry: &RiskEntry) -> Option<Rating> {
        let model = self.model?;
        match (&entry.sannolikhet, &entry.konsekvens) {
            (Some(s), Some(k)) => {
                let likelihood =
                    self.on_scale(nr, s, "sannolikhet", &model.likelihood_labels, model.scale);
                let consequence =
                    self.on_scale(nr, k, "konsekvens", &model.consequence_labels, model.scale);
                Some(Rating {
                    likelihood: likelihood?,
                    consequence: consequence?,
                })
            }
            (None, None) => {
                let d = Diagnostic::warning(
                    self.path,
                    format!("risk {nr} är inte värderad (ej värderad) och räknas inte med i matrisen eller summorna"),
                )
                .at(entry.nr.referenced.line(), entry.nr.referenced.column())
                .risk(nr)
                .hint("ange sannolikhet och konsekvens när risken är bedömd");
                self.diags.push(d);
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

    fn check_ikp(&mut self) {
        let Some(model) = self.model else { return };
        for risk in &self.risks {
            let rv = risk.rating.map(crate::score::risk_value);
            let entry = &self.by_nr[&risk.nr].1;
            let (line, column) = entry.nr.place();
            let unexplained = risk
                .motivation
                .as_deref()
                .is_none_or(|m| m.trim().is_empty());
            if let (IkpRule::Automatic { from }, Some(rv), Some(false)) =
                (model.ikp_rule, rv, risk.ikp_choice)
                && rv >= from
                && unexplained
            {
                self.diags.push(
                        Diagnostic::error(self.path, format!(
                            "risk {} har riskvärde {rv} och går automatiskt till internkontrollplanen, men ikp: nej saknar motivering",
                            risk.nr
                        ))
                        .at(line, column)
                        .risk(risk.nr)
                        .field("motivering")
                        .hint("skriv varför risken hålls utanför planen under motivering:, eller ta bort ikp: nej"),
                    );
            }
            let in_ikp = crate::score::goes_to_ikp(model, risk);
            match (in_ikp, &risk.control) {
                (true, None) if risk.review_method.is_none() => self.diags.push(
                    Diagnostic::warning(self.path, format!(
                        "risk {} går till internkontrollplanen men saknar kontroll; planen visar ”kontroll ej angiven”",
                        risk.nr
                    ))
                    .at(line, column)
                    .risk(risk.nr)
                    .field("kontroll")
                    .hint("lägg till kontroll: med kontrollmoment och kontrollaktivitet"),
                ),
                (false, Some(_)) => self.diags.push(
                    Diagnostic::warning(self.path, format!(
                        "risk {} har en kontroll men går inte till internkontrollplanen; kontrollen visas inte",
                        risk.nr
                    ))
                    .at(line, column)
                    .risk(risk.nr)
                    .field("kontroll"),
                ),
                _ => {}
            }
        }
    }
}

/// Parses a date written in YAML, or pushes an error naming `field` (and the risk).
pub(crate) fn checked_date(
    path: &Path,
    value: &Spanned<String>,
    field: &str,
    risk: Option<u32>,
    diags: &mut Diagnostics,
) -> Option<NaiveDate> {
    let parsed = parse_date(&value.value);
    if parsed.is_none() {
        let (line, column) = value.place();
        let mut d = Diagnostic::error(path, format!("”{}” är inget giltigt datum", value.value))
            .at(line, column)
            .field(field)
            .hint("skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-12-09");
        if let Some(nr) = risk {
            d = d.risk(nr);
        }
        diags.push(d);
    }
    parsed
}

/// Parses an ISO date (YYYY-MM-DD).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}
