//! `bygg --webb`: a web page beside every PDF, from the same view. Read as
//! a program reads it here (structure, escaping, the same numbers as the
//! PDF), and in CI as a reader's browser shows it: axe-core in headless
//! Chromium on every page, and a 320 px screen with no sideways scroll
//! outside the tables' own regions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{example_out, fixture, normalise, pdf_text, plan_yaml, run, run_ok};

/// Every web page of the example site, the index last.
fn example_pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("the output folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    let mut pages = Vec::new();
    walk(example_out(), &mut pages);
    pages.sort_by_key(|p| (p.file_name().is_some_and(|n| n == "index.html"), p.clone()));
    pages
}

/// The page's text as a reader reads it: tags out, entities back,
/// whitespace made one space.
fn text_of(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    normalise(&unescape(&text))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// How often `needle` stands in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Every opening tag `<name …>` of the page, whole.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let tail = &rest[at..];
        let after = tail[open.len()..].chars().next();
        if matches!(after, Some(' ') | Some('>')) {
            let end = tail.find('>').expect("a tag ends");
            out.push(&tail[..=end]);
        }
        rest = &tail[open.len()..];
    }
    out
}

/// The faults of a page's structure a screen reader or a narrow screen
/// would meet: each a line.
fn structure_faults(html: &str) -> Vec<String> {
    let mut faults = Vec::new();
    if !html.contains("<html lang=\"sv\">") {
        faults.push("no lang=\"sv\" on <html>".into());
    }
    if count(html, "<h1") != 1 {
        faults.push(format!("{} h1, not one", count(html, "<h1")));
    }
    if !html.contains("<a class=\"hoppa\" href=\"#innehall\">") || !html.contains("id=\"innehall\"")
    {
        faults.push("no skip link to the main content".into());
    }
    if count(html, "<link rel=\"stylesheet\"") != 1 || html.contains("<style") {
        faults.push("not one stylesheet".into());
    }
    if html.contains("<script") {
        faults.push("a script".into());
    }
    let tables = tags(html, "table").len();
    if count(html, "<caption>") != tables {
        faults.push(format!(
            "{tables} tables, {} captions",
            count(html, "<caption>")
        ));
    }
    // Every table in a region of its own, named, reachable by keyboard.
    let regions = count(
        html,
        "<div class=\"tabell\" role=\"region\" tabindex=\"0\" aria-label=\"",
    );
    if regions != tables {
        faults.push(format!("{tables} tables, {regions} scroll regions"));
    }
    for th in tags(html, "th") {
        if !th.contains(" scope=\"") {
            faults.push(format!("a header cell without scope: {th}"));
        }
    }
    // Headings do not skip a level on the way down.
    let mut last = 0;
    for (i, _) in html.match_indices("<h") {
        let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        if level > last + 1 {
            faults.push(format!("h{level} after h{last}"));
        }
        last = level;
    }
    faults
}

