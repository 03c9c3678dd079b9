//! Where a Swedish word may break at a line end: only at a compound
//! boundary the word list knows (`verksamhets-plan`), never inside an
//! acronym, a number or between c and k. Typst's own patterns break
//! compounds at syllables ("Ris-kanalysen"), so the reports turn them off
//! and put soft hyphens only where this allows.
//!
//! A word is looked up as written in the list, or else split into words of
//! the list (`risk` + `analys` + `en`): a linking s may join two parts, and
//! the last may carry an inflection ending. Only a word (or a part of one)
//! wider than its column and with no break of the list is, as a last
//! resort, broken where Swedish hyphenation patterns put a syllable break
//! in it: a word never runs out of its column.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The built-in word list: one word a line, `-` where it may break.
const WORD_LIST: &str = include_str!("avstavning.txt");

/// Endings a compound's last part may carry.
const ENDINGS: [&str; 35] = [
    "e", "a", "n", "en", "et", "er", "ar", "or", "na", "ns", "ts", "ens", "ets", "ers", "ars",
    "ors", "ernas", "arnas", "ornas", "erna", "arna", "orna", "es", "as", "ande", "ende", "ade",
    "ad", "at", "t", "s", "r", "ens", "ernas", "aren",
];

/// The fewest letters a part of a compound has, when it is not a word of
/// the list on its own.
const MIN_PART: usize = 3;

/// The shortest word that is ever broken.
const MIN_BROKEN: usize = 8;

/// The soft hyphen: invisible unless the line breaks there.
pub const SOFT_HYPHEN: char = '\u{ad}';

/// A word list: where each known word may break.
#[derive(Debug, Clone, Default)]
pub struct Hyphenation {
    /// Lower-case word → the char positions it may break before.
    words: HashMap<String, Vec<usize>>,
}

/// Why an entry of a word list is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// Something else than lower-case letters and `-`.
    NotAWord,
    /// A break that leaves one letter, or splits c and k.
    BadBreak,
}

