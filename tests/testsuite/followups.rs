//! The riskbild, T2 and VB reports: computed text, counts, dates and the
//! rules that tie a follow-up to its plan.

use crate::common::{example_pdf, fixture, pdf_text, plan_yaml, run};

#[test]
fn t2_opens_with_computed_counts_in_words() {
    // Kommunstyrelsen's model says its bounds are assumed.
    let text = pdf_text(&example_pdf("kommunstyrelsen", "t2-2025.pdf"));
    assert!(
        text.contains(
            "Nämndens internkontrollplan 2025 omfattar 35 risker. Två av dem är kritiska (riskvärde 8 eller högre, en antagen gräns)."
        ),
        "{}",
        &text[..600]
    );
    assert_eq!(
        text.matches("Följer plan Ja").count(),
        2,
        "both critical risks follow the plan"
    );
    assert!(text.contains("Riskvärde 9 (Kritisk)"));
    assert!(text.contains("Riskvärde 8 (Kritisk)"));
    assert!(
        text.contains("Sammanställningen visar att de kritiska riskerna hanteras enligt plan.")
    );
    assert!(
        !text.contains("samtliga två"),
        "two is båda or de, not samtliga två"
    );
    // The data places the computed sentences inside its own text, as seed
    // 003 does: the count follows the section's heading, not "Bakgrund".
    let intro = text
        .find("Nämndens internkontrollplan 2025 omfattar")
        .unwrap();
    assert!(text.find("Bakgrund").unwrap() < intro);
    assert!(
        !text.contains("Exempelkommun"),
        "an invented kommun is not printed"
    );
}

#[test]
fn vb_counts_results_and_writes_dates_the_swedish_way() {
    let text = pdf_text(&example_pdf("kulturforvaltningen", "vb-2014.pdf"));
    assert!(
        text.contains(
            "Uppföljningen redovisar tio resultat för sju kontroller: två genomförda, sex delvis genomförda och två ej genomförda."
        ),
        "{}",
        &text[..800]
    );
    assert!(text.contains("Genomförd: 2 Delvis genomförd: 6 Ej genomförd: 2"));
    assert!(text.contains("Datum 15 februari 2015"));
    assert!(
        text.contains("2015-01-29") && text.contains("2015-12-31"),
        "ISO dates in the table"
    );
    assert!(text.contains(
        "Nämndens bedömning är att den interna kontrollen under 2014 har varit delvis tillräcklig"
    ));
    assert!(text.contains("Grund för bedömningen"));
}

#[test]
fn riskbild_shows_value_and_level_in_text_and_its_ikp_part() {
    let text = pdf_text(&example_pdf(
        "upphandlingsforvaltningen",
        "riskbild-2023.pdf",
    ));
    assert!(text.contains("Samlad riskbild och Åtgärdsplan 2023"));
    assert!(text.contains("Internkontrollplan 2023"));
    assert!(text.contains("Metod för granskning"));
    // Seed 000 lost its riskvärden: every value is marked, and said to be assumed.
    assert!(text.contains("Riskvärden märkta ”antaget” saknas i källan och är antagna"));
    assert!(
        text.matches("antaget").count() >= 14,
        "each assumed value is marked"
    );
    // The seed's note under its column title is kept.
    assert!(text.contains("(Utgår från riskreducerande åtgärder)"));
    assert!(text.contains("Metod för uppföljning"));
    assert!(
        text.contains("12 (Kritisk)"),
        "value and level name, not colour alone"
    );
    assert!(text.contains("Till viss del"));
    assert!(text.contains("Internkontrollplanen omfattar tre risker."));
}

const PLAN: &str = "- nr: 1\n  risk: Viktig risk\n  sannolikhet: 3\n  konsekvens: 3\n  kontroll:\n    kontrollmoment: Stickprov\n- nr: 2\n  risk: Liten risk\n  sannolikhet: 1\n  konsekvens: 1\n- nr: 3\n  risk: Annan viktig risk\n  sannolikhet: 2\n  konsekvens: 4\n  kontroll:\n    kontrollmoment: Genomgång\n";

