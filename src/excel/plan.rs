//! A plan's risks as the rows of the sheet "Risker", and back: one row per
//! placement of a risk, and a row more (without nr) for each further
//! control or åtgärd of a risk.

use super::columns::{self, PLAN, PLAN_ALWAYS};
use super::read::{Cell, Table, shown};
use super::write::{Line, Out};
use super::yaml::{self, PlanTable};
use crate::diag::Diagnostics;
use crate::model::{
    ActionDef, ActionStatus, Control, ControlsExist, JaNej, PlanFile, ProcessDef, RiskEntry,
};
use crate::validate::RiskModel;

/// The grouping columns, outermost first.
const GROUPING: [&str; 3] = ["mål", "process", "delprocess"];

/// Every row of the plan's risks, in the file's order.
pub fn lines(plan: &PlanFile) -> Vec<Line> {
    let mut lines = Vec::new();
    if let Some(goals) = &plan.mal {
        for goal in &goals.value {
            for process in &goal.processer {
                process_lines(Some(&goal.mal.value), process, &mut lines);
            }
        }
    }
    if let Some(processes) = &plan.processer {
        for process in &processes.value {
            process_lines(None, process, &mut lines);
        }
    }
    if let Some(risks) = &plan.risker {
        for risk in &risks.value {
            risk_lines(&[None, None, None], risk, &mut lines);
        }
    }
    lines
}

/// The columns the sheet shows: the usual ones and any the plan uses.
pub fn shown_columns(lines: &[Line]) -> Vec<&'static columns::Column> {
    PLAN.iter()
        .filter(|c| {
            PLAN_ALWAYS.contains(&c.key) || lines.iter().any(|l| l.iter().any(|(k, _)| *k == c.key))
        })
        .collect()
}

fn process_lines(goal: Option<&String>, process: &ProcessDef, lines: &mut Vec<Line>) {
    let name = Some(&process.process.value);
    for sub in process.delprocesser.iter().flatten() {
        for risk in &sub.risker {
            risk_lines(&[goal, name, Some(&sub.delprocess.value)], risk, lines);
        }
    }
    for risk in process.risker.iter().flatten() {
        risk_lines(&[goal, name, None], risk, lines);
    }
}

fn ja_nej(value: JaNej) -> Out {
    Out::Text(
        match value {
            JaNej::Ja => "ja",
            JaNej::Nej => "nej",
        }
        .to_owned(),
    )
}

fn risk_lines(grouping: &[Option<&String>; 3], risk: &RiskEntry, lines: &mut Vec<Line>) {
    let group: Line = GROUPING
        .iter()
        .zip(grouping)
        .filter_map(|(key, value)| value.map(|v| (*key, Out::Text(v.clone()))))
        .collect();
    let mut first = group.clone();
    first.push(("nr", Out::Int(risk.nr.value)));
    let mut put = |key: &'static str, value: Option<Out>| {
        if let Some(value) = value {
            first.push((key, value));
        }
    };
    let text = |s: &Option<String>| s.clone().map(Out::Text);
    put(
        "tidigare_nr",
        risk.tidigare_nr.as_ref().map(|n| Out::Int(n.value)),
    );
    put("omprövas", risk.omprovas.as_ref().map(|v| ja_nej(v.value)));
    put("risk", text(&risk.risk));
    put("beskrivning", text(&risk.beskrivning));
    put("förebyggande_hantering", text(&risk.forebyggande_hantering));
    put(
        "sannolikhet",
        risk.sannolikhet.as_ref().map(|v| Out::Step(v.value)),
    );
    put(
        "konsekvens",
        risk.konsekvens.as_ref().map(|v| Out::Step(v.value)),
    );
    put("antaget", risk.antaget.as_ref().map(|v| ja_nej(v.value)));
    put("ikp", risk.ikp.as_ref().map(|v| ja_nej(v.value)));
    put("motivering", text(&risk.motivering));
    put("direktåtgärder", text(&risk.direktatgarder));
    put(
        "finns_kontroller",
        risk.finns_kontroller.as_ref().map(|v| {
            Out::Text(
                match v.value {
                    ControlsExist::Ja => "ja",
                    ControlsExist::Nej => "nej",
                    ControlsExist::TillVissDel => "till viss del",
                }
                .to_owned(),
            )
        }),
    );
    put("befintliga_kontroller", text(&risk.befintliga_kontroller));
    put("åtgärder_inledning", text(&risk.atgarder_inledning));
    put("uppföljningsmetod", text(&risk.uppfoljningsmetod));
    put("granskningsmetod", text(&risk.granskningsmetod));

    let controls: Vec<&Control> = match (&risk.kontroll, &risk.kontroller) {
        (Some(one), _) => vec![one],
        (None, Some(many)) => many.value.iter().collect(),
        (None, None) => Vec::new(),
    };
    let actions: &[ActionDef] = risk.atgarder.as_deref().unwrap_or(&[]);
    let extra = controls.len().max(actions.len()).max(1);
    let mut rows = vec![first];
    rows.extend((1..extra).map(|_| group.clone()));
    for (row, control) in rows.iter_mut().zip(&controls) {
        control_cells(control, row);
    }
    for (row, action) in rows.iter_mut().zip(actions) {
        action_cells(action, row);
    }
    lines.extend(rows);
}

