//! Making data literal in Typst: every value from the data passes through
//! one of these before it reaches the generated source.

/// True for the characters Typst takes as a line break: the control
/// characters LF, VT, FF, CR and NEL, and also U+2028 and U+2029, which are
/// not control characters. Data must not break a line of the generated
/// source (it could end a `//` comment in a template).
fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Text as literal Typst markup: each ASCII punctuation character gets a
/// backslash, so nothing in it can start code, math, markup or a comment;
/// line breaks and other control characters become spaces.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if breaks_line(c) {
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
            '\u{2028}' => out.push_str("\\u{2028}"),
            '\u{2029}' => out.push_str("\\u{2029}"),
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
        for newline in ['\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert_eq!(markup(&format!("a{newline}// b")), "a \\/\\/ b");
        }
        assert_eq!(markup("Åtgärd – klar"), "Åtgärd – klar");
    }

    #[test]
    fn string_literal_quotes_and_escapes() {
        assert_eq!(string_literal("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
        assert_eq!(string_literal("a\u{2028}b"), "\"a\\u{2028}b\"");
    }
}
