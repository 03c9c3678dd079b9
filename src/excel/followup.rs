//! A follow-up as the rows of the sheet "Uppföljning", and back: T2 one row
//! per risk, VB one row per result of a control and a row more (without
//! nr) for each further förbättringsåtgärd. The plan's text stands beside
//! them, locked, for reference.

use serde_json::Value;

use super::columns::{self, Column, Kind};
use super::plan::{
    OwnCells, PartCells, add_part, entry_lines, entry_node, part_keys, read_cell, read_parts,
};
use super::read::Table;
use super::write::{Line, Out};
use super::yaml::Node;
use crate::diag::Diagnostics;
use crate::model::describe::Describe;
use crate::model::{T2Entry, T2File, VbEntry, VbFile};
use crate::score::Scored;
use crate::validate::Plan;

/// The plan's text about a risk: its title, riskvärde and controls.
fn plan_cells(plan: &Plan, scored: &Scored, nr: i64, control: Option<usize>, line: &mut Line) {
    let Some(i) = plan.risks.iter().position(|r| i64::from(r.nr) == nr) else {
        return;
    };
    let risk = &plan.risks[i];
    line.push(("plan.risk", Out::Text(risk.title.clone())));
    if let Some(value) = scored.risks[i].value {
        line.push(("plan.riskvärde", Out::Int(value.into())));
    }
    let controls: Vec<String> = risk
        .controls
        .iter()
        .enumerate()
        .filter(|(k, _)| control.is_none_or(|c| c == *k))
        .map(|(_, c)| {
            [&c.moment, &c.activity]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|t| !t.is_empty())
        .collect();
    if !controls.is_empty() {
        line.push(("plan.kontroll", Out::Text(controls.join("\n\n"))));
    }
}

/// The T2 rows: the file's entries, or (for a new follow-up) one per risk in `fresh`.
pub fn t2_lines(plan: &Plan, scored: &Scored, file: Option<&T2File>, fresh: &[usize]) -> Vec<Line> {
    let Some(file) = file else {
        return fresh
            .iter()
            .map(|&i| {
                let nr = i64::from(plan.risks[i].nr);
                let mut line = vec![("nr", Out::Int(nr))];
                plan_cells(plan, scored, nr, None, &mut line);
                line
            })
            .collect();
    };
    let keys = part_keys::<T2Entry>();
    file.risker
        .iter()
        .flat_map(|entry| {
            let value = serde_json::to_value(entry).unwrap_or(Value::Null);
            let mut rows = entry_lines(columns::t2(), &keys, &value, Vec::new());
            plan_cells(plan, scored, entry.nr.value, None, &mut rows[0]);
            rows
        })
        .collect()
}

/// The VB rows: the file's entries, or (for a new follow-up) one per
/// control of every IKP risk.
pub fn vb_lines(plan: &Plan, scored: &Scored, file: Option<&VbFile>) -> Vec<Line> {
    let Some(file) = file else {
        let mut lines = Vec::new();
        for &i in &scored.ikp {
            let risk = &plan.risks[i];
            let nr = i64::from(risk.nr);
            for k in 0..risk.controls.len().max(1) {
                let mut line = vec![("nr", Out::Int(nr))];
                if risk.controls.len() > 1 {
                    line.push(("kontroll", Out::Int(k as i64 + 1)));
                }
                plan_cells(plan, scored, nr, Some(k), &mut line);
                lines.push(line);
            }
        }
        return lines;
    };
    let keys = part_keys::<VbEntry>();
    file.kontroller
        .iter()
        .flat_map(|entry| {
            let value = serde_json::to_value(entry).unwrap_or(Value::Null);
            let mut rows = entry_lines(columns::vb(), &keys, &value, Vec::new());
            let control = entry.kontroll.as_ref().map(|k| k.value);
            let index = control
                .and_then(|k| usize::try_from(k - 1).ok())
                .unwrap_or(0);
            plan_cells(plan, scored, entry.nr.value, Some(index), &mut rows[0]);
            rows
        })
        .collect()
}

/// How a follow-up's sheet is read back.
struct Reading {
    columns: &'static [Column],
    /// The file's key holding the entries.
    list: &'static str,
    /// Whether a row with only its nr is an entry (a VB control not yet
    /// assessed) or a risk not reported on (T2).
    bare_rows_count: bool,
    /// The hint for a row with content but no nr.
    no_nr_hint: &'static str,
}

/// The entries of type `T` read, as the file's entry list; a row without
/// nr adds its parts (an åtgärd) to the entry above.
fn read_entries<T: Describe>(
    table: &Table,
    reading: &Reading,
    diags: &mut Diagnostics,
) -> (Node, usize) {
    let own: Vec<&Column> = reading
        .columns
        .iter()
        .filter(|c| c.key != "nr" && !c.key.contains('.') && c.kind != Kind::Plan)
        .collect();
    let input: Vec<&str> = own.iter().filter(|c| c.input).map(|c| c.key).collect();
    let mut entries: Vec<(OwnCells, PartCells)> = Vec::new();
    for row in table.rows() {
        let own_blank = table.blank(row, &input);
        let parts = read_parts(table, row, reading.columns, diags);
        if own_blank && parts.is_empty() && !reading.bare_rows_count {
            continue; // A risk not reported on.
        }
        if table.blank(row, &["nr"]) {
            if own_blank && parts.is_empty() {
                continue; // A blank line.
            }
            match entries.last_mut().filter(|_| own_blank) {
                Some((_, last)) => {
                    for (prefix, item) in parts {
                        add_part(last, prefix, item);
                    }
                }
                None => diags.push(
                    table
                        .error(row, "nr", "raden har innehåll men inget nr")
                        .hint(reading.no_nr_hint),
                ),
            }
            continue;
        }
        let Some(nr) = table.int(row, "nr", "nr", diags) else {
            continue;
        };
        let mut values = vec![("nr", Node::Int(nr))];
        for column in &own {
            match read_cell(table, row, column, diags) {
                Some(value) => values.push((column.key, value)),
                None if column.needed && table.blank(row, &[column.key]) => {
                    diags.push(missing(table, row, column));
                }
                None => {}
            }
        }
        let mut held = Vec::new();
        for (prefix, item) in parts {
            add_part(&mut held, prefix, item);
        }
        entries.push((values, held));
    }
    let rows = entries.len();
    let list = entries
        .into_iter()
        .map(|(own, parts)| entry_node::<T>(own, parts))
        .collect();
    let mut file = Node::map();
    file.insert(reading.list, Node::List(list));
    (file, rows)
}

/// A key the entry needs, left blank.
fn missing(table: &Table, row: usize, column: &Column) -> crate::diag::Diagnostic {
    let error = table.error(row, column.key, format!("{} saknas", column.what()));
    match column.kind {
        Kind::Choice(words) => error.hint(format!("välj {}", or_list(words))),
        _ => error.hint(format!("fyll i {}", column.what())),
    }
}

/// The T2 entries read; a row left blank is a risk not reported on.
pub fn read_t2(table: &Table, diags: &mut Diagnostics) -> (Node, usize) {
    let reading = Reading {
        columns: columns::t2(),
        list: "risker",
        bare_rows_count: false,
        no_nr_hint: "skriv riskens nr",
    };
    read_entries::<T2Entry>(table, &reading, diags)
}

/// The VB entries read; a control whose row has only its nr is not yet
/// assessed ("ej bedömd", as in the YAML), a row without nr adds an åtgärd
/// to the one above.
pub fn read_vb(table: &Table, diags: &mut Diagnostics) -> (Node, usize) {
    let reading = Reading {
        columns: columns::vb(),
        list: "kontroller",
        bare_rows_count: true,
        no_nr_hint: "skriv riskens nr; en rad utan nr får bara ha en förbättringsåtgärd till raden ovanför",
    };
    read_entries::<VbEntry>(table, &reading, diags)
}

/// "a, b eller c".
fn or_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} eller {last}", init.join(", ")),
    }
}
