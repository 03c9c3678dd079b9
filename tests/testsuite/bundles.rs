//! The bundle PDFs: a cover, contents whose page numbers are right, and the
//! reports as chapters.

use crate::common::{example_pdf, page_texts};

/// The contents page's entries: (title, page number), in order. The page's
/// text reads "Innehåll Title . . . . 3 Next title . . . 5 …".
fn contents(pages: &[String]) -> (usize, Vec<(String, usize)>) {
    let index = pages
        .iter()
        .position(|p| p.contains("Innehåll"))
        .expect("a contents page");
    let text = pages[index].replace('\u{2060}', "");
    let after = &text[text.find("Innehåll").unwrap() + "Innehåll".len()..];
    let mut entries = Vec::new();
    let mut title: Vec<&str> = Vec::new();
    let mut in_leader = false;
    for word in after.split(' ').filter(|w| !w.is_empty()) {
        if word == "." {
            in_leader = true;
        } else if in_leader {
            let number = word.parse().expect("a page number after the dot leader");
            entries.push((title.join(" "), number));
            title.clear();
            in_leader = false;
        } else {
            title.push(word);
        }
    }
    (index, entries)
}

/// Checks the contents' titles, and that each heading is on the page the
/// contents give and, when it starts a new page, not on the page before.
fn check_contents(pages: &[String], expected_titles: &[&str]) {
    let (contents_page, entries) = contents(pages);
    let titles: Vec<&str> = entries.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles, expected_titles, "the contents list these sections");
    let mut last = 0;
    for (title, page) in &entries {
        assert!(
            *page >= last,
            "page numbers never go back: {title} on {page}"
        );
        let text = &pages[page - 1];
        assert!(
            text.contains(title.as_str()),
            "”{title}” is on page {page}:\n{text}"
        );
        let before = page - 2;
        if *page > last && before > contents_page {
            assert!(
                !pages[before].contains(title.as_str()),
                "”{title}” is not already on page {}",
                page - 1
            );
        }
        last = *page;
    }
}

#[test]
fn verksamhetsplan_has_cover_contents_and_chapters_on_the_right_pages() {
    let pages = page_texts(&example_pdf(
        "arbetsmarknadsnamnden",
        "verksamhetsplan-2026.pdf",
    ));
    let cover = &pages[0];
    for fact in [
        "Verksamhetsplan 2026",
        "Stockholms stad",
        "AMN-2025/1020",
        "Beslutsdatum 16 december 2025",
    ] {
        assert!(cover.contains(fact), "the cover shows ”{fact}”: {cover}");
    }
    // The whole plan is the nämnd's own document, not a bilaga to it.
    assert!(!cover.contains("Bilaga"), "{cover}");
    assert!(!cover.contains("Sid 1"), "no page furniture on the cover");
    // Every part of seed 004, in its order.
    check_contents(
        &pages,
        &[
            "Nämndens budget/verksamhetsplan 2026",
            "Investeringsbudget 2026 och kommande år",
            "Resultatenheter 2026",
            "Verksamhetsprojekt",
            "Omklassificering av ej aktiverbara utgifter hänförliga till investeringar",
            "Innovationssatsningar",
            "Ledningens genomgång",
            "1. Sammanfattning",
            "2. Vad är Ledningens genomgång",
            "3. Förbättringar som föreslås för verksamheten",
            "Upphandlingsplan 2026",
            "System för intern kontroll",
            "1. Inledning",
            "2. Syfte",
            "3. Roller och ansvar",
            "4. Arbetsstruktur och rapporteringsrutiner",
            "5. Styrdokument",
            "Väsentlighets- och riskanalys 2026",
            "Inledning",
            "Riskmatris",
            "Risker per process",
            "Internkontrollplan 2026",
            "Risker och kontroller",
        ],
    );
    let total = pages.len();
    assert!(
        pages[1].contains(&format!("Sid 2 ({total})")),
        "the page furniture counts every page"
    );
    assert!(
        pages[1].contains("Tjänsteutlåtande"),
        "the header names the kind of document"
    );
    // The System för intern kontroll text is the nämnd's, lists as lists.
    let all = pages.join(" ");
    assert!(all.contains("5.2.1 Stadsövergripande styrdokument"));
    assert!(all.contains("Kommunallag (2017:725)"));
    // The chapters are the reports: the VoR's counts and the IKP's size.
    assert!(all.contains("Totalt: 56"));
    assert!(all.contains("Internkontrollplanen omfattar elva risker."));
}

/// The text of the pages from the one that starts with `heading` on.
fn from_heading<'a>(pages: &'a [String], heading: &str) -> &'a [String] {
    let (contents_page, entries) = contents(pages);
    let page = entries
        .iter()
        .find(|(title, _)| title == heading)
        .map(|(_, page)| *page)
        .unwrap_or_else(|| panic!("”{heading}” in the contents"));
    assert!(page > contents_page + 1);
    &pages[page - 1..]
}

