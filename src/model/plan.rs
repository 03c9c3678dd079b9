//! The plan file and the risk model file as serde types, exactly as written.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::table::TableDef;

/// A nämnd's plan for one year: metadata, settings, and risks grouped by
/// mål → process → delprocess.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// The kommun; left out when the source does not say.
    pub kommun: Option<String>,
    #[serde(rename = "nämnd")]
    pub namnd: String,
    #[serde(rename = "förvaltning")]
    pub forvaltning: Option<String>,
    #[serde(rename = "år")]
    pub ar: Spanned<i64>,
    pub diarienummer: Option<String>,
    pub datum: Spanned<String>,
    /// Last year's plan, relative to this file; without it, the plan for
    /// `år` − 1 in the same folder, if there is one.
    #[serde(rename = "föregående")]
    pub foregaende: Option<Spanned<String>>,
    /// Risks of last year's plan that this year's leaves out, and why.
    #[serde(rename = "utgått")]
    pub utgatt: Option<Spanned<Vec<DroppedDef>>>,
    pub riskmodell: Spanned<ModelRef>,
    /// The kommun's logotyp for covers and page headers (overrides the model's).
    pub logotyp: Option<Spanned<LogoDef>>,
    #[serde(rename = "benämningar", default)]
    pub benamningar: Labels,
    #[serde(default)]
    pub vor: ReportSettings<VorColumn>,
    #[serde(default)]
    pub ikp: IkpSettings,
    /// Which reports the plan makes (default: vor, ikp, and riskbild when configured).
    pub rapporter: Option<Vec<PlanReport>>,
    /// The "Samlad riskbild och Åtgärdsplan" report's settings.
    pub riskbild: Option<RiskPictureSettings>,
    /// The "Verksamhetsplan – intern kontroll" bundle's settings.
    pub verksamhetsplan: Option<BundleSettings>,
    #[serde(rename = "mål")]
    pub mal: Option<Spanned<Vec<GoalDef>>>,
    pub processer: Option<Spanned<Vec<ProcessDef>>>,
    /// Risks without grouping.
    pub risker: Option<Spanned<Vec<RiskEntry>>>,
}

/// A risk of last year's plan that is left out this year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DroppedDef {
    /// Its number in last year's plan.
    pub nr: Spanned<i64>,
    pub motivering: Spanned<String>,
}

/// A report a plan can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanReport {
    Vor,
    Ikp,
    Riskbild,
    Verksamhetsplan,
}

/// Settings of the "Verksamhetsplan – intern kontroll" bundle: the cover's
/// decision date and the nämnd's System för intern kontroll.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleSettings {
    pub rubrik: Option<String>,
    /// The kind of document the page header names, e.g. "Tjänsteutlåtande".
    pub dokumenttyp: Option<String>,
    pub beslutsdatum: Option<Spanned<String>>,
    #[serde(rename = "system_för_intern_kontroll", default)]
    pub system_for_intern_kontroll: Vec<SectionDef>,
    /// The bundle's chapters in the nämnd's order; by default the System
    /// för intern kontroll, the VoR and the IKP.
    pub kapitel: Option<Spanned<Vec<ChapterDef>>>,
}

/// A chapter of the bundle: a part the tool makes (`rapport: vor`), or the
/// nämnd's own text and tables (`rubrik: …`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterDef {
    pub rapport: Option<Spanned<ChapterReport>>,
    pub rubrik: Option<Spanned<String>>,
    /// Whether the chapter's sections are numbered 1., 2., 2.1 … (default ja).
    pub numrering: Option<JaNej>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub tabeller: Vec<TableDef>,
    #[serde(default)]
    pub text_efter: String,
    #[serde(default)]
    pub underavsnitt: Vec<SectionDef>,
}

/// A part of the bundle the tool makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ChapterReport {
    #[serde(rename = "system_för_intern_kontroll")]
    SystemForInternKontroll,
    #[serde(rename = "vor")]
    Vor,
    #[serde(rename = "ikp")]
    Ikp,
    #[serde(rename = "riskbild")]
    Riskbild,
}

