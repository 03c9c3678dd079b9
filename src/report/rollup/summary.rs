//! The first chapter: Kommunstyrelsens förslag till beslut, the computed
//! summary that names the nämnder, and Kommunstyrelsens slutsats.

use super::chapter::{CityChapterView, CityPart, list, paragraph};
use super::pieces::{plans, row_problems};
use super::words::{
    KONTROLL, NAMND, RISK, counted, genitive, missing_text, named_phrase, number, numerals,
    problem_text, risks_phrase, tally_phrase, top_names, verdict_word,
};
use crate::model::Verdict;
use crate::report::view::{Block, blocks};
use crate::score::rollup::{CityPicture, Concern, Flag, NamndRow, Part, PlanFacts};
use crate::score::vb::Tally;
use crate::swedish;
use crate::validate::city::City;

/// The first chapter: Kommunstyrelsens proposal, the computed summary and
/// its conclusion.
pub(super) fn summary_chapter(city: &City, picture: &CityPicture) -> CityChapterView {
    let own = city.proposal.is_some() || city.conclusion.is_some();
    let mut parts = Vec::new();
    if let Some(proposal) = &city.proposal {
        parts.push(CityPart::text(
            Some("Förslag till beslut".into()),
            blocks(proposal),
        ));
    }
    parts.push(CityPart::text(
        own.then(|| format!("Nämndernas interna kontroll {}", city.ar)),
        [blocks(&city.intro), summary(city, picture)].concat(),
    ));
    if let Some(conclusion) = &city.conclusion {
        parts.push(CityPart::text(
            Some(format!("{} slutsats", genitive(&city.sender))),
            blocks(conclusion),
        ));
    }
    CityChapterView { parts }
}

