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
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{ad}' | '-' | '•'))
        .collect()
}

/// Whether `text` (squashed) contains `wanted`, squashed.
pub fn has(text: &str, wanted: &str) -> bool {
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
        let label = format!("Summa {}", names.join(" · "));
        let levels: Vec<(String, usize)> = names.into_iter().zip(counts).collect();
        let at = text
            .find(&squash(&label))
            .unwrap_or_else(|| panic!("the samlade bild lacks the sum ”{label}”"));
        // The sum row's name cell lists its nämnder before the counts.
        let row: String = text[at..].chars().take(300).collect();
        let row = row.as_str();
        assert!(
            has(row, &joined(&levels)),
            "the sum ”{label}” is not ”{}”: {row}",
            joined(&levels)
        );
    }
    assert!(has(&text, "Alla nämnder Olika nivåer i två uppsättningar"));
    // The sums' group heading reads as a phrase: "Summor" and its words.
    assert!(
        has(&text, "Summor för nämnder med samma nivåer Summa"),
        "the sums' heading"
    );
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
        has(&text, &format!("står {total} risker")),
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
fn a_namnd_without_vb_shows_its_t2_and_one_without_plan_is_missing() {
    let text = rollup_text();
    let start = text
        .find(&squash("Stadsbyggnadsnämnden Kritisk"))
        .expect("its row");
    let row = &text[start..start + 250];
    assert!(
        has(
            row,
            "T2 2025-09-30, följer planen: Ja 2 Delvis 2 Nej 1 verksamhetsberättelsen saknas Ej rapporterad"
        ),
        "Stadsbyggnadsnämnden has no VB, its latest is the T2: {row}"
    );
    assert!(has(
        &text,
        "Saknas i sammanställningen, utan plan för 2025: Arbetsmarknadsnämnden (senaste plan 2026) och Kulturnämnden (senaste plan 2014)."
    ));
}

/// The text of the samlade bild from the chapter heading `from` to the
/// next chapter's heading `to` (the last occurrence of each, past the
/// contents on the cover).
fn chapter<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.rfind(&squash(from)).expect("the chapter");
    let end = text[start..]
        .find(&squash(to))
        .map_or(text.len(), |i| start + i);
    &text[start..end]
}

#[test]
fn the_summary_names_the_namnder_by_their_bedomning_and_what_needs_attention() {
    let text = rollup_text();
    let summary = chapter(&text, "Sammanfattning", "Att uppmärksamma Här står");
    for sentence in [
        "I verksamhetsberättelsen (VB) för 2025 bedömer Idrottsnämnden, Miljö- och hälsoskyddsnämnden och Utbildningsnämnden sin interna kontroll som tillräcklig, Socialnämnden som delvis tillräcklig och Äldrenämnden som otillräcklig.",
        "Kommunstyrelsen, Servicenämnden och Stadsbyggnadsnämnden har ingen verksamhetsberättelse för 2025 i underlaget.",
        "Äldrenämnden bedömer sin interna kontroll som otillräcklig, lägre än 2024 då den bedömdes som delvis tillräcklig.",
        "Utbildningsnämnden bedömer sin interna kontroll som tillräcklig, fast kontrollen av risk 9 (Kritisk) inte är genomförd.",
        "Hos Socialnämnden är kontrollerna av riskerna 7 och 11 (Kritisk) inte genomförda.",
        "Hos Äldrenämnden är kontrollen av risk 9 (Hög) inte genomförd för andra året i rad.",
        "Verksamhetsberättelse för 2025 saknas från Kommunstyrelsen, Servicenämnden och Stadsbyggnadsnämnden.",
        "Socialnämnden har inte rapporterat kontrollen av risk 10 i verksamhetsberättelsen.",
        "Äldrenämnden har en förbättringsåtgärd som passerat sitt slutdatum utan att vara klar (risk 11).",
        "Utbildningsnämnden håller risk 14 (Hög) utanför internkontrollplanen, med motivering.",
        "Risker som inte är värderade: risk 10 hos Idrottsnämnden och risk 70 hos Servicenämnden.",
        "Jämfört med föregående års planer:",
        "Servicenämnden: tre risker höjda, tre sänkta, tre nya och tre utgångna; riskerna 39 och 55 har kommit upp till Kritisk och risk 51 har lämnat Kritisk.",
        "Äldrenämnden: en risk höjd och en sänkt; risk 7 har kommit upp till Kritisk, risk 3 har lämnat Kritisk och bedömningen har gått från delvis tillräcklig till otillräcklig.",
    ] {
        assert!(
            has(summary, sentence),
            "the summary lacks ”{sentence}”:\n{summary}"
        );
    }
}

