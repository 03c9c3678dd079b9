//! `kommun.yaml`: the kommun's own file beside its nämnders' folders, which
//! asks `bygg` for Kommunstyrelsens samlade bild of every nämnd's intern
//! kontroll for one year.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::describe::Describe;
use super::plan::{JaNej, LogoDef};
use super::standing::{AssumedKey, DecisionDef, Status};

/// The file's name: a folder holding it is a kommun.
pub const CITY_FILE: &str = "kommun.yaml";

/// Kommunens fil.
///
/// `kommun.yaml`, i mappen ovanför nämndernas mappar: `bygg` gör då också
/// Kommunstyrelsens samlade bild av nämndernas interna kontroll för året,
/// `sammanställning-<år>.pdf`.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct CityFile {
    /// Kommunens namn.
    pub kommun: Spanned<String>,
    /// Året vars planer, T2 och VB sammanställs.
    #[serde(rename = "år")]
    pub ar: Spanned<i64>,
    /// Dokumentets rubrik (standard: ”Samlad bild av den interna kontrollen
    /// <år>”).
    pub rubrik: Option<String>,
    /// Dokumentets diarienummer.
    pub diarienummer: Option<String>,
    /// Dokumentets datum, ÅÅÅÅ-MM-DD.
    #[describe(date)]
    pub datum: Spanned<String>,
    /// Om dokumentet är ett förslag eller beslutat. Utan nyckeln är det
    /// ett förslag, och försättsbladet säger att ingen status är angiven.
    pub status: Option<Spanned<Status>>,
    /// Beslutet, med `status: beslutad`: organet, datumet och paragrafen.
    pub beslut: Option<Spanned<DecisionDef>>,
    /// `ja` när filens uppgifter är påhittade: varje rapport som görs av
    /// filen säger ”Exempel – uppgifterna är påhittade” på försättsbladet
    /// och i sidhuvudet.
    pub exempel: Option<Spanned<JaNej>>,
    /// Uppgifter i filen som är antagna, inte källans, t.ex. `antagna:
    /// [diarienummer, datum]`: rapporterna skriver ”(antaget)” efter dem,
    /// där de står. En antagen värdering av en risk märks med `antaget: ja`
    /// på risken.
    #[serde(default)]
    pub antagna: Vec<Spanned<AssumedKey>>,
    /// Vem dokumentet är från, t.ex. ”Kommunstyrelsen”; sidhuvudets namn.
    #[serde(rename = "avsändare")]
    pub avsandare: Option<String>,
    /// Text före sammanfattningen.
    pub inledning: Option<String>,
    /// Vilka nämnder som tas med, och i vilken ordning; utan nyckeln alla
    /// som hittas.
    #[serde(rename = "nämnder")]
    pub namnder: Option<Spanned<Vec<Spanned<String>>>>,
    /// Kommunens logotyp på försättsblad och i sidhuvud.
    pub logotyp: Option<Spanned<LogoDef>>,
    /// Kommunens egna ord och var de får brytas, med bindestreck:
    /// `barn-och-ungdoms`; som i en riskmodell.
    #[serde(default)]
    pub avstavning: Vec<Spanned<String>>,
    /// Kommunstyrelsens slutsats, efter den uträknade sammanfattningen.
    pub slutsats: Option<String>,
    /// Förslag till beslut: står först i dokumentet, under rubriken
    /// ”Förslag till beslut”.
    #[serde(rename = "förslag_till_beslut")]
    pub forslag_till_beslut: Option<String>,
    /// Kommunens processkatalog: vilka processnamn i nämndernas planer som
    /// är samma process.
    pub processer: Option<Spanned<Vec<CatalogueDef>>>,
}

/// En process i katalogen.
///
/// En process i kommunens processkatalog: dess namn och de andra sätt som
/// nämnderna skriver det på.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct CatalogueDef {
    /// Processens namn, som den samlade bilden skriver det.
    pub namn: Spanned<String>,
    /// Andra namn som nämnderna ger samma process. Stora och små bokstäver,
    /// mellanrum och ett tillägg efter det sista kommatecknet spelar ingen
    /// roll.
    #[serde(default)]
    pub varianter: Vec<Spanned<String>>,
}
