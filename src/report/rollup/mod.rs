//! Kommunstyrelsens samlade bild as a board document: a cover, the summary
//! (Kommunstyrelsens förslag till beslut, a computed text that names the
//! nämnder, and its slutsats), what needs attention, the nämnder side by
//! side, every risk on a nämnd's highest level with its latest result, the
//! processes whose high risks recur, the change since last year by name,
//! and the nämnders' documents it is made from.

mod attention;
mod change;
mod namnder;
mod pieces;
mod processes;
mod sources;
mod summary;
mod top;
mod words;

use std::path::Path;

use serde::Serialize;

use super::bundle::{BundleView, Chapter, ChapterBody, CoverView};
use super::table::TableView;
use super::view::{Block, LogoView, MetaView};
use crate::score::rollup::{CityPicture, NamndRow, PlanFacts};
use crate::swedish::{self, Hyphenation, Noun};
use crate::validate::city::City;

const NAMND: Noun = Noun::en("nämnd", "nämnder");
const RISK: Noun = Noun::en("risk", "risker");
const KONTROLL: Noun = Noun::en("kontroll", "kontroller");

/// A chapter of the samlade bild: its parts, each with an optional heading.
#[derive(Debug, Clone, Serialize)]
pub struct CityChapterView {
    pub parts: Vec<CityPart>,
}

/// Text, a table, and notes under it, with an optional heading.
#[derive(Debug, Clone, Serialize)]
pub struct CityPart {
    pub heading: Option<String>,
    pub blocks: Vec<Block>,
    pub table: Option<TableView>,
    pub notes: Vec<String>,
}

impl CityPart {
    fn text(heading: Option<String>, blocks: Vec<Block>) -> Self {
        CityPart {
            heading,
            blocks,
            table: None,
            notes: Vec::new(),
        }
    }
}

/// The samlade bild of `city`, from `picture`; `root` is the kommun's
/// folder, which file names are shown relative to.
pub fn rollup(city: &City, picture: &CityPicture, root: &Path, words: &Hyphenation) -> BundleView {
    let mut meta = MetaView::for_city(city);
    meta.logo = city.logo.as_ref().map(|logo| LogoView {
        alt: logo.alt.clone(),
    });
    let mut facts = vec![
        ("Kommun".to_owned(), city.kommun.clone()),
        ("Avsändare".to_owned(), city.sender.clone()),
        ("År".to_owned(), city.ar.to_string()),
    ];
    if let Some(dnr) = &city.diarienummer {
        facts.push(("Diarienummer".into(), dnr.clone()));
    }
    facts.push(("Datum".into(), swedish::long_date(city.datum)));
    facts.push((
        "Underlag".into(),
        format!(
            "{} med plan för {}",
            swedish::count_words(picture.rows.len(), NAMND),
            city.ar
        ),
    ));
    let chapters = vec![
        chapter(
            "Sammanfattning",
            false,
            summary::summary_chapter(city, picture),
        ),
        chapter(
            "Att uppmärksamma",
            false,
            attention::attention(picture, words),
        ),
        chapter(
            "Nämnderna",
            true,
            namnder::namnder(city, picture, root, words),
        ),
        chapter(
            "Risker på nämndernas högsta nivå",
            false,
            top::top_risks(picture, words),
        ),
        chapter(
            "Processer med höga risker i flera nämnder",
            false,
            processes::recurring(city, picture, words),
        ),
        chapter(
            "Förändring sedan föregående år",
            false,
            change::change(picture, words),
        ),
        chapter("Underlag", false, sources::sources(picture, root, words)),
    ];
    BundleView {
        cover: CoverView {
            kicker: Some(format!(
                "{} · uppsikt över nämndernas interna kontroll",
                city.sender
            )),
            title: meta.title.clone(),
            facts,
            contents_on_cover: true,
        },
        meta,
        chapters,
    }
}

fn chapter(title: &str, landscape: bool, view: CityChapterView) -> Chapter {
    Chapter {
        kind: "city",
        title: title.to_owned(),
        landscape,
        r: ChapterBody::City(Box::new(view)),
    }
}

fn paragraph(text: String) -> Block {
    Block {
        text,
        items: Vec::new(),
    }
}

/// A bullet list after the sentence that leads into it, kept on its page.
fn list(lead: String, items: Vec<String>) -> Block {
    Block { text: lead, items }
}

/// The plans found, with their rows.
fn plans(picture: &CityPicture) -> Vec<(&NamndRow, &PlanFacts)> {
    picture
        .rows
        .iter()
        .filter_map(|r| r.plan.found().map(|p| (r, &**p)))
        .collect()
}
