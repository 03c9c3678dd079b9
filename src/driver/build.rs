//! One report built: its view rendered to Typst source, compiled and
//! exported on the runner's thread within the time limit, and written.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use typst::foundations::Bytes;
use typst::layout::Abs;
use typst_layout::PagedDocument;

use super::config::{Config, PageSink};
use super::jobs::Job;
use super::stages::{Stage, timed};
use crate::diag::{At, Diagnostic, Diagnostics};
use crate::inspect::{Fault, MIN_PAGE_FILL, PageRows, inspect_with_rows};
use crate::report::{self, AttachmentView};
use crate::report::{Fit, ReportKind};
use crate::typst_world::{Files, Runner, TIME_LIMIT_VAR, TimedOut};
use crate::web::WebTemplates;

/// Typst's memoised results are aged and the old ones dropped once every
/// this many documents: each eviction walks every cache under its lock,
/// which the other workers then wait for.
const EVICT_EVERY: usize = 10;

/// Memoised results unused for this many evictions (about thirty
/// documents) are dropped.
const EVICT_AGE: usize = 3;

/// Documents laid out by this process, for `EVICT_EVERY`.
static LAID_OUT: AtomicUsize = AtomicUsize::new(0);

/// A plan with more risks than this has its reports built one at a time
/// (Typst holds a whole document while it lays it out).
pub const LARGE_PLAN_RISKS: usize = 1_000;

/// Where a report goes: `out/<the input's folder name>/<code>-<år>.pdf`;
/// the kommun's samlade bild at the top, `out/sammanställning-<år>.pdf`.
pub fn output_path(out_dir: &Path, input: &Path, kind: ReportKind, year: i32) -> PathBuf {
    if kind == ReportKind::CityRollup {
        return out_dir.join(format!("{}-{year}.pdf", kind.code()));
    }
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
    let (views, files) = files(config, job)?;
    let source_path = target.with_extension("typ");
    let (document, faults, source) = fitted(config, job, &views, |job, source| {
        lay_out(config, runner, job, &source_path, source, &files)
    })?;
    if config.emit_typst {
        timed(Stage::Write, || {
            crate::fs::write_atomically(&source_path, source.as_bytes())
        })
        .at(&source_path)?;
    }
    let shown = config.pages.as_ref().map(|sink| (sink, document.clone()));
    let standards = config.standards.clone();
    let (ident, pdf_path) = (job.ident.clone(), target.to_path_buf());
    let bytes = runner
        .run(move || {
            let bytes = timed(Stage::Export, || {
                crate::pdf::export(&pdf_path, &document, &ident, &standards)
            });
            timed(Stage::Release, || drop(document));
            bytes
        })
        .map_err(|limit| timed_out(limit, job, target))?
        .map_err(|d| in_template_or_typst(d, job, config))?;
    timed(Stage::Write, || crate::fs::write_atomically(target, &bytes)).at(target)?;
    if let Some(web) = &config.web {
        timed(Stage::Write, || {
            web_page(web, config, job, target, bytes.len() as u64)
        })?;
    }
    if let Some((PageSink(show), document)) = shown {
        show(target, job.kind, &document);
    }
    Ok(Diagnostics(
        faults
            .iter()
            .map(|fault| Diagnostic::warning(target, fault.describe()).hint(fault.hint()))
            .collect(),
    ))
}

/// Writes the report's web page beside its PDF, from the same view.
fn web_page(
    web: &WebTemplates,
    config: &Config,
    job: &Job,
    pdf: &Path,
    pdf_bytes: u64,
) -> Result<(), Diagnostic> {
    let target = crate::web::page_path(pdf);
    let pdf_name = pdf
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let html = web.page(&crate::web::Page {
        kind: job.kind,
        view: &job.view,
        pdf_name: &pdf_name,
        pdf_bytes,
        standards: &config.standards,
        root: if job.kind == ReportKind::CityRollup {
            ""
        } else {
            "../"
        },
    })?;
    crate::fs::write_atomically(&target, html.as_bytes()).at(&target)
}

/// The settings tried against a page that holds only a fragment: tighter
/// (1, 2), then looser (3); see `MetaView::fit`.
const MAX_FIT: u8 = 3;

/// How much each setting changes a table row's height, in pt: twice the
/// change of its inset (`row-insets` in base.typ.j2). Tighter rows give
/// room, looser ones take it.
const ROW_CHANGE_PT: [f64; 4] = [0.0, 2.0, 4.0, 3.0];

/// What a page may lack beyond the height its rows must give or take:
/// rows stay whole, so a page ends up to a row short.
const ROW_SLACK_PT: f64 = 30.0;

/// A document as laid out, with the faults of its pages and their rows
/// (`inspect_with_rows`).
type LaidOut = (PagedDocument, Vec<Fault>, Vec<PageRows>);

