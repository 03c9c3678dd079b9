//! The plan file and the risk model file as serde types, exactly as written.
//! Each key's doc comment (in Swedish) is what the schema for editors, the
//! data reference and the Excel columns say of it: see `describe`.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::describe::{Defs, Describe, Shape};
use super::standing::{AssumedKey, DecisionDef, Status};
use super::table::TableDef;

/// En nämnds plan.
///
/// En nämnds plan för ett år: uppgifter om dokumentet, rapporternas
/// inställningar och riskerna, grupperade under `mål:` → `processer:`,
/// under `processer:` direkt eller utan gruppering under `risker:`.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// Kommunens namn; står i sidfoten och på försättsbladet.
    pub kommun: Option<String>,
    /// Nämndens namn, som det står i rapporterna.
    #[serde(rename = "nämnd")]
    pub namnd: String,
    /// Förvaltningens namn.
    #[serde(rename = "förvaltning")]
    pub forvaltning: Option<String>,
    /// Året planen gäller.
    #[serde(rename = "år")]
    pub ar: Spanned<i64>,
    /// Dokumentets diarienummer; står i sidhuvudet.
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
    /// Förra årets plan, relativt den här filen. Utan nyckeln jämförs
    /// planen med planen för året före i samma mapp, om den finns.
    #[serde(rename = "föregående")]
    pub foregaende: Option<Spanned<String>>,
    /// Förra årets risker som årets plan inte har med, och varför.
    #[serde(rename = "utgått")]
    pub utgatt: Option<Spanned<Vec<DroppedDef>>>,
    /// Riskmodellen: namnet på en fil i `riskmodeller/` (utan `.yaml`),
    /// som letas efter i nämndens mapp och mapparna ovanför, eller en hel
    /// modell skriven här.
    pub riskmodell: Spanned<ModelRef>,
    /// Logotyp på försättsblad och i sidhuvud; annars riskmodellens, annars
    /// ingen.
    pub logotyp: Option<Spanned<LogoDef>>,
    /// Nämndens egna ord för grupperingen och för några kolumner.
    #[serde(rename = "benämningar", default)]
    pub benamningar: Labels,
    /// Väsentlighets- och riskanalysen: text före matrisen och tabellens
    /// kolumner.
    #[serde(default)]
    pub vor: ReportSettings<VorColumn>,
    /// Internkontrollplanen: rubrik, text, kolumner, numrering och en egen
    /// ordning.
    #[serde(default)]
    pub ikp: IkpSettings,
    /// Vilka rapporter planen gör. Standard: `vor` och `ikp`, och
    /// `riskbild` och `verksamhetsplan` när filen har de nycklarna.
    pub rapporter: Option<Vec<PlanReport>>,
    /// Rapporten ”Samlad riskbild och Åtgärdsplan”.
    pub riskbild: Option<RiskPictureSettings>,
    /// Dokumentet ”Verksamhetsplan – intern kontroll”: försättsblad,
    /// innehåll, nämndens System för intern kontroll, VoR och IKP, eller
    /// nämndens egna kapitel.
    pub verksamhetsplan: Option<BundleSettings>,
    /// Riskerna grupperade under KF:s mål: en lista med `mål:` och
    /// `processer:`.
    #[serde(rename = "mål")]
    pub mal: Option<Spanned<Vec<GoalDef>>>,
    /// Riskerna grupperade under processer: en lista med `process:` och
    /// `delprocesser:` eller `risker:`.
    pub processer: Option<Spanned<Vec<ProcessDef>>>,
    /// Riskerna utan gruppering.
    pub risker: Option<Spanned<Vec<RiskEntry>>>,
}

/// En utgången risk.
///
/// En risk i förra årets plan som årets plan inte har med.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct DroppedDef {
    /// Riskens nummer i förra årets plan.
    pub nr: Spanned<i64>,
    /// Varför risken inte är med i år.
    pub motivering: Spanned<String>,
}

