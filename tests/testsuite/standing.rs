//! What a published document says of itself (issue 27): decided (by whom,
//! when, at which paragraph) or a proposal, an example's made-up data
//! marked, and nothing private let out (personnummer refused, a secret
//! risk's ground carried).

use std::path::Path;

use lopdf::{Document, Object};

use crate::common::{decode_text_string, fixture, page_texts, pdf_text, plan_yaml, run, run_ok};

/// A year-end VB of the plan's one control: done, the control sufficient.
pub(crate) const VB: &str = "uppföljning: vb
plan: plan.yaml
datum: 2026-12-31
kontroller:
  - nr: 1
    resultat: genomförd
bedömning: {omdöme: tillräcklig, grund: Kontrollerna är genomförda.}
";

/// A T2 that shows every risk: risk 1 follows the plan.
pub(crate) const T2: &str = "uppföljning: t2
plan: plan.yaml
datum: 2026-09-30
visa: alla
risker:
  - nr: 1
    följer_plan: ja
";

/// Risk 1 (riskvärde 16) goes to the IKP with a control; risk 2 does not.
pub(crate) const RISKS: &str = "\
- nr: 1
  risk: Felaktiga utbetalningar
  sannolikhet: 4
  konsekvens: 4
  kontroll:
    kontrollmoment: Attestkontroll
    kontrollaktivitet: Stickprov på tio utbetalningar
- nr: 2
  risk: Försenad post
  sannolikhet: 1
  konsekvens: 1
";

const DECIDED: &str = "status: beslutad
beslut: {organ: Servicenämnden, datum: 2025-12-12, paragraf: 123}
";
const SENTENCE: &str = "Beslutad av Servicenämnden den 12 december 2025, § 123";
const EXAMPLE: &str = "Exempel – uppgifterna är påhittade";

/// The plan with `head` (top-level keys) after its first line.
fn plan_with(head: &str, risks: &str) -> String {
    let yaml = plan_yaml(risks);
    let (first, rest) = yaml.split_once('\n').unwrap();
    format!("{first}\n{head}{rest}")
}

/// Builds `files` and returns the output folder of the nämnd `namnd`.
fn built(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = fixture(files);
    let ut = dir.path().join("ut");
    run_ok(dir.path(), &["bygg", "n", "-o", ut.to_str().unwrap()]);
    (dir, ut.join("n"))
}

/// The PDF's document info entry `key`.
fn info(pdf: &Path, key: &[u8]) -> String {
    let doc = Document::load(pdf).unwrap();
    let id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    let info = doc.get_object(id).and_then(Object::as_dict).unwrap();
    match info.get(key) {
        Ok(Object::String(bytes, _)) => decode_text_string(bytes),
        _ => String::new(),
    }
}

#[test]
fn a_decided_document_says_so_on_its_cover_in_its_footer_and_metadata() {
    let plan = plan_with(DECIDED, RISKS);
    let (_dir, out) = built(&[("n/plan.yaml", &plan)]);
    for name in ["vor-2026.pdf", "ikp-2026.pdf"] {
        let pdf = out.join(name);
        let pages = page_texts(&pdf);
        // The first page under the title, and every page's footer.
        for (i, page) in pages.iter().enumerate() {
            let times = page.matches(SENTENCE).count();
            let least = if i == 0 { 2 } else { 1 };
            assert!(
                times >= least,
                "{name} page {}: the decision {times} times, not {least}: {page}",
                i + 1
            );
        }
        assert!(
            !pages[0].contains("Förslag"),
            "{name}: a decided document is no proposal: {}",
            pages[0]
        );
        assert!(info(&pdf, b"Subject").contains(SENTENCE), "{name}: Subject");
        assert!(
            info(&pdf, b"Keywords").contains(SENTENCE),
            "{name}: Keywords"
        );
    }
}