#[test]
fn webb_every_page_has_lang_one_h1_a_skip_link_captions_and_scoped_headers() {
    let pages = example_pages();
    let reports = pages.iter().filter(|p| !p.ends_with("index.html")).count();
    let pdfs = pages
        .iter()
        .filter(|p| p.with_extension("pdf").is_file())
        .count();
    assert_eq!(reports, pdfs, "a page beside every PDF and none without");
    assert!(reports >= 20, "{reports} report pages");
    let mut faults = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        for fault in structure_faults(&html) {
            faults.push(format!("{}: {fault}", page.display()));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    // One stylesheet for the site, at its top; each page links it.
    assert!(example_out().join("stil.css").is_file());
    let vor = std::fs::read_to_string(example_out().join("servicenamnden/vor-2025.html")).unwrap();
    assert!(unescape(&vor).contains("<link rel=\"stylesheet\" href=\"../stil.css\">"));
}

/// The fault class the structure check finds, on pages made to have it.
#[test]
fn webb_structure_check_finds_a_missing_scope_caption_and_region() {
    let good = "<html lang=\"sv\"><body><a class=\"hoppa\" href=\"#innehall\">x</a><main id=\"innehall\"><h1>T</h1>\
        <link rel=\"stylesheet\" href=\"s.css\">\
        <div class=\"tabell\" role=\"region\" tabindex=\"0\" aria-label=\"T\"><table><caption>T</caption>\
        <tr><th scope=\"col\">A</th></tr></table></div></main>";
    assert_eq!(structure_faults(good), Vec::<String>::new());
    assert_eq!(
        structure_faults(&good.replace(" scope=\"col\"", "")).len(),
        1
    );
    assert_eq!(
        structure_faults(&good.replace("<caption>T</caption>", "")).len(),
        1
    );
    assert_eq!(
        structure_faults(&good.replace("role=\"region\" ", "")).len(),
        1
    );
    assert_eq!(structure_faults(&good.replace("<h1>T</h1>", "")).len(), 1);
}

/// The index: kommun → nämnd → år, each report's page and its PDF with
/// its size and standards.
#[test]
fn webb_index_links_every_page_and_its_pdf_with_size_and_standards() {
    let index = std::fs::read_to_string(example_out().join("index.html")).unwrap();
    let pages: Vec<PathBuf> = example_pages()
        .into_iter()
        .filter(|p| !p.ends_with("index.html"))
        .collect();
    for page in &pages {
        let relative = page
            .strip_prefix(example_out())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let href = format!("<a href=\"{}\">", relative.replace('/', "&#x2f;"));
        assert!(index.contains(&href), "the index links {relative}");
        let pdf = relative.replace(".html", ".pdf");
        let bytes = std::fs::metadata(page.with_extension("pdf")).unwrap().len();
        let kb = (bytes as f64 / 1000.0).round() as u64;
        let label = if bytes < 1_000_000 {
            format!("PDF, {kb} kB, PDF&#x2f;A, PDF&#x2f;UA")
        } else {
            format!(
                "PDF, {} MB, PDF&#x2f;A, PDF&#x2f;UA",
                format!("{:.1}", bytes as f64 / 1e6).replace('.', ",")
            )
        };
        let link = format!("<a href=\"{}\">{label}</a>", pdf.replace('/', "&#x2f;"));
        assert!(index.contains(&link), "the index links {pdf} as {label}");
    }
    let text = text_of(&index);
    // The kommun's samlade bild, and a nämnd's years, newest first.
    assert!(text.contains("Samlad bild"), "{text}");
    let service = text.find("Servicenämnden").expect("Servicenämnden listed");
    let (y2025, y2024) = (
        text[service..].find("2025").unwrap(),
        text[service..].find("2024").unwrap(),
    );
    assert!(y2025 < y2024, "the newest year first");
}

/// "Hög 5" and "9 (Medium)": a level's count and each riskvärde with its
/// level, as the PDF prints them.
fn rated_values(text: &str, levels: &[String]) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for level in levels {
        let needle = format!(" ({level})");
        for (at, _) in text.match_indices(&needle) {
            let digits: String = text[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() {
                let value: String = digits.chars().rev().collect();
                *found.entry(format!("{value} ({level})")).or_insert(0) += 1;
            }
        }
    }
    found
}

/// The levels a page's legend names with their counts: ("Hög", "Hög 5").
fn legend(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("<ul class=\"legend\">") else {
        return Vec::new();
    };
    let list = &html[start..start + html[start..].find("</ul>").unwrap()];
    list.split("<li")
        .skip(1)
        .filter(|li| !li.contains("totalt"))
        .map(|li| {
            let name = li
                .split("<strong>")
                .nth(1)
                .unwrap()
                .split("</strong>")
                .next()
                .unwrap();
            (
                unescape(name),
                text_of(&format!("<body>{}", &li[li.find('>').unwrap() + 1..])),
            )
        })
        .collect()
}

#[test]
fn webb_numbers_are_the_pdfs_counts_per_level_and_riskvarden() {
    let mut compared = 0;
    for page in example_pages() {
        let pdf = page.with_extension("pdf");
        if !pdf.is_file() {
            continue;
        }
        let html = std::fs::read_to_string(&page).unwrap();
        let (web, paper) = (text_of(&html), pdf_text(&pdf));
        let levels = legend(&html);
        for (_, entry) in &levels {
            assert!(
                paper.contains(entry.as_str()),
                "{}: {entry} not in the PDF",
                page.display()
            );
        }
        if let Some(at) = web.find("Totalt: ") {
            let total: String = web[at..]
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                paper.contains(&total),
                "{}: {total} not in the PDF",
                page.display()
            );
        }
        let names: Vec<String> = levels.into_iter().map(|(name, _)| name).collect();
        if names.is_empty() {
            continue;
        }
        let (on_web, on_paper) = (rated_values(&web, &names), rated_values(&paper, &names));
        assert!(
            !on_web.is_empty(),
            "{}: no riskvärde on the page",
            page.display()
        );
        assert_eq!(
            on_web,
            on_paper,
            "{}: the riskvärden differ",
            page.display()
        );
        compared += 1;
    }
    assert!(compared >= 4, "{compared} pages with a matrix compared");
}

