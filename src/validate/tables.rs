//! Tables from data: values read by their column's type, totals and column
//! formulas computed, and every total or formula value the data states
//! checked against the computation.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use super::dates::parse_date;
use crate::diag::{Diagnostic, Diagnostics, KeyPath, Located};
use crate::model::{CellDef, ColumnDef, ColumnType, RowDef, SpecialRowDef, TableDef};
use crate::swedish;

/// A checked table, every total worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// A column as the reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub kind: ColumnType,
    /// The number as the source prints it.
    pub number: Option<String>,
    pub note: Option<String>,
}

/// A row, in the order printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    /// 0 at the top; 1 for the parts of a total, and so on.
    pub depth: usize,
    /// One value per column; a group row has its heading in the first.
    pub cells: Vec<Value>,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Data,
    Group,
    Total,
}

/// A value, numbers in the column's smallest unit (tenths for mnkr and procent).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(i64),
    Date(NaiveDate),
}

impl ColumnType {
    /// Numbers are summed; text and dates are not.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ColumnType::Mnkr | ColumnType::Kr | ColumnType::Heltal | ColumnType::Procent
        )
    }

    /// Decimals kept: one for mnkr and procent.
    pub fn decimals(self) -> u32 {
        match self {
            ColumnType::Mnkr | ColumnType::Procent => 1,
            _ => 0,
        }
    }

    /// A number of this type in Swedish form: "1 260,6", "−168,3", "15 000 000", "55 %".
    pub fn format(self, n: i64) -> String {
        match self {
            ColumnType::Mnkr => tenths(n),
            ColumnType::Procent if n % 10 == 0 => format!("{}\u{a0}%", swedish::integer(n / 10)),
            ColumnType::Procent => format!("{}\u{a0}%", tenths(n)),
            _ => swedish::integer(n),
        }
    }

    fn name(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Mnkr => "mnkr",
            ColumnType::Kr => "kr",
            ColumnType::Heltal => "heltal",
            ColumnType::Procent => "procent",
            ColumnType::Datum => "datum",
        }
    }
}

fn tenths(n: i64) -> String {
    let sign = if n < 0 { "−" } else { "" };
    let whole = swedish::integer((n / 10).abs());
    format!("{sign}{whole},{}", (n % 10).abs())
}

/// The table at `field`, under the section `heading`, checked; problems go to `diags`.
pub fn table(
    path: &Path,
    heading: &str,
    def: &TableDef,
    field: KeyPath,
    diags: &mut Diagnostics,
) -> Table {
    let name = match &def.rubrik {
        Some(caption) => format!("tabellen ”{caption}”"),
        None => format!("tabellen under ”{}”", heading.trim()),
    };
    let columns: Vec<Column> = def.kolumner.value.iter().map(column).collect();
    let mut checker = Checker {
        path,
        name,
        field,
        columns: &columns,
        formulas: Vec::new(),
        rows: Vec::new(),
        labels: HashMap::new(),
        pending: Vec::new(),
        diags,
    };
    if columns.is_empty() {
        checker.error(
            &def.kolumner,
            "har inga kolumner",
            "ange tabellens kolumner med rubrik och typ",
        );
    }
    checker.formulas = def
        .kolumner
        .value
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.formel
                .as_ref()
                .and_then(|f| checker.formula(i, f, &def.kolumner.value))
        })
        .collect();
    checker.level(&def.rader, 0);
    checker.resolve_pending();
    let rows = checker.rows;
    Table {
        caption: def.rubrik.clone(),
        columns,
        rows,
    }
}

fn column(def: &ColumnDef) -> Column {
    Column {
        title: def.rubrik.value.trim().to_owned(),
        kind: def.typ,
        number: def.nummer.as_ref().map(|n| n.value.trim().to_owned()),
        note: def.anteckning.clone(),
    }
}

/// A column's number without the source's parentheses: "(1)" → "1".
fn bare(number: &str) -> &str {
    number
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim()
}

/// A term of a formula: +1 or −1 times a column.
type Formula = Vec<(i64, usize)>;