/// Settings of the "Samlad riskbild och Åtgärdsplan" report.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskPictureSettings {
    pub rubrik: Option<String>,
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
}

/// The nämnd's own words for the grouping levels and some columns.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    #[serde(rename = "mål")]
    pub mal: Option<String>,
    pub process: Option<String>,
    pub delprocess: Option<String>,
    /// The risk column: "Oönskad händelse", "Risk", "Identifierad risk".
    pub risk: Option<Title>,
    /// The riskbild's "Metod för uppföljning".
    #[serde(rename = "uppföljningsmetod")]
    pub uppfoljningsmetod: Option<Title>,
    /// The riskbild's IKP part's "Metod för granskning".
    pub granskningsmetod: Option<Title>,
}

/// A column's title, with an optional note under it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Title {
    Plain(String),
    Noted(NotedTitle),
}

/// A title with a note: `{ rubrik: Metod för granskning, anteckning: (…) }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotedTitle {
    pub rubrik: String,
    pub anteckning: Option<String>,
}

/// A logotyp: an SVG or PNG file beside the data, and what it shows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoDef {
    /// The file, relative to the YAML file that names it.
    pub fil: String,
    /// What the logotyp shows, for screen readers (PDF/UA).
    pub alt: String,
}

/// Settings shared by the reports: text sections and table columns.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, bound = "C: Deserialize<'de>")]
pub struct ReportSettings<C> {
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    pub kolumner: Option<Spanned<Vec<C>>>,
}

impl<C> Default for ReportSettings<C> {
    fn default() -> Self {
        ReportSettings {
            avsnitt: Vec::new(),
            kolumner: None,
        }
    }
}

/// The internkontrollplan's settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IkpSettings {
    /// A heading of the plan's own, e.g. "Internkontrollplan 2023".
    pub rubrik: Option<String>,
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    pub kolumner: Option<Spanned<Vec<IkpColumn>>>,
    pub numrering: Option<Numbering>,
    /// The plan's own grouping and order of its risks, by nr, when it is
    /// not the VoR's.
    #[serde(rename = "mål")]
    pub mal: Option<Spanned<Vec<GoalDef>>>,
    pub processer: Option<Spanned<Vec<ProcessDef>>>,
}

/// A heading with text; text is paragraphs split by blank lines, and lines
/// starting with "- " or "• " are bullets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    pub rubrik: Spanned<String>,
    /// The number as the source prints it ("5.2.6"), where it is not the
    /// count; the sections after it count on from it.
    pub nummer: Option<Spanned<String>>,
    #[serde(default)]
    pub text: String,
    /// Tables after the text.
    #[serde(default)]
    pub tabeller: Vec<TableDef>,
    /// Text after the tables: notes under a table.
    #[serde(default)]
    pub text_efter: String,
    /// Subsections, at most two levels below the section.
    #[serde(default)]
    pub underavsnitt: Vec<SectionDef>,
}

/// A column of the VoR table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VorColumn {
    Nr,
    Risk,
    Sannolikhet,
    Konsekvens,
    #[serde(rename = "riskvärde")]
    Riskvarde,
    #[serde(rename = "risknivå")]
    Riskniva,
    Ikp,
    #[serde(rename = "direktåtgärder")]
    Direktatgarder,
}

impl VorColumn {
    /// The column's name as the data writes it.
    pub fn name(self) -> &'static str {
        match self {
            VorColumn::Nr => "nr",
            VorColumn::Risk => "risk",
            VorColumn::Sannolikhet => "sannolikhet",
            VorColumn::Konsekvens => "konsekvens",
            VorColumn::Riskvarde => "riskvärde",
            VorColumn::Riskniva => "risknivå",
            VorColumn::Ikp => "ikp",
            VorColumn::Direktatgarder => "direktåtgärder",
        }
    }
}