/// Text from the data is text on the page: a risk called `<script>` or
/// `#read("/etc/passwd")` prints exactly that, and no element is made of it.
#[test]
fn webb_text_from_the_data_is_escaped() {
    let title = "<script>alert(1)</script> & #read(\"/etc/passwd\") <b>fet</b> \\\" '";
    let risk = format!(
        "- nr: 1\n  risk: {}\n  sannolikhet: 2\n  konsekvens: 2\n",
        serde_json::to_string(title).unwrap()
    );
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(&risk))]);
    let out = dir.path().join("ut");
    run_ok(
        dir.path(),
        &["bygg", "n", "--webb", "-o", out.to_str().unwrap()],
    );
    let html = std::fs::read_to_string(out.join("n/vor-2026.html")).expect("the VoR's page");
    assert!(!html.contains("<script"), "a script element from the data");
    assert!(!html.contains("<b>"), "an element from the data");
    assert!(
        text_of(&html).contains(&normalise(title)),
        "{}",
        text_of(&html)
    );
}

/// axe-core, fetched by `.ci/run` from the npm registry (pinned, checked
/// by its sha256): `AXE_CORE` names its `axe.min.js`.
fn axe_source() -> String {
    let path = std::env::var("AXE_CORE").expect("AXE_CORE names axe.min.js (set by .ci/run)");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Run in CI, where `.ci/run` installs Chromium and chromedriver and
/// fetches axe-core: every page of the example site opened in headless
/// Chromium, checked with axe-core's WCAG 2.1 A and AA rules (0
/// violations), then at a 320 CSS px wide screen (WCAG 1.4.10): the page
/// does not scroll sideways; only a table's own region (or the coloured
/// matrix's) may.
#[test]
#[ignore = "needs chromium, chromedriver and axe-core; run by .ci/run"]
fn webb_axe_core_in_chromium_finds_nothing_and_320_px_reflows() {
    use crate::preview::Browser;
    use serde_json::json;

    let axe = axe_source();
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path());
    let metrics = |width: u32| {
        browser.call(
            "POST",
            &format!("/session/{}/goog/cdp/execute", browser.session),
            Some(
                &json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                    "width": width, "height": 2000, "deviceScaleFactor": 1, "mobile": false
                }}),
            ),
        );
    };
    let check = "return axe.run(document, {runOnly: {type: 'tag', values: \
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}) \
        .then(r => JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + \
        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; '))))";
    // Elements wider than the screen outside a table's region; and whether
    // the page itself scrolls sideways.
    let reflow = "const w = document.documentElement.clientWidth; \
        const wide = [...document.querySelectorAll('body *')].filter(e => \
          !e.closest('.tabell, .bildregion') && e.getBoundingClientRect().right > w + 1) \
          .map(e => e.tagName + '.' + e.className).slice(0, 5); \
        return JSON.stringify({scroll: document.documentElement.scrollWidth - w, wide})";
    // axe sees what it should: a copy of a page without its language and
    // with a table region without a name is found at fault.
    let pages = example_pages();
    let broken = profile.path().join("trasig.html");
    let html = std::fs::read_to_string(&pages[0]).unwrap();
    let html =
        html.replace("<html lang=\"sv\">", "<html>")
            .replacen("aria-label=\"", "data-x=\"", 1);
    std::fs::write(&broken, html).unwrap();
    browser.go(&format!("file://{}", broken.display()));
    browser.run(&axe);
    let found = browser.run(check);
    assert!(found.contains("html-has-lang"), "{found}");
    // With WEBB_SKARMBILDER=MAPP, each page's top at both widths as PNG,
    // to look at.
    let shots = std::env::var_os("WEBB_SKARMBILDER").map(PathBuf::from);
    let shoot = |page: &Path, width: u32| {
        let Some(dir) = &shots else { return };
        let name = page
            .strip_prefix(example_out())
            .unwrap()
            .to_string_lossy()
            .replace('/', "__");
        let png = browser.call(
            "GET",
            &format!("/session/{}/screenshot", browser.session),
            None,
        );
        let png = base64(png.as_str().expect("a screenshot"));
        std::fs::write(
            dir.join(format!("{}-{width}.png", name.trim_end_matches(".html"))),
            png,
        )
        .unwrap();
    };
    let mut faults = Vec::new();
    for page in &pages {
        let url = format!("file://{}", page.display());
        metrics(1280);
        browser.go(&url);
        shoot(page, 1280);
        browser.run(&axe);
        let violations = browser.run(check);
        if violations != "[]" {
            faults.push(format!("{}: axe: {violations}", page.display()));
        }
        metrics(320);
        browser.go(&url);
        shoot(page, 320);
        let answer = browser.run(reflow);
        if answer != "{\"scroll\":0,\"wide\":[]}" {
            faults.push(format!("{}: at 320 px: {answer}", page.display()));
        }
    }
    assert!(pages.len() >= 20, "{} pages", pages.len());
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Base64 (as WebDriver sends a screenshot) to bytes.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// Before a `--webb` build every text is scanned: a personnummer (a valid
/// Luhn check digit) refuses the build with file, line and risk, and no
/// page is written.
#[test]
fn webb_refuses_a_personnummer_with_file_line_and_risk() {
    let risk =
        "- nr: 1\n  risk: Fel utbetalning till 19121212-1212\n  sannolikhet: 2\n  konsekvens: 2\n";
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(risk))]);
    let out = run(dir.path(), &["bygg", "n", "--webb", "-o", "ut"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("plan.yaml:") && said.contains("risk 1"),
        "{said}"
    );
    assert!(!dir.path().join("ut/n/vor-2026.html").exists());
}

