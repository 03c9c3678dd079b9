//! Kommunstyrelsens samlade bild as a board document: a cover, a computed
//! summary in words, then a chapter per view of the city — the nämnder side
//! by side, every risk on a nämnd's highest level, the processes whose high
//! risks recur, and the change since last year.

use std::path::Path;

use serde::Serialize;

use super::bundle::{BundleView, Chapter, ChapterBody, CoverView};
use super::table::{ColumnView, GroupPart, Page, TableBuilder, TableView};
use super::vb::{GREEN, GREY, RED, Shown, YELLOW};
use super::view::{BarSegment, Block, CellView, LogoView, MetaView, blocks};
use crate::model::{FollowsPlan, Outcome, Verdict};
use crate::score::rollup::{
    CityPicture, LevelCount, NamndRow, Part, PlanFacts, Problem, T2Facts, Tally, VbFacts,
};
use crate::swedish::{self, Hyphenation, Noun};
use crate::validate::city::City;

const NAMND: Noun = Noun::en("nämnd", "nämnder");
const RISK: Noun = Noun::en("risk", "risker");
const KONTROLL: Noun = Noun::en("kontroll", "kontroller");

/// A chapter of the samlade bild: text, a table, and notes under it.
#[derive(Debug, Clone, Serialize)]
pub struct CityChapterView {
    pub blocks: Vec<Block>,
    pub table: Option<TableView>,
    pub notes: Vec<String>,
}

/// The samlade bild of `city`, from `picture`; `root` is the kommun's
/// folder, which file names are shown relative to.
pub fn rollup(city: &City, picture: &CityPicture, root: &Path, words: &Hyphenation) -> BundleView {
    let mut meta = MetaView::for_city(city);
    meta.logo = city.logo.as_ref().map(|logo| LogoView {
        alt: logo.alt.clone(),
    });
    let mut facts = vec![
        ("Kommun".to_owned(), city.kommun.clone()),
        ("Avsändare".to_owned(), city.sender.clone()),
        ("År".to_owned(), city.ar.to_string()),
    ];
    if let Some(dnr) = &city.diarienummer {
        facts.push(("Diarienummer".into(), dnr.clone()));
    }
    facts.push(("Datum".into(), swedish::long_date(city.datum)));
    facts.push((
        "Underlag".into(),
        format!(
            "{} med plan för {}",
            swedish::count(picture.rows.len(), NAMND),
            city.ar
        ),
    ));
    let mut chapters = vec![chapter(
        "Sammanfattning",
        false,
        CityChapterView {
            blocks: [blocks(&city.intro), summary(city, picture)].concat(),
            table: None,
            notes: Vec::new(),
        },
    )];
    chapters.push(chapter(
        "Nämnderna",
        true,
        namnder(city, picture, root, words),
    ));
    // Portrait: short rows, and more of them to a page.
    chapters.push(chapter(
        "Risker på nämndernas högsta nivå",
        false,
        top_risks(picture, words),
    ));
    chapters.push(chapter(
        "Processer med höga risker i flera nämnder",
        false,
        recurring(picture, words),
    ));
    chapters.push(chapter(
        "Förändring sedan föregående år",
        true,
        change(picture, words),
    ));
    BundleView {
        cover: CoverView {
            kicker: Some(format!(
                "{} · uppsikt över nämndernas interna kontroll",
                city.sender
            )),
            title: meta.title.clone(),
            facts,
            contents_on_cover: true,
        },
        meta,
        chapters,
    }
}

fn chapter(title: &str, landscape: bool, view: CityChapterView) -> Chapter {
    Chapter {
        kind: "city",
        title: title.to_owned(),
        landscape,
        r: ChapterBody::City(Box::new(view)),
    }
}

fn paragraph(text: String) -> Block {
    Block {
        text,
        items: Vec::new(),
    }
}

