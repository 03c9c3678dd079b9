//! Reading a workbook with calamine: its sheets as grids of cells, a table
//! found by its header row, and each cell's value parsed with its place
//! (`Risker!E14`) for the messages.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, SheetVisible, Xlsx};
use chrono::NaiveDate;

use super::columns::{self, Column};
use super::sheets::cell_ref;
use crate::diag::{At, Diagnostic, Diagnostics, Hint};
use crate::model::limits::MAX_FILE_BYTES;

/// A cell's value, as the reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell (Excel's serial day number turned into a date).
    Date(NaiveDate),
    /// `#N/A`, `#VALUE!` …
    Error(String),
}

/// A sheet: its cells from A1, and which cells hold a formula.
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    rows: Vec<Vec<Cell>>,
    formulas: Vec<(usize, usize)>,
}

/// A workbook read whole.
#[derive(Debug)]
pub struct Book {
    pub path: PathBuf,
    pub sheets: Vec<Sheet>,
}

impl Book {
    /// Reads the xlsx file at `path`.
    pub fn open(path: &Path) -> Result<Book, Diagnostic> {
        // The same bound as on a YAML file: a workbook is read whole.
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
            return Err(Diagnostic::error(
                path,
                format!(
                    "arbetsboken är större än {} MiB, det största som läses",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            )
            .hint("ta bort bilder och andra blad än tabellen och försök igen"));
        }
        let bytes = std::fs::read(path)
            .doing(path, "arbetsboken kunde inte läsas")
            .hint("kontrollera sökvägen")?;
        super::bounds::check(path, &bytes)?;
        // The last guard: a workbook that makes the reader panic is an
        // error like any unreadable file, not a crash.
        let read = std::panic::catch_unwind(|| read_sheets(path, bytes));
        let sheets = read.unwrap_or_else(|_| {
            Err(Diagnostic::error(
                path,
                "arbetsboken kunde inte läsas: den har något som läsaren inte klarar",
            )
            .hint("spara arbetsboken på nytt i Excel eller LibreOffice och försök igen"))
        })?;
        Ok(Book {
            path: path.to_path_buf(),
            sheets,
        })
    }

    /// The sheet named `name`.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// Every sheet of the workbook `bytes` (read from `path`), by calamine.
fn read_sheets(path: &Path, bytes: Vec<u8>) -> Result<Vec<Sheet>, Diagnostic> {
    {
        let not_xlsx = |e: calamine::XlsxError| {
            Diagnostic::error(
                path,
                format!("filen är ingen läsbar Excel-arbetsbok (xlsx): {e}"),
            )
            .hint("spara arbetsboken som Excel-arbetsbok (.xlsx) och försök igen")
        };
        let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(not_xlsx)?;
        let metadata = xlsx.sheets_metadata().to_vec();
        let mut sheets = Vec::new();
        for meta in metadata {
            let range = xlsx.worksheet_range(&meta.name).map_err(not_xlsx)?;
            let formulas = xlsx.worksheet_formula(&meta.name).map_err(not_xlsx)?;
            let mut rows: Vec<Vec<Cell>> = Vec::new();
            if let (Some(_), Some((end_row, end_col))) = (range.start(), range.end()) {
                for r in 0..=end_row {
                    let row = (0..=end_col)
                        .map(|c| range.get_value((r, c)).map(cell).unwrap_or(Cell::Empty))
                        .collect();
                    rows.push(row);
                }
            }
            let formula_cells = formulas
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .map(|(r, c, _)| {
                    let (r0, c0) = formulas.start().unwrap_or((0, 0));
                    (r + r0 as usize, c + c0 as usize)
                })
                .collect();
            sheets.push(Sheet {
                name: meta.name,
                hidden: meta.visible != SheetVisible::Visible,
                rows,
                formulas: formula_cells,
            });
        }
        Ok(sheets)
    }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "ja" } else { "nej" }.to_owned()),
        Data::DateTime(d) => match serial_date(d.as_f64()) {
            Some(date) => Cell::Date(date),
            None => Cell::Number(d.as_f64()),
        },
        Data::DateTimeIso(s) => Cell::Text(s.chars().take(10).collect()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Excel's day number (1900 system, as every current Excel writes) as a date.
fn serial_date(serial: f64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (serial.is_finite() && serial >= 1.0)
        .then(|| epoch.checked_add_days(chrono::Days::new(serial.floor() as u64)))
        .flatten()
}

impl Sheet {
    /// The cell at a 0-based row and column.
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    /// How many rows it has.
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    /// Each row's text in column A, for the hidden sheet of YAML lines.
    pub fn lines(&self) -> String {
        let mut text = String::new();
        for r in 0..self.rows.len() {
            match self.get(r, 0) {
                Cell::Text(s) => text.push_str(s),
                Cell::Number(n) => text.push_str(&number_text(*n)),
                _ => {}
            }
            text.push('\n');
        }
        text
    }

    fn has_formula(&self, row: usize, col: usize) -> bool {
        self.formulas.contains(&(row, col))
    }
}

/// A table in a sheet: its header row and which column holds what.
pub struct Table<'a> {
    pub book: &'a Book,
    pub sheet: &'a Sheet,
    pub header: usize,
    columns: HashMap<&'static str, usize>,
}

