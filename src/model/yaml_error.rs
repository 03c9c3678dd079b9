//! Turns a YAML parser error into a Swedish diagnostic with file, line,
//! column, the key path at that line and the risk it is inside.

use std::path::Path;

use serde_saphyr::MessageFormatter;
use serde_saphyr::budget::BudgetBreach;

use super::load::{
    MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_CHARS, TEXT_TOO_LONG,
};

use crate::diag::Diagnostic;

/// A Swedish diagnostic for a serde-saphyr error in `file` with source `src`.
pub fn diagnostic(file: &Path, src: &str, err: &serde_saphyr::Error) -> Diagnostic {
    let english = serde_saphyr::DefaultMessageFormatter
        .format_message(err)
        .into_owned();
    let (message, hint) = match budget_breach(err, &english) {
        Some(name) => translate_breach(&name, &english),
        None => translate(&english),
    };
    let mut d = Diagnostic::error(file, message);
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    if let Some(loc) = err.location() {
        d = d.at(loc.line(), loc.column());
        let context = context_at_line(src, loc.line() as usize);
        if let Some(nr) = context.risk {
            d = d.risk(nr);
        }
        if !context.path.is_empty() {
            d = d.field(context.path);
        }
    }
    d
}

/// The name of the limit behind `err` (`Aliases`, `Depth`, …), if a limit
/// stopped the parser.
fn budget_breach(err: &serde_saphyr::Error, english: &str) -> Option<String> {
    match err {
        serde_saphyr::Error::Budget { breach, .. } => Some(breach_name(breach)),
        serde_saphyr::Error::WithSnippet { error, .. } => budget_breach(error, english),
        _ => english
            .split_once("budget breached: ")
            .map(|(_, rest)| rest.split([' ', '{', '(']).next().unwrap_or("").to_owned()),
    }
}

fn breach_name(breach: &BudgetBreach) -> String {
    let debug = format!("{breach:?}");
    debug.split([' ', '{', '(']).next().unwrap_or("").to_owned()
}

const LIMITS_HINT: &str = "se avsnittet ”Felhantering och gränser” i README";

/// Swedish wording for a breached limit, naming the limit.
fn translate_breach(name: &str, english: &str) -> (String, Option<String>) {
    let message = match name {
        "Aliases" | "Anchors" => format!(
            "filen har fler än {MAX_ALIASES} alias (*namn); gränsen skyddar mot ”alias-bomber”"
        ),
        "Depth" => format!("filen är nästlad djupare än {MAX_DEPTH} nivåer"),
        "Nodes" | "Events" => {
            format!("filen har fler än {MAX_NODES} värden (med alias utvecklade)")
        }
        "ScalarBytes" => format!(
            "filens texter är sammanlagt större än {MAX_FILE_BYTES} byte (med alias utvecklade)"
        ),
        "Documents" => "filen innehåller flera YAML-dokument (---); en fil ska ha ett".to_owned(),
        _ => format!("filen överskrider en säkerhetsgräns för YAML ({english})"),
    };
    (message, Some(LIMITS_HINT.to_owned()))
}

