//! A plan's risks as the rows of the sheet "Risker", and back: one row per
//! placement of a risk, and a row more (without nr) for each further
//! control or åtgärd of a risk. Which cells a risk has comes from the
//! sheet's columns, and so from the model's `RiskEntry`: no key is listed
//! here.

use serde_json::Value;

use super::columns::{self, Column, GROUPING, Kind, PLAN_ALWAYS};
use super::read::{Cell, Table, shown};
use super::write::{Line, Out};
use super::yaml::Node;
use crate::diag::Diagnostics;
use crate::model::describe::{Defs, Describe, Shape};
use crate::model::{PlanFile, ProcessDef, RiskEntry};
use crate::validate::RiskModel;

/// Every row of the plan's risks, in the file's order.
pub fn lines(plan: &PlanFile) -> Vec<Line> {
    let keys = part_keys::<RiskEntry>();
    let mut lines = Vec::new();
    if let Some(goals) = &plan.mal {
        for goal in &goals.value {
            for process in &goal.processer {
                process_lines(&keys, Some(&goal.mal.value), process, &mut lines);
            }
        }
    }
    if let Some(processes) = &plan.processer {
        for process in &processes.value {
            process_lines(&keys, None, process, &mut lines);
        }
    }
    if let Some(risks) = &plan.risker {
        for risk in &risks.value {
            risk_lines(&keys, &[None, None, None], risk, &mut lines);
        }
    }
    lines
}

/// The columns the sheet shows: the usual ones and any the plan uses.
pub fn shown_columns(lines: &[Line]) -> Vec<&'static Column> {
    columns::plan()
        .iter()
        .filter(|c| {
            PLAN_ALWAYS.contains(&c.key) || lines.iter().any(|l| l.iter().any(|(k, _)| *k == c.key))
        })
        .collect()
}

type PartKeys = [(&'static str, &'static str)];

fn process_lines(
    keys: &PartKeys,
    goal: Option<&String>,
    process: &ProcessDef,
    lines: &mut Vec<Line>,
) {
    let name = Some(&process.process.value);
    for sub in process.delprocesser.iter().flatten() {
        for risk in &sub.risker {
            risk_lines(
                keys,
                &[goal, name, Some(&sub.delprocess.value)],
                risk,
                lines,
            );
        }
    }
    for risk in process.risker.iter().flatten() {
        risk_lines(keys, &[goal, name, None], risk, lines);
    }
}

fn risk_lines(
    keys: &PartKeys,
    grouping: &[Option<&String>; 3],
    risk: &RiskEntry,
    lines: &mut Vec<Line>,
) {
    let group: Line = GROUPING
        .iter()
        .zip(grouping)
        .filter_map(|(key, value)| value.map(|v| (*key, Out::Text(v.clone()))))
        .collect();
    let value = serde_json::to_value(risk).unwrap_or(Value::Null);
    lines.extend(entry_lines(columns::plan(), keys, &value, group));
}

/// The rows of one entry (a risk, a VB result): its own cells on the first
/// row after `first`, and each control and action on a row of its own, the
/// first of each on the first row; further rows start as `first` does.
pub fn entry_lines(
    columns: &'static [Column],
    part_keys: &[(&'static str, &'static str)],
    entry: &Value,
    first: Line,
) -> Vec<Line> {
    let mut rows = vec![first.clone()];
    for column in columns.iter().filter(|c| c.kind != Kind::Plan) {
        if let Some((prefix, part)) = column.key.split_once('.') {
            for (i, item) in parts(entry, part_keys, prefix).iter().enumerate() {
                if let Some(out) = item.get(part).and_then(|v| out(column.kind, v)) {
                    if rows.len() <= i {
                        rows.resize(i + 1, first.clone());
                    }
                    rows[i].push((column.key, out));
                }
            }
        } else if let Some(out) = entry.get(column.key).and_then(|v| out(column.kind, v)) {
            rows[0].push((column.key, out));
        }
    }
    rows
}

