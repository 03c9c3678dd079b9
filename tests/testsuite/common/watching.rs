//! A `riskrapport` that keeps running (`bevaka`) and everything it has
//! printed, line by line. Tests wait on what it says — the line that ends
//! a build, the PDF it names — never on a fixed sleep; a generous time is
//! only the safety net against a hang.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use super::SAFETY_NET;

/// The line `bevaka` prints when a save sets off a build, naming the files.
pub const CHANGED: &str = "ändrad:";

/// The line that ends every build.
pub const BUILT: &str = "klart på";

/// Whether every build begun has ended, as far as `said` shows: one
/// [`BUILT`] for the first build and one for each [`CHANGED`], both on
/// stdout, in order.
pub fn settled(said: &str) -> bool {
    count(said, BUILT) == count(said, CHANGED) + 1
}

/// What the process has printed, and whether its pipes are still open.
#[derive(Default)]
struct Said {
    text: String,
    open_pipes: usize,
}

/// The running process and what it has printed so far.
pub struct Watching {
    child: Child,
    said: Arc<(Mutex<Said>, Condvar)>,
}

impl Watching {
    /// Starts `riskrapport args` in `dir`, reading stdout and stderr into one text.
    pub fn start(dir: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_riskrapport"))
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let pipes: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        let said = Arc::new((
            Mutex::new(Said {
                open_pipes: pipes.len(),
                ..Said::default()
            }),
            Condvar::new(),
        ));
        for pipe in pipes {
            let said = Arc::clone(&said);
            std::thread::spawn(move || {
                let (text, changed) = &*said;
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut said = text.lock().unwrap();
                    said.text.push_str(&line);
                    said.text.push('\n');
                    changed.notify_all();
                }
                text.lock().unwrap().open_pipes -= 1;
                changed.notify_all();
            });
        }
        Watching { child, said }
    }

    /// Everything printed so far.
    pub fn said(&self) -> String {
        self.said.0.lock().unwrap().text.clone()
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until what the process printed satisfies `done`, woken by each
    /// line it prints; fails the test with the output if the process ends
    /// first, or after the safety net.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let (text, changed) = &*self.said;
        let deadline = Instant::now() + SAFETY_NET;
        let mut said = text.lock().unwrap();
        while !done(&said.text) {
            assert!(
                said.open_pipes > 0,
                "the process ended while waiting for {what}:\n{}",
                said.text
            );
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                drop(said);
                let _ = self.child.kill();
                panic!("never {what}:\n{}", self.said());
            }
            said = changed.wait_timeout(said, left).unwrap().0;
        }
    }

    /// Makes `change` (a save) and waits until a build it set off has
    /// ended, no other under way, and what was printed satisfies `done`.
    /// Counting the builds, not only looking for a line, keeps a line of the
    /// build before, read late from the pipe, from being taken for this
    /// one's. Called when the builds before have settled (after the first
    /// build, or after another `after`).
    pub fn after(&mut self, what: &str, change: impl FnOnce(), done: impl Fn(&str) -> bool) {
        let begun = count(&self.said(), CHANGED);
        change();
        self.wait_for(what, |s| count(s, CHANGED) > begun && settled(s) && done(s));
    }

    /// Waits for the process to end by itself, all it printed read; fails
    /// the test after the safety net, saying it went on `instead`.
    pub fn ended(&mut self, instead: &str) -> ExitStatus {
        let (text, changed) = &*self.said;
        let deadline = Instant::now() + SAFETY_NET;
        let mut said = text.lock().unwrap();
        while said.open_pipes > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                drop(said);
                let _ = self.child.kill();
                panic!("{instead}:\n{}", self.said());
            }
            said = changed.wait_timeout(said, left).unwrap().0;
        }
        drop(said);
        self.child.wait().unwrap()
    }

    /// Sends Ctrl-C (SIGINT) and waits for the process to end, all it
    /// printed read.
    pub fn interrupt(&mut self) -> ExitStatus {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: kill only sends a signal to our own child.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        self.ended("Ctrl-C did not end it")
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many times `what` occurs in `text`.
pub fn count(text: &str, what: &str) -> usize {
    text.matches(what).count()
}
