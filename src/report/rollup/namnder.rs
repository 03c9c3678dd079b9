//! The nämnder side by side, with the sums under them.

use super::chapter::{CityChapterView, CityPart, paragraph};
use super::pieces::{FOLLOWS, broken, broken_cell, levels_cell, plans, push_tally};
use super::words::{missing_text, verdict_light, verdict_word};
use crate::model::Verdict;
use crate::report::lights::{GREY, RED};
use crate::report::table::{ColumnView, GroupPart, Page, TableBuilder};
use crate::report::view::CellView;
use crate::score::rollup::{CityPicture, LevelCount, NamndRow, Part, PlanFacts};
use crate::score::vb::Tally;
use crate::swedish;
use crate::swedish::Hyphenation;
use crate::validate::city::City;
use std::path::Path;

/// The nämnder side by side.
pub(super) fn namnder(
    city: &City,
    picture: &CityPicture,
    root: &Path,
    words: &Hyphenation,
) -> CityChapterView {
    let columns = vec![
        ColumnView::fr("Nämnd", 1.2),
        ColumnView::fr("Värderade risker per nivå", 1.9),
        ColumnView::cm("Totalt", 1.5),
        ColumnView::cm("Ej värderade", 1.9),
        ColumnView::cm("Kontroller i IKP", 2.0),
        ColumnView::fr("Senaste resultat", 1.7),
        ColumnView::fr("Bedömning i VB", 1.3),
    ];
    let mut table = TableBuilder::new(columns);
    for row in &picture.rows {
        table.push(None, Vec::new(), vec![namnd_row(row, root)]);
    }
    let sums = sum_rows(picture);
    if !sums.is_empty() {
        let heading = GroupPart {
            label: "Summor".into(),
            text: "för nämnder med samma nivåer".into(),
        };
        table.push(Some(heading), Vec::new(), sums);
    }
    let blocks = vec![paragraph(format!(
        "Varje nämnd räknas i sin egen riskmodells nivåer, som i nämndens väsentlighets- och riskanalys: totalt är de värderade riskerna, och de som inte är värderade står för sig. Stapeln visar fördelningen i nämndens färger, högsta nivån först som talen under den. Senaste resultat är kontrollernas resultat i verksamhetsberättelsen (VB) när nämnden har en för {}; annars om riskernas hantering följer planen enligt tertialrapport 2 (T2). En kontroll som verksamhetsberättelsen inte nämner räknas som ej rapporterad.",
        city.ar
    ))];
    let mut notes = Vec::new();
    if !picture.missing.is_empty() {
        let names: Vec<String> = picture.missing.iter().map(missing_text).collect();
        notes.push(format!(
            "Saknas i sammanställningen, utan plan för {}: {}.",
            city.ar,
            swedish::join(&names)
        ));
    }
    CityChapterView {
        parts: vec![CityPart {
            heading: None,
            blocks,
            table: Some(table.finish(Page::Landscape, words)),
            notes,
        }],
    }
}

/// One nämnd's row.
pub(super) fn namnd_row(row: &NamndRow, root: &Path) -> Vec<CellView> {
    let mut name = CellView::empty();
    name.push(&row.namnd, "strong");
    let Some(plan) = row.plan.found() else {
        let cell = broken_cell(broken(&row.plan).map_or(&[][..], Vec::as_slice), root);
        let dash = || CellView::text("–").centered();
        return vec![
            name,
            cell,
            dash(),
            dash(),
            dash(),
            CellView::empty(),
            CellView::empty(),
        ];
    };
    vec![
        name,
        levels_cell(&plan.levels),
        CellView::text(&plan.rated().to_string()).centered(),
        CellView::text(&plan.unrated.len().to_string()).centered(),
        CellView::text(&plan.ikp_controls.to_string()).centered(),
        latest_cell(row, plan, root),
        verdict_cell(row),
    ]
}

/// The latest follow-up of a nämnd's controls: the VB's results, or else
/// the T2's answers, saying which.
pub(super) fn latest_cell(row: &NamndRow, plan: &PlanFacts, root: &Path) -> CellView {
    let mut cell = CellView::empty();
    match (&row.vb, &row.t2) {
        (Part::Found(vb), _) => {
            cell.push(&format!("VB {}", swedish::iso_date(vb.date)), "muted");
            push_tally(&mut cell, &vb.tally);
        }
        (Part::Broken(problems), _) => return broken_cell(problems, root),
        (Part::Missing, Part::Found(t2)) => {
            cell.push(
                &format!("T2 {}, följer planen:", swedish::iso_date(t2.date)),
                "muted",
            );
            for (word, wanted, color) in FOLLOWS {
                let n = plan
                    .ikp
                    .iter()
                    .filter(|r| t2.follows(r.nr) == Some(wanted))
                    .count();
                if n > 0 {
                    cell.push_light(&format!("{word} {n}"), "plain", color);
                }
            }
            let left_out = plan
                .ikp
                .iter()
                .filter(|r| t2.follows(r.nr).is_none())
                .count();
            if left_out > 0 {
                cell.push_light(&format!("Ej med i T2 {left_out}"), "plain", GREY);
            }
            cell.push("verksamhetsberättelsen saknas", "muted");
        }
        (Part::Missing, Part::Broken(problems)) => return broken_cell(problems, root),
        (Part::Missing, Part::Missing) => {
            cell.push_light("Ingen uppföljning", "plain", GREY);
            cell.push("varken T2 eller VB i underlaget", "muted");
        }
    }
    cell
}

