//! The reports an input file makes: a plan makes the VoR, the IKP and (when
//! asked for) the riskbild and the verksamhetsplan; a follow-up makes its
//! report and its bilaga. Each report is a job: its view and what it needs.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use super::stages::{Stage, timed};
use crate::diag::Diagnostic;
use crate::render::Templates;
use crate::report::{self, AttachmentView, ReportKind, View};
use crate::score::Scored;
use crate::score::rollup::Document;
use crate::swedish::Hyphenation;
use crate::validate::followup::FollowUp;
use crate::validate::{Input, Plan};

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
    /// Renders the view with its kind's template, embedding `attachments`.
    pub fn render(
        &mut self,
        templates: &Templates,
        attachments: &[AttachmentView],
    ) -> Result<String, Diagnostic> {
        self.view.meta_mut().attachments = attachments.to_vec();
        templates.render(self.kind.template(), &self.view)
    }

    /// A rough measure of the work the report gives Typst, to start the
    /// largest first: its risks, more for the documents that hold several
    /// reports.
    pub fn weight(&self) -> usize {
        self.risks * self.kind.weight()
    }
}

/// The jobs of a plan: the reports it asks for.
pub fn plan_jobs(plan: &Plan, scored: &Scored) -> Vec<Job> {
    timed(Stage::Views, || {
        plan.reports
            .iter()
            .map(|&report| {
                let (kind, view) = report::plan_report(report, plan, scored);
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
    let views = timed(Stage::Views, || {
        report::follow_up_reports(plan, scored, follow_up)
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

/// The reports among `jobs` as the samlade bild names them: each report
/// once (a bilaga repeats its report), with its own title, diarienummer
/// and date.
pub fn documents(jobs: &[Job]) -> Vec<Document> {
    jobs.iter()
        .filter_map(|job| {
            let kind = job.kind.document()?;
            let meta = job.view.meta();
            Some(Document {
                kind,
                title: meta.title.clone(),
                diarienummer: meta.diarienummer.clone(),
                date: job.date,
            })
        })
        .collect()
}
