//! Every risk on a nämnd's highest level, with its latest result: the
//! VB's when there is one, else the T2's, saying which.

use super::pieces::FOLLOWS;
use super::words::{counted, number, numerals, top_names};
use super::{CityChapterView, CityPart, KONTROLL, RISK, paragraph, plans};
use crate::model::{FollowsPlan, Outcome};
use crate::report::table::{ColumnView, GroupPart, Page, TableBuilder};
use crate::report::vb::{GREY, RED, Shown};
use crate::report::view::CellView;
use crate::score::rollup::{CityPicture, NamndRow, Part, TopRisk, VbFacts};
use crate::swedish;
use crate::swedish::Hyphenation;
use crate::validate::Scale;

/// The latest result of a risk on the highest level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Latest {
    /// The VB's result of its control (the worst of several).
    Vb(Shown),
    /// The T2's answer.
    T2(FollowsPlan),
    /// In the plan, but the T2 leaves it out and there is no VB.
    NotInT2,
    /// In the plan, with no follow-up at all.
    None,
    /// Not in the internkontrollplan.
    OutsidePlan,
    /// The follow-up has errors.
    Broken,
}

pub(super) fn latest(row: &NamndRow, risk: &TopRisk) -> Latest {
    if !risk.in_ikp {
        return Latest::OutsidePlan;
    }
    match (&row.vb, &row.t2) {
        (Part::Found(vb), _) => Latest::Vb(worst(vb, risk.nr)),
        (Part::Broken(_), _) | (Part::Missing, Part::Broken(_)) => Latest::Broken,
        (Part::Missing, Part::Found(t2)) => t2.follows(risk.nr).map_or(Latest::NotInT2, Latest::T2),
        (Part::Missing, Part::Missing) => Latest::None,
    }
}

/// The worst result of risk `nr`'s controls in the VB.
pub(super) fn worst(vb: &VbFacts, nr: u32) -> Shown {
    let order = |s: &Shown| match s {
        Shown::Assessed(Outcome::EjGenomford) => 0,
        Shown::NotReported => 1,
        Shown::Assessed(Outcome::DelvisGenomford) => 2,
        Shown::NotAssessed => 3,
        Shown::Assessed(Outcome::Genomford) => 4,
    };
    vb.results(nr)
        .iter()
        .flat_map(|results| {
            if results.is_empty() {
                vec![Shown::NotReported]
            } else {
                results.iter().map(|r| Shown::from_outcome(*r)).collect()
            }
        })
        .min_by_key(order)
        .unwrap_or(Shown::NotReported)
}

pub(super) fn latest_risk_cell(row: &NamndRow, risk: &TopRisk) -> CellView {
    let mut cell = CellView::empty();
    match latest(row, risk) {
        Latest::Vb(shown) => {
            let (word, color) = shown.word();
            cell.push_light(word, "plain", color);
            if let Some(vb) = row.vb.found() {
                cell.push(&format!("VB {}", swedish::iso_date(vb.date)), "muted");
                let controls = vb.results(risk.nr);
                if controls.len() > 1 {
                    cell.push(
                        &format!(
                            "sämsta av {}",
                            swedish::count_words(controls.len(), KONTROLL)
                        ),
                        "muted",
                    );
                }
            }
        }
        Latest::T2(follows) => {
            let (word, _, color) = FOLLOWS
                .iter()
                .find(|(_, f, _)| *f == follows)
                .copied()
                .unwrap_or(FOLLOWS[0]);
            cell.push_light(
                &format!("Följer plan: {}", word.to_lowercase()),
                "plain",
                color,
            );
            if let Some(t2) = row.t2.found() {
                cell.push(
                    &format!("T2 {}; VB saknas", swedish::iso_date(t2.date)),
                    "muted",
                );
            }
        }
        Latest::NotInT2 => {
            cell.push_light("Ej med i T2", "plain", GREY);
            cell.push("VB saknas", "muted");
        }
        Latest::None => {
            cell.push_light("Ingen uppföljning", "plain", GREY);
            cell.push("varken T2 eller VB", "muted");
        }
        Latest::OutsidePlan => {
            cell.push("Inte i IKP", "muted");
        }
        Latest::Broken => {
            cell.push_light("Fel i underlaget", "plain", RED);
        }
    }
    cell
}

