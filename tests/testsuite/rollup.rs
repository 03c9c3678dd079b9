//! Kommunstyrelsens samlade bild (`sammanställning-<år>.pdf`): checked on
//! the text of the real PDF against each nämnd's own reports, and with
//! broken, missing and changed files in a synthetic city.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{example_out, example_pdf, pdf_text, root, run, synthetic};

/// The example city's nämnder with a plan for 2025: output folder and name.
const NAMNDER_2025: [(&str, &str); 8] = [
    ("idrottsnamnden", "Idrottsnämnden"),
    ("kommunstyrelsen", "Kommunstyrelsen"),
    ("miljonamnden", "Miljö- och hälsoskyddsnämnden"),
    ("servicenamnden", "Servicenämnden"),
    ("socialnamnden", "Socialnämnden"),
    ("stadsbyggnadsnamnden", "Stadsbyggnadsnämnden"),
    ("utbildningsnamnden", "Utbildningsnämnden"),
    ("aldrenamnden", "Äldrenämnden"),
];

fn rollup_text() -> String {
    squash(&pdf_text(&example_out().join("sammanställning-2025.pdf")))
}

/// Text without spaces and hyphens: names in narrow columns break at the
/// word list's soft hyphens, and text extraction reads spaces (or none)
/// there. Compare squashed text with squashed text.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{ad}' | '-'))
        .collect()
}

/// Whether `text` (squashed) contains `wanted`, squashed.
fn has(text: &str, wanted: &str) -> bool {
    text.contains(&squash(wanted))
}

/// The level counts of a VoR's legend, highest first: the pairs before
/// "Totalt:", each count perhaps followed by last year's in brackets.
fn vor_levels(folder: &str) -> Vec<(String, usize)> {
    let text = pdf_text(&example_pdf(folder, "vor-2025.pdf"));
    let before = &text[..text.find("Totalt:").expect("the VoR has its legend")];
    let tokens: Vec<&str> = before.split(' ').filter(|t| !t.is_empty()).collect();
    let mut levels = Vec::new();
    let mut i = tokens.len();
    loop {
        if i > 0 && tokens[i - 1].starts_with('(') {
            i -= 1;
        }
        let (Some(count), Some(name)) = (
            i.checked_sub(1)
                .and_then(|j| tokens[j].parse::<usize>().ok()),
            i.checked_sub(2).map(|j| tokens[j]),
        ) else {
            break;
        };
        if !name.chars().all(char::is_alphabetic) {
            break;
        }
        levels.push((name.to_owned(), count));
        i -= 2;
    }
    levels.reverse();
    assert!(!levels.is_empty(), "{folder}: no legend read from the VoR");
    levels
}

fn joined(levels: &[(String, usize)]) -> String {
    levels
        .iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[test]
fn each_namnds_counts_are_those_of_its_own_vor_and_the_sums_add_them_up() {
    let text = rollup_text();
    // Per set of level names, the sum of the nämnder's VoR counts.
    let mut sums: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (folder, name) in NAMNDER_2025 {
        let levels = vor_levels(folder);
        let row = format!("{name} {}", joined(&levels));
        assert!(has(&text, &row), "the samlade bild lacks ”{row}”");
        let names: Vec<String> = levels.iter().map(|(n, _)| n.clone()).collect();
        let sum = sums.entry(names).or_insert_with(|| vec![0; levels.len()]);
        for (s, (_, n)) in sum.iter_mut().zip(&levels) {
            *s += n;
        }
    }
    assert_eq!(sums.len(), 2, "the example uses two sets of levels");
    for (names, counts) in sums {
        let levels: Vec<(String, usize)> = names.into_iter().zip(counts).collect();
        let row = format!("Summa {}", names_line(&levels));
        assert!(has(&text, &row), "the samlade bild lacks the sum ”{row}”");
    }
    assert!(has(&text, "Alla nämnder Olika nivåer i två uppsättningar"));
}

/// "Kritisk · Medium · Låg Kritisk 8 · Medium 77 · Låg 7": a sum row's
/// name cell (its levels) and its counts.
fn names_line(levels: &[(String, usize)]) -> String {
    let names: Vec<&str> = levels.iter().map(|(n, _)| n.as_str()).collect();
    format!("{} {}", names.join(" · "), joined(levels))
}

#[test]
fn every_risk_on_a_namnds_highest_level_is_in_the_table_of_them() {
    let text = rollup_text();
    let mut total = 0;
    for (folder, name) in NAMNDER_2025 {
        let plan = std::fs::read_dir(root().join("data"))
            .unwrap()
            .chain(std::fs::read_dir(root().join("data/pahittade")).unwrap())
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n == folder))
            .expect("the nämnd's folder");
        let file = std::fs::read_dir(&plan)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                n.ends_with("2025.yaml") && !n.starts_with("uppfoljning")
            })
            .expect("the 2025 plan");
        let checked = riskrapport::driver::check(&file);
        let (plan, scored) = checked.plan.expect("the example plan checks");
        let top = plan.model.levels.len() - 1;
        let heading = format!(
            "Nämnd {name} · högsta nivån: {}",
            plan.model.levels[top].name
        );
        assert!(has(&text, &heading), "no group ”{heading}”");
        for (risk, score) in plan.risks.iter().zip(&scored.risks) {
            if score.level == Some(top) {
                total += 1;
                let title = crate::common::normalise(&risk.title);
                let row = format!("{} {title}", risk.nr);
                assert!(has(&text, &row), "{name}: risk ”{row}” is missing");
            }
        }
    }
    assert!(
        has(&text, &format!("Här står alla {total} risker")),
        "the count of highest-level risks is not {total}"
    );
}

