//! The pipeline for one input file, and the search for input files:
//! load → validate → score → report view → Typst source → PDF.
//! Only this module knows every stage.

mod batch;
mod cache;
mod jobs;
mod stages;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::foundations::Bytes;

pub use batch::{BatchOptions, FileOutcome, build_all, workers};
pub use cache::{BuildCache, CACHE_FILE};
pub use jobs::{Checked, Job, ReportKind, View, check, check_plan};
pub use stages::{Stage, timed};

/// Stage clocks: `stage_times()` sums each stage's time since `reset_stage_times()`.
pub use stages::{reset as reset_stage_times, totals as stage_times};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model;
use crate::pdf;
use crate::render::Templates;
use crate::report::AttachmentView;
use crate::typst_world::TypstBase;

/// What the build needs that is the same for every report.
pub struct Engine {
    templates: Templates,
    typst: Arc<TypstBase>,
    standards: Vec<typst_pdf::PdfStandard>,
    embed_data: bool,
}

impl Engine {
    /// Templates (built-in, or overridden from `templates_dir`) and the Typst base.
    pub fn new(templates_dir: Option<&Path>) -> Result<Self, String> {
        Ok(Engine {
            templates: Templates::new(templates_dir)?,
            typst: TypstBase::shared(),
            standards: pdf::DEFAULT_STANDARDS.to_vec(),
            embed_data: false,
        })
    }

    /// Uses other PDF standards than the default PDF/A-2a + PDF/UA-1.
    pub fn with_standards(mut self, standards: Vec<typst_pdf::PdfStandard>) -> Self {
        self.standards = standards;
        self
    }

    /// Embeds the YAML each report was made from (needs PDF/A-3 or no PDF/A).
    pub fn with_embedded_data(mut self, embed: bool) -> Self {
        self.embed_data = embed;
        self
    }

    /// A digest of everything besides the data that decides a PDF's bytes:
    /// the tool's version, the templates, the fonts and the options.
    pub fn fingerprint(&self, emit_typst: bool) -> String {
        let mut hasher = Sha256::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        for (name, source) in self.templates.sources() {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(source.as_bytes());
            hasher.update([0]);
        }
        for font in crate::typst_world::font_files() {
            hasher.update(font);
        }
        hasher.update(format!("{:?} {} {emit_typst}", self.standards, self.embed_data).as_bytes());
        cache::hex(&hasher.finalize())
    }

    /// The Typst source of a job, with the embedded files' views.
    pub fn typst_source(
        &self,
        job: &mut Job,
        attachments: &[AttachmentView],
    ) -> Result<String, String> {
        timed(Stage::Template, || {
            job.view.render(&self.templates, job.kind, attachments)
        })
    }

    /// Compiles Typst source to PDF bytes, with `attachments` readable by the template.
    pub fn pdf(
        &self,
        source: String,
        job: &Job,
        attachments: &[Bytes],
    ) -> Result<Vec<u8>, Vec<String>> {
        let document = timed(Stage::Compile, || {
            self.typst.compile(source, job.date, attachments)
        });
        let bytes = document.and_then(|document| {
            timed(Stage::Export, || {
                pdf::export(&document, &job.ident, &self.standards)
            })
        });
        // Typst's memoised results help the next document of the same kind,
        // but those of a large plan would only hold memory: let them go.
        comemo::evict(if job.risks > LARGE_PLAN_RISKS {
            0
        } else {
            EVICT_AGE
        });
        bytes
    }

    /// The files to embed for a job (when asked to): their views and bytes.
    fn attachments(&self, job: &Job) -> Result<(Vec<AttachmentView>, Vec<Bytes>), Vec<String>> {
        if !self.embed_data {
            return Ok((Vec::new(), Vec::new()));
        }
        let mut views = Vec::new();
        let mut bytes = Vec::new();
        for (i, path) in job.inputs.iter().enumerate() {
            let data = std::fs::read(path).map_err(|e| {
                vec![format!(
                    "{} kunde inte läsas för inbäddning: {e}",
                    path.display()
                )]
            })?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("data-{i}.yaml"));
            let description =
                if model::file_kind(&String::from_utf8_lossy(&data)) != model::FileKind::Plan {
                    "Uppföljningen som rapporten gjordes av"
                } else if path
                    .parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|n| n == model::MODEL_FOLDER)
                {
                    "Riskmodellen som rapporten använder"
                } else {
                    "Nämndens data som rapporten gjordes av"
                };
            views.push(AttachmentView {
                name,
                path: crate::typst_world::attachment_path(i),
                description: description.to_owned(),
            });
            bytes.push(Bytes::new(data));
        }
        Ok((views, bytes))
    }
}

/// Typst's memoised results unused for this many documents are dropped.
const EVICT_AGE: usize = 30;

/// A plan with more risks than this has its reports built one at a time
/// (Typst needs about 1,6 MB per page of table).
pub const LARGE_PLAN_RISKS: usize = 1_000;

/// Where a report goes: `out/<the input's folder name>/<code>-<år>.pdf`.
pub fn output_path(out_dir: &Path, input: &Path, kind: ReportKind, year: i32) -> PathBuf {
    let folder = input
        .parent()
        .and_then(|p| p.file_name())
        .map(PathBuf::from)
        .unwrap_or_default();
    out_dir
        .join(folder)
        .join(format!("{}-{year}.pdf", kind.code()))
}

/// Builds one report of the input file `path` into `out_dir`: its PDF's
/// path, or the errors (naming the report and the template).
pub fn build_job(
    engine: &Engine,
    job: &mut Job,
    path: &Path,
    out_dir: &Path,
    emit_typst: bool,
) -> Result<PathBuf, Diagnostics> {
    let target = output_path(out_dir, path, job.kind, job.year);
    match build_one(engine, job, &target, emit_typst) {
        Ok(()) => Ok(target),
        Err(messages) => Err(Diagnostics(
            messages
                .into_iter()
                .map(|message| {
                    Diagnostic::error(
                        path,
                        format!(
                            "rapporten {} (mall {}) kunde inte göras: {message}",
                            target.display(),
                            job.kind.template()
                        ),
                    )
                    .hint("felet ligger i mallen eller i Typst, inte i datan; kör med --emit-typst och se den genererade källan")
                })
                .collect(),
        )),
    }
}

fn build_one(
    engine: &Engine,
    job: &mut Job,
    target: &Path,
    emit_typst: bool,
) -> Result<(), Vec<String>> {
    let (views, attachments) = engine.attachments(job)?;
    let source = engine.typst_source(job, &views).map_err(|e| vec![e])?;
    if emit_typst {
        timed(Stage::Write, || {
            pdf::write_atomically(&target.with_extension("typ"), source.as_bytes())
        })
        .map_err(|e| vec![format!("Typst-källan kunde inte skrivas: {e}")])?;
    }
    let bytes = engine.pdf(source, job, &attachments)?;
    timed(Stage::Write, || pdf::write_atomically(target, &bytes))
        .map_err(|e| vec![format!("filen kunde inte skrivas: {e}")])
}

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
    found.sort();
    found.dedup();
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(found)
    }
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, problems: &mut Diagnostics) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Diagnostic::error(
                dir,
                format!("mappen kunde inte läsas: {e}"),
            ));
            return;
        }
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