/// The controls or actions an entry holds under the keys whose columns
/// have the prefix `prefix`: one (`kontroll`) or a list (`kontroller`).
fn parts<'v>(
    entry: &'v Value,
    part_keys: &[(&'static str, &'static str)],
    prefix: &str,
) -> Vec<&'v Value> {
    let Value::Object(keys) = entry else {
        return Vec::new();
    };
    keys.iter()
        .filter(|(key, _)| part_keys.contains(&(key.as_str(), prefix)))
        .flat_map(|(_, value)| match value {
            Value::Array(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            one => vec![one],
        })
        .collect()
}

/// The keys of entry type `T` that hold parts, with their columns' prefix
/// (`kontroll` and `kontroller` hold controls: `kontroll.…`).
pub fn part_keys<T: Describe>() -> Vec<(&'static str, &'static str)> {
    let (shape, defs) = Defs::of::<T>();
    let Some(entry) = defs.resolve(&shape) else {
        return Vec::new();
    };
    entry
        .fields
        .iter()
        .filter_map(|f| columns::part_prefix(f, &defs).map(|p| (f.key, p)))
        .collect()
}

/// A value as its column writes it.
fn out(kind: Kind, value: &Value) -> Option<Out> {
    let out = match (kind, value) {
        (_, Value::Null) => return None,
        (Kind::Int, Value::Number(n)) => Out::Int(n.as_i64()?),
        (Kind::Step, Value::Number(n)) => Out::Step(n.as_i64()?),
        (Kind::Date, Value::String(s)) => Out::Date(s.clone()),
        (_, Value::String(s)) => Out::Text(s.clone()),
        (_, Value::Number(n)) => Out::Text(n.to_string()),
        _ => return None,
    };
    Some(out)
}

