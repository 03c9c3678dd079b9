//! The build cache: which input files made which PDFs, and a digest of
//! everything those PDFs depend on, so an unchanged report is not rebuilt.
//!
//! The digest covers the tool's version, templates, fonts and options (the
//! engine's fingerprint) and the bytes of every input file (the plan, its
//! risk model, a follow-up). A missing or unreadable cache only means that
//! everything is rebuilt.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The cache file's name inside the output folder.
pub const CACHE_FILE: &str = ".riskrapport-cache";
const HEADER: &str = "# riskrapport byggcache 1";

/// What one input file made last time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: String,
    deps: Vec<PathBuf>,
    outputs: Vec<PathBuf>,
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
                        },
                    ));
                }
                ("K", Some((_, e))) => e.key = value.to_owned(),
                ("D", Some((_, e))) => e.deps.push(PathBuf::from(value)),
                ("O", Some((_, e))) => e.outputs.push(PathBuf::from(value)),
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

    /// The outputs of `file` when they exist and nothing they depend on has changed.
    pub fn unchanged(&self, file: &Path, fingerprint: &str) -> Option<Vec<PathBuf>> {
        let entry = self.entries.get(file)?;
        let current = key(fingerprint, &entry.deps)?;
        (current == entry.key && entry.outputs.iter().all(|o| o.is_file()))
            .then(|| entry.outputs.clone())
    }

    /// Remembers that `file`, with `deps`, made `outputs`.
    pub fn record(
        &mut self,
        file: &Path,
        fingerprint: &str,
        deps: &[PathBuf],
        outputs: &[PathBuf],
    ) {
        let printable = |p: &Path| p.to_str().is_some_and(|s| !s.contains(['\n', '\r']));
        let all: Vec<&Path> = std::iter::once(file)
            .chain(deps.iter().map(PathBuf::as_path))
            .chain(outputs.iter().map(PathBuf::as_path))
            .collect();
        match key(fingerprint, deps) {
            Some(key) if all.iter().all(|p| printable(p)) => {
                let entry = Entry {
                    key,
                    deps: deps.to_vec(),
                    outputs: outputs.to_vec(),
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
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::pdf::write_atomically(&self.path, text.as_bytes())
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
        cache.record(
            &input,
            "v1",
            std::slice::from_ref(&input),
            std::slice::from_ref(&output),
        );
        cache.save().unwrap();

        let loaded = BuildCache::load(dir.path());
        assert_eq!(loaded.entries, cache.entries);
        assert_eq!(loaded.unchanged(&input, "v1"), Some(vec![output.clone()]));
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