/// The computed summary: what a board member should know first, nämnder
/// named.
pub(super) fn summary(city: &City, picture: &CityPicture) -> Vec<Block> {
    let rows = &picture.rows;
    let plans = plans(picture);
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
    out.push(paragraph(verdicts_text(city, &plans)));
    if !plans.is_empty() {
        out.push(paragraph(numbers_text(&plans)));
    }
    if !picture.flags.is_empty() {
        out.push(list(
            "Att uppmärksamma (mer i avsnittet med samma namn, med hänvisning till nämndens eget dokument):"
                .into(),
            flag_sentences(&picture.flags, city.ar),
        ));
    }
    let changes = change_lines(&plans);
    if !changes.is_empty() {
        out.push(list(
            format!(
                "Jämfört med föregående års plan{}:",
                if changes.len() == 1 { "" } else { "er" }
            ),
            changes,
        ));
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
            named.push("fler i avsnittet om processerna".into());
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
    out
}

/// The bedömningar, nämnd by nämnd: "I verksamhetsberättelsen (VB) för
/// 2025 bedömer A och B sin interna kontroll som tillräcklig, C som …".
pub(super) fn verdicts_text(city: &City, plans: &[(&NamndRow, &PlanFacts)]) -> String {
    let mut parts = Vec::new();
    for verdict in [
        Verdict::Tillracklig,
        Verdict::DelvisTillracklig,
        Verdict::Otillracklig,
    ] {
        let who: Vec<&str> = plans
            .iter()
            .filter(|(r, _)| r.vb.found().is_some_and(|vb| vb.verdict == verdict))
            .map(|(r, _)| r.namnd.as_str())
            .collect();
        if !who.is_empty() {
            parts.push(format!(
                "{} som {}",
                swedish::join(&who),
                verdict_word(verdict)
            ));
        }
    }
    let without: Vec<&str> = plans
        .iter()
        .filter(|(r, _)| matches!(r.vb, Part::Missing))
        .map(|(r, _)| r.namnd.as_str())
        .collect();
    let mut text = if parts.is_empty() {
        format!(
            "Ingen nämnd har ännu lämnat sin bedömning i verksamhetsberättelsen (VB) för {}.",
            city.ar
        )
    } else {
        let first = parts
            .remove(0)
            .replacen(" som ", " sin interna kontroll som ", 1);
        parts.insert(0, first);
        format!(
            "I verksamhetsberättelsen (VB) för {} bedömer {}.",
            city.ar,
            swedish::join(&parts)
        )
    };
    if !without.is_empty() && !text.starts_with("Ingen") {
        text.push_str(&format!(
            " {} har ingen verksamhetsberättelse för {} i underlaget.",
            swedish::join(&without),
            city.ar
        ));
    }
    text
}

/// Risks, levels and controls of every nämnd together.
pub(super) fn numbers_text(plans: &[(&NamndRow, &PlanFacts)]) -> String {
    let rated: usize = plans.iter().map(|(_, p)| p.rated()).sum();
    let unrated: usize = plans.iter().map(|(_, p)| p.unrated.len()).sum();
    let top: usize = plans.iter().map(|(_, p)| p.top.len()).sum();
    let controls: usize = plans.iter().map(|(_, p)| p.ikp_controls).sum();
    let mut tally = Tally::default();
    let mut followed = 0;
    for (row, plan) in plans {
        if let Some(vb) = row.vb.found() {
            tally.add(&vb.tally);
            followed += plan.ikp_controls;
        }
    }
    let style = numerals(&[rated, unrated, top, controls, followed, tally.total()]);
    let mut text = format!(
        "Nämnderna har tillsammans {}",
        counted(
            &[
                (rated, "värderad risk", "värderade risker"),
                (
                    unrated,
                    "risk som inte är värderad",
                    "risker som inte är värderade"
                ),
            ],
            style
        )
    );
    text.push_str(&format!(
        ". Av de värderade står {} på den högsta nivån i sin nämnds riskmodell, som heter {}.",
        number(top, style),
        top_names(plans)
    ));
    text.push_str(&format!(
        " Internkontrollplanerna (IKP) har tillsammans {} {}.",
        number(controls, style),
        KONTROLL.form(controls)
    ));
    if followed > 0 {
        text.push_str(&format!(
            " Av de {} {} som följts upp i en verksamhetsberättelse är {}.",
            number(followed, style),
            KONTROLL.form(followed),
            tally_phrase(&tally, style)
        ));
    }
    if controls > followed && followed > 0 {
        text.push_str(&format!(
            " De övriga {} hör till nämnder utan verksamhetsberättelse.",
            number(controls - followed, style)
        ));
    }
    text
}

/// What changed since last year, by name, for the summary: one line per
/// nämnd compared.
pub(super) fn change_lines(plans: &[(&NamndRow, &PlanFacts)]) -> Vec<String> {
    let mut lines = Vec::new();
    for (row, plan) in plans {
        let (Some(change), Some(top)) = (&plan.change, plan.top_level()) else {
            continue;
        };
        let counts = [
            (change.raised, "höjd", "höjda"),
            (change.lowered, "sänkt", "sänkta"),
            (change.new, "ny", "nya"),
            (change.dropped, "utgången", "utgångna"),
        ];
        let style = numerals(&counts.map(|(n, ..)| n));
        let mut counted: Vec<String> = Vec::new();
        for (n, one, many) in counts.into_iter().filter(|(n, ..)| *n > 0) {
            let noun = if counted.is_empty() {
                format!("{} ", RISK.form(n))
            } else {
                String::new()
            };
            counted.push(format!(
                "{} {noun}{}",
                number(n, style),
                swedish::agree(n, one, many)
            ));
        }
        let mut said = Vec::new();
        let entered: Vec<u32> = change.entered.iter().map(|m| m.nr).collect();
        let left: Vec<u32> = change.left.iter().map(|m| m.nr).collect();
        if !entered.is_empty() {
            said.push(format!(
                "{} har kommit upp till {}",
                risks_phrase(&entered),
                top.name
            ));
        }
        if !left.is_empty() {
            said.push(format!("{} har lämnat {}", risks_phrase(&left), top.name));
        }
        if said.is_empty() {
            said.push(format!(
                "ingen har kommit upp till eller lämnat {}",
                top.name
            ));
        }
        if let (Some(vb), Some(before)) = (row.vb.found(), &row.last_vb)
            && vb.verdict != before.verdict
        {
            said.push(format!(
                "bedömningen har gått från {} till {}",
                verdict_word(before.verdict),
                verdict_word(vb.verdict)
            ));
        }
        let counted = if counted.is_empty() {
            "inga risker höjda, sänkta, nya eller utgångna".to_owned()
        } else {
            swedish::join(&counted)
        };
        lines.push(format!(
            "{}: {counted}; {}.",
            row.namnd,
            swedish::join(&said)
        ));
    }
    lines
}

/// One sentence or more per kind of flag, nämnder named.
pub(super) fn flag_sentences(flags: &[Flag], year: i32) -> Vec<String> {
    let mut out = Vec::new();
    let mut rank = 0;
    while rank <= 8 {
        let of_rank: Vec<&Flag> = flags.iter().filter(|f| f.concern.rank() == rank).collect();
        rank += 1;
        if of_rank.is_empty() {
            continue;
        }
        // The nämnder in the order of their first flag.
        let mut namnder: Vec<&str> = Vec::new();
        for f in &of_rank {
            if !namnder.contains(&f.namnd.as_str()) {
                namnder.push(&f.namnd);
            }
        }
        let of = |namnd: &str| -> Vec<&Flag> {
            of_rank
                .iter()
                .copied()
                .filter(|f| f.namnd == namnd)
                .collect()
        };
        let nrs = |flags: &[&Flag]| -> Vec<u32> {
            flags
                .iter()
                .filter_map(|f| concern_risk(&f.concern).map(|r| r.nr))
                .collect()
        };
        match &of_rank[0].concern {
            Concern::MissingVb { .. } => {
                out.push(format!(
                    "Verksamhetsberättelse för {year} saknas från {}.",
                    swedish::join(&namnder)
                ));
            }
            Concern::Unrated { .. } => {
                let parts: Vec<String> = namnder
                    .iter()
                    .map(|n| format!("{} hos {n}", risks_phrase(&nrs(&of(n)))))
                    .collect();
                out.push(format!(
                    "Risker som inte är värderade: {}.",
                    swedish::join(&parts)
                ));
            }
            _ => {
                for namnd in namnder {
                    out.extend(flag_sentence(namnd, &of(namnd)));
                }
            }
        }
    }
    out
}

/// The risk a concern is about.
pub(super) fn concern_risk(concern: &Concern) -> Option<NamedRef<'_>> {
    match concern {
        Concern::TopNotDone { risk }
        | Concern::NotDoneTwice { risk, .. }
        | Concern::Unreported { risk, .. }
        | Concern::Overdue { risk, .. }
        | Concern::OutsideIkp { risk, .. } => Some(NamedRef {
            nr: risk.nr,
            level: risk.level.as_deref(),
        }),
        Concern::Unrated { risk } => Some(NamedRef {
            nr: risk.nr,
            level: None,
        }),
        _ => None,
    }
}

