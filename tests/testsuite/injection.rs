//! Text from the data never becomes Typst code: it prints exactly as written.

use crate::common::{fixture, normalise, pdf_text, plan_yaml, run_ok};

const HOSTILE: [&str; 8] = [
    r#"#read("/etc/passwd")"#,
    "$x$ *y*",
    "<lbl> och @ref",
    "= Rubrik? - lista + // kommentar /* block */",
    r"\ backslash ` raw ` _understruken_ ~ [hakar] {klamrar}",
    "#set page(width: 1cm)",
    "'enkla' och \"dubbla\" citattecken",
    "#{ while true {} }",
];

/// YAML double-quoted string for `text`.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn hostile_text_prints_literally_in_every_report() {
    let mut risks = String::new();
    for (i, text) in HOSTILE.iter().enumerate() {
        risks.push_str(&format!(
            "- nr: {}\n  risk: {}\n  förebyggande_hantering: {}\n  sannolikhet: 3\n  konsekvens: 4\n  kontroll:\n    kontrollmoment: {}\n    kontrollaktivitet: {}\n",
            i + 1,
            quoted(text),
            quoted(text),
            quoted(text),
            quoted(text)
        ));
    }
    let yaml = plan_yaml(&risks)
        .replace(
            "nämnd: Testnämnden",
            &format!("nämnd: {}", quoted("Nämnd #1 $a$")),
        )
        .replace(
            "- process: Testprocess",
            &format!("- process: {}", quoted("*process* <p>")),
        );
    let dir = fixture(&[("n/plan.yaml", &yaml)]);
    run_ok(dir.path(), &["build", "n", "-o", "ut"]);
    for file in ["vor-2026.pdf", "ikp-2026.pdf"] {
        let text = pdf_text(&dir.path().join("ut/n").join(file));
        for hostile in HOSTILE {
            let expected = normalise(hostile);
            assert!(
                text.matches(&expected).count() >= 2,
                "{file}: {hostile:?} not printed literally (twice) in:\n{text}"
            );
        }
        assert!(text.contains("Nämnd #1 $a$"), "{file}");
        assert!(text.contains("*process* <p>"), "{file}");
        assert!(
            !text.contains("root:"),
            "{file} must not contain /etc/passwd"
        );
    }
}

#[test]
fn hostile_text_in_a_section_prints_literally() {
    let yaml = plan_yaml("- nr: 1\n  risk: R\n  sannolikhet: 1\n  konsekvens: 1\n").replace(
        "processer:",
        "vor:\n  avsnitt:\n    - rubrik: \"#heading[x]\"\n      text: |\n        = inte en rubrik\n        - en punkt med $matte$ och #read(\"/etc/hosts\")\nprocesser:",
    );
    let dir = fixture(&[("n/plan.yaml", &yaml)]);
    run_ok(dir.path(), &["build", "n", "-o", "ut"]);
    let text = pdf_text(&dir.path().join("ut/n/vor-2026.pdf"));
    assert!(text.contains("#heading[x]"), "{text}");
    assert!(text.contains("= inte en rubrik"), "{text}");
    assert!(
        text.contains("en punkt med $matte$ och #read(\"/etc/hosts\")"),
        "{text}"
    );
}