/// A risk under sekretess: on the web page only the words and the ground;
/// the PDF, for the nämnd's own use, keeps it.
#[test]
fn webb_masks_a_secret_risk_and_the_pdf_keeps_it() {
    let risk = "- nr: 1\n  risk: Hot mot handläggare på Storgatan\n  sekretess: OSL 18 kap. 8 §\n  sannolikhet: 3\n  konsekvens: 3\n";
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(risk))]);
    run_ok(dir.path(), &["bygg", "n", "--webb", "-o", "ut"]);
    for kind in ["vor", "ikp"] {
        let html =
            std::fs::read_to_string(dir.path().join(format!("ut/n/{kind}-2026.html"))).unwrap();
        let text = text_of(&html);
        assert!(!text.contains("Storgatan"), "{kind}: {text}");
        assert!(
            text.contains("Uppgiften omfattas av sekretess") && text.contains("OSL 18 kap. 8 §"),
            "{kind}: {text}"
        );
        let pdf = pdf_text(&dir.path().join(format!("ut/n/{kind}-2026.pdf")));
        assert!(
            pdf.contains("Hot mot handläggare på Storgatan"),
            "{kind}: {pdf}"
        );
    }
}

/// A risk under sekretess in the follow-ups: the T2's block, the VB's
/// table and its list of delayed actions (which names the risk by its
/// title) say on the web page only the words and the ground.
#[test]
fn webb_masks_a_secret_risk_in_the_t2_and_the_vb_and_its_delayed_actions() {
    let plan = "- nr: 1\n  risk: Hot mot handläggare på Storgatan\n  sekretess: OSL 18 kap. 8 §\n  sannolikhet: 3\n  konsekvens: 3\n  kontroll:\n    kontrollmoment: Stickprov\n";
    let vb = "uppföljning: vb\nplan: plan.yaml\ndatum: 2026-02-15\nkontroller:\n  - nr: 1\n    resultat: delvis genomförd\n    förbättringsåtgärder:\n      - åtgärd: Larm vid entrén på Storgatan\n        start: 2025-06-01\n        slut: 2026-01-31\nbedömning:\n  omdöme: tillräcklig\n  grund: Kontrollen är gjord.\n";
    let t2 = "uppföljning: t2\nplan: plan.yaml\ndatum: 2026-09-15\nvisa: alla\nrisker:\n  - nr: 1\n    följer_plan: delvis\n    kommentar: Pågår.\n";
    let dir = fixture(&[
        ("n/plan.yaml", &plan_yaml(plan)),
        ("n/vb.yaml", vb),
        ("n/t2.yaml", t2),
    ]);
    run_ok(dir.path(), &["bygg", "n", "--webb", "-o", "ut"]);
    let html = std::fs::read_to_string(dir.path().join("ut/n/vb-2026.html")).unwrap();
    let text = text_of(&html);
    assert!(text.contains("Försenade åtgärder"), "{text}");
    for kind in ["vb", "t2"] {
        let html =
            std::fs::read_to_string(dir.path().join(format!("ut/n/{kind}-2026.html"))).unwrap();
        let text = text_of(&html);
        assert!(!text.contains("Storgatan"), "{kind}: {text}");
        assert!(text.contains("OSL 18 kap. 8 §"), "{kind}: {text}");
        let pdf = pdf_text(&dir.path().join(format!("ut/n/{kind}-2026.pdf")));
        assert!(
            pdf.contains("Hot mot handläggare på Storgatan"),
            "{kind}: {pdf}"
        );
    }
}

