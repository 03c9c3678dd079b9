//! Nothing private let out: every text of a plan, a follow-up or
//! `kommun.yaml` scanned for personnummer and samordningsnummer before the
//! documents are published (`kontrollera --publicering`, `bygg --webb`).
//!
//! A number counts when it has the form (6 or 8 digits for the date, an
//! optional `-` or `+`, 4 digits; or 10 or 12 digits in one run), a real
//! date (for a samordningsnummer the day plus 60) and a valid Luhn check
//! digit: a diarienummer or an amount of ten digits almost never has all
//! three.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model;

/// What kind of number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Personnummer,
    Samordningsnummer,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Personnummer => "ett personnummer",
            Kind::Samordningsnummer => "ett samordningsnummer",
        }
    }
}

/// A number found in a text: its kind and its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The personnummer and samordningsnummer in `text`.
pub fn find(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let run = digits_from(i);
        let candidate = match run {
            10 | 12 => Some((bytes[i..i + run].to_vec(), i + run)),
            6 | 8 => {
                let sep = i + run;
                let tail = if matches!(bytes.get(sep), Some(b'-' | b'+')) {
                    digits_from(sep + 1)
                } else {
                    0
                };
                (tail == 4).then(|| {
                    let mut all = bytes[i..sep].to_vec();
                    all.extend_from_slice(&bytes[sep + 1..sep + 5]);
                    (all, sep + 5)
                })
            }
            _ => None,
        };
        if let Some((digits, end)) = candidate
            && let Some(kind) = check(&digits)
        {
            found.push(Found {
                kind,
                start: i,
                end,
            });
        }
        i += run;
    }
    found
}

/// The kind of number `digits` (10 or 12, separator removed) is, if it is one.
fn check(digits: &[u8]) -> Option<Kind> {
    let number = |part: &[u8]| part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let ten = &digits[digits.len() - 10..];
    let (year, month, day) = (number(&ten[0..2]), number(&ten[2..4]), number(&ten[4..6]));
    let centuries = match digits.len() {
        12 => vec![number(&digits[0..2])],
        _ => vec![18, 19, 20],
    };
    let (kind, day) = if day > 60 {
        (Kind::Samordningsnummer, day - 60)
    } else {
        (Kind::Personnummer, day)
    };
    let real = centuries.iter().any(|&century| {
        (18..=20).contains(&century)
            && chrono::NaiveDate::from_ymd_opt((century * 100 + year) as i32, month, day).is_some()
    });
    (real && luhn(ten)).then_some(kind)
}

/// The Luhn check over ten digits: weights 2, 1, 2, 1 … on the first nine.
fn luhn(ten: &[u8]) -> bool {
    let sum: u32 = ten[..9]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let n = u32::from(d - b'0') * if i % 2 == 0 { 2 } else { 1 };
            n / 10 + n % 10
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(ten[9] - b'0')
}

/// Scans every file in `paths` (as `discover` finds them): an error for
/// each number found, with file, line, risk and field. Called by
/// `kontrollera --publicering` and before `bygg --webb`.
pub fn scan_files(paths: &[PathBuf]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for path in paths {
        diags.extend(scan_file(path));
    }
    diags
}

/// Scans the file at `path`; a file that cannot be read or parsed is
/// `kontrollera`'s to report, and gives nothing here.
pub fn scan_file(path: &Path) -> Diagnostics {
    match model::read_text(path) {
        Ok(source) => scan_source(path, &source),
        Err(_) => Diagnostics::default(),
    }
}

