//! Each nämnd's plan against last year's: counts, then by name the risks
//! that came onto or left the highest level, and the bedömningar.

use super::words::{risks_phrase, verdict_word};
use super::{CityChapterView, CityPart, NAMND, list, paragraph, plans};
use crate::report::table::{ColumnView, GroupPart, Page, TableBuilder};
use crate::report::vb::Shown;
use crate::report::view::CellView;
use crate::score::rollup::{CityPicture, LevelMove, NamndRow, PlanFacts, Rated};
use crate::swedish;
use crate::swedish::Hyphenation;

/// "Medium (8)", "ej värderad".
pub(super) fn rated_text(rated: &Option<Rated>) -> String {
    match rated {
        Some(Rated {
            level: Some(level),
            value: Some(value),
        }) => format!("{level} ({value})"),
        Some(_) => "ej värderad".into(),
        None => "–".into(),
    }
}

/// Each nämnd's plan against its previous year's: counts, then by name the
/// risks that came onto or left the highest level, and the bedömningar.
pub(super) fn change(picture: &CityPicture, words: &Hyphenation) -> CityChapterView {
    let plans = plans(picture);
    let compared: Vec<&(&NamndRow, &PlanFacts)> =
        plans.iter().filter(|(_, p)| p.change.is_some()).collect();
    let without: Vec<&str> = plans
        .iter()
        .filter(|(_, p)| p.change.is_none())
        .map(|(r, _)| r.namnd.as_str())
        .collect();
    if compared.is_empty() {
        return CityChapterView {
            parts: vec![CityPart::text(
                None,
                vec![paragraph(
                    "Ingen nämnd har föregående års plan i underlaget, så ingen förändring kan visas."
                        .into(),
                )],
            )],
        };
    }
    // Risks whose level changed at an equal riskvärde, by nämnd.
    let relevelled: Vec<String> = compared
        .iter()
        .filter_map(|(row, plan)| {
            let nrs = &plan.change.as_ref()?.relevelled;
            (!nrs.is_empty()).then(|| format!("{} hos {}", risks_phrase(nrs), row.namnd))
        })
        .collect();
    let columns = vec![
        ColumnView::fr("Nämnd och nivåer i år (förra året)", 2.4),
        ColumnView::cm("Höjda", 1.5),
        ColumnView::cm("Sänkta", 1.6),
        ColumnView::cm("Oförändrade", 2.2),
        ColumnView::cm("Nya", 1.2),
        ColumnView::cm("Utgått", 1.5),
    ];
    let mut counts = TableBuilder::new(columns);
    for (row, plan) in &compared {
        let Some(change) = &plan.change else { continue };
        let levels: Vec<String> = plan
            .levels
            .iter()
            .zip(&change.before)
            .rev()
            .map(|(l, before)| match before {
                Some(b) => format!("{} {} ({b})", l.name, l.count),
                None => format!("{} {} (–)", l.name, l.count),
            })
            .collect();
        let mut name = CellView::empty();
        name.push(&row.namnd, "strong");
        name.push(&format!("mot plan {}", change.year), "muted");
        name.push(&levels.join(" · "), "plain");
        let number = |n: usize| CellView::text(&n.to_string()).centered();
        let cells = vec![
            name,
            number(change.raised),
            number(change.lowered),
            number(change.unchanged),
            number(change.new),
            number(change.dropped),
        ];
        counts.push(None, Vec::new(), vec![cells]);
    }
    let mut intro = format!(
        "{} har föregående års plan i underlaget: {}. Höjda och sänkta räknas för risker som finns båda åren, på nivån när den har ändrats och annars på riskvärdet",
        swedish::capitalise(&swedish::count_words(compared.len(), NAMND)),
        swedish::join(
            &compared
                .iter()
                .map(|(r, _)| r.namnd.as_str())
                .collect::<Vec<_>>()
        )
    );
    intro.push_str("; nya risker fanns inte förra året, utgångna fanns förra året men inte i år.");
    if !relevelled.is_empty() {
        intro.push_str(&format!(
            " Med samma riskvärde men en annan nivå än förra året (modellen sätter nivån ruta för ruta), och därför räknad som höjd eller sänkt: {}.",
            swedish::join(&relevelled)
        ));
    }
    let mut parts = vec![CityPart {
        heading: None,
        blocks: vec![paragraph(intro)],
        table: Some(counts.finish(Page::Portrait, words)),
        notes: Vec::new(),
    }];

    // By name: onto and off the highest level.
    let columns = vec![
        ColumnView::cm("Nr", 1.0),
        ColumnView::fr("Risk", 2.6),
        ColumnView::cm("Förra året", 2.4),
        ColumnView::cm("I år", 2.4),
        ColumnView::fr("Förra årets resultat i VB", 1.4),
    ];
    let mut moves = TableBuilder::new(columns);
    let mut any = false;
    for (row, plan) in &compared {
        let (Some(change), Some(top)) = (&plan.change, plan.top_level()) else {
            continue;
        };
        for (label, list) in [("Upp till", &change.entered), ("Lämnat", &change.left)] {
            let group = GroupPart {
                label: row.namnd.clone(),
                text: format!("{label} {}", top.name),
            };
            for moved in list {
                any = true;
                moves.push(Some(group.clone()), Vec::new(), vec![move_row(moved)]);
            }
        }
    }
    let mut blocks = Vec::new();
    if any {
        blocks.push(paragraph(
            "Risker som har kommit upp till eller lämnat den högsta nivån sedan förra året, med förra årets resultat för deras kontroller:".into(),
        ));
    } else {
        blocks.push(paragraph(
            "Ingen risk har kommit upp till eller lämnat den högsta nivån sedan förra året.".into(),
        ));
    }
    let mut verdicts = Vec::new();
    for (row, plan) in &plans {
        if let Some(before) = &row.last_vb {
            let now = match row.vb.found() {
                Some(vb) if vb.verdict == before.verdict => {
                    format!("oförändrad, {}", verdict_word(vb.verdict))
                }
                Some(vb) => format!(
                    "från {} till {}",
                    verdict_word(before.verdict),
                    verdict_word(vb.verdict)
                ),
                None => format!(
                    "{} {}; ingen verksamhetsberättelse för {} i underlaget",
                    verdict_word(before.verdict),
                    plan.year - 1,
                    plan.year
                ),
            };
            verdicts.push(format!("{}: {now}", row.namnd));
        }
    }
    let mut after = Vec::new();
    if !verdicts.is_empty() {
        after.push(list(
            "Nämndernas bedömning av sin interna kontroll, jämfört med förra årets verksamhetsberättelse:".into(),
            verdicts,
        ));
    }
    if !without.is_empty() {
        after.push(paragraph(format!(
            "Utan föregående års plan i underlaget: {}.",
            swedish::join(&without)
        )));
    }
    parts.push(CityPart {
        heading: None,
        blocks,
        table: any.then(|| moves.finish(Page::Portrait, words)),
        notes: Vec::new(),
    });
    parts.push(CityPart::text(None, after));
    CityChapterView { parts }
}

pub(super) fn move_row(moved: &LevelMove) -> Vec<CellView> {
    let mut nr = CellView::text(&moved.nr.to_string()).centered();
    if let Some(before) = moved.nr_before {
        nr.push(&format!("förut {before}"), "muted");
    }
    let mut title = CellView::text(&moved.title);
    if moved.now.is_none() {
        title.push(
            &match &moved.reason {
                Some(reason) => format!("Utgått: {reason}"),
                None => "Utgått ur planen, utan motivering.".into(),
            },
            "muted",
        );
    }
    let mut results = CellView::empty();
    for result in &moved.last_year {
        let (word, color) = Shown::from_outcome(*result).word();
        results.push_light(word, "plain", color);
    }
    let before = match &moved.before {
        None => "ny risk".to_owned(),
        rated => rated_text(rated),
    };
    let now = match &moved.now {
        None => "utgått".to_owned(),
        rated => rated_text(rated),
    };
    vec![
        nr,
        title,
        CellView::text(&before).centered(),
        CellView::text(&now).centered(),
        results,
    ]
}