/// The samlade bild names risks by their titles (the highest level, what
/// needs attention): on its web page a risk under sekretess is not named;
/// its PDF, for the city's management, keeps it.
#[test]
fn webb_the_samlade_bild_does_not_name_a_secret_risk() {
    let risk = "- nr: 1\n  risk: Hot mot handläggare på Storgatan\n  sekretess: OSL 18 kap. 8 §\n  sannolikhet: 4\n  konsekvens: 4\n  kontroll:\n    kontrollmoment: Stickprov\n- nr: 2\n  risk: Felaktiga utbetalningar\n  sannolikhet: 4\n  konsekvens: 4\n  kontroll:\n    kontrollmoment: Attest\n";
    let dir = fixture(&[
        (
            "kommun.yaml",
            "kommun: Testkommun\når: 2026\ndatum: 2027-03-01\n",
        ),
        ("n/plan.yaml", &plan_yaml(risk)),
    ]);
    run_ok(dir.path(), &["bygg", ".", "--webb", "-o", "ut"]);
    let html = std::fs::read_to_string(dir.path().join("ut/sammanställning-2026.html")).unwrap();
    let text = text_of(&html);
    assert!(text.contains("Felaktiga utbetalningar"), "{text}");
    assert!(!text.contains("Storgatan"), "{text}");
    assert!(text.contains("Uppgiften omfattas av sekretess"), "{text}");
    let pdf = pdf_text(&dir.path().join("ut/sammanställning-2026.pdf"));
    assert!(pdf.contains("Storgatan"), "{pdf}");
}

