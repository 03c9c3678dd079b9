//! The validated plan: what every later stage works from. Values here are
//! known to be in range and consistent; places are kept for messages.

use std::path::PathBuf;

use chrono::NaiveDate;

pub use crate::model::{ActionStatus, ControlsExist, IkpColumn, Numbering, PlanReport, VorColumn};

/// A nämnd's plan, checked.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan file.
    pub source: PathBuf,
    /// Every file the plan was made from: the plan, then its risk model if separate.
    pub inputs: Vec<PathBuf>,
    /// Who, when and which diarienummer.
    pub meta: Meta,
    /// The risk model in force.
    pub model: RiskModel,
    /// The nämnd's own words for the grouping levels.
    pub labels: GroupLabels,
    /// The VoR report's settings.
    pub vor: VorSettings,
    /// The internkontrollplan's settings.
    pub ikp: IkpSettings,
    /// The "Samlad riskbild och Åtgärdsplan" report's settings.
    pub riskbild: RiskPictureSettings,
    /// The verksamhetsplan bundle's settings.
    pub bundle: BundleSettings,
    /// The reports to make, in order.
    pub reports: Vec<PlanReport>,
    /// Every risk once, in the order first defined.
    pub risks: Vec<Risk>,
    /// Every listing of a risk under a mål/process/delprocess, in document order.
    pub places: Vec<Place>,
}

/// Document metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    pub kommun: String,
    pub namnd: String,
    pub forvaltning: Option<String>,
    pub ar: i32,
    pub diarienummer: Option<String>,
    pub datum: NaiveDate,
}

/// Column words for the grouping levels.
#[derive(Debug, Clone)]
pub struct GroupLabels {
    pub mal: String,
    pub process: String,
    pub delprocess: String,
}

/// A text section: a heading and blocks.
#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub text: String,
    pub subsections: Vec<Section>,
}

/// The "Verksamhetsplan – intern kontroll" bundle's settings.
#[derive(Debug, Clone)]
pub struct BundleSettings {
    /// The cover's title, e.g. "Verksamhetsplan 2026 – intern kontroll".
    pub heading: String,
    /// The kind of document the page header names, e.g. "Tjänsteutlåtande".
    pub document_type: Option<String>,
    /// When the nämnd decided the plan, if given.
    pub decision_date: Option<NaiveDate>,
    /// The nämnd's System för intern kontroll.
    pub system: Vec<Section>,
}

/// VoR settings.
#[derive(Debug, Clone)]
pub struct VorSettings {
    pub sections: Vec<Section>,
    pub columns: Vec<VorColumn>,
}

/// Settings of the "Samlad riskbild och Åtgärdsplan" report.
#[derive(Debug, Clone)]
pub struct RiskPictureSettings {
    pub heading: String,
    pub sections: Vec<Section>,
}

/// IKP settings.
#[derive(Debug, Clone)]
pub struct IkpSettings {
    /// The plan's own heading for the IKP (part), if any.
    pub heading: Option<String>,
    pub sections: Vec<Section>,
    pub columns: Vec<IkpColumn>,
    pub numbering: Numbering,
}

/// Where a risk is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub mal: Option<String>,
    /// `None` for risks listed without grouping.
    pub process: Option<String>,
    pub delprocess: Option<String>,
    /// Index into `Plan::risks`.
    pub risk: usize,
}

/// A risk, defined once.
#[derive(Debug, Clone)]
pub struct Risk {
    pub nr: u32,
    pub title: String,
    pub description: Option<String>,
    pub preventive: Option<String>,
    pub direct_actions: Option<String>,
    /// Sannolikhet and konsekvens, or `None` for an unrated risk.
    pub rating: Option<Rating>,
    /// The nämnd's explicit choice, if it made one.
    pub ikp_choice: Option<bool>,
    pub motivation: Option<String>,
    pub control: Option<Control>,
    /// "Finns kontroller?" and its free text.
    pub controls_exist: Option<ControlsExist>,
    pub existing_controls: Option<String>,
    /// Riskreducerande åtgärder, with an optional line above them.
    pub actions_intro: Option<String>,
    pub actions: Vec<Action>,
    /// Metod för uppföljning.
    pub follow_up_method: Option<String>,
    /// Metod för granskning (IKP).
    pub review_method: Option<String>,
    /// The line where the risk is defined.
    pub line: u64,
}

/// An action: risk-reducing, or an improvement after a control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub description: Option<String>,
    pub responsible: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub status: Option<ActionStatus>,
}

/// Sannolikhet and konsekvens on the model's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    pub likelihood: u8,
    pub consequence: u8,
}

/// The control of an IKP risk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Control {
    pub moment: Option<String>,
    pub activity: Option<String>,
    pub responsible: Option<String>,
    pub when: Option<String>,
    pub reporting: Option<String>,
}

/// A risk model, checked: levels cover every possible riskvärde exactly once.
#[derive(Debug, Clone)]
pub struct RiskModel {
    pub name: Option<String>,
    /// Steps on each axis (4 or 5 in the seeds).
    pub scale: u8,
    pub likelihood_labels: Vec<String>,
    pub consequence_labels: Vec<String>,
    /// From lowest to highest.
    pub levels: Vec<Level>,
    pub level_rule: LevelRule,
    pub ikp_rule: IkpRule,
}

/// A level's name and colour.
#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    /// Red, green, blue.
    pub color: [u8; 3],
}

/// How a rating maps to a level.
#[derive(Debug, Clone)]
pub enum LevelRule {
    /// Inclusive riskvärde ranges, one per level.
    Thresholds(Vec<(u32, u32)>),
    /// A level index per cell: `cells[konsekvens - 1][sannolikhet - 1]`.
    Cells(Vec<Vec<usize>>),
}

/// Which risks go to the internkontrollplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IkpRule {
    /// Every risk with riskvärde ≥ the threshold, unless kept out with a motivering.
    Automatic { from: u32 },
    /// The nämnd chooses risk by risk.
    Chosen,
}
