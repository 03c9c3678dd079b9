//! Tables from data (budget, investeringar, upphandlingsplan) as the
//! template shows them: numbers in Swedish form, right-aligned and never
//! broken; column widths, text size and orientation chosen from the content.

use serde::Serialize;

use super::measure::{self, PT_PER_CM};
use super::table::{LINE_PT, Page, ROW_INSETS_PT, chars_per_line};
use super::view::blocks;
use crate::model::ColumnType;
use crate::swedish::{Hyphenation, SOFT_HYPHEN};
use crate::validate::{Row, RowKind, Table, Value};

/// A table from data, ready for the template.
#[derive(Debug, Clone, Serialize)]
pub struct DataTableView {
    pub caption: Option<String>,
    pub columns: Vec<DataColumnView>,
    /// Some column has a number: the header gets a row of them.
    pub numbered: bool,
    pub rows: Vec<DataRowView>,
    /// Text size in pt, of the header's titles and of their notes.
    pub size: f64,
    pub header_size: f64,
    pub note_size: f64,
    /// The table needs a landscape page.
    pub landscape: bool,
    /// The table is long or tall and may break over pages; a short one is
    /// kept whole, as one piece.
    pub breakable: bool,
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
    /// The row has its label and no value, in a table with no value at all
    /// (a form nobody filled in): the template says so across its columns,
    /// in the words it uses for a table with no rows (`no-values`).
    pub blank: bool,
}

/// Narrowest a number column is, in cm.
const MIN_NUMBER_CM: f64 = 1.4;
/// A number column is made this wide, in cm, when its title needs it: a
/// short title ("Prognos 2025") then stands on one line.
const NUMBER_TITLE_CM: f64 = 2.4;
/// A title's longest piece that cannot break widens its column to this at
/// most, in cm; a longer one is broken as a last resort.
const MAX_TITLE_CM: f64 = 3.0;
/// A column of text whose lines are at most this wide, in cm, is set as
/// wide as its widest line; a wider one shares what is left.
const SHORT_TEXT_CM: f64 = 3.5;
/// The narrowest and widest a column of longer text wants to be, in cm.
const TEXT_CM: f64 = 2.6;
const MAX_TEXT_CM: f64 = 6.0;
/// Text size of tables, and the least a wide one shrinks to: the floor of
/// every report (`inspect::MIN_TEXT_PT`). A table too wide at the floor is
/// split into parts.
const SIZE: f64 = 8.5;
const MIN_SIZE: f64 = crate::inspect::MIN_TEXT_PT;
/// Header titles and their notes are a little smaller than the table's
/// text, never under the floor.
const HEADER_SCALE: f64 = 0.9;
const NOTE_SCALE: f64 = 0.85;
/// A cell's inset on each side, in cm (4 pt).
const INSET_CM: f64 = 8.0 / PT_PER_CM;
/// The body's width on a portrait and a landscape A4 page, in cm.
const PORTRAIT_CM: f64 = 17.0;
const LANDSCAPE_CM: f64 = 25.7;

/// The sizes a table is set in, in pt.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    text: f64,
    header: f64,
    note: f64,
}

impl Sizes {
    fn at(text: f64) -> Self {
        Sizes {
            text,
            header: (text * HEADER_SCALE).max(MIN_SIZE),
            note: (text * NOTE_SCALE).max(MIN_SIZE),
        }
    }
}

