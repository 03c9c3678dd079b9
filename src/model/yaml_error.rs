//! Turns a YAML parser error into a Swedish diagnostic with file, line,
//! column, the key path at that line and the risk it is inside.

use std::path::Path;

use serde_saphyr::Error;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind as ScanKind;
use serde_saphyr::localizer::ExternalMessageSource;

use super::limits::{
    MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_CHARS, TEXT_TOO_LONG,
};

use crate::diag::Diagnostic;

/// A Swedish diagnostic for a serde-saphyr error in `file` with source `src`.
pub fn diagnostic(file: &Path, src: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let (message, hint) = describe(err);
    let mut d = Diagnostic::error(file, message);
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    if let Some(loc) = err.location() {
        d = d.at(&loc);
        let context = context_at_line(src, loc.line() as usize);
        if let Some(nr) = context.risk {
            d = d.risk(nr);
        }
        if !context.path.is_empty() {
            d = d.field(crate::diag::KeyPath::of(&context.path));
        }
    }
    d
}

const LIMITS_HINT: &str = "se docs/errors.md#gränser";
const INDENT_HINT: &str =
    "jämför med exemplen i docs/writing.md#en-nämnds-plan; kontrollera indraget";

/// What went wrong, in Swedish, and how to fix it; by the error's kind, so
/// that no English text from the parser reaches the user.
fn describe(err: &Error) -> (String, Option<String>) {
    let hint = |text: &str| Some(text.to_owned());
    match err {
        Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => describe(error),
        Error::Budget { breach, .. } => (breach_message(breach), hint(LIMITS_HINT)),
        Error::Message { msg, .. } => match msg.strip_prefix(TEXT_TOO_LONG) {
            Some(chars) => (
                format!(
                    "texten är för lång: {chars} tecken, gränsen är {MAX_TEXT_CHARS} tecken i ett fält"
                ),
                Some(format!(
                    "korta texten, eller kontrollera att det är rätt värde; {LIMITS_HINT}"
                )),
            ),
            None => ("filen är inte giltig YAML".into(), hint(INDENT_HINT)),
        },
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => scan_message(scan.kind()),
            _ => ("filen är inte giltig YAML".into(), hint(INDENT_HINT)),
        },
        Error::SerdeUnknownField {
            field, expected, ..
        } => (
            format!("okänd nyckel ”{field}”"),
            Some(with_suggestion(
                field,
                expected,
                "kontrollera stavningen; tillåtna nycklar här",
            )),
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            format!("okänt värde ”{variant}”"),
            Some(with_suggestion(variant, expected, "tillåtna värden")),
        ),
        Error::SerdeMissingField { field, .. } => (
            format!("nyckeln ”{field}” saknas"),
            hint("lägg till nyckeln med ett värde"),
        ),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => (
            format!(
                "fel typ av värde: {} där {} väntades",
                swedish_kind(unexpected),
                swedish_kind(expected)
            ),
            None,
        ),
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (
            format!(
                "ogiltigt värde: {} där {} väntades",
                swedish_kind(unexpected),
                swedish_kind(expected)
            ),
            None,
        ),
        Error::SerdeInvalidLength { len, expected, .. } => (
            format!(
                "listan har {len} värden där {} väntades",
                swedish_kind(expected)
            ),
            None,
        ),
        Error::InvalidScalar { ty, .. } => (
            format!("fel typ av värde: här väntades {}", scalar_kind(ty)),
            hint("skriv värdet utan citattecken, t.ex. konsekvens: 3"),
        ),
        Error::InvalidBooleanStrict { .. } => (
            "fel typ av värde: här väntades ja/nej-värde (true/false)".into(),
            None,
        ),
        Error::NullIntoString { .. } => (
            "värdet saknas: här väntades en text".into(),
            hint("skriv texten efter kolonet, eller ta bort nyckeln"),
        ),
        Error::Unexpected { expected, .. } => {
            let what = match *expected {
                "mapping start" => "en samling nycklar (nyckel: värde)",
                "sequence start" => "en lista (rader som börjar med ”- ”)",
                "string scalar" => "en text, inte en lista eller samling nycklar",
                _ => "ett annat slags värde",
            };
            (
                format!("fel sorts värde: här väntades {what}"),
                hint(INDENT_HINT),
            )
        }
        Error::DuplicateMappingKey { key, .. } => (
            match key {
                Some(key) => format!("samma nyckel ”{key}” står två gånger i samma samling"),
                None => "samma nyckel står två gånger i samma samling".into(),
            },
            hint("ta bort eller byt namn på den ena"),
        ),
        Error::Eof { .. } => (
            "filen tar slut mitt i ett värde".into(),
            hint("kontrollera att varje [ och { stängs och att citattecken avslutas"),
        ),
        Error::MultipleDocuments { .. } => (
            "filen innehåller flera YAML-dokument (---); en fil ska ha ett".into(),
            hint("dela upp dokumenten på var sin fil"),
        ),
        Error::UnknownAnchor { .. } => (
            "aliaset (*namn) hänvisar till ett ankare (&namn) som inte finns".into(),
            hint("definiera &namn före *namn, eller skriv ut värdet"),
        ),
        Error::IndentationError { .. } => (
            "fel indrag".into(),
            hint("använd mellanslag, inte tabbar, och samma indrag för nycklar på samma nivå"),
        ),
        Error::InvalidUtf8Input => (
            "filen är inte kodad som UTF-8".into(),
            hint("spara filen som UTF-8"),
        ),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => (
            "filen utvecklar sina alias (*namn) till för mycket; gränsen skyddar mot ”alias-bomber”"
                .to_owned(),
            hint(LIMITS_HINT),
        ),
        _ => ("filen är inte giltig YAML".into(), hint(INDENT_HINT)),
    }
}

