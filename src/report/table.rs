//! A report's table: its columns, and rows under repeating group headings
//! (KF:s mål, then process and delprocess), so that every page says which
//! process its rows belong to. Rows stay whole on a page; one estimated to
//! be taller than a page is split into rows of its own, the later ones
//! marked "(forts.)".

use serde::Serialize;

use super::measure::{self, PT_PER_CM};
use super::view::{CellView, Part};
use crate::swedish::Hyphenation;

/// A table, ready for the template.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub columns: Vec<ColumnView>,
    pub items: Vec<TableItem>,
    /// The table has many rows, or is taller than a page, and breaks over
    /// pages; a short one is kept whole on one.
    pub breakable: bool,
}

impl TableView {
    /// The rows, without the group headings between them.
    pub fn rows(&self) -> impl Iterator<Item = &Vec<CellView>> {
        self.items.iter().filter_map(|i| match i {
            TableItem::Row { cells } => Some(cells),
            _ => None,
        })
    }
}

/// A column: its heading, an optional note under it, and its width.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub title: String,
    /// A line under the title, e.g. "(Utgår från riskreducerande åtgärder)".
    pub note: Option<String>,
    /// Fraction of the free width, or …
    pub fr: Option<f64>,
    /// … a fixed width in cm, or (with neither) as wide as its content.
    pub cm: Option<f64>,
    /// Centre the column's content.
    pub center: bool,
    /// Left out when no row has anything in it.
    pub optional: bool,
}

impl ColumnView {
    /// A flexible column.
    pub fn fr(title: &str, fr: f64) -> Self {
        ColumnView {
            title: title.to_owned(),
            note: None,
            fr: Some(fr),
            cm: None,
            center: false,
            optional: false,
        }
    }

    /// A fixed, centred column.
    pub fn cm(title: &str, cm: f64) -> Self {
        ColumnView {
            cm: Some(cm),
            fr: None,
            center: true,
            ..ColumnView::fr(title, 0.0)
        }
    }

    /// A column as wide as its widest line (a scale label, say).
    pub fn auto(title: &str) -> Self {
        ColumnView {
            fr: None,
            ..ColumnView::fr(title, 0.0)
        }
    }

    /// The same column, left out when empty.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    /// The same column with a note under its title.
    pub fn noted(mut self, note: Option<&str>) -> Self {
        self.note = note.map(str::to_owned);
        self
    }
}

/// A group heading or a row.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TableItem {
    /// A heading over the rows that follow, repeated on every page they
    /// fill: level 2 for a mål, 3 for a process (with its delprocess).
    Group { level: u8, parts: Vec<GroupPart> },
    /// A row; cells covered by a rowspan above are left out.
    Row { cells: Vec<CellView> },
}

/// One part of a group heading: what it is ("Process") and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupPart {
    pub label: String,
    pub text: String,
}

/// The page a table is set on, for estimating row heights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Page {
    Portrait,
    Landscape,
}

impl Page {
    /// Landscape or portrait.
    pub fn of(landscape: bool) -> Self {
        if landscape {
            Page::Landscape
        } else {
            Page::Portrait
        }
    }

    /// The width a table has, in cm (A4 with 2 cm margins).
    fn width_cm(self) -> f64 {
        match self {
            Page::Portrait => 17.0,
            Page::Landscape => 25.7,
        }
    }

    /// The height a row may have before it is split, in lines of table text:
    /// the page's body less the repeated headings, with a margin for error.
    pub(super) fn max_row_lines(self) -> usize {
        match self {
            Page::Portrait => 44,
            Page::Landscape => 26,
        }
    }

    /// The height of the page's body, in pt (A4 less the margins).
    pub(super) fn body_pt(self) -> f64 {
        match self {
            Page::Portrait => 700.0,
            Page::Landscape => 455.0,
        }
    }

    /// Whether a table of an estimated `height` (pt) is short enough to be
    /// kept whole as one piece: at most half the page, so that moving it
    /// whole to the next page leaves no great gap. (`inspect` finds a table
    /// of at most `MAX_BLOCK_SHARE` of a page split.)
    pub(super) fn keeps_whole(self, height: f64) -> bool {
        height <= self.body_pt() / 2.0
    }
}

/// The height of a line of table text and a row's insets, in pt, for
/// estimating a table's height.
pub(super) const LINE_PT: f64 = 11.5;
pub(super) const ROW_INSETS_PT: f64 = 9.0;

