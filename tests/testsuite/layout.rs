//! The layout checks themselves: each finds its fault in a Typst document
//! made to have it, and finds nothing in a clean one. (That the example
//! reports have none is checked in `finish.rs`.)

use std::path::Path;

use chrono::NaiveDate;
use riskrapport::inspect::{Fault, inspect};
use riskrapport::swedish::Hyphenation;
use riskrapport::typst_world::{Files, TypstBase};

/// A page setup like the reports': A4, furniture in header and footer.
const PAGE: &str = r#"
#set document(title: "Test", date: datetime(year: 2026, month: 1, day: 1))
#set text(font: "Inter", size: 10pt, lang: "sv", hyphenate: false)
#set page(
  paper: "a4",
  margin: (top: 2.6cm, bottom: 2.2cm, x: 2cm),
  header: [Testnämnden #h(1fr) Sid #context counter(page).display()],
  footer: [Testkommun #h(1fr) 2026-01-01],
)
#let filler(n) = for i in range(n) [Rad #i med lite text. \ ]
"#;

fn faults(body: &str) -> Vec<Fault> {
    let source = format!("{PAGE}\n{body}");
    let document = TypstBase::shared()
        .compile(
            Path::new("test.typ"),
            source,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            &Files::default(),
        )
        .unwrap_or_else(|e| panic!("the test document compiles: {e}"));
    inspect(&document, &Hyphenation::builtin())
}

fn kinds(faults: &[Fault]) -> Vec<&'static str> {
    faults
        .iter()
        .map(|f| match f {
            Fault::SplitRow { .. } => "split",
            Fault::SplitBlock { .. } => "block",
            Fault::Fragment { .. } => "fragment",
            Fault::Stranded { .. } => "stranded",
            Fault::Orphan { .. } => "orphan",
            Fault::BadBreak { .. } => "break",
            Fault::Overflow { .. } => "overflow",
            Fault::LongLine { .. } => "line",
            Fault::SmallText { .. } => "small",
            Fault::LowContrast { .. } => "contrast",
            Fault::Unlinked { .. } => "link",
        })
        .collect()
}

/// How the templates start a page by design (`new-page` in base.typ.j2).
const NEW_PAGE: &str = "#pagebreak(weak: true)\n#metadata(\"ny-sida\")";

/// Enough text to fill most of two pages, so the last page is no fragment.
const TWO_FULL_PAGES: &str = "#filler(80)";

