//! The reports an input file makes: a plan makes the VoR, the IKP and (when
//! asked for) the riskbild and the verksamhetsplan; a follow-up makes its
//! report and its bilaga. Each report is a job: its view and what it needs.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use super::stages::{Stage, timed};
use crate::diag::Diagnostic;
use crate::render::Templates;
use crate::report::{self, AttachmentView, MetaView};
use crate::score::Scored;
use crate::swedish::Hyphenation;
use crate::validate::followup::FollowUp;
use crate::validate::{Input, Plan, PlanReport};

/// The kinds of report, in the order a nämnd's reports are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportKind {
    /// Väsentlighets- och riskanalys with the matrix.
    Vor,
    /// Internkontrollplan.
    Ikp,
    /// Samlad riskbild och Åtgärdsplan.
    Riskbild,
    /// Follow-up at tertialrapport 2.
    T2,
    /// Follow-up in the verksamhetsberättelse.
    Vb,
    /// The "Verksamhetsplan – intern kontroll" bundle.
    Verksamhetsplan,
    /// The T2 follow-up as a bilaga, with the plan it follows.
    T2Bundle,
    /// The VB follow-up as a bilaga, with the plan it follows.
    VbBundle,
    /// Kommunstyrelsens samlade bild of every nämnd, from `kommun.yaml`.
    CityRollup,
}

impl ReportKind {
    /// The file name's stem and the template's name.
    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Vor => "vor",
            ReportKind::Ikp => "ikp",
            ReportKind::Riskbild => "riskbild",
            ReportKind::T2 => "t2",
            ReportKind::Vb => "vb",
            ReportKind::Verksamhetsplan => "verksamhetsplan",
            ReportKind::T2Bundle => "t2-bilaga",
            ReportKind::VbBundle => "vb-bilaga",
            ReportKind::CityRollup => "sammanställning",
        }
    }

    /// The template that writes it.
    pub fn template(self) -> String {
        match self {
            ReportKind::Verksamhetsplan
            | ReportKind::T2Bundle
            | ReportKind::VbBundle
            | ReportKind::CityRollup => "bundle.typ.j2".into(),
            _ => format!("{}.typ.j2", self.code()),
        }
    }
}

/// A report's view, ready for its template.
#[derive(Debug, Clone)]
pub enum View {
    Vor(report::VorView),
    Ikp(report::IkpView),
    Riskbild(report::RiskPictureView),
    T2(report::T2View),
    Vb(report::VbView),
    Bundle(report::BundleView),
}

impl View {
    /// The document's title, date and other furniture.
    pub fn meta(&self) -> &MetaView {
        match self {
            View::Vor(v) => &v.meta,
            View::Ikp(v) => &v.meta,
            View::Riskbild(v) => &v.meta,
            View::T2(v) => &v.meta,
            View::Vb(v) => &v.meta,
            View::Bundle(v) => &v.meta,
        }
    }

    fn meta_mut(&mut self) -> &mut MetaView {
        match self {
            View::Vor(v) => &mut v.meta,
            View::Ikp(v) => &mut v.meta,
            View::Riskbild(v) => &mut v.meta,
            View::T2(v) => &mut v.meta,
            View::Vb(v) => &mut v.meta,
            View::Bundle(v) => &mut v.meta,
        }
    }

    /// Renders the view with the template of `kind`, embedding `attachments`.
    pub fn render(
        &mut self,
        templates: &Templates,
        kind: ReportKind,
        attachments: &[AttachmentView],
    ) -> Result<String, Diagnostic> {
        self.meta_mut().attachments = attachments.to_vec();
        let name = kind.template();
        let name = name.as_str();
        match self {
            View::Vor(v) => templates.render(name, v),
            View::Ikp(v) => templates.render(name, v),
            View::Riskbild(v) => templates.render(name, v),
            View::T2(v) => templates.render(name, v),
            View::Vb(v) => templates.render(name, v),
            View::Bundle(v) => templates.render(name, v),
        }
    }