/// An entry's own cells read, by key.
pub type OwnCells = Vec<(&'static str, Node)>;

/// An entry's parts read (a control, an action: one map per row), by the
/// parts' prefix.
pub type PartCells = Vec<(&'static str, Vec<Node>)>;

/// A risk read, with where it is grouped.
struct Placed {
    grouping: [Option<String>; 3],
    own: OwnCells,
    parts: PartCells,
}

/// The keys of a risk's own cells (not its grouping, nr, computed values
/// or parts).
fn own_columns(columns: &'static [Column]) -> impl Iterator<Item = &'static Column> {
    columns.iter().filter(|c| {
        !GROUPING.contains(&c.key)
            && c.key != "nr"
            && !c.key.contains('.')
            && !matches!(c.kind, Kind::Computed | Kind::Plan)
    })
}

/// The plan's risks read from the table, with every problem found.
pub fn read(table: &Table, model: &RiskModel, diags: &mut Diagnostics) -> (Node, usize) {
    let columns = columns::plan();
    let own_keys: Vec<&str> = own_columns(columns).map(|c| c.key).collect();
    let part_keys: Vec<&str> = columns
        .iter()
        .filter(|c| c.key.contains('.'))
        .map(|c| c.key)
        .collect();
    let mut placed: Vec<Placed> = Vec::new();
    let mut current: [Option<String>; 3] = [None, None, None];
    for row in table.rows() {
        let grouping: Vec<Option<String>> = GROUPING
            .iter()
            .map(|k| table.text(row, k).map(|s| s.trim().to_owned()))
            .collect();
        // Blank grouping cells (merged ones read blank below their first
        // row) take the value above, up to the first one filled in.
        if let Some(first) = grouping.iter().position(Option::is_some) {
            for (i, value) in grouping.into_iter().enumerate().skip(first) {
                current[i] = value;
            }
        }
        let own_blank = table.blank(row, &own_keys);
        let parts = read_parts(table, row, columns, diags);
        if table.blank(row, &["nr"]) {
            if own_blank && parts.is_empty() {
                continue; // A blank line, or a row naming only a group.
            }
            let Some(last) = placed.last_mut().filter(|_| own_blank) else {
                let key = own_keys
                    .iter()
                    .chain(&part_keys)
                    .find(|k| !table.blank(row, &[k]))
                    .copied()
                    .unwrap_or("nr");
                diags.push(
                    table
                        .error(row, "nr", "raden har innehåll men inget nr")
                        .hint(format!("innehållet börjar i {}", table.place(row, key)))
                        .hint("skriv riskens nr; en rad utan nr får bara ha en kontroll eller en åtgärd till risken ovanför"),
                );
                continue;
            };
            for (prefix, item) in parts {
                add_part(&mut last.parts, prefix, item);
            }
            continue;
        }
        let Some(nr) = table.int(row, "nr", "nr", diags) else {
            continue;
        };
        let mut own = vec![("nr", Node::Int(nr))];
        if !own_blank || !parts.is_empty() {
            read_own(table, row, model, &mut own, diags);
        }
        let mut risk = Placed {
            grouping: current.clone(),
            own,
            parts: Vec::new(),
        };
        for (prefix, item) in parts {
            add_part(&mut risk.parts, prefix, item);
        }
        placed.push(risk);
    }
    let rows = placed.len();
    (tree(placed), rows)
}

pub fn add_part(parts: &mut PartCells, prefix: &'static str, item: Node) {
    match parts.iter_mut().find(|(p, _)| *p == prefix) {
        Some((_, items)) => items.push(item),
        None => parts.push((prefix, vec![item])),
    }
}

/// A risk's own cells, in the sheet's (the type's) order; a riskvärde
/// typed into the sheet is checked once the ratings are read.
fn read_own(
    table: &Table,
    row: usize,
    model: &RiskModel,
    own: &mut OwnCells,
    diags: &mut Diagnostics,
) {
    let columns: Vec<&Column> = own_columns(columns::plan()).collect();
    let last_rating = columns.iter().rposition(|c| c.kind == Kind::Step);
    for (i, column) in columns.iter().enumerate() {
        let value = match column.kind {
            Kind::Step => {
                let (scale, labels) = if column.key == "konsekvens" {
                    (model.scale.consequence, &model.consequence_labels)
                } else {
                    (model.scale.likelihood, &model.likelihood_labels)
                };
                step(table, row, column.key, scale, labels, diags).map(Node::Int)
            }
            _ => read_cell(table, row, column, diags),
        };
        if let Some(value) = value {
            own.push((column.key, value));
        }
        if Some(i) == last_rating {
            check_risk_value(table, row, own, diags);
        }
    }
}

/// A cell as its column reads it, with a message naming the cell when it
/// is not what the column holds.
pub fn read_cell(
    table: &Table,
    row: usize,
    column: &Column,
    diags: &mut Diagnostics,
) -> Option<Node> {
    let key = column.key;
    match column.kind {
        Kind::Text => table.text(row, key).map(Node::Text),
        Kind::Int | Kind::Step => table.int(row, key, &column.what(), diags).map(Node::Int),
        Kind::Choice(words) => table
            .choice(row, key, &column.what(), words, diags)
            .map(|w| Node::Text(w.to_owned())),
        Kind::Date => table.date(row, key, &column.what(), diags).map(Node::Text),
        Kind::Computed | Kind::Plan => None,
    }
}

/// The parts (a control, an action) a row holds, each as a map of its
/// keys, by their columns' prefix; an action without its name is an error.
pub fn read_parts(
    table: &Table,
    row: usize,
    columns: &'static [Column],
    diags: &mut Diagnostics,
) -> Vec<(&'static str, Node)> {
    let mut parts: Vec<(&'static str, Node)> = Vec::new();
    let mut blank: Vec<&str> = Vec::new();
    for column in columns.iter().filter(|c| c.kind != Kind::Plan) {
        let Some((prefix, key)) = column.key.split_once('.') else {
            continue;
        };
        if blank.contains(&prefix) {
            continue;
        }
        let index = match parts.iter().position(|(p, _)| *p == prefix) {
            Some(i) => i,
            None => {
                let keys: Vec<&str> = columns
                    .iter()
                    .filter(|c| c.key.split_once('.').is_some_and(|(p, _)| p == prefix))
                    .map(|c| c.key)
                    .collect();
                if table.blank(row, &keys) {
                    blank.push(prefix);
                    continue;
                }
                parts.push((prefix, Node::map()));
                parts.len() - 1
            }
        };
        let value = read_cell(table, row, column, diags);
        let part = &mut parts[index].1;
        match value {
            Some(value) => part.insert(key, value),
            None if column.needed => {
                let (message, hint) = columns::unnamed(prefix);
                diags.push(table.error(row, column.key, message).hint(hint));
                part.insert(key, Node::Text(String::new()));
            }
            None => {}
        }
    }
    parts
}

/// A step on the scale: a number, "2 – Medelhög" as the dropdown writes
/// it, or the label alone.
fn step(
    table: &Table,
    row: usize,
    key: &str,
    scale: u8,
    labels: &[String],
    diags: &mut Diagnostics,
) -> Option<i64> {
    let allowed = || {
        let list: Vec<String> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {l}", i + 1))
            .collect();
        format!("tillåtna värden: {}", list.join(", "))
    };
    let value = match table.cell(row, key) {
        Cell::Empty => return None,
        Cell::Number(n) if n.fract() == 0.0 => Some(*n as i64),
        Cell::Text(s) => {
            let s = s.trim();
            let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
            let after = s[digits.len()..].trim_start();
            if !digits.is_empty() && (after.is_empty() || after.starts_with(['–', '-', ' '])) {
                digits.parse().ok()
            } else {
                labels
                    .iter()
                    .position(|l| l.to_lowercase() == s.to_lowercase())
                    .map(|i| i as i64 + 1)
            }
        }
        _ => None,
    };
    let Some(value) = value else {
        diags.push(
            table
                .error(
                    row,
                    key,
                    format!(
                        "{key} {} är varken ett steg på skalan eller en av modellens benämningar",
                        shown(table.cell(row, key))
                    ),
                )
                .hint(allowed()),
        );
        return None;
    };
    if !(1..=scale as i64).contains(&value) {
        diags.push(
            table
                .error(
                    row,
                    key,
                    format!("{key} {value} ligger utanför skalan 1–{scale}"),
                )
                .hint(allowed()),
        );
        return None;
    }
    Some(value)
}

/// A riskvärde typed into the sheet is a claim: it must be S × K. The
/// tool's own formula is left alone; it computes the value itself.
fn check_risk_value(
    table: &Table,
    row: usize,
    own: &[(&'static str, Node)],
    diags: &mut Diagnostics,
) {
    if !table.has("riskvärde") || table.is_formula(row, "riskvärde") {
        return;
    }
    let stated = match table.cell(row, "riskvärde") {
        Cell::Empty => return,
        Cell::Number(n) => *n,
        Cell::Text(s) => match s.trim().replace(',', ".").parse::<f64>() {
            Ok(n) => n,
            Err(_) => {
                diags.push(
                    table
                        .error(row, "riskvärde", format!("riskvärde {} är inget tal", shown(table.cell(row, "riskvärde"))))
                        .hint("ta bort värdet; verktyget räknar ut riskvärdet som sannolikhet × konsekvens"),
                );
                return;
            }
        },
        _ => return,
    };
    let rating = |key: &str| {
        own.iter().find_map(|(k, v)| match v {
            Node::Int(n) if *k == key => Some(*n),
            _ => None,
        })
    };
    match rating(columns::RATINGS[0]).zip(rating(columns::RATINGS[1])) {
        Some((s, k)) if (s * k) as f64 != stated => diags.push(
            table
                .error(
                    row,
                    "riskvärde",
                    format!(
                        "riskvärde {} stämmer inte med sannolikhet {s} × konsekvens {k} = {}",
                        super::read::number_text(stated),
                        s * k
                    ),
                )
                .hint("rätta sannolikhet eller konsekvens, eller ta bort riskvärdet så räknar verktyget fram det"),
        ),
        Some(_) => {}
        None => diags.push(
            table
                .error(row, "riskvärde", "riskvärdet står utan både sannolikhet och konsekvens")
                .hint("ange sannolikhet och konsekvens; riskvärdet räknas fram ur dem och skrivs aldrig in"),
        ),
    }
}

/// An entry's map in its type's key order: its own values, then each part
/// under the key that holds it (one under `kontroll`, several under
/// `kontroller`; `åtgärder` holds a list).
pub fn entry_node<T: Describe>(own: OwnCells, parts: PartCells) -> Node {
    let (shape, defs) = Defs::of::<T>();
    let Some(entry) = defs.resolve(&shape) else {
        return Node::map();
    };
    let mut node = Node::map();
    for field in &entry.fields {
        if let Some(prefix) = columns::part_prefix(field, &defs) {
            let Some((_, items)) = parts.iter().find(|(p, _)| *p == prefix) else {
                continue;
            };
            let holds_one = !matches!(field.shape, Shape::List(_));
            let has_one = entry.fields.iter().any(|f| {
                !matches!(f.shape, Shape::List(_)) && columns::part_prefix(f, &defs) == Some(prefix)
            });
            match (holds_one, items.len()) {
                (true, 1) => node.insert(field.key, items[0].clone()),
                (false, n) if n > 1 || (n == 1 && !has_one) => {
                    node.insert(field.key, Node::List(items.clone()))
                }
                _ => {}
            }
        } else if let Some((_, value)) = own.iter().find(|(k, _)| *k == field.key) {
            node.insert(field.key, value.clone());
        }
    }
    node
}

/// Rows grouped as the file groups them: runs of the same mål, process and
/// delprocess, in the sheet's order.
fn tree(placed: Vec<Placed>) -> Node {
    let risks: Rows = placed
        .into_iter()
        .map(|p| (p.grouping, entry_node::<RiskEntry>(p.own, p.parts)))
        .collect();
    let grouped_by = |level: usize| risks.iter().any(|(g, _)| g[level].is_some());
    let mut table = Node::map();
    if grouped_by(0) {
        let goals = runs(risks, 0)
            .into_iter()
            .map(|(goal, rows)| {
                let mut node = Node::map();
                node.insert("mål", Node::Text(goal.unwrap_or_default()));
                node.insert("processer", Node::List(processes(rows)));
                node
            })
            .collect();
        table.insert("mål", Node::List(goals));
    } else if grouped_by(1) {
        table.insert("processer", Node::List(processes(risks)));
    } else {
        table.insert(
            "risker",
            Node::List(risks.into_iter().map(|(_, r)| r).collect()),
        );
    }
    table
}

type Rows = Vec<([Option<String>; 3], Node)>;

fn processes(rows: Rows) -> Vec<Node> {
    runs(rows, 1)
        .into_iter()
        .map(|(process, rows)| {
            let mut subprocesses = Vec::new();
            let mut direct = Vec::new();
            for (sub, rows) in runs(rows, 2) {
                let risks: Vec<Node> = rows.into_iter().map(|(_, r)| r).collect();
                match sub {
                    Some(name) => {
                        let mut node = Node::map();
                        node.insert("delprocess", Node::Text(name));
                        node.insert("risker", Node::List(risks));
                        subprocesses.push(node);
                    }
                    None => direct.extend(risks),
                }
            }
            let mut node = Node::map();
            node.insert("process", Node::Text(process.unwrap_or_default()));
            if !subprocesses.is_empty() {
                node.insert("delprocesser", Node::List(subprocesses));
            }
            if !direct.is_empty() {
                node.insert("risker", Node::List(direct));
            }
            node
        })
        .collect()
}

/// Consecutive rows with the same value at `level`.
fn runs(rows: Rows, level: usize) -> Vec<(Option<String>, Rows)> {
    let mut out: Vec<(Option<String>, Rows)> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some((value, group)) if *value == row.0[level] => group.push(row),
            _ => out.push((row.0[level].clone(), vec![row])),
        }
    }
    out
}