/// How wide a column is set: at least `min` cm, and `natural` cm (its
/// widest line, a short title on one line) when there is room.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Width {
    min: f64,
    natural: f64,
    /// `None` for a fixed width (numbers, dates, short text); for longer
    /// text, its share by weight of what the fixed columns leave.
    weight: Option<f64>,
}

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
    let floor = Sizes::at(MIN_SIZE);
    let widths: Vec<f64> = (0..table.columns.len())
        .map(|c| column_width(table, words, c, floor).min)
        .collect();
    if widths.iter().sum::<f64>() <= LANDSCAPE_CM {
        return vec![data_table(table, words)];
    }
    if labels == table.columns.len() {
        return vec![records(table, words)];
    }
    // The label columns in every part, the rest shared out in their order,
    // as many to a part as fit a landscape page at the floor.
    let label_cm: f64 = widths.iter().take(labels).sum();
    let room = (LANDSCAPE_CM - label_cm).max(LANDSCAPE_CM / 2.0);
    let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (c, width) in widths.iter().enumerate().skip(labels) {
        let part = parts.last_mut().expect("a part");
        if !part.is_empty() && used + width > room {
            parts.push(Vec::new());
            used = 0.0;
        }
        used += width;
        parts.last_mut().expect("a part").push(c);
    }
    if parts.len() == 1 {
        return vec![data_table(table, words)];
    }
    // As many parts, with as many columns each as can be: a part of two
    // columns after one of twenty reads badly.
    let rest: Vec<usize> = (labels..table.columns.len()).collect();
    let even: Vec<Vec<usize>> = rest
        .chunks(rest.len().div_ceil(parts.len()))
        .map(<[usize]>::to_vec)
        .collect();
    if even.len() == parts.len()
        && even
            .iter()
            .all(|part| part.iter().map(|&c| widths[c]).sum::<f64>() <= room)
    {
        parts = even;
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(part, columns)| {
            let shown: Vec<usize> = (0..labels).chain(columns).collect();
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
    let sizes = Sizes::at(SIZE);
    let value_pt = (RECORD_VALUE_CM - INSET_CM) * PT_PER_CM;
    let fits = |piece: &str| measure::width(piece, sizes.text, false) <= value_pt;
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
                        .map(|l| words.hyphenate_to_fit(&l, &fits))
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
        size: sizes.text,
        header_size: sizes.header,
        note_size: sizes.note,
        landscape: false,
        breakable: true,
        records,
    }
}

/// How column `c` is set at `sizes`: a number, a date or a short text as
/// wide as its widest line and its header need; longer text sharing what is
/// left, at least as wide as its header's longest word.
fn column_width(table: &Table, words: &Hyphenation, c: usize, sizes: Sizes) -> Width {
    let column = &table.columns[c];
    let widest = table
        .rows
        .iter()
        .filter_map(|r| r.cells.get(c).map(|v| (r, v)))
        .flat_map(|(row, v)| {
            let bold = row.kind == RowKind::Total;
            lines(v, column.kind)
                .into_iter()
                .map(move |l| measure::width_cm(&l, sizes.text, bold))
        })
        .fold(0.0, f64::max);
    let (title_piece, title_line) = header_widths(&column.title, words, sizes.header, true);
    let (note_piece, _) = column.note.as_deref().map_or((0.0, 0.0), |note| {
        header_widths(note, words, sizes.note, false)
    });
    // The header's words stand whole where they can; a title wraps rather
    // than widen a number column past `NUMBER_TITLE_CM`.
    let header = title_piece
        .min(MAX_TITLE_CM)
        .max(note_piece.min(MAX_TITLE_CM))
        .max(title_line.min(NUMBER_TITLE_CM));
    let short = column.kind != ColumnType::Text || widest + INSET_CM <= SHORT_TEXT_CM;
    if short {
        let least = if column.kind == ColumnType::Text {
            0.0
        } else {
            MIN_NUMBER_CM
        };
        let min = widest
            .max(title_piece.min(MAX_TITLE_CM))
            .max(note_piece.min(MAX_TITLE_CM));
        Width {
            min: (min + INSET_CM).max(least),
            natural: (widest.max(header) + INSET_CM).max(least),
            weight: None,
        }
    } else {
        let rows = table.rows.len().max(1) as f64;
        let letters: usize = table
            .rows
            .iter()
            .filter_map(|r| r.cells.get(c))
            .flat_map(|v| lines(v, column.kind))
            .map(|l| l.chars().count())
            .sum();
        // A token the word list never breaks (an address, a code) wants
        // its whole width.
        let token = table
            .rows
            .iter()
            .filter_map(|r| r.cells.get(c))
            .flat_map(|v| lines(v, column.kind))
            .flat_map(|l| {
                l.split_whitespace()
                    .filter(|t| t.chars().any(|ch| ch.is_ascii_digit() || "/@".contains(ch)))
                    .map(|t| measure::width_cm(t, sizes.text, false))
                    .collect::<Vec<_>>()
            })
            .fold(0.0, f64::max);
        let min = title_piece.min(MAX_TITLE_CM).max(token.min(MAX_TEXT_CM));
        Width {
            min: (min + INSET_CM).max(TEXT_CM),
            natural: (widest + INSET_CM)
                .clamp(TEXT_CM, MAX_TEXT_CM)
                .max(min + INSET_CM),
            weight: Some((letters as f64 / rows / 40.0).clamp(1.0, 4.0)),
        }
    }
}