fn control_cells(control: &Control, row: &mut Line) {
    let fields = [
        ("kontroll.kontrollmoment", &control.kontrollmoment),
        ("kontroll.kontrollaktivitet", &control.kontrollaktivitet),
        ("kontroll.ansvarig", &control.ansvarig),
        ("kontroll.tidpunkt", &control.tidpunkt),
        ("kontroll.rapportering", &control.rapportering),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            row.push((key, Out::Text(value.clone())));
        }
    }
}

/// An action's cells (shared with the VB's förbättringsåtgärder).
pub fn action_cells(action: &ActionDef, row: &mut Line) {
    row.push(("åtgärd.åtgärd", Out::Text(action.atgard.value.clone())));
    let fields = [
        ("åtgärd.beskrivning", &action.beskrivning),
        ("åtgärd.ansvarig", &action.ansvarig),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            row.push((key, Out::Text(value.clone())));
        }
    }
    if let Some(start) = &action.start {
        row.push(("åtgärd.start", Out::Date(start.value.clone())));
    }
    if let Some(end) = &action.slut {
        row.push(("åtgärd.slut", Out::Date(end.value.clone())));
    }
    if let Some(status) = action.status {
        let word = match status {
            ActionStatus::EjPaborjad => "ej påbörjad",
            ActionStatus::Pagar => "pågår",
            ActionStatus::Klar => "klar",
        };
        row.push(("åtgärd.status", Out::Text(word.to_owned())));
    }
}

/// The keys of a risk's own cells (not its grouping, nr or computed values).
const RISK_KEYS: &[&str] = &[
    "tidigare_nr",
    "omprövas",
    "risk",
    "beskrivning",
    "förebyggande_hantering",
    "sannolikhet",
    "konsekvens",
    "antaget",
    "ikp",
    "motivering",
    "direktåtgärder",
    "finns_kontroller",
    "befintliga_kontroller",
    "åtgärder_inledning",
    "uppföljningsmetod",
    "granskningsmetod",
];

const CONTROL_KEYS: &[&str] = &[
    "kontroll.kontrollmoment",
    "kontroll.kontrollaktivitet",
    "kontroll.ansvarig",
    "kontroll.tidpunkt",
    "kontroll.rapportering",
];

/// The keys of an action's cells.
pub const ACTION_KEYS: &[&str] = &[
    "åtgärd.åtgärd",
    "åtgärd.beskrivning",
    "åtgärd.ansvarig",
    "åtgärd.start",
    "åtgärd.slut",
    "åtgärd.status",
];

/// A risk read, with where it is grouped.
struct Placed {
    grouping: [Option<String>; 3],
    risk: yaml::Risk,
    controls: Vec<yaml::Control>,
    actions: Vec<yaml::Action>,
}

/// The plan's risks read from the table, with every problem found.
pub fn read(table: &Table, model: &RiskModel, diags: &mut Diagnostics) -> (PlanTable, usize) {
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
        let own_blank = table.blank(row, RISK_KEYS);
        let control = read_control(table, row);
        let action = read_action(table, row, diags);
        if table.blank(row, &["nr"]) {
            if own_blank && control.is_empty() && action.is_none() {
                continue; // A blank line, or a row naming only a group.
            }
            let Some(last) = placed.last_mut().filter(|_| own_blank) else {
                let key = RISK_KEYS
                    .iter()
                    .chain(CONTROL_KEYS)
                    .chain(ACTION_KEYS)
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
            if !control.is_empty() {
                last.controls.push(control);
            }
            last.actions.extend(action);
            continue;
        }
        let Some(nr) = table.int(row, "nr", "nr", diags) else {
            continue;
        };
        let mut risk = yaml::Risk {
            nr,
            ..Default::default()
        };
        if !own_blank || !control.is_empty() || action.is_some() {
            read_risk(table, row, model, &mut risk, diags);
        }
        placed.push(Placed {
            grouping: current.clone(),
            risk,
            controls: if control.is_empty() {
                Vec::new()
            } else {
                vec![control]
            },
            actions: action.into_iter().collect(),
        });
    }
    let rows = placed.len();
    (tree(placed), rows)
}

