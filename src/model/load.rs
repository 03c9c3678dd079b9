//! Reads a plan file and the risk model it names, and parses them into the
//! serde types, with limits against hostile input.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};

use super::city::{CITY_FILE, CityFile};
use super::followup::{FileKind, FollowUpFile, file_kind};
use super::limits::{
    MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_CHARS, TEXT_TOO_LONG,
};
use super::plan::{ModelRef, PlanFile, RiskModelFile};
use super::yaml_error;
use crate::diag::{Diagnostic, Diagnostics};

/// The folder, beside or above a plan file, that holds shared risk models.
pub const MODEL_FOLDER: &str = "riskmodeller";

/// A plan file with its risk model, both parsed.
#[derive(Debug)]
pub struct LoadedPlan {
    /// The plan file's path.
    pub path: PathBuf,
    /// The parsed plan.
    pub plan: PlanFile,
    /// The file the risk model came from (the plan itself when inline).
    pub model_path: PathBuf,
    /// The parsed model.
    pub model: RiskModelFile,
}

/// An input file, parsed: a plan with its model, a follow-up, or the
/// kommun's own file.
#[derive(Debug)]
pub enum InputFile {
    Plan(Box<LoadedPlan>),
    FollowUp(Box<FollowUpFile>),
    City(Box<CityFile>),
}

/// Reads and parses any input file: the kommun's file (by its name), a
/// follow-up (first-level key `uppföljning:`) or a plan with its risk model.
pub fn load(path: &Path) -> Result<InputFile, Diagnostics> {
    let source = read_text(path)?;
    if path.file_name().is_some_and(|name| name == CITY_FILE) {
        return Ok(InputFile::City(Box::new(parse(path, &source)?)));
    }
    match file_kind(&source) {
        FileKind::Plan => Ok(InputFile::Plan(Box::new(load_plan_source(path, &source)?))),
        FileKind::T2 => Ok(InputFile::FollowUp(Box::new(FollowUpFile::T2(parse(
            path, &source,
        )?)))),
        FileKind::Vb => Ok(InputFile::FollowUp(Box::new(FollowUpFile::Vb(parse(
            path, &source,
        )?)))),
        FileKind::UnknownFollowUp => Err(Diagnostic::error(path, "okänd sorts uppföljning")
            .field("uppföljning")
            .hint("ange uppföljning: t2 (tertialrapport 2) eller uppföljning: vb (verksamhetsberättelse)")
            .into()),
    }
}

/// Reads and parses a plan file and its risk model.
pub fn load_plan(path: &Path) -> Result<LoadedPlan, Diagnostics> {
    let source = read_text(path)?;
    load_plan_source(path, &source)
}

/// Parses a plan file already read, and loads its risk model.
pub fn load_plan_source(path: &Path, source: &str) -> Result<LoadedPlan, Diagnostics> {
    let mut plan: PlanFile = parse(path, source)?;
    let placeholder = ModelRef::Named(String::new());
    let model_ref = std::mem::replace(&mut plan.riskmodell.value, placeholder);
    let (model_path, model) = match model_ref {
        ModelRef::Inline(model) => (path.to_path_buf(), *model),
        ModelRef::Named(name) => {
            let model_path = resolve_model_path(path, &name)
                .map_err(|d| d.at(&plan.riskmodell).field("riskmodell"))?;
            let model = parse(&model_path, &read_text(&model_path)?)?;
            plan.riskmodell.value = ModelRef::Named(name);
            (model_path, model)
        }
    };
    Ok(LoadedPlan {
        path: path.to_path_buf(),
        plan,
        model_path,
        model,
    })
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
        let shown = dir.join(MODEL_FOLDER).display().to_string();
        if !searched.contains(&shown) {
            searched.push(shown);
        }
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
            .at(&(line, column))
            .hint("spara filen som UTF-8 (i de flesta redigerare: ”Spara som” → kodning UTF-8)")
    })
}

fn io_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    let what = match err.kind() {
        std::io::ErrorKind::NotFound => "filen finns inte".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "filen får inte läsas (behörighet saknas)".to_owned()
        }
        _ => format!("filen kunde inte läsas: {}", crate::fs::reason(err)),
    };
    Diagnostic::error(path, what)
}

/// Parses YAML text into `T` with the project's limits.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    let blank = |line: &str| line.trim().is_empty() || line.trim_start().starts_with('#');
    if source.lines().all(blank) {
        return Err(Diagnostic::error(path, "filen är tom").hint(
            "en nämnds fil börjar med kommun:, nämnd:, år: … (se docs/writing.md#en-nämnds-plan)",
        ));
    }
    // A first pass over the whole tree, whatever its shape, enforces the
    // limits before the typed pass could stop early at an unknown key.
    serde_saphyr::from_str_with_options::<Probe>(source, options())
        .map_err(|e| yaml_error::diagnostic(path, source, &e))?;
    serde_saphyr::from_str_with_options(source, options())
        .map_err(|e| yaml_error::diagnostic(path, source, &e))
}

/// The parser's options with the project's limits.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = MAX_ALIASES;
    budget.max_nodes = MAX_NODES;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES as usize;
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// Any YAML value, read only to check every text's length.
struct Probe;

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ProbeVisitor)
    }
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Probe, E> {
        if v.len() > MAX_TEXT_CHARS {
            let chars = v.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Err(E::custom(format!("{TEXT_TOO_LONG}{chars}")));
            }
        }
        Ok(Probe)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_none<E: de::Error>(self) -> Result<Probe, E> {
        Ok(Probe)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Probe, D::Error> {
        Probe::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Probe, A::Error> {
        while seq.next_element::<Probe>()?.is_some() {}
        Ok(Probe)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        while map.next_entry::<Probe, Probe>()?.is_some() {}
        Ok(Probe)
    }
}