/// A job's pages laid out by `lay_out`, with their faults and source: when
/// a page holds only a fragment (the last, or one stranded between
/// others), they are set a little tighter (to pull it back) or looser (to
/// push more onto it) and laid out again, from a row a few pages before
/// that page on (`fit_from`): Typst reuses its layout of the pages before.
fn fitted(
    config: &Config,
    job: &mut Job,
    views: &[AttachmentView],
    mut lay_out: impl FnMut(&Job, &str) -> Result<LaidOut, Diagnostics>,
) -> Result<(PagedDocument, Vec<Fault>, String), Diagnostics> {
    let mut best: Option<(PagedDocument, Vec<Fault>, String)> = None;
    let mut best_fit = Fit::USUAL;
    let mut usual = None;
    // The usual layout's pages and the first page that holds a fragment.
    let mut short: Option<(Vec<PageRows>, usize)> = None;
    for setting in 0..=MAX_FIT {
        let fit = match &short {
            None => Fit::USUAL,
            // Templates of one's own may read the setting anywhere.
            Some(_) if !config.templates.builtin() => Fit {
                setting,
                from: [0, 0],
            },
            Some((pages, page)) => Fit {
                setting,
                from: fit_from(pages, *page, setting),
            },
        };
        // Rendering a long plan costs as much as laying it out warm: the
        // source of another setting is made from the usual one's when the
        // templates allow it.
        let source = match usual
            .as_deref()
            .and_then(|s| config.templates.with_fit(s, fit))
        {
            Some(source) => source,
            None => {
                job.view.set_fit(fit);
                let source = timed(Stage::Template, || job.render(&config.templates, views))
                    .map_err(|d| d.hint(in_template(job)))?;
                if setting == 0 {
                    usual = Some(source.clone());
                }
                source
            }
        };
        let (document, faults, rows) = lay_out(job, &source)?;
        let first_short = faults.iter().find_map(|f| match f {
            Fault::Fragment { page, .. } | Fault::Stranded { page, .. } => Some(*page),
            _ => None,
        });
        // A large plan's document is laid out once: a second layout would
        // hold two documents in memory.
        let done = first_short.is_none() || job.risks > LARGE_PLAN_RISKS;
        if setting == 0
            && !done
            && let Some(page) = first_short
        {
            short = Some((rows, page));
        }
        // The setting with the fewest faults wins; the first of equals.
        if best
            .as_ref()
            .is_none_or(|(_, fewest, _)| faults.len() < fewest.len())
        {
            best = Some((document, faults, source));
            best_fit = fit;
        }
        if done {
            break;
        }
    }
    job.view.set_fit(best_fit);
    Ok(best.expect("at least one setting is tried"))
}

/// Where `setting` starts so that the short page `page` (1-based) changes:
/// the first row of the latest page from which the rows down to the page
/// before it give (tighter) or take (looser) the room needed — the short
/// page's text, or what it lacks of a page that is no fragment. The whole
/// document (`[0, 0]`) when no page is far enough back.
fn fit_from(pages: &[PageRows], page: usize, setting: u8) -> [usize; 2] {
    let change = ROW_CHANGE_PT[usize::from(setting)];
    let Some(short) = page.checked_sub(1).and_then(|i| pages.get(i)) else {
        return [0, 0];
    };
    let needed = if setting == MAX_FIT {
        (short.body * MIN_PAGE_FILL - short.filled).max(Abs::zero())
    } else {
        short.filled
    }
    .to_pt()
        + ROW_SLACK_PT;
    let mut rows = 0;
    for before in pages[..page - 1].iter().rev() {
        rows += before.rows.len();
        if let Some(&first) = before.rows.first()
            && rows as f64 * change >= needed
        {
            return first;
        }
    }
    [0, 0]
}

/// Compiles `source` on the runner's thread and reads the pages for faults.
fn lay_out(
    config: &Config,
    runner: &mut Runner,
    job: &Job,
    name: &Path,
    source: &str,
    files: &Files,
) -> Result<LaidOut, Diagnostics> {
    let typst = config.typst.clone();
    let (date, evict, words) = (
        job.date,
        job.risks > LARGE_PLAN_RISKS,
        job.hyphenation.clone(),
    );
    let (name, source, files) = (name.to_path_buf(), source.to_owned(), files.clone());
    runner
        .run(move || {
            let document = timed(Stage::Compile, || {
                typst.compile(&name, source, date, &files)
            });
            // Typst's memoised results help the next document of the same
            // kind, but those of a large plan would only hold memory.
            let due = LAID_OUT
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(EVICT_EVERY);
            if evict || due {
                timed(Stage::Release, || {
                    comemo::evict(if evict { 0 } else { EVICT_AGE })
                });
            }
            document.map(|document| {
                let (faults, rows) = timed(Stage::Inspect, || inspect_with_rows(&document, &words));
                (document, faults, rows)
            })
        })
        .map_err(|limit| timed_out(limit, job, &name_of(job)))?
        .map_err(|d| in_template_or_typst(d, job, config))
}

fn name_of(job: &Job) -> PathBuf {
    PathBuf::from(format!("{}-{}.pdf", job.kind.code(), job.year))
}

/// The time limit struck while Typst worked on `job`.
fn timed_out(TimedOut(limit): TimedOut, job: &Job, target: &Path) -> Diagnostics {
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
    .into()
}

