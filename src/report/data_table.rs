//! Tables from data (budget, investeringar, upphandlingsplan) as the
//! template shows them: numbers in Swedish form, right-aligned and never
//! broken; column widths, text size and orientation chosen from the content.

use serde::Serialize;

use super::table::{CHAR_CM, Page, chars_per_line};
use super::view::blocks;
use crate::model::ColumnType;
use crate::swedish::{Hyphenation, SOFT_HYPHEN};
use crate::validate::{Column, Row, RowKind, Table, Value};

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
    /// A table of text too wide for any page, shown a row at a time instead:
    /// each row a card of its columns' titles and values.
    pub records: Vec<RecordView>,
}

/// One row of a wide text table as a card.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    pub heading: String,
    /// The card is taller than a page; a shorter one is kept whole.
    pub breakable: bool,
    pub fields: Vec<FieldView>,
}

/// A column's title and the row's value in it.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    pub title: String,
    pub note: Option<String>,
    pub lines: Vec<String>,
    /// The value is taller than a page and may break.
    pub breakable: bool,
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
/// Text size of tables, of wide ones, and the least the widest may shrink to.
const SIZE: f64 = 8.5;
const SMALL_SIZE: f64 = 7.0;
const MIN_SIZE: f64 = 5.5;
/// Narrowest a number column of a wide table is, in cm.
const SMALL_MIN_CM: f64 = 1.0;
/// The body's width on a portrait and a landscape A4 page, in cm.
const PORTRAIT_CM: f64 = 17.0;
const LANDSCAPE_CM: f64 = 25.7;

/// The views of `table`: one, or for a table too wide for a landscape page
/// in small type (a 27-column project form) several, each with the leading
/// label columns and its share of the rest, so no figure shrinks past reading.
pub fn data_tables(table: &Table, words: &Hyphenation) -> Vec<DataTableView> {
    let labels = table
        .columns
        .iter()
        .take_while(|c| c.kind == ColumnType::Text)
        .count()
        .clamp(1, table.columns.len().max(1));
    let small = SMALL_SIZE / SIZE;
    let widths: Vec<f64> = (0..table.columns.len())
        .map(|c| natural_width(table, words, c, SMALL_MIN_CM) * small)
        .collect();
    if labels == table.columns.len() && widths.iter().sum::<f64>() > LANDSCAPE_CM {
        return vec![records(table, words)];
    }
    let label_cm: f64 = widths.iter().take(labels).sum();
    let rest_cm: f64 = widths.iter().skip(labels).sum();
    let room = (LANDSCAPE_CM - label_cm).max(LANDSCAPE_CM / 2.0);
    let parts = (rest_cm / room).ceil().max(1.0) as usize;
    let rest = table.columns.len().saturating_sub(labels);
    if parts == 1 || rest < parts {
        return vec![data_table(table, words)];
    }
    let per_part = rest.div_ceil(parts);
    (labels..table.columns.len())
        .step_by(per_part)
        .enumerate()
        .map(|(part, start)| {
            let shown: Vec<usize> = (0..labels)
                .chain(start..(start + per_part).min(table.columns.len()))
                .collect();
            let piece = Table {
                caption: match (&table.caption, part) {
                    (caption, 0) => caption.clone(),
                    (Some(caption), _) => Some(format!("{caption} (forts.)")),
                    (None, _) => None,
                },
                columns: shown.iter().map(|&c| table.columns[c].clone()).collect(),
                rows: table
                    .rows
                    .iter()
                    .map(|row| Row {
                        cells: shown
                            .iter()
                            .map(|&c| row.cells.get(c).cloned().unwrap_or(Value::Empty))
                            .collect(),
                        ..row.clone()
                    })
                    .collect(),
            };
            data_table(&piece, words)
        })
        .collect()
}

/// Width of a card's title column and of its values, in cm.
const RECORD_TITLE_CM: f64 = 5.0;
const RECORD_VALUE_CM: f64 = PORTRAIT_CM - RECORD_TITLE_CM;