fn read_risk(
    table: &Table,
    row: usize,
    model: &RiskModel,
    risk: &mut yaml::Risk,
    diags: &mut Diagnostics,
) {
    let yes_no = ["ja", "nej"];
    risk.tidigare_nr = table.int(row, "tidigare_nr", "tidigare nr", diags);
    risk.omprovas = table.choice(row, "omprövas", "omprövas", &yes_no, diags);
    risk.risk = table.text(row, "risk");
    risk.beskrivning = table.text(row, "beskrivning");
    risk.forebyggande_hantering = table.text(row, "förebyggande_hantering");
    risk.sannolikhet = step(
        table,
        row,
        "sannolikhet",
        model.scale.likelihood,
        &model.likelihood_labels,
        diags,
    );
    risk.konsekvens = step(
        table,
        row,
        "konsekvens",
        model.scale.consequence,
        &model.consequence_labels,
        diags,
    );
    check_risk_value(table, row, risk, diags);
    risk.antaget = table.choice(row, "antaget", "antaget", &yes_no, diags);
    risk.ikp = table.choice(row, "ikp", "IKP", &yes_no, diags);
    risk.motivering = table.text(row, "motivering");
    risk.direktatgarder = table.text(row, "direktåtgärder");
    risk.finns_kontroller = table.choice(
        row,
        "finns_kontroller",
        "finns kontroller",
        &["ja", "nej", "till viss del"],
        diags,
    );
    risk.befintliga_kontroller = table.text(row, "befintliga_kontroller");
    risk.atgarder_inledning = table.text(row, "åtgärder_inledning");
    risk.uppfoljningsmetod = table.text(row, "uppföljningsmetod");
    risk.granskningsmetod = table.text(row, "granskningsmetod");
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
fn check_risk_value(table: &Table, row: usize, risk: &yaml::Risk, diags: &mut Diagnostics) {
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
    match risk.sannolikhet.zip(risk.konsekvens) {
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

fn read_control(table: &Table, row: usize) -> yaml::Control {
    yaml::Control {
        kontrollmoment: table.text(row, "kontroll.kontrollmoment"),
        kontrollaktivitet: table.text(row, "kontroll.kontrollaktivitet"),
        ansvarig: table.text(row, "kontroll.ansvarig"),
        tidpunkt: table.text(row, "kontroll.tidpunkt"),
        rapportering: table.text(row, "kontroll.rapportering"),
    }
}

/// An action's cells (shared with the VB's förbättringsåtgärder).
pub fn read_action(table: &Table, row: usize, diags: &mut Diagnostics) -> Option<yaml::Action> {
    if table.blank(row, ACTION_KEYS) {
        return None;
    }
    let title = table.text(row, "åtgärd.åtgärd");
    if title.is_none() {
        diags.push(
            table
                .error(row, "åtgärd.åtgärd", "åtgärden saknar namn")
                .hint("skriv åtgärden; beskrivning, ansvarig, start, slut och status hör till den"),
        );
    }
    Some(yaml::Action {
        atgard: title.unwrap_or_default(),
        beskrivning: table.text(row, "åtgärd.beskrivning"),
        ansvarig: table.text(row, "åtgärd.ansvarig"),
        start: table.date(row, "åtgärd.start", "start", diags),
        slut: table.date(row, "åtgärd.slut", "slut", diags),
        status: table.choice(
            row,
            "åtgärd.status",
            "status",
            &["ej påbörjad", "pågår", "klar"],
            diags,
        ),
    })
}

/// Rows grouped as the file groups them: runs of the same mål, process and
/// delprocess, in the sheet's order.
fn tree(placed: Vec<Placed>) -> PlanTable {
    let risks: Vec<([Option<String>; 3], yaml::Risk)> = placed
        .into_iter()
        .map(|mut p| {
            match p.controls.len() {
                0 => {}
                1 => p.risk.kontroll = p.controls.pop(),
                _ => p.risk.kontroller = Some(p.controls),
            }
            if !p.actions.is_empty() {
                p.risk.atgarder = Some(p.actions);
            }
            (p.grouping, p.risk)
        })
        .collect();
    let grouped_by = |level: usize| risks.iter().any(|(g, _)| g[level].is_some());
    if grouped_by(0) {
        let goals = runs(risks, 0)
            .into_iter()
            .map(|(goal, rows)| yaml::Goal {
                mal: goal.unwrap_or_default(),
                processer: processes(rows),
            })
            .collect();
        PlanTable {
            mal: Some(goals),
            ..Default::default()
        }
    } else if grouped_by(1) {
        PlanTable {
            processer: Some(processes(risks)),
            ..Default::default()
        }
    } else {
        PlanTable {
            risker: Some(risks.into_iter().map(|(_, r)| r).collect()),
            ..Default::default()
        }
    }
}

type Rows = Vec<([Option<String>; 3], yaml::Risk)>;

fn processes(rows: Rows) -> Vec<yaml::Process> {
    runs(rows, 1)
        .into_iter()
        .map(|(process, rows)| {
            let mut out = yaml::Process {
                process: process.unwrap_or_default(),
                delprocesser: None,
                risker: None,
            };
            for (sub, rows) in runs(rows, 2) {
                let risks = rows.into_iter().map(|(_, r)| r).collect();
                match sub {
                    Some(name) => {
                        out.delprocesser
                            .get_or_insert_with(Vec::new)
                            .push(yaml::Subprocess {
                                delprocess: name,
                                risker: risks,
                            })
                    }
                    None => out.risker.get_or_insert_with(Vec::new).extend(risks),
                }
            }
            out
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
