//! A report kind in one place: its code (the PDF's and the Typst file's
//! name), its template, the view its template reads, how much work it
//! gives Typst, what the samlade bild calls it, and how its view is made.
//! A new kind is a row in each list here, its view (`report/<kind>.rs`)
//! and its template; the built-in templates are derived from these rows.

use serde::Serialize;

use super::bundle::{BundleView, t2_bundle, vb_bundle, verksamhetsplan};
use super::ikp::{IkpView, ikp};
use super::riskbild::{RiskPictureView, riskbild};
use super::t2::{T2View, t2};
use super::vb::{VbView, vb};
use super::view::{Fit, MetaView};
use super::vor::{VorView, vor};
use crate::score::Scored;
use crate::validate::followup::FollowUp;
use crate::validate::{Plan, PlanReport};

/// A template built into the program: its name and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub source: &'static str,
}

/// A template of `report-templates/`, built in.
macro_rules! template {
    ($name:literal) => {
        Template {
            name: $name,
            source: include_str!(concat!("../../report-templates/", $name)),
        }
    };
}

/// The templates the kinds' templates build on: the page and its furniture,
/// the shared pieces, and each report's contents as a chapter.
const SHARED: [Template; 3] = [
    template!("base.typ.j2"),
    template!("parts.typ.j2"),
    template!("chapters.typ.j2"),
];

/// The template of every document made of chapters.
const BUNDLE: Template = template!("bundle.typ.j2");

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

/// What a kind of report is.
struct Facts {
    /// The PDF's file name stem, the Typst file's and the PDF identity's last part.
    code: &'static str,
    /// The template that writes it.
    template: Template,
    /// The work it gives Typst per risk of its plan: more for the documents
    /// that hold several reports.
    weight: usize,
    /// What the samlade bild calls it among a nämnd's documents; none for a
    /// bilaga (it repeats its report) and for the samlade bild itself.
    document: Option<&'static str>,
}

impl ReportKind {
    /// Every kind, in order.
    pub const ALL: [ReportKind; 9] = [
        ReportKind::Vor,
        ReportKind::Ikp,
        ReportKind::Riskbild,
        ReportKind::T2,
        ReportKind::Vb,
        ReportKind::Verksamhetsplan,
        ReportKind::T2Bundle,
        ReportKind::VbBundle,
        ReportKind::CityRollup,
    ];

    fn facts(self) -> Facts {
        let (code, template, weight, document) = match self {
            ReportKind::Vor => ("vor", template!("vor.typ.j2"), 1, Some("VoR")),
            ReportKind::Ikp => ("ikp", template!("ikp.typ.j2"), 1, Some("IKP")),
            ReportKind::Riskbild => (
                "riskbild",
                template!("riskbild.typ.j2"),
                2,
                Some("Riskbild"),
            ),
            ReportKind::T2 => ("t2", template!("t2.typ.j2"), 1, Some("T2")),
            ReportKind::Vb => ("vb", template!("vb.typ.j2"), 1, Some("VB")),
            ReportKind::Verksamhetsplan => ("verksamhetsplan", BUNDLE, 3, Some("Verksamhetsplan")),
            ReportKind::T2Bundle => ("t2-bilaga", BUNDLE, 2, None),
            ReportKind::VbBundle => ("vb-bilaga", BUNDLE, 2, None),
            ReportKind::CityRollup => ("sammanställning", BUNDLE, 1, None),
        };
        Facts {
            code,
            template,
            weight,
            document,
        }
    }

    /// The file name's stem: `vor`, `t2-bilaga`, `sammanställning`.
    pub fn code(self) -> &'static str {
        self.facts().code
    }

    /// The name of the template that writes it.
    pub fn template(self) -> &'static str {
        self.facts().template.name
    }

    /// The work it gives Typst for each risk of its plan.
    pub fn weight(self) -> usize {
        self.facts().weight
    }

    /// What the samlade bild calls it, when it lists it.
    pub fn document(self) -> Option<&'static str> {
        self.facts().document
    }
}

/// The templates built into the program: the shared ones, then each
/// kind's, once each.
pub fn builtin_templates() -> Vec<Template> {
    let mut templates = SHARED.to_vec();
    for kind in ReportKind::ALL {
        let template = kind.facts().template;
        if !templates.contains(&template) {
            templates.push(template);
        }
    }
    templates
}

/// A report's view, ready for its template; it serializes as the view itself.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum View {
    Vor(VorView),
    Ikp(IkpView),
    Riskbild(RiskPictureView),
    T2(T2View),
    Vb(VbView),
    Bundle(BundleView),
}

/// `$body` with `$v` bound to the view inside `$view`, whichever it is.
macro_rules! each_view {
    ($view:expr, $v:ident => $body:expr) => {
        match $view {
            View::Vor($v) => $body,
            View::Ikp($v) => $body,
            View::Riskbild($v) => $body,
            View::T2($v) => $body,
            View::Vb($v) => $body,
            View::Bundle($v) => $body,
        }
    };
}

impl View {
    /// The document's title, date and other furniture.
    pub fn meta(&self) -> &MetaView {
        each_view!(self, v => &v.meta)
    }

    /// The furniture, to set what the build decides (attachments, fit).
    pub fn meta_mut(&mut self) -> &mut MetaView {
        each_view!(self, v => &mut v.meta)
    }

    /// How tightly the pages are set, and from where (see `MetaView::fit`).
    pub fn set_fit(&mut self, fit: Fit) {
        let meta = self.meta_mut();
        meta.fit = fit.setting;
        meta.fit_from = fit.from;
    }
}

/// The report a plan makes for each report it lists: its kind and view.
pub fn plan_report(report: PlanReport, plan: &Plan, scored: &Scored) -> (ReportKind, View) {
    match report {
        PlanReport::Vor => (ReportKind::Vor, View::Vor(vor(plan, scored))),
        PlanReport::Ikp => (
            ReportKind::Ikp,
            View::Ikp(ikp(plan, scored, plan.meta.datum)),
        ),
        PlanReport::Riskbild => (ReportKind::Riskbild, View::Riskbild(riskbild(plan, scored))),
        PlanReport::Verksamhetsplan => (
            ReportKind::Verksamhetsplan,
            View::Bundle(verksamhetsplan(plan, scored)),
        ),
    }
}

/// The reports a follow-up of `plan` makes: its report and its bilaga.
pub fn follow_up_reports(
    plan: &Plan,
    scored: &Scored,
    follow_up: &FollowUp,
) -> [(ReportKind, View); 2] {
    match follow_up {
        FollowUp::T2(follow_up) => {
            let view = t2(plan, scored, follow_up);
            let bundle = t2_bundle(plan, scored, view.clone(), follow_up.date);
            [
                (ReportKind::T2, View::T2(view)),
                (ReportKind::T2Bundle, View::Bundle(bundle)),
            ]
        }
        FollowUp::Vb(follow_up) => {
            let view = vb(plan, scored, follow_up);
            let bundle = vb_bundle(plan, scored, view.clone(), follow_up.date);
            [
                (ReportKind::Vb, View::Vb(view)),
                (ReportKind::VbBundle, View::Bundle(bundle)),
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_code_and_a_template_built_in() {
        let mut codes: Vec<&str> = ReportKind::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), ReportKind::ALL.len());
        let names: Vec<&str> = builtin_templates().iter().map(|t| t.name).collect();
        for kind in ReportKind::ALL {
            assert!(names.contains(&kind.template()), "{kind:?}");
        }
        // ALL lists every kind once, in order.
        assert!(ReportKind::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ReportKind::ALL.last(), Some(&ReportKind::CityRollup));
    }
}