/// Whether a table with `columns` wants a landscape page: when its fixed
/// columns and a readable width for each flexible one exceed a portrait
/// page's width.
pub fn prefers_landscape(columns: &[ColumnView]) -> bool {
    let needed: f64 = columns
        .iter()
        .map(|c| match (c.fr, c.cm) {
            (Some(fr), _) => fr * 2.4,
            (_, Some(cm)) => cm,
            // A scale label: "2. Mindre sannolikt".
            _ => 3.0,
        })
        .sum();
    needed > Page::Portrait.width_cm()
}

/// Builds a table from entries under group headings.
pub struct TableBuilder {
    columns: Vec<ColumnView>,
    items: Vec<TableItem>,
    /// The group headings in force, by level (2, 3).
    open: [Option<Vec<GroupPart>>; 2],
}

impl TableBuilder {
    /// A table with these columns.
    pub fn new(columns: Vec<ColumnView>) -> Self {
        TableBuilder {
            columns,
            items: Vec::new(),
            open: [None, None],
        }
    }

    /// Adds an entry under the mål heading `goal` and the place heading
    /// `place` (process and delprocess), taking one or more physical `rows`.
    pub fn push(
        &mut self,
        goal: Option<GroupPart>,
        place: Vec<GroupPart>,
        rows: Vec<Vec<CellView>>,
    ) {
        let goal = goal.map(|g| vec![g]);
        if goal != self.open[0] {
            self.open = [goal.clone(), None];
            if let Some(parts) = goal {
                self.items.push(TableItem::Group { level: 2, parts });
            }
        }
        let place = Some(place).filter(|p| !p.is_empty());
        if place != self.open[1] {
            self.open[1] = place.clone();
            if let Some(parts) = place {
                self.items.push(TableItem::Group { level: 3, parts });
            }
        }
        self.items
            .extend(rows.into_iter().map(|cells| TableItem::Row { cells }));
    }

    /// The finished table on `page`: empty optional columns left out, rows
    /// too tall for a page split, and words too long for their column given
    /// the breaks `words` allows.
    pub fn finish(self, page: Page, words: &Hyphenation) -> TableView {
        let mut table = TableView {
            columns: self.columns,
            items: self.items,
            breakable: true,
        };
        drop_empty_columns(&mut table);
        let widths = widths_cm(&table, page);
        split_tall_rows(&mut table, &widths, page.max_row_lines());
        break_long_words(&mut table, &widths, words);
        // A short table is one piece (its header, group headings and rows
        // estimated in lines).
        let height: f64 = table
            .items
            .iter()
            .map(|item| match item {
                TableItem::Group { .. } => LINE_PT + ROW_INSETS_PT,
                TableItem::Row { cells } => {
                    row_lines(cells, &widths) as f64 * LINE_PT + ROW_INSETS_PT
                }
            })
            .sum::<f64>()
            + 2.0 * LINE_PT
            + ROW_INSETS_PT;
        table.breakable = !page.keeps_whole(height);
        table
    }
}

/// Leaves out optional columns with nothing in any row (only tables whose
/// rows have one cell per column, with no rowspan, can lose a column).
fn drop_empty_columns(table: &mut TableView) {
    let rows: Vec<&Vec<CellView>> = table.rows().collect();
    let regular = rows
        .iter()
        .all(|r| r.len() == table.columns.len() && r.iter().all(|c| c.rowspan == 1));
    if !regular || rows.is_empty() {
        return;
    }
    let empty: Vec<bool> = (0..table.columns.len())
        .map(|i| table.columns[i].optional && rows.iter().all(|r| r[i].is_empty()))
        .collect();
    if !empty.contains(&true) {
        return;
    }
    let keep = |i: &usize| !empty[*i];
    table.columns = (0..table.columns.len())
        .filter(keep)
        .map(|i| table.columns[i].clone())
        .collect();
    for item in &mut table.items {
        if let TableItem::Row { cells } = item {
            *cells = (0..cells.len())
                .filter(keep)
                .map(|i| cells[i].clone())
                .collect();
        }
    }
}