/// The computed summary: what a board member should know first.
fn summary(city: &City, picture: &CityPicture) -> Vec<Block> {
    let rows = &picture.rows;
    let mut out = Vec::new();
    let first = if picture.missing.is_empty() {
        format!(
            "Sammanställningen omfattar {} med plan för {}.",
            swedish::count_words(rows.len(), NAMND),
            city.ar
        )
    } else {
        let names: Vec<String> = picture.missing.iter().map(missing_text).collect();
        format!(
            "Sammanställningen omfattar de {} av {} i underlaget som har en plan för {}. Utan plan för {}: {}.",
            swedish::count_in_words(rows.len(), false),
            swedish::count_words(rows.len() + picture.missing.len(), NAMND),
            city.ar,
            city.ar,
            swedish::join(&names)
        )
    };
    out.push(paragraph(first));

    let verdicts: Vec<Option<Verdict>> = rows
        .iter()
        .filter(|r| r.plan.found().is_some())
        .map(|r| r.vb.found().map(|vb| vb.verdict))
        .collect();
    let count = |v: Verdict| verdicts.iter().filter(|x| **x == Some(v)).count();
    let mut parts = Vec::new();
    for (verdict, word) in [
        (Verdict::Tillracklig, "tillräcklig"),
        (Verdict::DelvisTillracklig, "delvis tillräcklig"),
        (Verdict::Otillracklig, "otillräcklig"),
    ] {
        let n = count(verdict);
        if n > 0 {
            parts.push(format!("{} som {word}", swedish::count_in_words(n, false)));
        }
    }
    // "tre sin interna kontroll som tillräcklig, en som …"
    if let Some(first) = parts.first_mut() {
        *first = first.replacen(" som ", " sin interna kontroll som ", 1);
    }
    let unreported = verdicts.iter().filter(|v| v.is_none()).count();
    let mut second = if parts.is_empty() {
        "Ingen nämnd har ännu rapporterat sin bedömning i verksamhetsberättelsen.".to_owned()
    } else {
        format!(
            "Av {} bedömer {}.",
            swedish::count_words(verdicts.len(), NAMND),
            swedish::join(&parts)
        )
    };
    if unreported > 0 && !parts.is_empty() {
        second.push_str(&format!(
            " {} har inte rapporterat någon bedömning.",
            swedish::capitalise(&swedish::count_words(unreported, NAMND))
        ));
    }
    out.push(paragraph(second));

    let plans: Vec<&PlanFacts> = rows
        .iter()
        .filter_map(|r| r.plan.found().map(|p| &**p))
        .collect();
    if !plans.is_empty() {
        let risks: usize = plans.iter().map(|p| p.risks).sum();
        let top: usize = plans.iter().map(|p| p.top.len()).sum();
        let unrated: usize = plans.iter().map(|p| p.unrated).sum();
        let controls: usize = plans.iter().map(|p| p.ikp_controls).sum();
        let mut text = format!(
            "Nämnderna har tillsammans {}, varav {} på sin riskmodells högsta nivå",
            swedish::count(risks, RISK),
            top
        );
        if unrated > 0 {
            text.push_str(&format!(
                " och {} {}",
                unrated,
                swedish::agree(unrated, "ej värderad", "ej värderade")
            ));
        }
        text.push_str(&format!(
            ". Internkontrollplanerna har {}",
            swedish::count(controls, KONTROLL)
        ));
        let tally = city_tally(rows);
        let results: Vec<String> = tally_words(&tally)
            .into_iter()
            .filter(|(_, n, _)| *n > 0)
            .map(|(word, n, _)| format!("{n} {}", plural(word, n)))
            .collect();
        if !results.is_empty() {
            text.push_str(&format!(", med resultaten {}", swedish::join(&results)));
        }
        text.push('.');
        out.push(paragraph(text));
    }

    let broken: Vec<&str> = rows
        .iter()
        .filter(|r| row_problems(r).next().is_some())
        .map(|r| r.namnd.as_str())
        .collect();
    if !broken.is_empty() || !picture.unplaced.is_empty() {
        let mut text = String::new();
        if !broken.is_empty() {
            text = format!(
                "Fel i underlaget hos {}: {}. Det som inte kunde läsas saknas i sammanställningen och står som ”fel i underlaget”.",
                swedish::count_words(broken.len(), NAMND),
                swedish::join(&broken)
            );
        }
        if !picture.unplaced.is_empty() {
            let files: Vec<String> = picture.unplaced.iter().map(problem_text).collect();
            text.push_str(&format!(
                "{}Filer med fel som inte kunde knytas till någon nämnd: {}.",
                if text.is_empty() { "" } else { " " },
                swedish::join(&files)
            ));
        }
        out.push(paragraph(text));
    }

    if !picture.recurring.is_empty() {
        // All of them when they are few, else the three most widespread.
        let shown = if picture.recurring.len() <= 5 { 5 } else { 3 };
        let mut named: Vec<String> = picture
            .recurring
            .iter()
            .take(shown)
            .map(|r| {
                format!(
                    "{} ({})",
                    r.process,
                    swedish::count_words(r.namnder.len(), NAMND)
                )
            })
            .collect();
        if picture.recurring.len() > shown {
            named.push("fler i kapitlet om processerna".into());
        }
        out.push(paragraph(format!(
            "{} med höga risker i flera nämnder: {}.",
            swedish::capitalise(&match picture.recurring.len() {
                1 => "en process återkommer".to_owned(),
                n => format!("{} processer återkommer", swedish::count_in_words(n, false)),
            }),
            swedish::join(&named)
        )));
    }
    out
}

