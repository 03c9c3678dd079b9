//! `nytt-år`: next year's plan started from this year's. The source text is
//! edited line by line at the places the parser's spans point to, never
//! re-serialised, so that every comment, blank line, key order and quoting
//! the nämnd wrote survives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{self, GoalDef, PlanFile, ProcessDef, RiskEntry};

/// The comment that asks the user to set the new plan's date.
pub const DATE_COMMENT: &str = "# ange planens nya datum";

/// What `start` wrote.
#[derive(Debug)]
pub struct Started {
    /// The new plan file.
    pub path: PathBuf,
    /// The new plan's year.
    pub year: i64,
    /// The risks whose rating is to be looked at again.
    pub to_review: usize,
}

/// The new plan's text and what it asks the nämnd to review.
#[derive(Debug, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    /// Rated risks (distinct nr) marked `omprövas: ja`.
    pub to_review: usize,
}

/// Writes next year's plan beside the plan at `source`, never over a file.
pub fn start(source: &Path) -> Result<Started, Diagnostics> {
    // Only a plan that passes `kontrollera` is carried over: its errors
    // would otherwise follow it into the new year unseen.
    let (checked, mut diagnostics) = crate::driver::check_plan(source);
    if checked.is_none() || diagnostics.has_errors() {
        diagnostics.push(
            Diagnostic::error(source, "nästa års plan görs inte av en plan med fel")
                .hint("rätta felen ovan och kör kommandot igen"),
        );
        return Err(diagnostics);
    }
    let text = model::read_text(source)?;
    let loaded = model::load_plan_source(source, &text)?;
    let year = loaded.plan.ar.value.checked_add(1).ok_or_else(|| {
        Diagnostic::error(source, "året går inte att räkna upp").at(&loaded.plan.ar)
    })?;
    let target = next_year_path(source, loaded.plan.ar.value, year);
    refuse_existing(&target)?;
    let name = source
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Diagnostic::error(source, "filnamnet är inte giltig text (UTF-8)"))?;
    let edited = edit(source, &text, &loaded.plan, name)?;
    verify(&target, &edited.text)?;
    crate::fs::write_atomically(&target, edited.text.as_bytes())
        .map_err(|e| Diagnostic::error(&target, e.to_string()))?;
    Ok(Started {
        path: target,
        year,
        to_review: edited.to_review,
    })
}

/// The new plan's path: the year in the file name counted up, or the year
/// added to the name when it has none (`plan.yaml` → `plan-2027.yaml`).
pub fn next_year_path(source: &Path, year: i64, next: i64) -> PathBuf {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = source
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        .unwrap_or("yaml");
    let digits = year.to_string();
    let name = match last_number(&stem, &digits) {
        Some(at) => format!("{}{next}{}.{ext}", &stem[..at], &stem[at + digits.len()..]),
        None => format!("{stem}-{next}.{ext}"),
    };
    source.with_file_name(name)
}

/// Where `digits` last stands in `stem` as a number of its own (not part
/// of a longer one: 2026 is not in 120261).
fn last_number(stem: &str, digits: &str) -> Option<usize> {
    let bytes = stem.as_bytes();
    stem.match_indices(digits)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + digits.len()).copied();
            !before.is_some_and(|b| b.is_ascii_digit())
                && !after.is_some_and(|b| b.is_ascii_digit())
        })
        .last()
}

/// Never overwrite: the nämnd may already have started next year's plan.
fn refuse_existing(target: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Err(Diagnostic::error(
            target,
            "filen finns redan; nytt-år skriver aldrig över en fil",
        )
        .hint(format!(
            "ta bort eller byt namn på {} och kör kommandot igen",
            target.display()
        )));
    }
    Ok(())
}

/// The edited text must still be a valid plan before it is written: a
/// mistake here would otherwise reach the nämnd as a broken file.
fn verify(target: &Path, text: &str) -> Result<(), Diagnostics> {
    let broken = |mut d: Diagnostics| {
        d.push(
            Diagnostic::error(
                target,
                "den nya planen blev inte giltig, så den skrevs inte",
            )
            .hint("det är ett fel i riskrapport; skicka källfilen till den som sköter verktyget"),
        );
        d
    };
    let loaded = model::load_plan_source(target, text).map_err(broken)?;
    let (_, diagnostics) = crate::validate::validate(&loaded);
    if diagnostics.has_errors() {
        return Err(broken(diagnostics));
    }
    Ok(())
}

