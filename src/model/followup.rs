//! Follow-up files beside a plan: tertialrapport 2 (T2) and the
//! verksamhetsberättelse (VB). Each names its plan and refers to risks by nr.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::describe::Describe;
use super::plan::{ActionDef, JaNej, SectionDef};
use super::standing::{AssumedKey, DecisionDef, Status};

/// What a YAML file in `data/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A nämnd's plan (VoR, IKP, riskbild).
    Plan,
    /// A follow-up at tertialrapport 2.
    T2,
    /// A follow-up in the verksamhetsberättelse.
    Vb,
    /// `uppföljning:` with a value that is neither.
    UnknownFollowUp,
}

/// Tells a follow-up (first-level key `uppföljning: t2|vb`) from a plan.
pub fn file_kind(source: &str) -> FileKind {
    for line in source.lines() {
        if let Some(value) = line.strip_prefix("uppföljning:") {
            let value = value
                .split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            return match value {
                "t2" => FileKind::T2,
                "vb" => FileKind::Vb,
                _ => FileKind::UnknownFollowUp,
            };
        }
    }
    FileKind::Plan
}

/// What a file says of itself on its top-level lines, read without
/// parsing: enough to tell which nämnd and year a file whose YAML cannot
/// be parsed belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peek {
    pub kind: FileKind,
    pub namnd: Option<String>,
    pub ar: Option<i64>,
    /// A follow-up's plan file.
    pub plan: Option<String>,
}

/// Reads the top-level lines `nämnd:`, `år:` and `plan:` of `source`.
pub fn peek(source: &str) -> Peek {
    let value = |key: &str| {
        source.lines().find_map(|line| {
            let value = line.strip_prefix(key)?.strip_prefix(':')?;
            let value = value.split(" #").next().unwrap_or("").trim();
            let value = value.trim_matches(['"', '\'']).trim();
            (!value.is_empty()).then(|| value.to_owned())
        })
    };
    Peek {
        kind: file_kind(source),
        namnd: value("nämnd"),
        ar: value("år").and_then(|v| v.parse().ok()),
        plan: value("plan"),
    }
}

/// A follow-up file, parsed: T2 or VB.
#[derive(Debug)]
pub enum FollowUpFile {
    T2(T2File),
    Vb(VbFile),
}

impl FollowUpFile {
    /// The plan file it follows (relative to its own folder), with its place.
    pub fn plan(&self) -> &Spanned<String> {
        match self {
            FollowUpFile::T2(f) => &f.plan,
            FollowUpFile::Vb(f) => &f.plan,
        }
    }

    /// The follow-up's date as written.
    pub fn datum(&self) -> &Spanned<String> {
        match self {
            FollowUpFile::T2(f) => &f.datum,
            FollowUpFile::Vb(f) => &f.datum,
        }
    }

    /// Its text sections.
    pub fn avsnitt(&self) -> &[SectionDef] {
        match self {
            FollowUpFile::T2(f) => &f.avsnitt,
            FollowUpFile::Vb(f) => &f.avsnitt,
        }
    }
}

/// En uppföljning i tertialrapport 2.
///
/// Uppföljningen i tertialrapport 2 (T2) av planens risker. Filen ligger i
/// samma mapp som planen och hänvisar till riskerna med deras nummer.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct T2File {
    /// `t2`: filen är uppföljningen i tertialrapport 2.
    #[serde(rename = "uppföljning")]
    #[describe(constant = "t2")]
    pub uppfoljning: String,
    /// Planen som följs upp, relativt den här filens mapp.
    pub plan: Spanned<String>,
    /// Uppföljningens datum, ÅÅÅÅ-MM-DD.
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
    /// Perioden, t.ex. ”1 januari – 31 augusti 2025”.
    pub period: Option<String>,
    /// Vilka risker rapporten har ett block för (standard: kritiska).
    pub visa: Option<T2Scope>,
    /// Egen text. `{inledning}` och `{sammanfattning}` i texten ger de
    /// uträknade meningarna; utan avsnitt står inledningen under rubriken
    /// Bakgrund.
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    /// En post per risk som följs upp.
    #[serde(default)]
    pub risker: Vec<T2Entry>,
}

/// Which risks the T2 report shows a block for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum T2Scope {
    /// Riskerna på modellens högsta nivå.
    Kritiska,
    /// Alla risker i internkontrollplanen.
    Alla,
}

/// En risk i T2.
///
/// Uppföljningen av en risk i tertialrapport 2.
#[derive(Debug, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct T2Entry {
    /// Riskens nummer i planen.
    pub nr: Spanned<i64>,
    /// Ansvarsområdet eller processen, i blockets rubrik.
    #[serde(rename = "ansvarsområde")]
    pub ansvarsomrade: Option<String>,
    /// Befintliga aktiviteter.
    pub befintliga_aktiviteter: Option<String>,
    /// Planerad hantering.
    pub planerad_hantering: Option<String>,
    /// Om hanteringen följer planen.
    #[serde(rename = "följer_plan")]
    pub foljer_plan: Spanned<FollowsPlan>,
    /// En kommentar.
    pub kommentar: Option<String>,
    /// `ja` när svaret på `följer_plan` är antaget, inte källans; rapporten
    /// skriver ”(antaget)” efter det.
    pub antaget: Option<JaNej>,
}

