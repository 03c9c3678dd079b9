//! The validated plan: what every later stage works from. Values here are
//! known to be in range and consistent; places are kept for messages.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::tables::Table;
pub use crate::model::{
    ActionStatus, ChapterReport, ControlsExist, FollowsPlan, IkpColumn, Numbering, Outcome,
    PlanReport, T2Scope, Verdict, VorColumn,
};
use crate::model::{JaNej, ModelPart, RiskEntry};

/// A nämnd's plan, checked.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan file.
    pub source: PathBuf,
    /// Every file the plan was made from: the plan, then its risk model if separate.
    pub inputs: Vec<Input>,
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
    /// The internkontrollplan's own grouping and order, when it has one.
    pub ikp_places: Option<Vec<Place>>,
    /// The kommun's logotyp, when the data names one.
    pub logo: Option<Logo>,
    /// Last year's plan as `föregående` names it, and where.
    pub previous: Option<(String, (u64, u64))>,
    /// Risks of last year's plan left out this year, with the reason.
    pub dropped: Vec<DroppedRisk>,
}

/// A risk of last year's plan that this year's leaves out (`utgått`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedRisk {
    /// Its number in last year's plan.
    pub nr: u32,
    pub reason: String,
    /// Where the data says so.
    pub at: (u64, u64),
}

/// A logotyp, checked: an image inside the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub path: std::path::PathBuf,
    /// What it shows, for screen readers.
    pub alt: String,
}

/// A file a report is made from, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub kind: InputKind,
}

/// What an input file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A nämnd's plan.
    Plan,
    /// A shared risk model.
    Model,
    /// A T2 or VB follow-up.
    FollowUp,
    /// Last year's plan or follow-up, which the report compares with.
    Previous,
    /// The kommun's `kommun.yaml`.
    City,
}

/// Document metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The kommun, when the data says which.
    pub kommun: Option<String>,
    pub namnd: String,
    pub forvaltning: Option<String>,
    pub ar: i32,
    pub diarienummer: Option<String>,
    pub datum: NaiveDate,
    /// A proposal or decided, and whether the data is an example.
    pub standing: super::Standing,
}

/// The nämnd's words for the grouping levels and some columns.
#[derive(Debug, Clone)]
pub struct GroupLabels {
    pub mal: String,
    pub process: String,
    pub delprocess: String,
    pub risk: ColumnTitle,
    pub follow_up_method: ColumnTitle,
    pub review_method: ColumnTitle,
}

/// A column's title and the note under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnTitle {
    pub title: String,
    pub note: Option<String>,
}

/// A text section: a heading, text, tables and the text after them.
#[derive(Debug, Clone, Default)]
pub struct Section {
    pub heading: String,
    /// The number the source prints, where it is not the count.
    pub number: Option<String>,
    pub text: String,
    pub tables: Vec<Table>,
    pub text_after: String,
    pub subsections: Vec<Section>,
}

/// A chapter of the verksamhetsplan bundle.
#[derive(Debug, Clone)]
pub enum Chapter {
    /// A part the tool makes.
    Report(ChapterReport),
    /// The nämnd's own text and tables: the chapter's heading and intro
    /// in `section`, its sections numbered when `numbered`.
    Own { section: Section, numbered: bool },
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
    /// The chapters in the nämnd's order.
    pub chapters: Vec<Chapter>,
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
    /// Riskägaren.
    pub owner: Option<String>,
    /// The ground for secrecy (`sekretess: OSL 18 kap. 8 §`): the PDFs show
    /// the risk as written, the web pages only that it is secret and why.
    pub secrecy: Option<String>,
    /// Where the risk is written in full (its `nr:`).
    pub at: (u64, u64),
    /// Sannolikhet and konsekvens, or `None` for an unrated risk.
    pub rating: Option<Rating>,
    /// The nämnd's explicit choice, if it made one.
    pub ikp_choice: Option<bool>,
    pub motivation: Option<String>,
    /// The controls of the risk in the internkontrollplan (most have one).
    pub controls: Vec<Control>,
    /// The rating is assumed, not the source's.
    pub assumed: bool,
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
    /// Its number in last year's plan, when it changed, and where that is written.
    pub previous_nr: Option<(u32, (u64, u64))>,
}

