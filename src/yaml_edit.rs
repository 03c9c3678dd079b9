//! Editing a YAML file at the places the parser's spans point to, never
//! re-serialising it, so that every comment, blank line, key order and
//! quoting the nämnd wrote survives: the edits `nytt-år` and `uppgradera`
//! make. Each edit replaces a byte range; they are made from the end
//! backwards, and two that touch the same text are an error.

use std::path::Path;

use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics};

/// A replacement of the bytes `start..end` of the source.
#[derive(Debug)]
pub(crate) struct Edit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
}

/// A key found on a line, before the value the span points to.
pub(crate) struct Key {
    /// Byte offset of the line's start in the source.
    pub(crate) line_start: usize,
    /// Byte offset of the key in the line.
    pub(crate) at: usize,
    /// Byte offset of the value in the line.
    pub(crate) value: usize,
    /// The key is inside a flow mapping (`{nr: 7, …}`).
    pub(crate) flow: bool,
}

pub(crate) struct Editor<'a> {
    pub(crate) path: &'a Path,
    pub(crate) source: Source<'a>,
    pub(crate) edits: Vec<Edit>,
    pub(crate) problems: Diagnostics,
}

impl<'a> Editor<'a> {
    /// An editor of `text`, the file at `path`.
    pub(crate) fn new(path: &'a Path, text: &'a str) -> Self {
        Editor {
            path,
            source: Source::new(text),
            edits: Vec::new(),
            problems: Diagnostics::default(),
        }
    }

    pub(crate) fn problem(&mut self, line: u64, message: String) {
        let d = Diagnostic::error(self.path, message)
            .at(&(line, 0))
            .hint("skriv nyckeln och värdet på en egen rad (blockform), som i exempelfilerna");
        self.problems.push(d);
    }

    /// The key `key` whose value `value` points to, or a problem.
    pub(crate) fn key<T>(&mut self, value: &Spanned<T>, key: &str) -> Option<Key> {
        let line = value.referenced.line();
        let found = self.source.key(line, value.referenced.column(), key);
        if found.is_none() {
            self.problem(
                line,
                format!("nyckeln {key}: kunde inte hittas på rad {line}"),
            );
        }
        found
    }

    /// Removes `key: value` of a risk: its line, or its part of a flow mapping.
    pub(crate) fn remove_key(&mut self, value: &Spanned<i64>, name: &str) {
        let Some(key) = self.key(value, name) else {
            return;
        };
        let line = self.source.line_text_at(key.line_start);
        if key.flow {
            return self.remove_from_flow(&key, value.referenced.line());
        }
        let next_line = self.source.next_line_start(key.line_start);
        self.replace(key.line_start, next_line, String::new());
        // `- tidigare_nr: 5` starts the list item: the item's next key
        // takes over the dash.
        let prefix = &line[..key.at];
        if prefix.contains('-') {
            let column = prefix.chars().count();
            match self.source.next_key_line(next_line, column) {
                Some(start) => self.replace(start, start + column, prefix.to_owned()),
                None => self.problem(
                    value.referenced.line(),
                    format!("raden med {name}: kunde inte tas bort"),
                ),
            }
        }
    }

    /// `{nr: 7, tidigare_nr: 5, …}` → `{nr: 7, …}`.
    pub(crate) fn remove_from_flow(&mut self, key: &Key, line: u64) {
        let text = self.source.line_text_at(key.line_start);
        let (_, end) = self.source.scalar(key);
        let end = end - key.line_start;
        let after = &text[end..];
        let gap = after.len() - after.trim_start().len();
        if after[gap..].starts_with(',') {
            let rest = &after[gap + 1..];
            let space = rest.len() - rest.trim_start().len();
            let stop = end + gap + 1 + space;
            return self.replace(
                key.line_start + key.at,
                key.line_start + stop,
                String::new(),
            );
        }
        let before = text[..key.at].trim_end();
        if before.ends_with(',') {
            let from = before.len() - 1;
            return self.replace(key.line_start + from, key.line_start + end, String::new());
        }
        self.problem(
            line,
            format!("tidigare_nr på rad {line} kunde inte tas bort"),
        );
    }

    /// Removes the top-level `key:` with everything under it.
    pub(crate) fn remove_top_level_block<T>(&mut self, value: &Spanned<T>, key: &str) {
        let line = value.referenced.line();
        match self.source.top_level_block(line, key) {
            Some((start, end)) => self.replace(start, end, String::new()),
            None => self.problem(line, format!("{key}: kunde inte tas bort")),
        }
    }