/// A report a plan can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum PlanReport {
    /// Väsentlighets- och riskanalys med riskmatris.
    Vor,
    /// Internkontrollplan.
    Ikp,
    /// Samlad riskbild och Åtgärdsplan.
    Riskbild,
    /// Verksamhetsplan – intern kontroll.
    Verksamhetsplan,
}

/// Verksamhetsplanens inställningar.
///
/// Dokumentet ”Verksamhetsplan – intern kontroll”: försättsbladets
/// uppgifter, nämndens System för intern kontroll och kapitlen.
#[derive(Debug, Default, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct BundleSettings {
    /// Dokumentets rubrik. Standard: ”Verksamhetsplan <år> – intern
    /// kontroll”, med egna kapitel ”Verksamhetsplan <år>”.
    pub rubrik: Option<String>,
    /// Dokumenttypen som sidhuvudet anger över sidnumret, t.ex.
    /// ”Tjänsteutlåtande”.
    pub dokumenttyp: Option<String>,
    /// Beslutsdatum på försättsbladet, ÅÅÅÅ-MM-DD.
    #[describe(date)]
    pub beslutsdatum: Option<Spanned<String>>,
    /// Nämndens System för intern kontroll: avsnitt som numreras 1, 2, 3 …
    /// av verktyget.
    #[serde(rename = "system_för_intern_kontroll", default)]
    pub system_for_intern_kontroll: Vec<SectionDef>,
    /// Dokumentets kapitel i nämndens ordning. Standard: System för intern
    /// kontroll, VoR och IKP.
    pub kapitel: Option<Spanned<Vec<ChapterDef>>>,
}

/// Ett kapitel.
///
/// Ett kapitel i verksamhetsplanen: en del som verktyget gör
/// (`rapport: vor`) eller nämndens egen text och egna tabeller
/// (`rubrik: …`).
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct ChapterDef {
    /// En del som verktyget gör.
    pub rapport: Option<Spanned<ChapterReport>>,
    /// Ett eget kapitels rubrik.
    pub rubrik: Option<Spanned<String>>,
    /// Om kapitlets avsnitt numreras 1., 2., 2.1 … (standard: ja).
    pub numrering: Option<JaNej>,
    /// Text under rubriken. En tom rad ger nytt stycke, rader som börjar
    /// med `- ` blir punktlista.
    #[serde(default)]
    pub text: String,
    /// Tabeller efter texten.
    #[serde(default)]
    pub tabeller: Vec<TableDef>,
    /// Text efter tabellerna.
    #[serde(default)]
    pub text_efter: String,
    /// Avsnitt under kapitlet.
    #[serde(default)]
    pub underavsnitt: Vec<SectionDef>,
}

/// A part of the bundle the tool makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
pub enum ChapterReport {
    /// Nämndens System för intern kontroll.
    #[serde(rename = "system_för_intern_kontroll")]
    SystemForInternKontroll,
    /// Väsentlighets- och riskanalysen med matrisen.
    #[serde(rename = "vor")]
    Vor,
    /// Internkontrollplanen.
    #[serde(rename = "ikp")]
    Ikp,
    /// Samlad riskbild och Åtgärdsplan.
    #[serde(rename = "riskbild")]
    Riskbild,
}

/// Riskbildens inställningar.
///
/// Rapporten ”Samlad riskbild och Åtgärdsplan”.
#[derive(Debug, Default, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct RiskPictureSettings {
    /// Rapportens rubrik (standard: Samlad riskbild och Åtgärdsplan).
    pub rubrik: Option<String>,
    /// Text före tabellen.
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
}

