//! A text section as the reports show it: its heading and number, its
//! paragraphs and lists, its data tables, and its subsections.

use serde::Serialize;

use super::data_table::{DataTableView, data_tables};
use super::view::{Block, blocks};
use crate::swedish::Hyphenation;
use crate::validate::Section;

/// A heading with paragraphs and bullet lists.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub heading: String,
    /// "1.", "5.2.6": in chapters whose sections are numbered.
    pub number: Option<String>,
    pub blocks: Vec<Block>,
    pub tables: Vec<DataTableView>,
    /// Text after the tables.
    pub after: Vec<Block>,
    /// The text after the tables is a few notes on the last, which is kept
    /// whole: the two stay together on one page.
    pub after_with_table: bool,
    pub subsections: Vec<SectionView>,
}

/// Sections as views, long words in their tables breakable as `words` allows.
pub fn sections(list: &[Section], words: &Hyphenation) -> Vec<SectionView> {
    list.iter().map(|s| section(s, words)).collect()
}

/// Notes after a table longer than this (in characters) are text of their
/// own, not notes to keep with the table.
const MAX_NOTES_CHARS: usize = 1200;

/// One section as a view.
pub fn section(s: &Section, words: &Hyphenation) -> SectionView {
    let tables: Vec<DataTableView> = s
        .tables
        .iter()
        .flat_map(|t| data_tables(t, words))
        .collect();
    let after = blocks(&s.text_after);
    let notes = after
        .iter()
        .map(|b| b.text.chars().count() + b.items.iter().map(|i| i.chars().count()).sum::<usize>())
        .sum::<usize>();
    SectionView {
        heading: s.heading.clone(),
        number: None,
        blocks: blocks(&s.text),
        after_with_table: !after.is_empty()
            && notes <= MAX_NOTES_CHARS
            && tables.last().is_some_and(|t| !t.breakable),
        tables,
        after,
        subsections: sections(&s.subsections, words),
    }
}

/// Numbers sections as the source does: 1., 2., 2.1, 2.1.1 …; a number
/// the data gives stands, and the sections after it count on from it.
pub fn number_sections(views: &mut [SectionView], given: &[Section], prefix: &str) {
    let mut prefix = prefix.to_owned();
    let mut count: u32 = 0;
    for (view, section) in views.iter_mut().zip(given) {
        let number = match &section.number {
            // "5.2.6": the sections after it are 5.2.7, 5.2.8 …
            Some(n) => {
                let (parent, last) = n.rsplit_once('.').unwrap_or(("", n));
                prefix = parent.to_owned();
                count = last.parse().unwrap_or(count);
                n.clone()
            }
            None => {
                count += 1;
                if prefix.is_empty() {
                    count.to_string()
                } else {
                    format!("{prefix}.{count}")
                }
            }
        };
        number_sections(&mut view.subsections, &section.subsections, &number);
        // The source writes "1." at the top and "2.1" below.
        view.number = Some(if number.contains('.') {
            number
        } else {
            format!("{number}.")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(heading: &str, number: Option<&str>, subsections: Vec<Section>) -> Section {
        Section {
            heading: heading.into(),
            number: number.map(str::to_owned),
            subsections,
            ..Section::default()
        }
    }

    /// The numbers shown, depth first.
    fn shown(views: &[SectionView]) -> Vec<String> {
        views
            .iter()
            .flat_map(|v| {
                std::iter::once(v.number.clone().unwrap_or_default()).chain(shown(&v.subsections))
            })
            .collect()
    }

    #[test]
    fn sections_count_like_the_source_and_a_given_number_stands() {
        // Seed 004: 5.1 has no 5.1.1, and 5.2.4 is followed by 5.2.6; its
        // Ledningens genomgång puts 3.1.1 directly under 3.
        let given = vec![
            section("Inledning", None, vec![]),
            section(
                "Styrdokument",
                None,
                vec![
                    section(
                        "Lagar",
                        None,
                        vec![section("Förvaltningens", Some("5.1.2"), vec![])],
                    ),
                    section(
                        "KF och KS",
                        None,
                        vec![
                            section("Ekonomi", Some("5.2.4"), vec![]),
                            section("IT och telefoni", Some("5.2.6"), vec![]),
                            section("Information", None, vec![]),
                        ],
                    ),
                ],
            ),
            section(
                "Förbättringar",
                Some("5"),
                vec![
                    section("Utbildning", Some("5.1.1"), vec![]),
                    section("Resurser", None, vec![]),
                ],
            ),
        ];
        let mut views = sections(&given, &Hyphenation::default());
        number_sections(&mut views, &given, "");
        assert_eq!(
            shown(&views),
            [
                "1.", "2.", "2.1", "5.1.2", "2.2", "5.2.4", "5.2.6", "5.2.7", "5.", "5.1.1",
                "5.1.2"
            ]
        );
    }
}
