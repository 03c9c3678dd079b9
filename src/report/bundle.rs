//! Bundles: one board document made of a cover, a table of contents and
//! chapters that are the reports themselves — the "Verksamhetsplan – intern
//! kontroll" with the nämnd's System för intern kontroll, the VoR and the
//! IKP, and the T2 and VB follow-ups as bilagor with the plan they follow.

use serde::Serialize;

use super::cells::words;
use super::ikp::{IkpView, ikp};
use super::riskbild::{RiskPictureView, riskbild};
use super::rollup::CityChapterView;
use super::section::{SectionView, number_sections, section};
use super::t2::T2View;
use super::vb::VbView;
use super::view::{MetaView, marked};
use super::vor::{VorView, vor};
use crate::model::AssumedKey;
use crate::score::Scored;
use chrono::NaiveDate;

use crate::swedish;
use crate::validate::{Chapter as ChapterSpec, ChapterReport, Plan, Section};

/// Everything the bundle template shows.
#[derive(Debug, Clone, Serialize)]
pub struct BundleView {
    pub meta: MetaView,
    pub cover: CoverView,
    pub chapters: Vec<Chapter>,
    /// Risks under sekretess that the chapters name (the samlade bild's):
    /// the web page leaves out each row and text that names one. The PDF
    /// does not read it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secret: Vec<crate::score::rollup::SecretRisk>,
}

/// The cover page: a title, who, and the document's facts as label–value
/// rows; and the contents, when they are short enough to stand there.
#[derive(Debug, Clone, Serialize)]
pub struct CoverView {
    /// "Bilaga till tertialrapport 2", above the title.
    pub kicker: Option<String>,
    pub title: String,
    pub facts: Vec<(String, String)>,
    /// The contents stand on the cover instead of a page of their own.
    pub contents_on_cover: bool,
}

impl CoverView {
    fn new(kicker: &str, title: &str, facts: Vec<(String, String)>, chapters: &[Chapter]) -> Self {
        CoverView {
            kicker: Some(kicker.to_owned()),
            title: title.to_owned(),
            facts,
            // The nämnd's own text has many headings; reports have few.
            contents_on_cover: chapters.iter().all(|c| c.kind != "text"),
        }
    }
}

/// One chapter: a heading of level 1 and the report (or text) below it.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// The macro of `chapters.typ.j2` that writes it: "text", "vor", "ikp",
    /// "riskbild", "t2", "vb" or "city".
    pub kind: &'static str,
    pub title: String,
    /// The chapter starts on a landscape page.
    pub landscape: bool,
    pub r: ChapterBody,
}

/// What a chapter shows.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum ChapterBody {
    /// The nämnd's own text: the chapter's heading, text and tables, and
    /// its sections.
    Text(Box<SectionView>),
    Vor(Box<VorView>),
    Riskbild(Box<RiskPictureView>),
    Ikp(Box<IkpView>),
    T2(Box<T2View>),
    Vb(Box<VbView>),
    /// A chapter of Kommunstyrelsens samlade bild.
    City(Box<CityChapterView>),
}

impl From<ChapterBody> for Chapter {
    /// A chapter headed by its report's title, in its report's orientation.
    fn from(r: ChapterBody) -> Self {
        let (kind, title, landscape) = match &r {
            ChapterBody::Text(v) => ("text", v.heading.clone(), wide(v)),
            ChapterBody::Vor(v) => ("vor", v.meta.title.clone(), false),
            ChapterBody::Riskbild(v) => ("riskbild", v.meta.title.clone(), true),
            ChapterBody::Ikp(v) => ("ikp", v.meta.title.clone(), v.landscape),
            ChapterBody::T2(v) => ("t2", v.meta.title.clone(), false),
            ChapterBody::Vb(v) => ("vb", v.meta.title.clone(), true),
            ChapterBody::City(_) => ("city", String::new(), false),
        };
        Chapter {
            kind,
            title,
            landscape,
            r,
        }
    }
}