/// "genomförda", "ej rapporterade": a result's word agreeing with a count.
fn plural(word: &str, n: usize) -> String {
    let word = word.to_lowercase();
    match (n, word.strip_suffix('d')) {
        (1, _) | (_, None) => word,
        (_, Some(stem)) if stem.ends_with('a') => format!("{stem}de"),
        (_, Some(stem)) => format!("{stem}da"),
    }
}

/// "Arbetsmarknadsnämnden (senaste plan 2026)".
fn missing_text(missing: &crate::score::rollup::Missing) -> String {
    match missing.newest {
        Some(year) => format!("{} (senaste plan {year})", missing.namnd),
        None => format!("{} (ingen plan hittades)", missing.namnd),
    }
}

/// "socialnamnden/vor-ikp-2025.yaml, 3 fel".
fn problem_text(problem: &Problem) -> String {
    let file = problem.file.display();
    if problem.errors == 0 {
        format!("{file}, en av två filer för samma sak")
    } else {
        format!(
            "{file}, {}",
            swedish::count(problem.errors, Noun::ett("fel", "fel"))
        )
    }
}

/// Every problem of a row's documents.
fn row_problems(row: &NamndRow) -> impl Iterator<Item = &Problem> {
    [broken(&row.plan), broken(&row.t2), broken(&row.vb)]
        .into_iter()
        .flatten()
        .flatten()
}

fn broken<T>(part: &Part<T>) -> Option<&Vec<Problem>> {
    match part {
        Part::Broken(problems) => Some(problems),
        _ => None,
    }
}

/// The city's VB results: a nämnd without a VB reports none of its controls.
fn city_tally(rows: &[NamndRow]) -> Tally {
    let mut tally = Tally::default();
    for row in rows {
        let Some(plan) = row.plan.found() else {
            continue;
        };
        match row.vb.found() {
            Some(vb) => tally.add(&vb.tally),
            None => tally.add(&Tally::unreported(plan.ikp_controls)),
        }
    }
    tally
}

/// Each result's word, count and light, in the VB report's order.
fn tally_words(tally: &Tally) -> Vec<(&'static str, usize, [u8; 3])> {
    [
        (Shown::Assessed(Outcome::Genomford), tally.done),
        (Shown::Assessed(Outcome::DelvisGenomford), tally.partly),
        (Shown::Assessed(Outcome::EjGenomford), tally.not_done),
        (Shown::NotAssessed, tally.not_assessed),
        (Shown::NotReported, tally.not_reported),
    ]
    .into_iter()
    .map(|(shown, n)| {
        let (word, color) = shown.word();
        (word, n, color)
    })
    .collect()
}