    /// Removes the scalar `item` (plain or quoted) from the list whose
    /// value `list` points to: a flow list `[a, b]` (with the comma that
    /// joined it) or a block list of `- a` lines (its line). False, with a
    /// problem, when the list or the item is not found.
    pub(crate) fn remove_list_item<T>(&mut self, list: &Spanned<T>, item: &str) -> bool {
        let line = list.referenced.line();
        let found = self
            .source
            .offset(line, list.referenced.column())
            .and_then(|at| self.source.value_start(at))
            .and_then(|at| match self.source.text[at..].starts_with('[') {
                true => self.source.flow_item(at, item),
                false => self.source.block_item(at, item),
            });
        match found {
            Some((start, end)) => {
                self.replace(start, end, String::new());
                true
            }
            None => {
                self.problem(
                    line,
                    format!("{item} kunde inte tas bort ur listan på rad {line}"),
                );
                false
            }
        }
    }

    pub(crate) fn replace(&mut self, start: usize, end: usize, text: String) {
        self.edits.push(Edit { start, end, text });
    }

    /// A new line after the line of `key`.
    pub(crate) fn insert_after(&mut self, key: &Key, line: String) {
        let at = self.source.next_line_start(key.line_start);
        let eol = self.source.eol();
        let text = if at == self.source.text.len() && !self.source.text.ends_with('\n') {
            format!("{eol}{line}")
        } else {
            format!("{line}{eol}")
        };
        self.replace(at, at, text);
    }

    /// The source with every edit made, from the end backwards so that
    /// earlier offsets stay right.
    pub(crate) fn apply(mut self) -> Result<String, Diagnostic> {
        // At one offset, a removal goes before an insertion there, so that
        // it does not take the inserted text with it.
        self.edits
            .sort_by_key(|e| std::cmp::Reverse((e.start, e.end)));
        let mut text = self.source.text.to_owned();
        let mut limit = text.len();
        for edit in &self.edits {
            if edit.end > limit || edit.start > edit.end {
                return Err(Diagnostic::error(
                    self.path,
                    "två ändringar i filen gäller samma text; ingenting skrevs",
                )
                .hint("det är ett fel i riskrapport; skicka filen till den som sköter verktyget"));
            }
            text.replace_range(edit.start..edit.end, &edit.text);
            limit = edit.start;
        }
        Ok(text)
    }
}