#[test]
fn a_proposal_says_forslag_on_its_cover_and_in_its_header() {
    // No status: a proposal by default, and the first page says why.
    let (_dir, out) = built(&[("n/plan.yaml", &plan_yaml(RISKS))]);
    let pages = page_texts(&out.join("vor-2026.pdf"));
    assert!(
        pages[0].contains("Underlaget anger ingen status"),
        "the default is stated: {}",
        pages[0]
    );
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Testnämnden · Förslag"),
            "page {} has no proposal mark in its header: {page}",
            i + 1
        );
        assert!(!page.contains("Beslutad av"), "page {}: {page}", i + 1);
    }
    // Stated: the mark without the note.
    let plan = plan_with("status: förslag\n", RISKS);
    let (_dir, out) = built(&[("n/plan.yaml", &plan)]);
    let first = &page_texts(&out.join("ikp-2026.pdf"))[0];
    assert!(first.contains("Förslag"), "{first}");
    assert!(!first.contains("Underlaget anger ingen status"), "{first}");
    assert!(info(&out.join("ikp-2026.pdf"), b"Keywords").contains("Förslag"));
}

#[test]
fn an_example_is_marked_on_the_cover_and_in_the_header_of_every_report() {
    let plan = plan_with("exempel: ja\n", RISKS);
    let (_dir, out) = built(&[("n/plan.yaml", &plan), ("n/vb.yaml", VB)]);
    let mut reports = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let pdf = entry.unwrap().path();
        if pdf.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        reports += 1;
        for (i, page) in page_texts(&pdf).iter().enumerate() {
            assert!(
                page.contains(EXAMPLE),
                "{} page {} lacks the example mark: {page}",
                pdf.display(),
                i + 1
            );
        }
    }
    assert!(reports >= 3, "the VoR, the IKP and the VB: {reports}");
}

/// `kontrollera`'s output for `files`, failing.
fn refused(files: &[(&str, &str)], args: &[&str]) -> String {
    let dir = fixture(files);
    let out = run(dir.path(), args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!out.status.success(), "accepted:\n{stdout}\n{stderr}");
    format!("{stdout}\n{stderr}")
}

#[test]
fn beslutad_is_refused_where_the_document_would_print_a_gap() {
    // A VB that leaves risk 1's control unreported prints "ej rapporterad".
    let plan = plan_yaml(RISKS);
    let vb = format!(
        "uppföljning: vb
plan: plan.yaml
datum: 2026-12-31
{DECIDED}kontroller: []
bedömning: {{omdöme: tillräcklig, grund: Allt är bra.}}
"
    );
    let said = refused(
        &[("n/plan.yaml", &plan), ("n/vb.yaml", &vb)],
        &["kontrollera", "n"],
    );
    assert!(
        said.contains("ej rapporterad") && said.contains("dokumentet är beslutat"),
        "{said}"
    );
    assert!(said.contains("n/vb.yaml:4"), "the status line: {said}");
    assert!(said.contains("risk 1"), "{said}");
    assert!(said.contains("status: förslag"), "the way out: {said}");
    // The same VB as a proposal builds, with a warning.
    let proposal = vb.replace(DECIDED, "");
    let dir = fixture(&[("n/plan.yaml", &plan), ("n/vb.yaml", &proposal)]);
    run_ok(dir.path(), &["kontrollera", "n"]);

    // A decided plan whose IKP risk has no control prints "kontroll ej angiven".
    let risks = RISKS.replace(
        "  kontroll:\n    kontrollmoment: Attestkontroll\n    kontrollaktivitet: Stickprov på tio utbetalningar\n",
        "",
    );
    let said = refused(
        &[("n/plan.yaml", &plan_with(DECIDED, &risks))],
        &["kontrollera", "n"],
    );
    assert!(
        said.contains("kontroll ej angiven") && said.contains("risk 1"),
        "{said}"
    );
    assert!(said.contains("n/plan.yaml:"), "{said}");
}

#[test]
fn beslutad_without_a_decision_is_refused() {
    let plan = plan_with("status: beslutad\n", RISKS);
    let said = refused(&[("n/plan.yaml", &plan)], &["kontrollera", "n"]);
    assert!(said.contains("beslut"), "{said}");
    assert!(said.contains("organ"), "the hint shows the form: {said}");
}