/// The results a VB report's legend gives ("Genomförd: 2"), in its order,
/// those with a count above zero, as the samlade bild writes them.
fn vb_results(folder: &str) -> Option<String> {
    let pdf = example_out().join(folder).join("vb-2025.pdf");
    let text = pdf_text(&pdf);
    let words = [
        "Genomförd",
        "Delvis genomförd",
        "Ej genomförd",
        "Ej bedömd",
        "Ej rapporterad",
    ];
    let counted: Vec<String> = words
        .iter()
        .filter_map(|word| {
            let at = text.find(&format!("{word}: "))? + word.len() + 2;
            let digits: String = text[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let n: usize = digits.parse().ok()?;
            (n > 0).then(|| format!("{word} {n}"))
        })
        .collect();
    assert!(
        !counted.is_empty(),
        "{folder}: no results read from the VB's legend"
    );
    Some(counted.join(" "))
}

#[test]
fn each_namnds_vb_results_are_those_of_its_own_vb_report() {
    let text = rollup_text();
    let starts: Vec<(usize, &str, &str)> = NAMNDER_2025
        .iter()
        .map(|(folder, name)| {
            let row = format!("{name} {}", joined(&vor_levels(folder)));
            let at = text.find(&squash(&row)).expect("the nämnd's row");
            (at, *folder, *name)
        })
        .collect();
    let mut checked = 0;
    for &(start, folder, name) in &starts {
        if !example_out().join(folder).join("vb-2025.pdf").is_file() {
            continue;
        }
        // The row runs to the next nämnd's row or the sums below the last.
        let end = starts
            .iter()
            .map(|(at, ..)| *at)
            .filter(|at| *at > start)
            .chain(text[start..].find("Summa").map(|i| start + i))
            .min()
            .unwrap_or(text.len());
        let wanted = vb_results(folder).expect("the VB's results");
        assert!(
            has(&text[start..end], &wanted),
            "{name}: the samlade bild does not show its VB's ”{wanted}”: {}",
            &text[start..end]
        );
        checked += 1;
    }
    assert!(
        checked >= 4,
        "only {checked} nämnder with a VB were compared"
    );
}

#[test]
fn a_namnd_without_vb_is_not_reported_and_one_without_plan_is_missing() {
    let text = rollup_text();
    let start = text
        .find(&squash("Stadsbyggnadsnämnden Kritisk"))
        .expect("its row");
    let row = &text[start..start + 200];
    assert!(
        has(
            row,
            "Ej rapporterad 5 verksamhetsberättelsen saknas Ej rapporterad"
        ),
        "Stadsbyggnadsnämnden has no VB: {row}"
    );
    assert!(has(
        &text,
        "Saknas i sammanställningen, utan plan för 2025: Arbetsmarknadsnämnden (senaste plan 2026) och Kulturnämnden (senaste plan 2014)."
    ));
    assert!(has(
        &text,
        "Av åtta nämnder bedömer tre sin interna kontroll som tillräcklig, en som delvis tillräcklig och en som otillräcklig. Tre nämnder har inte rapporterat någon bedömning."
    ));
}

#[test]
fn processes_recur_across_namnder_regardless_of_case_and_spaces() {
    let text = rollup_text();
    // Idrottsnämnden writes "upphandling och  inköp".
    assert!(has(
        &text,
        "Upphandling och inköp Idrottsnämnden: 4 (Kritisk)"
    ));
    assert!(has(&text, "Upphandling och inköp (fem nämnder)"));
}

/// A synthetic city of `n` nämnder with its kommun.yaml.
fn city(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_city(dir.path(), n, 10).unwrap();
    synthetic::write_kommun(dir.path(), None).unwrap();
    dir
}

fn build(dir: &Path) -> (bool, String) {
    let out = run(dir, &["bygg", ".", "-o", "ut"]);
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), said)
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no ”{from}”", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn broken_files_show_as_fel_i_underlaget_and_do_not_stop_the_rest() {
    let dir = city(4);
    let d = dir.path();
    // A plan that cannot be parsed, a plan with a wrong rating, a broken VB.
    std::fs::write(
        d.join("namnd-01/plan-2026.yaml"),
        std::fs::read_to_string(d.join("namnd-01/plan-2026.yaml")).unwrap() + "  - [ :\n",
    )
    .unwrap();
    replace(
        &d.join("namnd-02/plan-2026.yaml"),
        "sannolikhet: 1",
        "sannolikhet: 9",
    );
    std::fs::write(
        d.join("namnd-03/uppfoljning-vb-2026.yaml"),
        "uppföljning: vb\nplan: plan-2026.yaml\nkontroller: [\n",
    )
    .unwrap();
    let (ok, said) = build(d);
    assert!(!ok, "errors in the data fail the build");
    let pdf = d.join("ut/sammanställning-2026.pdf");
    assert!(pdf.is_file(), "the samlade bild is made anyway:\n{said}");
    let text = squash(&pdf_text(&pdf));
    for (name, file) in [
        ("Nämnd 1", "namnd-01/plan-2026.yaml"),
        ("Nämnd 2", "namnd-02/plan-2026.yaml, 1 fel"),
    ] {
        let row = format!("{name} Fel i underlaget {file}");
        assert!(has(&text, &row), "no ”{row}” in: {text}");
    }
    let start = text
        .find(&squash("Nämnd 3 Kritisk"))
        .expect("Nämnd 3's plan is fine");
    assert!(
        has(
            &text[start..start + 200],
            "Fel i underlaget namnd-03/uppfoljning-vb-2026.yaml"
        ),
        "Nämnd 3's VB is broken: {text}"
    );
    assert!(has(&text, "Nämnd 4 Kritisk"), "{text}");
    assert!(has(
        &text,
        "Fel i underlaget hos tre nämnder: Nämnd 1, Nämnd 2 och Nämnd 3."
    ));
}