/// A column of the internkontrollplan table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IkpColumn {
    Nr,
    Risk,
    #[serde(rename = "riskvärde")]
    Riskvarde,
    #[serde(rename = "risknivå")]
    Riskniva,
    Kontrollmoment,
    Kontrollaktivitet,
    Kontroll,
    Ansvarig,
    Tidpunkt,
    Rapportering,
}

impl IkpColumn {
    /// The column's name as the data writes it.
    pub fn name(self) -> &'static str {
        match self {
            IkpColumn::Nr => "nr",
            IkpColumn::Risk => "risk",
            IkpColumn::Riskvarde => "riskvärde",
            IkpColumn::Riskniva => "risknivå",
            IkpColumn::Kontrollmoment => "kontrollmoment",
            IkpColumn::Kontrollaktivitet => "kontrollaktivitet",
            IkpColumn::Kontroll => "kontroll",
            IkpColumn::Ansvarig => "ansvarig",
            IkpColumn::Tidpunkt => "tidpunkt",
            IkpColumn::Rapportering => "rapportering",
        }
    }
}

/// How the internkontrollplan numbers its risks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// The risk's own nr from the VoR.
    Vor,
    /// 1, 2, 3 … in the plan's order.
    #[serde(rename = "löpande")]
    Lopande,
}

/// A KF:s mål with its processes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalDef {
    #[serde(rename = "mål")]
    pub mal: Spanned<String>,
    pub processer: Vec<ProcessDef>,
}

/// A process with either delprocesser or risks directly.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessDef {
    pub process: Spanned<String>,
    pub delprocesser: Option<Vec<SubprocessDef>>,
    pub risker: Option<Vec<RiskEntry>>,
}

/// A delprocess (arbetssätt) with its risks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubprocessDef {
    pub delprocess: Spanned<String>,
    #[serde(default)]
    pub risker: Vec<RiskEntry>,
}

/// A risk as written: a full definition, or only `nr` as a reference to a
/// risk defined elsewhere in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskEntry {
    pub nr: Spanned<i64>,
    /// The risk's number in last year's plan, when it has changed.
    pub tidigare_nr: Option<Spanned<i64>>,
    /// The rating is last year's, carried over by `nytt-år`, and is to be
    /// looked at again.
    #[serde(rename = "omprövas")]
    pub omprovas: Option<Spanned<JaNej>>,
    pub risk: Option<String>,
    pub beskrivning: Option<String>,
    #[serde(rename = "förebyggande_hantering")]
    pub forebyggande_hantering: Option<String>,
    pub sannolikhet: Option<Spanned<i64>>,
    pub konsekvens: Option<Spanned<i64>>,
    #[serde(rename = "direktåtgärder")]
    pub direktatgarder: Option<String>,
    pub ikp: Option<Spanned<JaNej>>,
    pub motivering: Option<String>,
    pub kontroll: Option<Control>,
    /// Several controls of one risk.
    pub kontroller: Option<Spanned<Vec<Control>>>,
    /// The rating is assumed (the source lacks it): the reports say so.
    pub antaget: Option<Spanned<JaNej>>,
    /// "Finns kontroller?"
    pub finns_kontroller: Option<Spanned<ControlsExist>>,
    pub befintliga_kontroller: Option<String>,
    /// A line above the list of åtgärder.
    #[serde(rename = "åtgärder_inledning")]
    pub atgarder_inledning: Option<String>,
    /// Riskreducerande åtgärder.
    #[serde(rename = "åtgärder")]
    pub atgarder: Option<Vec<ActionDef>>,
    /// Metod för uppföljning.
    #[serde(rename = "uppföljningsmetod")]
    pub uppfoljningsmetod: Option<String>,
    /// Metod för granskning (IKP).
    pub granskningsmetod: Option<String>,
}

/// Whether controls exist for a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ControlsExist {
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "nej")]
    Nej,
    #[serde(rename = "till viss del")]
    TillVissDel,
}