impl Hyphenation {
    /// The built-in list, read once.
    pub fn builtin() -> Arc<Hyphenation> {
        static BUILTIN: OnceLock<Arc<Hyphenation>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut list = Hyphenation::default();
                for line in WORD_LIST.lines() {
                    let line = line.trim();
                    if !line.is_empty() && !line.starts_with('#') {
                        // The built-in list is checked by a unit test.
                        let _ = list.add(line);
                    }
                }
                Arc::new(list)
            })
            .clone()
    }

    /// The built-in list with a kommun's own `words` added (checked already).
    pub fn with(words: &[String]) -> Arc<Hyphenation> {
        let builtin = Hyphenation::builtin();
        if words.is_empty() {
            return builtin;
        }
        let mut list = (*builtin).clone();
        for word in words {
            let _ = list.add(word);
        }
        Arc::new(list)
    }

    /// Adds `entry` (`verksamhets-plan`), or says why it cannot be.
    pub fn add(&mut self, entry: &str) -> Result<(), EntryError> {
        let (word, breaks) = parse_entry(entry)?;
        self.words.insert(word, breaks);
        Ok(())
    }

    /// The char positions `word` may break before; none for a word that is
    /// not a plain word (an acronym, a number) or that the list cannot split.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        let chars: Vec<char> = word.chars().collect();
        let plain = chars.iter().all(|c| c.is_alphabetic())
            && chars.iter().skip(1).all(|c| !c.is_uppercase());
        // Short words fit anywhere; breaking them only looks fussy.
        if !plain || chars.len() < MIN_BROKEN {
            return Vec::new();
        }
        let lower: String = word.to_lowercase();
        if lower.chars().count() != chars.len() {
            return Vec::new();
        }
        let breaks = match self.words.get(&lower) {
            Some(breaks) => breaks.clone(),
            None => self.split(&lower).unwrap_or_default(),
        };
        let lower: Vec<char> = lower.chars().collect();
        breaks
            .into_iter()
            .filter(|&at| allowed_at(&lower, at))
            .collect()
    }

    /// `text` with a soft hyphen wherever a word may break. Tokens with a
    /// digit or a slash (dates, numbers, diarienummer) are left whole.
    pub fn hyphenate(&self, text: &str) -> String {
        self.hyphenate_longer(text, 0)
    }

    /// `text` with soft hyphens in the words longer than `chars` letters
    /// (those that may not fit on a line): a word that fits is never broken
    /// when the text is set ragged, so it needs none.
    pub fn hyphenate_longer(&self, text: &str, chars: usize) -> String {
        with_breaks(
            text,
            |token| token.chars().any(|c| c.is_ascii_digit() || c == '/'),
            |word| {
                if word.chars().count() > chars {
                    self.breaks(word)
                } else {
                    Vec::new()
                }
            },
        )
    }

    /// `text` with soft hyphens in each word that does not `fit` on a line:
    /// at the breaks the word list allows, and in a part between them that
    /// still does not fit, at the syllable breaks of Swedish hyphenation
    /// patterns. Tokens with a digit or a slash are left whole, as are
    /// acronyms and addresses (which break after their dots and slashes).
    pub fn hyphenate_to_fit(&self, text: &str, fits: &dyn Fn(&str) -> bool) -> String {
        with_breaks(
            text,
            |token| {
                token
                    .chars()
                    .any(|c| c.is_ascii_digit() || c == '/' || c == '@')
                    || token.starts_with("www.")
            },
            |word| {
                if fits(word) {
                    Vec::new()
                } else {
                    self.breaks_to_fit(word, fits)
                }
            },
        )
    }

    /// Where `word`, too wide for its line, may break: the word list's
    /// breaks, and the patterns' in each part between them that does not
    /// `fit` with its hyphen.
    fn breaks_to_fit(&self, word: &str, fits: &dyn Fn(&str) -> bool) -> Vec<usize> {
        let chars: Vec<char> = word.chars().collect();
        let listed = self.breaks(word);
        let mut bounds = vec![0];
        bounds.extend(&listed);
        bounds.push(chars.len());
        let mut breaks = Vec::new();
        for pair in bounds.windows(2) {
            let (from, to) = (pair[0], pair[1]);
            if from > 0 {
                breaks.push(from);
            }
            let part: String = chars[from..to].iter().chain(['-'].iter()).collect();
            if !fits(&part) {
                breaks.extend(pattern_breaks(&chars, from, to));
            }
        }
        breaks
    }

    /// Whether a line may end with `before` broken from `after` (the two
    /// halves of one word).
    pub fn allows_break(&self, before: &str, after: &str) -> bool {
        let word = format!("{before}{after}");
        self.breaks(&word).contains(&before.chars().count())
    }

    /// Whether `before` broken from `after` is a last resort's break: one
    /// the patterns put in a part of the word between the list's breaks (for
    /// a word too wide for its column).
    pub fn allows_last_resort(&self, before: &str, after: &str) -> bool {
        let word = format!("{before}{after}");
        let chars: Vec<char> = word.chars().collect();
        let at = before.chars().count();
        let mut bounds = vec![0];
        bounds.extend(self.breaks(&word));
        bounds.push(chars.len());
        bounds
            .windows(2)
            .any(|pair| pattern_breaks(&chars, pair[0], pair[1]).contains(&at))
    }

    /// The break positions of `word` split into words of the list, with the
    /// fewest parts; `None` when no split exists.
    fn split(&self, word: &str) -> Option<Vec<usize>> {
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        let piece = |from: usize, to: usize| -> String { chars[from..to].iter().collect() };
        // best[i]: the fewest parts covering chars[..i], and their breaks.
        let mut best: Vec<Option<(usize, Vec<usize>)>> = vec![None; n + 1];
        best[0] = Some((0, Vec::new()));
        for start in 0..n {
            let Some((parts, breaks)) = best[start].clone() else {
                continue;
            };
            for (end, following) in (start + MIN_PART..=n).map(|e| (e, chars.get(e))) {
                let Some(inner) = self.words.get(&piece(start, end)) else {
                    continue;
                };
                let mut next = breaks.clone();
                if start > 0 {
                    next.push(start);
                }
                next.extend(inner.iter().map(|b| b + start));
                // The part may end the word, carry an ending, or be joined
                // to the next part by a linking s.
                let mut offer = |at: usize, next: Vec<usize>| {
                    if best[at].as_ref().is_none_or(|(p, _)| parts + 1 < *p) {
                        best[at] = Some((parts + 1, next));
                    }
                };
                offer(end, next.clone());
                if following == Some(&'s') && end + 1 < n {
                    offer(end + 1, next);
                }
            }
        }
        if let Some((_, breaks)) = &best[n] {
            return Some(breaks.clone());
        }
        // The last part with an ending.
        ENDINGS
            .iter()
            .filter(|e| word.ends_with(*e) && e.chars().count() < n)
            .filter_map(|e| {
                let stem = n - e.chars().count();
                best[stem].clone().filter(|(parts, _)| *parts > 0)
            })
            .min_by_key(|(parts, _)| *parts)
            .map(|(_, breaks)| breaks)
    }
}