/// "Kritisk 3 · Medium 64 · Låg 2": highest level first, in the nämnd's words.
fn levels_text(levels: &[LevelCount]) -> String {
    levels
        .iter()
        .rev()
        .map(|l| format!("{} {}", l.name, l.count))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The nämnder side by side.
fn namnder(
    city: &City,
    picture: &CityPicture,
    root: &Path,
    words: &Hyphenation,
) -> CityChapterView {
    let columns = vec![
        ColumnView::fr("Nämnd", 1.2),
        ColumnView::fr("Risker per nivå", 1.8),
        ColumnView::cm("Totalt", 1.4),
        ColumnView::cm("Ej värderade", 1.8),
        ColumnView::cm("Kontroller i IKP", 1.9),
        ColumnView::fr("Resultat i VB", 1.6),
        ColumnView::fr("Bedömning", 1.1),
        ColumnView::fr("T2: kritiska risker följer plan", 1.2),
        ColumnView::fr("Underlag", 1.9),
    ];
    let mut table = TableBuilder::new(columns);
    for row in &picture.rows {
        table.push(None, Vec::new(), vec![namnd_row(row, root)]);
    }
    let sums = sum_rows(picture);
    if !sums.is_empty() {
        let heading = GroupPart {
            label: "Summa".into(),
            text: "nivåer summeras bara mellan nämnder med samma nivåer".into(),
        };
        table.push(Some(heading), Vec::new(), sums);
    }
    let blocks = vec![paragraph(
        "Varje nämnd räknas i sin egen riskmodells nivåer; stapeln visar fördelningen i nämndens färger och talen står under den. Resultat i VB räknas per kontroll i internkontrollplanen: en kontroll som verksamhetsberättelsen inte nämner, eller en nämnd utan verksamhetsberättelse, räknas som ej rapporterad.".to_owned(),
    )];
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
        blocks,
        table: Some(table.finish(Page::Landscape, words)),
        notes,
    }
}

/// One nämnd's row.
fn namnd_row(row: &NamndRow, root: &Path) -> Vec<CellView> {
    let mut name = CellView::empty();
    name.push(&row.namnd, "strong");
    let mut sources = CellView::empty();
    let mut folder = None;
    for source in &row.sources {
        let shown = source.strip_prefix(root).unwrap_or(source);
        let parent = shown.parent().filter(|p| !p.as_os_str().is_empty());
        if parent.is_some() && parent != folder {
            folder = parent;
            sources.push(
                &format!("{}/", shown.parent().unwrap_or(shown).display()),
                "muted",
            );
        }
        let name = shown.file_name().map_or(shown.display().to_string(), |n| {
            n.to_string_lossy().into_owned()
        });
        sources.push(&name, "plain");
    }
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
            CellView::empty(),
            sources,
        ];
    };
    let mut levels = CellView::empty();
    levels.bar = BarSegment::of(plan.levels.iter().map(|l| (l.count, l.color)));
    levels.push(&levels_text(&plan.levels), "plain");
    vec![
        name,
        levels,
        CellView::text(&plan.risks.to_string()).centered(),
        CellView::text(&plan.unrated.to_string()).centered(),
        CellView::text(&plan.ikp_controls.to_string()).centered(),
        vb_cell(&row.vb, plan, root),
        verdict_cell(&row.vb),
        t2_cell(&row.t2, root),
        sources,
    ]
}

fn relative(problem: &Problem, root: &Path) -> Problem {
    Problem {
        file: problem
            .file
            .strip_prefix(root)
            .unwrap_or(&problem.file)
            .to_path_buf(),
        errors: problem.errors,
    }
}

/// A document with errors: the light, the words and the files.
fn broken_cell(problems: &[Problem], root: &Path) -> CellView {
    let mut cell = CellView::empty();
    cell.push_light("Fel i underlaget", "strong", RED);
    for problem in problems {
        cell.push(&problem_text(&relative(problem, root)), "muted");
    }
    cell
}

fn vb_cell(vb: &Part<VbFacts>, plan: &PlanFacts, root: &Path) -> CellView {
    let tally = match vb {
        Part::Found(vb) => vb.tally,
        Part::Missing => Tally::unreported(plan.ikp_controls),
        Part::Broken(problems) => return broken_cell(problems, root),
    };
    let mut cell = CellView::empty();
    for (word, n, color) in tally_words(&tally) {
        if n > 0 {
            cell.push_light(&format!("{word} {n}"), "plain", color);
        }
    }
    if matches!(vb, Part::Missing) {
        cell.push("verksamhetsberättelsen saknas", "muted");
    }
    cell
}

