//! Making data literal in Typst: every value from the data passes through
//! one of these before it reaches the generated source.

/// Text as literal Typst markup: each ASCII punctuation character gets a
/// backslash, so nothing in it can start code, math, markup or a comment;
/// line breaks and other control characters become spaces.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Text as a Typst string literal, quotes included (for code mode).
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_special_character() {
        assert_eq!(
            markup("#read(\"/etc/passwd\")"),
            "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)"
        );
        assert_eq!(markup("$x$ *y*"), "\\$x\\$ \\*y\\*");
        assert_eq!(markup("a\nb"), "a b");
        assert_eq!(markup("Åtgärd – klar"), "Åtgärd – klar");
    }

    #[test]
    fn string_literal_quotes_and_escapes() {
        assert_eq!(string_literal("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
    }
}