#[test]
fn the_samlade_bild_is_rebuilt_when_a_file_of_the_city_changes_and_only_then() {
    let dir = city(2);
    let d = dir.path();
    let (ok, said) = build(d);
    assert!(ok, "{said}");
    let pdf = d.join("ut/sammanställning-2026.pdf");
    let made = || std::fs::metadata(&pdf).unwrap().modified().unwrap();
    let first = made();
    let (ok, said) = build(d);
    assert!(ok && said.contains("0 rapporter gjorda"), "{said}");
    assert_eq!(made(), first, "nothing changed, nothing rebuilt");

    replace(
        &d.join("kommun.yaml"),
        "datum: 2027-03-15",
        "datum: 2027-03-16",
    );
    let (ok, said) = build(d);
    assert!(ok && said.contains("1 rapport gjord"), "{said}");

    // A new nämnd joins; one that leaves is gone from the next one.
    std::fs::create_dir(d.join("namnd-09")).unwrap();
    std::fs::write(
        d.join("namnd-09/plan-2026.yaml"),
        synthetic::plan("Nämnd 9", 5),
    )
    .unwrap();
    let (ok, said) = build(d);
    assert!(ok, "{said}");
    assert!(has(&squash(&pdf_text(&pdf)), "Nämnd 9 Kritisk"));
    std::fs::remove_dir_all(d.join("namnd-09")).unwrap();
    let (ok, said) = build(d);
    assert!(ok, "{said}");
    assert!(!has(&squash(&pdf_text(&pdf)), "Nämnd 9"));
}

#[test]
fn the_listed_namnder_come_in_their_order_and_a_missing_one_warns() {
    let dir = city(3);
    let d = dir.path();
    synthetic::write_kommun(d, Some(&["Nämnd 3", "Nämnd 1", "Nämnd 7"])).unwrap();
    let (ok, said) = build(d);
    assert!(ok, "{said}");
    assert!(
        said.contains("nämnden ”Nämnd 7” i listan nämnder har ingen plan för 2026"),
        "{said}"
    );
    let text = squash(&pdf_text(&d.join("ut/sammanställning-2026.pdf")));
    let third = text.find(&squash("Nämnd 3 Kritisk")).expect("Nämnd 3");
    let first = text.find(&squash("Nämnd 1 Kritisk")).expect("Nämnd 1");
    assert!(third < first, "the list's order");
    assert!(!has(&text, "Nämnd 2 Kritisk"), "Nämnd 2 is not listed");
    assert!(has(&text, "Nämnd 7 (ingen plan hittades)"));
}

#[test]
fn errors_in_kommun_yaml_name_the_file_line_and_fix() {
    let dir = city(1);
    let d = dir.path();
    std::fs::write(
        d.join("kommun.yaml"),
        "kommun: Syntetiska staden\når: 1026\ndatum: 2027-13-01\nnämnder: [Nämnd 1, nämnd  1]\n",
    )
    .unwrap();
    let out = run(d, &["kontrollera", "kommun.yaml"]);
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    for expected in [
        "kommun.yaml:2",
        "året 1026 är inte rimligt",
        "kommun.yaml:3",
        "”2027-13-01” är inget giltigt datum",
        "nämnden ”nämnd  1” står två gånger",
    ] {
        assert!(said.contains(expected), "”{expected}” not in:\n{said}");
    }
    std::fs::write(
        d.join("kommun.yaml"),
        "kommun: X\når: 2026\ndatum: 2027-01-01\nnamnder: []\n",
    )
    .unwrap();
    let out = run(d, &["kontrollera", "kommun.yaml"]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        said.contains("namnder") && said.contains("nämnder"),
        "{said}"
    );
}