#[test]
fn a_clean_document_has_no_faults() {
    let found = faults(&format!(
        "= Rubrik\n\nKort stycke om riskanalysen.\n\n#table(columns: (1fr, 2fr), [Nr], [Risk], [1], [Felaktig utbetalning])\n\n{TWO_FULL_PAGES}"
    ));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_row_split_over_two_pages_is_found() {
    let found = faults(&format!(
        "#filler(38)\n#table(columns: (1cm, 1fr), [1], [{}])\n{TWO_FULL_PAGES}",
        "Lång text i en cell som inte ryms. ".repeat(40)
    ));
    assert!(kinds(&found).contains(&"split"), "{found:?}");
    let unbreakable = faults(&format!(
        "#filler(38)\n#set table.cell(breakable: false)\n#table(columns: (1cm, 1fr), [1], [{}])\n{TWO_FULL_PAGES}",
        "Lång text i en cell som inte ryms. ".repeat(40)
    ));
    assert!(!kinds(&unbreakable).contains(&"split"), "{unbreakable:?}");
}

#[test]
fn a_last_page_with_a_fragment_is_found() {
    let found = faults("#filler(40)\n#pagebreak()\nEn ensam rad.");
    assert_eq!(kinds(&found), ["fragment"], "{found:?}");
}

#[test]
fn a_page_of_leftovers_is_a_fragment_but_a_page_that_starts_by_design_is_not() {
    // The VB's "Grund för bedömningen" alone on its last page: a heading,
    // even a main section's, does not make a short last page right …
    for heading in ["=== Grund för bedömningen", "== Nämndens bedömning"] {
        let found = faults(&format!("#filler(40)\n#pagebreak()\n{heading}\nEn mening."));
        assert_eq!(kinds(&found), ["fragment"], "{heading}: {found:?}");
    }
    // … while a page the template starts by design (the VoR's table after
    // its page break, marked so), or one in another orientation, is short
    // by design.
    let marked = faults(&format!(
        "#filler(40)\n{NEW_PAGE}\n== Risker per process\nEn mening."
    ));
    assert!(marked.is_empty(), "{marked:?}");
    let turned = faults("#filler(40)\n#set page(flipped: true)\n== Risker per process\nEn mening.");
    assert!(turned.is_empty(), "{turned:?}");
}

#[test]
fn a_heading_alone_at_the_foot_of_a_page_is_found() {
    let found = faults(&format!(
        "#show heading: set block(sticky: false)\n#filler(5)\n#v(1fr)\n= Ensam rubrik\n#pagebreak()\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"orphan"), "{found:?}");
}

#[test]
fn a_table_header_alone_at_the_foot_of_a_page_is_found() {
    // A group heading row that repeats nothing and has its rows on the next
    // page: Typst keeps headers with their rows, so it takes a plain row
    // marked as a header to make one.
    let found = faults(&format!(
        "#filler(5)\n#v(1fr)\n#table(columns: 1fr, table.header(repeat: false)[Process: Ekonomi])\n#pagebreak()\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"orphan"), "{found:?}");
}

#[test]
fn a_bad_break_is_found_and_a_listed_one_is_not() {
    // Typst's own patterns break compounds at syllables …
    let found = faults(&format!(
        "#block(width: 1.1cm, text(hyphenate: true)[Riskanalysen Riskanalysen])\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"break"), "{found:?}");
    // … and a soft hyphen put inside an acronym is no better …
    let found = faults(&format!(
        "#block(width: 0.9cm)[GD\u{ad}PR GD\u{ad}PR]\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"break"), "{found:?}");
    // … while a break the word list allows is fine.
    let found = faults(&format!(
        "#block(width: 1.3cm)[Risk\u{ad}analysen]\n{TWO_FULL_PAGES}"
    ));
    assert!(!kinds(&found).contains(&"break"), "{found:?}");
}

#[test]
fn text_outside_its_cell_or_the_page_is_found() {
    let found = faults(&format!(
        "#table(columns: (1.2cm, 1fr), [Personuppgiftsbehandlingar], [Risk])\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"overflow"), "{found:?}");
    let found = faults(&format!(
        "#box(width: 30cm)[#h(18cm)Text utanför sidans kant]\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"overflow"), "{found:?}");
}

#[test]
fn a_line_of_running_text_over_a_hundred_characters_is_found() {
    let found = faults(&format!(
        "#text(size: 7pt)[{}]\n{TWO_FULL_PAGES}",
        "Ett stycke löptext med många ord på en rad. ".repeat(6)
    ));
    assert!(kinds(&found).contains(&"line"), "{found:?}");
}

#[test]
fn text_under_the_floor_is_found() {
    let found = faults(&format!(
        "#text(size: 6.4pt)[+3 −1] #text(size: 7.5pt)[Sannolikhet]\n{TWO_FULL_PAGES}"
    ));
    assert_eq!(kinds(&found), ["small"], "{found:?}");
    assert!(
        found[0].describe().contains("6,4 pt"),
        "{}",
        found[0].describe()
    );
}

#[test]
fn a_word_wider_than_its_column_may_break_at_its_syllables_but_no_other_word_may() {
    // "Socialsekreterare" does not fit 1.3 cm: the word list breaks it
    // after "Social", and the part after that at its syllables …
    let words = Hyphenation::builtin();
    let narrow = |piece: &str| piece.chars().count() <= 6;
    let broken = words.hyphenate_to_fit("Socialsekreterare", &narrow);
    assert!(broken.matches('\u{ad}').count() > 1, "{broken}");
    let found = faults(&format!(
        "#table(columns: (1.3cm, 1fr), [{broken}], [Ansvarig])\n{TWO_FULL_PAGES}"
    ));
    assert!(
        !kinds(&found).contains(&"break") && !kinds(&found).contains(&"overflow"),
        "{found:?}"
    );
    // … but a syllable break in a word that fits its column is still bad.
    let found = faults(&format!(
        "#block(width: 2.4cm)[Social\u{ad}sekre\u{ad}terare sekre\u{ad}terare]\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"break"), "{found:?}");
}

#[test]
fn a_word_broken_twice_is_read_whole_at_each_break() {
    // "utbildningsnämnden" broken "ut-bildnings-nämnden": each break is
    // judged on the whole word, not on the piece between two breaks.
    let words = Hyphenation::builtin();
    let broken = words.hyphenate("utbildningsnämnden");
    assert_eq!(broken.matches('\u{ad}').count(), 2, "{broken}");
    let found = faults(&format!(
        "#block(width: 1.2cm)[Barn- och {broken}]\n{TWO_FULL_PAGES}"
    ));
    assert!(!kinds(&found).contains(&"break"), "{found:?}");
}

#[test]
fn a_small_table_split_over_two_pages_is_found_but_not_one_kept_whole() {
    // A T2 block: the risk as the header, five labelled rows, starting
    // where only its first rows fit.
    let block = "table(columns: (4cm, 1fr), table.header([Risk], [Felaktig utbetalning]), \
                 [Riskvärde], [9], [Aktiviteter], [Stickprov], [Hantering], [Attest], \
                 [Följer plan], [Ja], [Kommentar], [Utfört i maj och juni.])";
    let found = faults(&format!("#filler(48)\n#{block}\n{TWO_FULL_PAGES}"));
    assert!(kinds(&found).contains(&"block"), "{found:?}");
    let whole = faults(&format!(
        "#filler(48)\n#block(breakable: false, {block})\n{TWO_FULL_PAGES}"
    ));
    assert!(!kinds(&whole).contains(&"block"), "{whole:?}");
}

#[test]
fn the_rows_a_cell_spans_split_over_two_pages_are_found() {
    // A VB risk with three controls: its cell spans their rows, in a table
    // too long to be one block.
    let rows: String = (0..12)
        .map(|i| format!("[{i}], [Kontroll {i}], "))
        .collect();
    let found = faults(&format!(
        "#filler(48)\n#table(columns: (3cm, 1fr), table.cell(rowspan: 3)[Risken], [A], [B], [C], {rows})\n{TWO_FULL_PAGES}"
    ));
    assert!(kinds(&found).contains(&"block"), "{found:?}");
}

#[test]
fn a_page_of_leftovers_inside_a_document_is_found_unless_a_chapter_starts_next() {
    // Page 2 holds three lines of what began on page 1; page 3 goes on.
    let found = faults(&format!("#filler(55)\n#pagebreak()\n{TWO_FULL_PAGES}"));
    assert!(kinds(&found).contains(&"stranded"), "{found:?}");
    // A chapter that starts on the next page by design leaves the end of
    // the one before as long as it is.
    let found = faults(&format!(
        "#filler(55)\n{NEW_PAGE}\n= Internkontrollplan\n{TWO_FULL_PAGES}"
    ));
    assert!(!kinds(&found).contains(&"stranded"), "{found:?}");
}

#[test]
fn faint_text_on_its_fill_is_found() {
    // The ink on the example red is 3.4:1, the grey caption 2.2:1 …
    let found = faults(&format!(
        "#box(fill: rgb(\"#e53935\"), inset: 4pt)[#text(fill: rgb(33, 42, 54))[Kritisk] #text(fill: luma(70))[antaget]]\n{TWO_FULL_PAGES}"
    ));
    assert_eq!(kinds(&found), ["contrast", "contrast"], "{found:?}");
    // … light grey on the white page too …
    let found = faults(&format!(
        "#text(fill: luma(170))[Ljusgrå text]\n{TWO_FULL_PAGES}"
    ));
    assert_eq!(kinds(&found), ["contrast"], "{found:?}");
    // … while white on a darker red, and large bold text at 3:1, pass.
    let found = faults(&format!(
        "#box(fill: rgb(\"#c62828\"), inset: 4pt)[#text(fill: white)[Kritisk]]\n\
         #text(size: 14pt, weight: \"bold\", fill: rgb(\"#e53935\"))[Stor rubrik]\n{TWO_FULL_PAGES}"
    ));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_address_that_is_not_a_link_is_found() {
    let found = faults(&format!(
        "Se www.stockholm.se/budget och skriv till registrator\\@stockholm.se.\n\n{TWO_FULL_PAGES}"
    ));
    assert_eq!(kinds(&found), ["link", "link"], "{found:?}");
    let found = faults(&format!(
        "Se #link(\"https://start.stockholm/budget\")[https://start.stockholm/budget] och skriv till \
         #link(\"mailto:registrator@stockholm.se\")[registrator\\@stockholm.se].\n\n{TWO_FULL_PAGES}"
    ));
    assert!(found.is_empty(), "{found:?}");
}