/// A file name as a YAML value: plain when safe, else double-quoted.
pub(crate) fn yaml_text(name: &str) -> String {
    let plain = !name.is_empty()
        && !name.starts_with(['-', '.'])
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        return name.to_owned();
    }
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// The source text with its lines' offsets.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    /// Byte offset of each line's start.
    pub(crate) starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i < text.len() || i == 0)
            .collect();
        Source { text, starts }
    }

    /// The line ending the file uses.
    pub(crate) fn eol(&self) -> &'static str {
        if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// The 1-based line `line`'s start, when the file has it.
    pub(crate) fn line_start(&self, line: u64) -> Option<usize> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.starts.get(index).copied()
    }

    /// The line starting at `start`, without its line ending.
    pub(crate) fn line_text_at(&self, start: usize) -> &'a str {
        let rest = &self.text[start..];
        let line = rest.split('\n').next().unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }

    pub(crate) fn next_line_start(&self, start: usize) -> usize {
        self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i + 1)
    }

    /// The key `key` before the value at 1-based `line`, `column` (in
    /// characters): `key:`, `"key":` or `'key':`, preceded by indentation
    /// and list dashes (block) or by `{` or `,` (flow).
    pub(crate) fn key(&self, line: u64, column: u64, key: &str) -> Option<Key> {
        let line_start = self.line_start(line)?;
        let text = self.line_text_at(line_start);
        let skip = usize::try_from(column).ok()?.checked_sub(1)?;
        let value = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .nth(skip)?;
        let before = text[..value].trim_end().strip_suffix(':')?.trim_end();
        let at = [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .find_map(|k| before.strip_suffix(k.as_str()).map(|b| b.len()))?;
        let prefix = &text[..at];
        let block = prefix
            .char_indices()
            .all(|(i, c)| c == ' ' || (c == '-' && prefix[i + 1..].starts_with(' ')));
        let flow = !block && prefix.trim_end().ends_with(['{', ',']);
        (block || flow).then_some(Key {
            line_start,
            at,
            value,
            flow,
        })
    }

    /// The indentation of the key's line, as spaces.
    pub(crate) fn indent(&self, key: &Key) -> String {
        " ".repeat(self.line_text_at(key.line_start)[..key.at].chars().count())
    }

    /// The absolute byte range of the scalar value of `key`: quoted, or plain
    /// up to a comment, the line's end or (in a flow) a `,` `}` `]`.
    pub(crate) fn scalar(&self, key: &Key) -> (usize, usize) {
        let text = self.line_text_at(key.line_start);
        let rest = &text[key.value..];
        let len = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => quoted_len(rest, q),
            _ => {
                let mut end = rest.len();
                let mut previous = ' ';
                for (i, c) in rest.char_indices() {
                    let comment = c == '#' && previous.is_whitespace();
                    if comment || (key.flow && matches!(c, ',' | '}' | ']')) {
                        end = i;
                        break;
                    }
                    previous = c;
                }
                rest[..end].trim_end().len()
            }
        };
        let start = key.line_start + key.value;
        (start, start + len)
    }

    /// The offset of the comment's `#` between `from` and `to`, if any.
    pub(crate) fn comment(&self, from: usize, to: usize) -> Option<usize> {
        let rest = &self.text[from..to];
        let trimmed = rest.trim_start();
        trimmed
            .starts_with('#')
            .then(|| from + rest.len() - trimmed.len())
    }

    /// The start of the first line from `from` on that holds a key at
    /// `column` (not blank, not a comment); None when a line less indented
    /// comes first.
    pub(crate) fn next_key_line(&self, from: usize, column: usize) -> Option<usize> {
        let mut start = from;
        while start < self.text.len() {
            let line = self.line_text_at(start);
            let content = line.trim_start();
            let indent = line.len() - content.len();
            if !content.is_empty() && !content.starts_with('#') {
                return (indent == column && line.is_char_boundary(column)).then_some(start);
            }
            start = self.next_line_start(start);
        }
        None
    }

    /// The byte range of the top-level `key:` whose value starts on `line`,
    /// through the last line that belongs to it; comments and blank lines
    /// after the block stay.
    pub(crate) fn top_level_block(&self, line: u64, key: &str) -> Option<(usize, usize)> {
        let value_start = self.line_start(line)?;
        let mut start = value_start;
        // Back from the value's line to its key at column 0.
        loop {
            let text = self.line_text_at(start);
            if is_top_level_key(text, key) {
                break;
            }
            let nested = text.is_empty() || text.starts_with([' ', '#', '-']);
            if !nested || start == 0 {
                return None;
            }
            start = self.line_start_before(start);
        }
        let mut end = self.next_line_start(start);
        for _ in 0..block_len(self.text[end..].split('\n')) {
            end = self.next_line_start(end);
        }
        Some((start, end))
    }

    /// The byte offset of 1-based `line`, `column` (in characters).
    pub(crate) fn offset(&self, line: u64, column: u64) -> Option<usize> {
        let start = self.line_start(line)?;
        let text = self.line_text_at(start);
        let skip = usize::try_from(column).ok()?.checked_sub(1)?;
        let at = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .nth(skip)?;
        Some(start + at)
    }

    /// Where the value from `at` on begins: past spaces, and past the line's
    /// end (and comment) when the value stands on the lines below its key.
    pub(crate) fn value_start(&self, mut at: usize) -> Option<usize> {
        loop {
            let rest = &self.text[at..];
            let line = rest.split('\n').next().unwrap_or("");
            let content = line.trim_start();
            if !content.is_empty() && !content.starts_with('#') && content != "\r" {
                return Some(at + line.len() - content.len());
            }
            if at + line.len() >= self.text.len() {
                return None;
            }
            at = self.next_line_start(at);
        }
    }

    /// The range to remove for `item` in the flow list opening at `at`:
    /// the item and the comma after it, or before it when it is the last.
    pub(crate) fn flow_item(&self, at: usize, item: &str) -> Option<(usize, usize)> {
        // Each item's trimmed range, and where its separator (`,` or `]`) is.
        let mut items: Vec<(usize, usize, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut from = at + 1;
        let mut previous = ' ';
        let mut chars = self.text[at..].char_indices().map(|(i, c)| (at + i, c));
        while let Some((i, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' if depth == 1 => quote = Some(c),
                    '#' if previous.is_whitespace() => {
                        // A comment runs to the line's end.
                        for (_, c) in chars.by_ref() {
                            if c == '\n' {
                                break;
                            }
                        }
                    }
                    '[' | '{' => depth += 1,
                    ',' if depth == 1 => {
                        items.push(self.trimmed(from, i));
                        from = i + 1;
                    }
                    ']' | '}' => {
                        depth -= 1;
                        if depth == 0 {
                            items.push(self.trimmed(from, i));
                            break;
                        }
                    }
                    _ => {}
                },
            }
            previous = c;
        }
        let index = items.iter().position(|&(start, end, _)| {
            let text = &self.text[start..end];
            text == item
                || text
                    .strip_prefix(['"', '\''])
                    .and_then(|t| t.strip_suffix(['"', '\'']))
                    == Some(item)
        })?;
        let (start, end, _) = items[index];
        match (items.get(index + 1), index.checked_sub(1).map(|p| items[p])) {
            (Some(&(next, _, _)), _) if next > end => Some((start, next)),
            (_, Some((_, _, comma))) => Some((comma, end)),
            _ => None,
        }
    }

    /// The trimmed range between `from` and `to`, and `to` itself.
    fn trimmed(&self, from: usize, to: usize) -> (usize, usize, usize) {
        let text = &self.text[from..to];
        let start = from + text.len() - text.trim_start().len();
        (start, start + text.trim().len(), to)
    }

    /// The line to remove for `item` in the block list whose first `-` is
    /// at `at`.
    pub(crate) fn block_item(&self, at: usize, item: &str) -> Option<(usize, usize)> {
        let first = self.line_start_of(at);
        let indent = at - first;
        let mut start = first;
        while start < self.text.len() {
            let line = self.line_text_at(start);
            let content = line.trim_start();
            let here = line.len() - content.len();
            let next = self.next_line_start(start);
            if content.is_empty() || content.starts_with('#') || here > indent {
                start = next;
                continue;
            }
            let value = match content.strip_prefix('-') {
                Some(rest) if here == indent && (rest.is_empty() || rest.starts_with(' ')) => rest,
                _ => return None,
            };
            let value = match value.find(" #") {
                Some(hash) => &value[..hash],
                None => value,
            }
            .trim();
            let unquoted = value
                .strip_prefix(['"', '\''])
                .and_then(|v| v.strip_suffix(['"', '\'']))
                .unwrap_or(value);
            if unquoted == item {
                return Some((start, next));
            }
            start = next;
        }
        None
    }

    /// The start of the line that holds byte `at`.
    pub(crate) fn line_start_of(&self, at: usize) -> usize {
        self.text[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    pub(crate) fn line_start_before(&self, start: usize) -> usize {
        self.starts
            .iter()
            .rev()
            .find(|&&s| s < start)
            .copied()
            .unwrap_or(0)
    }
}

/// True when `line` is `key:` (or quoted) at column 0.
pub(crate) fn is_top_level_key(line: &str, key: &str) -> bool {
    top_level_key(line) == Some(key)
}

/// The key of a top-level mapping line: `processer:`, `risker: []`,
/// `"risker" :`; quotes taken off. None for an indented, blank or comment
/// line, a sequence item, and a plain scalar with a colon inside (`a:b`).
/// The one reading of a file's top-level blocks, for `nytt-år` and for the
/// workbook's rest.
pub(crate) fn top_level_key(line: &str) -> Option<&str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
        return None;
    }
    let (key, after) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let len = quoted_len(line, quote);
            (
                &line[1..len.saturating_sub(1).max(1)],
                line[len..].trim_start(),
            )
        }
        _ => {
            let colon = line
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))?;
            (line[..colon].trim_end(), &line[colon..])
        }
    };
    let after = after.strip_prefix(':')?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(key)
}

