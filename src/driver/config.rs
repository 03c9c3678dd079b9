//! A build's configuration in two levels: the options as the user gave them,
//! and the checked configuration made from them once, which every report
//! shares (the templates loaded, the standards checked, Typst's base).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use typst_layout::PagedDocument;
use typst_pdf::PdfStandard;

use super::part::Part;
use crate::diag::Diagnostic;
use crate::pdf;
use crate::render::Templates;
use crate::report::ReportKind;
use crate::typst_world::TypstBase;
use crate::web::WebTemplates;

/// A build's options as given (on the command line, or by a test); each
/// off, empty or none by default.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The folder reports are written to.
    pub out_dir: PathBuf,
    /// A folder of templates that take the place of built-in ones.
    pub templates: Option<PathBuf>,
    /// Also write each report's Typst source beside its PDF.
    pub emit_typst: bool,
    /// The PDF standards to conform to; none means the default.
    pub pdf_standards: Vec<PdfStandard>,
    /// Embed the YAML each report was made from.
    pub embed_data: bool,
    /// Rebuild everything, whatever the build cache says.
    pub force: bool,
    /// Build only this part of the files (`--del i/n`).
    pub part: Option<Part>,
    /// Shown each report's pages as they are laid out (`bevaka --förhandsvisning`).
    pub pages: Option<PageSink>,
    /// Also write each report as a web page, and the site's index (`--webb`).
    pub web: bool,
}

/// Receives each report's laid-out pages with the path of its PDF.
#[derive(Clone)]
pub struct PageSink(pub Arc<ShowPages>);

/// What a `PageSink` calls, on the worker that laid the report out.
pub type ShowPages = dyn Fn(&Path, ReportKind, &PagedDocument) + Send + Sync;

impl std::fmt::Debug for PageSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageSink")
    }
}

impl Options {
    /// The default options, writing to `out_dir`.
    pub fn new(out_dir: &Path) -> Self {
        Options {
            out_dir: out_dir.to_path_buf(),
            ..Options::default()
        }
    }
}

/// Why the options give no configuration.
#[derive(Debug)]
pub enum ConfigError {
    /// Options that do not go together (on the command line: wrong arguments).
    Options(Diagnostic),
    /// The user's templates could not be read or have an error.
    Templates(Diagnostic),
}

impl From<ConfigError> for Diagnostic {
    fn from(error: ConfigError) -> Diagnostic {
        match error {
            ConfigError::Options(problem) | ConfigError::Templates(problem) => problem,
        }
    }
}

/// The checked configuration: everything a report needs besides its data.
pub struct Config {
    /// The folder reports are written to.
    pub out_dir: PathBuf,
    /// Rebuild everything, whatever the build cache says.
    pub force: bool,
    /// Build only this part of the files.
    pub part: Option<Part>,
    pub(super) pages: Option<PageSink>,
    pub(super) emit_typst: bool,
    pub(super) embed_data: bool,
    pub(super) standards: Vec<PdfStandard>,
    pub(super) templates: Templates,
    pub(super) typst: Arc<TypstBase>,
    /// The web pages' templates, when the build writes them.
    pub(super) web: Option<WebTemplates>,
}

impl Config {
    /// Checks `options` and loads what they name.
    pub fn new(options: &Options) -> Result<Config, ConfigError> {
        Ok(Config {
            out_dir: options.out_dir.clone(),
            force: options.force,
            part: options.part,
            pages: options.pages.clone(),
            emit_typst: options.emit_typst,
            embed_data: options.embed_data,
            standards: pdf::standards(&options.pdf_standards, options.embed_data)
                .map_err(ConfigError::Options)?,
            templates: Templates::new(options.templates.as_deref())
                .map_err(ConfigError::Templates)?,
            typst: TypstBase::shared(),
            web: options.web.then(WebTemplates::new),
        })
    }

    /// Whether this build makes the reports of `file` (all, without `--del`).
    pub fn builds(&self, file: &Path) -> bool {
        self.part.is_none_or(|part| part.contains(file))
    }

    /// The templates in effect.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// A digest of everything besides the data that decides a PDF's bytes:
    /// the tool's build, the templates, the fonts and the options.
    pub fn fingerprint(&self) -> String {
        self.fingerprint_of(super::cache::BUILD)
    }

    /// [`Config::fingerprint`] for the tool's build `build`.
    fn fingerprint_of(&self, build: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(build.as_bytes());
        for (name, source) in self.templates.sources() {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(source.as_bytes());
            hasher.update([0]);
        }
        for font in crate::typst_world::font_files() {
            hasher.update(font);
        }
        hasher.update(
            format!(
                "{:?} {} {} {}",
                self.standards,
                self.embed_data,
                self.emit_typst,
                self.web.is_some()
            )
            .as_bytes(),
        );
        super::cache::hex(&hasher.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An upgraded tool (another build of the sources) keys its reports
    /// anew, so the cache does not hand back the old tool's PDFs; the same
    /// build keys them the same.
    #[test]
    fn the_fingerprint_follows_the_tools_build() {
        let config = Config::new(&Options::new(Path::new("ut"))).unwrap();
        assert_ne!(
            config.fingerprint_of("bygge-1"),
            config.fingerprint_of("bygge-2")
        );
        assert_eq!(
            config.fingerprint(),
            config.fingerprint_of(crate::driver::cache::BUILD)
        );
        assert_eq!(config.fingerprint(), config.fingerprint());
        assert_eq!(
            crate::driver::cache::BUILD.len(),
            16,
            "a digest of the sources"
        );
    }
}