/// Puts soft hyphens into the words too wide for their column's line: at
/// the places the word list allows, and where a part still does not fit,
/// as a last resort at its syllables. In a row with fewer cells than
/// columns the cells spanned from above are the leading ones.
fn break_long_words(table: &mut TableView, widths: &[f64], words: &Hyphenation) {
    for item in &mut table.items {
        let TableItem::Row { cells } = item else {
            continue;
        };
        let offset = widths.len().saturating_sub(cells.len());
        for (i, cell) in cells.iter_mut().enumerate() {
            let Some(width) = widths.get(offset + i) else {
                continue;
            };
            let room = (width - INSET_CM) * PT_PER_CM;
            for part in &mut cell.parts {
                let (size, bold) = match part.style {
                    "strong" => (TABLE_PT, true),
                    "label" => (LABEL_PT, true),
                    _ => (TABLE_PT, false),
                };
                let fits = |piece: &str| measure::width(piece, size, bold) <= room;
                part.text = words.hyphenate_to_fit(&part.text, &fits);
            }
        }
    }
}

/// The size of table text and of a label in a cell, in pt (`table-size`
/// and `label-text` in the templates).
const TABLE_PT: f64 = 8.5;
const LABEL_PT: f64 = 7.5;

/// A cell's inset on each side, in cm (4 pt).
const INSET_CM: f64 = 8.0 / PT_PER_CM;

/// Average width of a character of table text (8.5 pt Inter), in cm, on
/// the generous side so that heights are not underestimated.
pub(super) const CHAR_CM: f64 = 0.165;

/// The widths of the columns in cm: fixed ones as given, content-wide ones
/// estimated, the rest sharing what is left by their fractions.
fn widths_cm(table: &TableView, page: Page) -> Vec<f64> {
    let auto: Vec<Option<f64>> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (c.fr.is_none() && c.cm.is_none()).then(|| {
                let widest = table
                    .rows()
                    .filter(|cells| cells.len() == table.columns.len())
                    .map(|cells| cells[i].widest_line())
                    .chain(std::iter::once(c.title.chars().count()))
                    .max()
                    .unwrap_or(0);
                widest as f64 * CHAR_CM + 0.3
            })
        })
        .collect();
    let fixed: f64 = table
        .columns
        .iter()
        .zip(&auto)
        .map(|(c, a)| c.cm.or(*a).unwrap_or(0.0))
        .sum();
    let fr: f64 = table.columns.iter().filter_map(|c| c.fr).sum();
    let free = (page.width_cm() - fixed).max(1.0);
    table
        .columns
        .iter()
        .zip(auto)
        .map(|(c, a)| match (c.fr, c.cm, a) {
            (Some(f), _, _) => free * f / fr.max(0.01),
            (_, Some(cm), _) => cm,
            (_, _, Some(a)) => a,
            _ => 1.0,
        })
        .collect()
}

/// Splits each row estimated taller than `budget` lines into rows that
/// fit, the later ones starting with "(forts.)". Only rows with one cell a
/// column.
fn split_tall_rows(table: &mut TableView, widths: &[f64], budget: usize) {
    let mut items = Vec::with_capacity(table.items.len());
    for item in std::mem::take(&mut table.items) {
        match item {
            TableItem::Row { cells }
                if cells.len() == widths.len()
                    && cells.iter().all(|c| c.rowspan == 1)
                    && row_lines(&cells, widths) > budget =>
            {
                items.extend(split_row(cells, widths, budget));
            }
            other => items.push(other),
        }
    }
    table.items = items;
}

/// The estimated height of a row, in lines: its tallest cell's.
fn row_lines(cells: &[CellView], widths: &[f64]) -> usize {
    cells
        .iter()
        .zip(widths)
        .map(|(c, w)| c.lines(chars_per_line(*w)))
        .max()
        .unwrap_or(0)
}

pub(super) fn chars_per_line(width_cm: f64) -> usize {
    (((width_cm - 0.3) / CHAR_CM).floor() as usize).max(4)
}