#[test]
fn every_kind_of_flag_is_in_att_uppmarksamma_pointing_at_the_namnds_own_document() {
    let text = rollup_text();
    let section = chapter(&text, "Att uppmärksamma Här står", "Nämnderna Varje nämnd");
    // Each kind's heading, and a row: nämnd, what, and its document.
    let expected = [
        (
            "Bedömningen är lägre än förra året",
            "Äldrenämnden Otillräcklig 2025 Delvis tillräcklig 2024 VB 2026-02-18",
        ),
        (
            "Bedömd som tillräcklig fast en kontroll på högsta nivån inte är genomförd",
            "Utbildningsnämnden Bedömning: tillräcklig Risk 9 (Kritisk): Direktupphandlingar dokumenteras inte",
        ),
        (
            "Kontroller av risker på högsta nivån som inte genomförts",
            "Socialnämnden Risk 7 (Kritisk): Platser på HVB",
        ),
        (
            "Kontroller som inte genomförts två år i rad",
            "Äldrenämnden Risk 9 (Hög): Bemanningssjuksköterskor hyrs in utanför ramavtalet. Ej genomförd 2024 och 2025 VB 2026-02-18",
        ),
        (
            "Verksamhetsberättelse saknas",
            "Servicenämnden Ingen verksamhetsberättelse för 2025 i underlaget. Ingen tertialrapport 2 (T2) heller.",
        ),
        (
            "Kontroller som inte rapporterats",
            "Socialnämnden Risk 10 (Medium): Sekretessbelagda uppgifter skickas med okrypterad e-post. Kontrollen ”Kontroll av e-post med känsliga uppgifter” saknas i verksamhetsberättelsen VB 2026-02-17",
        ),
        (
            "Förbättringsåtgärder efter slutdatum",
            "Äldrenämnden Risk 11 (Hög): Obehöriga läser i journaler och loggkontroll görs inte. Åtgärden ”Loggkontrollen tas över av stadens gemensamma IT-stöd” hade slutdatum 2026-01-31",
        ),
        (
            "Höga risker utanför internkontrollplanen",
            "Utbildningsnämnden Risk 14, Hög, riskvärde 8: Skolenheter överskrider sin budget. Motivering Budgetföljsamheten följs upp",
        ),
        (
            "Risker som inte är värderade",
            "Idrottsnämnden Risk 10: Gummigranulat",
        ),
    ];
    let mut last = 0;
    for (heading, row) in expected {
        let at = section
            .find(&squash(heading))
            .unwrap_or_else(|| panic!("no heading ”{heading}” in:\n{section}"));
        assert!(at >= last, "”{heading}” out of order");
        last = at;
        assert!(
            has(&section[at..], row),
            "under ”{heading}”, no ”{row}”:\n{section}"
        );
    }
    for missing in [
        "Kommunstyrelsen Ingen verksamhetsberättelse för 2025 i underlaget. Senaste uppföljning: tertialrapport 2 (T2). T2 2025-09-30",
        "Stadsbyggnadsnämnden Ingen verksamhetsberättelse",
    ] {
        assert!(has(section, missing), "no ”{missing}”");
    }
    assert!(
        has(section, "Servicenämnden Risk 70"),
        "Servicenämnden's unrated risk"
    );
}