/// Next year's plan as text: `plan` parsed from `text`, `previous` the
/// source's file name. Errors name the lines that could not be edited.
pub fn edit(
    path: &Path,
    text: &str,
    plan: &PlanFile,
    previous: &str,
) -> Result<Edited, Diagnostics> {
    let mut editor = Editor {
        path,
        source: Source::new(text),
        edits: Vec::new(),
        problems: Diagnostics::default(),
    };
    editor.year(plan);
    editor.previous(plan, previous);
    editor.date(&plan.datum);
    for entry in entries(plan, true) {
        if let Some(old) = &entry.tidigare_nr {
            editor.remove_key(old, "tidigare_nr");
        }
    }
    if let Some(dropped) = &plan.utgatt {
        editor.remove_top_level_block(dropped, "utgått");
    }
    let to_review = editor.mark_for_review(plan);
    if editor.problems.has_errors() {
        return Err(editor.problems);
    }
    let text = editor.apply().map_err(Diagnostics::from)?;
    Ok(Edited { text, to_review })
}

/// Every risk entry of the plan's groupings; with `ikp`, also the
/// internkontrollplan's own grouping (references only).
fn entries(plan: &PlanFile, ikp: bool) -> Vec<&RiskEntry> {
    fn process(p: &ProcessDef) -> impl Iterator<Item = &RiskEntry> {
        let subs = p.delprocesser.iter().flatten().flat_map(|s| &s.risker);
        subs.chain(p.risker.iter().flatten())
    }
    fn goals(g: &Option<Spanned<Vec<GoalDef>>>) -> impl Iterator<Item = &RiskEntry> {
        g.iter()
            .flat_map(|g| &g.value)
            .flat_map(|g| &g.processer)
            .flat_map(process)
    }
    fn processes(p: &Option<Spanned<Vec<ProcessDef>>>) -> impl Iterator<Item = &RiskEntry> {
        p.iter().flat_map(|p| &p.value).flat_map(process)
    }
    let mut all: Vec<&RiskEntry> = goals(&plan.mal)
        .chain(processes(&plan.processer))
        .chain(plan.risker.iter().flat_map(|r| &r.value))
        .collect();
    if ikp {
        all.extend(goals(&plan.ikp.mal).chain(processes(&plan.ikp.processer)));
    }
    all
}

/// A replacement of the bytes `start..end` of the source.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// A key found on a line, before the value the span points to.
struct Key {
    /// Byte offset of the line's start in the source.
    line_start: usize,
    /// Byte offset of the key in the line.
    at: usize,
    /// Byte offset of the value in the line.
    value: usize,
    /// The key is inside a flow mapping (`{nr: 7, …}`).
    flow: bool,
}

struct Editor<'a> {
    path: &'a Path,
    source: Source<'a>,
    edits: Vec<Edit>,
    problems: Diagnostics,
}