impl Risk {
    /// The risk as its entry writes it: every text and choice copied here,
    /// beside the field it lands in, so a new key of the kind is added in
    /// this file alone. What `risks` checks (the rating, the controls, the
    /// actions, last year's nr) starts out empty.
    pub fn as_written(nr: u32, title: &str, entry: &RiskEntry) -> Risk {
        Risk {
            nr,
            title: title.to_owned(),
            description: entry.beskrivning.clone(),
            preventive: entry.forebyggande_hantering.clone(),
            direct_actions: entry.direktatgarder.clone(),
            owner: entry.riskagare.clone(),
            secrecy: entry
                .sekretess
                .as_ref()
                .map(|s| s.value.trim().to_owned())
                .filter(|s| !s.is_empty()),
            at: (entry.nr.referenced.line(), entry.nr.referenced.column()),
            rating: None,
            ikp_choice: entry.ikp.as_ref().map(|c| c.value == JaNej::Ja),
            motivation: entry.motivering.clone(),
            controls: Vec::new(),
            assumed: entry.antaget.as_ref().is_some_and(|a| a.value == JaNej::Ja),
            controls_exist: entry.finns_kontroller.as_ref().map(|c| c.value),
            existing_controls: entry.befintliga_kontroller.clone(),
            actions_intro: entry.atgarder_inledning.clone(),
            actions: Vec::new(),
            follow_up_method: entry.uppfoljningsmetod.clone(),
            review_method: entry.granskningsmetod.clone(),
            previous_nr: None,
        }
    }
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

impl Action {
    /// Past its end date on `date` and not done: late.
    pub fn is_late(&self, date: NaiveDate) -> bool {
        self.end.is_some_and(|end| end < date) && self.status != Some(ActionStatus::Klar)
    }
}

/// Sannolikhet and konsekvens on the model's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    pub likelihood: u8,
    pub consequence: u8,
}

impl Rating {
    /// Riskvärde = sannolikhet × konsekvens.
    pub fn value(self) -> u32 {
        self.likelihood as u32 * self.consequence as u32
    }
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
    /// Steps on each axis (4×4 or 5×5 in the seeds; 5×4 is common too).
    pub scale: Scale,
    pub likelihood_labels: Vec<String>,
    pub consequence_labels: Vec<String>,
    /// From lowest to highest.
    pub levels: Vec<Level>,
    pub level_rule: LevelRule,
    pub ikp_rule: IkpRule,
    /// The kommun's own hyphenation entries (`skol-skjuts`).
    pub hyphenation: Vec<String>,
    /// The parts the model file says are assumed (`antagna:`), in the
    /// order the sentence under the matrix names them.
    pub assumed: Vec<ModelPart>,
}

/// A level's name and colour.
#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    /// The name in the plural, in running text: "kritiska".
    pub plural: String,
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

impl RiskModel {
    /// The level (index into `levels`) of a rating.
    pub fn level_of(&self, rating: Rating) -> usize {
        match &self.level_rule {
            LevelRule::Thresholds(ranges) => {
                let rv = rating.value();
                ranges
                    .iter()
                    .position(|(from, to)| *from <= rv && rv <= *to)
                    .expect("validation guarantees the levels cover every risk value")
            }
            LevelRule::Cells(cells) => {
                cells[rating.consequence as usize - 1][rating.likelihood as usize - 1]
            }
        }
    }

    /// Whether a rating is at or above the automatic rule's threshold
    /// (never under `val`).
    pub fn reaches_ikp_threshold(&self, rating: Rating) -> bool {
        match self.ikp_rule {
            IkpRule::Automatic(IkpThreshold::RiskValue(from)) => rating.value() >= from,
            IkpRule::Automatic(IkpThreshold::Level(from)) => self.level_of(rating) >= from,
            IkpRule::Chosen => false,
        }
    }

    /// Whether a risk goes to the internkontrollplan under the model's rule.
    pub fn takes_to_ikp(&self, risk: &Risk) -> bool {
        match risk.ikp_choice {
            Some(choice) => choice,
            None => risk
                .rating
                .is_some_and(|rating| self.reaches_ikp_threshold(rating)),
        }
    }
}

/// The steps of a model's two axes: sannolikhet along the matrix's
/// bottom, konsekvens up its side. Most models are square.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub likelihood: u8,
    pub consequence: u8,
}

impl Scale {
    /// The same number of steps on both axes.
    pub fn square(steps: u8) -> Self {
        Scale {
            likelihood: steps,
            consequence: steps,
        }
    }

    pub fn is_square(self) -> bool {
        self.likelihood == self.consequence
    }

    /// The highest riskvärde: both axes' top steps multiplied.
    pub fn highest_value(self) -> u32 {
        self.likelihood as u32 * self.consequence as u32
    }

    /// "5×4": sannolikhet × konsekvens, as docs/writing.md and the reports write it.
    pub fn label(self) -> String {
        format!("{}×{}", self.likelihood, self.consequence)
    }
}

/// Every riskvärde a scale can produce, ascending.
pub fn possible_values(scale: Scale) -> Vec<u32> {
    let mut values: Vec<u32> = (1..=scale.likelihood as u32)
        .flat_map(|s| (1..=scale.consequence as u32).map(move |k| s * k))
        .collect();
    values.sort_unstable();
    values.dedup();
    values
}

/// Which risks go to the internkontrollplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IkpRule {
    /// Every risk at or above the threshold, unless kept out with a motivering.
    Automatic(IkpThreshold),
    /// The nämnd chooses risk by risk.
    Chosen,
}