/// A wide table of text as cards, one a row, each headed by the first
/// column that tells the rows apart and listing the columns it has a value in.
fn records(table: &Table, words: &Hyphenation) -> DataTableView {
    let distinct = |c: usize| {
        let first = table.rows.first().and_then(|r| r.cells.get(c));
        table.rows.len() < 2 || table.rows.iter().any(|r| r.cells.get(c) != first)
    };
    let key = (0..table.columns.len()).find(|&c| distinct(c)).unwrap_or(0);
    let per_line = chars_per_line(RECORD_VALUE_CM);
    let records = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let cell = |c: usize| {
                row.cells
                    .get(c)
                    .map(|v| lines(v, table.columns[c].kind))
                    .unwrap_or_default()
            };
            let heading = cell(key).join(" ");
            let fields: Vec<FieldView> = (0..table.columns.len())
                .filter(|&c| c != key)
                .map(|c| (c, cell(c)))
                .filter(|(_, lines)| !lines.is_empty())
                .map(|(c, lines)| FieldView {
                    title: table.columns[c].title.clone(),
                    note: table.columns[c].note.clone(),
                    breakable: wrapped(&lines, per_line) > Page::Portrait.max_row_lines(),
                    lines: lines
                        .into_iter()
                        .map(|l| words.hyphenate_longer(&l, per_line.saturating_sub(2)))
                        .collect(),
                })
                .collect();
            // A title takes two lines at most beside its value.
            let lines: usize = fields
                .iter()
                .map(|f| wrapped(&f.lines, per_line).max(2))
                .sum();
            RecordView {
                heading: if heading.is_empty() {
                    format!("Rad {}", i + 1)
                } else {
                    heading
                },
                breakable: lines > Page::Portrait.max_row_lines(),
                fields,
            }
        })
        .collect();
    DataTableView {
        caption: table.caption.clone(),
        columns: Vec::new(),
        numbered: false,
        rows: Vec::new(),
        size: SIZE,
        landscape: false,
        records,
    }
}

/// The width column `c` wants at full size, in cm: its longest line or the
/// longest unbreakable piece of its title, and at least `min` for numbers.
fn natural_width(table: &Table, words: &Hyphenation, c: usize, min: f64) -> f64 {
    let column = &table.columns[c];
    let longest = table
        .rows
        .iter()
        .filter_map(|r| r.cells.get(c))
        .flat_map(|v| lines(v, column.kind))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let content = longest as f64 * CHAR_CM + 0.3;
    if column.kind == ColumnType::Text {
        content.clamp(TEXT_CM, MAX_TEXT_CM)
    } else {
        content.max(title_width(column, words)).max(min)
    }
}

/// A title's (or note's) longest piece that cannot break, in cm of header letters.
fn title_width(column: &Column, words: &Hyphenation) -> f64 {
    let title = format!("{} {}", column.title, column.note.as_deref().unwrap_or(""));
    let broken = words.hyphenate_longer(&title, 6);
    let longest = broken
        .split(|ch: char| ch.is_whitespace() || ch == SOFT_HYPHEN)
        .map(|piece| piece.chars().count() + 1)
        .max()
        .unwrap_or(0);
    (longest as f64 * CHAR_CM * HEADER_SCALE + 0.3).min(MAX_TITLE_CM)
}

/// The view of `table`, its long words breakable where the word list allows.
fn data_table(table: &Table, words: &Hyphenation) -> DataTableView {
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
    let fixed = |c: usize, scale: f64, min: f64| -> Option<f64> {
        (table.columns[c].kind != ColumnType::Text)
            .then(|| natural_width(table, words, c, min) * scale)
    };
    let need = |scale: f64, min: f64| -> f64 {
        (0..table.columns.len())
            .map(|c| natural_width(table, words, c, min) * scale)
            .sum()
    };
    let wanted = need(1.0, MIN_NUMBER_CM);
    let (landscape, size, min) = if wanted <= PORTRAIT_CM {
        (false, SIZE, MIN_NUMBER_CM)
    } else if wanted <= LANDSCAPE_CM {
        (true, SIZE, MIN_NUMBER_CM)
    } else {
        // The widest tables shrink until they fit, but not past what can be read.
        let fit = SIZE * LANDSCAPE_CM / need(1.0, SMALL_MIN_CM);
        (true, fit.clamp(MIN_SIZE, SMALL_SIZE), SMALL_MIN_CM)
    };
    let scale = size / SIZE;
    let page = if landscape { LANDSCAPE_CM } else { PORTRAIT_CM };
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
                .map(|(c, lines)| wrapped(lines, chars_per_line(width_cm(c) / scale)))
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
        records: Vec::new(),
    }
}

/// How many lines `lines` take when wrapped at `per_line` letters.
fn wrapped(lines: &[String], per_line: usize) -> usize {
    lines
        .iter()
        .map(|l| l.chars().count().div_ceil(per_line.max(1)).max(1))
        .sum()
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
