//! A follow-up as the rows of the sheet "Uppföljning", and back: T2 one row
//! per risk, VB one row per result of a control and a row more (without
//! nr) for each further förbättringsåtgärd. The plan's text stands beside
//! them, locked, for reference.

use super::plan::{action_cells, read_action};
use super::read::Table;
use super::write::{Line, Out};
use super::yaml::{self, T2Table, VbTable};
use crate::diag::Diagnostics;
use crate::model::{FollowsPlan, Outcome, T2File, VbFile};
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

fn text(key: &'static str, value: &Option<String>, line: &mut Line) {
    if let Some(value) = value {
        line.push((key, Out::Text(value.clone())));
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
    file.risker
        .iter()
        .map(|entry| {
            let mut line = vec![("nr", Out::Int(entry.nr.value))];
            plan_cells(plan, scored, entry.nr.value, None, &mut line);
            text("ansvarsområde", &entry.ansvarsomrade, &mut line);
            text(
                "befintliga_aktiviteter",
                &entry.befintliga_aktiviteter,
                &mut line,
            );
            text("planerad_hantering", &entry.planerad_hantering, &mut line);
            let follows = match entry.foljer_plan.value {
                FollowsPlan::Ja => "ja",
                FollowsPlan::Nej => "nej",
                FollowsPlan::Delvis => "delvis",
            };
            line.push(("följer_plan", Out::Text(follows.to_owned())));
            text("kommentar", &entry.kommentar, &mut line);
            line
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
    let mut lines = Vec::new();
    for entry in &file.kontroller {
        let nr = entry.nr.value;
        let mut line = vec![("nr", Out::Int(nr))];
        let control = entry.kontroll.as_ref().map(|k| k.value);
        if let Some(k) = control {
            line.push(("kontroll", Out::Int(k)));
        }
        let index = control
            .and_then(|k| usize::try_from(k - 1).ok())
            .unwrap_or(0);
        plan_cells(plan, scored, nr, Some(index), &mut line);
        if let Some(outcome) = &entry.resultat {
            line.push((
                "resultat",
                Out::Text(outcome_word(outcome.value).to_owned()),
            ));
        }
        text("rubrik", &entry.rubrik, &mut line);
        text("resultattext", &entry.resultattext, &mut line);
        let mut actions = entry.forbattringsatgarder.iter();
        if let Some(first) = actions.next() {
            action_cells(first, &mut line);
        }
        lines.push(line);
        for action in actions {
            let mut more = Vec::new();
            action_cells(action, &mut more);
            lines.push(more);
        }
    }
    lines
}

const OUTCOMES: [&str; 3] = ["genomförd", "delvis genomförd", "ej genomförd"];

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Genomford => OUTCOMES[0],
        Outcome::DelvisGenomford => OUTCOMES[1],
        Outcome::EjGenomford => OUTCOMES[2],
    }
}

const T2_INPUT: &[&str] = &[
    "ansvarsområde",
    "befintliga_aktiviteter",
    "planerad_hantering",
    "följer_plan",
    "kommentar",
];

/// The T2 entries read; a row left blank is a risk not reported on.
pub fn read_t2(table: &Table, diags: &mut Diagnostics) -> (T2Table, usize) {
    let mut risker = Vec::new();
    for row in table.rows() {
        if table.blank(row, T2_INPUT) {
            continue;
        }
        let Some(nr) = table.int(row, "nr", "nr", diags) else {
            if table.blank(row, &["nr"]) {
                diags.push(
                    table
                        .error(row, "nr", "raden har innehåll men inget nr")
                        .hint("skriv riskens nr"),
                );
            }
            continue;
        };
        let foljer_plan = table.choice(
            row,
            "följer_plan",
            "följer plan",
            &["ja", "nej", "delvis"],
            diags,
        );
        if foljer_plan.is_none() && table.blank(row, &["följer_plan"]) {
            diags.push(
                table
                    .error(row, "följer_plan", "följer plan saknas")
                    .hint("välj ja, nej eller delvis"),
            );
        }
        risker.push(yaml::T2Entry {
            nr,
            ansvarsomrade: table.text(row, "ansvarsområde"),
            befintliga_aktiviteter: table.text(row, "befintliga_aktiviteter"),
            planerad_hantering: table.text(row, "planerad_hantering"),
            foljer_plan,
            kommentar: table.text(row, "kommentar"),
        });
    }
    let rows = risker.len();
    (T2Table { risker }, rows)
}

/// The VB entries read; a control whose row has only its nr is not yet
/// assessed ("ej bedömd", as in the YAML), a row without nr adds an åtgärd
/// to the one above.
pub fn read_vb(table: &Table, diags: &mut Diagnostics) -> (VbTable, usize) {
    let mut kontroller: Vec<yaml::VbEntry> = Vec::new();
    let own = ["resultat", "rubrik", "resultattext"];
    for row in table.rows() {
        let action = read_action(table, row, diags);
        if table.blank(row, &["nr"]) {
            if table.blank(row, &own) && action.is_none() {
                continue; // A blank line.
            }
            match kontroller.last_mut().filter(|_| table.blank(row, &own)) {
                Some(last) => last.forbattringsatgarder.extend(action),
                None => diags.push(
                    table
                        .error(row, "nr", "raden har innehåll men inget nr")
                        .hint("skriv riskens nr; en rad utan nr får bara ha en förbättringsåtgärd till raden ovanför"),
                ),
            }
            continue;
        }
        let Some(nr) = table.int(row, "nr", "nr", diags) else {
            continue;
        };
        kontroller.push(yaml::VbEntry {
            nr,
            kontroll: table.int(row, "kontroll", "kontroll nr", diags),
            resultat: table.choice(row, "resultat", "resultat", &OUTCOMES, diags),
            rubrik: table.text(row, "rubrik"),
            resultattext: table.text(row, "resultattext"),
            forbattringsatgarder: action.into_iter().collect(),
        });
    }
    let rows = kontroller.len();
    (VbTable { kontroller }, rows)
}
