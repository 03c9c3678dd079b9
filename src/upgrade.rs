//! `uppgradera`: a file written for an earlier version rewritten to today's
//! form. Data that an earlier version accepted keeps building (a form that
//! is no longer wanted gives a warning that names the fix); this command
//! makes the fix, with the same edits at the parser's spans as `nytt-år`,
//! so every comment, blank line and quoting stays as the nämnd wrote it.
//!
//! Today's forms, each with the warning it answers:
//! - a table's `kolumner` with both `riskvärde` and `risknivå` (they show
//!   the same value): `risknivå` is removed.

use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use crate::diag::{At, Diagnostic, Diagnostics};
use crate::model::{self, InputFile, PlanFile};
use crate::yaml_edit::Editor;

/// What `upgrade` did.
#[derive(Debug)]
pub struct Upgraded {
    /// Where the file was written; `None` when nothing needed changing.
    pub written: Option<PathBuf>,
    /// Each change, in Swedish, with its line.
    pub changes: Vec<String>,
}

/// The upgraded text and its changes.
#[derive(Debug, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    pub changes: Vec<String>,
}

/// Rewrites the file at `input` to today's form, to `out` (by default the
/// file itself). A file is written over only with `force`; a file that
/// needs no change is not written at all.
pub fn upgrade(input: &Path, out: Option<&Path>, force: bool) -> Result<Upgraded, Diagnostics> {
    let text = model::read_text(input)?;
    let edited = match model::load(input)? {
        InputFile::Plan(loaded) => edit(input, &text, &loaded.plan)?,
        // Follow-ups and kommun.yaml have no older forms yet.
        InputFile::FollowUp(_) | InputFile::City(_) => Edited {
            text: text.clone(),
            changes: Vec::new(),
        },
    };
    if edited.changes.is_empty() {
        return Ok(Upgraded {
            written: None,
            changes: Vec::new(),
        });
    }
    let target = out.unwrap_or(input);
    verify(input, target, &text, &edited.text)?;
    let written = if force {
        crate::fs::write_atomically(target, edited.text.as_bytes())
    } else {
        crate::fs::write_new(target, edited.text.as_bytes())
    };
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Diagnostic::error(
                target,
                "filen finns redan; uppgradera skriver inte över en fil utan --tvinga",
            )
            .hint(format!(
                "ange --tvinga för att skriva den uppgraderade filen över {}, eller välj en ny fil med -o",
                target.display()
            ))
            .into());
        }
        written => written.at(target)?,
    }
    Ok(Upgraded {
        written: Some(target.to_path_buf()),
        changes: edited.changes,
    })
}

/// The plan `plan`, parsed from `text` (the file at `path`), in today's
/// form. Errors name the lines that could not be edited.
pub fn edit(path: &Path, text: &str, plan: &PlanFile) -> Result<Edited, Diagnostics> {
    let mut editor = Editor::new(path, text);
    let mut changes = Vec::new();
    both_values(&mut editor, "vor", &plan.vor.kolumner, &mut changes);
    both_values(&mut editor, "ikp", &plan.ikp.kolumner, &mut changes);
    if editor.problems.has_errors() {
        return Err(editor.problems);
    }
    let text = editor.apply().map_err(Diagnostics::from)?;
    Ok(Edited { text, changes })
}

/// `risknivå` out of a table's columns that also have `riskvärde`: both
/// show the risk's value.
fn both_values<C: ColumnName>(
    editor: &mut Editor,
    report: &str,
    list: &Option<Spanned<Vec<C>>>,
    changes: &mut Vec<String>,
) {
    let Some(list) = list else { return };
    let has = |name: &str| list.value.iter().any(|c| c.column_name() == name);
    if has("riskvärde") && has("risknivå") && editor.remove_list_item(list, "risknivå") {
        changes.push(format!(
            "rad {}: {report}.kolumner utan risknivå, som visade samma värde som riskvärde",
            list.referenced.line()
        ));
    }
}

/// A report's column, by the name the data writes.
trait ColumnName {
    fn column_name(&self) -> &'static str;
}

impl ColumnName for crate::model::VorColumn {
    fn column_name(&self) -> &'static str {
        self.name()
    }
}

impl ColumnName for crate::model::IkpColumn {
    fn column_name(&self) -> &'static str {
        self.name()
    }
}

/// The upgraded text must be a plan that passes as the source did, with
/// every comment line of the source, before anything is written.
fn verify(source: &Path, target: &Path, before: &str, after: &str) -> Result<(), Diagnostics> {
    let broken = |mut d: Diagnostics| {
        d.push(
            Diagnostic::error(
                target,
                "den uppgraderade filen blev inte giltig, så den skrevs inte",
            )
            .hint("det är ett fel i riskrapport; skicka källfilen till den som sköter verktyget"),
        );
        d
    };
    // Read as if it stood where the source does: its risk model is found
    // from there.
    let loaded = model::load_plan_source(source, after).map_err(broken)?;
    let (_, diagnostics) = crate::validate::validate(&loaded);
    if diagnostics.has_errors() {
        return Err(broken(diagnostics));
    }
    if let Some(lost) = lost_comment(before, after) {
        return Err(broken(
            Diagnostic::error(
                source,
                format!("kommentaren ”{}” kom inte med", lost.trim()),
            )
            .into(),
        ));
    }
    Ok(())
}

/// The first comment line of `before` that `after` lacks (in order).
pub fn lost_comment<'a>(before: &'a str, after: &str) -> Option<&'a str> {
    let mut lines = after.lines();
    before
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .find(|comment| !lines.any(|l| l == *comment))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "kommun: K\nnämnd: N\når: 2026\ndatum: 2025-12-09\nriskmodell: m\n";

    fn upgraded(settings: &str) -> Edited {
        let text = format!("{HEAD}{settings}risker:\n  - nr: 1\n    risk: R\n");
        let path = Path::new("plan.yaml");
        let plan: PlanFile = model::parse(path, &text).unwrap();
        edit(path, &text, &plan).unwrap()
    }

    #[test]
    fn risknivå_leaves_a_flow_list_beside_riskvärde() {
        let out = upgraded(
            "ikp:\n  kolumner: [nr, risk, riskvärde, risknivå, kontroll]   # vår tabell\n",
        );
        assert!(
            out.text
                .contains("\n  kolumner: [nr, risk, riskvärde, kontroll]   # vår tabell\n"),
            "{}",
            out.text
        );
        assert_eq!(out.changes.len(), 1, "{:?}", out.changes);
        assert!(
            out.changes[0].starts_with("rad 7: ikp.kolumner"),
            "{:?}",
            out.changes
        );
        let last = upgraded("vor:\n  kolumner: [nr, riskvärde, \"risknivå\"]\n");
        assert!(
            last.text.contains("kolumner: [nr, riskvärde]\n"),
            "{}",
            last.text
        );
    }

    #[test]
    fn risknivå_leaves_a_block_list_with_its_comments() {
        let out = upgraded(
            "vor:\n  kolumner:\n    - nr\n    # värdet\n    - risknivå   # nivån\n    - riskvärde\n",
        );
        assert!(
            out.text
                .contains("  kolumner:\n    - nr\n    # värdet\n    - riskvärde\nrisker:"),
            "{}",
            out.text
        );
    }

    #[test]
    fn a_plan_in_todays_form_is_left_as_it_is() {
        let out = upgraded("vor:\n  kolumner: [nr, risk, risknivå]\n");
        assert!(out.changes.is_empty());
        assert!(out.text.contains("[nr, risk, risknivå]"));
    }
}