/// A risk's number and level, borrowed.
pub(super) struct NamedRef<'a> {
    nr: u32,
    level: Option<&'a str>,
}

/// The summary's sentence for one nämnd's flags of one kind.
pub(super) fn flag_sentence(namnd: &str, flags: &[&Flag]) -> Option<String> {
    let first = flags.first()?;
    let nrs: Vec<u32> = flags
        .iter()
        .filter_map(|f| concern_risk(&f.concern).map(|r| r.nr))
        .collect();
    // The level, when every risk named has the same.
    let levels: Vec<Option<&str>> = flags
        .iter()
        .map(|f| concern_risk(&f.concern).and_then(|r| r.level))
        .collect();
    let level = levels
        .first()
        .copied()
        .flatten()
        .filter(|l| levels.iter().all(|m| *m == Some(*l)));
    let with_level = |nrs: &[u32]| match level {
        Some(level) => format!("{} ({level})", risks_phrase(nrs)),
        None => risks_phrase(nrs),
    };
    Some(match &first.concern {
        Concern::LowerVerdict { now, before, year } => format!(
            "{namnd} bedömer sin interna kontroll som {}, lägre än {year} då den bedömdes som {}.",
            verdict_word(*now),
            verdict_word(*before)
        ),
        Concern::SufficientDespite { risks } => format!(
            "{namnd} bedömer sin interna kontroll som tillräcklig, fast kontrollen av {} inte är genomförd.",
            swedish::join(&risks.iter().map(named_phrase).collect::<Vec<_>>())
        ),
        Concern::TopNotDone { .. } | Concern::NotDoneTwice { .. } => format!(
            "Hos {namnd} är {} av {} inte {}{}.",
            swedish::agree(flags.len(), "kontrollen", "kontrollerna"),
            with_level(&nrs),
            swedish::agree(flags.len(), "genomförd", "genomförda"),
            match first.concern {
                Concern::NotDoneTwice { .. } => " för andra året i rad",
                _ => "",
            }
        ),
        Concern::Unreported { .. } => format!(
            "{namnd} har inte rapporterat kontrollen av {} i verksamhetsberättelsen.",
            swedish::join(&nrs.iter().map(|n| format!("risk {n}")).collect::<Vec<_>>())
        ),
        Concern::Overdue { .. } => format!(
            "{namnd} har {} som passerat sitt slutdatum utan att vara klar ({}).",
            if flags.len() == 1 {
                "en förbättringsåtgärd".to_owned()
            } else {
                format!(
                    "{} förbättringsåtgärder",
                    swedish::count_in_words(flags.len(), false)
                )
            },
            risks_phrase(&dedup(nrs))
        ),
        Concern::OutsideIkp { .. } => {
            let without = flags
                .iter()
                .filter(|f| {
                    matches!(
                        &f.concern,
                        Concern::OutsideIkp {
                            motivation: None,
                            ..
                        }
                    )
                })
                .count();
            format!(
                "{namnd} håller {} utanför internkontrollplanen, {}.",
                with_level(&nrs),
                match without {
                    0 => "med motivering",
                    n if n == flags.len() => "utan motivering",
                    _ => "delvis utan motivering",
                }
            )
        }
        Concern::MissingVb { .. } | Concern::Unrated { .. } => return None,
    })
}

pub(super) fn dedup(mut nrs: Vec<u32>) -> Vec<u32> {
    nrs.dedup();
    nrs
}
