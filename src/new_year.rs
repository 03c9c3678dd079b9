//! `nytt-år`: next year's plan started from this year's. The source text is
//! edited line by line at the places the parser's spans point to, never
//! re-serialised, so that every comment, blank line, key order and quoting
//! the nämnd wrote survives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use crate::diag::{At, Diagnostic, Diagnostics};
use crate::model::{self, GoalDef, PlanFile, ProcessDef, RiskEntry};
use crate::yaml_edit::{Editor, yaml_text};

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
    start_with(source, |_| {})
}

/// [`start`], with `before_write` run on the target's path after it was
/// found free and before the new plan is written: where another writer may
/// create it (tests make one there).
pub fn start_with(source: &Path, before_write: impl FnOnce(&Path)) -> Result<Started, Diagnostics> {
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
    let text = crate::schema::with_schema_line(&target, &edited.text);
    verify(&target, &text)?;
    before_write(&target);
    // The check above is for a clear message early; this write is what
    // keeps a file made meanwhile (by a colleague, say) from being lost.
    match crate::fs::write_new(&target, text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(taken(&target).into());
        }
        written => written.at(&target)?,
    }
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
        return Err(taken(target));
    }
    Ok(())
}

fn taken(target: &Path) -> Diagnostic {
    Diagnostic::error(
        target,
        "filen finns redan; nytt-år skriver aldrig över en fil",
    )
    .hint(format!(
        "ta bort eller byt namn på {} och kör kommandot igen",
        target.display()
    ))
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
    let mut editor = Editor::new(path, text);
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

impl Editor<'_> {
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