    /// How tightly the pages are set (see `MetaView::fit`).
    pub fn set_fit(&mut self, fit: u8) {
        self.meta_mut().fit = fit;
    }
}

/// One report to make.
#[derive(Debug, Clone)]
pub struct Job {
    pub kind: ReportKind,
    pub view: View,
    /// The report's year (for the file name).
    pub year: i32,
    /// The document's date: Typst's "today" and the PDF's date.
    pub date: NaiveDate,
    /// The identity of the PDF, stable across builds.
    pub ident: String,
    /// Every file the report is made from (embedded with --bädda-in-data).
    pub inputs: Vec<Input>,
    /// How many risks the plan has: a rough measure of the memory Typst needs.
    pub risks: usize,
    /// Where the report's words may break (the kommun's own list added).
    pub hyphenation: Arc<Hyphenation>,
    /// The kommun's logotyp, read into the document.
    pub logo: Option<PathBuf>,
}

impl Job {
    /// A rough measure of the work the report gives Typst, to start the
    /// largest first: its risks, more for the documents that hold several
    /// reports.
    pub fn weight(&self) -> usize {
        let reports = match self.kind {
            ReportKind::Verksamhetsplan => 3,
            ReportKind::Riskbild | ReportKind::T2Bundle | ReportKind::VbBundle => 2,
            _ => 1,
        };
        self.risks * reports
    }
}

/// The jobs of a plan: the reports it asks for.
pub fn plan_jobs(plan: &Plan, scored: &Scored) -> Vec<Job> {
    timed(Stage::Views, || {
        plan.reports
            .iter()
            .map(|report| {
                let (kind, view) = match report {
                    PlanReport::Vor => (ReportKind::Vor, View::Vor(report::vor(plan, scored))),
                    PlanReport::Ikp => (
                        ReportKind::Ikp,
                        View::Ikp(report::ikp(plan, scored, plan.meta.datum)),
                    ),
                    PlanReport::Riskbild => (
                        ReportKind::Riskbild,
                        View::Riskbild(report::riskbild(plan, scored)),
                    ),
                    PlanReport::Verksamhetsplan => (
                        ReportKind::Verksamhetsplan,
                        View::Bundle(report::verksamhetsplan(plan, scored)),
                    ),
                };
                job(plan, kind, view, plan.meta.datum, plan.inputs.clone())
            })
            .collect()
    })
}

/// The jobs of a follow-up of `plan`: its report and its bilaga.
pub fn follow_up_jobs(
    plan: &Plan,
    scored: &Scored,
    follow_up: &FollowUp,
    inputs: Vec<Input>,
) -> Vec<Job> {
    let views = timed(Stage::Views, || match follow_up {
        FollowUp::T2(t2) => {
            let view = report::t2(plan, scored, t2);
            let bundle = report::t2_bundle(plan, scored, view.clone(), t2.date);
            [
                (ReportKind::T2, View::T2(view)),
                (ReportKind::T2Bundle, View::Bundle(bundle)),
            ]
        }
        FollowUp::Vb(vb) => {
            let view = report::vb(plan, scored, vb);
            let bundle = report::vb_bundle(plan, scored, view.clone(), vb.date);
            [
                (ReportKind::Vb, View::Vb(view)),
                (ReportKind::VbBundle, View::Bundle(bundle)),
            ]
        }
    });
    views
        .into_iter()
        .map(|(kind, view)| job(plan, kind, view, follow_up.date(), inputs.clone()))
        .collect()
}

fn job(plan: &Plan, kind: ReportKind, view: View, date: NaiveDate, inputs: Vec<Input>) -> Job {
    Job {
        kind,
        view,
        year: plan.meta.ar,
        date,
        ident: format!("{}/{}/{}", plan.meta.namnd, plan.meta.ar, kind.code()),
        inputs,
        risks: plan.risks.len(),
        hyphenation: Hyphenation::with(&plan.model.hyphenation),
        logo: plan.logo.as_ref().map(|l| l.path.clone()),
    }
}