/// Benämningar.
///
/// Nämndens egna ord för grupperingen och för några kolumner.
#[derive(Debug, Default, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Ordet för målen (standard: KF:s mål).
    #[serde(rename = "mål")]
    pub mal: Option<String>,
    /// Ordet för processerna (standard: Process).
    pub process: Option<String>,
    /// Ordet för delprocesserna (standard: Delprocess), t.ex. Arbetssätt.
    pub delprocess: Option<String>,
    /// Riskkolumnens rubrik (standard: Oönskad händelse), t.ex. Risk eller
    /// Identifierad risk.
    pub risk: Option<Title>,
    /// Riskbildens kolumn ”Metod för uppföljning”.
    #[serde(rename = "uppföljningsmetod")]
    pub uppfoljningsmetod: Option<Title>,
    /// Riskbildens kolumn ”Metod för granskning”, i IKP-delen.
    pub granskningsmetod: Option<Title>,
}

/// A column's title, with an optional note under it.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(untagged)]
pub enum Title {
    Plain(String),
    Noted(NotedTitle),
}

/// En rubrik med anteckning.
///
/// En kolumnrubrik med en anteckning i mindre stil under sig:
/// `{ rubrik: Metod för granskning, anteckning: (…) }`.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct NotedTitle {
    /// Rubriken.
    pub rubrik: String,
    /// Anteckningen under rubriken.
    pub anteckning: Option<String>,
}

/// En logotyp.
///
/// En SVG-, PNG- eller JPEG-fil bredvid datan, högst 2 MiB, och vad den
/// visar.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct LogoDef {
    /// Filen, relativt YAML-filen som nämner den, inom datamappen.
    pub fil: String,
    /// Vad bilden visar, för skärmläsare (PDF/UA).
    pub alt: String,
}

/// VoR:ens inställningar.
///
/// Rapportens text och tabellens kolumner.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields, bound = "C: Deserialize<'de>")]
pub struct ReportSettings<C> {
    /// Text före matrisen.
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    /// Tabellens kolumner i ordning. Kolumnerna för process och
    /// delprocess kommer alltid först.
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

/// Internkontrollplanens inställningar.
///
/// Rubrik, text, kolumner, numrering och planens egen ordning.
#[derive(Debug, Default, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct IkpSettings {
    /// En egen rubrik, t.ex. ”Internkontrollplan 2023”.
    pub rubrik: Option<String>,
    /// Text före planen.
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    /// Tabellens kolumner i ordning.
    pub kolumner: Option<Spanned<Vec<IkpColumn>>>,
    /// Hur riskerna numreras (standard: vor).
    pub numrering: Option<Numbering>,
    /// Planens egen gruppering under mål, när den inte är VoR:ens: samma
    /// form som planens `mål:`, med bara `- nr: N` under varje grupp.
    #[serde(rename = "mål")]
    pub mal: Option<Spanned<Vec<GoalDef>>>,
    /// Planens egen gruppering under processer, med bara `- nr: N` under
    /// varje grupp. Varje IKP-risk står där exakt en gång.
    pub processer: Option<Spanned<Vec<ProcessDef>>>,
}

/// Ett avsnitt.
///
/// En rubrik med text, tabeller och underavsnitt. Avsnitten numreras av
/// verktyget, så rubrikerna skrivs utan nummer.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// Avsnittets rubrik.
    pub rubrik: Spanned<String>,
    /// Numret som källan skriver det (”5.2.6”), där det inte är
    /// räkningens; avsnitten efter räknar vidare därifrån.
    pub nummer: Option<Spanned<String>>,
    /// Text under rubriken. En tom rad ger nytt stycke, rader som börjar
    /// med `- ` eller `• ` blir punktlista.
    #[serde(default)]
    pub text: String,
    /// Tabeller efter texten.
    #[serde(default)]
    pub tabeller: Vec<TableDef>,
    /// Text efter tabellerna, t.ex. noter under en tabell.
    #[serde(default)]
    pub text_efter: String,
    /// Underavsnitt, högst två nivåer under avsnittet.
    #[serde(default)]
    pub underavsnitt: Vec<SectionDef>,
}