/// Every risk on a nämnd's highest level, grouped by nämnd.
pub(super) fn top_risks(picture: &CityPicture, words: &Hyphenation) -> CityChapterView {
    let plans = plans(picture);
    let columns = vec![
        ColumnView::cm("Nr", 1.0),
        ColumnView::fr("Risk", 3.0),
        ColumnView::cm("Nivå (riskvärde)", 2.6),
        ColumnView::cm("I IKP", 1.4),
        ColumnView::fr("Motivering", 1.6).optional(),
        ColumnView::fr("Senaste resultat", 1.5),
    ];
    let mut table = TableBuilder::new(columns);
    let mut count = 0;
    let mut without = Vec::new();
    let mut counts: Vec<(Latest, usize)> = Vec::new();
    for (row, plan) in &plans {
        let Some(top) = plan.top_level() else {
            continue;
        };
        if plan.top.is_empty() {
            without.push(row.namnd.clone());
            continue;
        }
        let group = GroupPart {
            label: "Nämnd".into(),
            text: format!(
                "{} · högsta nivån: {} · riskvärde 1–{}",
                row.namnd,
                top.name,
                plan.scale.highest_value()
            ),
        };
        for risk in &plan.top {
            count += 1;
            let shown = latest(row, risk);
            match counts.iter_mut().find(|(l, _)| *l == shown) {
                Some((_, n)) => *n += 1,
                None => counts.push((shown, 1)),
            }
            let mut value = CellView::empty().centered();
            value.paint(top.color);
            value.push(&format!("{} ({})", top.name, risk.value), "strong");
            table.push(
                Some(group.clone()),
                Vec::new(),
                vec![vec![
                    CellView::text(&risk.nr.to_string()).centered(),
                    CellView::text(&risk.title),
                    value,
                    CellView::text(if risk.in_ikp { "Ja" } else { "Nej" }).centered(),
                    CellView::text(risk.motivation.as_deref().unwrap_or("")),
                    latest_risk_cell(row, risk),
                ]],
            );
        }
    }
    let mut blocks = Vec::new();
    if count > 0 {
        let mut scales: Vec<Scale> = Vec::new();
        for (_, plan) in &plans {
            if !scales.contains(&plan.scale) {
                scales.push(plan.scale);
            }
        }
        scales.sort_by_key(|s| s.highest_value());
        let mut text = format!(
            "På den högsta nivån i sin nämnds riskmodell ({}) står {}.",
            top_names(&plans),
            swedish::count_words(count, RISK)
        );
        if scales.len() > 1 {
            let ranges: Vec<String> = scales
                .iter()
                .map(|s| format!("1–{} på en skala {}", s.highest_value(), s.label()))
                .collect();
            let (last, rest) = ranges.split_last().expect("two scales or more");
            text.push_str(&format!(
                " Riskvärdena går bara att jämföra inom en nämnd: nämnderna använder olika skalor, så riskvärdet kan vara {} eller {last}.",
                rest.join(", ")
            ));
        }
        text.push_str(" ”I IKP” säger om risken finns i nämndens internkontrollplan. Senaste resultat är kontrollens resultat i verksamhetsberättelsen (VB) när nämnden har en för året, annars om hanteringen följer planen enligt tertialrapport 2 (T2).");
        blocks.push(paragraph(text));
        blocks.push(paragraph(latest_counts_text(&counts, count)));
    }
    if !without.is_empty() {
        blocks.push(paragraph(format!(
            "Utan risker på sin högsta nivå: {}.",
            swedish::join(&without)
        )));
    }
    CityChapterView {
        parts: vec![CityPart {
            heading: None,
            blocks,
            table: (count > 0).then(|| table.finish(Page::Portrait, words)),
            notes: Vec::new(),
        }],
    }
}

/// How the latest results of the highest-level risks add up, every kind
/// counted so that the parts make the whole.
pub(super) fn latest_counts_text(counts: &[(Latest, usize)], total: usize) -> String {
    let n = |wanted: Latest| -> usize {
        counts
            .iter()
            .filter(|(l, _)| *l == wanted)
            .map(|(_, n)| n)
            .sum()
    };
    let style = numerals(&[total]);
    let vb = |s: Shown| n(Latest::Vb(s));
    let mut parts = Vec::new();
    let vb_phrase = counted(
        &[
            (
                vb(Shown::Assessed(Outcome::Genomford)),
                "genomförd",
                "genomförda",
            ),
            (
                vb(Shown::Assessed(Outcome::DelvisGenomford)),
                "delvis genomförd",
                "delvis genomförda",
            ),
            (
                vb(Shown::Assessed(Outcome::EjGenomford)),
                "ej genomförd",
                "ej genomförda",
            ),
            (vb(Shown::NotAssessed), "ej bedömd", "ej bedömda"),
            (vb(Shown::NotReported), "ej rapporterad", "ej rapporterade"),
        ],
        style,
    );
    if !vb_phrase.is_empty() {
        parts.push(format!("enligt verksamhetsberättelsen är {vb_phrase}"));
    }
    let t2: usize = [FollowsPlan::Ja, FollowsPlan::Delvis, FollowsPlan::Nej]
        .into_iter()
        .map(|f| n(Latest::T2(f)))
        .sum::<usize>()
        + n(Latest::NotInT2);
    if t2 > 0 {
        let answers = counted(
            &[
                (n(Latest::T2(FollowsPlan::Ja)), "ja", "ja"),
                (n(Latest::T2(FollowsPlan::Delvis)), "delvis", "delvis"),
                (n(Latest::T2(FollowsPlan::Nej)), "nej", "nej"),
                (n(Latest::NotInT2), "inte med i T2", "inte med i T2"),
            ],
            style,
        );
        parts.push(format!(
            "{} har bara tertialrapport 2, som svarar {answers} på om hanteringen följer planen",
            number(t2, style)
        ));
    }
    for (latest, one, many) in [
        (
            Latest::None,
            "har ingen uppföljning",
            "har ingen uppföljning",
        ),
        (
            Latest::OutsidePlan,
            "står utanför internkontrollplanen",
            "står utanför internkontrollplanen",
        ),
        (
            Latest::Broken,
            "har fel i underlaget",
            "har fel i underlaget",
        ),
    ] {
        let count = n(latest);
        if count > 0 {
            parts.push(format!(
                "{} {}",
                number(count, style),
                swedish::agree(count, one, many)
            ));
        }
    }
    format!(
        "Senaste resultat för de {} {}: {}.",
        number(total, style),
        if total == 1 { "risken" } else { "riskerna" },
        parts.join("; ")
    )
}