/// The web page says what the PDF says of the document's standing: a
/// proposal "Förslag", a decided document its decision (under the title
/// and in the footer), made-up data the example mark.
#[test]
fn webb_pages_say_proposal_decision_and_example_as_the_pdf_does() {
    let risk = "- nr: 1\n  risk: Felaktiga utbetalningar\n  sannolikhet: 2\n  konsekvens: 2\n";
    let yaml = plan_yaml(risk);
    let (first, rest) = yaml.split_once('\n').unwrap();
    let decided = format!(
        "{first}\nstatus: beslutad\nbeslut: {{organ: Servicenämnden, datum: 2025-12-12, paragraf: 123}}\nexempel: ja\n{rest}"
    );
    let dir = fixture(&[("n/plan.yaml", &yaml), ("b/plan.yaml", &decided)]);
    run_ok(dir.path(), &["bygg", "n", "b", "--webb", "-o", "ut"]);
    let page = |folder: &str| {
        text_of(
            &std::fs::read_to_string(dir.path().join(format!("ut/{folder}/vor-2026.html")))
                .unwrap(),
        )
    };
    let proposal = page("n");
    assert!(proposal.contains("Förslag"), "{proposal}");
    assert!(
        proposal.contains("Underlaget anger ingen status"),
        "{proposal}"
    );
    let decided = page("b");
    let sentence = "Beslutad av Servicenämnden den 12 december 2025, § 123";
    assert_eq!(
        decided.matches(sentence).count(),
        2,
        "title and footer: {decided}"
    );
    assert!(
        decided.contains("Exempel – uppgifterna är påhittade"),
        "{decided}"
    );
    assert!(!decided.contains("Förslag"), "{decided}");
}

/// The `<a href>` targets of a page.
fn links(html: &str) -> Vec<String> {
    html.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(unescape)
        .collect()
}

/// `bygg --webb --del i/n` builds one part, but the index stays the
/// site's: it lists every report on disk as a page and a PDF, the other
/// parts' too, each PDF's size read from disk.
#[test]
fn webb_index_after_a_partial_build_keeps_every_report() {
    let risk = "- nr: 1\n  risk: Felaktiga utbetalningar\n  sannolikhet: 2\n  konsekvens: 2\n";
    let plan = plan_yaml(risk);
    let folders = ["alfa", "beta", "gamma", "delta", "epsilon"];
    let files: Vec<(String, &str)> = folders
        .iter()
        .map(|f| (format!("{f}/plan.yaml"), plan.as_str()))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let dir = fixture(&files);
    run_ok(dir.path(), &["bygg", ".", "--webb", "-o", "ut"]);
    let index = || std::fs::read_to_string(dir.path().join("ut/index.html")).unwrap();
    let whole = links(&index());
    for folder in folders {
        for file in [
            "vor-2026.html",
            "vor-2026.pdf",
            "ikp-2026.html",
            "ikp-2026.pdf",
        ] {
            let link = format!("{folder}/{file}");
            assert!(whole.contains(&link), "{link} in {whole:?}");
        }
    }
    for part in ["1/2", "2/2"] {
        run_ok(
            dir.path(),
            &["bygg", ".", "--webb", "--tvinga", "--del", part, "-o", "ut"],
        );
        let after = links(&index());
        assert_eq!(after, whole, "after --del {part}");
    }
    // A report whose PDF is gone is not listed; the others stay.
    std::fs::remove_file(dir.path().join("ut/alfa/vor-2026.pdf")).unwrap();
    run_ok(dir.path(), &["bygg", "beta", "--webb", "-o", "ut"]);
    let after = links(&index());
    assert!(
        !after.contains(&"alfa/vor-2026.html".to_owned()),
        "{after:?}"
    );
    assert!(
        after.contains(&"gamma/ikp-2026.pdf".to_owned()),
        "{after:?}"
    );
}