/// A risk-reducing action or an improvement action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    #[serde(rename = "åtgärd")]
    pub atgard: Spanned<String>,
    pub beskrivning: Option<String>,
    pub ansvarig: Option<String>,
    pub start: Option<Spanned<String>>,
    pub slut: Option<Spanned<String>>,
    pub status: Option<ActionStatus>,
}

/// How far an action has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ActionStatus {
    #[serde(rename = "ej påbörjad")]
    EjPaborjad,
    #[serde(rename = "pågår")]
    Pagar,
    #[serde(rename = "klar")]
    Klar,
}

impl RiskEntry {
    /// True when only `nr` is given: a reference to a risk defined elsewhere.
    pub fn is_reference(&self) -> bool {
        self.risk.is_none()
            && self.tidigare_nr.is_none()
            && self.omprovas.is_none()
            && self.beskrivning.is_none()
            && self.forebyggande_hantering.is_none()
            && self.sannolikhet.is_none()
            && self.konsekvens.is_none()
            && self.direktatgarder.is_none()
            && self.ikp.is_none()
            && self.motivering.is_none()
            && self.kontroll.is_none()
            && self.kontroller.is_none()
            && self.antaget.is_none()
            && self.finns_kontroller.is_none()
            && self.befintliga_kontroller.is_none()
            && self.atgarder_inledning.is_none()
            && self.atgarder.is_none()
            && self.uppfoljningsmetod.is_none()
            && self.granskningsmetod.is_none()
    }

    /// True when two definitions say the same thing (places aside).
    pub fn same_content(&self, other: &RiskEntry) -> bool {
        let value = |s: &Option<Spanned<i64>>| s.as_ref().map(|s| s.value);
        self.risk == other.risk
            && value(&self.tidigare_nr) == value(&other.tidigare_nr)
            && self.omprovas.as_ref().map(|s| s.value) == other.omprovas.as_ref().map(|s| s.value)
            && self.beskrivning == other.beskrivning
            && self.forebyggande_hantering == other.forebyggande_hantering
            && value(&self.sannolikhet) == value(&other.sannolikhet)
            && value(&self.konsekvens) == value(&other.konsekvens)
            && self.direktatgarder == other.direktatgarder
            && self.ikp.as_ref().map(|s| s.value) == other.ikp.as_ref().map(|s| s.value)
            && self.motivering == other.motivering
            && self.kontroll == other.kontroll
            && self.kontroller.as_ref().map(|k| &k.value)
                == other.kontroller.as_ref().map(|k| &k.value)
            && self.antaget.as_ref().map(|a| a.value) == other.antaget.as_ref().map(|a| a.value)
            && self.finns_kontroller.as_ref().map(|s| s.value)
                == other.finns_kontroller.as_ref().map(|s| s.value)
            && self.befintliga_kontroller == other.befintliga_kontroller
            && self.atgarder_inledning == other.atgarder_inledning
            && self.atgarder == other.atgarder
            && self.uppfoljningsmetod == other.uppfoljningsmetod
            && self.granskningsmetod == other.granskningsmetod
    }
}

/// Ja or nej.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JaNej {
    Ja,
    Nej,
}

/// The control of an IKP risk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub kontrollmoment: Option<String>,
    pub kontrollaktivitet: Option<String>,
    pub ansvarig: Option<String>,
    pub tidpunkt: Option<String>,
    pub rapportering: Option<String>,
}

/// The plan's risk model: the name of a shared model file, or a model of its own.
#[derive(Debug)]
pub enum ModelRef {
    /// `riskmodell: stockholm-4x4` → `riskmodeller/stockholm-4x4.yaml`.
    Named(String),
    /// The model written inline.
    Inline(Box<RiskModelFile>),
}

impl<'de> Deserialize<'de> for ModelRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RefVisitor;
        impl<'de> Visitor<'de> for RefVisitor {
            type Value = ModelRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the name of a risk model, or a risk model")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ModelRef, E> {
                Ok(ModelRef::Named(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ModelRef, A::Error> {
                let model = RiskModelFile::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ModelRef::Inline(Box::new(model)))
            }
        }
        deserializer.deserialize_any(RefVisitor)
    }
}