/// How many rows from the top the header row is looked for in.
const HEADER_SEARCH: usize = 20;

impl<'a> Table<'a> {
    /// Finds the header row of `sheet` (the row among the first few that
    /// names most of `spec`'s columns) and maps its columns; an unknown
    /// column is skipped with a warning, and missing required ones are one
    /// error that lists what was found.
    pub fn find(
        book: &'a Book,
        sheet: &'a Sheet,
        spec: &'static [Column],
        diags: &mut Diagnostics,
    ) -> Option<Table<'a>> {
        let width = |r: usize| sheet.rows.get(r).map_or(0, Vec::len);
        let header = (0..sheet.height().min(HEADER_SEARCH))
            .max_by_key(|&r| {
                let matched = (0..width(r))
                    .filter(|&c| {
                        header_text(sheet.get(r, c))
                            .and_then(|t| columns::find(spec, &t))
                            .is_some()
                    })
                    .count();
                // The first row wins a tie.
                (matched, std::cmp::Reverse(r))
            })
            .unwrap_or(0);
        let mut columns = HashMap::new();
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        for c in 0..width(header) {
            let Some(title) = header_text(sheet.get(header, c)) else {
                continue;
            };
            found.push(format!("{} ”{}”", cell_ref(header, c), title.trim()));
            match columns::find(spec, &title) {
                Some(column) if !columns.contains_key(column.key) => {
                    columns.insert(column.key, c);
                }
                Some(column) => unknown.push((c, title, Some(column.title))),
                None => unknown.push((c, title, None)),
            }
        }
        let missing: Vec<&str> = spec
            .iter()
            .filter(|c| c.required && !columns.contains_key(c.key))
            .map(|c| c.title)
            .collect();
        if !missing.is_empty() {
            let found = if found.is_empty() {
                "inga rubriker".to_owned()
            } else {
                found.join(", ")
            };
            diags.push(
                Diagnostic::error(
                    &book.path,
                    format!(
                        "{}!{}: rubrikraden saknar {} {}; hittade kolumnerna: {found}",
                        sheet.name,
                        cell_ref(header, 0),
                        if missing.len() == 1 {
                            "kolumnen"
                        } else {
                            "kolumnerna"
                        },
                        missing.join(", "),
                    ),
                )
                .hint(format!(
                    "ge kolumnerna rubrikerna {}; kända rubriker: {}",
                    missing.join(", "),
                    known_titles(spec)
                )),
            );
            return None;
        }
        if refuse_lost_ratings(book, sheet, header, spec, &columns, &unknown, diags) {
            return None;
        }
        for (c, title, twice) in unknown {
            let message = match twice {
                Some(known) => format!(
                    "{}!{}: kolumnen ”{}” är en andra kolumn för {known} och hoppas över",
                    sheet.name,
                    cell_ref(header, c),
                    title.trim()
                ),
                None => format!(
                    "{}!{}: kolumnen ”{}” känns inte igen och hoppas över",
                    sheet.name,
                    cell_ref(header, c),
                    title.trim()
                ),
            };
            diags.push(
                Diagnostic::warning(&book.path, message)
                    .hint(format!("kända rubriker: {}", known_titles(spec))),
            );
        }
        Some(Table {
            book,
            sheet,
            header,
            columns,
        })
    }

    /// The 0-based rows below the header.
    pub fn rows(&self) -> std::ops::Range<usize> {
        self.header + 1..self.sheet.height()
    }

    /// Whether the table has a column for `key`.
    pub fn has(&self, key: &str) -> bool {
        self.columns.contains_key(key)
    }

    /// The cell of `key` in `row` (empty when the sheet lacks the column).
    pub fn cell(&self, row: usize, key: &str) -> &Cell {
        match self.columns.get(key) {
            Some(&c) => self.sheet.get(row, c),
            None => &Cell::Empty,
        }
    }

    /// Whether every cell of `keys` in `row` is empty.
    pub fn blank(&self, row: usize, keys: &[&str]) -> bool {
        keys.iter().all(|k| self.cell(row, k) == &Cell::Empty)
    }

    /// Whether the cell of `key` in `row` holds a formula.
    pub fn is_formula(&self, row: usize, key: &str) -> bool {
        self.columns
            .get(key)
            .is_some_and(|&c| self.sheet.has_formula(row, c))
    }

    /// "Risker!E14".
    pub fn place(&self, row: usize, key: &str) -> String {
        let col = self.columns.get(key).copied().unwrap_or(0);
        format!("{}!{}", self.sheet.name, cell_ref(row, col))
    }

    /// An error at the cell of `key` in `row`.
    pub fn error(&self, row: usize, key: &str, message: impl AsRef<str>) -> Diagnostic {
        Diagnostic::error(
            &self.book.path,
            format!("{}: {}", self.place(row, key), message.as_ref()),
        )
    }

    /// The cell's text; a number is written as the sheet shows it.
    pub fn text(&self, row: usize, key: &str) -> Option<String> {
        match self.cell(row, key) {
            Cell::Text(s) if s.trim().is_empty() => None,
            Cell::Text(s) => Some(s.clone()),
            Cell::Number(n) => Some(number_text(*n)),
            Cell::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Cell::Empty | Cell::Error(_) => None,
        }
    }

    /// A whole number, or an error naming the cell.
    pub fn int(&self, row: usize, key: &str, what: &str, diags: &mut Diagnostics) -> Option<i64> {
        match self.cell(row, key) {
            Cell::Empty => None,
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(*n as i64),
            Cell::Text(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            other => {
                diags.push(
                    self.error(
                        row,
                        key,
                        format!("{what} ska vara ett heltal, inte {}", shown(other)),
                    )
                    .hint("skriv ett heltal, t.ex. 7"),
                );
                None
            }
        }
    }

    /// One of `allowed` (case-insensitive), or an error listing them.
    pub fn choice(
        &self,
        row: usize,
        key: &str,
        what: &str,
        allowed: &[&'static str],
        diags: &mut Diagnostics,
    ) -> Option<&'static str> {
        let text = self.text(row, key)?;
        let wanted = text.trim().to_lowercase();
        let found = allowed.iter().find(|a| a.to_lowercase() == wanted).copied();
        if found.is_none() {
            diags.push(
                self.error(
                    row,
                    key,
                    format!("{what} ”{}” är inget av de tillåtna värdena", text.trim()),
                )
                .hint(format!("tillåtna värden: {}", allowed.join(", "))),
            );
        }
        found
    }

    /// A date as ÅÅÅÅ-MM-DD, from a date cell or text.
    pub fn date(
        &self,
        row: usize,
        key: &str,
        what: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        match self.cell(row, key) {
            Cell::Empty => None,
            Cell::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Cell::Number(n) => match serial_date(*n) {
                Some(d) if n.fract() == 0.0 => Some(d.format("%Y-%m-%d").to_string()),
                _ => {
                    diags.push(
                        self.error(row, key, format!("{what} är inget datum"))
                            .hint("skriv datumet som ÅÅÅÅ-MM-DD"),
                    );
                    None
                }
            },
            Cell::Text(s) => {
                let s = s.trim();
                if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err() {
                    diags.push(
                        self.error(row, key, format!("{what} ”{s}” är inget datum"))
                            .hint("skriv datumet som ÅÅÅÅ-MM-DD"),
                    );
                    return None;
                }
                Some(s.to_owned())
            }
            Cell::Error(e) => {
                diags.push(self.error(row, key, format!("{what} är ett fel i kalkylbladet ({e})")));
                None
            }
        }
    }
}

