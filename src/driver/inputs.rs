//! Finding the input files: files as given, folders searched for YAML,
//! the shared risk models left out.

use std::path::{Path, PathBuf};

use crate::diag::{At, Diagnostic, Diagnostics};
use crate::model;

/// Every input file under `paths`: files as given, folders searched for
/// `*.yaml`/`*.yml` except those in `riskmodeller/` folders. Sorted.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut found = Vec::new();
    let mut problems = Diagnostics::default();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            walk(path, &mut found, &mut problems);
        } else {
            problems.push(
                Diagnostic::error(path, "filen eller mappen finns inte")
                    .hint("ange en nämnds YAML-fil eller en mapp med sådana, t.ex. data/"),
            );
        }
    }
    // "./namnd/plan.yaml" reads better as "namnd/plan.yaml".
    for path in &mut found {
        if let Ok(short) = path.strip_prefix(".") {
            *path = short.to_path_buf();
        }
    }
    found.sort();
    found.dedup();
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(found)
    }
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, problems: &mut Diagnostics) {
    let entries = match std::fs::read_dir(dir).doing(dir, "mappen kunde inte läsas") {
        Ok(entries) => entries,
        Err(problem) => return problems.push(problem),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if name != model::MODEL_FOLDER {
                walk(&path, found, problems);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            found.push(path);
        }
    }
}