/// Whether the handling follows the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum FollowsPlan {
    Ja,
    Nej,
    Delvis,
}

/// En uppföljning i verksamhetsberättelsen.
///
/// Uppföljningen i verksamhetsberättelsen (VB) av internkontrollplanens
/// kontroller, och nämndens bedömning. Filen ligger i samma mapp som
/// planen.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct VbFile {
    /// `vb`: filen är uppföljningen i verksamhetsberättelsen.
    #[serde(rename = "uppföljning")]
    #[describe(constant = "vb")]
    pub uppfoljning: String,
    /// Planen som följs upp, relativt den här filens mapp.
    pub plan: Spanned<String>,
    /// Uppföljningens datum, ÅÅÅÅ-MM-DD.
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
    /// Egen text.
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    /// En post per resultat av en kontroll. En IKP-kontroll utan post
    /// visas som ”ej rapporterad”.
    #[serde(default)]
    pub kontroller: Vec<VbEntry>,
    /// Nämndens kommentarer.
    pub kommentarer: Option<String>,
    /// Nämndens bedömning av den interna kontrollen; krävs.
    #[serde(rename = "bedömning")]
    pub bedomning: Option<Spanned<Judgement>>,
}

/// En kontroll i VB.
///
/// Ett resultat av en kontroll i verksamhetsberättelsen. En kontroll kan
/// ha flera resultat: posten upprepas då med samma `nr` och `kontroll` och
/// en egen `rubrik`.
#[derive(Debug, Serialize, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct VbEntry {
    /// Riskens nummer i planen.
    pub nr: Spanned<i64>,
    /// Vilken av riskens kontroller (1 är den första), när den har flera.
    pub kontroll: Option<Spanned<i64>>,
    /// Trafikljuset. Utelämnas för en kontroll som ännu inte är bedömd; den
    /// visas som ”Ej bedömd” och räknas för sig.
    pub resultat: Option<Spanned<Outcome>>,
    /// Resultatets rubrik.
    pub rubrik: Option<String>,
    /// Resultatet i text.
    pub resultattext: Option<String>,
    /// Förbättringsåtgärder, som planens åtgärder.
    #[serde(rename = "förbättringsåtgärder", default)]
    pub forbattringsatgarder: Vec<ActionDef>,
    /// `ja` när resultatet är antaget, inte källans; rapporten skriver
    /// ”(antaget)” efter det.
    pub antaget: Option<JaNej>,
}

/// A control's result: the traffic light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Describe)]
pub enum Outcome {
    #[serde(rename = "genomförd")]
    Genomford,
    #[serde(rename = "delvis genomförd")]
    DelvisGenomford,
    #[serde(rename = "ej genomförd")]
    EjGenomford,
}

/// Nämndens bedömning.
///
/// Nämndens bedömning av sin interna kontroll under året.
#[derive(Debug, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    /// Omdömet.
    #[serde(rename = "omdöme")]
    pub omdome: Verdict,
    /// Vad omdömet grundar sig på.
    pub grund: String,
    /// `ja` när bedömningen (omdömet och dess grund) är antagen, inte
    /// källans; rapporten skriver ”(antaget)” efter omdömet och ”(antagen)”
    /// efter rubriken över grunden.
    pub antaget: Option<JaNej>,
}

/// Tillräcklig, delvis tillräcklig or otillräcklig.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Describe)]
pub enum Verdict {
    #[serde(rename = "tillräcklig")]
    Tillracklig,
    #[serde(rename = "delvis tillräcklig")]
    DelvisTillracklig,
    #[serde(rename = "otillräcklig")]
    Otillracklig,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_file_still_says_whose_it_is() {
        let source = "nämnd: Socialnämnden  # kommentar\når: 2025\nprocesser: [\n  - : :\n";
        let peeked = peek(source);
        assert_eq!(peeked.kind, FileKind::Plan);
        assert_eq!(peeked.namnd.as_deref(), Some("Socialnämnden"));
        assert_eq!(peeked.ar, Some(2025));
        let follow_up = peek("uppföljning: vb\nplan: 'plan-2025.yaml'\n  nämnd: inte här\n");
        assert_eq!(follow_up.kind, FileKind::Vb);
        assert_eq!(follow_up.plan.as_deref(), Some("plan-2025.yaml"));
        assert_eq!(follow_up.namnd, None);
    }

    #[test]
    fn follow_ups_are_told_from_plans() {
        assert_eq!(file_kind("uppföljning: t2\nplan: x.yaml\n"), FileKind::T2);
        assert_eq!(
            file_kind("# vb\nuppföljning: vb # kommentar\n"),
            FileKind::Vb
        );
        assert_eq!(file_kind("uppföljning: q3\n"), FileKind::UnknownFollowUp);
        assert_eq!(file_kind("kommun: X\nnämnd: Y\n"), FileKind::Plan);
        assert_eq!(
            file_kind("  uppföljning: t2\n"),
            FileKind::Plan,
            "only at the top level"
        );
    }
}