struct Checker<'a> {
    path: &'a Path,
    name: String,
    field: KeyPath,
    columns: &'a [Column],
    formulas: Vec<Option<Formula>>,
    rows: Vec<Row>,
    /// Data and total rows by label, for `av:`.
    labels: HashMap<String, Vec<usize>>,
    /// Totals of named rows, worked out when every row is known.
    pending: Vec<(usize, &'a SpecialRowDef)>,
    diags: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    fn error(&mut self, at: &dyn Located, what: &str, hint: &str) {
        self.diags.push(
            Diagnostic::error(self.path, format!("{}: {what}", self.name))
                .at(at)
                .field(self.field.clone())
                .hint(hint),
        );
    }

    /// Parses "1+2+3" against the columns' numbers.
    fn formula(
        &mut self,
        target: usize,
        text: &Spanned<String>,
        defs: &[ColumnDef],
    ) -> Option<Formula> {
        let kind = self.columns[target].kind;
        let title = self.columns[target].title.clone();
        if !kind.is_numeric() {
            self.error(
                text,
                &format!(
                    "kolumnen ”{title}” har en formel men är av typen {}",
                    kind.name()
                ),
                "ge kolumnen en taltyp (mnkr, kr, heltal, procent) eller ta bort formel:",
            );
            return None;
        }
        let expression: String = bare(&text.value)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // "1+2-3" → [(1, "1"), (1, "2"), (-1, "3")].
        let mut named: Vec<(i64, String)> = vec![(1, String::new())];
        for c in expression.chars() {
            match c {
                '+' => named.push((1, String::new())),
                '-' | '−' => named.push((-1, String::new())),
                c => named.last_mut().expect("never empty").1.push(c),
            }
        }
        let mut terms = Vec::new();
        let mut known: Vec<String> = Vec::new();
        for number in defs.iter().filter_map(|c| c.nummer.as_ref()) {
            let number = bare(&number.value).to_owned();
            if !known.contains(&number) {
                known.push(number);
            }
        }
        for (sign, name) in named {
            let found = defs
                .iter()
                .position(|c| c.nummer.as_ref().is_some_and(|n| bare(&n.value) == name));
            let sharing = defs
                .iter()
                .filter(|c| c.nummer.as_ref().is_some_and(|n| bare(&n.value) == name))
                .count();
            match found {
                Some(_) if sharing > 1 => {
                    self.error(
                        text,
                        &format!(
                            "formeln ”{}” nämner kolumn ”{name}”, som {} kolumner har",
                            text.value,
                            crate::swedish::count_in_words(sharing, false)
                        ),
                        "ge kolumnerna olika nummer, eller skriv formeln i en tabell där numret är entydigt",
                    );
                    return None;
                }
                Some(i) if i == target => {
                    self.error(
                        text,
                        &format!("formeln ”{}” räknar med sin egen kolumn", text.value),
                        "en kolumn kan inte vara summan av sig själv",
                    );
                    return None;
                }
                Some(i) if self.columns[i].kind != kind => {
                    self.error(
                        text,
                        &format!(
                            "formeln ”{}” blandar {} med {}",
                            text.value,
                            kind.name(),
                            self.columns[i].kind.name()
                        ),
                        "en formel räknar med kolumner av samma typ",
                    );
                    return None;
                }
                Some(i) => terms.push((sign, i)),
                None => {
                    self.error(
                        text,
                        &format!(
                            "formeln ”{}” nämner kolumn ”{name}”, som inte finns",
                            text.value
                        ),
                        &format!(
                            "skriv formeln med kolumnernas nummer: ({})",
                            known.join(", ")
                        ),
                    );
                    return None;
                }
            }
        }
        Some(terms)
    }

    /// Reads the rows of one level; returns the rows a total of the level sums.
    fn level(&mut self, defs: &'a [RowDef], depth: usize) -> Vec<usize> {
        let mut members = Vec::new();
        let mut run = Vec::new();
        for def in defs {
            match def {
                RowDef::Values(values) => {
                    let index = self.data_row(values, depth);
                    members.push(index);
                    run.push(index);
                }
                RowDef::Special(special) => match (&special.grupp, &special.summa) {
                    (Some(group), None) => {
                        if special.rader.is_some() || special.av.is_some() || special.varden.is_some() {
                            self.error(group, &format!("gruppraden ”{}” har rader, av eller värden", group.value), "en grupprad är bara en rubrik; skriv summa: för en summarad");
                        }
                        let mut cells = vec![Value::Empty; self.columns.len().max(1)];
                        cells[0] = Value::Text(group.value.trim().to_owned());
                        self.rows.push(Row { kind: RowKind::Group, depth, cells });
                        run.clear();
                    }
                    (None, Some(label)) => {
                        let index = self.rows.len();
                        self.rows.push(Row { kind: RowKind::Total, depth, cells: Vec::new() });
                        self.name_row(&label.value, index);
                        match (&special.rader, &special.av) {
                            (Some(_), Some(av)) => {
                                self.error(av, &format!("summaraden ”{}” har både rader och av", label.value), "en summa är antingen summan av sina rader eller av namngivna rader");
                            }
                            (Some(parts), None) => {
                                let parts = self.level(parts, depth + 1);
                                self.finish_total(index, special, &parts);
                            }
                            (None, Some(_)) => self.pending.push((index, special)),
                            (None, None) => {
                                let parts = std::mem::take(&mut run);
                                self.finish_total(index, special, &parts);
                            }
                        }
                        members.push(index);
                        run.clear();
                    }
                    (Some(group), Some(_)) => self.error(group, "en rad är både grupp och summa", "skriv grupp: eller summa:, inte båda"),
                    (None, None) => self.diags.push(
                        Diagnostic::error(self.path, format!("{}: en rad saknar grupp: eller summa:", self.name))
                            .field(self.field.clone().key("rader"))
                            .hint("skriv en vanlig rad som en lista: [Rubrik, 1.0, 2.0], eller ge raden grupp: eller summa:"),
                    ),
                },
            }
        }
        members
    }

    fn name_row(&mut self, label: &str, index: usize) {
        let label = label.trim();
        if !label.is_empty() {
            self.labels.entry(label.to_owned()).or_default().push(index);
        }
    }

    fn data_row(&mut self, values: &[Spanned<CellDef>], depth: usize) -> usize {
        let index = self.rows.len();
        let label = match values.first().map(|v| &v.value) {
            Some(CellDef::Text(t)) => t.trim().to_owned(),
            _ => String::new(),
        };
        if values.len() != self.columns.len() {
            let message = format!(
                "{}: raden ”{label}” har {} värden men tabellen har {} kolumner",
                self.name,
                values.len(),
                self.columns.len()
            );
            let mut d = Diagnostic::error(self.path, message)
                .field(self.field.clone())
                .hint("ge ett värde per kolumn, ~ för en tom cell");
            if let Some(first) = values.first() {
                d = d.at(first);
            }
            self.diags.push(d);
        }
        let mut cells: Vec<Value> = (0..self.columns.len())
            .map(|c| match values.get(c) {
                Some(v) => self.value(v, c, &label),
                None => Value::Empty,
            })
            .collect();
        for c in 0..self.columns.len() {
            if let Some(formula) = self.formulas[c].clone() {
                let computed = self.apply(&formula, &cells);
                let stated = values.get(c);
                self.check(&label, c, computed, &cells[c].clone(), stated, "formeln");
                if computed.is_some() {
                    cells[c] = computed.map_or(Value::Empty, Value::Number);
                }
            }
        }
        self.rows.push(Row {
            kind: RowKind::Data,
            depth,
            cells,
        });
        self.name_row(&label, index);
        index
    }

    /// A formula over a row's values; None when every term is empty.
    fn apply(&self, formula: &Formula, cells: &[Value]) -> Option<i64> {
        let mut any = false;
        let sum = formula
            .iter()
            .fold(0, |sum, &(sign, c)| match cells.get(c) {
                Some(Value::Number(n)) => {
                    any = true;
                    sum + sign * n
                }
                _ => sum,
            });
        any.then_some(sum)
    }

    /// Sets a total's values from its parts and checks what the data states.
    fn finish_total(&mut self, index: usize, def: &SpecialRowDef, parts: &[usize]) {
        let label = def
            .summa
            .as_ref()
            .map(|s| s.value.trim().to_owned())
            .unwrap_or_default();
        let mut cells = vec![Value::Empty; self.columns.len().max(1)];
        cells[0] = Value::Text(label.clone());
        let stated: Vec<&Spanned<CellDef>> = def
            .varden
            .as_ref()
            .map(|v| v.value.iter().collect())
            .unwrap_or_default();
        if let Some(varden) = &def.varden
            && varden.value.len() + 1 != self.columns.len()
        {
            self.error(
                varden,
                &format!(
                    "summaraden ”{label}” har {} värden men tabellen har {} kolumner efter den första",
                    varden.value.len(),
                    self.columns.len().saturating_sub(1)
                ),
                "ange ett värde per kolumn efter radrubriken, ~ för en tom cell",
            );
        }
        for (c, cell) in cells.iter_mut().enumerate().skip(1) {
            let kind = self.columns[c].kind;
            let given = stated.get(c - 1).copied();
            if kind.is_numeric() {
                let mut any = false;
                let sum: i64 = parts
                    .iter()
                    .filter_map(|&p| match self.rows[p].cells.get(c) {
                        Some(Value::Number(n)) => {
                            any = true;
                            Some(*n)
                        }
                        _ => None,
                    })
                    .sum();
                let computed = any.then_some(sum);
                let read = given.map_or(Value::Empty, |g| self.value(g, c, &label));
                self.check(&label, c, computed, &read, given, "summan");
                *cell = computed.map_or(read, Value::Number);
            } else if let Some(g) = given {
                *cell = self.value(g, c, &label);
            }
        }
        self.rows[index].cells = cells;
    }

    /// Totals of named rows, now that every row is known.
    fn resolve_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let waiting: Vec<usize> = pending.iter().map(|(i, _)| *i).collect();
        let mut done: Vec<usize> = Vec::new();
        for (index, def) in pending {
            let Some(av) = &def.av else { continue };
            let label = def
                .summa
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default();
            let mut parts = Vec::new();
            for name in &av.value {
                match self.labels.get(name.value.trim()).map(Vec::as_slice) {
                    Some([one]) if *one == index => self.error(name, &format!("summaraden ”{label}” räknar med sig själv"), "ta bort raden ur av:"),
                    Some([one]) if waiting.contains(one) && !done.contains(one) => self.error(
                        name,
                        &format!("summaraden ”{label}” räknar med ”{}”, som är en senare summa av namngivna rader", name.value),
                        "flytta summaraden under den summa den räknar med",
                    ),
                    Some([one]) => parts.push(*one),
                    Some(_) => self.error(name, &format!("flera rader heter ”{}”", name.value), "ge raderna olika rubriker så att av: pekar ut en"),
                    None => {
                        let mut known: Vec<&String> = self.labels.keys().collect();
                        known.sort();
                        let known: Vec<String> = known.iter().map(|k| format!("”{k}”")).collect();
                        let hint = format!("av: nämner rader med deras rubrik: {}", known.join(", "));
                        self.error(name, &format!("summaraden ”{label}” räknar med ”{}”, som inte finns i tabellen", name.value), &hint);
                    }
                }
            }
            self.finish_total(index, def, &parts);
            done.push(index);
        }
    }

    /// A stated value (of a total or a formula column) against the computed one.
    fn check(
        &mut self,
        label: &str,
        c: usize,
        computed: Option<i64>,
        read: &Value,
        stated: Option<&Spanned<CellDef>>,
        what: &str,
    ) {
        let (Some(computed), Value::Number(given), Some(at)) = (computed, read, stated) else {
            return;
        };
        if computed == *given {
            return;
        }
        let kind = self.columns[c].kind;
        let column = match &self.columns[c].number {
            Some(n) => format!("kolumn {} (”{}”)", bare(n), self.columns[c].title),
            None => format!("kolumnen ”{}”", self.columns[c].title),
        };
        let row = if label.is_empty() {
            "en rad utan rubrik".to_owned()
        } else {
            format!("raden ”{label}”")
        };
        let message = format!(
            "{row}, {column}: {what} är {} men datan anger {} (skillnad {})",
            kind.format(computed),
            kind.format(*given),
            kind.format((given - computed).abs())
        );
        let at: &dyn Located = at;
        self.error(
            at,
            &message,
            "rätta värdet, eller ta bort det så räknar verktyget fram det",
        );
    }

    /// A value read as its column's type.
    fn value(&mut self, v: &Spanned<CellDef>, c: usize, label: &str) -> Value {
        let kind = self.columns[c].kind;
        let title = self.columns[c].title.clone();
        let result = match (&v.value, kind) {
            (CellDef::Empty, _) => Ok(Value::Empty),
            (CellDef::Text(t), _) if t.trim().is_empty() => Ok(Value::Empty),
            (CellDef::Text(t), ColumnType::Text) => Ok(Value::Text(t.trim().to_owned())),
            (CellDef::Integer(n), ColumnType::Text) => Ok(Value::Text(n.to_string())),
            (CellDef::Float(f), ColumnType::Text) => {
                Ok(Value::Text(f.to_string().replace('.', ",")))
            }
            (CellDef::Text(t), ColumnType::Datum) => parse_date(t)
                .map(Value::Date)
                .ok_or("skriv datumet som ÅÅÅÅ-MM-DD"),
            (_, ColumnType::Datum) => Err("skriv datumet som ÅÅÅÅ-MM-DD"),
            (CellDef::Integer(n), kind) => Ok(Value::Number(n * 10i64.pow(kind.decimals()))),
            (CellDef::Float(f), kind) => {
                scaled(*f, kind.decimals())
                    .map(Value::Number)
                    .ok_or(if kind.decimals() == 0 {
                        "skriv ett heltal"
                    } else {
                        "skriv talet med en decimal"
                    })
            }
            (CellDef::Text(t), kind) => parse_swedish(t, kind.decimals())
                .map(Value::Number)
                .ok_or("skriv talet som 1260.6 eller ”1 260,6”"),
        };
        match result {
            Ok(value) => value,
            Err(hint) => {
                let shown = match &v.value {
                    CellDef::Text(t) => t.clone(),
                    CellDef::Integer(n) => n.to_string(),
                    CellDef::Float(f) => f.to_string(),
                    CellDef::Empty => String::new(),
                };
                let row = if label.is_empty() {
                    "en rad utan rubrik".to_owned()
                } else {
                    format!("raden ”{label}”")
                };
                self.error(
                    v,
                    &format!(
                        "{row}: ”{shown}” i kolumnen ”{title}” är inget {}",
                        kind_noun(kind)
                    ),
                    hint,
                );
                Value::Empty
            }
        }
    }
}