fn verdict_cell(vb: &Part<VbFacts>) -> CellView {
    let mut cell = CellView::empty();
    match vb {
        Part::Found(vb) => {
            let (word, color) = match vb.verdict {
                Verdict::Tillracklig => ("Tillräcklig", GREEN),
                Verdict::DelvisTillracklig => ("Delvis tillräcklig", YELLOW),
                Verdict::Otillracklig => ("Otillräcklig", RED),
            };
            cell.push_light(word, "strong", color);
        }
        Part::Missing => {
            cell.push_light("Ej rapporterad", "plain", GREY);
        }
        Part::Broken(_) => {
            cell.push_light("Fel i underlaget", "plain", RED);
        }
    }
    cell
}

/// Counts of "följer plan" over the critical risks.
fn t2_cell(t2: &Part<T2Facts>, root: &Path) -> CellView {
    let mut cell = CellView::empty();
    match t2 {
        Part::Found(t2) if t2.critical.is_empty() => {
            cell.push("Inga kritiska risker i IKP", "muted");
        }
        Part::Found(t2) => {
            for (word, wanted, color) in FOLLOWS {
                let n = t2.critical.iter().filter(|(_, f)| *f == wanted).count();
                if n > 0 {
                    cell.push_light(&format!("{word} {n}"), "plain", color);
                }
            }
        }
        Part::Missing => {
            cell.push_light("Ej rapporterad", "plain", GREY);
        }
        Part::Broken(problems) => return broken_cell(problems, root),
    }
    cell
}

/// The sums under the nämnder: per set of level names, the risks level by
/// level (unlike levels are never added together); then, when the
/// nämnder use more than one set, every nämnd together in what can be added.
fn sum_rows(picture: &CityPicture) -> Vec<Vec<CellView>> {
    let plans: Vec<(&NamndRow, &PlanFacts)> = picture
        .rows
        .iter()
        .filter_map(|r| r.plan.found().map(|p| (r, &**p)))
        .collect();
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
        let members: Vec<&(&NamndRow, &PlanFacts)> =
            plans.iter().filter(|(_, p)| names(p) == *set).collect();
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
        }
        let mut level_cell = CellView::empty();
        level_cell.bar = BarSegment::of(levels.iter().map(|l| (l.count, l.color)));
        level_cell.push(&levels_text(&levels), "plain");
        let namnder: Vec<&str> = members.iter().map(|(r, _)| r.namnd.as_str()).collect();
        rows.push(sum_row(
            name,
            level_cell,
            &members.iter().map(|m| **m).collect::<Vec<_>>(),
            &namnder,
        ));
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
        let namnder = [format!("alla {}", swedish::count_words(plans.len(), NAMND))];
        rows.push(sum_row(name, level_cell, &plans, &namnder));
    }
    rows
}

/// A sum row of `members`: what can be added, added.
fn sum_row<S: AsRef<str>>(
    name: CellView,
    levels: CellView,
    members: &[(&NamndRow, &PlanFacts)],
    namnder: &[S],
) -> Vec<CellView> {
    let sum = |f: fn(&PlanFacts) -> usize| {
        CellView::text(&members.iter().map(|(_, p)| f(p)).sum::<usize>().to_string()).centered()
    };
    let rows: Vec<NamndRow> = members.iter().map(|(r, _)| (*r).clone()).collect();
    let mut vb = CellView::empty();
    for (word, n, color) in tally_words(&city_tally(&rows)) {
        if n > 0 {
            vb.push_light(&format!("{word} {n}"), "plain", color);
        }
    }
    let mut verdicts = CellView::empty();
    for (word, wanted, color) in [
        ("Tillräcklig", Some(Verdict::Tillracklig), GREEN),
        (
            "Delvis tillräcklig",
            Some(Verdict::DelvisTillracklig),
            YELLOW,
        ),
        ("Otillräcklig", Some(Verdict::Otillracklig), RED),
        ("Ej rapporterad", None, GREY),
    ] {
        let n = rows
            .iter()
            .filter(|r| match &r.vb {
                Part::Found(vb) => Some(vb.verdict) == wanted,
                Part::Missing => wanted.is_none(),
                Part::Broken(_) => false,
            })
            .count();
        if n > 0 {
            verdicts.push_light(&format!("{word} {n}"), "plain", color);
        }
    }
    let mut t2 = CellView::empty();
    for (word, wanted, color) in FOLLOWS {
        let n: usize = rows
            .iter()
            .map(|r| match r.t2.found() {
                Some(t2) => t2.critical.iter().filter(|(_, f)| *f == wanted).count(),
                None => 0,
            })
            .sum();
        if n > 0 {
            t2.push_light(&format!("{word} {n}"), "plain", color);
        }
    }
    let mut who = CellView::empty();
    who.push(&swedish::join(namnder), "muted");
    vec![
        name,
        levels,
        sum(|p| p.risks),
        sum(|p| p.unrated),
        sum(|p| p.ikp_controls),
        vb,
        verdicts,
        t2,
        who,
    ]
}