/// The verksamhetsplan bundle: System för intern kontroll, VoR, IKP.
pub fn verksamhetsplan(plan: &Plan, scored: &Scored) -> BundleView {
    let settings = &plan.bundle;
    let mut meta = MetaView::new(
        plan,
        "Verksamhetsplan – intern kontroll",
        "Verksamhetsplan",
        "Nämndens system för intern kontroll, väsentlighets- och riskanalys och internkontrollplan",
    );
    meta.title = settings.heading.clone();
    meta.document_type = settings.document_type.clone();
    let mut facts = plan_facts(plan);
    if let Some(date) = settings.decision_date {
        let date = swedish::long_date(date);
        let date = marked(&plan.meta.standing, AssumedKey::Beslutsdatum, date);
        facts.push(("Beslutsdatum".into(), date));
    }
    let words = words(plan);
    let chapters = settings
        .chapters
        .iter()
        .map(|chapter| {
            match chapter {
                ChapterSpec::Own {
                    section: own,
                    numbered,
                } => {
                    let mut view = section(own, &words);
                    if *numbered {
                        number_sections(&mut view.subsections, &own.subsections, "");
                    }
                    ChapterBody::Text(Box::new(view))
                }
                ChapterSpec::Report(ChapterReport::SystemForInternKontroll) => {
                    let mut view = section(
                        &Section {
                            heading: "System för intern kontroll".into(),
                            subsections: settings.system.clone(),
                            ..Section::default()
                        },
                        &words,
                    );
                    number_sections(&mut view.subsections, &settings.system, "");
                    ChapterBody::Text(Box::new(view))
                }
                ChapterSpec::Report(ChapterReport::Vor) => {
                    ChapterBody::Vor(Box::new(vor(plan, scored)))
                }
                ChapterSpec::Report(ChapterReport::Ikp) => {
                    ChapterBody::Ikp(Box::new(ikp(plan, scored, plan.meta.datum)))
                }
                ChapterSpec::Report(ChapterReport::Riskbild) => {
                    ChapterBody::Riskbild(Box::new(riskbild(plan, scored)))
                }
            }
            .into()
        })
        .collect::<Vec<Chapter>>();
    // The whole annual plan stands on its own; its internal-control part is a bilaga.
    let whole = settings
        .chapters
        .iter()
        .any(|c| matches!(c, ChapterSpec::Own { .. }));
    let mut cover = CoverView::new(
        "Bilaga till verksamhetsplanen",
        &meta.title,
        facts,
        &chapters,
    );
    if whole {
        cover.kicker = None;
        meta.subject = format!(
            "Nämndens verksamhetsplan: {}",
            swedish::join(
                &chapters
                    .iter()
                    .map(|c| c.title.to_lowercase())
                    .collect::<Vec<_>>()
            )
        );
    }
    BundleView {
        cover,
        meta,
        chapters,
        secret: Vec::new(),
    }
}

/// The T2 follow-up as a bilaga to tertialrapport 2, with the plan it
/// follows; `date` is the follow-up's own.
pub fn t2_bundle(plan: &Plan, scored: &Scored, view: T2View, date: NaiveDate) -> BundleView {
    let meta = view.meta.clone();
    let chapter = ChapterBody::T2(Box::new(view)).into();
    follow_up_bundle(
        plan,
        scored,
        meta,
        date,
        "Bilaga till tertialrapport 2",
        chapter,
    )
}

/// The VB follow-up as a bilaga to the verksamhetsberättelse, with the
/// plan it follows; `date` is the follow-up's own.
pub fn vb_bundle(plan: &Plan, scored: &Scored, view: VbView, date: NaiveDate) -> BundleView {
    let meta = view.meta.clone();
    let chapter = ChapterBody::Vb(Box::new(view)).into();
    follow_up_bundle(
        plan,
        scored,
        meta,
        date,
        "Bilaga till verksamhetsberättelsen",
        chapter,
    )
}

/// A follow-up's bilaga: its cover has the follow-up's title (the same as
/// the chapter inside) and its own date; the plan's date is named as such.
fn follow_up_bundle(
    plan: &Plan,
    scored: &Scored,
    meta: MetaView,
    date: NaiveDate,
    kicker: &str,
    chapter: Chapter,
) -> BundleView {
    let mut facts = plan_facts(plan);
    for fact in &mut facts {
        if fact.0 == "Datum" {
            *fact = ("Datum".into(), meta.date_long.clone());
        }
    }
    facts.push((
        "Internkontrollplanens datum".into(),
        swedish::long_date(plan.meta.datum),
    ));
    let chapters = vec![
        chapter,
        ChapterBody::Ikp(Box::new(ikp(plan, scored, date))).into(),
    ];
    BundleView {
        cover: CoverView::new(kicker, &meta.title, facts, &chapters),
        meta,
        chapters,
        secret: Vec::new(),
    }
}

/// Whether a section or one below it has a table that needs a landscape page.
fn wide(view: &SectionView) -> bool {
    view.tables.iter().any(|t| t.landscape) || view.subsections.iter().any(wide)
}

/// The cover's facts every bundle shows.
fn plan_facts(plan: &Plan) -> Vec<(String, String)> {
    let meta = &plan.meta;
    let marked = |key, text: String| marked(&meta.standing, key, text);
    let mut facts = vec![(
        "Nämnd".to_owned(),
        marked(AssumedKey::Namnd, meta.namnd.clone()),
    )];
    if let Some(f) = &meta.forvaltning {
        facts.push((
            "Förvaltning".into(),
            marked(AssumedKey::Forvaltning, f.clone()),
        ));
    }
    if let Some(kommun) = &meta.kommun {
        facts.push(("Kommun".into(), marked(AssumedKey::Kommun, kommun.clone())));
    }
    facts.push(("År".into(), meta.ar.to_string()));
    if let Some(dnr) = &meta.diarienummer {
        facts.push((
            "Diarienummer".into(),
            marked(AssumedKey::Diarienummer, dnr.clone()),
        ));
    }
    facts.push((
        "Datum".into(),
        marked(AssumedKey::Datum, swedish::long_date(meta.datum)),
    ));
    facts
}
