//! Broken and hostile YAML: every case gets a clear Swedish error with the
//! file, line and column, the key path and what is allowed; resource attacks
//! are refused by an explicit limit counted in work (values, aliases,
//! nesting, bytes), never by exhausting memory or stack: each check runs
//! within a memory budget that reading or expanding the attack would burst.

use crate::common::bounded::{MIB, run_bounded};
use crate::common::{fixture, plan_yaml, run, run_ok};

/// The most data memory `kontrollera` may take on any file here: room for
/// a 10 MiB file read and parsed, far from what a 200 MB file or an alias
/// bomb expanded would take.
const MEMORY: u64 = 128 * MIB;

/// Runs `check` on `namnd/plan.yaml` with `bytes` within [`MEMORY`]; its stderr.
fn check_bytes(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("namnd")).unwrap();
    std::fs::write(dir.path().join("namnd/plan.yaml"), bytes).unwrap();
    check_within_budget(dir.path(), "namnd/plan.yaml")
}

/// `check path` in `dir` within [`MEMORY`], which must end with exit code 1
/// (errors in the data), not a crash; its stderr.
fn check_within_budget(dir: &std::path::Path, path: &str) -> String {
    let out = run_bounded(dir, &["check", path], &[], Some(MEMORY));
    assert!(
        out.code == Some(1),
        "exit code 1 (data errors), not a crash: {:?} (peak {} MiB)\n{}",
        out.code,
        out.peak / MIB,
        out.stderr
    );
    out.stderr
}

