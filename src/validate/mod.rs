//! Loaded → validated: checks a plan and its risk model and returns every
//! problem at once, each with file, line, risk and field.

mod actions;
mod chapters;
pub mod city;
mod dates;
mod fields;
pub mod followup;
mod ikp_order;
mod ikp_rule;
mod logo;
mod model;
pub mod personal;
pub mod plan;
mod risks;
pub mod standing;
mod tables;

use std::path::Path;

use serde_saphyr::Spanned;

pub use dates::parse_date;
pub use fields::MAX_SECTION_DEPTH;
pub use model::{parse_color, validate_model};
pub use plan::*;
pub use standing::{Decision, Standing};
pub use tables::{Column, Row, RowKind, Table, Value};

use dates::{checked_date, checked_year};
use fields::sections;

use crate::diag::{Diagnostic, Diagnostics, KeyPath, Located};
use crate::model::{self as input, AssumedKey, LoadedPlan};

/// Checks a loaded plan. Returns the plan when there is no error, and all
/// diagnostics (errors and warnings) either way.
pub fn validate(loaded: &LoadedPlan) -> (Option<Plan>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let path = loaded.path.as_path();
    let model = validate_model(&loaded.model_path, &loaded.model, &mut diags);
    let file = &loaded.plan;
    let meta = meta(path, file, &mut diags);
    let (risks, places) = risks::check(path, file, model.as_ref(), &mut diags);
    let ikp_places = model
        .as_ref()
        .and_then(|m| ikp_order::ikp_places(path, &file.ikp, &risks, m, &mut diags));
    let logo = logo::logo(loaded, &mut diags);
    let vor = VorSettings {
        sections: sections(
            path,
            &file.vor.avsnitt,
            KeyPath::new("vor").key("avsnitt"),
            &mut diags,
        ),
        columns: columns(
            path,
            &file.vor.kolumner,
            default_vor_columns(),
            "vor",
            VorColumn::name,
            &mut diags,
        ),
    };
    let ikp = IkpSettings {
        heading: file.ikp.rubrik.clone(),
        sections: sections(
            path,
            &file.ikp.avsnitt,
            KeyPath::new("ikp").key("avsnitt"),
            &mut diags,
        ),
        columns: columns(
            path,
            &file.ikp.kolumner,
            default_ikp_columns(),
            "ikp",
            IkpColumn::name,
            &mut diags,
        ),
        numbering: file.ikp.numrering.unwrap_or(Numbering::Vor),
    };
    let year = file.ar.value;
    let ikp_title = file
        .ikp
        .rubrik
        .clone()
        .unwrap_or_else(|| "Internkontrollplan".into());
    for (report, title, defs) in [
        (
            "vor",
            "Väsentlighets- och riskanalys".to_owned(),
            &file.vor.avsnitt,
        ),
        ("ikp", ikp_title, &file.ikp.avsnitt),
    ] {
        heading_not_title(path, report, &title, year, defs, &mut diags);
    }
    let riskbild = RiskPictureSettings {
        heading: file
            .riskbild
            .as_ref()
            .and_then(|r| r.rubrik.clone())
            .unwrap_or_else(|| "Samlad riskbild och Åtgärdsplan".into()),
        sections: file
            .riskbild
            .as_ref()
            .map(|r| {
                sections(
                    path,
                    &r.avsnitt,
                    KeyPath::new("riskbild").key("avsnitt"),
                    &mut diags,
                )
            })
            .unwrap_or_default(),
    };
    let bundle = bundle_settings(path, file, &mut diags);
    decision_dates_agree(path, file, meta.as_ref(), &bundle, &mut diags);
    let reports = reports(path, file, &mut diags);
    let dropped = dropped(path, file, &mut diags);
    let words = &file.benamningar;
    let title = |given: &Option<input::Title>, default: &str| match given {
        Some(input::Title::Plain(title)) => ColumnTitle {
            title: title.clone(),
            note: None,
        },
        Some(input::Title::Noted(noted)) => ColumnTitle {
            title: noted.rubrik.clone(),
            note: noted.anteckning.clone(),
        },
        None => ColumnTitle {
            title: default.to_owned(),
            note: None,
        },
    };
    let labels = GroupLabels {
        mal: words.mal.clone().unwrap_or_else(|| "KF:s mål".into()),
        process: words.process.clone().unwrap_or_else(|| "Process".into()),
        delprocess: words
            .delprocess
            .clone()
            .unwrap_or_else(|| "Delprocess".into()),
        risk: title(&words.risk, "Oönskad händelse"),
        follow_up_method: title(&words.uppfoljningsmetod, "Metod för uppföljning"),
        review_method: title(&words.granskningsmetod, "Metod för granskning"),
    };
    let plan = match (diags.has_errors(), model, meta) {
        (false, Some(model), Some(meta)) => Some(Plan {
            source: loaded.path.clone(),
            inputs: inputs(loaded),
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
            ikp_places,
            logo,
            previous: file
                .foregaende
                .as_ref()
                .map(|p| (p.value.trim().to_owned(), p.place())),
            dropped,
        }),
        _ => None,
    };
    (plan, diags)
}