/// `text` with soft hyphens at the `breaks` of each word (a run of
/// letters), except in the tokens (split after white space) kept `whole`.
fn with_breaks(
    text: &str,
    whole: impl Fn(&str) -> bool,
    breaks: impl Fn(&str) -> Vec<usize>,
) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for token in text.split_inclusive(char::is_whitespace) {
        if whole(token) {
            out.push_str(token);
            continue;
        }
        let mut word = String::new();
        for c in token.chars().chain(std::iter::once(' ')) {
            if c.is_alphabetic() {
                word.push(c);
                continue;
            }
            push_with_breaks(&mut out, &word, &breaks(&word));
            word.clear();
            out.push(c);
        }
        out.pop();
    }
    out
}

/// The text of `word` with a soft hyphen before each char position in `breaks`.
fn push_with_breaks(out: &mut String, word: &str, breaks: &[usize]) {
    for (i, w) in word.chars().enumerate() {
        if breaks.contains(&i) {
            out.push(SOFT_HYPHEN);
        }
        out.push(w);
    }
}

/// The syllable breaks Swedish hyphenation patterns put in `chars[from..to]`
/// (a word, or a part of one), as positions in `chars`; none in an acronym
/// or in a word with a capital inside.
fn pattern_breaks(chars: &[char], from: usize, to: usize) -> Vec<usize> {
    let plain =
        chars.iter().all(|c| c.is_alphabetic()) && chars.iter().skip(1).all(|c| !c.is_uppercase());
    if !plain || to <= from {
        return Vec::new();
    }
    let part: String = chars[from..to].iter().collect::<String>().to_lowercase();
    if part.chars().count() != to - from {
        return Vec::new();
    }
    let lower: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase()).collect();
    let mut at = from;
    let mut breaks = Vec::new();
    for syllable in hypher::hyphenate(&part, hypher::Lang::Swedish) {
        if at > from {
            breaks.push(at);
        }
        at += syllable.chars().count();
    }
    breaks
        .into_iter()
        .filter(|&b| lower.len() == chars.len() && allowed_at(&lower, b))
        .collect()
}

/// A word list entry as (lower-case word, break positions).
pub fn parse_entry(entry: &str) -> Result<(String, Vec<usize>), EntryError> {
    let entry = entry.trim();
    if entry.is_empty()
        || entry.starts_with('-')
        || entry.ends_with('-')
        || entry.contains("--")
        || !entry.chars().all(|c| c == '-' || c.is_lowercase())
    {
        return Err(EntryError::NotAWord);
    }
    let mut word = String::new();
    let mut breaks = Vec::new();
    let mut count = 0;
    for c in entry.chars() {
        if c == '-' {
            breaks.push(count);
        } else {
            word.push(c);
            count += 1;
        }
    }
    let chars: Vec<char> = word.chars().collect();
    if breaks.iter().any(|&at| !allowed_at(&chars, at)) {
        return Err(EntryError::BadBreak);
    }
    Ok((word, breaks))
}

