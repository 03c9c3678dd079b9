//! Tables from data (budget, investeringar, upphandlingsplan) as the
//! template shows them: numbers in Swedish form, right-aligned and never
//! broken; column widths, text size and orientation chosen from the content.

use serde::Serialize;

use super::table::{CHAR_CM, Page, chars_per_line};
use super::view::blocks;
use crate::model::ColumnType;
use crate::swedish::{Hyphenation, SOFT_HYPHEN};
use crate::validate::{RowKind, Table, Value};

/// A table from data, ready for the template.
#[derive(Debug, Clone, Serialize)]
pub struct DataTableView {
    pub caption: Option<String>,
    pub columns: Vec<DataColumnView>,
    /// Some column has a number: the header gets a row of them.
    pub numbered: bool,
    pub rows: Vec<DataRowView>,
    /// Text size in pt.
    pub size: f64,
    /// The table needs a landscape page.
    pub landscape: bool,
}

/// A column's header and width.
#[derive(Debug, Clone, Serialize)]
pub struct DataColumnView {
    pub title: String,
    pub note: Option<String>,
    pub number: String,
    /// A fixed width in cm (numbers, dates), or …
    pub cm: Option<f64>,
    /// … a fraction of what is left (text).
    pub fr: Option<f64>,
    /// Numbers and dates: right-aligned.
    pub right: bool,
}

/// A row: "data", "group" (a heading across) or "total"; each cell its lines.
#[derive(Debug, Clone, Serialize)]
pub struct DataRowView {
    pub kind: &'static str,
    pub breakable: bool,
    pub indent: usize,
    pub cells: Vec<Vec<String>>,
}

/// Narrowest a number column is, in cm, so a short title still wraps well.
const MIN_NUMBER_CM: f64 = 1.6;
/// The narrowest and widest a column of text wants to be, in cm.
const TEXT_CM: f64 = 2.6;
const MAX_TEXT_CM: f64 = 6.0;
/// Header letters are bold and a little smaller than the table's.
const HEADER_SCALE: f64 = 0.95;
/// A number column's title wraps rather than widen it past this, in cm.
const MAX_TITLE_CM: f64 = 2.7;
/// Text size of tables, and of the widest ones.
const SIZE: f64 = 8.5;
const SMALL_SIZE: f64 = 7.0;

