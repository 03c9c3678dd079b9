//! The pipeline for one plan file, and for many: load → validate → score →
//! report view → Typst source → PDF. Only this module knows every stage.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::Templates;
use crate::report::AttachmentView;
use crate::score::Scored;
use crate::typst_world::TypstBase;
use crate::validate::Plan;
use crate::{model, pdf, report, score, validate};
use typst::foundations::Bytes;

/// The reports made from one plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// Väsentlighets- och riskanalys with the matrix.
    Vor,
    /// Internkontrollplan.
    Ikp,
}

impl ReportKind {
    /// Every report a plan makes, in order.
    pub const ALL: [ReportKind; 2] = [ReportKind::Vor, ReportKind::Ikp];

    /// The file name's stem: "vor", "ikp".
    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Vor => "vor",
            ReportKind::Ikp => "ikp",
        }
    }

    fn template(self) -> &'static str {
        match self {
            ReportKind::Vor => "vor.typ.j2",
            ReportKind::Ikp => "ikp.typ.j2",
        }
    }
}

/// What the build needs that is the same for every plan.
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

    /// The Typst source for one report; `attachments` name the embedded files.
    pub fn typst_source(
        &self,
        kind: ReportKind,
        plan: &Plan,
        scored: &Scored,
        attachments: &[report::AttachmentView],
    ) -> Result<String, String> {
        match kind {
            ReportKind::Vor => {
                let mut view = report::vor(plan, scored);
                view.meta.attachments = attachments.to_vec();
                self.render(kind, &view)
            }
            ReportKind::Ikp => {
                let mut view = report::ikp(plan, scored);
                view.meta.attachments = attachments.to_vec();
                self.render(kind, &view)
            }
        }
    }

    fn render<V: Serialize>(&self, kind: ReportKind, view: &V) -> Result<String, String> {
        self.templates.render(kind.template(), view)
    }

    /// Compiles Typst source to PDF bytes, with `attachments` readable by the template.
    pub fn pdf(
        &self,
        source: String,
        plan: &Plan,
        ident: &str,
        attachments: &[Bytes],
    ) -> Result<Vec<u8>, Vec<String>> {
        let document = self.typst.compile(source, plan.meta.datum, attachments)?;
        pdf::export(&document, ident, &self.standards)
    }

    /// The files to embed for `plan` (when asked to): their views and bytes.
    fn attachments(&self, plan: &Plan) -> Result<(Vec<AttachmentView>, Vec<Bytes>), Vec<String>> {
        if !self.embed_data {
            return Ok((Vec::new(), Vec::new()));
        }
        let mut views = Vec::new();
        let mut bytes = Vec::new();
        for (i, path) in plan.inputs.iter().enumerate() {
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
            let description = if i == 0 {
                "Nämndens data som rapporten gjordes av"
            } else {
                "Riskmodellen som rapporten använder"
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

/// A plan file, checked and scored, with what was said about it.
pub struct Checked {
    pub diagnostics: Diagnostics,
    pub plan: Option<(Plan, Scored)>,
}

/// Loads, validates and scores one plan file.
pub fn check(path: &Path) -> Checked {
    let loaded = match model::load_plan(path) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            return Checked {
                diagnostics,
                plan: None,
            };
        }
    };
    let (plan, diagnostics) = validate::validate(&loaded);
    let plan = plan.map(|plan| {
        let scored = score::score(&plan);
        (plan, scored)
    });
    Checked { diagnostics, plan }
}

/// What building one plan file gave.
pub struct Built {
    pub source: PathBuf,
    pub diagnostics: Diagnostics,
    pub written: Vec<PathBuf>,
    pub elapsed: Duration,
}

impl Built {
    /// True when the plan built without errors.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Where a plan's reports go: `out/<the plan's folder name>/<code>-<år>.pdf`.
pub fn output_path(out_dir: &Path, plan_path: &Path, kind: ReportKind, year: i32) -> PathBuf {
    let folder = plan_path
        .parent()
        .and_then(|p| p.file_name())
        .map(PathBuf::from)
        .unwrap_or_default();
    out_dir
        .join(folder)
        .join(format!("{}-{year}.pdf", kind.code()))
}

/// Builds every report of one plan file into `out_dir`.
pub fn build(engine: &Engine, path: &Path, out_dir: &Path, emit_typst: bool) -> Built {
    let started = Instant::now();
    let Checked {
        mut diagnostics,
        plan,
    } = check(path);
    let mut written = Vec::new();
    if let Some((plan, scored)) = plan {
        for kind in ReportKind::ALL {
            let target = output_path(out_dir, path, kind, plan.meta.ar);
            match build_one(engine, kind, &plan, &scored, &target, emit_typst) {
                Ok(()) => written.push(target),
                Err(messages) => {
                    for message in messages {
                        diagnostics.push(
                            Diagnostic::error(
                                path,
                                format!(
                                    "rapporten {} (mall {}) kunde inte göras: {message}",
                                    target.display(),
                                    kind.template()
                                ),
                            )
                            .hint("felet ligger i mallen eller i Typst, inte i datan; kör med --emit-typst och se den genererade källan"),
                        );
                    }
                }
            }
        }
    }
    Built {
        source: path.to_path_buf(),
        diagnostics,
        written,
        elapsed: started.elapsed(),
    }
}

fn build_one(
    engine: &Engine,
    kind: ReportKind,
    plan: &Plan,
    scored: &Scored,
    target: &Path,
    emit_typst: bool,
) -> Result<(), Vec<String>> {
    let (views, attachments) = engine.attachments(plan)?;
    let source = engine
        .typst_source(kind, plan, scored, &views)
        .map_err(|e| vec![e])?;
    if emit_typst {
        pdf::write_atomically(&target.with_extension("typ"), source.as_bytes())
            .map_err(|e| vec![format!("Typst-källan kunde inte skrivas: {e}")])?;
    }
    let ident = format!("{}/{}/{}", plan.meta.namnd, plan.meta.ar, kind.code());
    let bytes = engine.pdf(source, plan, &ident, &attachments)?;
    pdf::write_atomically(target, &bytes)
        .map_err(|e| vec![format!("filen kunde inte skrivas: {e}")])
}

/// Every plan file under `paths`: files as given, folders searched for
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
