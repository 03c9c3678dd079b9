//! Kommunstyrelsens samlade bild as a board document: a cover, the summary
//! (Kommunstyrelsens förslag till beslut, a computed text that names the
//! nämnder, and its slutsats), what needs attention, the nämnder side by
//! side, every risk on a nämnd's highest level with its latest result, the
//! processes whose high risks recur, the change since last year by name,
//! and the nämnders' documents it is made from.

mod attention;
mod change;
mod chapter;
mod namnder;
mod pieces;
mod processes;
mod sources;
mod summary;
mod top;
mod words;

use std::path::Path;

use super::bundle::{BundleView, Chapter, ChapterBody, CoverView};
use super::view::{LogoView, MetaView, marked};
use crate::model::AssumedKey;
use crate::score::rollup::CityPicture;
use crate::swedish::{self, Hyphenation};
use crate::validate::city::City;
pub use chapter::CityChapterView;
use words::NAMND;

/// The samlade bild of `city`, from `picture`; `root` is the kommun's
/// folder, which file names are shown relative to.
pub fn rollup(city: &City, picture: &CityPicture, root: &Path, words: &Hyphenation) -> BundleView {
    let mut meta = MetaView::for_city(city);
    meta.logo = city.logo.as_ref().map(|logo| LogoView {
        alt: logo.alt.clone(),
    });
    let mut facts = vec![
        (
            "Kommun".to_owned(),
            marked(&city.standing, AssumedKey::Kommun, city.kommun.clone()),
        ),
        ("Avsändare".to_owned(), city.sender.clone()),
        ("År".to_owned(), city.ar.to_string()),
    ];
    if let Some(dnr) = &meta.diarienummer {
        facts.push(("Diarienummer".into(), dnr.clone()));
    }
    facts.push(("Datum".into(), meta.date_long.clone()));
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
        secret: picture
            .rows
            .iter()
            .filter_map(|row| row.plan.found())
            .flat_map(|plan| plan.secret.iter().cloned())
            .collect(),
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
