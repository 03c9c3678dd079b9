//! A document's standing, checked: a proposal (the default, said on the
//! cover) or decided by an organ on a date at a paragraph, and whether its
//! data is an example.

use std::ops::RangeInclusive;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_saphyr::Spanned;

use super::dates::checked_date;
use crate::diag::{Diagnostic, Diagnostics, KeyPath, Located};
use crate::model::{AssumedKey, DecisionDef, JaNej, Status};
use crate::swedish;

/// What a document is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// The decision, for a decided document; `None` for a proposal.
    pub decision: Option<Decision>,
    /// Whether `status:` is written; without it the document is a proposal
    /// by default, and the cover says so.
    pub stated: bool,
    /// The data is made up (`exempel: ja`).
    pub example: bool,
    /// The values the file says are assumed (`antagna:`).
    pub assumed: Vec<AssumedKey>,
    /// Where `status:` is written (0, 0 when it is not), for the message
    /// that refuses a decided document with a gap.
    pub at: (u64, u64),
}

/// Who decided a document, when, at which paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub organ: String,
    pub date: NaiveDate,
    /// The paragraph's number as written, without "§".
    pub paragraph: Option<String>,
}

impl Decision {
    /// "Beslutad av Servicenämnden den 12 december 2024, § 123".
    pub fn sentence(&self) -> String {
        let mut line = format!(
            "Beslutad av {} den {}",
            self.organ,
            swedish::long_date(self.date)
        );
        if let Some(paragraph) = &self.paragraph {
            line.push_str(&format!(", § {paragraph}"));
        }
        line
    }
}

impl Standing {
    /// Whether the file says `key` is assumed.
    pub fn assumes(&self, key: AssumedKey) -> bool {
        self.assumed.contains(&key)
    }

    /// Decided, not a proposal.
    pub fn is_decided(&self) -> bool {
        self.decision.is_some()
    }

    /// The document made from this file and `other` (a follow-up and its
    /// plan): this one's decision, an example if either is.
    pub fn with_example_of(mut self, other: &Standing) -> Standing {
        self.example |= other.example;
        self
    }
}

/// The document a decision is taken on: its own date, and the years such
/// a decision is normally taken in (a plan for 2026 in 2025 or 2026).
pub struct Decided {
    /// The document's date (`datum:`); `None` when it is wrong, and said so.
    pub date: Option<NaiveDate>,
    pub years: RangeInclusive<i32>,
    /// The document, for the warning: "en plan för 2026".
    pub what: String,
}

impl Decided {
    /// A plan for `year`, dated `date`: decided the year before or in it.
    pub fn plan(date: Option<NaiveDate>, year: i32) -> Self {
        Decided {
            date,
            years: year - 1..=year,
            what: format!("en plan för {year}"),
        }
    }

    /// A report on `year` (a verksamhetsberättelse, the samlade bild),
    /// dated `date`: decided in that year or the next.
    pub fn report(date: Option<NaiveDate>, year: i32, what: &str) -> Self {
        Decided {
            date,
            years: year..=year + 1,
            what: format!("{what} för {year}"),
        }
    }
}

/// Checks `status:`, `beslut:` and `exempel:` of the file at `path`, the
/// decision against the document it decides (`document`).
pub fn standing(
    path: &Path,
    status: Option<&Spanned<Status>>,
    beslut: Option<&Spanned<DecisionDef>>,
    exempel: Option<&Spanned<JaNej>>,
    document: &Decided,
    diags: &mut Diagnostics,
) -> Standing {
    let example = exempel.is_some_and(|e| e.value == JaNej::Ja);
    let at = status.map(|s| s.place()).unwrap_or((0, 0));
    let decided = status.is_some_and(|s| s.value == Status::Beslutad);
    let mut standing = Standing {
        decision: None,
        stated: status.is_some(),
        example,
        assumed: Vec::new(),
        at,
    };
    match (decided, beslut) {
        (true, Some(def)) => {
            standing.decision = decision(path, def, diags);
            if let Some(decided) = &standing.decision {
                dated_sensibly(path, decided.date, &def.value.datum, document, diags);
            }
        }
        (true, None) => diags.push(
            Diagnostic::error(path, "status: beslutad utan beslut")
                .at(&at)
                .field("beslut")
                .hint("skriv vem som beslutade, när och vid vilken paragraf: beslut: {organ: Servicenämnden, datum: 2024-12-12, paragraf: 123}"),
        ),
        (false, Some(def)) => diags.push(
            Diagnostic::warning(
                path,
                "filen har ett beslut men status är inte beslutad; dokumentet märks som förslag",
            )
            .at(def)
            .field("beslut")
            .hint("skriv status: beslutad om nämnden har beslutat dokumentet, annars ta bort beslut:"),
        ),
        (false, None) => {}
    }
    standing
}

