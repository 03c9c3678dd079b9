//! Swedish conventions, shared by the reports and the command line: numbers
//! with space and decimal comma, dates in ISO and long form, counts with the
//! noun in agreement, small counts in words, lists joined with "och", and
//! where a word may break at a line end.

mod hyphenation;

pub use hyphenation::{EntryError, Hyphenation, SOFT_HYPHEN, parse_entry};

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// "9 december 2025".
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "2025-12-09".
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An integer with a no-break space between thousands: "15 000 000".
pub fn integer(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    if value < 0 { format!("−{out}") } else { out }
}

/// A decimal with `decimals` places, decimal comma and thousands spaces: "1 260,6", "−429,0".
pub fn decimal(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole = integer(whole.parse::<i64>().unwrap_or(0));
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole},{fraction}")
    }
}

/// A count in words up to twelve, as Swedish style writes it, numerals above.
/// `neuter` picks "ett" over "en" for one.
pub fn count_in_words(count: usize, neuter: bool) -> String {
    const WORDS: [&str; 13] = [
        "noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
        "tolv",
    ];
    match count {
        1 if neuter => "ett".into(),
        0..=12 => WORDS[count].into(),
        _ => integer(count as i64),
    }
}

/// A noun's two forms: "fil" / "filer"; `neuter` for "ett" nouns.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    pub one: &'static str,
    pub many: &'static str,
    pub neuter: bool,
}

impl Noun {
    /// An "en" noun.
    pub const fn en(one: &'static str, many: &'static str) -> Self {
        Noun {
            one,
            many,
            neuter: false,
        }
    }

    /// An "ett" noun.
    pub const fn ett(one: &'static str, many: &'static str) -> Self {
        Noun {
            one,
            many,
            neuter: true,
        }
    }

    /// The form that agrees with `n`.
    pub fn form(self, n: usize) -> &'static str {
        agree(n, self.one, self.many)
    }
}

/// The word that agrees with a count: `one` for 1, `many` otherwise
/// ("1 fil kontrollerad", "2 filer kontrollerade").
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// "2 filer", "1 fel": the count in digits with its noun (for the command line).
pub fn count(n: usize, noun: Noun) -> String {
    format!("{} {}", integer(n as i64), noun.form(n))
}

/// "två risker", "ett fel", "35 risker": the count in words up to twelve,
/// as Swedish running text writes it.
pub fn count_words(n: usize, noun: Noun) -> String {
    format!("{} {}", count_in_words(n, noun.neuter), noun.form(n))
}

/// "a, b och c".
pub fn join<S: AsRef<str>>(items: &[S]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} och {}", rest.join(", "), last.as_ref())
        }
        Some((last, _)) => last.as_ref().to_owned(),
        None => String::new(),
    }
}

/// "1, 2 och 3".
pub fn join_numbers(nrs: &[u32]) -> String {
    let text: Vec<String> = nrs.iter().map(u32::to_string).collect();
    join(&text)
}

/// A key that sorts names as Swedish does: case aside, and å, ä, ö after z.
pub fn sort_key(text: &str) -> Vec<u32> {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            c => c as u32,
        })
        .collect()
}

/// Capitalises the first letter.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text without its closing full stop, to go inside a sentence of ours
/// ("… information (ej genomförd)."): no sentence gets two stops.
pub fn without_full_stop(text: &str) -> &str {
    let text = text.trim_end();
    match text.strip_suffix('.') {
        Some(rest) if !rest.ends_with('.') => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 9).unwrap();
        assert_eq!(long_date(d), "9 december 2025");
        assert_eq!(iso_date(d), "2025-12-09");
    }

    #[test]
    fn numbers_use_space_and_comma() {
        assert_eq!(integer(15_000_000), "15\u{a0}000\u{a0}000");
        assert_eq!(integer(999), "999");
        assert_eq!(decimal(1260.6, 1), "1\u{a0}260,6");
        assert_eq!(decimal(-429.0, 1), "−429,0");
        assert_eq!(decimal(-0.01, 1), "0,0");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        const FIL: Noun = Noun::en("fil", "filer");
        const FEL: Noun = Noun::ett("fel", "fel");
        assert_eq!(count(1, FIL), "1 fil");
        assert_eq!(count(2, FIL), "2 filer");
        assert_eq!(count_words(1, FEL), "ett fel");
        assert_eq!(count_words(13, FIL), "13 filer");
        assert_eq!(agree(1, "kontrollerad", "kontrollerade"), "kontrollerad");
    }

    #[test]
    fn lists_join_with_och() {
        assert_eq!(join(&["a", "b", "c"]), "a, b och c");
        assert_eq!(join(&["a"]), "a");
        assert_eq!(join::<&str>(&[]), "");
    }

    #[test]
    fn names_sort_with_å_ä_ö_last() {
        let mut names = [
            "Äldrenämnden",
            "Socialnämnden",
            "Idrottsnämnden",
            "Östra nämnden",
            "Ålands nämnd",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "Idrottsnämnden",
                "Socialnämnden",
                "Ålands nämnd",
                "Äldrenämnden",
                "Östra nämnden"
            ]
        );
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(count_in_words(2, false), "två");
        assert_eq!(count_in_words(1, true), "ett");
        assert_eq!(count_in_words(12, false), "tolv");
        assert_eq!(count_in_words(35, false), "35");
        assert_eq!(capitalise(&count_in_words(2, false)), "Två");
    }
}