/// The parser's syntax errors, by kind.
fn scan_message(kind: &ScanKind) -> (String, Option<String>) {
    let (message, hint) = match kind {
        ScanKind::RecursionLimitExceeded => {
            return (
                format!("filen är nästlad djupare än {MAX_DEPTH} nivåer"),
                Some(LIMITS_HINT.to_owned()),
            );
        }
        ScanKind::UnexpectedEofFlowSequence => {
            ("listen inom [ ] stängs aldrig", "avsluta listan med ]")
        }
        ScanKind::UnexpectedEofFlowMapping | ScanKind::UnexpectedEofImplicitFlowMapping => (
            "samlingen inom { } stängs aldrig",
            "avsluta samlingen med }",
        ),
        ScanKind::UnexpectedEof
        | ScanKind::UnexpectedEofBlockSequence
        | ScanKind::UnexpectedEofBlockMapping => (
            "filen tar slut mitt i ett värde",
            "kontrollera att varje [ och { stängs och att citattecken avslutas",
        ),
        ScanKind::ExpectedBlockMappingKey
        | ScanKind::SimpleKeyExpected
        | ScanKind::InvalidSimpleKey => (
            "här väntades en nyckel (nyckel: värde)",
            "kontrollera indraget och att varje nyckel följs av kolon",
        ),
        ScanKind::ExpectedBlockSequenceEntry => (
            "här väntades en ny post i listan (en rad som börjar med ”- ”)",
            "kontrollera indraget",
        ),
        ScanKind::ExpectedFlowMappingSeparator | ScanKind::ExpectedFlowSequenceSeparator => (
            "ett kommatecken saknas mellan två värden",
            "skilj värdena inom [ ] eller { } åt med kommatecken",
        ),
        ScanKind::ExpectedNodeContent => (
            "här saknas ett värde",
            "skriv ett värde efter kolonet eller strecket",
        ),
        ScanKind::ExpectedDocumentStart | ScanKind::InvalidDocumentEnd => (
            "filen fortsätter efter att dokumentet tagit slut",
            "kontrollera indraget: en rad som börjar längst till vänster måste vara en ny nyckel",
        ),
        _ => ("filen är inte giltig YAML", INDENT_HINT),
    };
    (message.to_owned(), Some(hint.to_owned()))
}

/// A breached limit, named.
fn breach_message(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => format!(
            "filen har fler än {MAX_ALIASES} alias (*namn); gränsen skyddar mot ”alias-bomber”"
        ),
        BudgetBreach::Depth { .. } => format!("filen är nästlad djupare än {MAX_DEPTH} nivåer"),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            format!("filen har fler än {MAX_NODES} värden (med alias utvecklade)")
        }
        BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => format!(
            "filens texter är sammanlagt större än {MAX_FILE_BYTES} byte (med alias utvecklade)"
        ),
        BudgetBreach::Documents { .. } => {
            "filen innehåller flera YAML-dokument (---); en fil ska ha ett".to_owned()
        }
        _ => "filen överskrider en säkerhetsgräns för YAML".to_owned(),
    }
}

/// "tillåtna nycklar här: a, b, c", with "menade du ”b”?" first when one is close.
fn with_suggestion(given: &str, allowed: &[&str], label: &str) -> String {
    let list = if allowed.is_empty() {
        "inga".to_owned()
    } else {
        allowed.join(", ")
    };
    match nearest(given, allowed) {
        Some(near) => format!("menade du ”{near}”? {label}: {list}"),
        None => format!("{label}: {list}"),
    }
}

