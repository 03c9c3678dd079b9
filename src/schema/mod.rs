//! The data format written out, from the model's own description of its
//! keys (`model::describe`): a JSON Schema per kind of file, so that an
//! editor with a YAML language server completes keys, shows what each
//! means and marks an error while it is typed, and the data reference in
//! Markdown. Takes the model types; returns texts.

mod files;
mod json;
mod reference;

use std::path::{Path, PathBuf};

use crate::diag::{At, Diagnostic};

pub use files::{FILES, FileSchema};

/// The folder in the repository the schemas are kept in, and that the
/// example files' `# yaml-language-server: $schema=…` lines point at.
pub const SCHEMA_FOLDER: &str = "schema";

/// The data reference's place in the repository.
pub const REFERENCE_FILE: &str = "docs/data.md";

/// The schema's file name: `plan.json`.
pub fn file_name(file: &FileSchema) -> String {
    format!("{}.json", file.name)
}

/// Each schema's file name and text.
pub fn schemas() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|file| (file_name(file), json::schema(file)))
        .collect()
}

/// The data reference, in Markdown.
pub fn reference() -> String {
    reference::reference(FILES)
}

/// The schema a YAML file is checked against, by what the file is: the
/// kommun's file by its name, a risk model by its folder, a follow-up by
/// its first-level `uppföljning:`.
pub fn for_file(path: &Path, source: &str) -> &'static FileSchema {
    use crate::model::FileKind;
    let named = |name: &str| {
        FILES
            .iter()
            .find(|f| f.name == name)
            .expect("a schema of that name")
    };
    if path
        .file_name()
        .is_some_and(|n| n == crate::model::CITY_FILE)
    {
        return named("kommun");
    }
    if path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == crate::model::MODEL_FOLDER)
    {
        return named("riskmodell");
    }
    match crate::model::file_kind(source) {
        FileKind::T2 => named("uppfoljning-t2"),
        FileKind::Vb => named("uppfoljning-vb"),
        FileKind::Plan | FileKind::UnknownFollowUp => named("plan"),
    }
}

/// How the line that points an editor at a file's schema begins.
pub const SCHEMA_LINE: &str = "# yaml-language-server: $schema=";

/// `text`, the data file about to be written at `path`, with the line that
/// points an editor at its schema first: as it is when it names a schema
/// already, else with the line added when a folder `schema/` holding the
/// file's schema stands in the file's folder or a folder above it (the
/// path then runs from the file to it, as in the example files). Without
/// such a folder the text stays as it is: a line pointing at nothing would
/// only mislead the editor.
pub fn with_schema_line(path: &Path, text: &str) -> String {
    if text.lines().any(|line| line.starts_with(SCHEMA_LINE)) {
        return text.to_owned();
    }
    let Some(target) = schema_path(path, for_file(path, text)) else {
        return text.to_owned();
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    format!("{SCHEMA_LINE}{target}{eol}{text}")
}

/// The relative path from the folder of `path` to `file`'s schema in the
/// nearest `schema/` folder at or above it.
fn schema_path(path: &Path, file: &FileSchema) -> Option<String> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = folder.canonicalize().ok()?;
    let name = file_name(file);
    folder
        .ancestors()
        .position(|dir| dir.join(SCHEMA_FOLDER).join(&name).is_file())
        .map(|up| format!("{}{SCHEMA_FOLDER}/{name}", "../".repeat(up)))
}

/// Writes every schema to `folder` (made if missing), and the data
/// reference to `reference` when given; returns the files written.
pub fn write(folder: &Path, reference: Option<&Path>) -> Result<Vec<PathBuf>, Diagnostic> {
    std::fs::create_dir_all(folder).doing(folder, "mappen kunde inte göras")?;
    let mut written = Vec::new();
    let mut texts: Vec<(PathBuf, String)> = schemas()
        .into_iter()
        .map(|(name, text)| (folder.join(name), text))
        .collect();
    if let Some(path) = reference {
        texts.push((path.to_path_buf(), self::reference()));
    }
    for (path, text) in texts {
        crate::fs::write_atomically(&path, text.as_bytes()).at(&path)?;
        written.push(path);
    }
    Ok(written)
}