/// "Följer plan" in the T2: each answer's word and light; `None` is a
/// critical risk the T2 leaves out.
const FOLLOWS: [(&str, Option<FollowsPlan>, [u8; 3]); 4] = [
    ("Ja", Some(FollowsPlan::Ja), GREEN),
    ("Delvis", Some(FollowsPlan::Delvis), YELLOW),
    ("Nej", Some(FollowsPlan::Nej), RED),
    ("Ej rapporterad", None, GREY),
];

/// Every risk on a nämnd's highest level, grouped by nämnd.
fn top_risks(picture: &CityPicture, words: &Hyphenation) -> CityChapterView {
    let columns = vec![
        ColumnView::cm("Nr", 1.2),
        ColumnView::fr("Risk", 3.0),
        ColumnView::cm("Riskvärde", 2.6),
        ColumnView::cm("I IKP", 1.6),
        ColumnView::fr("Motivering", 2.0).optional(),
        ColumnView::fr("T2: följer plan", 1.1),
    ];
    let mut table = TableBuilder::new(columns);
    let mut count = 0;
    let mut without = Vec::new();
    for row in &picture.rows {
        let Some(plan) = row.plan.found() else {
            continue;
        };
        let Some(top) = plan.levels.last() else {
            continue;
        };
        if plan.top.is_empty() {
            without.push(row.namnd.clone());
            continue;
        }
        let group = GroupPart {
            label: "Nämnd".into(),
            text: format!("{} · högsta nivån: {}", row.namnd, top.name),
        };
        for risk in &plan.top {
            count += 1;
            let mut value = CellView::empty().centered();
            value.paint(top.color);
            value.push(&format!("{} ({})", top.name, risk.value), "strong");
            let t2 = match &row.t2 {
                Part::Found(t2) => match t2.critical.iter().find(|(nr, _)| *nr == risk.nr) {
                    Some((_, Some(f))) => follows_cell(*f),
                    Some((_, None)) => light_cell("Ej rapporterad", GREY),
                    None => CellView::text("–").centered(),
                },
                Part::Missing if risk.in_ikp => light_cell("Ej rapporterad", GREY),
                Part::Broken(_) => light_cell("Fel i underlaget", RED),
                _ => CellView::text("–").centered(),
            };
            table.push(
                Some(group.clone()),
                Vec::new(),
                vec![vec![
                    CellView::text(&risk.nr.to_string()).centered(),
                    CellView::text(&risk.title),
                    value,
                    CellView::text(if risk.in_ikp { "Ja" } else { "Nej" }).centered(),
                    CellView::text(risk.motivation.as_deref().unwrap_or("")),
                    t2,
                ]],
            );
        }
    }
    let mut blocks = vec![paragraph(format!(
        "Här står {}, var och en på sin nämnds högsta nivå. ”I IKP” säger om risken finns i nämndens internkontrollplan; ”T2” hur den följde planen vid tertialrapport 2.",
        if count == 1 {
            "den enda risken".to_owned()
        } else {
            format!("alla {count} risker")
        }
    ))];
    if !without.is_empty() {
        blocks.push(paragraph(format!(
            "Utan risker på sin högsta nivå: {}.",
            swedish::join(&without)
        )));
    }
    CityChapterView {
        blocks,
        table: (count > 0).then(|| table.finish(Page::Portrait, words)),
        notes: Vec::new(),
    }
}

fn light_cell(word: &str, color: [u8; 3]) -> CellView {
    let mut cell = CellView::empty();
    cell.push_light(word, "plain", color);
    cell
}