/// One tall row as several, each within `budget` lines.
fn split_row(cells: Vec<CellView>, widths: &[f64], budget: usize) -> Vec<TableItem> {
    // Each cell's parts cut into pieces of at most `budget` lines.
    let pieces: Vec<Vec<Vec<Part>>> = cells
        .iter()
        .zip(widths)
        .map(|(c, w)| c.pieces(chars_per_line(*w), budget.saturating_sub(2)))
        .collect();
    let count = pieces.iter().map(Vec::len).max().unwrap_or(1);
    (0..count)
        .map(|n| {
            let cells = cells
                .iter()
                .zip(&pieces)
                .enumerate()
                .map(|(i, (cell, pieces))| {
                    let mut cell = CellView {
                        parts: pieces.get(n).cloned().unwrap_or_default(),
                        ..cell.clone()
                    };
                    if n > 0 && i == 0 {
                        cell.parts.insert(
                            0,
                            Part {
                                text: "(forts.)".into(),
                                style: "muted",
                                light: None,
                            },
                        );
                    }
                    cell
                })
                .collect();
            TableItem::Row { cells }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(label: &str, text: &str) -> GroupPart {
        GroupPart {
            label: label.into(),
            text: text.into(),
        }
    }

    fn kinds(table: &TableView) -> Vec<String> {
        table
            .items
            .iter()
            .map(|i| match i {
                TableItem::Group { level, parts } => format!("{level}:{}", parts[0].text),
                TableItem::Row { .. } => "row".into(),
            })
            .collect()
    }

    #[test]
    fn group_headings_come_when_the_group_changes() {
        let mut t = TableBuilder::new(vec![ColumnView::fr("Risk", 1.0)]);
        let row = || vec![vec![CellView::text("x")]];
        t.push(Some(part("Mål", "1.1")), vec![part("Process", "A")], row());
        t.push(Some(part("Mål", "1.1")), vec![part("Process", "A")], row());
        t.push(Some(part("Mål", "1.1")), vec![part("Process", "B")], row());
        t.push(Some(part("Mål", "1.2")), vec![part("Process", "B")], row());
        let table = t.finish(Page::Portrait, &Hyphenation::default());
        assert_eq!(
            kinds(&table),
            [
                "2:1.1", "3:A", "row", "row", "3:B", "row", "2:1.2", "3:B", "row"
            ]
        );
    }

    #[test]
    fn an_empty_optional_column_is_left_out() {
        let mut t = TableBuilder::new(vec![
            ColumnView::fr("Risk", 1.0),
            ColumnView::fr("Beskrivning", 1.0).optional(),
        ]);
        t.push(
            None,
            vec![],
            vec![vec![CellView::text("x"), CellView::empty()]],
        );
        let table = t.finish(Page::Portrait, &Hyphenation::default());
        assert_eq!(table.columns.len(), 1);
        assert!(matches!(&table.items[0], TableItem::Row { cells } if cells.len() == 1));
    }

    #[test]
    fn only_words_too_long_for_their_column_get_breaks() {
        let mut t = TableBuilder::new(vec![
            ColumnView::cm("Process", 2.0),
            ColumnView::fr("Risk", 1.0),
        ]);
        let text = "Personuppgiftsbehandlingar och riskanalysen";
        t.push(
            None,
            vec![],
            vec![vec![CellView::text(text), CellView::text(text)]],
        );
        let table = t.finish(Page::Portrait, &Hyphenation::builtin());
        let TableItem::Row { cells } = &table.items[0] else {
            panic!("a row")
        };
        // The narrow column breaks the compound at its joints, and the part
        // still too wide for 2 cm at its syllables.
        let narrow = &cells[0].parts[0].text;
        assert!(narrow.contains("Person\u{ad}uppgifts\u{ad}"), "{narrow}");
        let room = (2.0 - INSET_CM) * PT_PER_CM;
        for piece in narrow.split([' ', '\u{ad}']) {
            assert!(
                measure::width(piece, TABLE_PT, false) <= room,
                "{piece:?} in {narrow}"
            );
        }
        assert_eq!(
            cells[1].parts[0].text, text,
            "the wide column needs no breaks"
        );
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_and_marked() {
        let long = "Ett stycke text som fyller en rad i en smal kolumn. ".repeat(200);
        let mut t = TableBuilder::new(vec![ColumnView::cm("Nr", 1.0), ColumnView::fr("Risk", 1.0)]);
        t.push(
            None,
            vec![],
            vec![vec![CellView::text("7"), CellView::text(&long)]],
        );
        let table = t.finish(Page::Landscape, &Hyphenation::default());
        let rows: Vec<&Vec<CellView>> = table.rows().collect();
        assert!(rows.len() > 1, "split into {} rows", rows.len());
        assert_eq!(rows[0][0].parts[0].text, "7");
        assert_eq!(rows[1][0].parts[0].text, "(forts.)");
        let words = |rows: &[&Vec<CellView>]| -> usize {
            rows.iter()
                .flat_map(|r| r[1].parts.iter())
                .map(|p| p.text.split_whitespace().count())
                .sum()
        };
        assert_eq!(
            words(&rows),
            long.split_whitespace().count(),
            "no word lost"
        );
    }
}
