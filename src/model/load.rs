//! Reads a plan file and the risk model it names, and parses them into the
//! serde types, with limits against hostile input.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::{ModelRef, PlanFile, RiskModelFile, yaml_error};
use crate::diag::{Diagnostic, Diagnostics};

/// The largest YAML file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The deepest YAML nesting accepted.
pub const MAX_DEPTH: usize = 64;
/// The most aliases (`*ref`) accepted in one file.
pub const MAX_ALIASES: usize = 1_000;

/// The folder, beside or above a plan file, that holds shared risk models.
pub const MODEL_FOLDER: &str = "riskmodeller";

/// A plan file with its risk model, both parsed, and their sources kept.
#[derive(Debug)]
pub struct LoadedPlan {
    /// The plan file's path.
    pub path: PathBuf,
    /// The plan file's text.
    pub source: String,
    /// The parsed plan.
    pub plan: PlanFile,
    /// The file the risk model came from (the plan itself when inline).
    pub model_path: PathBuf,
    /// The model file's text.
    pub model_source: String,
    /// The parsed model.
    pub model: RiskModelFile,
}

/// Reads and parses a plan file and its risk model.
pub fn load_plan(path: &Path) -> Result<LoadedPlan, Diagnostics> {
    let source = read_text(path).map_err(one)?;
    load_plan_source(path, source)
}

/// Parses a plan file already read, and loads its risk model.
pub fn load_plan_source(path: &Path, source: String) -> Result<LoadedPlan, Diagnostics> {
    let mut plan: PlanFile = parse(path, &source).map_err(one)?;
    let placeholder = ModelRef::Named(String::new());
    let model_ref = std::mem::replace(&mut plan.riskmodell.value, placeholder);
    let (model_path, model_source, model) = match model_ref {
        ModelRef::Inline(model) => (path.to_path_buf(), source.clone(), *model),
        ModelRef::Named(name) => {
            let line = plan.riskmodell.referenced.line();
            let column = plan.riskmodell.referenced.column();
            let model_path = resolve_model_path(path, &name)
                .map_err(|d| one(d.at(line, column).field("riskmodell")))?;
            let (src, model) = load_model_file(&model_path).map_err(one)?;
            plan.riskmodell.value = ModelRef::Named(name);
            (model_path, src, model)
        }
    };
    Ok(LoadedPlan {
        path: path.to_path_buf(),
        source,
        plan,
        model_path,
        model_source,
        model,
    })
}

/// Reads and parses a risk model file.
pub fn load_model_file(path: &Path) -> Result<(String, RiskModelFile), Diagnostic> {
    let source = read_text(path)?;
    let model = parse(path, &source)?;
    Ok((source, model))
}

/// Finds `riskmodeller/<name>.yaml` beside the plan file or in a folder above it.
pub fn resolve_model_path(plan_path: &Path, name: &str) -> Result<PathBuf, Diagnostic> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !name.starts_with('.');
    if !valid {
        return Err(
            Diagnostic::error(plan_path, format!("ogiltigt namn på riskmodell: ”{name}”"))
                .hint("ange filnamnet utan .yaml, t.ex. riskmodell: stockholm-4x4"),
        );
    }
    let file = format!("{name}.yaml");
    let start = plan_path.parent().unwrap_or(Path::new("."));
    let mut searched = Vec::new();
    for dir in start.ancestors() {
        let candidate = dir.join(MODEL_FOLDER).join(&file);
        if candidate.is_file() {
            return Ok(candidate);
        }
        searched.push(dir.join(MODEL_FOLDER).display().to_string());
    }
    Err(Diagnostic::error(
        plan_path,
        format!("riskmodellen ”{name}” finns inte"),
    )
    .hint(format!(
        "lägg filen {file} i en mapp {MODEL_FOLDER}/ bredvid eller ovanför nämndens fil (sökte i {})",
        searched.join(", ")
    )))
}

/// Reads a file as UTF-8 text within the size limit.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "filen är för stor: {} byte, gränsen är {} byte",
                meta.len(),
                MAX_FILE_BYTES
            ),
        )
        .hint("dela upp datan på flera filer, eller kontrollera att det är rätt fil"));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..offset]);
        let line = text.matches('\n').count() as u64 + 1;
        let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        Diagnostic::error(path, "filen är inte kodad som UTF-8")
            .at(line, column)
            .hint("spara filen som UTF-8 (i de flesta redigerare: ”Spara som” → kodning UTF-8)")
    })
}

fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    let what = match err.kind() {
        std::io::ErrorKind::NotFound => "filen finns inte".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "filen får inte läsas (behörighet saknas)".to_owned()
        }
        _ => format!("filen kunde inte läsas: {err}"),
    };
    Diagnostic::error(path, what)
}

/// Parses YAML text into `T` with the project's limits.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error(path, "filen är tom")
            .hint("en nämnds fil börjar med kommun:, nämnd:, år: … (se README)"));
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = MAX_ALIASES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options(source, options)
        .map_err(|e| yaml_error::diagnostic(path, source, &e))
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}