/// The allowed word closest to `given`, when it is close enough to be a typo.
fn nearest<'a>(given: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let given = given.to_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&given, &a.to_lowercase()), *a))
        .filter(|(d, a)| *d <= (a.chars().count() / 3).clamp(1, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn scalar_kind(ty: &str) -> &'static str {
    match ty {
        "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" | "isize"
        | "usize" => "ett heltal",
        "f32" | "f64" => "ett tal",
        "bool" | "boolean" => "ja/nej-värde (true/false)",
        "char" => "ett tecken",
        _ => "ett annat slags värde",
    }
}

/// Serde's words for kinds of values, in Swedish.
fn swedish_kind(kind: &str) -> String {
    let kind = kind.trim();
    let words = [
        ("i64", "ett heltal"),
        ("i32", "ett heltal"),
        ("u32", "ett heltal"),
        ("a string", "en text"),
        ("a sequence", "en lista"),
        ("a map", "en samling nycklar"),
        ("struct ", "en samling nycklar"),
        ("unit value", "ett tomt värde"),
        ("boolean", "ja/nej-värde"),
        ("integer", "heltal"),
        ("floating point", "decimaltal"),
        ("string ", "texten "),
        ("sequence", "en lista"),
        ("map", "en samling nycklar"),
        ("a risk model", "en riskmodell"),
        (
            "the name of a risk model, or a risk model",
            "namnet på en riskmodell, eller en riskmodell",
        ),
    ];
    for (en, sv) in words {
        if let Some(rest) = kind.strip_prefix(en) {
            return format!("{sv}{rest}");
        }
    }
    "ett annat slags värde".to_owned()
}

/// Where a line sits in the YAML tree.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LineContext {
    /// Keys from the top, such as `processer`, `delprocesser`, `risker`, `konsekvens`.
    pub path: Vec<String>,
    /// The nr of the risk the line is inside, if any.
    pub risk: Option<u32>,
}

/// Finds the key path and the enclosing risk at a 1-based `line`, by
/// indentation: each less-indented `key:` above the line is a parent.
pub fn context_at_line(src: &str, line: usize) -> LineContext {
    let lines: Vec<&str> = src.lines().collect();
    if line == 0 || line > lines.len() {
        return LineContext::default();
    }
    fn parse(text: &str) -> (usize, bool, Option<(&str, &str)>) {
        let trimmed = text.trim_start();
        let indent = text.len() - trimmed.len();
        let item = trimmed.strip_prefix("- ");
        let body = item.unwrap_or(trimmed);
        let key = body
            .split_once(':')
            .map(|(k, v)| (k.trim().trim_matches('"'), v.trim()));
        (indent, item.is_some(), key)
    }
    let mut keys = Vec::new();
    let mut risk = None;
    let (own_indent, _, own_key) = parse(lines[line - 1]);
    if let Some((key, value)) = own_key {
        keys.push(key.to_owned());
        if key == "nr" {
            risk = value.parse().ok();
        }
    }
    // Content of the current map starts here; a parent is less indented.
    let mut limit = own_indent;
    for text in lines[..line - 1].iter().rev() {
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (indent, item, key) = parse(text);
        if indent >= limit {
            continue;
        }
        let body_indent = if item { indent + 2 } else { indent };
        if let Some((key, value)) = key {
            if item && key == "nr" && risk.is_none() {
                risk = value.parse().ok();
            }
            if body_indent < limit {
                keys.push(key.to_owned());
            }
        }
        limit = indent;
        if indent == 0 {
            break;
        }
    }
    keys.reverse();
    const SHOWN: usize = 8;
    if keys.len() > SHOWN {
        keys.drain(..keys.len() - SHOWN);
        keys.insert(0, "…".to_owned());
    }
    LineContext { path: keys, risk }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\
kommun: X
processer:
  - process: A
    risker:
      - nr: 12
        risk: Något
        konsekvens: 9
";

    #[test]
    fn finds_path_and_risk_of_a_line() {
        let c = context_at_line(SRC, 7);
        assert_eq!(c.risk, Some(12));
        assert_eq!(c.path.join(" › "), "processer › risker › konsekvens");
    }

    #[test]
    fn top_level_line_has_no_risk() {
        let c = context_at_line(SRC, 1);
        assert_eq!(c.risk, None);
        assert_eq!(c.path, vec!["kommun"]);
    }

    #[test]
    fn a_typo_gets_the_nearest_allowed_word() {
        let allowed = ["nr", "risk", "sannolikhet", "konsekvens"];
        assert_eq!(nearest("sanolikhet", &allowed), Some("sannolikhet"));
        assert_eq!(nearest("konsekvnes", &allowed), Some("konsekvens"));
        assert_eq!(nearest("budget", &allowed), None);
        assert!(
            with_suggestion("sanolikhet", &allowed, "tillåtna")
                .starts_with("menade du ”sannolikhet”?")
        );
    }
}