/// Refuses the table when a column the ratings need is missing while a
/// column that was skipped has values: importing it would leave every risk
/// "ej värderad" (a "Kons." the tool did not know, say). A second column
/// for a rating with values is refused too: which one holds the rating is
/// not for the tool to guess. True when refused; the errors name each
/// column and the known title nearest to it.
fn refuse_lost_ratings(
    book: &Book,
    sheet: &Sheet,
    header: usize,
    spec: &'static [Column],
    found: &HashMap<&'static str, usize>,
    skipped: &[(usize, String, Option<&'static str>)],
    diags: &mut Diagnostics,
) -> bool {
    let ratings: Vec<&Column> = spec
        .iter()
        .filter(|c| columns::RATINGS.contains(&c.key))
        .collect();
    let missing: Vec<&str> = ratings
        .iter()
        .filter(|c| !found.contains_key(c.key))
        .map(|c| c.title)
        .collect();
    let has_values = |c: usize| {
        (header + 1..sheet.height()).any(|r| match sheet.get(r, c) {
            Cell::Empty => false,
            Cell::Text(s) => !s.trim().is_empty(),
            _ => true,
        })
    };
    let mut refused = false;
    for (c, title, twice) in skipped {
        let place = format!("{}!{}", sheet.name, cell_ref(header, *c));
        let title = title.trim();
        let rating_twice = twice.is_some_and(|t| ratings.iter().any(|r| r.title == t));
        if !(rating_twice || (twice.is_none() && !missing.is_empty())) || !has_values(*c) {
            continue;
        }
        refused = true;
        if let Some(known) = twice {
            diags.push(
                Diagnostic::error(
                    &book.path,
                    format!("{place}: kolumnen ”{title}” är en andra kolumn för {known} och har värden; inget skrevs"),
                )
                .hint(format!("behåll en kolumn för {known} och ta bort eller döp om den andra")),
            );
            continue;
        }
        let lacks = if missing.len() == 1 {
            format!("kolumnen {}", missing[0])
        } else {
            format!("kolumnerna {}", missing.join(", "))
        };
        let mut error = Diagnostic::error(
            &book.path,
            format!(
                "{place}: kolumnen ”{title}” känns inte igen och har värden, men arbetsboken saknar {lacks}; inget skrevs, eftersom varje risk annars skulle bli ej värderad"
            ),
        );
        error = match columns::nearest(spec, title) {
            Some(near) => error.hint(format!(
                "”{title}” — menade du {}? Ge kolumnen rubriken {} och kör kommandot igen",
                near.title, near.title
            )),
            None => error.hint(format!(
                "ge kolumnen med bedömningen rubriken {}, eller ta bort kolumnen om den inte hör till planen",
                missing.join(" eller ")
            )),
        };
        diags.push(error.hint(format!("kända rubriker: {}", known_titles(spec))));
    }
    refused
}

fn header_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn known_titles(spec: &[Column]) -> String {
    spec.iter()
        .map(|c| {
            if c.synonyms.is_empty() {
                c.title.to_owned()
            } else {
                format!("{} ({})", c.title, c.synonyms.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number as text: whole numbers without decimals, others with a comma.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string().replace('.', ",")
    }
}

/// A cell's value as a message shows it.
pub fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "tom".to_owned(),
        Cell::Text(s) => format!("”{}”", s.trim()),
        Cell::Number(n) => number_text(*n),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Error(e) => e.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_days_are_dates() {
        assert_eq!(serial_date(45292.0), NaiveDate::from_ymd_opt(2024, 1, 1));
    }
}