/// A section headed as its report is headed ("Internkontrollplan 2025"
/// under "Internkontrollplan 2025") says nothing: a warning at its line.
fn heading_not_title(
    path: &Path,
    report: &str,
    title: &str,
    year: i64,
    defs: &[input::SectionDef],
    diags: &mut Diagnostics,
) {
    let title = title.trim();
    let with_year = format!("{title} {year}");
    let year_text = year.to_string();
    let full = if title
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w == year_text)
    {
        title
    } else {
        with_year.as_str()
    };
    for (i, def) in defs.iter().enumerate() {
        let heading = def.rubrik.value.trim();
        if heading.to_lowercase() == full.to_lowercase() {
            diags.push(
                Diagnostic::warning(
                    path,
                    format!("avsnittet ”{heading}” har samma rubrik som rapporten"),
                )
                .at(&def.rubrik)
                .field(KeyPath::new(report).key("avsnitt").index(i).key("rubrik"))
                .hint("ge avsnittet en rubrik som säger vad det handlar om, t.ex. Inledning"),
            );
        }
    }
}

/// `utgått`: each of last year's numbers once, each with a reason.
fn dropped(path: &Path, file: &input::PlanFile, diags: &mut Diagnostics) -> Vec<DroppedRisk> {
    let mut dropped: Vec<DroppedRisk> = Vec::new();
    for (i, def) in file.utgatt.iter().flat_map(|u| u.value.iter()).enumerate() {
        let field = KeyPath::new("utgått").index(i);
        let Some(nr) = u32::try_from(def.nr.value).ok().filter(|n| *n > 0) else {
            diags.push(
                Diagnostic::error(
                    path,
                    format!("utgått: {} är inget risknummer", def.nr.value),
                )
                .at(&def.nr)
                .field(field.key("nr"))
                .hint("ange riskens nummer i föregående års plan, ett positivt heltal"),
            );
            continue;
        };
        if dropped.iter().any(|d| d.nr == nr) {
            diags.push(
                Diagnostic::error(path, format!("utgått: risk {nr} står två gånger"))
                    .at(&def.nr)
                    .field(field.key("nr"))
                    .hint("ta bort den ena; ge en motivering per risk"),
            );
            continue;
        }
        if def.motivering.value.trim().is_empty() {
            diags.push(
                Diagnostic::error(path, format!("utgått: risk {nr} saknar motivering"))
                    .at(&def.motivering)
                    .field(field.key("motivering"))
                    .hint("skriv varför risken inte längre finns med i planen"),
            );
            continue;
        }
        dropped.push(DroppedRisk {
            nr,
            reason: def.motivering.value.trim().to_owned(),
            at: def.nr.place(),
        });
    }
    dropped
}

