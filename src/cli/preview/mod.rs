//! `bevaka --förhandsvisning`: a page on 127.0.0.1 that shows the pages of
//! the reports being edited, as Typst laid them out, and shows them anew
//! after each build. The build hands over each report's pages (`sink`);
//! the server renders them to SVG when the browser asks (`server`), inside
//! a page of HTML with each page's text laid over it (`page`).

mod page;
mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use typst_layout::PagedDocument;

pub use server::serve;

use crate::driver::{PageSink, ReportKind};

/// The reports laid out so far and the state of the last build.
pub struct Preview {
    out_dir: PathBuf,
    state: Mutex<State>,
    built: Condvar,
}

#[derive(Default)]
struct State {
    /// Counts the builds finished; the page reloads when it grows.
    builds: u64,
    /// Each report by its key: its PDF's path under the output folder.
    reports: BTreeMap<String, Shown>,
    /// The first report of the last build that made any (the newest year,
    /// then in the order a nämnd's reports are read): the one shown when
    /// the reader has not picked one.
    latest: Option<String>,
    /// Made since the last build finished.
    made: Vec<(ReportKind, String)>,
    /// What the last build said was wrong, as `bygg` prints it.
    problems: String,
}

struct Shown {
    kind: ReportKind,
    document: PagedDocument,
    /// The build that made it: in the address of its pages, so that the
    /// browser keeps unchanged pages and fetches changed ones.
    build: u64,
}

impl Preview {
    pub fn new(out_dir: &Path) -> Arc<Preview> {
        Arc::new(Preview {
            out_dir: std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf()),
            state: Mutex::default(),
            built: Condvar::new(),
        })
    }

    /// Where a build hands over each report's pages.
    pub fn sink(self: &Arc<Self>) -> PageSink {
        let preview = Arc::clone(self);
        PageSink(Arc::new(move |pdf, kind, document| {
            preview.keep(pdf, kind, document.clone());
        }))
    }

    fn keep(&self, pdf: &Path, kind: ReportKind, document: PagedDocument) {
        let key = self.key(pdf);
        let mut state = self.lock();
        let build = state.builds + 1;
        state.made.push((kind, key.clone()));
        let shown = Shown {
            kind,
            document,
            build,
        };
        state.reports.insert(key, shown);
    }

    /// A build has finished; `problems` is what it printed as wrong.
    pub fn finished(&self, problems: String) {
        let mut state = self.lock();
        if let Some(key) = first(std::mem::take(&mut state.made)) {
            state.latest = Some(key);
        }
        state.problems = problems;
        state.builds += 1;
        drop(state);
        self.built.notify_all();
    }

    /// Waits until a build after `seen` finishes, at most `timeout`; the
    /// number of builds finished.
    fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.lock();
        let (state, _) = self
            .built
            .wait_timeout_while(state, timeout, |s| s.builds <= seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.builds
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere leaves the state as consistent as it was.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `out/servicenamnden/vor-2025.pdf` → `servicenamnden/vor-2025`.
    /// (A report's year ends its name; see `driver::output_path`.)
    fn key(&self, pdf: &Path) -> String {
        let pdf = std::path::absolute(pdf).unwrap_or_else(|_| pdf.to_path_buf());
        let relative = pdf.strip_prefix(&self.out_dir).unwrap_or(&pdf);
        let parts: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }
}

/// The report to show of those a build made: the newest year's, the VoR
/// before the IKP before the follow-ups.
fn first(made: Vec<(ReportKind, String)>) -> Option<String> {
    made.into_iter()
        .min_by_key(|(kind, key)| (std::cmp::Reverse(year(key)), *kind, key.clone()))
        .map(|(_, key)| key)
}

/// The year a report's key ends with (`servicenamnden/vor-2025` → 2025).
fn year(key: &str) -> i32 {
    key.rsplit('-')
        .next()
        .and_then(|y| y.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_newest_years_vor_first() {
        let made = |list: &[(ReportKind, &str)]| {
            list.iter().map(|(k, key)| (*k, key.to_string())).collect()
        };
        let built = made(&[
            (ReportKind::Ikp, "s/ikp-2025"),
            (ReportKind::Vor, "s/vor-2024"),
            (ReportKind::Vb, "s/vb-2025"),
            (ReportKind::Vor, "s/vor-2025"),
        ]);
        assert_eq!(first(built).as_deref(), Some("s/vor-2025"));
        let follow_up = made(&[
            (ReportKind::VbBundle, "s/vb-bilaga-2025"),
            (ReportKind::Vb, "s/vb-2025"),
        ]);
        assert_eq!(first(follow_up).as_deref(), Some("s/vb-2025"));
        assert_eq!(first(Vec::new()), None);
    }
}
