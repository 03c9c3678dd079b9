//! What a document is: a proposal or decided (and by whom), and whether its
//! data is an example. The same keys on a plan, a follow-up and
//! `kommun.yaml`.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::describe::Describe;

/// Whether a document is a proposal or decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Describe)]
pub enum Status {
    /// Ett förslag till nämnden; står ”Förslag” på försättsbladet och i
    /// sidhuvudet.
    #[serde(rename = "förslag")]
    Forslag,
    /// Nämnden har beslutat dokumentet; `beslut:` säger av vem, när och
    /// vid vilken paragraf.
    #[serde(rename = "beslutad")]
    Beslutad,
}

/// A value at the top of a file that is assumed, not the source's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Describe)]
pub enum AssumedKey {
    /// Diarienumret (`diarienummer:`).
    #[serde(rename = "diarienummer")]
    Diarienummer,
    /// Dokumentets datum (`datum:`).
    #[serde(rename = "datum")]
    Datum,
    /// Verksamhetsplanens beslutsdatum (`verksamhetsplan: beslutsdatum:`).
    #[serde(rename = "beslutsdatum")]
    Beslutsdatum,
    /// Nämndens namn (`nämnd:` i en plan); märks också i uppföljningarnas
    /// rapporter, som har planens nämnd.
    #[serde(rename = "nämnd")]
    Namnd,
    /// Förvaltningens namn (`förvaltning:` i en plan); märks också i
    /// uppföljningarnas rapporter.
    #[serde(rename = "förvaltning")]
    Forvaltning,
    /// Kommunens namn (`kommun:`); i en plan märks det också i
    /// uppföljningarnas rapporter.
    #[serde(rename = "kommun")]
    Kommun,
}

impl AssumedKey {
    /// The key as it is written in `antagna:`.
    pub fn key(self) -> &'static str {
        match self {
            AssumedKey::Diarienummer => "diarienummer",
            AssumedKey::Datum => "datum",
            AssumedKey::Beslutsdatum => "beslutsdatum",
            AssumedKey::Namnd => "nämnd",
            AssumedKey::Forvaltning => "förvaltning",
            AssumedKey::Kommun => "kommun",
        }
    }

    /// "inget diarienummer", "ingen nämnd": what a document lacks.
    pub fn lacking(self) -> String {
        let none = match self {
            AssumedKey::Namnd | AssumedKey::Forvaltning | AssumedKey::Kommun => "ingen",
            _ => "inget",
        };
        format!("{none} {}", self.key())
    }
}

/// Ett beslut.
///
/// Vem som beslutade dokumentet, när och vid vilken paragraf:
/// `beslut: {organ: Servicenämnden, datum: 2024-12-12, paragraf: 123}`.
/// Försättsbladet och sidfoten skriver ”Beslutad av Servicenämnden den
/// 12 december 2024, § 123”, och PDF-filens metadata har samma rad.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct DecisionDef {
    /// Organet som beslutade, t.ex. Servicenämnden eller Kommunstyrelsen.
    pub organ: Spanned<String>,
    /// Beslutets datum, ÅÅÅÅ-MM-DD.
    #[describe(date)]
    pub datum: Spanned<String>,
    /// Paragrafen i protokollet, t.ex. 123 (skrivs ”§ 123”).
    pub paragraf: Option<Spanned<String>>,
}