fn vb_yaml(controls: &str) -> String {
    format!(
        "uppföljning: vb\nplan: plan.yaml\ndatum: 2026-02-15\nkontroller:\n{}bedömning:\n  omdöme: tillräcklig\n  grund: Alla kontroller är gjorda.\n",
        crate::common::indent(controls, 2)
    )
}

fn build(files: &[(&str, &str)]) -> (bool, String, tempfile::TempDir) {
    let dir = fixture(files);
    let out = run(dir.path(), &["build", "n", "-o", "ut"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    )
}

fn action(end: &str) -> String {
    format!(
        "- nr: 1\n  resultat: delvis genomförd\n  förbättringsåtgärder:\n    - åtgärd: Ny rutin för attest\n      start: 2025-06-01\n      slut: {end}\n- nr: 3\n  resultat: genomförd\n"
    )
}

#[test]
fn an_action_past_its_end_date_is_listed_as_delayed() {
    let (ok, stderr, dir) = build(&[
        ("n/plan.yaml", &plan_yaml(PLAN)),
        ("n/vb.yaml", &vb_yaml(&action("2026-01-31"))),
    ]);
    assert!(ok, "{stderr}");
    let text = pdf_text(&dir.path().join("ut/n/vb-2026.pdf"));
    let delayed = &text[text.find("Försenade åtgärder").unwrap()..];
    assert!(
        delayed.contains("Ny rutin för attest – slutdatum 2026-01-31"),
        "{delayed}"
    );
}

#[test]
fn an_action_ending_after_the_follow_up_is_not_delayed() {
    let (ok, stderr, dir) = build(&[
        ("n/plan.yaml", &plan_yaml(PLAN)),
        ("n/vb.yaml", &vb_yaml(&action("2026-03-31"))),
    ]);
    assert!(ok, "{stderr}");
    let text = pdf_text(&dir.path().join("ut/n/vb-2026.pdf"));
    let delayed = &text[text.find("Försenade åtgärder").unwrap()..];
    assert!(
        delayed.contains("Inga åtgärder var försenade den 15 februari 2026"),
        "{delayed}"
    );
    assert!(!delayed.contains("Ny rutin för attest –"));
}

#[test]
fn a_done_action_is_not_delayed() {
    let controls =
        action("2026-01-31").replace("slut: 2026-01-31", "slut: 2026-01-31\n      status: klar");
    let (ok, stderr, dir) = build(&[
        ("n/plan.yaml", &plan_yaml(PLAN)),
        ("n/vb.yaml", &vb_yaml(&controls)),
    ]);
    assert!(ok, "{stderr}");
    let text = pdf_text(&dir.path().join("ut/n/vb-2026.pdf"));
    assert!(text.contains("Inga åtgärder var försenade"));
}

#[test]
fn a_follow_up_of_a_risk_not_in_the_plan_is_an_error() {
    let controls = "- nr: 9\n  resultat: genomförd\n- nr: 2\n  resultat: genomförd\n";
    let (ok, stderr, _dir) = build(&[
        ("n/plan.yaml", &plan_yaml(PLAN)),
        ("n/vb.yaml", &vb_yaml(controls)),
    ]);
    assert!(!ok);
    assert!(stderr.contains("risk 9 finns inte i planen"), "{stderr}");
    assert!(stderr.contains("n/vb.yaml:5:"), "{stderr}");
    assert!(
        stderr.contains("risk 2 finns i planen men inte i internkontrollplanen"),
        "{stderr}"
    );
}

#[test]
fn an_unreported_control_is_shown_and_warned_about() {
    let controls = "- nr: 1\n  resultat: genomförd\n";
    let (ok, stderr, dir) = build(&[
        ("n/plan.yaml", &plan_yaml(PLAN)),
        ("n/vb.yaml", &vb_yaml(controls)),
    ]);
    assert!(ok, "a warning, not an error: {stderr}");
    assert!(
        stderr
            .contains("varning: kontrollen för risk 3 i internkontrollplanen är inte rapporterad"),
        "{stderr}"
    );
    let text = pdf_text(&dir.path().join("ut/n/vb-2026.pdf"));
    assert!(text.contains("Ej rapporterad"));
    assert!(
        text.contains("Av två kontroller är en genomförd och en ej rapporterad."),
        "{text}"
    );
}

#[test]
fn an_end_before_its_start_is_an_error() {
    let controls = action("2025-05-01");
    let (ok, stderr, _dir) = build(&[
        ("n/plan.yaml", &plan_yaml(PLAN)),
        ("n/vb.yaml", &vb_yaml(&controls)),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains(
            "åtgärden ”Ny rutin för attest” slutar (2025-05-01) före sitt startdatum (2025-06-01)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("(risk 1, förbättringsåtgärder › slut)"),
        "{stderr}"
    );
}

#[test]
fn a_missing_judgement_is_an_error() {
    let yaml = vb_yaml("- nr: 1\n  resultat: genomförd\n");
    let yaml = &yaml[..yaml.find("bedömning:").unwrap()];
    let (ok, stderr, _dir) = build(&[("n/plan.yaml", &plan_yaml(PLAN)), ("n/vb.yaml", yaml)]);
    assert!(!ok);
    assert!(
        stderr.contains("nämndens bedömning av den interna kontrollen saknas"),
        "{stderr}"
    );
}

#[test]
fn t2_with_all_risks_and_an_unknown_plan() {
    let t2 = "uppföljning: t2\nplan: plan.yaml\ndatum: 2026-09-15\nvisa: alla\nrisker:\n  - nr: 1\n    följer_plan: delvis\n    kommentar: Pågår.\n";
    let (ok, stderr, dir) = build(&[("n/plan.yaml", &plan_yaml(PLAN)), ("n/t2.yaml", t2)]);
    assert!(ok, "{stderr}");
    let text = pdf_text(&dir.path().join("ut/n/t2-2026.pdf"));
    assert!(
        text.contains("omfattar två risker. Ingen av dem är kritisk (riskvärde 12 eller högre)."),
        "{text}"
    );
    assert!(text.contains("Följer plan Delvis"));
    assert!(text.contains("ej rapporterad"), "risk 3 has no follow-up");
    assert!(
        text.contains("Sammanställningen visar att ingen av två risker hanteras enligt plan, en delvis enligt plan och en är inte rapporterad."),
        "{text}"
    );

    let missing = t2.replace("plan: plan.yaml", "plan: saknas.yaml");
    let (ok, stderr, _dir) = build(&[("n/plan.yaml", &plan_yaml(PLAN)), ("n/t2.yaml", &missing)]);
    assert!(!ok);
    assert!(stderr.contains("saknas.yaml finns inte"), "{stderr}");
}

/// Seed 002: six risks, one of them with two controls, and a control with
/// three results: the plan says so, the VB counts results and controls, and
/// lists each control once.
#[test]
fn several_controls_and_results_are_counted_as_they_are() {
    let ikp = pdf_text(&example_pdf("kulturforvaltningen", "ikp-2014.pdf"));
    assert!(
        ikp.contains("Internkontrollplanen omfattar sex risker med sammanlagt sju kontroller."),
        "{ikp}"
    );
    let vb = pdf_text(&example_pdf("kulturforvaltningen", "vb-2014.pdf"));
    assert_eq!(
        vb.matches("Utrustning/inventarier försvinner").count(),
        1,
        "the risk stands once, its two controls beside it"
    );
    assert!(vb.contains("Kontrollera inventeringar på avdelningar och enheter"));
    assert!(vb.contains("Kontroll av att rutiner tillämpas och är ändamålsenliga"));
    // The process column follows the seed's own words.
    assert!(vb.contains("Väsentliga processer"));
}

/// Seed 001's IKP groups and orders its risks its own way (55 before 53),
/// not the VoR's.
#[test]
fn the_ikp_follows_its_own_grouping() {
    let ikp = pdf_text(&example_pdf("servicenamnden", "ikp-2025.pdf"));
    let at = |text: &str| ikp.find(text).unwrap_or_else(|| panic!("{text} in {ikp}"));
    assert!(
        at("Felaktig tillgång till känslig information") < at("Felaktig behörighet inpassering")
    );
    assert!(ikp.contains("Internkontrollplanen omfattar tolv risker."));
}

/// A risk listed under two processes is one control: the VB shows its
/// result once, at its first place, and names the other.
#[test]
fn a_control_listed_twice_is_followed_up_once() {
    let plan = plan_yaml(PLAN).replace(
        "processer:\n",
        "processer:\n  - process: Inköp\n    risker:\n      - nr: 1\n",
    );
    let vb = vb_yaml("- nr: 1\n  resultat: genomförd\n- nr: 3\n  resultat: genomförd\n");
    let (ok, stderr, dir) = build(&[("n/plan.yaml", &plan), ("n/vb.yaml", &vb)]);
    assert!(ok, "{stderr}");
    let text = pdf_text(&dir.path().join("ut/n/vb-2026.pdf"));
    assert_eq!(text.matches("Viktig risk").count(), 1, "{text}");
    // Said by what differs from the heading above it: the process.
    let named = text
        .find("I VoR:en även under")
        .expect("the other place is named");
    assert!(
        text[named + "I VoR:en även under".len()..]
            .trim_start()
            .starts_with("Process Testprocess"),
        "{text}"
    );
    assert!(
        text.contains("Av två kontroller är två genomförda."),
        "{text}"
    );
}

/// A risk with two kontrollmoment, one assessed and one not yet: the VB
/// shows the second as "Ej bedömd" and counts it in its own category,
/// never as genomförd, delvis or ej genomförd.
#[test]
fn a_vb_with_two_kontrollmoment_under_one_risk_one_of_them_ej_bedomd_counts_both_correctly() {
    let plan = plan_yaml(
        "- nr: 1\n  risk: Viktig risk\n  sannolikhet: 3\n  konsekvens: 3\n  kontroller:\n    - kontrollmoment: Stickprov\n    - kontrollmoment: Genomgång\n",
    );
    let vb = vb_yaml(
        "- nr: 1\n  kontroll: 1\n  resultat: genomförd\n- nr: 1\n  kontroll: 2\n  rubrik: Ännu inte bedömd\n",
    );
    let (ok, stderr, dir) = build(&[("n/plan.yaml", &plan), ("n/vb.yaml", &vb)]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("inte rapporterad"), "{stderr}");
    let text = pdf_text(&dir.path().join("ut/n/vb-2026.pdf"));
    assert!(
        text.contains("Av två kontroller är en genomförd och en ej bedömd."),
        "{text}"
    );
    assert!(
        text.contains("Genomförd: 1 Delvis genomförd: 0 Ej genomförd: 0 Ej bedömd: 1"),
        "{text}"
    );
    assert!(text.contains("Ej bedömd Ännu inte bedömd"), "{text}");
    assert!(!text.contains("Ej rapporterad"), "{text}");
}

/// "Ej bedömd" (an entry without resultat) and "ej rapporterad" (no entry
/// at all) are told apart in the table, the counts and the warnings.
#[test]
fn ej_bedomd_is_not_ej_rapporterad() {
    let (ok, stderr, dir) = build(&[
        ("n/plan.yaml", &plan_yaml(PLAN)),
        (
            "n/vb.yaml",
            &vb_yaml("- nr: 1\n  resultattext: Bedöms i mars.\n"),
        ),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("kontrollen för risk 3 i internkontrollplanen är inte rapporterad"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("risk 1 i internkontrollplanen"),
        "{stderr}"
    );
    let text = pdf_text(&dir.path().join("ut/n/vb-2026.pdf"));
    assert!(
        text.contains("Av två kontroller är en ej bedömd och en ej rapporterad."),
        "{text}"
    );
    assert!(text.contains("Ej bedömd: 1 Ej rapporterad: 1"), "{text}");
}
