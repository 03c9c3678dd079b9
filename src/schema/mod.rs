//! The data format written out, from the model's own description of its
//! keys (`model::describe`): a JSON Schema per kind of file, so that an
//! editor with a YAML language server completes keys, shows what each
//! means and marks an error while it is typed, and the data reference in
//! Markdown. Takes the model types; returns texts.

mod json;
mod reference;

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::describe::{Defs, Describe};
use crate::model::{CityFile, PlanFile, RiskModelFile, T2File, VbFile};

/// A kind of YAML file and the type that reads it.
pub struct FileSchema {
    /// The schema's file name without `.json`, e.g. `plan`.
    pub name: &'static str,
    /// What the file is, in Swedish: the schema's title.
    pub title: &'static str,
    /// Which files are of this kind, in Swedish.
    pub files: &'static str,
    /// The file's description.
    pub describe: fn() -> (crate::model::describe::Shape, Defs),
}

fn described<T: Describe>() -> (crate::model::describe::Shape, Defs) {
    Defs::of::<T>()
}

/// Every kind of file, in the reference's order.
pub const FILES: &[FileSchema] = &[
    FileSchema {
        name: "plan",
        title: "En nämnds plan",
        files: "en nämnds plan, t.ex. `data/servicenamnden/vor-ikp-2025.yaml`",
        describe: described::<PlanFile>,
    },
    FileSchema {
        name: "uppfoljning-t2",
        title: "Uppföljningen i tertialrapport 2",
        files: "en uppföljning som börjar med `uppföljning: t2`",
        describe: described::<T2File>,
    },
    FileSchema {
        name: "uppfoljning-vb",
        title: "Uppföljningen i verksamhetsberättelsen",
        files: "en uppföljning som börjar med `uppföljning: vb`",
        describe: described::<VbFile>,
    },
    FileSchema {
        name: "riskmodell",
        title: "En riskmodell",
        files: "en fil i `riskmodeller/`, t.ex. `data/riskmodeller/stockholm-4x4.yaml`",
        describe: described::<RiskModelFile>,
    },
    FileSchema {
        name: "kommun",
        title: "Kommunens fil",
        files: "`kommun.yaml`, ovanför nämndernas mappar",
        describe: described::<CityFile>,
    },
];

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

/// Writes every schema to `folder` (made if missing), and the data
/// reference to `reference` when given; returns the files written.
pub fn write(folder: &Path, reference: Option<&Path>) -> Result<Vec<PathBuf>, Diagnostic> {
    std::fs::create_dir_all(folder).map_err(|e| {
        Diagnostic::error(
            folder,
            format!("mappen kunde inte göras: {}", crate::fs::reason(&e)),
        )
    })?;
    let mut written = Vec::new();
    let mut texts: Vec<(PathBuf, String)> = schemas()
        .into_iter()
        .map(|(name, text)| (folder.join(name), text))
        .collect();
    if let Some(path) = reference {
        texts.push((path.to_path_buf(), self::reference()));
    }
    for (path, text) in texts {
        crate::fs::write_atomically(&path, text.as_bytes()).map_err(|e| {
            Diagnostic::error(
                &path,
                format!("filen kunde inte skrivas: {}", crate::fs::reason(&e)),
            )
        })?;
        written.push(path);
    }
    Ok(written)
}
