//! One input file → the reports it makes: a plan makes the VoR, the IKP and
//! (when asked for) the riskbild; a follow-up makes the T2 or VB report.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::stages::{Stage, timed};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{self, FileKind, T2File, VbFile};
use crate::render::Templates;
use crate::report::{self, AttachmentView, MetaView};
use crate::score::{self, Scored};
use crate::validate::{self, Plan, PlanReport, followup};

/// The kinds of report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        }
    }

    /// The template that writes it.
    pub fn template(self) -> String {
        match self {
            ReportKind::Verksamhetsplan | ReportKind::T2Bundle | ReportKind::VbBundle => {
                "bundle.typ.j2".into()
            }
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
    ) -> Result<String, String> {
        self.meta_mut().attachments = attachments.to_vec();
        let template = kind.template();
        fn go<V: Serialize>(t: &Templates, name: &str, v: &V) -> Result<String, String> {
            t.render(name, v)
        }
        match self {
            View::Vor(v) => go(templates, &template, v),
            View::Ikp(v) => go(templates, &template, v),
            View::Riskbild(v) => go(templates, &template, v),
            View::T2(v) => go(templates, &template, v),
            View::Vb(v) => go(templates, &template, v),
            View::Bundle(v) => go(templates, &template, v),
        }
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
    /// Every file the report is made from (embedded with --embed-data).
    pub inputs: Vec<PathBuf>,
    /// How many risks the plan has: a rough measure of the memory Typst needs.
    pub risks: usize,
}

/// An input file checked: what was said, and the reports it makes.
pub struct Checked {
    pub kind: FileKind,
    pub diagnostics: Diagnostics,
    pub jobs: Vec<Job>,
    /// The plan and its scores, when the file is a plan without errors.
    pub plan: Option<(Plan, Scored)>,
}

/// Loads, validates and scores a plan file: the plan and what was said.
pub fn check_plan(path: &Path) -> (Option<(Plan, Scored)>, Diagnostics) {
    match timed(Stage::Parse, || model::load_plan(path)) {
        Ok(loaded) => {
            let (plan, diagnostics) = timed(Stage::Validate, || validate::validate(&loaded));
            (
                plan.map(|plan| {
                    let scored = timed(Stage::Score, || score::score(&plan));
                    (plan, scored)
                }),
                diagnostics,
            )
        }
        Err(diagnostics) => (None, diagnostics),
    }
}

/// Checks any input file and lists the reports it makes.
pub fn check(path: &Path) -> Checked {
    let source = match timed(Stage::Parse, || model::read_text(path)) {
        Ok(source) => source,
        Err(d) => {
            return Checked {
                kind: FileKind::Plan,
                diagnostics: Diagnostics(vec![d]),
                jobs: Vec::new(),
                plan: None,
            };
        }
    };
    let kind = model::file_kind(&source);
    let mut checked = Checked {
        kind,
        diagnostics: Diagnostics::default(),
        jobs: Vec::new(),
        plan: None,
    };
    match kind {
        FileKind::Plan => {
            let (plan, diagnostics) = check_plan(path);
            checked.diagnostics = diagnostics;
            if let Some((plan, scored)) = plan {
                checked.jobs = timed(Stage::Score, || plan_jobs(&plan, &scored));
                checked.plan = Some((plan, scored));
            }
        }
        FileKind::T2 => follow_up::<T2File>(path, &source, &mut checked, |file, plan, scored, d| {
            let (t2, diags) = timed(Stage::Validate, || followup::validate_t2(path, file, plan, scored));
            d.0.extend(diags.0);
            t2.map(|t2| timed(Stage::Score, || {
                let view = report::t2(plan, scored, &t2);
                let bundle = report::t2_bundle(plan, scored, view.clone());
                let views = vec![
                    (ReportKind::T2, View::T2(view)),
                    (ReportKind::T2Bundle, View::Bundle(bundle)),
                ];
                (views, t2.date)
            }))
        }),
        FileKind::Vb => follow_up::<VbFile>(path, &source, &mut checked, |file, plan, scored, d| {
            let (vb, diags) = timed(Stage::Validate, || followup::validate_vb(path, file, plan, scored));
            d.0.extend(diags.0);
            vb.map(|vb| timed(Stage::Score, || {
                let view = report::vb(plan, scored, &vb);
                let bundle = report::vb_bundle(plan, scored, view.clone());
                let views = vec![
                    (ReportKind::Vb, View::Vb(view)),
                    (ReportKind::VbBundle, View::Bundle(bundle)),
                ];
                (views, vb.date)
            }))
        }),
        FileKind::UnknownFollowUp => checked.diagnostics.push(
            Diagnostic::error(path, "okänd sorts uppföljning")
                .field("uppföljning")
                .hint("ange uppföljning: t2 (tertialrapport 2) eller uppföljning: vb (verksamhetsberättelse)"),
        ),
    }
    checked
}

fn plan_jobs(plan: &Plan, scored: &Scored) -> Vec<Job> {
    plan.reports
        .iter()
        .map(|report| {
            let (kind, view) = match report {
                PlanReport::Vor => (ReportKind::Vor, View::Vor(report::vor(plan, scored))),
                PlanReport::Ikp => (ReportKind::Ikp, View::Ikp(report::ikp(plan, scored))),
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
}

fn job(plan: &Plan, kind: ReportKind, view: View, date: NaiveDate, inputs: Vec<PathBuf>) -> Job {
    Job {
        kind,
        view,
        year: plan.meta.ar,
        date,
        ident: format!("{}/{}/{}", plan.meta.namnd, plan.meta.ar, kind.code()),
        inputs,
        risks: plan.risks.len(),
    }
}

/// A follow-up file of type `F`: parse it, load its plan, and let `make`
/// validate it against the plan and make the view.
fn follow_up<F>(
    path: &Path,
    source: &str,
    checked: &mut Checked,
    make: impl FnOnce(
        &F,
        &Plan,
        &Scored,
        &mut Diagnostics,
    ) -> Option<(Vec<(ReportKind, View)>, NaiveDate)>,
) where
    F: serde::de::DeserializeOwned + PlanRef,
{
    let file: F = match timed(Stage::Parse, || model::parse(path, source)) {
        Ok(file) => file,
        Err(d) => return checked.diagnostics.push(d),
    };
    let plan_ref = file.plan_ref();
    let plan_path = followup::plan_path(path, &plan_ref.value);
    let (line, column) = (plan_ref.referenced.line(), plan_ref.referenced.column());
    if !plan_path.is_file() {
        return checked.diagnostics.push(
            Diagnostic::error(path, format!("planen {} finns inte", plan_path.display()))
                .at(line, column)
                .field("plan")
                .hint("ange planens filnamn; filen ska ligga i samma mapp som uppföljningen"),
        );
    }
    let (plan, plan_diags) = check_plan(&plan_path);
    let Some((plan, scored)) = plan else {
        let errors = plan_diags.error_count();
        return checked.diagnostics.push(
            Diagnostic::error(
                path,
                format!(
                    "planen {} har {errors} fel, så uppföljningen kan inte göras",
                    plan_path.display()
                ),
            )
            .at(line, column)
            .field("plan")
            .hint(format!("kör riskrapport check {}", plan_path.display())),
        );
    };
    if let Some((views, date)) = make(&file, &plan, &scored, &mut checked.diagnostics) {
        let mut inputs = vec![path.to_path_buf()];
        inputs.extend(plan.inputs.iter().cloned());
        for (kind, view) in views {
            checked
                .jobs
                .push(job(&plan, kind, view, date, inputs.clone()));
        }
    }
}

/// A follow-up names its plan.
pub trait PlanRef {
    /// The `plan:` value with its place.
    fn plan_ref(&self) -> &serde_saphyr::Spanned<String>;
}

impl PlanRef for T2File {
    fn plan_ref(&self) -> &serde_saphyr::Spanned<String> {
        &self.plan
    }
}

impl PlanRef for VbFile {
    fn plan_ref(&self) -> &serde_saphyr::Spanned<String> {
        &self.plan
    }
}