/// The values `antagna:` marks. A key for a value the document does not
/// have (`has` says which it has) would mark nothing: warned of, not
/// silently kept.
pub fn assumed(
    path: &Path,
    antagna: &[Spanned<AssumedKey>],
    has: impl Fn(AssumedKey) -> bool,
    diags: &mut Diagnostics,
) -> Vec<AssumedKey> {
    let mut keys = Vec::new();
    for entry in antagna {
        let key = entry.value;
        if has(key) {
            if !keys.contains(&key) {
                keys.push(key);
            }
            continue;
        }
        diags.push(
            Diagnostic::warning(
                path,
                format!(
                    "antagna: {} märker inget: dokumentet har {}",
                    key.key(),
                    key.lacking()
                ),
            )
            .at(entry)
            .field("antagna")
            .hint(format!(
                "ta bort {} ur antagna:, eller skriv det antagna värdet",
                key.key()
            )),
        );
    }
    keys
}

/// A decision is taken on a document that exists: not before the
/// document's date (an error), and normally in the years `document` says
/// (else a warning: "2019" for "2025" is a typo the date check lets by).
fn dated_sensibly(
    path: &Path,
    date: NaiveDate,
    at: &Spanned<String>,
    document: &Decided,
    diags: &mut Diagnostics,
) {
    let field = || KeyPath::new("beslut").key("datum");
    if let Some(own) = document.date.filter(|own| date < *own) {
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "beslutet är daterat {}, före dokumentets datum {}",
                    swedish::long_date(date),
                    swedish::long_date(own)
                ),
            )
            .at(at)
            .field(field())
            .hint("ett dokument beslutas på eller efter sitt datum: rätta beslut: datum: till dagen för beslutet, eller datum: om det är dokumentets datum som är fel"),
        );
        return;
    }
    let (first, last) = (*document.years.start(), *document.years.end());
    if !document.years.contains(&date.year()) {
        let years = if first == last {
            first.to_string()
        } else {
            format!("{first} eller {last}")
        };
        diags.push(
            Diagnostic::warning(
                path,
                format!(
                    "beslutet är daterat {}, men {} beslutas normalt {years}",
                    swedish::long_date(date),
                    document.what
                ),
            )
            .at(at)
            .field(field())
            .hint("rätta året i beslut: datum: om det är ett skrivfel"),
        );
    }
}

fn decision(path: &Path, def: &Spanned<DecisionDef>, diags: &mut Diagnostics) -> Option<Decision> {
    let organ = def.value.organ.value.trim();
    if organ.is_empty() {
        diags.push(
            Diagnostic::error(path, "beslutets organ är tomt")
                .at(&def.value.organ)
                .field(KeyPath::new("beslut").key("organ"))
                .hint("skriv organet som beslutade, t.ex. organ: Servicenämnden"),
        );
    }
    let date = checked_date(
        path,
        &def.value.datum,
        KeyPath::new("beslut").key("datum"),
        None,
        diags,
    );
    let paragraph = def.value.paragraf.as_ref().and_then(|p| {
        let number = p.value.trim().trim_start_matches('§').trim();
        (!number.is_empty()).then(|| number.to_owned())
    });
    Some(Decision {
        organ: (!organ.is_empty()).then(|| organ.to_owned())?,
        date: date?,
        paragraph,
    })
}
