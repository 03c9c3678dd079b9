//! Diagnostics: a problem found in the input, the templates or the build,
//! with its file, place, key path, risk and hints.
//!
//! Every stage reports problems as `Diagnostic` values so that validation can
//! collect them all and the CLI can print them in one consistent Swedish form.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The report can be made, but the reader should know.
    Warning,
    /// The report cannot be made until the input is fixed.
    Error,
}

/// One problem, with the file, line, risk and field it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, where known.
    pub line: Option<u64>,
    /// 1-based column, where known.
    pub column: Option<u64>,
    /// The risk (its nr) the problem concerns, if any.
    pub risk: Option<u32>,
    /// The key path of the field, e.g. `processer › risker › konsekvens`.
    pub field: Option<KeyPath>,
    /// What is wrong, in Swedish.
    pub message: String,
    /// How to fix it, in Swedish; one line each.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error in `file`.
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: None,
            column: None,
            risk: None,
            field: None,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// An error that concerns no file (a wrong argument, say).
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic::error(Path::new(""), message)
    }

    /// A warning in `file`.
    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Sets the place from something with a place in its file.
    pub fn at(mut self, located: &dyn Located) -> Self {
        let (line, column) = located.place();
        if line > 0 {
            self.line = Some(line);
            self.column = (column > 0).then_some(column);
        }
        self
    }

    /// Sets the risk the problem concerns.
    pub fn risk(mut self, nr: u32) -> Self {
        self.risk = Some(nr);
        self
    }

    /// Sets the key path of the field.
    pub fn field(mut self, field: impl Into<KeyPath>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "fel",
            Severity::Warning => "varning",
        };
        write!(f, "{label}: {}", self.message)?;
        if !self.file.as_os_str().is_empty() {
            write!(f, "\n  --> {}", self.file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            match (self.risk, &self.field) {
                (Some(nr), Some(field)) => write!(f, " (risk {nr}, {field})")?,
                (Some(nr), None) => write!(f, " (risk {nr})")?,
                (None, Some(field)) => write!(f, " ({field})")?,
                (None, None) => {}
            }
        }
        for hint in &self.hints {
            write!(f, "\n  tips: {hint}")?;
        }
        Ok(())
    }
}

/// A failure below us (an I/O error, a library's, a message of our own)
/// that can say in Swedish what went wrong: what [`At::at`] makes the
/// message of a [`Diagnostic`].
pub trait Cause {
    /// What went wrong, in Swedish.
    fn message(self) -> String;
}

impl Cause for std::io::Error {
    fn message(self) -> String {
        crate::fs::message(&self)
    }
}

impl Cause for String {
    fn message(self) -> String {
        self
    }
}

impl Cause for &str {
    fn message(self) -> String {
        self.to_owned()
    }
}

/// A failure given its file, as typst's `At` gives an error its span:
/// `std::fs::read(path).at(path)?`. The one way a failure from below
/// becomes a [`Diagnostic`]; [`Hint`] then adds what to do about it.
pub trait At<T> {
    /// The failure as an error in `file`.
    fn at(self, file: &Path) -> Result<T, Diagnostic>;

    /// The failure as an error in `file` that says first what could not
    /// be done: "arbetsboken kunde inte läsas: behörighet saknas".
    fn doing(self, file: &Path, what: &str) -> Result<T, Diagnostic>;
}

impl<T, E: Cause> At<T> for Result<T, E> {
    fn at(self, file: &Path) -> Result<T, Diagnostic> {
        self.map_err(|e| Diagnostic::error(file, e.message()))
    }

    fn doing(self, file: &Path, what: &str) -> Result<T, Diagnostic> {
        self.map_err(|e| Diagnostic::error(file, format!("{what}: {}", e.message())))
    }
}

/// A hint added to the error of a result: `….at(path).hint("…")?`.
pub trait Hint<T> {
    fn hint(self, hint: impl Into<String>) -> Result<T, Diagnostic>;
}

impl<T> Hint<T> for Result<T, Diagnostic> {
    fn hint(self, hint: impl Into<String>) -> Result<T, Diagnostic> {
        self.map_err(|d| d.hint(hint))
    }
}

/// Something with a place in its file: a 1-based line and column (0 when unknown).
pub trait Located {
    /// Line and column, 1-based (0 when unknown).
    fn place(&self) -> (u64, u64);
}

impl<T> Located for serde_saphyr::Spanned<T> {
    fn place(&self) -> (u64, u64) {
        self.referenced.place()
    }
}

impl Located for serde_saphyr::Location {
    fn place(&self) -> (u64, u64) {
        (self.line(), self.column())
    }
}

/// A line and column as they are.
impl Located for (u64, u64) {
    fn place(&self) -> (u64, u64) {
        *self
    }
}

/// The path of keys from the top of a file to a field, written one way
/// everywhere: `riskmodell › nivåer[0] › namn`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(String);

impl KeyPath {
    /// A path starting at `key`.
    pub fn new(key: &str) -> Self {
        KeyPath(key.to_owned())
    }

    /// The path one key further down.
    pub fn key(mut self, key: &str) -> Self {
        if !self.0.is_empty() {
            self.0.push_str(" › ");
        }
        self.0.push_str(key);
        self
    }

    /// The path to item `index` of the list at the end of the path.
    pub fn index(mut self, index: usize) -> Self {
        self.0.push_str(&format!("[{index}]"));
        self
    }

    /// Keys from the top down.
    pub fn of<S: AsRef<str>>(keys: &[S]) -> Self {
        keys.iter()
            .fold(KeyPath::default(), |path, key| path.key(key.as_ref()))
    }

    /// True when no key is given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for KeyPath {
    fn from(key: &str) -> Self {
        KeyPath::new(key)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Many diagnostics, as returned by a stage that collects before it fails.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True if any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_from_below_gets_its_file_and_hint() {
        let missing = std::fs::read(Path::new("/finns/inte"))
            .at(Path::new("/finns/inte"))
            .hint("ange en fil som finns");
        let d = missing.unwrap_err();
        assert_eq!(d.message, "filen eller mappen finns inte");
        assert_eq!(d.file, Path::new("/finns/inte"));
        assert_eq!(d.hints, ["ange en fil som finns"]);
        let said: Result<(), &str> = Err("trasig");
        let d = said.doing(Path::new("a.yaml"), "filen kunde inte läsas");
        assert_eq!(d.unwrap_err().message, "filen kunde inte läsas: trasig");
    }

    #[test]
    fn key_paths_are_spelt_one_way() {
        let path = KeyPath::new("riskmodell")
            .key("nivåer")
            .index(0)
            .key("namn");
        assert_eq!(path.to_string(), "riskmodell › nivåer[0] › namn");
        assert_eq!(KeyPath::of(&["a", "b"]).to_string(), "a › b");
    }

    #[test]
    fn a_diagnostic_prints_place_field_and_hints() {
        let d = Diagnostic::error(Path::new("a.yaml"), "fel sak")
            .at(&(3, 7))
            .risk(12)
            .field(KeyPath::new("risker").key("konsekvens"))
            .hint("gör så");
        assert_eq!(
            d.to_string(),
            "fel: fel sak\n  --> a.yaml:3:7 (risk 12, risker › konsekvens)\n  tips: gör så"
        );
    }
}