pub(super) fn verdict_cell(row: &NamndRow) -> CellView {
    let mut cell = CellView::empty();
    match &row.vb {
        Part::Found(vb) => {
            cell.push_light(
                &swedish::capitalise(verdict_word(vb.verdict)),
                "strong",
                verdict_light(vb.verdict),
            );
        }
        Part::Missing => {
            cell.push_light("Ej rapporterad", "plain", GREY);
        }
        Part::Broken(_) => {
            cell.push_light("Fel i underlaget", "plain", RED);
        }
    }
    if let Some(before) = &row.last_vb {
        let year = row.plan.found().map(|p| p.year - 1).unwrap_or_default();
        cell.push(
            &format!("{year}: {}", verdict_word(before.verdict)),
            "muted",
        );
    }
    cell
}

/// The sums under the nämnder: per set of level names, the risks level by
/// level (unlike levels are never added together); then, when the
/// nämnder use more than one set, every nämnd together in what can be added.
pub(super) fn sum_rows(picture: &CityPicture) -> Vec<Vec<CellView>> {
    let plans = plans(picture);
    if plans.len() < 2 {
        return Vec::new();
    }
    let names = |p: &PlanFacts| p.levels.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
    let mut sets: Vec<Vec<String>> = Vec::new();
    for (_, plan) in &plans {
        if !sets.contains(&names(plan)) {
            sets.push(names(plan));
        }
    }
    let mut rows = Vec::new();
    for set in &sets {
        let members: Vec<(&NamndRow, &PlanFacts)> = plans
            .iter()
            .filter(|(_, p)| names(p) == *set)
            .copied()
            .collect();
        let levels: Vec<LevelCount> = members[0]
            .1
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| LevelCount {
                count: members.iter().map(|(_, p)| p.levels[i].count).sum(),
                ..level.clone()
            })
            .collect();
        let mut name = CellView::empty();
        name.push(
            if sets.len() == 1 {
                "Alla nämnder"
            } else {
                "Summa"
            },
            "strong",
        );
        if sets.len() > 1 {
            name.push(
                &set.iter().rev().cloned().collect::<Vec<_>>().join(" · "),
                "muted",
            );
            let who: Vec<&str> = members.iter().map(|(r, _)| r.namnd.as_str()).collect();
            name.push(&swedish::join(&who), "muted");
        }
        rows.push(sum_row(name, levels_cell(&levels), &members));
    }
    if sets.len() > 1 {
        let mut name = CellView::empty();
        name.push("Alla nämnder", "strong");
        let mut level_cell = CellView::empty();
        level_cell.push(
            &format!(
                "Olika nivåer i {} uppsättningar; se summorna ovan",
                swedish::count_in_words(sets.len(), false)
            ),
            "muted",
        );
        rows.push(sum_row(name, level_cell, &plans));
    }
    rows
}

/// A sum row of `members`: what can be added, added, with every category
/// counted so that the parts make the whole.
pub(super) fn sum_row(
    name: CellView,
    levels: CellView,
    members: &[(&NamndRow, &PlanFacts)],
) -> Vec<CellView> {
    let sum = |f: &dyn Fn(&PlanFacts) -> usize| {
        CellView::text(&members.iter().map(|(_, p)| f(p)).sum::<usize>().to_string()).centered()
    };
    let mut tally = Tally::default();
    let mut without = 0;
    for (row, plan) in members {
        match row.vb.found() {
            Some(vb) => tally.add(&vb.tally),
            None => without += plan.ikp_controls,
        }
    }
    let mut latest = CellView::empty();
    if tally.total() > 0 {
        latest.push("VB", "muted");
        push_tally(&mut latest, &tally);
    }
    if without > 0 {
        latest.push_light(&format!("Utan VB {without}"), "plain", GREY);
    }
    let mut verdicts = CellView::empty();
    for verdict in [
        Verdict::Tillracklig,
        Verdict::DelvisTillracklig,
        Verdict::Otillracklig,
    ] {
        let n = members
            .iter()
            .filter(|(r, _)| r.vb.found().is_some_and(|vb| vb.verdict == verdict))
            .count();
        if n > 0 {
            verdicts.push_light(
                &format!("{} {n}", swedish::capitalise(verdict_word(verdict))),
                "plain",
                verdict_light(verdict),
            );
        }
    }
    let missing = members
        .iter()
        .filter(|(r, _)| matches!(r.vb, Part::Missing))
        .count();
    if missing > 0 {
        verdicts.push_light(&format!("Ej rapporterad {missing}"), "plain", GREY);
    }
    let failed = members
        .iter()
        .filter(|(r, _)| matches!(r.vb, Part::Broken(_)))
        .count();
    if failed > 0 {
        verdicts.push_light(&format!("Fel i underlaget {failed}"), "plain", RED);
    }
    vec![
        name,
        levels,
        sum(&|p| p.rated()),
        sum(&|p| p.unrated.len()),
        sum(&|p| p.ikp_controls),
        latest,
        verdicts,
    ]
}