#[test]
fn a_personnummer_is_refused_for_publishing_and_a_dnr_or_amount_passes() {
    // 811218-9876 has a valid check digit; the dnr and the amount do not
    // make a real date with one.
    let risks = RISKS.replace(
        "  risk: Försenad post\n",
        "  risk: Försenad post\n  beskrivning: Ärendet om 811218-9876 blev försenat.\n",
    );
    let plan = plan_with(
        "diarienummer: SN-2024/1234567890\n",
        &format!("{risks}  direktåtgärder: Belopp 4607137455 kr återbetalas.\n"),
    );
    let said = refused(
        &[("n/plan.yaml", &plan)],
        &["kontrollera", "--publicering", "n"],
    );
    assert!(said.contains("personnummer"), "{said}");
    let line = plan
        .lines()
        .position(|l| l.contains("811218"))
        .map(|i| i + 1)
        .unwrap();
    assert!(said.contains(&format!("n/plan.yaml:{line}")), "{said}");
    assert!(said.contains("risk 2"), "{said}");
    assert!(said.contains("beskrivning"), "the field: {said}");
    assert!(
        !said.contains("811218-9876"),
        "the number is not printed: {said}"
    );
    assert_eq!(
        said.matches("personnummer (").count(),
        1,
        "only one: {said}"
    );
    // The English alias, and without the flag the data checks as before.
    refused(&[("n/plan.yaml", &plan)], &["check", "--publishing", "n"]);
    let dir = fixture(&[("n/plan.yaml", &plan)]);
    run_ok(dir.path(), &["kontrollera", "n"]);

    // Without the personnummer, the dnr and the amount pass.
    let clean = plan.replace(
        "Ärendet om 811218-9876 blev försenat.",
        "Ärendet blev försenat.",
    );
    let dir = fixture(&[("n/plan.yaml", &clean)]);
    run_ok(dir.path(), &["kontrollera", "--publicering", "n"]);
}

#[test]
fn a_secret_risk_is_accepted_and_kept_in_the_pdf() {
    let risks = RISKS.replace(
        "  risk: Felaktiga utbetalningar\n",
        "  risk: Felaktiga utbetalningar\n  sekretess: OSL 18 kap. 8 §\n",
    );
    let (dir, out) = built(&[("n/plan.yaml", &plan_yaml(&risks))]);
    // The view carries the ground on the risk's cell, for the web page.
    let checked = riskrapport::driver::check(&dir.path().join("n/plan.yaml"));
    let (plan, scored) = checked.plan.expect("the plan checks");
    let vor = riskrapport::report::vor(&plan, &scored);
    let grounds: Vec<String> = vor
        .table
        .rows()
        .flatten()
        .filter_map(|cell| cell.secrecy.clone())
        .collect();
    assert_eq!(grounds, ["OSL 18 kap. 8 §"]);
    for name in ["vor-2026.pdf", "ikp-2026.pdf"] {
        let text = pdf_text(&out.join(name));
        assert!(
            text.contains("Felaktiga utbetalningar"),
            "{name}: the PDF keeps the secret risk: {text}"
        );
        assert!(
            !text.contains("omfattas av sekretess"),
            "{name}: only the web page masks it: {text}"
        );
    }
}

#[test]
fn an_assumed_dnr_and_date_are_marked_where_they_stand() {
    let plan = plan_with(
        "diarienummer: TN-2025/12\nantagna: [diarienummer, datum]\n",
        RISKS,
    );
    let (_dir, out) = built(&[("n/plan.yaml", &plan)]);
    let pages = page_texts(&out.join("vor-2026.pdf"));
    assert!(
        pages[0].contains("Datum 9 december 2025 (antaget) · Dnr TN-2025/12 (antaget)"),
        "{}",
        pages[0]
    );
    // The header repeats the dnr, marked.
    assert!(
        pages.iter().all(|p| p.contains("Dnr TN-2025/12 (antaget)")),
        "{pages:?}"
    );
    // Without the key, nothing is marked: old files build as before.
    let (_dir, out) = built(&[("n/plan.yaml", &plan_yaml(RISKS))]);
    assert!(!pdf_text(&out.join("vor-2026.pdf")).contains("(antaget)"));
}