/// A column of the VoR table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum VorColumn {
    /// Riskens nummer.
    Nr,
    /// Risken med beskrivning och förebyggande hantering.
    Risk,
    /// Sannolikheten med stegets benämning.
    Sannolikhet,
    /// Konsekvensen med stegets benämning.
    Konsekvens,
    /// Riskvärdet med nivån, ”9 (Medium)”, i nivåns färg.
    #[serde(rename = "riskvärde")]
    Riskvarde,
    /// Samma som riskvärde: riskvärdet med nivån.
    #[serde(rename = "risknivå")]
    Riskniva,
    /// Om risken går till internkontrollplanen.
    Ikp,
    /// Direktåtgärderna.
    #[serde(rename = "direktåtgärder")]
    Direktatgarder,
    /// Riskägaren; utelämnas när ingen risk har en.
    #[serde(rename = "riskägare")]
    Riskagare,
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
            VorColumn::Riskagare => "riskägare",
        }
    }
}

/// A column of the internkontrollplan table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum IkpColumn {
    /// Riskens nummer (eller löpnummer, med `numrering: löpande`).
    Nr,
    /// Risken med beskrivning och förebyggande hantering.
    Risk,
    /// Riskvärdet med nivån, ”9 (Medium)”, i nivåns färg.
    #[serde(rename = "riskvärde")]
    Riskvarde,
    /// Samma som riskvärde: riskvärdet med nivån.
    #[serde(rename = "risknivå")]
    Riskniva,
    /// Kontrollmomentet (systematisk kontroll).
    Kontrollmoment,
    /// Kontrollaktiviteten.
    Kontrollaktivitet,
    /// Kontrollmomentet i fetstil med kontrollaktiviteten under.
    Kontroll,
    /// Kontrollens ansvarig.
    Ansvarig,
    /// När kontrollen görs.
    Tidpunkt,
    /// Vart kontrollen rapporteras.
    Rapportering,
    /// Riskägaren; utelämnas när ingen risk har en.
    #[serde(rename = "riskägare")]
    Riskagare,
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
            IkpColumn::Riskagare => "riskägare",
        }
    }
}

/// How the internkontrollplan numbers its risks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// Riskens eget nr från VoR:en.
    Vor,
    /// 1, 2, 3 … i planens ordning.
    #[serde(rename = "löpande")]
    Lopande,
}

/// Ett mål.
///
/// Ett av KF:s mål med sina processer.
#[derive(Debug, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct GoalDef {
    /// Målet, som det står i mellanrubriken.
    #[serde(rename = "mål")]
    pub mal: Spanned<String>,
    /// Målets processer.
    pub processer: Vec<ProcessDef>,
}

/// En process.
///
/// En process med antingen delprocesser eller risker direkt.
#[derive(Debug, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct ProcessDef {
    /// Processens namn.
    pub process: Spanned<String>,
    /// Processens delprocesser, var och en med sina risker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delprocesser: Option<Vec<SubprocessDef>>,
    /// Processens risker, när den inte har delprocesser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risker: Option<Vec<RiskEntry>>,
}

/// En delprocess.
///
/// En delprocess (ett arbetssätt) med sina risker.
#[derive(Debug, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct SubprocessDef {
    /// Delprocessens namn.
    pub delprocess: Spanned<String>,
    /// Delprocessens risker.
    #[serde(default)]
    pub risker: Vec<RiskEntry>,
}