/// Where an automatic IKP rule starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IkpThreshold {
    /// A riskvärde (`från_riskvärde`).
    RiskValue(u32),
    /// A level, as an index into `RiskModel::levels` (`från_nivå`). A model
    /// coloured cell by cell can put a low riskvärde on a high level, so
    /// the level, not the riskvärde, decides.
    Level(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(rule: LevelRule, ikp_rule: IkpRule) -> RiskModel {
        let level = |name: &str| Level {
            name: name.into(),
            plural: name.into(),
            color: [0, 0, 0],
        };
        RiskModel {
            name: None,
            scale: Scale::square(4),
            likelihood_labels: vec![String::new(); 4],
            consequence_labels: vec![String::new(); 4],
            levels: vec![
                level("Låg"),
                level("Medium"),
                level("Hög"),
                level("Kritisk"),
            ],
            level_rule: rule,
            ikp_rule,
            hyphenation: Vec::new(),
            assumed: Vec::new(),
        }
    }

    fn amn() -> RiskModel {
        model(
            LevelRule::Thresholds(vec![(1, 2), (3, 7), (8, 9), (12, 16)]),
            IkpRule::Automatic(IkpThreshold::RiskValue(8)),
        )
    }

    fn rating(s: u8, k: u8) -> Rating {
        Rating {
            likelihood: s,
            consequence: k,
        }
    }

    fn risk(s: u8, k: u8, choice: Option<bool>) -> Risk {
        Risk {
            nr: 1,
            title: "x".into(),
            description: None,
            preventive: None,
            direct_actions: None,
            owner: None,
            secrecy: None,
            at: (0, 0),
            rating: Some(rating(s, k)),
            ikp_choice: choice,
            motivation: None,
            controls: Vec::new(),
            assumed: false,
            controls_exist: None,
            existing_controls: None,
            actions_intro: None,
            actions: Vec::new(),
            follow_up_method: None,
            review_method: None,
            previous_nr: None,
        }
    }

    #[test]
    fn risk_value_is_product() {
        assert_eq!(rating(3, 4).value(), 12);
        assert_eq!(rating(1, 1).value(), 1);
    }

    #[test]
    fn four_by_four_never_gives_ten_or_eleven() {
        assert_eq!(
            possible_values(Scale::square(4)),
            vec![1, 2, 3, 4, 6, 8, 9, 12, 16]
        );
    }

    #[test]
    fn five_by_four_gives_twenty_at_most_and_never_eighteen() {
        let values = possible_values(Scale {
            likelihood: 5,
            consequence: 4,
        });
        assert_eq!(values.last(), Some(&20));
        assert!(values.contains(&15) && values.contains(&16));
        assert!(!values.contains(&18) && !values.contains(&25));
    }

    #[test]
    fn thresholds_pick_the_level() {
        let m = amn();
        assert_eq!(m.level_of(rating(1, 2)), 0);
        assert_eq!(m.level_of(rating(1, 3)), 1);
        assert_eq!(m.level_of(rating(2, 4)), 2);
        assert_eq!(m.level_of(rating(3, 3)), 2);
        assert_eq!(m.level_of(rating(3, 4)), 3);
    }

    #[test]
    fn cells_pick_the_level_by_position() {
        let mut cells = vec![vec![0; 4]; 4];
        cells[3][0] = 2; // konsekvens 4, sannolikhet 1
        let m = model(LevelRule::Cells(cells), IkpRule::Chosen);
        assert_eq!(m.level_of(rating(1, 4)), 2);
        assert_eq!(m.level_of(rating(4, 1)), 0);
    }

    #[test]
    fn automatic_ikp_from_threshold_unless_kept_out() {
        let m = amn();
        assert!(m.takes_to_ikp(&risk(2, 4, None)));
        assert!(!m.takes_to_ikp(&risk(1, 4, None)));
        assert!(!m.takes_to_ikp(&risk(2, 4, Some(false))));
        assert!(m.takes_to_ikp(&risk(1, 1, Some(true))));
    }

    #[test]
    fn automatic_ikp_from_level_follows_the_cells_not_the_value() {
        // Konsekvens 4, sannolikhet 1 (RV 4) is Hög; konsekvens 2,
        // sannolikhet 3 (RV 6) is Medium.
        let mut cells = vec![vec![1; 4]; 4];
        cells[3][0] = 2;
        let m = model(
            LevelRule::Cells(cells),
            IkpRule::Automatic(IkpThreshold::Level(2)),
        );
        assert!(m.takes_to_ikp(&risk(1, 4, None)));
        assert!(!m.takes_to_ikp(&risk(3, 2, None)));
        assert!(!m.takes_to_ikp(&risk(1, 4, Some(false))));
        assert!(m.takes_to_ikp(&risk(3, 2, Some(true))));
    }

    #[test]
    fn chosen_ikp_only_when_chosen() {
        let m = model(LevelRule::Thresholds(vec![(1, 16)]), IkpRule::Chosen);
        assert!(!m.takes_to_ikp(&risk(4, 4, None)));
        assert!(m.takes_to_ikp(&risk(1, 1, Some(true))));
    }
}