/// A secret risk with a short title ("IT") is masked by its number beside
/// the title, its whole row (motivation too); an unrelated risk whose text
/// holds "IT-systemet" or "itslöjd" is not.
#[test]
fn webb_a_short_secret_title_does_not_hide_unrelated_texts() {
    let risk = "- nr: 1\n  risk: IT\n  sekretess: OSL 18 kap. 8 §\n  sannolikhet: 4\n  konsekvens: 4\n  ikp: nej\n  motivering: Lösenorden delas i nämnden\n- nr: 2\n  risk: Driftstopp i IT-systemet\n  sannolikhet: 4\n  konsekvens: 4\n  ikp: nej\n  motivering: Ersätts av nytt IT-stöd och itslöjd 2027\n";
    let dir = fixture(&[
        (
            "kommun.yaml",
            "kommun: Testkommun\når: 2026\ndatum: 2027-03-01\n",
        ),
        ("n/plan.yaml", &plan_yaml(risk)),
    ]);
    run_ok(dir.path(), &["bygg", ".", "--webb", "-o", "ut"]);
    let html = std::fs::read_to_string(dir.path().join("ut/sammanställning-2026.html")).unwrap();
    let text = text_of(&html);
    assert!(text.contains("Driftstopp i IT-systemet"), "{text}");
    assert!(
        text.contains("Ersätts av nytt IT-stöd och itslöjd 2027"),
        "{text}"
    );
    assert!(!text.contains("Lösenorden delas"), "{text}");
    assert!(text.contains("Uppgiften omfattas av sekretess"), "{text}");
    let pdf = pdf_text(&dir.path().join("ut/sammanställning-2026.pdf"));
    assert!(pdf.contains("Lösenorden delas"), "{pdf}");
}

/// A date in a table cell is not broken at its dashes in a narrow column
/// ("2026-08-" over "31"): it stands in a paragraph that does not wrap.
#[test]
fn webb_a_date_in_a_cell_does_not_wrap() {
    let css = std::fs::read_to_string(example_out().join("stil.css")).unwrap();
    assert!(css.contains(".datum { white-space: nowrap; }"), "{css}");
    let mut dates = 0;
    for page in example_pages() {
        let html = std::fs::read_to_string(&page).unwrap();
        for (at, _) in html.match_indices("</p>") {
            let Some(date) = html[..at].get(at.saturating_sub(10)..) else {
                continue;
            };
            let iso = date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            if iso && html[..at].ends_with(&format!(">{date}")) {
                dates += 1;
                assert!(
                    html[..at].ends_with(&format!("<p class=\"datum\">{date}")),
                    "{}: {date} may wrap",
                    page.display()
                );
            }
        }
    }
    assert!(dates > 0, "the example VB's action dates");
}

/// Every table's caption names it: none says only "Tabell", and no two
/// of the samlade bild's tables share one.
#[test]
fn webb_every_caption_names_its_table() {
    let captions = |html: &str| -> Vec<String> {
        html.split("<caption>")
            .skip(1)
            .filter_map(|rest| rest.split("</caption>").next())
            .map(str::to_owned)
            .collect()
    };
    for page in example_pages() {
        let html = std::fs::read_to_string(&page).unwrap();
        let all = captions(&html);
        assert!(
            !all.iter().any(|c| c == "Tabell"),
            "{}: {all:?}",
            page.display()
        );
    }
    let city = std::fs::read_to_string(example_out().join("sammanställning-2025.html")).unwrap();
    let all = captions(&city);
    let unique: std::collections::BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "{all:?}");
}