/// Typst's or typst-pdf's errors, said to lie in the template or Typst.
fn in_template_or_typst(mut diagnostics: Diagnostics, job: &Job, config: &Config) -> Diagnostics {
    for d in &mut diagnostics.0 {
        d.hints.push(in_template(job));
        if !config.emit_typst {
            d.hints
                .push("kör med --skriv-typst för att se den genererade källan".into());
        }
    }
    diagnostics
}

/// A job laid out as `bygg` lays it out (set tighter when the last page
/// would hold a fragment), with the faults of its pages; made on this
/// thread, without a time limit, for tests and benchmarks.
pub fn document(
    config: &Config,
    job: &mut Job,
) -> Result<(PagedDocument, Vec<Fault>), Diagnostics> {
    let name = PathBuf::from(format!("{}.typ", job.kind.code()));
    let (views, files) = files(config, job)?;
    let (document, faults, _) = fitted(config, job, &views, |job, source| {
        let document = config
            .typst
            .compile(&name, source.to_owned(), job.date, &files)?;
        let (faults, rows) = inspect_with_rows(&document, &job.hyphenation);
        Ok((document, faults, rows))
    })?;
    Ok((document, faults))
}

/// A job laid out once with its pages set as usual, never fitted: what the
/// fitting adds is priced against it (the batch benchmark).
pub fn usual_document(config: &Config, job: &mut Job) -> Result<PagedDocument, Diagnostics> {
    let name = PathBuf::from(format!("{}.typ", job.kind.code()));
    let (views, files) = files(config, job)?;
    job.view.set_fit(Fit::USUAL);
    let source = job
        .render(&config.templates, &views)
        .map_err(|d| Diagnostics::from(d.hint(in_template(job))))?;
    config.typst.compile(&name, source, job.date, &files)
}

/// The faults a reader would see in a job's pages.
pub fn faults(config: &Config, job: &mut Job) -> Result<Vec<Fault>, Diagnostics> {
    document(config, job).map(|(_, faults)| faults)
}

/// A job's PDF in memory.
pub fn pdf_bytes(config: &Config, job: &mut Job) -> Result<Vec<u8>, Diagnostics> {
    let (document, _) = document(config, job)?;
    crate::pdf::export(&name_of(job), &document, &job.ident, &config.standards)
}

/// The hint that a failure lies in the template or Typst, not in the data.
fn in_template(job: &Job) -> String {
    format!(
        "felet ligger i mallen {} eller i Typst, inte i datan",
        job.kind.template()
    )
}

/// The files a job's document reads: the YAML to embed (when asked to),
/// with their views, and the logotyp.
fn files(config: &Config, job: &Job) -> Result<(Vec<AttachmentView>, Files), Diagnostic> {
    let read = |path: &Path, what: &str| {
        std::fs::read(path)
            .map(Bytes::new)
            .doing(path, &format!("filen kunde inte läsas {what}"))
    };
    let mut files = Files::default();
    let mut views = Vec::new();
    if config.embed_data {
        for input in &job.inputs {
            files.attachments.push(read(&input.path, "för inbäddning")?);
        }
        views = report::attachments(&job.inputs);
    }
    if let Some(logo) = &job.logo {
        files.logo = Some(read(logo, "som logotyp")?);
    }
    Ok((views, files))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::MAX_FIT;
    use crate::driver::{Config, Options, check};
    use crate::report::Fit;

    /// A setting's source made from the usual one's is the source rendered
    /// with that setting, for every report of an example plan and its
    /// follow-ups, from the start and from a row on.
    #[test]
    fn a_fit_made_from_the_usual_source_is_the_rendered_one() {
        let config = Config::new(&Options::new(Path::new("ut"))).unwrap();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let mut compared = 0;
        for file in [
            "pahittade/aldrenamnden/vor-ikp-2025.yaml",
            "pahittade/aldrenamnden/uppfoljning-t2-2025.yaml",
            "pahittade/aldrenamnden/uppfoljning-vb-2025.yaml",
            "arbetsmarknadsnamnden/vor-ikp-2026.yaml",
        ] {
            for mut job in check(&data.join(file)).jobs {
                job.view.set_fit(Fit::USUAL);
                let usual = job.render(&config.templates, &[]).unwrap();
                for setting in 1..=MAX_FIT {
                    for from in [[0, 0], [2, 17]] {
                        let fit = Fit { setting, from };
                        job.view.set_fit(fit);
                        let rendered = job.render(&config.templates, &[]).unwrap();
                        let made = config.templates.with_fit(&usual, fit);
                        assert_eq!(
                            made.as_deref(),
                            Some(rendered.as_str()),
                            "{file} {:?} {fit:?}",
                            job.kind
                        );
                        compared += 1;
                    }
                }
            }
        }
        // Every kind of report: VoR, IKP, verksamhetsplan, T2 and VB with
        // their bilagor.
        assert!(compared >= 2 * 3 * 9, "{compared} sources compared");
    }
}
