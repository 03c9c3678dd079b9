//! The build cache: which input files made which PDFs, and a digest of
//! everything those PDFs depend on, so an unchanged report is not rebuilt.
//!
//! The digest covers the tool's build, templates, fonts and options (the
//! engine's fingerprint) and the bytes of every input file (the plan, its
//! risk model, a follow-up). A missing or unreadable cache only means that
//! everything is rebuilt.
//!
//! The tool's build is [`BUILD`], a digest of the sources the binary was
//! compiled from (see `build.rs`), not the version in Cargo.toml, which
//! stays the same from one build to the next: after an upgrade every
//! report is made anew by the new code.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, KeyPath};

/// The tool's build identity: a digest of its sources, Cargo.toml and
/// Cargo.lock, made by `build.rs` when they change.
pub const BUILD: &str = env!("RISKRAPPORT_BUILD");

/// The cache file's name inside the output folder.
pub const CACHE_FILE: &str = ".riskrapport-cache";
const HEADER: &str = "# riskrapport byggcache 2";

/// What one input file made last time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: String,
    deps: Vec<PathBuf>,
    outputs: Vec<PathBuf>,
    /// The nämnd the file belongs to.
    namnd: Option<String>,
    /// The warnings checking the file gave.
    warnings: Vec<Diagnostic>,
}

/// What an unchanged file made last time, and what was said of it then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub outputs: Vec<PathBuf>,
    pub namnd: Option<String>,
    pub warnings: Vec<Diagnostic>,
}

/// What one build of a file made and said, for the cache to remember.
pub struct Made<'a> {
    pub deps: &'a [PathBuf],
    pub outputs: &'a [PathBuf],
    pub namnd: Option<&'a str>,
    pub warnings: &'a [Diagnostic],
}

/// The cache of one output folder.
#[derive(Debug)]
pub struct BuildCache {
    path: PathBuf,
    entries: BTreeMap<PathBuf, Entry>,
}

impl BuildCache {
    /// An empty cache for `out_dir` (with `--force`, or the first time).
    pub fn empty(out_dir: &Path) -> Self {
        BuildCache {
            path: out_dir.join(CACHE_FILE),
            entries: BTreeMap::new(),
        }
    }

    /// The cache of `out_dir`; empty when there is none or it cannot be read.
    pub fn load(out_dir: &Path) -> Self {
        let mut cache = BuildCache::empty(out_dir);
        let Ok(text) = std::fs::read_to_string(&cache.path) else {
            return cache;
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return cache;
        }
        let mut current: Option<(PathBuf, Entry)> = None;
        for line in lines {
            let Some((tag, value)) = line.split_once(' ') else {
                continue;
            };
            match (tag, current.as_mut()) {
                ("F", _) => {
                    cache.insert(current.take());
                    current = Some((
                        PathBuf::from(value),
                        Entry {
                            key: String::new(),
                            deps: Vec::new(),
                            outputs: Vec::new(),
                            namnd: None,
                            warnings: Vec::new(),
                        },
                    ));
                }
                ("K", Some((_, e))) => e.key = value.to_owned(),
                ("D", Some((_, e))) => e.deps.push(PathBuf::from(value)),
                ("O", Some((_, e))) => e.outputs.push(PathBuf::from(value)),
                ("N", Some((_, e))) => e.namnd = Some(value.to_owned()),
                ("W", Some((_, e))) => e.warnings.extend(read_warning(value)),
                _ => {}
            }
        }
        cache.insert(current);
        cache
    }

    fn insert(&mut self, entry: Option<(PathBuf, Entry)>) {
        if let Some((file, entry)) = entry.filter(|(_, e)| !e.key.is_empty()) {
            self.entries.insert(file, entry);
        }
    }

    /// What `file` made last time, when its outputs exist and nothing they
    /// depend on has changed.
    pub fn unchanged(&self, file: &Path, fingerprint: &str) -> Option<Cached> {
        let entry = self.entries.get(file)?;
        let current = key(fingerprint, &entry.deps)?;
        (current == entry.key && entry.outputs.iter().all(|o| o.is_file())).then(|| Cached {
            outputs: entry.outputs.clone(),
            namnd: entry.namnd.clone(),
            warnings: entry.warnings.clone(),
        })
    }

    /// What `file` made last time, when it was made from exactly `deps`
    /// (a list that may change, as a kommun's nämnder do) and nothing in
    /// them has changed.
    pub fn unchanged_with(
        &self,
        file: &Path,
        fingerprint: &str,
        deps: &[PathBuf],
    ) -> Option<Cached> {
        let entry = self.entries.get(file)?;
        if entry.deps != deps {
            return None;
        }
        self.unchanged(file, fingerprint)
    }

    /// Remembers what `file` made and said.
    pub fn record(&mut self, file: &Path, fingerprint: &str, made: Made) {
        let printable = |p: &Path| p.to_str().is_some_and(|s| !s.contains(['\n', '\r']));
        let all: Vec<&Path> = std::iter::once(file)
            .chain(made.deps.iter().map(PathBuf::as_path))
            .chain(made.outputs.iter().map(PathBuf::as_path))
            .collect();
        match key(fingerprint, made.deps) {
            Some(key) if all.iter().all(|p| printable(p)) => {
                let entry = Entry {
                    key,
                    deps: made.deps.to_vec(),
                    outputs: made.outputs.to_vec(),
                    namnd: made.namnd.map(one_line),
                    warnings: made.warnings.to_vec(),
                };
                self.entries.insert(file.to_path_buf(), entry);
            }
            _ => self.forget(file),
        }
    }