/// Whether a break before char `at` leaves two letters before it and two
/// after, and does not split c and k.
fn allowed_at(chars: &[char], at: usize) -> bool {
    at >= 2 && at + 2 <= chars.len() && !(chars[at - 1] == 'c' && chars[at] == 'k')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(list: &Hyphenation, word: &str) -> String {
        list.hyphenate(word).replace(SOFT_HYPHEN, "-")
    }

    #[test]
    fn the_builtin_list_is_valid() {
        for line in WORD_LIST.lines().map(str::trim) {
            if !line.is_empty() && !line.starts_with('#') {
                assert_eq!(parse_entry(line).map(|_| ()), Ok(()), "{line}");
            }
        }
    }

    #[test]
    fn compounds_break_at_their_boundary() {
        let list = Hyphenation::builtin();
        for (word, want) in [
            ("Riskanalysen", "Risk-analysen"),
            ("samarbetsytor", "samarbets-ytor"),
            ("licensavtal", "licens-avtal"),
            ("kanslikontoret", "kansli-kontoret"),
            ("tystnadskultur", "tystnads-kultur"),
            ("internkontrollplanen", "intern-kontroll-planen"),
            ("nyckelkontroll", "nyckel-kontroll"),
            ("idrottsanläggningar", "idrotts-anläggningar"),
            ("Föreningsbidrag", "Förenings-bidrag"),
        ] {
            assert_eq!(shown(&list, word), want);
        }
    }

    #[test]
    fn acronyms_numbers_and_codes_never_break() {
        let list = Hyphenation::builtin();
        for text in [
            "GDPR",
            "KS-2024/728",
            "2025-12-09",
            "1 260,6",
            "IT-support",
            "e-post",
        ] {
            assert_eq!(list.hyphenate(text), text);
        }
    }

    #[test]
    fn unknown_words_do_not_break() {
        let list = Hyphenation::builtin();
        assert_eq!(list.hyphenate("xyzzyqwerty"), "xyzzyqwerty");
        assert!(list.breaks("organisation").is_empty());
    }

    #[test]
    fn entries_are_checked() {
        assert_eq!(
            parse_entry("skol-skjuts"),
            Ok(("skolskjuts".into(), vec![4]))
        );
        assert_eq!(parse_entry("nyc-kel"), Err(EntryError::BadBreak));
        assert_eq!(parse_entry("a-bcd"), Err(EntryError::BadBreak));
        assert_eq!(parse_entry("GDPR"), Err(EntryError::NotAWord));
        assert_eq!(parse_entry("risk analys"), Err(EntryError::NotAWord));
    }

    #[test]
    fn a_word_too_wide_for_its_column_breaks_as_a_last_resort() {
        let list = Hyphenation::builtin();
        let narrow = |piece: &str| piece.chars().count() <= 9;
        // A compound of the list breaks at its boundaries first …
        assert_eq!(
            list.hyphenate_to_fit("internkontrollplanen", &narrow)
                .replace(SOFT_HYPHEN, "-"),
            "intern-kontroll-planen"
        );
        // … a part still too wide at the patterns' syllables too, and a
        // word the list cannot split at those alone.
        let broken = list
            .hyphenate_to_fit("Socialsekreterare", &narrow)
            .replace(SOFT_HYPHEN, "-");
        assert!(broken.contains('-'), "{broken}");
        assert!(
            broken.split('-').all(|p| p.chars().count() >= 2),
            "{broken}"
        );
        let whole = broken.replace('-', "");
        let mut last_resorts = 0;
        for (at, _) in broken.match_indices('-') {
            let before = broken[..at].replace('-', "");
            let after = &whole[before.len()..];
            assert!(
                list.allows_break(&before, after) || list.allows_last_resort(&before, after),
                "{before}-{after}"
            );
            last_resorts += usize::from(!list.allows_break(&before, after));
        }
        assert!(last_resorts > 0, "{broken}");
        // A word that fits, an acronym and a code are left whole.
        assert_eq!(list.hyphenate_to_fit("kontroll", &narrow), "kontroll");
        assert_eq!(
            list.hyphenate_to_fit("ABCDEFGHIJKLMNOP KS-2024/728", &narrow),
            "ABCDEFGHIJKLMNOP KS-2024/728"
        );
    }

    #[test]
    fn a_kommun_adds_its_own_words() {
        let list = Hyphenation::with(&["skol-skjuts".into()]);
        assert_eq!(shown(&list, "skolskjutsen"), "skol-skjutsen");
        assert!(list.allows_break("skol", "skjutsen"));
        assert!(
            Hyphenation::builtin().breaks("riskerna").is_empty(),
            "short words"
        );
        assert!(!list.allows_break("sko", "lskjutsen"));
    }
}