/// En risk.
///
/// En risk skrivs ut fullständigt en gång. Där samma risk står på fler
/// platser står bara `- nr: N`. Två fullständiga poster med samma nummer
/// men olika innehåll är fel.
#[derive(Debug, Clone, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct RiskEntry {
    /// Riskens nummer, ett positivt heltal, unikt i filen.
    pub nr: Spanned<i64>,
    /// Riskens nummer i förra årets plan, när det har ändrats.
    pub tidigare_nr: Option<Spanned<i64>>,
    /// `ja` när värderingen är förra årets (skriven av `nytt-år`) och ska
    /// bedömas på nytt; `kontrollera` varnar tills raden tas bort.
    #[serde(rename = "omprövas")]
    pub omprovas: Option<Spanned<JaNej>>,
    /// Den oönskade händelsen.
    pub risk: Option<String>,
    /// Ytterligare beskrivning, under risken.
    pub beskrivning: Option<String>,
    /// Den förebyggande hanteringen, under risken.
    #[serde(rename = "förebyggande_hantering")]
    pub forebyggande_hantering: Option<String>,
    /// Riskägaren: personen (eller funktionen) som äger risken och svarar
    /// för att den hanteras. Visas i VoR:en och internkontrollplanen när
    /// deras `kolumner:` tar med `riskägare`.
    #[serde(rename = "riskägare")]
    pub riskagare: Option<String>,
    /// Grunden för sekretess, t.ex. ”OSL 18 kap. 8 §”, när uppgifterna om
    /// risken omfattas av sekretess. PDF-rapporterna, för nämndens eget
    /// bruk, visar risken som den är skriven; webbsidorna (`bygg --webb`)
    /// visar bara ”Uppgiften omfattas av sekretess” med grunden.
    pub sekretess: Option<Spanned<String>>,
    /// Sannolikheten: ett steg på modellens skala. Utelämna både
    /// sannolikhet och konsekvens för en risk som inte är värderad.
    pub sannolikhet: Option<Spanned<i64>>,
    /// Konsekvensen: ett steg på modellens skala.
    pub konsekvens: Option<Spanned<i64>>,
    /// `ja` när riskvärdet saknas i källan och är antaget; rapporten skriver
    /// ”antaget” under värdet och förklarar märkningen.
    pub antaget: Option<Spanned<JaNej>>,
    /// Om risken går till internkontrollplanen. Med regeln `automatisk`
    /// behövs nyckeln bara för undantag; med regeln `val` skrivs `ikp: ja`
    /// på de risker som ska med.
    pub ikp: Option<Spanned<JaNej>>,
    /// Varför risken hålls utanför internkontrollplanen; krävs för en risk
    /// på eller över tröskeln med `ikp: nej`.
    pub motivering: Option<String>,
    /// Direktåtgärder.
    #[serde(rename = "direktåtgärder")]
    pub direktatgarder: Option<String>,
    /// Kontrollen, för en risk i internkontrollplanen.
    pub kontroll: Option<Control>,
    /// I stället för `kontroll` när risken har flera kontroller; varje
    /// kontroll blir en egen rad under risken.
    pub kontroller: Option<Spanned<Vec<Control>>>,
    /// Om det finns kontroller för risken (åtgärdsplanen).
    pub finns_kontroller: Option<Spanned<ControlsExist>>,
    /// De befintliga kontrollerna (åtgärdsplanen).
    pub befintliga_kontroller: Option<String>,
    /// En rad över listan med åtgärder.
    #[serde(rename = "åtgärder_inledning")]
    pub atgarder_inledning: Option<String>,
    /// Riskreducerande åtgärder (åtgärdsplanen).
    #[serde(rename = "åtgärder")]
    pub atgarder: Option<Vec<ActionDef>>,
    /// Metod för uppföljning (åtgärdsplanen).
    #[serde(rename = "uppföljningsmetod")]
    pub uppfoljningsmetod: Option<String>,
    /// Metod för granskning, för risker i internkontrollplanen
    /// (åtgärdsplanen).
    pub granskningsmetod: Option<String>,
}

/// Whether controls exist for a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Describe)]
pub enum ControlsExist {
    #[serde(rename = "ja")]
    Ja,
    #[serde(rename = "nej")]
    Nej,
    #[serde(rename = "till viss del")]
    TillVissDel,
}

