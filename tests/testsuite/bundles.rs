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
        "Bilaga till verksamhetsplanen",
        "Verksamhetsplan 2026 – intern kontroll",
        "Stockholms stad",
        "AMN-2025/1020",
        "Beslutsdatum 16 december 2025",
    ] {
        assert!(cover.contains(fact), "the cover shows ”{fact}”: {cover}");
    }
    assert!(!cover.contains("Sid 1"), "no page furniture on the cover");
    check_contents(
        &pages,
        &[
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
