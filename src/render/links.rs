//! Web and e-mail addresses in text from the data, as links: found here,
//! written as Typst markup that cannot run anything the data says.
//!
//! An address prints as written and breaks only after a `/`, `.` or `-`
//! (each piece up to one of them is a box, which Typst never breaks); the
//! link's target is a string literal. PDF/UA gives every link a `Link`
//! structure element with the address as its alternative text.

use std::ops::Range;

use super::escape::{markup, string_literal};

/// The soft hyphen the word list puts into long words: never part of an address.
const SOFT_HYPHEN: char = '\u{ad}';

/// An address found in text: where it is, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Byte range in the text, soft hyphens included.
    pub range: Range<usize>,
    /// "https://…", "https://www.…" or "mailto:…".
    pub target: String,
}

/// The metadata value that marks an address left unlinked on purpose, for
/// the page inspector (as `inspect::NEW_PAGE_MARK` marks a page break).
pub const UNLINKED_MARK: &str = "utan-länk";

/// Text as literal Typst markup with each address a link.
pub fn markup_linked(text: &str) -> String {
    write(text, true)
}

/// Text as literal Typst markup with each address breaking only where an
/// address may, but no link: for what PDF/UA allows no link in, such as a
/// table header that repeats on every page (an artifact there).
pub fn markup_unlinked(text: &str) -> String {
    write(text, false)
}

fn write(text: &str, linked: bool) -> String {
    let found = addresses(text);
    if found.is_empty() {
        return markup(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    if !linked {
        // Tells the page inspector that the address is left unlinked on
        // purpose, so that it does not warn of it.
        out.push_str(&format!("#metadata(\"{UNLINKED_MARK}\")"));
    }
    let mut at = 0;
    for address in found {
        out.push_str(&markup(&text[at..address.range.start]));
        let shown: String = text[address.range.clone()]
            .chars()
            .filter(|&c| c != SOFT_HYPHEN)
            .collect();
        if linked {
            out.push_str("#link(");
            out.push_str(&string_literal(&address.target));
            out.push_str(")[");
        }
        for piece in pieces(&shown) {
            out.push_str("#box[");
            out.push_str(&markup(piece));
            out.push(']');
        }
        if linked {
            out.push(']');
        }
        at = address.range.end;
    }
    out.push_str(&markup(&text[at..]));
    out
}

/// The address cut after each run of `/`, `.` and `-`: where it may break.
fn pieces(address: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = address.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let after = chars.peek().map(|&(_, next)| next);
        if matches!(c, '/' | '.' | '-') && after.is_some_and(|n| !matches!(n, '/' | '.' | '-')) {
            let end = i + c.len_utf8();
            out.push(&address[start..end]);
            start = end;
        }
    }
    if start < address.len() {
        out.push(&address[start..]);
    }
    out
}

/// Every web address (starting with `http://`, `https://` or `www.`) and
/// e-mail address (name@domain.tld) in `text`, in order.
pub fn addresses(text: &str) -> Vec<Address> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let boundary = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != SOFT_HYPHEN);
        let web = boundary.then(|| web_address(rest)).flatten();
        if let Some(length) = web {
            let shown = clean(&rest[..length]);
            let target = if shown.to_ascii_lowercase().starts_with("www.") {
                format!("https://{shown}")
            } else {
                shown
            };
            found.push(Address {
                range: at..at + length,
                target,
            });
            at += length;
            continue;
        }
        if rest.starts_with('@')
            && let Some(address) = mail_address(text, at)
        {
            // The name before the @ may overlap nothing found earlier.
            if found
                .last()
                .is_none_or(|a| a.range.end <= address.range.start)
            {
                at = address.range.end;
                found.push(address);
                continue;
            }
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// The length of the web address at the start of `text`, if one starts there.
fn web_address(text: &str) -> Option<usize> {
    let lower: String = text.chars().take(8).collect::<String>().to_lowercase();
    let scheme = ["https://", "http://", "www."]
        .into_iter()
        .find(|s| lower.starts_with(s))?;
    let mut brackets = Vec::new();
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let fits = match c {
            '(' | '[' => {
                brackets.push(c);
                true
            }
            ')' => brackets.pop() == Some('('),
            ']' => brackets.pop() == Some('['),
            c => c.is_alphanumeric() || c == SOFT_HYPHEN || "-._~:/?#@!$&'*+,;=%".contains(c),
        };
        if !fits {
            break;
        }
        end = i + c.len_utf8();
    }
    // Punctuation at the end belongs to the sentence.
    while let Some(c) = text[..end].chars().next_back()
        && matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | SOFT_HYPHEN)
    {
        end -= c.len_utf8();
    }
    (clean(&text[..end]).len() > scheme.len()).then_some(end)
}

