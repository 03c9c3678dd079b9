//! Property: any string made of Typst-significant characters and sequences,
//! placed in a risk's title, comes back out of the PDF's text unchanged
//! (modulo whitespace and the documented rules for paragraphs and bullets:
//! a line starting with "- ", "• " or "* " prints as "• "). Runs the
//! pipeline in process for speed.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use riskrapport::driver::{self, Config as BuildConfig, Options};

use crate::common::{TYPST_TOKENS, normalise, plan_yaml};

/// Line starts and sequences beyond `common::TYPST_TOKENS`, and a few
/// ordinary words between them.
const MORE_TOKENS: &[&str] = &[
    "\n= ",
    "\n- ",
    "\n+ ",
    "\n/ term: ",
    "```",
    "--",
    "---",
    "...",
    "#read(\"/etc/passwd\")",
    "#set page(width: 1cm)",
    "#{ while true {} }",
    "$x^2$",
    "<lbl>",
    "@lbl",
    "#import \"@preview/a:0.1.0\"",
    "\\u{41}",
    "#let",
    "(",
    ")",
    "http://exempel.se",
    "&",
    "%",
    "^",
    "|",
    "!",
    "?",
    ":",
    ";",
    ",",
    ".",
    "1.",
    "ord",
    "Risk",
    "\r",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "Å",
    "ä",
    " ",
    "  ",
    "\t",
    "#(1 + 1)",
    "*fet*",
    "_kursiv_",
    "= Rubrik",
];

/// YAML double-quoted string for `text`.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every token a title is made of.
fn tokens() -> Vec<&'static str> {
    TYPST_TOKENS.iter().chain(MORE_TOKENS).copied().collect()
}

fn title() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => prop::sample::select(tokens()).prop_map(str::to_owned),
        1 => prop::char::range('!', '~').prop_map(String::from),
    ];
    prop::collection::vec(token, 1..14)
        .prop_map(|parts| parts.concat())
        .prop_filter("a title has a visible character", |t| {
            t.chars().any(|c| !c.is_whitespace())
        })
}

fn squeeze(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

/// Stands for a hyphen before a line break in the extracted text: Typst's
/// hyphenation may have put it there, or it is a hyphen of the text.
const BREAK_HYPHEN: char = '\u{1}';

/// The extracted text without whitespace, with hyphens at line ends marked.
fn squeeze_extracted(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' && chars.get(i + 1).is_some_and(|n| n.is_whitespace()) {
            out.push(BREAK_HYPHEN);
        } else if !c.is_whitespace() && c != '\u{ad}' {
            out.push(c);
        }
    }
    out
}

/// True if `expected` occurs in `text`, where each marked hyphen in `text`
/// either is a hyphen of `expected` or was added by hyphenation.
fn occurs(text: &[char], expected: &[char]) -> bool {
    fn at(text: &[char], expected: &[char]) -> bool {
        match (expected.first(), text.first()) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(&e), Some(&BREAK_HYPHEN)) => {
                (e == '-' && at(&text[1..], &expected[1..])) || at(&text[1..], expected)
            }
            (Some(&e), Some(&t)) => e == t && at(&text[1..], &expected[1..]),
        }
    }
    (0..text.len()).any(|start| at(&text[start..], expected))
}

#[test]
fn any_title_prints_literally() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("n/plan.yaml");
    std::fs::create_dir_all(plan.parent().unwrap()).unwrap();
    let out = dir.path().join("ut");
    let config = BuildConfig::new(&Options {
        force: true,
        ..Options::new(&out)
    })
    .expect("the built-in templates load");
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&title(), |title| {
            let yaml = plan_yaml(&format!(
                "- nr: 1\n  risk: {}\n  sannolikhet: 1\n  konsekvens: 1\n",
                quoted(&title)
            ))
            .replace("processer:", "rapporter: [vor]\nprocesser:");
            std::fs::write(&plan, yaml).unwrap();
            let built = driver::build_all(&config, std::slice::from_ref(&plan), &|_| {}).remove(0);
            prop_assert!(built.ok(), "{:?}: {}", title, built.diagnostics);
            let raw = pdf_extract::extract_text(out.join("n/vor-2026.pdf")).unwrap();
            let text = normalise(&raw);
            // Control characters print as spaces, and by the documented text
            // rules blank lines split paragraphs and lines starting with
            // "- ", "• " or "* " are bullets (printed "• ").
            let expected: String = riskrapport::report::blocks(&title)
                .into_iter()
                .map(|b| {
                    if b.items.is_empty() {
                        b.text
                    } else {
                        b.items.iter().map(|i| format!("• {i}")).collect()
                    }
                })
                .collect();
            let expected = normalise(&expected);
            prop_assert!(
                occurs(&squeeze_extracted(&raw), &squeeze(&expected)),
                "{:?} is not in the PDF's text:\n{}",
                title,
                text
            );
            prop_assert!(!text.contains("root:"));
            Ok(())
        })
        .unwrap();
}