#[test]
fn verksamhetsplan_tables_hold_seed_004_numbers_the_swedish_way() {
    let pages = page_texts(&example_pdf(
        "arbetsmarknadsnamnden",
        "verksamhetsplan-2026.pdf",
    ));
    let budget =
        from_heading(&pages, "Nämndens budget/verksamhetsplan 2026")[0].replace('\u{a0}', " ");
    for row in [
        // Column 4 is 1+2+3; Kostnader the sum of its rows; Netto both totals.
        "Kostnader 1 260,6 260,7 80,0 1 601,3 1 316,7 1 355,4",
        "Intäkter (-) −168,3 −260,7 0,0 −429,0 −329,4 −399,0",
        "Netto 1 092,3 0,0 80,0 1 172,3 987,3 956,4",
        "Utfall 2024 (VB 2024)",
    ] {
        assert!(budget.contains(row), "”{row}” in:\n{budget}");
    }
    let investments =
        from_heading(&pages, "Investeringsbudget 2026 och kommande år")[0].replace('\u{a0}', " ");
    assert!(
        investments.contains("Inventarier och maskiner 5,4 6,4 4,0 4,0 4,0 4,0"),
        "{investments}"
    );
    let purchases = from_heading(&pages, "Upphandlingsplan 2026")[0].replace('\u{a0}', " ");
    assert!(
        purchases.contains("IT & Kommunikation Vägvisaren 2026-01-01 2026-05-01 15 000 000"),
        "{purchases}"
    );
}

#[test]
fn ledningens_genomgang_keeps_the_sources_headings_and_numbers() {
    let pages = page_texts(&example_pdf(
        "arbetsmarknadsnamnden",
        "verksamhetsplan-2026.pdf",
    ));
    let text = from_heading(&pages, "Ledningens genomgång").join(" ");
    let text = &text[..text
        .find("Upphandlingsplan 2026")
        .expect("the next chapter")];
    let mut at = 0;
    // In the seed's order; section 3 has no 3.1, its subsections are 3.1.1 on.
    for heading in [
        "1. Sammanfattning",
        "2. Vad är Ledningens genomgång",
        "2.1 Faktorer som påverkar verksamhetens LIS",
        "2.1.1 Omvärldsbevakning",
        "2.1.2 Vad händer inom staden",
        "2.1.3 Risker som identifierats i GDPR-årsrapport",
        "2.1.4 Information om avvikelser",
        "3. Förbättringar som föreslås för verksamheten",
        "3.1.1 Kunskapshöjande utbildning för nyckelpersoner",
        "3.1.2 Säkerställa resurser",
        "3.1.3 Säkerställa att informationssäkerhetsperspektivet",
        "3.1.4 Informationssäkerhetsprocessen behöver ett omtag",
    ] {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("”{heading}” after the headings before it"));
        at += found + heading.len();
    }
    // System för intern kontroll skips 5.1.1 and 5.2.5 as the seed does.
    let all = pages.join(" ");
    for heading in [
        "5.1.2 Arbetsmarknadsförvaltningens styrdokument",
        "5.2.4 Ekonomi och inköp",
        "5.2.6 IT och telefoni",
        "5.2.7 Information och kommunikation",
    ] {
        assert!(all.contains(heading), "”{heading}”");
    }
    assert!(!all.contains("5.1.1 "));
    assert!(!all.contains("5.2.5 "));
}

#[test]
fn follow_up_bilagor_hold_the_follow_up_and_the_plan_it_follows() {
    let t2 = page_texts(&example_pdf("kommunstyrelsen", "t2-bilaga-2025.pdf"));
    assert!(t2[0].contains("Bilaga till tertialrapport 2"));
    // A short contents list stands on the cover, not on a page of its own.
    assert!(t2[0].contains("Innehåll"), "{}", t2[0]);
    check_contents(
        &t2,
        &[
            "Uppföljning av internkontrollplanen 2025 – tertialrapport 2",
            "Bakgrund",
            "Delårsuppföljning kommunstyrelsens internkontrollplan 2025",
            "Uppföljning av kritiska risker i nämndens internkontrollplan 2025",
            "Internkontrollplan 2025",
            "Risker och kontroller",
        ],
    );
    let vb = page_texts(&example_pdf("kulturforvaltningen", "vb-bilaga-2014.pdf"));
    assert!(vb[0].contains("Bilaga till verksamhetsberättelsen"));
    let titles: Vec<String> = contents(&vb).1.into_iter().map(|(t, _)| t).collect();
    assert!(
        titles.contains(&"Nämndens bedömning".to_owned()),
        "{titles:?}"
    );
    assert!(
        titles.last().is_some_and(|t| t == "Risker och kontroller"),
        "{titles:?}"
    );
}