/// The index names the samlade bild by its title, not by the cover's
/// line above it.
#[test]
fn webb_index_names_the_samlade_bild_by_its_title() {
    let index = std::fs::read_to_string(example_out().join("index.html")).unwrap();
    let text = text_of(&index);
    assert!(
        text.contains("Samlad bild av nämndernas interna kontroll 2025"),
        "{text}"
    );
    assert!(!text.contains("uppsikt över"), "{text}");
}

#[test]
fn webb_marks_an_assumed_namnd_forvaltning_judgement_and_bound_as_the_pdf_does() {
    let yaml = plan_yaml(crate::standing::RISKS)
        .replace("  skala: 4\n", "  skala: 4\n  antagna: [gränser]\n");
    let (first, rest) = yaml.split_once('\n').unwrap();
    let plan = format!(
        "{first}\nförvaltning: Testförvaltningen\nantagna: [nämnd, förvaltning, kommun]\n{rest}"
    );
    let vb = &crate::standing::VB.replace("genomförda.}", "genomförda., antaget: ja}");
    let t2 = crate::standing::T2;
    let other = plan_yaml(crate::standing::RISKS).replace("Testnämnden", "Annan nämnd");
    let dir = fixture(&[
        ("n/plan.yaml", &plan),
        ("n/vb.yaml", vb),
        ("n/t2.yaml", t2),
        ("m/plan.yaml", &other),
    ]);
    run_ok(dir.path(), &["bygg", "n", "m", "--webb", "-o", "ut"]);
    let page =
        |name: &str| text_of(&std::fs::read_to_string(dir.path().join("ut/n").join(name)).unwrap());
    // The index names the nämnd and the kommun as headings: it says they
    // are assumed, under the year whose reports assume them, and only there.
    let index = text_of(&std::fs::read_to_string(dir.path().join("ut/index.html")).unwrap());
    let note = "2026 Nämnden och kommunen är antagna.";
    assert_eq!(index.matches(note).count(), 1, "{index}");
    assert_eq!(index.matches("antag").count(), 1, "{index}");
    for name in ["vor-2026.html", "vb-2026.html", "t2-2026.html"] {
        let text = page(name);
        // Wherever the page names them (its header, its footer), marked.
        for who in ["Testnämnden", "Testförvaltningen", "Testkommun"] {
            let marked = text.matches(&format!("{who} (antaget)")).count();
            assert!(marked >= 1, "{name}: {who} not marked: {text}");
            assert_eq!(text.matches(who).count(), marked, "{name}: {text}");
        }
    }
    let vb = page("vb-2026.html");
    assert!(vb.contains("har varit tillräcklig (antaget)."), "{vb}");
    assert!(vb.contains("Grund för bedömningen (antagen)"), "{vb}");
    // The T2's bound for the highest level comes from the model's assumed
    // bounds: said where it is used, in the PDF and on the page.
    let bound = "riskvärde 12 eller högre, en antagen gräns";
    assert!(page("t2-2026.html").contains(bound), "web");
    let pdf = pdf_text(&dir.path().join("ut/n/t2-2026.pdf"));
    assert!(pdf.contains(bound), "pdf: {pdf}");
    // The names stand unmarked in the page's metadata.
    let html = std::fs::read_to_string(dir.path().join("ut/n/vor-2026.html")).unwrap();
    for meta in tags(&html, "meta") {
        assert!(!meta.contains("antaget"), "{meta}");
    }
    // A marked name is still escaped.
    let plan = plan.replace("Testförvaltningen", "A&B <i>");
    let dir = fixture(&[("n/plan.yaml", &plan)]);
    run_ok(dir.path(), &["bygg", "n", "--webb", "-o", "ut"]);
    let html = std::fs::read_to_string(dir.path().join("ut/n/vor-2026.html")).unwrap();
    assert_eq!(
        html.matches("A&amp;B &lt;i&gt; (antaget)").count(),
        2,
        "{html}"
    );
    assert!(!html.contains("<i>"), "{html}");
}
