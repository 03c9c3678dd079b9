//! The Typst World: one generated source in memory, the fonts in `fonts/`
//! embedded in the binary, a fixed date, and no files or packages at all;
//! and the runner that gives a document its thread and its time limit.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, PackageError, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Diagnostics};

/// The fonts every report may use, embedded so the binary runs from anywhere.
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/Inter-Regular.otf"),
    include_bytes!("../fonts/Inter-Italic.otf"),
    include_bytes!("../fonts/Inter-Bold.otf"),
    include_bytes!("../fonts/Inter-BoldItalic.otf"),
];

/// The bytes of every embedded font (for the build cache's fingerprint).
pub fn font_files() -> &'static [&'static [u8]] {
    &FONT_FILES
}

/// What is shared by every document in a process: the standard library and fonts.
pub struct TypstBase {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl TypstBase {
    /// Loads the library and the embedded fonts.
    pub fn new() -> Self {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        TypstBase {
            // a11y-extras: `pdf.data-cell` tags a table's group headings
            // as the rows they are rather than as header cells (docs/publishing.md,
            // "Grupprubrikerna och skärmläsaren").
            library: LazyHash::new(
                Library::builder()
                    .with_features([Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }

    /// The shared base for this process.
    pub fn shared() -> Arc<TypstBase> {
        static BASE: OnceLock<Arc<TypstBase>> = OnceLock::new();
        BASE.get_or_init(|| Arc::new(TypstBase::new())).clone()
    }

    /// Compiles `text` (Typst markup) to a laid-out document, with `today`
    /// as the date; the `files` are the only ones it can read.
    /// Errors name `name`, where the source is (or would be) written.
    pub fn compile(
        &self,
        name: &Path,
        text: String,
        today: NaiveDate,
        files: &Files,
    ) -> Result<PagedDocument, Diagnostics> {
        let world = DocumentWorld {
            base: self,
            source: Source::new(main_id(), text),
            today,
            files,
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let document = warned
            .output
            .map_err(|errors| world.diagnostics(name, &errors))?;
        // Typst only warns about a font it does not have and silently uses
        // another; a report must not change its look without a word.
        let font_errors: Vec<SourceDiagnostic> = warned
            .warnings
            .iter()
            .filter(|w| w.message.contains("unknown font family"))
            .cloned()
            .collect();
        if font_errors.is_empty() {
            Ok(document)
        } else {
            Err(world.diagnostics(name, &font_errors))
        }
    }
}

impl Default for TypstBase {
    fn default() -> Self {
        Self::new()
    }
}

/// How long one document may take to compile before its report is given
/// up: Typst cannot be interrupted, so a template that computes without end
/// would otherwise hang the build.
pub const TYPST_TIME_LIMIT_SECS: u64 = 600;

/// The environment variable that sets another time limit, in seconds.
pub const TIME_LIMIT_VAR: &str = "RISKRAPPORT_TYPST_TIDSGRANS";

/// The time limit in force: `TIME_LIMIT_VAR` or the default.
pub fn time_limit() -> std::time::Duration {
    std::env::var(TIME_LIMIT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&s| s > 0)
        .map(std::time::Duration::from_secs)
        .unwrap_or(std::time::Duration::from_secs(TYPST_TIME_LIMIT_SECS))
}

/// Runs Typst work one document at a time on a thread of its own (a
/// one-thread rayon pool, so that Typst's parallel parts never pick up
/// another document), and stops waiting after a time limit. A document that
/// runs past the limit keeps its thread busy until the process ends; the
/// runner takes a fresh thread for the next document.
pub struct Runner {
    pool: rayon::ThreadPool,
    limit: std::time::Duration,
    name: String,
}

/// The time limit struck: the work was given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut(pub std::time::Duration);

/// Each runner thread's stack: Typst recurses deeply through nested content.
const RUNNER_STACK: usize = 32 * 1024 * 1024;

impl Runner {
    /// A runner whose thread is called `name`, giving up after `limit`.
    pub fn new(name: &str, limit: std::time::Duration) -> std::io::Result<Self> {
        Ok(Runner {
            pool: Self::pool(name)?,
            limit,
            name: name.to_owned(),
        })
    }

    fn pool(name: &str) -> std::io::Result<rayon::ThreadPool> {
        let name = name.to_owned();
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .stack_size(RUNNER_STACK)
            .thread_name(move |_| name.clone())
            .build()
            .map_err(std::io::Error::other)
    }

    /// Runs `work` on the runner's thread and waits for it, at most the limit.
    pub fn run<T: Send + 'static>(
        &mut self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, TimedOut> {
        let (done, result) = std::sync::mpsc::channel();
        self.pool.spawn(move || {
            let _ = done.send(work());
        });
        match result.recv_timeout(self.limit) {
            Ok(value) => Ok(value),
            Err(_) => {
                // The old thread is stuck in the work; the next gets a new one.
                if let Ok(pool) = Self::pool(&self.name) {
                    self.pool = pool;
                }
                Err(TimedOut(self.limit))
            }
        }
    }
}

/// The one file id every document uses: ids are interned for the process's
/// lifetime, so a batch must not make one per document.
fn main_id() -> FileId {
    static ID: OnceLock<FileId> = OnceLock::new();
    *ID.get_or_init(|| {
        let path = VirtualPath::new("/rapport.typ").expect("a valid virtual path");
        RootedPath::new(VirtualRoot::Project, path).intern()
    })
}

/// The most files a document can attach (a follow-up, its plan and model).
pub const MAX_ATTACHMENTS: usize = 4;

/// The virtual path a template reads attachment `i` from, with
/// `read(path, encoding: none)`; the templates write it as `/bilaga/` + i.
fn attachment_path(i: usize) -> String {
    format!("/bilaga/{i}")
}

/// The fixed id of the logotyp, interned once per process.
fn logo_id() -> FileId {
    static ID: OnceLock<FileId> = OnceLock::new();
    *ID.get_or_init(|| {
        let path = VirtualPath::new("/logotyp").expect("a valid virtual path");
        RootedPath::new(VirtualRoot::Project, path).intern()
    })
}

/// The fixed ids of the attachment slots, interned once per process.
fn attachment_id(i: usize) -> Option<FileId> {
    static IDS: OnceLock<Vec<FileId>> = OnceLock::new();
    IDS.get_or_init(|| {
        (0..MAX_ATTACHMENTS)
            .map(|i| {
                let path = VirtualPath::new(attachment_path(i)).expect("a valid virtual path");
                RootedPath::new(VirtualRoot::Project, path).intern()
            })
            .collect()
    })
    .get(i)
    .copied()
}

/// Why a file cannot be had: the world holds no files and no packages.
fn denied(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(spec) => FileError::Package(PackageError::Other(Some(
            format!(
                "paketet {spec} kan inte användas: riskrapport hämtar inga paket och använder inget nätverk"
            )
            .into(),
        ))),
        VirtualRoot::Project => FileError::Other(Some(
            format!(
                "mallar får inte läsa filer: {} (bara den genererade källan finns)",
                id.vpath().get_with_slash()
            )
            .into(),
        )),
    }
}

struct DocumentWorld<'a> {
    base: &'a TypstBase,
    source: Source,
    today: NaiveDate,
    files: &'a Files,
}

/// The files a document may read besides its source: the YAML it embeds
/// (`/bilaga/0`, `/bilaga/1` …) and the kommun's logotyp (`/logotyp`).
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub attachments: Vec<Bytes>,
    pub logo: Option<Bytes>,
}

impl DocumentWorld<'_> {
    /// Typst's errors as diagnostics in the generated source `name`, each at
    /// its line, with the line itself and Typst's hints.
    fn diagnostics(&self, name: &Path, errors: &[SourceDiagnostic]) -> Diagnostics {
        Diagnostics(
            errors
                .iter()
                .map(|error| {
                    let mut d = Diagnostic::error(name, swedish(&error.message));
                    let place = self
                        .range(error.span)
                        .and_then(|range| self.source.lines().byte_to_line_column(range.start));
                    if let Some((line, column)) = place {
                        let text = self.source.text().lines().nth(line).unwrap_or("").trim();
                        let text: String = text.chars().take(120).collect();
                        d = d
                            .at(&(line as u64 + 1, column as u64 + 1))
                            .hint(format!("raden i den genererade Typst-källan: {text}"));
                    }
                    for hint in &error.hints {
                        d = d.hint(format!("från Typst: {}", hint.v));
                    }
                    d
                })
                .collect(),
        )
    }
}

/// Typst's English message, in Swedish where we know it.
fn swedish(message: &str) -> String {
    for prefix in ["failed to load file (", "failed to load package ("] {
        if let Some(inner) = message
            .strip_prefix(prefix)
            .and_then(|m| m.strip_suffix(')'))
        {
            return inner.to_owned();
        }
    }
    if let Some(family) = message.strip_prefix("unknown font family: ") {
        return format!(
            "typsnittet ”{family}” finns inte i riskrapport; de inbyggda typsnitten är {FONT_NAMES}"
        );
    }
    if message.starts_with("path ") && message.ends_with("would escape the project root") {
        return format!(
            "mallar får inte läsa filer: {} går utanför projektet",
            message
                .trim_start_matches("path ")
                .trim_end_matches("would escape the project root")
                .trim()
        );
    }
    if message == "loop seems to be infinite" {
        return "loopen verkar aldrig ta slut (Typst stoppar efter 10 000 varv)".to_owned();
    }
    message.to_owned()
}

/// The families of the embedded fonts, for messages.
const FONT_NAMES: &str = "Inter (vanlig, kursiv, fet, fet kursiv)";

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(denied(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.source.id() {
            return Ok(Bytes::from_string(self.source.text().to_owned()));
        }
        if id == logo_id() {
            return self.files.logo.clone().ok_or_else(|| denied(id));
        }
        self.files
            .attachments
            .iter()
            .enumerate()
            .find(|(i, _)| attachment_id(*i) == Some(id))
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| denied(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            self.today.month() as u8,
            self.today.day() as u8,
        )
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// Work that never ends by itself is given up at the limit, and the
    /// next document gets a thread of its own: the stuck one does not hold
    /// it up. No clock decides the outcome: the stuck work waits for a
    /// message that comes only after the runner has given up.
    #[test]
    fn work_past_the_limit_is_given_up_and_the_next_runs_on_a_fresh_thread() {
        let mut runner = Runner::new("test", Duration::from_millis(10)).unwrap();
        let (release, stuck) = mpsc::channel::<()>();
        let given_up = runner.run(move || stuck.recv().is_ok());
        assert_eq!(given_up, Err(TimedOut(Duration::from_millis(10))));
        runner.limit = Duration::from_secs(600);
        assert_eq!(runner.run(|| 6 * 7), Ok(42), "the next work is done");
        // Lets the stuck thread end.
        release.send(()).unwrap();
    }
}