/// The e-mail address around the @ at byte `at` of `text`, if it is one.
fn mail_address(text: &str, at: usize) -> Option<Address> {
    let name_char = |c: char| c.is_alphanumeric() || c == SOFT_HYPHEN || "._%+-".contains(c);
    let domain_char = |c: char| c.is_alphanumeric() || c == SOFT_HYPHEN || ".-".contains(c);
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| name_char(c))
        .last()
        .map(|(i, _)| i)?;
    let mut start = start;
    // A name starts with a letter or digit, not with a dot.
    while let Some(c) = text[start..at].chars().next()
        && !c.is_alphanumeric()
    {
        start += c.len_utf8();
    }
    let mut end = text[at + 1..]
        .char_indices()
        .take_while(|&(_, c)| domain_char(c))
        .last()
        .map(|(i, c)| at + 1 + i + c.len_utf8())?;
    while let Some(c) = text[at + 1..end].chars().next_back()
        && !c.is_alphanumeric()
    {
        end -= c.len_utf8();
    }
    let name = clean(&text[start..at]);
    let domain = clean(text.get(at + 1..end)?);
    let tld = domain.rsplit_once('.')?.1;
    let ok = !name.is_empty()
        && !name.ends_with('.')
        && !domain.starts_with(['.', '-'])
        && !domain.contains("..")
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic);
    ok.then(|| Address {
        range: start..end,
        target: format!("mailto:{name}@{domain}"),
    })
}

/// The text without soft hyphens.
fn clean(text: &str) -> String {
    text.chars().filter(|&c| c != SOFT_HYPHEN).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<String> {
        addresses(text).into_iter().map(|a| a.target).collect()
    }

    #[test]
    fn finds_web_and_mail_addresses_without_the_sentence_around_them() {
        assert_eq!(
            targets("Se https://vuxpedagog.stockholm.se/projekt-och-utveckling/."),
            ["https://vuxpedagog.stockholm.se/projekt-och-utveckling/"]
        );
        assert_eq!(
            targets("(läs www.regeringen.se/skr.-202425121), eller"),
            ["https://www.regeringen.se/skr.-202425121"]
        );
        assert_eq!(
            targets("E-post: slk-finansavdelningen.slk@stockholm.se."),
            ["mailto:slk-finansavdelningen.slk@stockholm.se"]
        );
        assert_eq!(
            targets(
                "https://sv.wikipedia.org/wiki/Intern_kontroll_(ekonomi) och Info.amf@stockholm.se"
            ),
            [
                "https://sv.wikipedia.org/wiki/Intern_kontroll_(ekonomi)",
                "mailto:Info.amf@stockholm.se"
            ]
        );
        assert_eq!(
            targets(
                "ENISA%20Threat: https://www.enisa.europa.eu/sites/default/files/2025-10/ENISA%20Threat%20Landscape%202025%20Booklet.pdf"
            ),
            [
                "https://www.enisa.europa.eu/sites/default/files/2025-10/ENISA%20Threat%20Landscape%202025%20Booklet.pdf"
            ]
        );
    }

    #[test]
    fn what_is_not_an_address_is_left_alone() {
        for text in [
            "Nämnden @ kontoret",
            "a@b",
            "namn@domän.",
            "Kostnader på 1,5 mnkr, enl. avtal",
            "https://",
            "swww.stockholm.se",
            "kund@stockholm.s3",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn soft_hyphens_are_no_part_of_an_address() {
        let text = "Info.amf@stock\u{ad}holm.se";
        assert_eq!(targets(text), ["mailto:Info.amf@stockholm.se"]);
        assert!(!markup_linked(text).contains('\u{ad}'));
    }

    #[test]
    fn an_address_breaks_only_after_a_slash_a_dot_or_a_hyphen() {
        assert_eq!(
            pieces(
                "https://vuxpedagog.stockholm.se/projekt-och-utveckling/kompetensutveckling-i-aldreomsorgen"
            ),
            [
                "https://",
                "vuxpedagog.",
                "stockholm.",
                "se/",
                "projekt-",
                "och-",
                "utveckling/",
                "kompetensutveckling-",
                "i-",
                "aldreomsorgen"
            ]
        );
        assert_eq!(pieces("a@b.se"), ["a@b.", "se"]);
    }

    #[test]
    fn the_markup_is_a_link_and_nothing_else() {
        assert_eq!(
            markup_linked("Mejla a.b@c.se!"),
            "Mejla #link(\"mailto:a.b@c.se\")[#box[a\\.]#box[b\\@c\\.]#box[se]]\\!"
        );
        assert_eq!(
            markup_unlinked("Se www.x.se"),
            "#metadata(\"utan-länk\")Se #box[www\\.]#box[x\\.]#box[se]"
        );
        // What could end the string or the content is written as text.
        let hostile = "https://x.se/a\")[#read(\"/etc/passwd\")]";
        let written = markup_linked(hostile);
        assert!(
            written.starts_with("#link(\"https://x.se/a\")"),
            "{written}"
        );
        assert!(
            written.contains("\\#read\\(\\\"\\/etc\\/passwd\\\"\\)"),
            "{written}"
        );
    }
}