/// The view of `table`, its long words breakable where the word list allows.
pub fn data_table(table: &Table, words: &Hyphenation) -> DataTableView {
    let cells: Vec<Vec<Vec<String>>> = table
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .zip(&table.columns)
                .map(|(v, c)| lines(v, c.kind))
                .collect()
        })
        .collect();
    let longest_line = |c: usize| -> usize {
        cells
            .iter()
            .filter_map(|r| r.get(c))
            .flat_map(|lines| lines.iter().map(|l| l.chars().count()))
            .max()
            .unwrap_or(0)
    };
    // A title's (or note's) longest piece that cannot break, in header letters.
    let title_cm: Vec<f64> = table
        .columns
        .iter()
        .map(|c| {
            let title = format!("{} {}", c.title, c.note.as_deref().unwrap_or(""));
            let broken = words.hyphenate_longer(&title, 6);
            let longest = broken
                .split(|ch: char| ch.is_whitespace() || ch == SOFT_HYPHEN)
                .map(|piece| piece.chars().count() + 1)
                .max()
                .unwrap_or(0);
            (longest as f64 * CHAR_CM * HEADER_SCALE + 0.3).min(MAX_TITLE_CM)
        })
        .collect();
    let fixed = |c: usize, scale: f64, min: f64| -> Option<f64> {
        (table.columns[c].kind != ColumnType::Text).then(|| {
            (longest_line(c) as f64 * CHAR_CM + 0.3)
                .max(title_cm[c])
                .max(min)
                * scale
        })
    };
    // A text column wants its longest line, within reason.
    let wanted = |c: usize| (longest_line(c) as f64 * CHAR_CM + 0.3).clamp(TEXT_CM, MAX_TEXT_CM);
    let need = |scale: f64, min: f64| -> f64 {
        (0..table.columns.len())
            .map(|c| fixed(c, scale, min).unwrap_or(wanted(c) * scale))
            .sum()
    };
    let (landscape, size, min) = if need(1.0, MIN_NUMBER_CM) <= 17.0 {
        (false, SIZE, MIN_NUMBER_CM)
    } else if need(1.0, MIN_NUMBER_CM) <= 25.7 {
        (true, SIZE, MIN_NUMBER_CM)
    } else {
        (true, SMALL_SIZE, 1.0)
    };
    let scale = size / SIZE;
    let page = if landscape { 25.7 } else { 17.0 };
    let widths: Vec<Option<f64>> = (0..table.columns.len())
        .map(|c| fixed(c, scale, min))
        .collect();
    let text_weights: Vec<f64> = (0..table.columns.len())
        .map(|c| {
            let total: usize = cells
                .iter()
                .filter_map(|r| r.get(c))
                .map(|lines| lines.iter().map(|l| l.chars().count()).sum::<usize>())
                .sum();
            let rows = cells.len().max(1) as f64;
            (total as f64 / rows / 40.0).clamp(1.0, 4.0)
        })
        .collect();
    let fixed_total: f64 = widths.iter().flatten().sum();
    let fr_total: f64 = (0..table.columns.len())
        .filter(|&c| widths[c].is_none())
        .map(|c| text_weights[c])
        .sum();
    let free = (page - fixed_total).max(1.0);
    let width_cm = |c: usize| widths[c].unwrap_or(free * text_weights[c] / fr_total.max(0.01));
    // A word of more letters than this may not fit on a line of the column.
    let fits = |c: usize| chars_per_line(width_cm(c) / scale).saturating_sub(2);
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| DataColumnView {
            title: words.hyphenate_longer(&column.title, fits(c)),
            note: column.note.clone(),
            number: column.number.clone().unwrap_or_default(),
            cm: widths[c].map(round),
            fr: widths[c].is_none().then(|| round(text_weights[c])),
            right: column.kind != ColumnType::Text,
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .zip(cells)
        .map(|(row, cells)| DataRowView {
            // A row taller than a page must break, or it would run off it.
            breakable: cells
                .iter()
                .enumerate()
                .map(|(c, lines)| {
                    let per_line = chars_per_line(width_cm(c) / scale).max(1);
                    lines
                        .iter()
                        .map(|l| l.chars().count().div_ceil(per_line).max(1))
                        .sum::<usize>()
                })
                .max()
                .unwrap_or(0)
                > Page::of(landscape).max_row_lines(),
            kind: match row.kind {
                RowKind::Data => "data",
                RowKind::Group => "group",
                RowKind::Total => "total",
            },
            indent: row.depth,
            cells: cells
                .into_iter()
                .enumerate()
                .map(|(c, lines)| {
                    lines
                        .into_iter()
                        .map(|l| words.hyphenate_longer(&l, fits(c)))
                        .collect()
                })
                .collect(),
        })
        .collect();
    DataTableView {
        caption: table.caption.clone(),
        numbered: table.columns.iter().any(|c| c.number.is_some()),
        columns,
        rows,
        size,
        landscape,
    }
}

/// Two decimals are plenty for a width, and keep the source short.
fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A value's lines: a number in Swedish form, a date, or text whose
/// paragraphs and bullets each start a line.
fn lines(value: &Value, kind: ColumnType) -> Vec<String> {
    match value {
        Value::Empty => Vec::new(),
        Value::Number(n) => vec![kind.format(*n)],
        Value::Date(d) => vec![crate::swedish::iso_date(*d)],
        Value::Text(t) => blocks(t)
            .into_iter()
            .flat_map(|b| {
                if b.items.is_empty() {
                    vec![b.text]
                } else {
                    b.items.into_iter().map(|i| format!("• {i}")).collect()
                }
            })
            .collect(),
    }
}