/// The files the plan is made from: the plan, then its model when separate.
fn inputs(loaded: &LoadedPlan) -> Vec<Input> {
    let mut inputs = vec![Input {
        path: loaded.path.clone(),
        kind: InputKind::Plan,
    }];
    if loaded.model_path != loaded.path {
        inputs.push(Input {
            path: loaded.model_path.clone(),
            kind: InputKind::Model,
        });
    }
    inputs
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

/// The document's who and when; `None` when something is missing or wrong.
fn meta(path: &Path, file: &input::PlanFile, diags: &mut Diagnostics) -> Option<Meta> {
    let before = diags.error_count();
    checked_year(path, &file.ar, "planen", 2026, diags);
    let datum = checked_date(path, &file.datum, KeyPath::new("datum"), None, diags);
    let kommun = file.kommun.as_deref().map(str::trim);
    if kommun.is_some_and(str::is_empty) {
        diags.push(
            Diagnostic::error(path, "kommun är tomt")
                .field("kommun")
                .hint("ange kommunen, eller ta bort raden om källan inte säger vilken"),
        );
    }
    if file.namnd.trim().is_empty() {
        diags.push(
            Diagnostic::error(path, "nämnd är tomt")
                .field("nämnd")
                .hint("ange nämndens namn"),
        );
    }
    let meta = Meta {
        kommun: kommun.map(str::to_owned),
        namnd: file.namnd.trim().to_owned(),
        forvaltning: file.forvaltning.clone(),
        ar: file.ar.value as i32,
        diarienummer: file.diarienummer.clone(),
        datum: datum?,
        standing: Standing {
            assumed: standing::assumed(
                path,
                &file.antagna,
                |key| match key {
                    AssumedKey::Diarienummer => file.diarienummer.is_some(),
                    AssumedKey::Beslutsdatum => file
                        .verksamhetsplan
                        .as_ref()
                        .is_some_and(|v| v.beslutsdatum.is_some()),
                    AssumedKey::Forvaltning => file.forvaltning.is_some(),
                    AssumedKey::Kommun => file.kommun.is_some(),
                    AssumedKey::Datum | AssumedKey::Namnd => true,
                },
                diags,
            ),
            ..standing::standing(
                path,
                file.status.as_ref(),
                file.beslut.as_ref(),
                file.exempel.as_ref(),
                &standing::Decided::plan(datum, file.ar.value as i32),
                diags,
            )
        },
    };
    (diags.error_count() == before).then_some(meta)
}

/// The reports the plan makes: those listed, or the default for its keys.
fn reports(path: &Path, file: &input::PlanFile, diags: &mut Diagnostics) -> Vec<PlanReport> {
    match &file.rapporter {
        Some(list) => {
            if list.is_empty() {
                diags.push(
                    Diagnostic::error(path, "listan rapporter är tom")
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
    }
}

/// The bundle's settings, with the cover's default title.
fn bundle_settings(path: &Path, file: &input::PlanFile, diags: &mut Diagnostics) -> BundleSettings {
    let given = file.verksamhetsplan.as_ref();
    let field = KeyPath::new("verksamhetsplan");
    let system = given
        .map(|b| {
            sections(
                path,
                &b.system_for_intern_kontroll,
                field.clone().key("system_för_intern_kontroll"),
                diags,
            )
        })
        .unwrap_or_default();
    let chapters = chapters::chapters(
        path,
        given.and_then(|b| b.kapitel.as_ref()),
        &system,
        field.clone(),
        diags,
    );
    // With chapters of its own the bundle is the whole annual plan, not
    // only its internal-control part.
    let whole = chapters.iter().any(|c| matches!(c, Chapter::Own { .. }));
    BundleSettings {
        heading: given.and_then(|b| b.rubrik.clone()).unwrap_or_else(|| {
            if whole {
                format!("Verksamhetsplan {}", file.ar.value)
            } else {
                format!("Verksamhetsplan {} – intern kontroll", file.ar.value)
            }
        }),
        document_type: given.and_then(|b| b.dokumenttyp.clone()),
        decision_date: given
            .and_then(|b| b.beslutsdatum.as_ref())
            .and_then(|d| checked_date(path, d, field.clone().key("beslutsdatum"), None, diags)),
        chapters,
        system,
    }
}

/// The verksamhetsplan's beslutsdatum and the decision (`beslut: datum`)
/// both stand on the bundle's cover: two different dates contradict each
/// other.
fn decision_dates_agree(
    path: &Path,
    file: &input::PlanFile,
    meta: Option<&Meta>,
    bundle: &BundleSettings,
    diags: &mut Diagnostics,
) {
    let decision = meta.and_then(|m| m.standing.decision.as_ref());
    let (Some(given), Some(decision)) = (bundle.decision_date, decision) else {
        return;
    };
    if given == decision.date {
        return;
    }
    let mut d = Diagnostic::warning(
        path,
        format!(
            "verksamhetsplanens beslutsdatum {} är inte beslutets datum {}; försättsbladet skriver båda",
            crate::swedish::long_date(given),
            crate::swedish::long_date(decision.date)
        ),
    )
    .field(KeyPath::new("verksamhetsplan").key("beslutsdatum"))
    .hint("rätta det ena datumet, eller ta bort beslutsdatum: när beslut: anger beslutet");
    if let Some(at) = file
        .verksamhetsplan
        .as_ref()
        .and_then(|v| v.beslutsdatum.as_ref())
    {
        d = d.at(at);
    }
    diags.push(d);
}

/// The table's columns as given, or `default`; an empty list or a column
/// named twice is an error.
fn columns<C: Copy + PartialEq>(
    path: &Path,
    given: &Option<Spanned<Vec<C>>>,
    default: Vec<C>,
    report: &str,
    name: impl Fn(C) -> &'static str,
    diags: &mut Diagnostics,
) -> Vec<C> {
    let Some(given) = given else { return default };
    let field = KeyPath::new(report).key("kolumner");
    if given.value.is_empty() {
        diags.push(
            Diagnostic::error(path, "tabellen har inga kolumner")
                .at(given)
                .field(field.clone())
                .hint("ange minst en kolumn, eller ta bort kolumner: för standardvalet"),
        );
    }
    // Two columns that show the same value say it twice. Earlier versions
    // accepted both, so it is a warning (the compatibility promise, see
    // docs/year.md): the table shows both, and `uppgradera` removes one.
    let same = [("riskvärde", "risknivå")];
    let names: Vec<&str> = given.value.iter().map(|c| name(*c)).collect();
    for (a, b) in same {
        if names.contains(&a) && names.contains(&b) {
            diags.push(
                Diagnostic::warning(
                    path,
                    format!("kolumnerna {a} och {b} visar båda riskvärdet; tabellen visar det två gånger"),
                )
                .at(given)
                .field(field.clone())
                .hint(format!(
                    "ta bort {b}: båda visar riskvärdet med nivån, ”6 (Medium)”; riskrapport uppgradera {} gör det åt dig",
                    path.display()
                )),
            );
        }
    }
    for (i, c) in given.value.iter().enumerate() {
        if given.value[..i].contains(c) {
            diags.push(
                Diagnostic::error(path, format!("kolumnen {} står två gånger", name(*c)))
                    .at(given)
                    .field(field.clone())
                    .hint("ta bort den ena"),
            );
        }
    }
    given.value.clone()
}