    /// Forgets `file`, so that it is built next time.
    pub fn forget(&mut self, file: &Path) {
        self.entries.remove(file);
    }

    /// Writes the cache atomically.
    pub fn save(&self) -> std::io::Result<()> {
        let mut text = format!("{HEADER}\n");
        for (file, entry) in &self.entries {
            let _ = writeln!(text, "F {}", file.display());
            let _ = writeln!(text, "K {}", entry.key);
            for dep in &entry.deps {
                let _ = writeln!(text, "D {}", dep.display());
            }
            for output in &entry.outputs {
                let _ = writeln!(text, "O {}", output.display());
            }
            if let Some(namnd) = &entry.namnd {
                let _ = writeln!(text, "N {namnd}");
            }
            for warning in &entry.warnings {
                let _ = writeln!(text, "W {}", write_warning(warning));
            }
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::fs::write_atomically(&self.path, text.as_bytes())
    }
}

/// The digest of `fingerprint` and the bytes of every file in `deps`; `None`
/// when one cannot be read.
pub fn key(fingerprint: &str, deps: &[PathBuf]) -> Option<String> {
    let mut hasher = Sha256::new();
    hasher.update(fingerprint.as_bytes());
    for dep in deps {
        let bytes = std::fs::read(dep).ok()?;
        hasher.update(dep.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Some(hex(&hasher.finalize()))
}

/// A text on one line, for the cache's line-based format.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\t', SEPARATOR], " ")
}

/// Separates the hints of a warning in the cache.
const SEPARATOR: char = '\u{1f}';

/// A warning as one line: file, line, column, risk, field, message and hints, tab-separated.
fn write_warning(d: &Diagnostic) -> String {
    let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let hints: Vec<String> = d.hints.iter().map(|h| one_line(h)).collect();
    [
        one_line(&d.file.to_string_lossy()),
        number(d.line),
        number(d.column),
        number(d.risk.map(u64::from)),
        d.field
            .as_ref()
            .map(|f| one_line(&f.to_string()))
            .unwrap_or_default(),
        one_line(&d.message),
        hints.join(&SEPARATOR.to_string()),
    ]
    .join("\t")
}

/// A warning written by `write_warning`; `None` when the line is damaged.
fn read_warning(line: &str) -> Option<Diagnostic> {
    let f: Vec<&str> = line.split('\t').collect();
    let [file, l, c, risk, field, message, hints] = f.as_slice() else {
        return None;
    };
    let mut d = Diagnostic::warning(Path::new(file), *message)
        .at(&(l.parse().unwrap_or(0), c.parse().unwrap_or(0)));
    if let Ok(nr) = risk.parse() {
        d = d.risk(nr);
    }
    if !field.is_empty() {
        d = d.field(KeyPath::new(field));
    }
    for hint in hints.split(SEPARATOR).filter(|h| !h.is_empty()) {
        d = d.hint(hint);
    }
    Some(d)
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_notices_a_changed_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("plan.yaml");
        let output = dir.path().join("vor.pdf");
        std::fs::write(&input, "år: 2026").unwrap();
        std::fs::write(&output, "%PDF").unwrap();
        let mut cache = BuildCache::empty(dir.path());
        let warning = Diagnostic::warning(&input, "risk 2 är inte värderad")
            .at(&(12, 5))
            .risk(2)
            .field(KeyPath::new("processer").key("risker"))
            .hint("ange sannolikhet\toch konsekvens");
        cache.record(
            &input,
            "v1",
            Made {
                deps: std::slice::from_ref(&input),
                outputs: std::slice::from_ref(&output),
                namnd: Some("Testnämnden"),
                warnings: std::slice::from_ref(&warning),
            },
        );
        cache.save().unwrap();

        let loaded = BuildCache::load(dir.path());
        let cached = loaded.unchanged(&input, "v1").expect("unchanged");
        assert_eq!(cached.outputs, vec![output.clone()]);
        assert_eq!(cached.namnd.as_deref(), Some("Testnämnden"));
        assert_eq!(cached.warnings.len(), 1);
        assert_eq!(cached.warnings[0].message, warning.message);
        assert_eq!(
            cached.warnings[0].hints,
            vec!["ange sannolikhet och konsekvens"]
        );
        assert_eq!(cached.warnings[0].line, Some(12));
        assert_eq!(loaded.unchanged(&input, "v2"), None, "another engine");

        std::fs::write(&input, "år: 2027").unwrap();
        assert_eq!(loaded.unchanged(&input, "v1"), None, "changed input");
        std::fs::write(&input, "år: 2026").unwrap();
        std::fs::remove_file(&output).unwrap();
        assert_eq!(loaded.unchanged(&input, "v1"), None, "missing output");
    }

    #[test]
    fn a_damaged_cache_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CACHE_FILE), "skräp\nF x\n").unwrap();
        assert!(BuildCache::load(dir.path()).entries.is_empty());
    }
}