/// Asserts `stderr` has exactly one error, containing each of `parts`.
fn assert_error(stderr: &str, parts: &[&str]) {
    assert_eq!(stderr.matches("fel: ").count(), 1, "{stderr}");
    for part in parts {
        assert!(stderr.contains(part), "missing {part:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

const RISK_1: &str = "- nr: 1\n  risk: Första risken\n  sannolikhet: 2\n  konsekvens: 2\n";

#[test]
fn text_that_is_not_yaml() {
    let stderr = check_bytes(b"kommun: [Testkommun, \nn\xc3\xa4mnd: }{\n");
    assert_error(
        &stderr,
        &[
            "filen är inte giltig YAML",
            "namnd/plan.yaml:1:",
            "(kommun)",
        ],
    );
}

#[test]
fn file_that_is_not_utf8() {
    // Latin-1 "nämnd" on line 2.
    let stderr = check_bytes(b"kommun: Testkommun\nn\xe4mnd: Testn\xe4mnden\n");
    assert_error(
        &stderr,
        &[
            "filen är inte kodad som UTF-8",
            "namnd/plan.yaml:2:2",
            "tips: spara filen som UTF-8",
        ],
    );
}

#[test]
fn empty_file_and_only_comments() {
    for bytes in [&b""[..], b"\n\n   \n", b"# bara en kommentar\n"] {
        let stderr = check_bytes(bytes);
        assert_error(
            &stderr,
            &["fel: filen är tom", "--> namnd/plan.yaml", "tips: "],
        );
    }
}

#[test]
fn a_list_where_a_map_is_wanted() {
    let stderr = check_bytes(b"- kommun: Testkommun\n- n\xc3\xa4mnd: X\n");
    assert_error(
        &stderr,
        &[
            "fel sorts värde: här väntades en samling nycklar (nyckel: värde)",
            "namnd/plan.yaml:1:1",
            "tips: ",
        ],
    );
}

#[test]
fn a_list_where_a_text_is_wanted() {
    let yaml = plan_yaml(RISK_1).replace("kommun: Testkommun", "kommun: [Test, kommun]");
    let stderr = check_bytes(yaml.as_bytes());
    assert_error(
        &stderr,
        &["här väntades en text", "namnd/plan.yaml:1:9", "(kommun)"],
    );
}

#[test]
fn a_value_of_the_wrong_type_in_a_risk() {
    let yaml = plan_yaml(&format!(
        "{RISK_1}- nr: 12\n  risk: Tolv\n  sannolikhet: 2\n  konsekvens: hög\n"
    ));
    let stderr = check_bytes(yaml.as_bytes());
    assert_error(
        &stderr,
        &[
            "fel typ av värde",
            "ett heltal",
            "namnd/plan.yaml:27:",
            "(risk 12, processer › risker › konsekvens)",
        ],
    );
}

#[test]
fn an_unknown_value_lists_the_allowed_ones() {
    let yaml = plan_yaml(&format!(
        "{RISK_1}- nr: 2\n  risk: Två\n  sannolikhet: 1\n  konsekvens: 1\n  ikp: kanske\n"
    ));
    let stderr = check_bytes(yaml.as_bytes());
    assert_error(
        &stderr,
        &[
            "okänt värde ”kanske”",
            "namnd/plan.yaml:28:",
            "(risk 2, processer › risker › ikp)",
            "tillåtna värden: ja, nej",
        ],
    );
}

#[test]
fn a_duplicate_key() {
    let yaml =
        plan_yaml("- nr: 3\n  risk: Tre\n  sannolikhet: 1\n  sannolikhet: 2\n  konsekvens: 1\n");
    let stderr = check_bytes(yaml.as_bytes());
    assert_error(
        &stderr,
        &[
            "samma nyckel ”sannolikhet” står två gånger",
            "namnd/plan.yaml:23:",
            "risk 3",
            "tips: ta bort",
        ],
    );
}

#[test]
fn several_documents_in_one_file() {
    let yaml = format!("{}---\n{}", plan_yaml(RISK_1), plan_yaml(RISK_1));
    let stderr = check_bytes(yaml.as_bytes());
    assert_error(&stderr, &["flera YAML-dokument", "namnd/plan.yaml:"]);
}

/// "Billion laughs": nine levels of nine aliases each.
fn billion_laughs() -> String {
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml
}

#[test]
fn an_alias_bomb_is_refused_fast() {
    let stderr = check_bytes(billion_laughs().as_bytes());
    assert_error(
        &stderr,
        &[
            "filen har fler än 250000 värden (med alias utvecklade)",
            "namnd/plan.yaml:",
            "docs/errors.md#gränser",
        ],
    );
}

#[test]
fn too_many_aliases_are_refused() {
    let yaml = format!("a: &a [x]\nb: [{}]\n", vec!["*a"; 1500].join(", "));
    let stderr = check_bytes(yaml.as_bytes());
    assert_error(
        &stderr,
        &["filen har fler än 1000 alias", "namnd/plan.yaml:2:"],
    );
}

#[test]
fn nesting_ten_thousand_levels_is_refused() {
    let flow = format!("processer: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let stderr = check_bytes(flow.as_bytes());
    assert_error(&stderr, &["nästlad", "64 nivåer", "namnd/plan.yaml:1:"]);

    // Indented maps 10 000 deep would be 50 MB of spaces; 1 000 shows the point.
    let block: String = (0..1_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let stderr = check_bytes(block.as_bytes());
    assert_error(
        &stderr,
        &["nästlad djupare än 64 nivåer", "namnd/plan.yaml:65:"],
    );
    assert!(
        stderr.contains("(… › k › k"),
        "a deep key path is shortened: {stderr}"
    );

    // "- - - … x": 10 000 nested block lists on one line.
    let items = format!("processer:\n  {}x\n", "- ".repeat(10_000));
    let stderr = check_bytes(items.as_bytes());
    assert_error(&stderr, &["nästlad", "64 nivåer", "namnd/plan.yaml:2:"]);
}

#[test]
fn a_200_mb_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("namnd")).unwrap();
    let file = std::fs::File::create(dir.path().join("namnd/plan.yaml")).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap(); // sparse: no disk used
    drop(file);
    // The budget is smaller than the file: reading it would burst it.
    const { assert!(MEMORY < 200 * MIB) };
    let stderr = check_within_budget(dir.path(), "namnd");
    assert_error(
        &stderr,
        &[
            "filen är för stor: 209715200 byte, gränsen är 10485760 byte",
            "namnd/plan.yaml",
        ],
    );
}

#[test]
fn a_10_mb_string_in_one_field_is_refused() {
    let text = "x".repeat(10 * 1024 * 1024 - 100);
    let yaml = plan_yaml(&format!(
        "- nr: 1\n  risk: R\n  beskrivning: {text}\n  sannolikhet: 1\n  konsekvens: 1\n"
    ));
    // Whole file under the 10 MiB limit so that the field limit is what stops it.
    let yaml = &yaml[..yaml.len().min(10 * 1024 * 1024)];
    let stderr = check_bytes(yaml.as_bytes());
    assert_error(
        &stderr,
        &[
            "texten är för lång",
            "gränsen är 100000 tecken i ett fält",
            "namnd/plan.yaml:22:",
            "(risk 1, processer › risker › beskrivning)",
        ],
    );
}

#[test]
fn a_text_just_under_the_field_limit_is_fine() {
    let text = "ord ".repeat(20_000);
    let yaml = plan_yaml(&format!(
        "- nr: 1\n  risk: R\n  beskrivning: {}\n  sannolikhet: 1\n  konsekvens: 1\n",
        text.trim()
    ));
    let dir = fixture(&[("namnd/plan.yaml", &yaml)]);
    run_ok(dir.path(), &["check", "namnd/plan.yaml"]);
}

#[test]
fn a_scale_of_zero_or_eleven() {
    for scale in [0_i64, 1, 11, -4, 99_999_999_999] {
        let yaml = plan_yaml(RISK_1).replace("skala: 4", &format!("skala: {scale}"));
        let stderr = check_bytes(yaml.as_bytes());
        assert_error(
            &stderr,
            &[
                &format!("skalan {scale} är inte tillåten"),
                "namnd/plan.yaml:6:",
                "riskmodell › skala",
                "från 2 till 10",
            ],
        );
    }
}

#[test]
fn colours_that_are_not_colours() {
    for colour in ["#12345", "#ggg", "rgb(1, 2, 3)", "#e5393", "", "#ÅÄÖ"] {
        let yaml = plan_yaml(RISK_1).replace("\"#e53935\"", &format!("{colour:?}"));
        let stderr = check_bytes(yaml.as_bytes());
        assert_error(
            &stderr,
            &[
                &format!("”{colour}” är ingen färg"),
                "namnd/plan.yaml:13:",
                "nivåer[3] › färg",
                "hexkod",
            ],
        );
    }
}

#[test]
fn huge_numbers_do_not_overflow() {
    let yaml = plan_yaml(
        "- nr: 99999999999999999999\n  risk: R\n  sannolikhet: 9223372036854775807\n  konsekvens: -9223372036854775808\n",
    );
    let stderr = check_bytes(yaml.as_bytes());
    assert!(stderr.contains("fel: "), "{stderr}");
    assert!(stderr.contains("namnd/plan.yaml:"), "{stderr}");
    let yaml = plan_yaml(
        "- nr: 4294967296\n  risk: R\n  sannolikhet: 9223372036854775807\n  konsekvens: 9223372036854775807\n",
    )
    .replace("från: 12, till: 16", "från: 12, till: 9223372036854775807")
    .replace("från_riskvärde: 8", "från_riskvärde: -9223372036854775808");
    let stderr = check_bytes(yaml.as_bytes());
    assert!(stderr.contains("fel: "), "{stderr}");
}

/// The logotyp is the one file besides the data a report reads: one too
/// large, or one that a link in the data folder points to outside it, is
/// refused before Typst sees it.
#[test]
fn a_logotyp_too_large_or_linked_from_outside_is_refused() {
    let plan = |file: &str| {
        plan_yaml(RISK_1).replace(
            "processer:",
            &format!("logotyp:\n  fil: {file}\n  alt: Logotyp\nprocesser:"),
        )
    };
    let big = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- {} --></svg>",
        "x".repeat(3 << 20)
    );
    let dir = fixture(&[
        ("namnd/plan.yaml", &plan("stor.svg")),
        ("namnd/stor.svg", &big),
    ]);
    let out = run(dir.path(), &["kontrollera", "namnd"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_error(
        &stderr,
        &[
            "logotypen är för stor",
            "gränsen är 2097152 byte",
            "namnd/plan.yaml:",
        ],
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("hemlig.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let dir = fixture(&[("namnd/plan.yaml", &plan("länk.svg"))]);
    std::os::unix::fs::symlink(
        outside.path().join("hemlig.svg"),
        dir.path().join("namnd/länk.svg"),
    )
    .unwrap();
    let out = run(dir.path(), &["kontrollera", "namnd"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_error(
        &stderr,
        &[
            "ligger utanför datamappen",
            "en rapport läser inga andra filer",
        ],
    );
}
