//! Follow-up files beside a plan: tertialrapport 2 (T2) and the
//! verksamhetsberättelse (VB). Each names its plan and refers to risks by nr.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::plan::{ActionDef, SectionDef};

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

/// A T2 follow-up.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct T2File {
    #[serde(rename = "uppföljning")]
    pub uppfoljning: String,
    /// The plan file, relative to this file's folder.
    pub plan: Spanned<String>,
    pub datum: Spanned<String>,
    pub period: Option<String>,
    /// `kritiska` (default) or `alla`.
    pub visa: Option<T2Scope>,
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    #[serde(default)]
    pub risker: Vec<T2Entry>,
}

/// Which risks the T2 report shows a block for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum T2Scope {
    Kritiska,
    Alla,
}

/// One risk's follow-up at T2.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct T2Entry {
    pub nr: Spanned<i64>,
    #[serde(rename = "ansvarsområde")]
    pub ansvarsomrade: Option<String>,
    pub befintliga_aktiviteter: Option<String>,
    pub planerad_hantering: Option<String>,
    #[serde(rename = "följer_plan")]
    pub foljer_plan: Spanned<FollowsPlan>,
    pub kommentar: Option<String>,
}

/// Whether the handling follows the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FollowsPlan {
    Ja,
    Nej,
    Delvis,
}

/// A VB follow-up.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VbFile {
    #[serde(rename = "uppföljning")]
    pub uppfoljning: String,
    pub plan: Spanned<String>,
    pub datum: Spanned<String>,
    #[serde(default)]
    pub avsnitt: Vec<SectionDef>,
    #[serde(default)]
    pub kontroller: Vec<VbEntry>,
    pub kommentarer: Option<String>,
    #[serde(rename = "bedömning")]
    pub bedomning: Option<Spanned<Judgement>>,
}

/// One control's result in the VB.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VbEntry {
    pub nr: Spanned<i64>,
    /// Which of the risk's controls (1, 2 …), when it has several.
    pub kontroll: Option<Spanned<i64>>,
    /// The traffic light; left out while the control is not yet assessed.
    pub resultat: Option<Spanned<Outcome>>,
    pub rubrik: Option<String>,
    pub resultattext: Option<String>,
    #[serde(rename = "förbättringsåtgärder", default)]
    pub forbattringsatgarder: Vec<ActionDef>,
}

/// A control's result: the traffic light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Outcome {
    #[serde(rename = "genomförd")]
    Genomford,
    #[serde(rename = "delvis genomförd")]
    DelvisGenomford,
    #[serde(rename = "ej genomförd")]
    EjGenomford,
}

/// The nämnd's judgement of its internal control over the year.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    #[serde(rename = "omdöme")]
    pub omdome: Verdict,
    pub grund: String,
}

/// Tillräcklig, delvis tillräcklig or otillräcklig.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