#[test]
fn the_shipped_example_data_marks_what_is_made_up_or_assumed() {
    use crate::common::{example_out, example_pdf};
    let service = page_texts(&example_pdf("servicenamnden", "vor-2025.pdf"));
    assert!(
        service[0].contains("Dnr SN-2024/1187 (antaget)"),
        "{}",
        service[0]
    );
    assert!(!service[0].contains(EXAMPLE), "real data: {}", service[0]);
    for pdf in [
        example_pdf("socialnamnden", "vor-2025.pdf"),
        example_pdf("servicenamnden", "vor-2024.pdf"),
        example_out().join("sammanställning-2025.pdf"),
    ] {
        let first = &page_texts(&pdf)[0];
        assert!(first.contains(EXAMPLE), "{}: {first}", pdf.display());
    }
    // The plan for 2023 names no nämnd: the nämnd and förvaltning are assumed.
    let purchasing = page_texts(&example_pdf("upphandlingsforvaltningen", "vor-2023.pdf"));
    assert!(
        purchasing[0].contains("Servicenämnden (antaget) · Serviceförvaltningen (antaget)"),
        "{}",
        purchasing[0]
    );
    // The risk models' assumed parts, said under each matrix.
    let service = pdf_text(&example_pdf("servicenamnden", "vor-2025.pdf"));
    assert!(
        service.contains("Gränserna mellan nivåerna är antagna, inte källans."),
        "{service}"
    );
    let board = pdf_text(&example_pdf("kommunstyrelsen", "vor-2025.pdf"));
    assert!(
        board.contains("Stegens och nivåernas benämningar, nivåernas färger, gränserna mellan nivåerna och regeln för vilka risker som går till internkontrollplanen är antagna, inte källans."),
        "{board}"
    );
    let vb = pdf_text(&example_pdf("kulturforvaltningen", "vb-2014.pdf"));
    assert!(vb.contains("delvis tillräcklig (antaget)"), "{vb}");
    // The plan's nämnd, förvaltning and kommun are inferred from the
    // source's text.
    assert!(vb.contains("Kulturnämnden (antaget)"), "{vb}");
    assert!(!vb.contains("Kulturnämnden ·"), "{vb}");
    assert!(vb.contains("Stockholms stad (antaget)"), "{vb}");
    assert!(!vb.contains("Stockholms stad ·"), "{vb}");
    // The made-up grounds under it are marked too.
    assert!(vb.contains("Grund för bedömningen (antagen)"), "{vb}");
}

#[test]
fn an_assumed_result_is_marked_where_it_stands() {
    // Risk 1's control reports two results, the second one assumed; the
    // T2's answer for it is assumed too.
    let vb = "uppföljning: vb
plan: plan.yaml
datum: 2026-12-31
kontroller:
  - nr: 1
    rubrik: Våren
    resultat: genomförd
  - nr: 1
    rubrik: Hösten
    resultat: delvis genomförd
    antaget: ja
bedömning: {omdöme: tillräcklig, grund: Kontrollerna är genomförda.}
";
    let t2 = "uppföljning: t2
plan: plan.yaml
datum: 2026-09-30
visa: alla
risker:
  - nr: 1
    följer_plan: delvis
    antaget: ja
";
    let (_dir, out) = built(&[
        ("n/plan.yaml", &plan_yaml(RISKS)),
        ("n/vb.yaml", vb),
        ("n/t2.yaml", t2),
    ]);
    let text = pdf_text(&out.join("vb-2026.pdf"));
    assert_eq!(text.matches("(antaget)").count(), 1, "one result: {text}");
    assert!(
        text.contains("Delvis genomförd (antaget)"),
        "the assumed result: {text}"
    );
    assert!(!text.contains("Genomförd (antaget)"), "{text}");
    let text = pdf_text(&out.join("t2-2026.pdf"));
    assert!(text.contains("Delvis (antaget)"), "{text}");
    // Without the key, nothing is marked: old files build as before.
    let (_dir, out) = built(&[
        ("n/plan.yaml", &plan_yaml(RISKS)),
        ("n/vb.yaml", &vb.replace("    antaget: ja\n", "")),
        ("n/t2.yaml", &t2.replace("    antaget: ja\n", "")),
    ]);
    for name in ["vb-2026.pdf", "t2-2026.pdf"] {
        assert!(!pdf_text(&out.join(name)).contains("(antaget)"), "{name}");
    }
}