#[test]
fn the_latest_result_of_a_highest_level_risk_is_the_vbs_when_there_is_one() {
    let text = rollup_text();
    let section = chapter(
        &text,
        "Risker på nämndernas högsta nivå",
        "Processer med höga risker i flera nämnder En risk",
    );
    // A group's rows, from each of its headings (repeated on a new page
    // when the group goes on) to the next heading.
    let group = |name: &str| {
        let heading = squash(&format!("Nämnd {name} · högsta nivån"));
        let rows: String = section
            .match_indices(&heading)
            .map(|(start, _)| {
                let end = section[start + 10..]
                    .find(&squash("Nämnd "))
                    .map_or(section.len(), |i| start + 10 + i);
                &section[start..end]
            })
            .collect();
        assert!(!rows.is_empty(), "no group {name}");
        rows
    };
    // Miljönämnden reports only in the VB: its risk 1 is the VB's result.
    let miljo = &group("Miljö- och hälsoskyddsnämnden");
    assert!(
        has(miljo, "Delvis genomförd VB 2026-02-10"),
        "Miljönämnden's risk 1: {miljo}"
    );
    assert!(
        !has(miljo, "Ej rapporterad"),
        "not ”ej rapporterad”: {miljo}"
    );
    // Socialnämnden's risks 7 and 11: ej genomförd in the VB, not the T2's "Nej".
    let social = &group("Socialnämnden");
    assert!(has(social, "Ej genomförd VB 2026-02-17"), "{social}");
    assert!(
        !has(social, "Följer plan"),
        "the T2 is not shown beside a VB: {social}"
    );
    // Utbildningsnämnden's risk 9 is ej genomförd.
    assert!(has(
        &group("Utbildningsnämnden"),
        "Ej genomförd VB 2026-02-12"
    ));
    // Kommunstyrelsen has only a T2: its answer, saying so.
    let ks = &group("Kommunstyrelsen");
    assert!(
        has(ks, "Följer plan: ja T2 2025-09-30; VB saknas"),
        "Kommunstyrelsen's latest is its T2: {ks}"
    );
    // Servicenämnden has neither: no follow-up, not a missing T2.
    let service = &group("Servicenämnden");
    assert!(has(service, "Ingen uppföljning"), "{service}");
    assert!(!has(service, "Ej rapporterad"), "{service}");
    // The counts under the heading add up to every risk.
    assert!(
        has(
            section,
            "Senaste resultat för de 18 riskerna: enligt verksamhetsberättelsen är 3 genomförda, 5 delvis genomförda och 3 ej genomförda; 4 har bara tertialrapport 2, som svarar 2 ja, 1 delvis och 1 nej på om hanteringen följer planen; 3 har ingen uppföljning."
        ),
        "{section}"
    );
}

#[test]
fn processes_are_grouped_by_the_catalogue_and_without_the_suffix_after_a_comma() {
    let text = rollup_text();
    let section = chapter(
        &text,
        "Processer med höga risker i flera nämnder En risk",
        "Förändring sedan föregående år",
    );
    // Kommunstyrelsen writes "Upphandling och inköp, ekonomikontoret".
    assert!(
        has(section, "Kommunstyrelsen: 1 (Kritisk), 2 (Hög), 3 (Hög)"),
        "{section}"
    );
    assert!(has(
        section,
        "även skrivet: upphandling och  inköp; Upphandling och inköp, ekonomikontoret"
    ));
    // The catalogue puts "Informationssäkerhet och IT, digitaliseringskontoret" under Informationssäkerhet.
    assert!(
        has(
            section,
            "Informationssäkerhet även skrivet: Informationssäkerhet och IT, digitaliseringskontoret; Systematiskt informationssäkerhetsarbete"
        ),
        "{section}"
    );
    assert!(
        has(section, "Kommunstyrelsen: 19 (Hög), 20 (Hög)"),
        "{section}"
    );
    assert!(has(
        section,
        "Processer med höga risker som inte står i processkatalogen: Budget och resursfördelning (Utbildningsnämnden), Objektledning av Kontaktcenterplattformen (Servicenämnden) och Trygghet för barn (Kommunstyrelsen)."
    ));
    assert!(
        has(&text, "Upphandling och inköp (sex nämnder)"),
        "in the summary"
    );
}