impl Editor<'_> {
    fn problem(&mut self, line: u64, message: String) {
        let d = Diagnostic::error(self.path, message)
            .at(&(line, 0))
            .hint("skriv nyckeln och värdet på en egen rad (blockform), som i exempelfilerna");
        self.problems.push(d);
    }

    /// The key `key` whose value `value` points to, or a problem.
    fn key<T>(&mut self, value: &Spanned<T>, key: &str) -> Option<Key> {
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

    /// `år: 2026` → `år: 2027`, the value only.
    fn year(&mut self, plan: &PlanFile) {
        let Some(key) = self.key(&plan.ar, "år") else {
            return;
        };
        let (start, end) = self.source.scalar(&key);
        let next = plan.ar.value.saturating_add(1);
        self.replace(start, end, next.to_string());
    }

    /// `föregående: <source>`: the value replaced, or a line after `år:`.
    fn previous(&mut self, plan: &PlanFile, name: &str) {
        let value = yaml_text(name);
        if let Some(old) = &plan.foregaende {
            if let Some(key) = self.key(old, "föregående") {
                let (start, end) = self.source.scalar(&key);
                self.replace(start, end, value);
            }
            return;
        }
        if let Some(key) = self.key(&plan.ar, "år") {
            let indent = self.source.indent(&key);
            self.insert_after(&key, format!("{indent}föregående: {value}"));
        }
    }

    /// The date is left for the user, with a comment that asks for it.
    fn date(&mut self, datum: &Spanned<String>) {
        let Some(key) = self.key(datum, "datum") else {
            return;
        };
        let (_, end) = self.source.scalar(&key);
        let line_end = key.line_start + self.source.line_text_at(key.line_start).len();
        match self.source.comment(end, line_end) {
            Some(hash) => self.replace(hash, line_end, DATE_COMMENT.to_owned()),
            None => self.replace(end, end, format!(" {DATE_COMMENT}")),
        }
    }

    /// Removes `key: value` of a risk: its line, or its part of a flow mapping.
    fn remove_key(&mut self, value: &Spanned<i64>, name: &str) {
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
    fn remove_from_flow(&mut self, key: &Key, line: u64) {
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
    fn remove_top_level_block<T>(&mut self, value: &Spanned<T>, key: &str) {
        let line = value.referenced.line();
        match self.source.top_level_block(line, key) {
            Some((start, end)) => self.replace(start, end, String::new()),
            None => self.problem(line, format!("{key}: kunde inte tas bort")),
        }
    }

    /// `omprövas: ja` on every rated risk definition; returns how many risks.
    fn mark_for_review(&mut self, plan: &PlanFile) -> usize {
        let mut marked_lines = BTreeSet::new();
        let mut risks = BTreeSet::new();
        for entry in entries(plan, false) {
            if entry.sannolikhet.is_none() || entry.konsekvens.is_none() {
                continue;
            }
            risks.insert(entry.nr.value);
            // An anchor used twice points to one place in the text.
            if !marked_lines.insert(entry.nr.referenced.line()) {
                continue;
            }
            match &entry.omprovas {
                Some(old) if old.value == model::JaNej::Ja => {}
                Some(old) => {
                    if let Some(key) = self.key(old, "omprövas") {
                        let (start, end) = self.source.scalar(&key);
                        self.replace(start, end, "ja".to_owned());
                    }
                }
                None => self.add_review(&entry.nr),
            }
        }
        risks.len()
    }

    /// `omprövas: ja` after the risk's `nr:`: a line of its own at the key's
    /// column, or inside a flow mapping right after the value.
    fn add_review(&mut self, nr: &Spanned<i64>) {
        let Some(key) = self.key(nr, "nr") else {
            return;
        };
        if key.flow {
            let (_, end) = self.source.scalar(&key);
            return self.replace(end, end, ", omprövas: ja".to_owned());
        }
        let column = self.source.line_text_at(key.line_start)[..key.at]
            .chars()
            .count();
        self.insert_after(&key, format!("{}omprövas: ja", " ".repeat(column)));
    }

    fn replace(&mut self, start: usize, end: usize, text: String) {
        self.edits.push(Edit { start, end, text });
    }

    /// A new line after the line of `key`.
    fn insert_after(&mut self, key: &Key, line: String) {
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
    fn apply(mut self) -> Result<String, Diagnostic> {
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
fn yaml_text(name: &str) -> String {
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
struct Source<'a> {
    text: &'a str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i < text.len() || i == 0)
            .collect();
        Source { text, starts }
    }

    /// The line ending the file uses.
    fn eol(&self) -> &'static str {
        if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// The 1-based line `line`'s start, when the file has it.
    fn line_start(&self, line: u64) -> Option<usize> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.starts.get(index).copied()
    }

    /// The line starting at `start`, without its line ending.
    fn line_text_at(&self, start: usize) -> &'a str {
        let rest = &self.text[start..];
        let line = rest.split('\n').next().unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }

    fn next_line_start(&self, start: usize) -> usize {
        self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i + 1)
    }

    /// The key `key` before the value at 1-based `line`, `column` (in
    /// characters): `key:`, `"key":` or `'key':`, preceded by indentation
    /// and list dashes (block) or by `{` or `,` (flow).
    fn key(&self, line: u64, column: u64, key: &str) -> Option<Key> {
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
    fn indent(&self, key: &Key) -> String {
        " ".repeat(self.line_text_at(key.line_start)[..key.at].chars().count())
    }

    /// The absolute byte range of the scalar value of `key`: quoted, or plain
    /// up to a comment, the line's end or (in a flow) a `,` `}` `]`.
    fn scalar(&self, key: &Key) -> (usize, usize) {
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
    fn comment(&self, from: usize, to: usize) -> Option<usize> {
        let rest = &self.text[from..to];
        let trimmed = rest.trim_start();
        trimmed
            .starts_with('#')
            .then(|| from + rest.len() - trimmed.len())
    }

    /// The start of the first line from `from` on that holds a key at
    /// `column` (not blank, not a comment); None when a line less indented
    /// comes first.
    fn next_key_line(&self, from: usize, column: usize) -> Option<usize> {
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
    fn top_level_block(&self, line: u64, key: &str) -> Option<(usize, usize)> {
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
        let mut scan = end;
        while scan < self.text.len() {
            let text = self.line_text_at(scan);
            let content = text.trim_start();
            if content.is_empty() || content.starts_with('#') {
                scan = self.next_line_start(scan);
                continue;
            }
            if !text.starts_with([' ', '-', '\t']) {
                break;
            }
            scan = self.next_line_start(scan);
            end = scan;
        }
        Some((start, end))
    }

    fn line_start_before(&self, start: usize) -> usize {
        self.starts
            .iter()
            .rev()
            .find(|&&s| s < start)
            .copied()
            .unwrap_or(0)
    }
}

/// True when `line` is `key:` (or quoted) at column 0.
fn is_top_level_key(line: &str, key: &str) -> bool {
    [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|k| {
            line.strip_prefix(k.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
}

/// The length in bytes of the quoted scalar at the start of `text`,
/// quotes included (the rest of the line when it does not close).
fn quoted_len(text: &str, quote: char) -> usize {
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

    const HEAD: &str =
        "kommun: K\nnämnd: N\når: 2026   # budgetåret\ndatum: 2025-12-09\nriskmodell: m\n";

    /// `edit` on `text` as the plan file `vor-2026.yaml`.
    fn edited(text: &str) -> Result<Edited, Diagnostics> {
        let path = Path::new("vor-2026.yaml");
        let plan: PlanFile = model::parse(path, text).map_err(Diagnostics::from)?;
        edit(path, text, &plan, "vor-2026.yaml")
    }

    fn edited_text(text: &str) -> String {
        edited(text).expect("the text can be edited").text
    }

    #[test]
    fn the_year_goes_up_and_the_previous_plan_is_named_after_it() {
        let text = format!("# överst\n{HEAD}risker:\n  - nr: 1\n    risk: R\n");
        let out = edited_text(&text);
        assert_eq!(
            out,
            "# överst\nkommun: K\nnämnd: N\når: 2027   # budgetåret\nföregående: vor-2026.yaml\n\
             datum: 2025-12-09 # ange planens nya datum\nriskmodell: m\nrisker:\n  - nr: 1\n    risk: R\n"
        );
    }

    #[test]
    fn a_previous_plan_and_a_date_comment_already_there_are_replaced() {
        let text = "kommun: K\nnämnd: N\når: 2026\nföregående: \"gammal.yaml\"  # förra\n\
                    datum: \"2025-12-09\"   # antaget\nriskmodell: m\nrisker:\n  - nr: 1\n    risk: R\n";
        let out = edited_text(text);
        assert!(
            out.contains("\nföregående: vor-2026.yaml  # förra\n"),
            "{out}"
        );
        assert!(
            out.contains("\ndatum: \"2025-12-09\"   # ange planens nya datum\n"),
            "{out}"
        );
        assert_eq!(out.matches("föregående").count(), 1, "{out}");
    }

    #[test]
    fn only_rated_definitions_are_marked_at_the_column_of_nr() {
        let text = format!(
            "{HEAD}mål:\n  - mål: M\n    processer:\n      - process: P\n        delprocesser:\n\
             \x20         - delprocess: D\n            risker:\n              - nr: 1   # ett\n\
             \x20               risk: R\n                sannolikhet: 2\n                konsekvens: 3\n\
             \x20             - nr: 2\n                risk: Ej värderad\n              - nr: 1\n"
        );
        let out = edited_text(&text);
        assert_eq!(out.matches("omprövas: ja").count(), 1, "{out}");
        assert!(
            out.contains(
                "- nr: 1   # ett\n                omprövas: ja\n                risk: R\n"
            ),
            "{out}"
        );
        assert_eq!(edited(&text).unwrap().to_review, 1);
    }

    #[test]
    fn a_risk_already_marked_is_not_marked_twice_and_nej_becomes_ja() {
        let text = format!(
            "{HEAD}risker:\n  - nr: 1\n    omprövas: ja\n    risk: R\n    sannolikhet: 1\n    konsekvens: 1\n\
             \x20 - nr: 2\n    omprövas: nej  # bedömd\n    risk: S\n    sannolikhet: 1\n    konsekvens: 1\n"
        );
        let out = edited_text(&text);
        assert_eq!(out.matches("omprövas: ja").count(), 2, "{out}");
        assert!(out.contains("    omprövas: ja  # bedömd\n"), "{out}");
        assert_eq!(edited(&text).unwrap().to_review, 2);
    }

    #[test]
    fn old_numbers_and_dropped_risks_are_removed() {
        let text = format!(
            "{HEAD}utgått:\n  - nr: 4\n    motivering: klar\n\n  # mitt i\n  - nr: 5\n    motivering: borta\n\
             # om riskerna\nrisker:\n  - tidigare_nr: 9\n    nr: 1\n    risk: R\n  - nr: 2\n    tidigare_nr: 8  # x\n    risk: S\n"
        );
        let out = edited_text(&text);
        assert!(
            !out.contains("utgått") && !out.contains("motivering"),
            "{out}"
        );
        assert!(
            !out.contains("tidigare_nr") && !out.contains("mitt i"),
            "{out}"
        );
        assert!(
            out.ends_with(
                "# om riskerna\nrisker:\n  - nr: 1\n    risk: R\n  - nr: 2\n    risk: S\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn flow_mappings_are_edited_inside_the_braces() {
        let text = format!(
            "{HEAD}risker:\n  - {{nr: 1, tidigare_nr: 3, risk: R, sannolikhet: 2, konsekvens: 2}}\n\
             \x20 - {{ nr: 2, risk: S, sannolikhet: 1, konsekvens: 1, tidigare_nr: 4 }}\n"
        );
        let out = edited_text(&text);
        assert!(
            out.contains("  - {nr: 1, omprövas: ja, risk: R, sannolikhet: 2, konsekvens: 2}\n"),
            "{out}"
        );
        assert!(
            out.contains("  - { nr: 2, omprövas: ja, risk: S, sannolikhet: 1, konsekvens: 1 }\n"),
            "{out}"
        );
    }

    #[test]
    fn a_key_that_cannot_be_found_is_an_error_with_its_line() {
        // The value on the line after its key: not a layout this edits.
        let text = format!(
            "{HEAD}risker:\n  - risk: R\n    sannolikhet: 1\n    konsekvens: 1\n    nr:\n      7\n"
        );
        let err = edited(&text).unwrap_err();
        assert!(err.has_errors());
        assert_eq!(err.0[0].line, Some(11), "{err}");
    }

    #[test]
    fn windows_line_endings_and_a_missing_last_newline_are_kept() {
        let text = "kommun: K\r\nnämnd: N\r\når: 2026\r\ndatum: 2025-12-09\r\nriskmodell: m\r\nrisker:\r\n  - nr: 1\r\n    risk: R\r\n    sannolikhet: 1\r\n    konsekvens: 1";
        let out = edited_text(text);
        assert!(
            out.contains("år: 2027\r\nföregående: vor-2026.yaml\r\n"),
            "{out:?}"
        );
        assert!(out.ends_with("  - nr: 1\r\n    omprövas: ja\r\n    risk: R\r\n    sannolikhet: 1\r\n    konsekvens: 1"), "{out:?}");
    }

    #[test]
    fn the_new_file_is_named_after_the_next_year() {
        let next = |name: &str, year| next_year_path(Path::new(name), year, year + 1);
        assert_eq!(
            next("d/vor-ikp-2026.yaml", 2026),
            Path::new("d/vor-ikp-2027.yaml")
        );
        assert_eq!(
            next("d/2026-plan-2026.yml", 2026),
            Path::new("d/2026-plan-2027.yml")
        );
        assert_eq!(next("d/plan.yaml", 2026), Path::new("d/plan-2027.yaml"));
        assert_eq!(
            next("d/plan-120261.yaml", 2026),
            Path::new("d/plan-120261-2027.yaml")
        );
        assert_eq!(
            next("d/plan-2025.yaml", 2026),
            Path::new("d/plan-2025-2027.yaml")
        );
    }

    #[test]
    fn file_names_are_quoted_when_plain_yaml_would_misread_them() {
        assert_eq!(yaml_text("vor-ikp-2026.yaml"), "vor-ikp-2026.yaml");
        assert_eq!(yaml_text("plan: 2026 #1.yaml"), "\"plan: 2026 #1.yaml\"");
        assert_eq!(yaml_text("-a\".yaml"), "\"-a\\\".yaml\"");
    }
}