/// `free` cm shared out among the columns of text by weight, each at least
/// its least: a column that would get less has its least, and the others
/// share the rest.
fn share_out(widths: &[Width], free: f64) -> Vec<Option<f64>> {
    let mut shares: Vec<Option<f64>> = vec![None; widths.len()];
    let mut floored = vec![false; widths.len()];
    loop {
        let open: Vec<usize> = (0..widths.len())
            .filter(|&c| widths[c].weight.is_some() && !floored[c])
            .collect();
        let taken: f64 = (0..widths.len())
            .filter(|&c| floored[c])
            .map(|c| widths[c].min)
            .sum();
        let weights: f64 = open.iter().filter_map(|&c| widths[c].weight).sum();
        let left = (free - taken).max(0.0);
        let mut again = false;
        for &c in &open {
            let share = left * widths[c].weight.unwrap_or(1.0) / weights.max(0.01);
            if share < widths[c].min {
                floored[c] = true;
                again = true;
            }
            shares[c] = Some(share);
        }
        if !again {
            break;
        }
    }
    for c in 0..widths.len() {
        if floored[c] {
            shares[c] = Some(widths[c].min);
        }
    }
    shares
}

/// A header text's longest piece that does not break (between spaces and
/// the breaks the word list allows) and its width on one line, in cm.
fn header_widths(text: &str, words: &Hyphenation, size: f64, bold: bool) -> (f64, f64) {
    let broken = words.hyphenate(text);
    let hyphen = measure::width_cm("-", size, bold);
    let piece = broken
        .split(char::is_whitespace)
        .flat_map(|word| {
            let parts: Vec<&str> = word.split(SOFT_HYPHEN).collect();
            let last = parts.len().saturating_sub(1);
            parts
                .into_iter()
                .enumerate()
                .map(move |(i, part)| (part, i < last))
        })
        .map(|(part, hyphenated)| {
            measure::width_cm(part, size, bold) + if hyphenated { hyphen } else { 0.0 }
        })
        .fold(0.0, f64::max);
    (piece, measure::width_cm(text, size, bold))
}

