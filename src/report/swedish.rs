//! Swedish conventions: numbers with space and decimal comma, dates in ISO
//! and long form, small counts in words.

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

/// Capitalises the first letter.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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
    fn counts_in_words() {
        assert_eq!(count_in_words(2, false), "två");
        assert_eq!(count_in_words(1, true), "ett");
        assert_eq!(count_in_words(12, false), "tolv");
        assert_eq!(count_in_words(35, false), "35");
        assert_eq!(capitalise(&count_in_words(2, false)), "Två");
    }
}
