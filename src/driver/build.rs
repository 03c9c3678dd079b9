//! One report built: its view rendered to Typst source, compiled and
//! exported on the runner's thread within the time limit, and written.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;

use super::config::Config;
use super::jobs::{Job, ReportKind};
use super::stages::{Stage, timed};
use crate::diag::{Diagnostic, Diagnostics};
use crate::inspect::{Fault, inspect};
use crate::report::{self, AttachmentView};
use crate::typst_world::{Runner, TIME_LIMIT_VAR, TimedOut};

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

/// A report built: its PDF, and the faults of its pages as warnings.
pub struct Built {
    pub pdf: PathBuf,
    pub warnings: Diagnostics,
}

/// Builds one report of the input file `input`: its PDF's path and the
/// warnings its pages gave, or the errors, each saying which report could
/// not be made.
pub fn build_job(
    config: &Config,
    runner: &mut Runner,
    mut job: Job,
    input: &Path,
) -> Result<Built, Diagnostics> {
    let target = output_path(&config.out_dir, input, job.kind, job.year);
    build(config, runner, &mut job, &target)
        .map(|warnings| Built {
            pdf: target.clone(),
            warnings,
        })
        .map_err(|mut diagnostics| {
            for d in &mut diagnostics.0 {
                d.message = format!(
                    "rapporten {} kunde inte göras: {}",
                    target.display(),
                    d.message
                );
            }
            diagnostics
        })
}

fn build(
    config: &Config,
    runner: &mut Runner,
    job: &mut Job,
    target: &Path,
) -> Result<Diagnostics, Diagnostics> {
    let (views, attachments) = attachments(config, job)?;
    let source = timed(Stage::Template, || {
        job.view.render(&config.templates, job.kind, &views)
    })
    .map_err(|d| d.hint(in_template(job)))?;
    let source_path = target.with_extension("typ");
    if config.emit_typst {
        timed(Stage::Write, || {
            crate::fs::write_atomically(&source_path, source.as_bytes())
        })
        .map_err(|e| Diagnostic::error(&source_path, e.to_string()))?;
    }
    let typst = config.typst.clone();
    let standards = config.standards.clone();
    let (date, ident, evict) = (job.date, job.ident.clone(), job.risks > LARGE_PLAN_RISKS);
    let pdf_path = target.to_path_buf();
    let name = source_path.clone();
    let words = job.hyphenation.clone();
    let (bytes, faults) = runner
        .run(move || {
            let document = timed(Stage::Compile, || {
                typst.compile(&name, source, date, &attachments)
            });
            let bytes = document.and_then(|document| {
                let faults = timed(Stage::Inspect, || inspect(&document, &words));
                timed(Stage::Export, || {
                    crate::pdf::export(&pdf_path, &document, &ident, &standards)
                })
                .map(|bytes| (bytes, faults))
            });
            // Typst's memoised results help the next document of the same
            // kind, but those of a large plan would only hold memory.
            comemo::evict(if evict { 0 } else { EVICT_AGE });
            bytes
        })
        .map_err(|TimedOut(limit)| {
            Diagnostic::error(
                target,
                format!(
                    "Typst arbetade längre än {} s med rapporten och avbröts",
                    limit.as_secs()
                ),
            )
            .hint(format!(
                "mallen har troligen en loop utan slut; gränsen ändras med {TIME_LIMIT_VAR}=SEKUNDER"
            ))
            .hint(in_template(job))
        })?
        .map_err(|mut diagnostics| {
            for d in &mut diagnostics.0 {
                d.hints.push(in_template(job));
                if !config.emit_typst {
                    d.hints
                        .push("kör med --skriv-typst för att se den genererade källan".into());
                }
            }
            diagnostics
        })?;
    timed(Stage::Write, || crate::fs::write_atomically(target, &bytes))
        .map_err(|e| Diagnostics::from(Diagnostic::error(target, e.to_string())))?;
    Ok(Diagnostics(
        faults
            .iter()
            .map(|fault| {
                Diagnostic::warning(target, fault.describe())
                    .hint("sidorna är satta men bör ses över innan rapporten arkiveras")
            })
            .collect(),
    ))
}

/// A job's PDF in memory, made on this thread without a time limit: for
/// benchmarks and tests that look at the document itself.
pub fn pdf_bytes(config: &Config, job: &mut Job) -> Result<Vec<u8>, Diagnostics> {
    let name = std::path::PathBuf::from(format!("{}.typ", job.kind.code()));
    let document = document(config, job)?;
    crate::pdf::export(
        &name.with_extension("pdf"),
        &document,
        &job.ident,
        &config.standards,
    )
}

/// The faults a reader would see in a job's pages, made on this thread.
pub fn faults(config: &Config, job: &mut Job) -> Result<Vec<Fault>, Diagnostics> {
    let document = document(config, job)?;
    Ok(inspect(&document, &job.hyphenation))
}

/// A job laid out by Typst, made on this thread without a time limit.
pub fn document(
    config: &Config,
    job: &mut Job,
) -> Result<typst_layout::PagedDocument, Diagnostics> {
    let name = std::path::PathBuf::from(format!("{}.typ", job.kind.code()));
    let source = job.view.render(&config.templates, job.kind, &[])?;
    config.typst.compile(&name, source, job.date, &[])
}

/// The hint that a failure lies in the template or Typst, not in the data.
fn in_template(job: &Job) -> String {
    format!(
        "felet ligger i mallen {} eller i Typst, inte i datan",
        job.kind.template()
    )
}

/// The files to embed for a job (when asked to): their views and bytes.
fn attachments(
    config: &Config,
    job: &Job,
) -> Result<(Vec<AttachmentView>, Vec<Bytes>), Diagnostic> {
    if !config.embed_data {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut bytes = Vec::new();
    for input in &job.inputs {
        let data = std::fs::read(&input.path).map_err(|e| {
            Diagnostic::error(
                &input.path,
                format!(
                    "filen kunde inte läsas för inbäddning: {}",
                    crate::fs::reason(&e)
                ),
            )
        })?;
        bytes.push(Bytes::new(data));
    }
    Ok((report::attachments(&job.inputs), bytes))
}