/// En åtgärd.
///
/// En riskreducerande åtgärd eller en förbättringsåtgärd.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    /// Åtgärden.
    #[serde(rename = "åtgärd")]
    pub atgard: Spanned<String>,
    /// Ytterligare beskrivning av åtgärden.
    pub beskrivning: Option<String>,
    /// Vem som ansvarar för åtgärden.
    pub ansvarig: Option<String>,
    /// När åtgärden börjar, ÅÅÅÅ-MM-DD.
    #[describe(date)]
    pub start: Option<Spanned<String>>,
    /// När åtgärden ska vara klar, ÅÅÅÅ-MM-DD; inte före start. En åtgärd
    /// vars slut ligger före uppföljningens datum och som inte är klar är
    /// försenad.
    #[describe(date)]
    pub slut: Option<Spanned<String>>,
    /// Hur långt åtgärden har kommit.
    pub status: Option<ActionStatus>,
}

/// How far an action has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Describe)]
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
    /// Read from the serialised keys, so a key added to the type counts.
    pub fn is_reference(&self) -> bool {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(keys)) => keys
                .iter()
                .all(|(key, value)| key == "nr" || value.is_null()),
            _ => false,
        }
    }

    /// True when two definitions say the same thing, places aside: their
    /// serialised keys are equal (a `Spanned` value serialises as the value
    /// alone), so a key added to the type is compared too.
    pub fn same_content(&self, other: &RiskEntry) -> bool {
        match (serde_json::to_value(self), serde_json::to_value(other)) {
            (Ok(one), Ok(two)) => one == two,
            _ => false,
        }
    }
}

/// Ja or nej.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum JaNej {
    Ja,
    Nej,
}

/// En kontroll.
///
/// Kontrollen av en risk i internkontrollplanen. Alla nycklar är valfria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Kontrollmomentet (den systematiska kontrollen): kontrollens namn.
    pub kontrollmoment: Option<String>,
    /// Kontrollaktiviteten: vad som kontrolleras och hur.
    pub kontrollaktivitet: Option<String>,
    /// Vem som ansvarar för kontrollen.
    pub ansvarig: Option<String>,
    /// När kontrollen görs.
    pub tidpunkt: Option<String>,
    /// Vart kontrollen rapporteras.
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

/// A name (a text, never a number) or a whole model.
impl Describe for ModelRef {
    fn describe(defs: &mut Defs) -> Shape {
        Shape::OneOf(vec![Shape::Name, RiskModelFile::describe(defs)])
    }
}

/// En riskmodell.
///
/// Kommunens riskmodell: skalan, stegens benämningar, nivåerna med sina
/// färger och regeln för vilka risker som går till internkontrollplanen.
/// Riskvärdet är sannolikhet × konsekvens.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct RiskModelFile {
    /// Modellens namn, t.ex. ”Stockholms stad, skala 1–4”.
    pub namn: Option<String>,
    /// Antalet steg, 2–10: `skala: 4` för båda axlarna, eller
    /// `skala: {sannolikhet: 5, konsekvens: 4}`. Utan skala har varje axel
    /// lika många steg som den har benämningar.
    pub skala: Option<Spanned<ScaleDef>>,
    /// Sannolikhetens steg från lägst till högst, en benämning per steg.
    pub sannolikhet: Spanned<Vec<String>>,
    /// Konsekvensens steg från lägst till högst, en benämning per steg.
    pub konsekvens: Spanned<Vec<String>>,
    /// Nivåerna från lägst till högst. De får inte överlappa och ska
    /// tillsammans täcka alla riskvärden som skalan kan ge.
    #[serde(rename = "nivåer")]
    pub nivaer: Spanned<Vec<LevelDef>>,
    /// En nivå per cell i stället för `från`/`till`: en rad per konsekvens
    /// (högst först) med en nivå per sannolikhet (lägst först).
    pub celler: Option<Spanned<Vec<Vec<Spanned<String>>>>>,
    /// Vilka risker som går till internkontrollplanen.
    pub ikp: Spanned<IkpRuleDef>,
    /// Kommunens egna ord och var de får brytas, med bindestreck:
    /// `skol-skjuts`.
    #[serde(default)]
    pub avstavning: Vec<Spanned<String>>,
    /// Kommunens logotyp på försättsblad och i sidhuvud.
    pub logotyp: Option<Spanned<LogoDef>>,
    /// Delar av modellen som är antagna, inte källans, t.ex. `antagna:
    /// [gränser]`: texten under riskmatrisen säger det.
    #[serde(default)]
    pub antagna: Vec<ModelPart>,
}