fn follows_cell(follows: FollowsPlan) -> CellView {
    match follows {
        FollowsPlan::Ja => light_cell("Ja", GREEN),
        FollowsPlan::Delvis => light_cell("Delvis", YELLOW),
        FollowsPlan::Nej => light_cell("Nej", RED),
    }
}

/// Processes with high risks in several nämnder.
fn recurring(picture: &CityPicture, words: &Hyphenation) -> CityChapterView {
    let intro = paragraph(
        "En risk räknas som hög när den står på den övre halvan av nämndens nivåer (Hög och Kritisk av fyra nivåer, Kritisk av tre). Processerna är grupperade efter namn, oavsett stora och små bokstäver och mellanrum."
            .to_owned(),
    );
    if picture.recurring.is_empty() {
        return CityChapterView {
            blocks: vec![
                intro,
                paragraph("Ingen process har höga risker i mer än en nämnd.".into()),
            ],
            table: None,
            notes: Vec::new(),
        };
    }
    let columns = vec![
        ColumnView::fr("Process", 1.4),
        ColumnView::fr("Nämnder och deras höga risker (nr och nivå)", 2.6),
        ColumnView::cm("Nämnder", 2.0),
        ColumnView::cm("Höga risker", 2.2),
    ];
    let mut table = TableBuilder::new(columns);
    for r in &picture.recurring {
        let mut who = CellView::empty();
        for (namnd, risks) in &r.namnder {
            let listed: Vec<String> = risks
                .iter()
                .map(|(nr, level)| format!("{nr} ({level})"))
                .collect();
            who.push(&format!("{namnd}: {}", listed.join(", ")), "plain");
        }
        let mut process = CellView::empty();
        process.push(&r.process, "strong");
        table.push(
            None,
            Vec::new(),
            vec![vec![
                process,
                who,
                CellView::text(&r.namnder.len().to_string()).centered(),
                CellView::text(&r.risks().to_string()).centered(),
            ]],
        );
    }
    CityChapterView {
        blocks: vec![intro],
        table: Some(table.finish(Page::Portrait, words)),
        notes: Vec::new(),
    }
}

/// Each nämnd's plan against its previous year's.
fn change(picture: &CityPicture, words: &Hyphenation) -> CityChapterView {
    let columns = vec![
        ColumnView::fr("Nämnd", 1.3),
        ColumnView::cm("Jämfört med", 2.4),
        ColumnView::fr("Risker per nivå i år (föregående år)", 2.4),
        ColumnView::cm("Höjda", 1.6),
        ColumnView::cm("Sänkta", 1.6),
        ColumnView::cm("Oförändrade", 2.2),
        ColumnView::cm("Nya", 1.4),
        ColumnView::cm("Utgått", 1.6),
    ];
    let mut table = TableBuilder::new(columns);
    let mut without = Vec::new();
    let mut compared = 0;
    for row in &picture.rows {
        let Some(plan) = row.plan.found() else {
            continue;
        };
        let Some(change) = &plan.change else {
            without.push(row.namnd.clone());
            continue;
        };
        compared += 1;
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
        let number = |n: usize| CellView::text(&n.to_string()).centered();
        table.push(
            None,
            Vec::new(),
            vec![vec![
                name,
                CellView::text(&format!("Plan {}", change.year)).centered(),
                CellView::text(&levels.join(" · ")),
                number(change.raised),
                number(change.lowered),
                number(change.unchanged),
                number(change.new),
                number(change.dropped),
            ]],
        );
    }
    let mut blocks = Vec::new();
    if compared == 0 {
        blocks.push(paragraph(
            "Ingen nämnd har föregående års plan i underlaget, så ingen förändring kan visas."
                .into(),
        ));
    } else {
        blocks.push(paragraph(format!(
            "{} har föregående års plan i underlaget. Höjda och sänkta räknas på riskvärdet för risker som finns båda åren; nya risker saknades förra året; utgångna fanns förra året men inte i år.",
            swedish::capitalise(&swedish::count_words(compared, NAMND))
        )));
    }
    if !without.is_empty() {
        blocks.push(paragraph(format!(
            "Utan föregående års plan i underlaget: {}.",
            swedish::join(&without)
        )));
    }
    CityChapterView {
        blocks,
        table: (compared > 0).then(|| table.finish(Page::Landscape, words)),
        notes: Vec::new(),
    }
}