/// Scans the YAML `source` of the file at `path`.
pub fn scan_source(path: &Path, source: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Ok(tree) = model::parse::<Spanned<Node>>(path, source) else {
        return diags;
    };
    let lines: Vec<&str> = source.lines().collect();
    let mut texts = Vec::new();
    walk(&tree, &KeyPath::default(), None, &mut texts);
    for Text {
        text,
        line: at,
        field,
        risk,
    } in texts
    {
        for found in find(text) {
            let written = &text[found.start..found.end];
            // A block text starts on the line of its key: the number's own
            // line is the first at or after it that has the number.
            let line = (at.saturating_sub(1) as usize..lines.len())
                .find(|&l| lines[l].contains(written))
                .map_or(at, |l| l as u64 + 1);
            let column = lines
                .get(line as usize - 1)
                .and_then(|l| l.find(written))
                .map_or(0, |c| l_chars(lines[line as usize - 1], c) + 1);
            let mut d = Diagnostic::error(
                path,
                format!(
                    "{} ({}) står i texten; det får inte publiceras",
                    found.kind.word(),
                    masked(written)
                ),
            )
            .at(&(line, column))
            .field(field.clone())
            .hint("ta bort numret, eller skriv om texten utan uppgifter om en enskild; SKR:s råd är att personnummer tas bort innan nämndens handlingar publiceras");
            if let Some(nr) = risk {
                d = d.risk(nr);
            }
            diags.push(d);
        }
    }
    diags
}

/// The column (in characters) of byte `at` of `line`.
fn l_chars(line: &str, at: usize) -> u64 {
    line[..at].chars().count() as u64
}

/// The number with only its first four digits shown: the message is
/// printed, and logged, where the number must not go.
fn masked(written: &str) -> String {
    written
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i < 4 || !c.is_ascii_digit() {
                c
            } else {
                '•'
            }
        })
        .collect()
}

/// A text of the tree: where it stands, under which key and risk.
struct Text<'a> {
    text: &'a str,
    line: u64,
    field: KeyPath,
    risk: Option<u32>,
}

/// Every text of the tree, in the file's order.
fn walk<'a>(node: &'a Spanned<Node>, field: &KeyPath, risk: Option<u32>, out: &mut Vec<Text<'a>>) {
    match &node.value {
        Node::Text(text) => out.push(Text {
            text,
            line: node.referenced.line(),
            field: field.clone(),
            risk,
        }),
        Node::List(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &field.clone().index(i), risk, out);
            }
        }
        Node::Map(entries) => {
            // A map with a number `nr:` is a risk (or an entry about one).
            let own = entries.iter().find_map(|(key, value)| match &value.value {
                Node::Text(nr) if key == "nr" => nr.parse::<u32>().ok(),
                _ => None,
            });
            for (key, value) in entries {
                walk(value, &field.clone().key(key), own.or(risk), out);
            }
        }
        Node::Other => {}
    }
}

/// Any YAML value, its texts and numbers kept as text.
#[derive(Debug)]
enum Node {
    Text(String),
    List(Vec<Spanned<Node>>),
    Map(Vec<(String, Spanned<Node>)>),
    Other,
}

/// A map's key, whatever its kind, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Node::deserialize(deserializer)? {
            Node::Text(text) => Ok(Key(text)),
            _ => Ok(Key(String::new())),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Other)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((Key(key), value)) = map.next_entry::<Key, Spanned<Node>>()? {
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        find(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn personnummer_in_every_form_are_found() {
        // 811218-9876 is the Skatteverket's example with a valid check digit.
        for text in [
            "Handläggare 811218-9876 ringde",
            "8112189876",
            "19811218-9876.",
            "198112189876",
            "811218+9876",
        ] {
            assert_eq!(kinds(text), vec![Kind::Personnummer], "{text}");
        }
    }

    #[test]
    fn samordningsnummer_are_found() {
        // Day 18 + 60 = 78; check digit computed for 8112789876's first nine.
        let nine = b"811278987";
        let check = (0..10u8)
            .find(|d| {
                let mut ten = nine.to_vec();
                ten.push(b'0' + d);
                luhn(&ten)
            })
            .unwrap();
        let text = format!("nr 811278-987{check}");
        assert_eq!(kinds(&text), vec![Kind::Samordningsnummer]);
    }

    #[test]
    fn dnr_amounts_and_wrong_check_digits_pass() {
        for text in [
            "SN-2024/1234",
            "KS 2023/145",
            "Belopp 1234567890 kr",
            "1 234 567 890 kr",
            "811218-9875",
            "8112189875",
            "12345678901234",
            "2024-12-12",
            "991332-1234",
        ] {
            assert!(kinds(text).is_empty(), "{text}");
        }
    }
}