/// A part of a risk model that may be assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
pub enum ModelPart {
    /// Stegens och nivåernas benämningar.
    #[serde(rename = "benämningar")]
    Benamningar,
    /// Nivåernas färger.
    #[serde(rename = "färger")]
    Farger,
    /// Gränserna mellan nivåerna (`från`/`till` eller `celler`).
    #[serde(rename = "gränser")]
    Granser,
    /// Regeln för vilka risker som går till internkontrollplanen (`ikp:`).
    #[serde(rename = "ikp")]
    Ikp,
}

impl ModelPart {
    /// The part in words, in the sentence under the matrix.
    pub fn words(self) -> &'static str {
        match self {
            ModelPart::Benamningar => "stegens och nivåernas benämningar",
            ModelPart::Farger => "nivåernas färger",
            ModelPart::Granser => "gränserna mellan nivåerna",
            ModelPart::Ikp => "regeln för vilka risker som går till internkontrollplanen",
        }
    }
}

/// En nivå.
///
/// En nivå (Låg, Medium …) med sin färg och, om modellen inte ger nivån
/// cell för cell, sina riskvärden.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    /// Nivåns namn.
    pub namn: Spanned<String>,
    /// Namnets plural i löptext (”kritiska”) när den inte följer regeln
    /// (namnet + a, utom efter vokal, -um eller mellanslag).
    pub plural: Option<String>,
    /// Nivåns färg, `"#rrggbb"`.
    #[serde(rename = "färg")]
    pub farg: Spanned<String>,
    /// Nivåns lägsta riskvärde.
    #[serde(rename = "från")]
    pub fran: Option<Spanned<i64>>,
    /// Nivåns högsta riskvärde.
    pub till: Option<Spanned<i64>>,
}

/// IKP-regeln.
///
/// Vilka risker som går till internkontrollplanen.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct IkpRuleDef {
    /// Regeln.
    pub regel: IkpRuleKind,
    /// Med `automatisk`: varje risk med detta riskvärde eller högre går
    /// till internkontrollplanen.
    #[serde(rename = "från_riskvärde")]
    pub fran_riskvarde: Option<Spanned<i64>>,
    /// Med `automatisk`, i stället för `från_riskvärde`: varje risk på
    /// denna nivå eller högre går till internkontrollplanen. Namnet skrivs
    /// som under `nivåer:`.
    #[serde(rename = "från_nivå")]
    pub fran_niva: Option<Spanned<String>>,
}

/// The kind of IKP rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum IkpRuleKind {
    /// Varje risk på eller över `från_riskvärde` eller `från_nivå` går till
    /// internkontrollplanen; `ikp: nej` med motivering håller en risk utanför.
    Automatisk,
    /// Nämnden väljer risk för risk med `ikp: ja`.
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

/// En skala per axel.
///
/// En matris som inte är kvadratisk: stegen per axel.
#[derive(Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct ScaleAxes {
    /// Antalet steg vågrätt.
    sannolikhet: i64,
    /// Antalet steg lodrätt.
    konsekvens: i64,
}

/// A number of steps, or the steps per axis.
impl Describe for ScaleDef {
    fn describe(defs: &mut Defs) -> Shape {
        Shape::OneOf(vec![Shape::Integer, ScaleAxes::describe(defs)])
    }
}

impl<'de> Deserialize<'de> for ScaleDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScaleVisitor;
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
                let axes = ScaleAxes::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ScaleDef::Axes {
                    sannolikhet: axes.sannolikhet,
                    konsekvens: axes.konsekvens,
                })
            }
        }
        deserializer.deserialize_any(ScaleVisitor)
    }
}
