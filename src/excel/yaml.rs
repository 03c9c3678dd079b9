//! The table blocks rebuilt from a workbook, as YAML: serde types with the
//! documented keys in docs/data.md's order, serialised by serde-saphyr.

use serde::Serialize;

/// The plan's risks: grouped under `mål:` or `processer:`, or ungrouped.
#[derive(Debug, Default, Serialize)]
pub struct PlanTable {
    #[serde(rename = "mål", skip_serializing_if = "Option::is_none")]
    pub mal: Option<Vec<Goal>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processer: Option<Vec<Process>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risker: Option<Vec<Risk>>,
}

/// A KF:s mål with its processes.
#[derive(Debug, Serialize)]
pub struct Goal {
    #[serde(rename = "mål")]
    pub mal: String,
    pub processer: Vec<Process>,
}

/// A process with delprocesser or risks.
#[derive(Debug, Serialize)]
pub struct Process {
    pub process: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delprocesser: Option<Vec<Subprocess>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risker: Option<Vec<Risk>>,
}

/// A delprocess with its risks.
#[derive(Debug, Serialize)]
pub struct Subprocess {
    pub delprocess: String,
    pub risker: Vec<Risk>,
}

/// A risk, or only its nr where it is listed a second time.
#[derive(Debug, Default, Serialize)]
pub struct Risk {
    pub nr: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tidigare_nr: Option<i64>,
    #[serde(rename = "omprövas", skip_serializing_if = "Option::is_none")]
    pub omprovas: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
    #[serde(
        rename = "förebyggande_hantering",
        skip_serializing_if = "Option::is_none"
    )]
    pub forebyggande_hantering: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sannolikhet: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub konsekvens: Option<i64>,
    #[serde(rename = "direktåtgärder", skip_serializing_if = "Option::is_none")]
    pub direktatgarder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ikp: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivering: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontroll: Option<Control>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontroller: Option<Vec<Control>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antaget: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finns_kontroller: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub befintliga_kontroller: Option<String>,
    #[serde(rename = "åtgärder_inledning", skip_serializing_if = "Option::is_none")]
    pub atgarder_inledning: Option<String>,
    #[serde(rename = "åtgärder", skip_serializing_if = "Option::is_none")]
    pub atgarder: Option<Vec<Action>>,
    #[serde(rename = "uppföljningsmetod", skip_serializing_if = "Option::is_none")]
    pub uppfoljningsmetod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granskningsmetod: Option<String>,
}

/// A control of an IKP risk.
#[derive(Debug, Default, Serialize)]
pub struct Control {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontrollmoment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontrollaktivitet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ansvarig: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tidpunkt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rapportering: Option<String>,
}

impl Control {
    /// True when no field is filled in.
    pub fn is_empty(&self) -> bool {
        self.kontrollmoment.is_none()
            && self.kontrollaktivitet.is_none()
            && self.ansvarig.is_none()
            && self.tidpunkt.is_none()
            && self.rapportering.is_none()
    }
}

/// A risk-reducing action or an improvement action.
#[derive(Debug, Default, Serialize)]
pub struct Action {
    #[serde(rename = "åtgärd")]
    pub atgard: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ansvarig: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slut: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
}

/// A T2 follow-up's risks.
#[derive(Debug, Serialize)]
pub struct T2Table {
    pub risker: Vec<T2Entry>,
}

/// One risk's follow-up at T2.
#[derive(Debug, Default, Serialize)]
pub struct T2Entry {
    pub nr: i64,
    #[serde(rename = "ansvarsområde", skip_serializing_if = "Option::is_none")]
    pub ansvarsomrade: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub befintliga_aktiviteter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planerad_hantering: Option<String>,
    #[serde(rename = "följer_plan", skip_serializing_if = "Option::is_none")]
    pub foljer_plan: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

/// A VB follow-up's results.
#[derive(Debug, Serialize)]
pub struct VbTable {
    pub kontroller: Vec<VbEntry>,
}

/// One result of a control in the VB.
#[derive(Debug, Default, Serialize)]
pub struct VbEntry {
    pub nr: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontroll: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resultat: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rubrik: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resultattext: Option<String>,
    #[serde(rename = "förbättringsåtgärder", skip_serializing_if = "Vec::is_empty")]
    pub forbattringsatgarder: Vec<Action>,
}

/// `value` as YAML in the style of docs/data.md: lists indented under their key,
/// a text on one line as it was typed, a text of several lines as a `|` block.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    let options = serde_saphyr::ser_options! {
        compact_list_indent: false,
        // Never fold a long line: the file should read as docs/data.md's examples.
        folded_wrap_chars: usize::MAX,
        yaml_12: true,
        no_lang_directive: true,
    };
    serde_saphyr::to_string_with_options(value, options).map_err(|e| e.to_string())
}