#[test]
fn the_totals_are_the_vors_rated_risks_and_every_sum_adds_up() {
    let text = rollup_text();
    // Idrottsnämndens VoR says "Totalt: 9" with risk 10 not rated.
    for (name, levels, total, unrated) in [
        ("Idrottsnämnden", "Kritisk 2 · Medium 5 · Låg 2", 9, 1),
        ("Servicenämnden", "Kritisk 3 · Medium 64 · Låg 2", 69, 1),
    ] {
        let row = format!("{name} {levels} {total} {unrated}");
        assert!(has(&text, &row), "no ”{row}”");
    }
    for (folder, _) in NAMNDER_2025 {
        let vor = pdf_text(&example_pdf(folder, "vor-2025.pdf"));
        let at = vor.find("Totalt: ").expect("the VoR's total") + "Totalt: ".len();
        let total: usize = vor[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap();
        let levels: usize = vor_levels(folder).iter().map(|(_, n)| n).sum();
        assert_eq!(levels, total, "{folder}: the VoR's levels make its total");
        let row = format!("{} {total}", joined(&vor_levels(folder)));
        assert!(
            has(&text, &row),
            "{folder}: the samlade bild's total is not {total}"
        );
    }
    // The last sum row: the controls' latest results add up to every control.
    let plain = pdf_text(&example_out().join("sammanställning-2025.pdf"));
    let label = "Alla nämnder Olika nivåer i två uppsättningar; se summorna ovan ";
    let at = plain.rfind(label).expect("the sum of every nämnd") + label.len();
    let tokens: Vec<&str> = plain[at..].split(' ').collect();
    let numbers: Vec<usize> = tokens[..3].iter().map(|t| t.parse().unwrap()).collect();
    let rated: usize = NAMNDER_2025
        .iter()
        .map(|(folder, _)| vor_levels(folder).iter().map(|(_, n)| n).sum::<usize>())
        .sum();
    assert_eq!(numbers[0], rated, "every nämnd's VoR total, added");
    // Then the results, each word with its count, up to the bedömningar.
    let results: usize = tokens[3..]
        .iter()
        .take_while(|t| !t.starts_with("Tillräcklig"))
        .filter_map(|t| t.parse::<usize>().ok())
        .sum();
    assert_eq!(results, numbers[2], "the results add up to the controls");
}

#[test]
fn kommunstyrelsens_proposal_and_conclusion_are_printed_and_the_sources_are_documents() {
    let text = rollup_text();
    let summary = chapter(&text, "Sammanfattning", "Att uppmärksamma Här står");
    assert!(has(
        summary,
        "Förslag till beslut Kommunstyrelsen godkänner sammanställningen av nämndernas interna kontroll 2025."
    ));
    assert!(has(
        summary,
        "Kommunstyrelsens slutsats Kommunstyrelsen bedömer att den interna kontrollen i kommunen som helhet har varit delvis tillräcklig 2025."
    ));
    // Underlag: each report by its title, diarienummer and date; no file.
    for file in ["vor-ikp-", "plan-2025", "uppfoljning-"] {
        assert!(
            !text.contains(file),
            "a file name in the samlade bild: {file}"
        );
    }
    let sources = chapter(&text, "Underlag Sammanställningen är gjord", "\u{0}");
    for row in [
        "Nämnd Socialnämnden Väsentlighets- och riskanalys 2025 SON-2024/1876 2024-12-17",
        "Uppföljning av internkontrollplanen 2025 – tertialrapport 2 SON-2024/1876 2025-09-29",
        "Uppföljning av internkontrollplanen 2025 i verksamhetsberättelsen (VB) SON-2024/1876 2026-02-17",
        "Väsentlighets- och riskanalys 2024 föregående år ÄLN-2023/1502 2023-12-14",
        "Uppföljning av internkontrollplanen 2024 i verksamhetsberättelsen (VB), föregående år ÄLN-2023/1502 2025-02-19",
    ] {
        assert!(has(sources, row), "Underlag lacks ”{row}”:\n{sources}");
    }
}

#[test]
fn the_change_is_told_by_name_with_last_years_result() {
    let text = rollup_text();
    let section = chapter(
        &text,
        "Förändring sedan föregående år",
        "Underlag Sammanställningen är gjord",
    );
    for row in [
        "Servicenämnden Upp till Kritisk 39 System levererar inte enligt krav och behov ny risk Kritisk (12)",
        "55 Felaktig tillgång till känslig information. Medium (9) Kritisk (12) Ej genomförd",
        "Servicenämnden Lämnat Kritisk 51 Felaktig behörighet i agresso. Risk för oegentligt handlande. Kritisk (12) Medium (9) Genomförd",
        "Äldrenämnden Upp till Kritisk 7 Andelen undersköterskor med skyddad yrkestitel är för låg, och andelen timavlönade är hög. Hög (9) Kritisk (12) Genomförd",
        "Äldrenämnden Lämnat Kritisk 3",
        "Äldrenämnden: från delvis tillräcklig till otillräcklig",
        // Miljönämnden's model sets the level cell by cell (issue 24).
        "Med samma riskvärde men en annan nivå än förra året (modellen sätter nivån ruta för ruta), och därför räknad som höjd eller sänkt: risk 10 hos Miljö- och hälsoskyddsnämnden.",
    ] {
        assert!(has(section, row), "no ”{row}”:\n{section}");
    }
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