/// A risk model: scale, labels, levels, colours and the IKP rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskModelFile {
    pub namn: Option<String>,
    /// Steps on each axis; without it, as many as each axis has labels.
    pub skala: Option<Spanned<ScaleDef>>,
    pub sannolikhet: Spanned<Vec<String>>,
    pub konsekvens: Spanned<Vec<String>>,
    #[serde(rename = "nivåer")]
    pub nivaer: Spanned<Vec<LevelDef>>,
    /// A level name per cell, one row per konsekvens (highest first), one
    /// column per sannolikhet (lowest first); instead of thresholds.
    pub celler: Option<Spanned<Vec<Vec<Spanned<String>>>>>,
    pub ikp: Spanned<IkpRuleDef>,
    /// The kommun's own words and where they may break (`skol-skjuts`).
    #[serde(default)]
    pub avstavning: Vec<Spanned<String>>,
    /// The kommun's logotyp for covers and page headers.
    pub logotyp: Option<Spanned<LogoDef>>,
}

/// A level (Låg, Medium, …) with its colour and, unless the model colours
/// cell by cell, its range of riskvärden.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    pub namn: Spanned<String>,
    /// The name's plural in running text ("kritiska"), when not the name + a.
    pub plural: Option<String>,
    #[serde(rename = "färg")]
    pub farg: Spanned<String>,
    #[serde(rename = "från")]
    pub fran: Option<Spanned<i64>>,
    pub till: Option<Spanned<i64>>,
}

/// Which risks go to the internkontrollplan.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IkpRuleDef {
    pub regel: IkpRuleKind,
    #[serde(rename = "från_riskvärde")]
    pub fran_riskvarde: Option<Spanned<i64>>,
    /// A level's name: every risk at or above that level goes to the IKP.
    #[serde(rename = "från_nivå")]
    pub fran_niva: Option<Spanned<String>>,
}

/// The kind of IKP rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IkpRuleKind {
    /// Every risk at or above `från_riskvärde` or `från_nivå` goes to the IKP.
    Automatisk,
    /// The nämnd chooses risk by risk (`ikp: ja`).
    Val,
}

/// A model's scale as written: `skala: 5` (both axes), or
/// `skala: {sannolikhet: 5, konsekvens: 4}`; anything else is kept as
/// what it was, so that validation can say what is expected at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScaleDef {
    Square(i64),
    Axes {
        sannolikhet: i64,
        konsekvens: i64,
    },
    /// Another kind of value: "en lista", "en text" …
    Wrong(&'static str),
}

impl<'de> Deserialize<'de> for ScaleDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScaleVisitor;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Axes {
            sannolikhet: i64,
            konsekvens: i64,
        }
        impl<'de> Visitor<'de> for ScaleVisitor {
            type Value = ScaleDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of steps, or sannolikhet and konsekvens")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ScaleDef, E> {
                Ok(ScaleDef::Square(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ScaleDef, E> {
                Ok(ScaleDef::Square(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<ScaleDef, E> {
                Ok(ScaleDef::Wrong("ett decimaltal"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<ScaleDef, E> {
                Ok(ScaleDef::Wrong("en text"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<ScaleDef, E> {
                Ok(ScaleDef::Wrong("ett ja/nej-värde"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<ScaleDef, E> {
                Ok(ScaleDef::Wrong("inget värde"))
            }
            fn visit_none<E: de::Error>(self) -> Result<ScaleDef, E> {
                Ok(ScaleDef::Wrong("inget värde"))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<ScaleDef, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(ScaleDef::Wrong("en lista"))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScaleDef, A::Error> {
                let axes = Axes::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ScaleDef::Axes {
                    sannolikhet: axes.sannolikhet,
                    konsekvens: axes.konsekvens,
                })
            }
        }
        deserializer.deserialize_any(ScaleVisitor)
    }
}