/// The view of `table`: portrait when it fits, else landscape, shrunk
/// toward the floor when it must; its long words breakable where the word
/// list allows, and a word wider than its column as a last resort too.
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
    let widths_at = |size: f64| -> Vec<Width> {
        (0..table.columns.len())
            .map(|c| column_width(table, words, c, Sizes::at(size)))
            .collect()
    };
    let sum = |widths: &[Width], f: fn(&Width) -> f64| widths.iter().map(f).sum::<f64>();
    let full = widths_at(SIZE);
    let (landscape, size) = if sum(&full, |w| w.natural) <= PORTRAIT_CM {
        (false, SIZE)
    } else if sum(&full, |w| w.min) <= LANDSCAPE_CM {
        (true, SIZE)
    } else {
        // Shrunk until it fits, never under the floor (`data_tables` splits
        // a table too wide even there).
        let fit = SIZE * LANDSCAPE_CM / sum(&full, |w| w.min);
        (true, (fit * 10.0).floor() / 10.0)
    };
    let size = size.clamp(MIN_SIZE, SIZE);
    let sizes = Sizes::at(size);
    let widths = if size == SIZE { full } else { widths_at(size) };
    let page = if landscape { LANDSCAPE_CM } else { PORTRAIT_CM };
    // The fixed columns at their natural width when the text keeps its
    // least beside them, else at their least; what is left goes to the
    // text by weight, each its least at the very least.
    let fixed = |w: &Width| if w.weight.is_none() { w.natural } else { w.min };
    let roomy = sum(&widths, fixed) <= page;
    let fixed_cm: Vec<Option<f64>> = widths
        .iter()
        .map(|w| {
            w.weight
                .is_none()
                .then_some(if roomy { w.natural } else { w.min })
        })
        .collect();
    let free = (page - fixed_cm.iter().flatten().sum::<f64>()).max(0.0);
    let shares = share_out(&widths, free);
    let width_cm = |c: usize| fixed_cm[c].or(shares[c]).unwrap_or(TEXT_CM);
    // Room for a line of each column, in pt.
    let room = |c: usize| (width_cm(c) - INSET_CM) * PT_PER_CM;
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let title_fits = |piece: &str| measure::width(piece, sizes.header, true) <= room(c);
            let note_fits = |piece: &str| measure::width(piece, sizes.note, false) <= room(c);
            DataColumnView {
                title: words.hyphenate_to_fit(&column.title, &title_fits),
                note: column
                    .note
                    .as_deref()
                    .map(|note| words.hyphenate_to_fit(note, &note_fits)),
                number: column.number.clone().unwrap_or_default(),
                cm: fixed_cm[c].map(round),
                fr: fixed_cm[c].is_none().then(|| round(width_cm(c))),
                right: column.kind != ColumnType::Text,
            }
        })
        .collect();
    // Letters a line holds, for estimating a row's height.
    let per_line = |c: usize| chars_per_line(width_cm(c) * SIZE / size);
    // A table whose rows hold no value at all (a form nobody filled in).
    let blank = table.columns.len() > 1
        && table.rows.iter().all(|row| {
            row.kind == RowKind::Data && row.cells.iter().skip(1).all(|v| *v == Value::Empty)
        });
    let lines: usize = cells
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(c, lines)| wrapped(lines, per_line(c)))
                .max()
                .unwrap_or(1)
        })
        .sum();
    let rows = table
        .rows
        .iter()
        .zip(cells)
        .map(|(row, cells)| {
            let bold = row.kind == RowKind::Total;
            DataRowView {
                // A row taller than a page must break, or it would run off it.
                breakable: cells
                    .iter()
                    .enumerate()
                    .map(|(c, lines)| wrapped(lines, per_line(c)))
                    .max()
                    .unwrap_or(0)
                    > Page::of(landscape).max_row_lines(),
                kind: match row.kind {
                    RowKind::Data => "data",
                    RowKind::Group => "group",
                    RowKind::Total => "total",
                },
                indent: row.depth,
                blank,
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, lines)| {
                        // The first column of a row loses its indent.
                        let indent = if c == 0 { row.depth as f64 * size } else { 0.0 };
                        let fits = |piece: &str| {
                            measure::width(piece, sizes.text, bold) + indent <= room(c)
                        };
                        lines
                            .into_iter()
                            .map(|l| words.hyphenate_to_fit(&l, &fits))
                            .collect()
                    })
                    .collect(),
            }
        })
        .collect();
    DataTableView {
        caption: table.caption.clone(),
        numbered: table.columns.iter().any(|c| c.number.is_some()),
        columns,
        rows,
        size: sizes.text,
        header_size: sizes.header,
        note_size: sizes.note,
        landscape,
        // The header takes about three lines.
        breakable: !Page::of(landscape).keeps_whole(
            (lines + 3) as f64 * LINE_PT + (table.rows.len() + 1) as f64 * ROW_INSETS_PT,
        ),
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