fn kind_noun(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Datum => "datum",
        ColumnType::Kr | ColumnType::Heltal => "heltal",
        _ => "tal med högst en decimal",
    }
}

/// A YAML float in units of 10^-decimals, if it has no more decimals than that.
fn scaled(f: f64, decimals: u32) -> Option<i64> {
    let x = f * 10f64.powi(decimals as i32);
    let r = x.round();
    ((x - r).abs() < 1e-6 && r.abs() < 9e15).then_some(r as i64)
}

/// "1 260,6", "−168,3", "15 000 000", "55 %" in units of 10^-decimals.
fn parse_swedish(text: &str, decimals: u32) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .map(|c| match c {
            '−' => '-',
            ',' => '.',
            c => c,
        })
        .collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || fraction.len() > decimals as usize
        || fraction.contains('.')
        || whole.contains('-')
    {
        return None;
    }
    let padded = format!("{fraction:0<width$}", width = decimals as usize);
    let n: i64 = format!("{whole}{padded}").parse().ok()?;
    Some(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers_are_read_exactly() {
        assert_eq!(parse_swedish("1 260,6", 1), Some(12606));
        assert_eq!(parse_swedish("−168,3", 1), Some(-1683));
        assert_eq!(parse_swedish("-0,0", 1), Some(0));
        assert_eq!(parse_swedish("15 000 000", 0), Some(15_000_000));
        assert_eq!(parse_swedish("55 %", 1), Some(550));
        assert_eq!(parse_swedish("1,25", 1), None);
        assert_eq!(parse_swedish("12a", 0), None);
        assert_eq!(parse_swedish("1,5", 0), None);
        assert_eq!(scaled(1260.6, 1), Some(12606));
        assert_eq!(scaled(-0.3, 1), Some(-3));
        assert_eq!(scaled(1.25, 1), None);
    }

    #[test]
    fn numbers_are_written_the_swedish_way() {
        assert_eq!(ColumnType::Mnkr.format(12606), "1\u{a0}260,6");
        assert_eq!(ColumnType::Mnkr.format(-1683), "−168,3");
        assert_eq!(ColumnType::Mnkr.format(-3), "−0,3");
        assert_eq!(ColumnType::Mnkr.format(0), "0,0");
        assert_eq!(ColumnType::Kr.format(15_000_000), "15\u{a0}000\u{a0}000");
        assert_eq!(ColumnType::Procent.format(550), "55\u{a0}%");
        assert_eq!(ColumnType::Procent.format(555), "55,5\u{a0}%");
    }
}
