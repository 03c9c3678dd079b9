//! `kommun.yaml`: the kommun's own file beside its nämnders' folders, which
//! asks `bygg` for Kommunstyrelsens samlade bild of every nämnd's intern
//! kontroll for one year.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::plan::LogoDef;

/// The file's name: a folder holding it is a kommun.
pub const CITY_FILE: &str = "kommun.yaml";

/// The kommun's file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityFile {
    pub kommun: Spanned<String>,
    /// The year whose plans and follow-ups are summed up.
    #[serde(rename = "år")]
    pub ar: Spanned<i64>,
    /// The document's title; without it, "Samlad bild av den interna kontrollen <år>".
    pub rubrik: Option<String>,
    pub diarienummer: Option<String>,
    pub datum: Spanned<String>,
    /// Who the document is from, e.g. "Kommunstyrelsen".
    #[serde(rename = "avsändare")]
    pub avsandare: Option<String>,
    /// A text before the tables.
    pub inledning: Option<String>,
    /// The nämnder to include, in this order; without it, every nämnd found.
    #[serde(rename = "nämnder")]
    pub namnder: Option<Spanned<Vec<Spanned<String>>>>,
    pub logotyp: Option<Spanned<LogoDef>>,
    /// The kommun's own words and where they may break (`barn-och-ungdoms`),
    /// for the samlade bild as for a riskmodell.
    #[serde(default)]
    pub avstavning: Vec<Spanned<String>>,
    /// Kommunstyrelsens own conclusion, after the computed summary.
    pub slutsats: Option<String>,
    /// The decision the board is asked to take, first in the document.
    #[serde(rename = "förslag_till_beslut")]
    pub forslag_till_beslut: Option<String>,
    /// The kommun's process catalogue: which process names the nämnder
    /// write mean one process.
    pub processer: Option<Spanned<Vec<CatalogueDef>>>,
}

/// A process of the catalogue: its name and the other ways nämnder write it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueDef {
    pub namn: Spanned<String>,
    #[serde(default)]
    pub varianter: Vec<Spanned<String>>,
}