/// Swedish wording for the messages serde and the parser give.
fn translate(english: &str) -> (String, Option<String>) {
    if let Some(chars) = english.strip_prefix(TEXT_TOO_LONG) {
        return (
            format!(
                "texten är för lång: {chars} tecken, gränsen är {MAX_TEXT_CHARS} tecken i ett fält"
            ),
            Some(format!(
                "korta texten, eller kontrollera att det är rätt värde; {LIMITS_HINT}"
            )),
        );
    }
    if english.contains("recursion limit") || english.contains("nesting limit") {
        return (
            format!("filen är nästlad för djupt (gränsen är {MAX_DEPTH} nivåer)"),
            Some(LIMITS_HINT.to_owned()),
        );
    }
    if let Some(rest) = english.strip_prefix("expected ") {
        let what = match rest {
            "mapping start" => "en samling nycklar (nyckel: värde)",
            "sequence start" => "en lista (rader som börjar med ”- ”)",
            "string scalar" => "en text, inte en lista eller samling nycklar",
            _ => "",
        };
        if !what.is_empty() {
            return (
                format!("fel sorts värde: här väntades {what}"),
                Some("jämför med exemplen i README; kontrollera indraget".into()),
            );
        }
    }
    if let Some(kind) = english.strip_prefix("invalid ")
        && !kind.contains(' ')
    {
        let wanted = match kind {
            "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128"
            | "isize" | "usize" => "ett heltal",
            "f32" | "f64" => "ett tal",
            "bool" | "boolean" => "ja/nej-värde (true/false)",
            _ => kind,
        };
        return (
            format!("fel typ av värde: här väntades {wanted}"),
            Some("skriv värdet utan citattecken, t.ex. konsekvens: 3".into()),
        );
    }
    if english == "unexpected end of input" {
        return (
            "filen tar slut mitt i ett värde".into(),
            Some("kontrollera att varje [ och { stängs och att citattecken avslutas".into()),
        );
    }
    if english == "alias references unknown anchor" {
        return (
            "aliaset (*namn) hänvisar till ett ankare (&namn) som inte finns".into(),
            Some("definiera &namn före *namn, eller skriv ut värdet".into()),
        );
    }
    if let Some(rest) = english.strip_prefix("indentation error: ") {
        return (
            format!("fel indrag ({rest})"),
            Some(
                "använd mellanslag, inte tabbar, och samma indrag för nycklar på samma nivå".into(),
            ),
        );
    }
    if let Some(rest) = english.strip_prefix("unknown field ") {
        let (name, allowed) = split_expected(rest);
        return (
            format!("okänd nyckel {name}"),
            Some(format!(
                "kontrollera stavningen; tillåtna nycklar här: {allowed}"
            )),
        );
    }
    if let Some(rest) = english.strip_prefix("unknown variant ") {
        let (name, allowed) = split_expected(rest);
        return (
            format!("okänt värde {name}"),
            Some(format!("tillåtna värden: {allowed}")),
        );
    }
    if let Some(rest) = english.strip_prefix("missing field ") {
        return (
            format!("nyckeln {} saknas", quote(rest)),
            Some("lägg till nyckeln med ett värde".into()),
        );
    }
    if let Some(rest) = english.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!(
                "fel typ av värde: {} där {} väntades",
                swedish_kind(found),
                swedish_kind(expected)
            ),
            None,
        );
    }
    if let Some(rest) = english.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!(
                "ogiltigt värde: {} där {} väntades",
                swedish_kind(found),
                swedish_kind(expected)
            ),
            None,
        );
    }
    if english.contains("duplicate") && english.contains("key") {
        let key = english
            .strip_prefix("duplicate mapping key: ")
            .and_then(|rest| rest.split(", set ").next())
            .map(|k| format!(" {}", quote(k)))
            .unwrap_or_default();
        return (
            format!("samma nyckel{key} står två gånger i samma samling"),
            Some("ta bort eller byt namn på den ena".into()),
        );
    }
    if english.contains("budget") || english.contains("limit") || english.contains("exceeded") {
        return (
            format!("filen överskrider en säkerhetsgräns för YAML ({english})"),
            Some(LIMITS_HINT.to_owned()),
        );
    }
    (format!("filen är inte giltig YAML: {english}"), None)
}

/// Splits "`x`, expected one of `a`, `b`" into ("”x”", "a, b").
fn split_expected(rest: &str) -> (String, String) {
    let (name, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let expected = expected
        .trim_start_matches("one of ")
        .replace('`', "")
        .replace(" or ", ", ");
    let expected = if expected.is_empty() {
        "inga".to_owned()
    } else {
        expected
    };
    (quote(name), expected)
}

fn quote(name: &str) -> String {
    format!("”{}”", name.trim_matches('`'))
}

fn swedish_kind(kind: &str) -> String {
    let kind = kind.trim();
    let words = [
        ("i64", "ett heltal"),
        ("i32", "ett heltal"),
        ("u32", "ett heltal"),
        ("a string", "en text"),
        ("a sequence", "en lista"),
        ("a map", "en samling nycklar (map)"),
        ("struct ", "en samling nycklar (map)"),
        ("unit value", "ett tomt värde"),
        ("boolean", "ja/nej-värde (boolean)"),
        ("integer", "heltal"),
        ("floating point", "decimaltal"),
        ("string ", "texten "),
        ("sequence", "en lista"),
        ("map", "en samling nycklar (map)"),
    ];
    for (en, sv) in words {
        if let Some(rest) = kind.strip_prefix(en) {
            return format!("{sv}{rest}");
        }
    }
    kind.to_owned()
}

/// Where a line sits in the YAML tree.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LineContext {
    /// Key path such as `processer › delprocesser › risker › konsekvens`.
    pub path: String,
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
    LineContext {
        path: keys.join(" › "),
        risk,
    }
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
        assert_eq!(c.path, "processer › risker › konsekvens");
    }

    #[test]
    fn top_level_line_has_no_risk() {
        let c = context_at_line(SRC, 1);
        assert_eq!(c.risk, None);
        assert_eq!(c.path, "kommun");
    }

    #[test]
    fn translates_unknown_field() {
        let (msg, hint) = translate("unknown field `sanolikhet`, expected one of `nr`, `risk`");
        assert_eq!(msg, "okänd nyckel ”sanolikhet”");
        assert!(hint.unwrap().contains("nr, risk"));
    }
}
