//! Bundles: one board document made of a cover, a table of contents and
//! chapters that are the reports themselves — the "Verksamhetsplan – intern
//! kontroll" with the nämnd's System för intern kontroll, the VoR and the
//! IKP, and the T2 and VB follow-ups as bilagor with the plan they follow.

use serde::Serialize;

use super::view::{MetaView, SectionView, sections};
use super::{IkpView, T2View, VbView, VorView, ikp, swedish, vor};
use crate::score::Scored;
use crate::validate::Plan;

/// Everything the bundle template shows.
#[derive(Debug, Clone, Serialize)]
pub struct BundleView {
    pub meta: MetaView,
    pub cover: CoverView,
    pub chapters: Vec<Chapter>,
}

/// The cover page: a title, who, and the document's facts as label–value rows.
#[derive(Debug, Clone, Serialize)]
pub struct CoverView {
    /// "Bilaga till tertialrapport 2", above the title.
    pub kicker: Option<String>,
    pub title: String,
    pub facts: Vec<(String, String)>,
}

/// One chapter: a heading of level 1 and the report (or text) below it.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// Which template piece writes it: "text", "vor", "ikp", "t2" or "vb".
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
    Text { sections: Vec<SectionView> },
    Vor(Box<VorView>),
    Ikp(Box<IkpView>),
    T2(Box<T2View>),
    Vb(Box<VbView>),
}

impl Chapter {
    fn vor(view: VorView) -> Self {
        Chapter {
            kind: "vor",
            title: report_name(&view.meta),
            landscape: false,
            r: ChapterBody::Vor(Box::new(view)),
        }
    }

    fn ikp(view: IkpView) -> Self {
        Chapter {
            kind: "ikp",
            title: report_name(&view.meta),
            landscape: view.landscape,
            r: ChapterBody::Ikp(Box::new(view)),
        }
    }
}

/// A report's title as a chapter heading.
fn report_name(meta: &MetaView) -> String {
    meta.title.clone()
}

/// The verksamhetsplan bundle: System för intern kontroll, VoR, IKP.
pub fn verksamhetsplan(plan: &Plan, scored: &Scored) -> BundleView {
    let settings = &plan.bundle;
    let mut meta = MetaView::new(
        &plan.meta,
        "Verksamhetsplan – intern kontroll",
        "Verksamhetsplan",
        "Nämndens system för intern kontroll, väsentlighets- och riskanalys och internkontrollplan",
    );
    meta.title = settings.heading.clone();
    meta.document_type = settings.document_type.clone();
    let mut facts = plan_facts(plan);
    if let Some(date) = settings.decision_date {
        facts.push(("Beslutsdatum".into(), swedish::long_date(date)));
    }
    let mut chapters = Vec::new();
    if !settings.system.is_empty() {
        chapters.push(Chapter {
            kind: "text",
            title: "System för intern kontroll".into(),
            landscape: false,
            r: ChapterBody::Text {
                sections: sections(&settings.system),
            },
        });
    }
    chapters.push(Chapter::vor(vor(plan, scored)));
    chapters.push(Chapter::ikp(ikp(plan, scored)));
    BundleView {
        cover: CoverView {
            kicker: Some("Bilaga till verksamhetsplanen".into()),
            title: meta.title.clone(),
            facts,
        },
        meta,
        chapters,
    }
}

/// The T2 follow-up as a bilaga to tertialrapport 2, with the plan it follows.
pub fn t2_bundle(plan: &Plan, scored: &Scored, view: T2View) -> BundleView {
    let title = format!(
        "Uppföljning av intern kontroll, tertialrapport 2 {}",
        plan.meta.ar
    );
    let chapter = Chapter {
        kind: "t2",
        title: report_name(&view.meta),
        landscape: false,
        r: ChapterBody::T2(Box::new(view.clone())),
    };
    follow_up_bundle(
        plan,
        scored,
        view.meta,
        title,
        "Bilaga till tertialrapport 2",
        chapter,
    )
}

/// The VB follow-up as a bilaga to the verksamhetsberättelse, with the plan it follows.
pub fn vb_bundle(plan: &Plan, scored: &Scored, view: VbView) -> BundleView {
    let title = format!("Uppföljning av intern kontroll {}", plan.meta.ar);
    let chapter = Chapter {
        kind: "vb",
        title: report_name(&view.meta),
        landscape: true,
        r: ChapterBody::Vb(Box::new(view.clone())),
    };
    follow_up_bundle(
        plan,
        scored,
        view.meta,
        title,
        "Bilaga till verksamhetsberättelsen",
        chapter,
    )
}

fn follow_up_bundle(
    plan: &Plan,
    scored: &Scored,
    mut meta: MetaView,
    title: String,
    kicker: &str,
    chapter: Chapter,
) -> BundleView {
    meta.title = title;
    let mut facts = plan_facts(plan);
    facts.push(("Uppföljningens datum".into(), meta.date_long.clone()));
    BundleView {
        cover: CoverView {
            kicker: Some(kicker.into()),
            title: meta.title.clone(),
            facts,
        },
        meta,
        chapters: vec![chapter, Chapter::ikp(ikp(plan, scored))],
    }
}

/// The cover's facts every bundle shows.
fn plan_facts(plan: &Plan) -> Vec<(String, String)> {
    let meta = &plan.meta;
    let mut facts = vec![("Nämnd".to_owned(), meta.namnd.clone())];
    if let Some(f) = &meta.forvaltning {
        facts.push(("Förvaltning".into(), f.clone()));
    }
    facts.push(("Kommun".into(), meta.kommun.clone()));
    facts.push(("År".into(), meta.ar.to_string()));
    if let Some(dnr) = &meta.diarienummer {
        facts.push(("Diarienummer".into(), dnr.clone()));
    }
    facts.push(("Datum".into(), swedish::long_date(meta.datum)));
    facts
}
