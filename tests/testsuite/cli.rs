//! The command line speaks Swedish: every help page and every error for a
//! wrong command, flag or file, with no English from clap or the system;
//! the English names still work as aliases, so scripts keep working.

use crate::common::{fixture, plan_yaml, run, run_ok};

/// Words clap and the standard library print in English.
const ENGLISH: &[&str] = &[
    "Usage",
    "Arguments:",
    "Options:",
    "Commands:",
    "Print help",
    "Print version",
    "[default:",
    "error:",
    "tip:",
    "For more information",
    "unrecognized",
    "unexpected argument",
    "required",
    "No such file",
    "Permission denied",
    "invalid value",
    "a value is required",
];

const RISK: &str = "- nr: 1\n  risk: R\n  sannolikhet: 2\n  konsekvens: 2\n";

fn assert_swedish(args: &[&str], text: &str) {
    for word in ENGLISH {
        assert!(
            !text.contains(word),
            "{args:?} prints English ({word:?}):\n{text}"
        );
    }
}

#[test]
fn every_help_page_is_swedish() {
    let dir = fixture(&[]);
    let pages: &[&[&str]] = &[
        &["--hjälp"],
        &["--help"],
        &["-h"],
        &["hjälp"],
        &["help"],
        &["help", "--help"],
        &["hjälp", "bygg"],
        &["help", "build"],
        &["bygg", "--hjälp"],
        &["build", "--help"],
        &["kontrollera", "--hjälp"],
        &["check", "-h"],
        &["hämta", "--hjälp"],
        &["extract", "--help"],
        &["nytt-år", "--hjälp"],
        &["new-year", "--help"],
        &["hjälp", "nytt-år"],
        &["bevaka", "--hjälp"],
        &["watch", "--help"],
        &["excel", "--hjälp"],
        &["importera", "--hjälp"],
        &["import", "--help"],
        &["uppgradera", "--hjälp"],
        &["upgrade", "--help"],
        &["hjälp", "excel"],
    ];
    for args in pages {
        let out = run(dir.path(), args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}: {text}");
        assert!(text.contains("Användning: riskrapport"), "{args:?}: {text}");
        assert_swedish(args, &text);
    }
    let out = run(dir.path(), &["bygg", "--hjälp"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for part in [
        "Argument:",
        "Flaggor:",
        "--tvinga",
        "[alias: --force]",
        "(standard: out)",
    ] {
        assert!(help.contains(part), "{part:?} in:\n{help}");
    }
}

#[test]
fn every_argument_error_is_swedish_with_a_suggestion() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let cases: &[(&[&str], i32, &str)] = &[
        (&[], 2, "fel: ett kommando saknas"),
        (&["bygd"], 2, "menade du ”bygg”?"),
        (&["kontroll"], 2, "menade du ”kontrollera”?"),
        (&["bygg", "--tving"], 2, "menade du ”--tvinga”?"),
        (&["bygg", "-o"], 2, "--ut <MAPP> behöver ett värde"),
        (&["hämta"], 2, "<PDF> saknas"),
        (&["hjälp", "baka"], 2, "okänt kommando ”baka”"),
        (
            &["bygg", "n", "--pdf-standard", "a-9z"],
            2,
            "ogiltigt värde ”a-9z” för --pdf-standard <LISTA>\n  tips: välj bland a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, a-4, ua-1",
        ),
        (
            &["bygg", "n", "--pdf-standard", "a-2a,a-3a"],
            2,
            "fel: PDF-standarderna går inte att kombinera",
        ),
        (
            &["excel", "n/plan.yaml", "--uppföljning", "t3"],
            2,
            "ogiltigt värde ”t3” för --uppföljning <t2|vb>\n  tips: välj bland t2, vb",
        ),
        (&["bygg", "finns-inte"], 1, "filen eller mappen finns inte"),
        (
            &["kontrollera", "finns-inte.yaml"],
            1,
            "filen eller mappen finns inte",
        ),
        (
            &["hämta", "finns-inte.pdf"],
            1,
            "PDF:en kunde inte läsas: filen eller mappen finns inte",
        ),
        (&["hämta", "n/plan.yaml"], 1, "filen är ingen läsbar PDF"),
        (
            &["bygg", "n", "--mallar", "finns-inte"],
            1,
            "mallmappen kunde inte läsas",
        ),
    ];
    for (args, code, part) in cases {
        let out = run(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {stderr}");
        assert!(
            stderr.contains(part),
            "{args:?}: missing {part:?} in:\n{stderr}"
        );
        assert!(stderr.starts_with("fel: "), "{args:?}: {stderr}");
        assert_swedish(args, &stderr);
    }
}

#[test]
fn english_names_still_work() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let swedish = run(dir.path(), &["kontrollera", "n"]);
    let english = run(dir.path(), &["check", "n"]);
    assert!(swedish.status.success());
    assert_eq!(swedish.stdout, english.stdout);
    run_ok(
        dir.path(),
        &["build", "n", "--out", "ut", "--force", "--emit-typst"],
    );
    assert!(dir.path().join("ut/n/vor-2026.pdf").is_file());
    assert!(dir.path().join("ut/n/vor-2026.typ").is_file());
}

#[test]
fn counts_agree_with_their_nouns() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let out = run(dir.path(), &["kontrollera", "n"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 fil kontrollerad: 0 fel och 0 varningar"),
        "{stdout}"
    );
    let out = run(dir.path(), &["bygg", "n", "-o", "ut"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 fil, 2 rapporter gjorda, 0 oförändrade, 0 fel och 0 varningar"),
        "{stdout}"
    );
    let out = run(dir.path(), &["bygg", "n", "-o", "ut"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 fil, 0 rapporter gjorda, 2 oförändrade"),
        "{stdout}"
    );
}