#[test]
fn an_assumed_namnd_and_forvaltning_are_marked_where_they_stand() {
    let plan = plan_with(
        "förvaltning: Testförvaltningen\nantagna: [nämnd, förvaltning, kommun]\n",
        RISKS,
    );
    let (_dir, out) = built(&[("n/plan.yaml", &plan)]);
    let pages = page_texts(&out.join("vor-2026.pdf"));
    assert!(
        pages[0]
            .contains("Testnämnden (antaget) · Testförvaltningen (antaget) · Testkommun (antaget)"),
        "the cover: {}",
        pages[0]
    );
    for (i, page) in pages.iter().enumerate() {
        // The header repeats the nämnd, the footer the förvaltning.
        assert!(
            page.contains("Testnämnden (antaget) · Förslag"),
            "page {}: {page}",
            i + 1
        );
        assert!(
            page.contains("Testkommun (antaget) · Testförvaltningen (antaget)"),
            "page {}: {page}",
            i + 1
        );
    }
    // The PDF's author is the nämnd's name as it is.
    assert_eq!(info(&out.join("vor-2026.pdf"), b"Author"), "Testnämnden");
}

#[test]
fn a_decision_before_the_documents_date_is_refused() {
    // The plan is dated 9 december 2025; a decision on 12 december 2024
    // would decide a document that did not yet exist.
    let plan = plan_with(&DECIDED.replace("2025-12-12", "2024-12-12"), RISKS);
    let said = refused(&[("n/plan.yaml", &plan)], &["kontrollera", "n"]);
    let line = plan.lines().position(|l| l.starts_with("beslut:")).unwrap() + 1;
    assert!(
        said.contains(&format!("n/plan.yaml:{line}")),
        "the line: {said}"
    );
    assert!(
        said.contains("12 december 2024") && said.contains("9 december 2025"),
        "both dates, in words: {said}"
    );
    assert!(said.contains("beslut › datum"), "the field: {said}");
    assert!(said.contains("rätta"), "the fix: {said}");
    // The same for a follow-up, against its own date.
    let decided = DECIDED.replace("2025-12-12", "2026-12-10");
    let vb = format!(
        "uppföljning: vb
plan: plan.yaml
datum: 2026-12-31
{decided}kontroller:
  - nr: 1
    resultat: genomförd
bedömning: {{omdöme: tillräcklig, grund: Kontrollerna är genomförda.}}
"
    );
    let said = refused(
        &[("n/plan.yaml", &plan_yaml(RISKS)), ("n/vb.yaml", &vb)],
        &["kontrollera", "n"],
    );
    assert!(said.contains("n/vb.yaml:5"), "{said}");
    assert!(
        said.contains("10 december 2026") && said.contains("31 december 2026"),
        "{said}"
    );
    // On the document's date or after it, the decision builds.
    let on_time = plan_with(&DECIDED.replace("2025-12-12", "2025-12-09"), RISKS);
    let dir = fixture(&[("n/plan.yaml", &on_time)]);
    let out = run_ok(dir.path(), &["kontrollera", "n"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("beslutet"),
        "no word on a sound decision"
    );
}

#[test]
fn a_decision_in_an_unlikely_year_is_warned_of() {
    // A plan for 2026 decided in 2062: after the document's date, but a
    // typo for 2026 or 2025.
    let plan = plan_with(&DECIDED.replace("2025-12-12", "2062-01-20"), RISKS);
    let dir = fixture(&[("n/plan.yaml", &plan)]);
    let out = run_ok(dir.path(), &["kontrollera", "n"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("varning"), "{said}");
    assert!(said.contains("20 januari 2062"), "{said}");
    assert!(
        said.contains("2025 eller 2026"),
        "the years expected: {said}"
    );
    let line = plan.lines().position(|l| l.starts_with("beslut:")).unwrap() + 1;
    assert!(said.contains(&format!("n/plan.yaml:{line}")), "{said}");
    // A VB for 2026 decided early in 2027 is usual: no warning.
    let vb = "uppföljning: vb
plan: plan.yaml
datum: 2027-02-01
status: beslutad
beslut: {organ: Testnämnden, datum: 2027-02-20, paragraf: 12}
kontroller:
  - nr: 1
    resultat: genomförd
bedömning: {omdöme: tillräcklig, grund: Kontrollerna är genomförda.}
";
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISKS)), ("n/vb.yaml", vb)]);
    let out = run_ok(dir.path(), &["kontrollera", "n"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("beslutet"), "{said}");
}