/// How many of `lines` (those after a top-level key's line) belong to its
/// block: indented lines and sequence items at column 0 (`- a`, or a bare
/// `-` with the item below), with the blank and comment lines between
/// them; blank and comment lines after the last stay outside.
pub(crate) fn block_len<'t>(lines: impl IntoIterator<Item = &'t str>) -> usize {
    let mut len = 0;
    for (seen, line) in lines.into_iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let item = line
            .strip_prefix('-')
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if !indented && !item {
            break;
        }
        len = seen + 1;
    }
    len
}

/// The length in bytes of the quoted scalar at the start of `text`,
/// quotes included (the rest of the line when it does not close).
pub(crate) fn quoted_len(text: &str, quote: char) -> usize {
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            // '' inside single quotes is one quote, not the end.
            if quote == '\'' && text[i + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            return i + 1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_keys_are_read_one_way() {
        assert_eq!(top_level_key("risker:"), Some("risker"));
        assert_eq!(top_level_key("risker: []  # inga"), Some("risker"));
        assert_eq!(top_level_key("\"risker\" :"), Some("risker"));
        assert_eq!(top_level_key("'mål': x\r"), Some("mål"));
        assert_eq!(top_level_key("a:b: c"), Some("a:b"));
        for not in [
            "  risker:",
            "- risker:",
            "# risker:",
            "",
            "a:b",
            "---",
            "\"risker",
        ] {
            assert_eq!(top_level_key(not), None, "{not:?}");
        }
    }

    #[test]
    fn a_block_runs_over_its_items_and_not_past_the_next_key_or_marker() {
        let lines = |text: &'static str| text.split('\n');
        assert_eq!(
            block_len(lines("  - a\n\n  # c\n  - b\n\n# efter\nnästa: 1")),
            4
        );
        assert_eq!(block_len(lines("-\n  a: 1\n- b\n-x: 2")), 3);
        assert_eq!(block_len(lines("- a\n---\n- b")), 1);
        assert_eq!(block_len(lines("nästa: 1")), 0);
    }
}
