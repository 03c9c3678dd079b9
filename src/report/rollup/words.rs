//! The samlade bild's words: names in the genitive, bedömningar, risks
//! by number, counts in one paragraph's style, and the models' own level
//! names in sentences.

use crate::model::Verdict;
use crate::report::lights::{GREEN, RED, YELLOW};
use crate::score::rollup::{LevelCount, Named, NamndRow, PlanFacts, Problem};
use crate::score::vb::Tally;
use crate::swedish;
use crate::swedish::Noun;

pub(super) const NAMND: Noun = Noun::en("nämnd", "nämnder");
pub(super) const RISK: Noun = Noun::en("risk", "risker");
pub(super) const KONTROLL: Noun = Noun::en("kontroll", "kontroller");

/// "Socialnämndens": a name in the genitive.
pub(super) fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) {
        name.to_owned()
    } else {
        format!("{name}s")
    }
}

pub(super) fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Tillracklig => "tillräcklig",
        Verdict::DelvisTillracklig => "delvis tillräcklig",
        Verdict::Otillracklig => "otillräcklig",
    }
}

pub(super) fn verdict_light(verdict: Verdict) -> [u8; 3] {
    match verdict {
        Verdict::Tillracklig => GREEN,
        Verdict::DelvisTillracklig => YELLOW,
        Verdict::Otillracklig => RED,
    }
}

/// "risk 9", "riskerna 7 och 11".
pub(super) fn risks_phrase(nrs: &[u32]) -> String {
    let nrs: Vec<String> = nrs.iter().map(u32::to_string).collect();
    match nrs.len() {
        1 => format!("risk {}", nrs[0]),
        _ => format!("riskerna {}", swedish::join(&nrs)),
    }
}

/// "risk 9 (Kritisk)".
pub(super) fn named_phrase(risk: &Named) -> String {
    match &risk.level {
        Some(level) => format!("risk {} ({level})", risk.nr),
        None => format!("risk {}", risk.nr),
    }
}

/// Whether a paragraph with these counts writes them all as numerals:
/// when one is above twelve, so that one paragraph never mixes "18" and
/// "tre".
pub(super) fn numerals(counts: &[usize]) -> bool {
    counts.iter().any(|&n| n > 12)
}

/// A count in a paragraph's style: "18", "tre".
pub(super) fn number(n: usize, numerals: bool) -> String {
    if numerals {
        swedish::integer(n as i64)
    } else {
        swedish::count_in_words(n, false)
    }
}

/// Counts with their words in the paragraph's style; zeros left out.
/// "18 genomförda, 8 delvis genomförda och 6 ej genomförda".
pub(super) fn counted(items: &[(usize, &str, &str)], numerals: bool) -> String {
    let items: Vec<&(usize, &str, &str)> = items.iter().filter(|(n, ..)| *n > 0).collect();
    let parts: Vec<String> = items
        .iter()
        .map(|&&(n, one, many)| {
            let number = if numerals {
                swedish::integer(n as i64)
            } else {
                swedish::count_in_words(n, false)
            };
            format!("{number} {}", swedish::agree(n, one, many))
        })
        .collect();
    swedish::join(&parts)
}

/// The VB's results as words agreeing with their counts.
pub(super) fn tally_phrase(tally: &Tally, numerals: bool) -> String {
    counted(
        &[
            (tally.done, "genomförd", "genomförda"),
            (tally.partly, "delvis genomförd", "delvis genomförda"),
            (tally.not_done, "ej genomförd", "ej genomförda"),
            (tally.not_assessed, "ej bedömd", "ej bedömda"),
            (tally.not_reported, "ej rapporterad", "ej rapporterade"),
        ],
        numerals,
    )
}

/// What the highest level is called, as the models call it: "Kritisk i
/// alla åtta nämndernas modeller", "Akut hos Socialnämnden och Kritisk hos
/// övriga sex".
pub(super) fn top_names(plans: &[(&NamndRow, &PlanFacts)]) -> String {
    let mut names: Vec<(String, Vec<&str>)> = Vec::new();
    for (row, plan) in plans {
        let Some(top) = plan.top_level() else {
            continue;
        };
        match names.iter_mut().find(|(n, _)| *n == top.name) {
            Some((_, who)) => who.push(&row.namnd),
            None => names.push((top.name.clone(), vec![&row.namnd])),
        }
    }
    match names.as_slice() {
        [(name, who)] if who.len() == 1 => format!("{name} hos {}", who[0]),
        [(name, who)] if who.len() == 2 => format!("{name} hos båda nämnderna"),
        [(name, who)] => format!("{name} hos alla {}", swedish::count_words(who.len(), NAMND)),
        _ => {
            names.sort_by_key(|(_, who)| who.len());
            let parts: Vec<String> = names
                .iter()
                .map(|(name, who)| {
                    if who.len() <= 2 {
                        format!("{name} hos {}", swedish::join(who))
                    } else {
                        format!("{name} hos {}", swedish::count_words(who.len(), NAMND))
                    }
                })
                .collect();
            swedish::join(&parts)
        }
    }
}

/// What a "high" risk is, in the models' own level names: "Hög och
/// Kritisk av fyra nivåer, Kritisk av tre".
pub(super) fn high_words(plans: &[(&NamndRow, &PlanFacts)]) -> String {
    let mut seen: Vec<(Vec<String>, usize)> = Vec::new();
    for (_, plan) in plans {
        let names: Vec<String> = plan.levels.iter().map(|l| l.name.clone()).collect();
        if !seen.iter().any(|(n, _)| *n == names) {
            seen.push((names, plan.high_from));
        }
    }
    seen.sort_by_key(|(names, _)| std::cmp::Reverse(names.len()));
    let parts: Vec<String> = seen
        .iter()
        .map(|(names, from)| {
            let high: Vec<&String> = names[*from..].iter().collect();
            format!(
                "{} av {} nivåer",
                swedish::join(&high),
                swedish::count_in_words(names.len(), false)
            )
        })
        .collect();
    parts.join("; ")
}

/// "Kritisk 3 · Medium 64 · Låg 2": highest level first, in the nämnd's words.
pub(super) fn levels_text(levels: &[LevelCount]) -> String {
    levels
        .iter()
        .rev()
        .map(|l| format!("{} {}", l.name, l.count))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "socialnamnden/vor-ikp-2025.yaml, 3 fel".
pub(super) fn problem_text(problem: &Problem) -> String {
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

/// "Arbetsmarknadsnämnden (senaste plan 2026)".
pub(super) fn missing_text(missing: &crate::score::rollup::Missing) -> String {
    match missing.newest {
        Some(year) => format!("{} (senaste plan {year})", missing.namnd),
        None => format!("{} (ingen plan hittades)", missing.namnd),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_one_paragraph_are_all_words_or_all_numerals() {
        let items = [
            (18, "genomförd", "genomförda"),
            (6, "ej genomförd", "ej genomförda"),
        ];
        assert_eq!(
            counted(&items, numerals(&[18, 6])),
            "18 genomförda och 6 ej genomförda"
        );
        let items = [
            (3, "genomförd", "genomförda"),
            (0, "x", "y"),
            (1, "ej genomförd", "ej genomförda"),
        ];
        assert_eq!(
            counted(&items, numerals(&[3, 1])),
            "tre genomförda och en ej genomförd"
        );
    }

    #[test]
    fn names_in_the_genitive() {
        assert_eq!(genitive("Kommunstyrelsen"), "Kommunstyrelsens");
        assert_eq!(genitive("Stadsledningskontoret"), "Stadsledningskontorets");
        assert_eq!(genitive("Ekonomistabens"), "Ekonomistabens");
    }
}