#[test]
fn an_assumed_risk_model_is_said_under_the_matrix() {
    let assumed = |parts: &str| {
        plan_yaml(RISKS).replace(
            "  skala: 4\n",
            &format!("  skala: 4\n  antagna: [{parts}]\n"),
        )
    };
    let (_dir, out) = built(&[("n/plan.yaml", &assumed("gränser"))]);
    let first = &page_texts(&out.join("vor-2026.pdf"))[0];
    assert!(
        first.contains("Kritisk 12–16, Hög 8–9, Medium 3–7, Låg 1–2. Gränserna mellan nivåerna är antagna, inte källans."),
        "{first}"
    );
    let (_dir, out) = built(&[("n/plan.yaml", &assumed("benämningar, färger, gränser, ikp"))]);
    let first = &page_texts(&out.join("vor-2026.pdf"))[0];
    assert!(
        first.contains("Stegens och nivåernas benämningar, nivåernas färger, gränserna mellan nivåerna och regeln för vilka risker som går till internkontrollplanen är antagna, inte källans."),
        "{first}"
    );
    // Without the key, nothing is said.
    let (_dir, out) = built(&[("n/plan.yaml", &plan_yaml(RISKS))]);
    assert!(!pdf_text(&out.join("vor-2026.pdf")).contains("inte källans"));
}

#[test]
fn a_verksamhetsplan_beslutsdatum_other_than_the_decision_is_warned_of() {
    // The bundle's cover prints both dates: they must be one.
    let head = format!("{DECIDED}verksamhetsplan:\n  beslutsdatum: 2025-12-16\n");
    let plan = plan_with(&head, RISKS);
    let dir = fixture(&[("n/plan.yaml", &plan)]);
    let out = run_ok(dir.path(), &["kontrollera", "n"]);
    let said = String::from_utf8_lossy(&out.stderr);
    let line = plan
        .lines()
        .position(|l| l.contains("beslutsdatum:"))
        .unwrap()
        + 1;
    assert!(said.contains("varning"), "{said}");
    assert!(said.contains(&format!("n/plan.yaml:{line}")), "{said}");
    assert!(
        said.contains("16 december 2025") && said.contains("12 december 2025"),
        "{said}"
    );
    // The same date twice says nothing.
    let agreeing = plan.replace("2025-12-16", "2025-12-12");
    let dir = fixture(&[("n/plan.yaml", &agreeing)]);
    let out = run_ok(dir.path(), &["kontrollera", "n"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("beslutsdatum"), "{said}");
}

#[test]
fn an_assumed_key_for_a_value_the_document_lacks_is_warned_of() {
    // The plan has no diarienummer, the T2 no verksamhetsplan, kommun.yaml
    // no nämnd: each `antagna:` key would mark nothing.
    let plan = plan_with("antagna: [datum, diarienummer]\n", RISKS);
    let t2 = T2.replace(
        "visa: alla\n",
        "antagna:\n  - datum\n  - beslutsdatum\nvisa: alla\n",
    );
    let kommun = "kommun: Testkommun\når: 2026\ndatum: 2027-03-01\nantagna: [nämnd]\n";
    let dir = fixture(&[
        ("kommun.yaml", kommun),
        ("n/plan.yaml", &plan),
        ("n/t2.yaml", &t2),
    ]);
    let out = run_ok(dir.path(), &["kontrollera", "."]);
    let said = String::from_utf8_lossy(&out.stderr);
    let line =
        |yaml: &str, needle: &str| yaml.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (file, yaml, needle, lacking) in [
        (
            "n/plan.yaml",
            plan.as_str(),
            "antagna:",
            "inget diarienummer",
        ),
        ("n/t2.yaml", &t2, "- beslutsdatum", "inget beslutsdatum"),
        ("kommun.yaml", kommun, "antagna:", "ingen nämnd"),
    ] {
        let at = format!("{file}:{}", line(yaml, needle));
        let warning = said
            .split("\n\n")
            .find(|w| w.contains(&at))
            .unwrap_or_else(|| panic!("no warning at {at}: {said}"));
        assert!(warning.contains("varning"), "{warning}");
        assert!(
            warning.contains(&format!("dokumentet har {lacking}")),
            "{warning}"
        );
        assert!(warning.contains("ta bort"), "the fix: {warning}");
    }
    // The keys the documents have are not warned of, and the data builds.
    assert_eq!(said.matches("märker inget").count(), 3, "{said}");
}
