//! `bevaka`: the real binary watching a folder while a test edits it as an
//! editor does — a change, a syntax error mid-edit, a file deleted and
//! written anew, a broken template — and Ctrl-C at the end.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{fixture, pdf_text, plan_yaml};

const RISK: &str = "- nr: 1\n  risk: Fel utbetalning\n  sannolikhet: 2\n  konsekvens: 2\n";

/// The watching process and everything it has printed so far.
pub(crate) struct Watching {
    child: Child,
    said: Arc<Mutex<String>>,
}

impl Watching {
    pub(crate) fn start(dir: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_riskrapport"))
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let said = Arc::new(Mutex::new(String::new()));
        let pipes: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for pipe in pipes {
            let said = Arc::clone(&said);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut said = said.lock().unwrap();
                    said.push_str(&line);
                    said.push('\n');
                }
            });
        }
        Watching { child, said }
    }

    pub(crate) fn said(&self) -> String {
        self.said.lock().unwrap().clone()
    }

    /// The process id of `bevaka`.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to 60 s for `done` of the output; fails the test with the
    /// output if it never is.
    pub(crate) fn wait_for(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let said = Arc::clone(&self.said);
        self.wait_until(what, || done(&said.lock().unwrap()));
    }

    /// Waits up to 60 s for `done`, the process alive meanwhile.
    pub(crate) fn wait_until(&mut self, what: &str, done: impl Fn() -> bool) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if done() {
                return;
            }
            assert!(
                self.child.try_wait().unwrap().is_none(),
                "bevaka ended while waiting for {what}:\n{}",
                self.said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("never {what}:\n{}", self.said());
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub(crate) fn count(text: &str, what: &str) -> usize {
    text.matches(what).count()
}

#[test]
fn bevaka_rebuilds_on_save_and_outlives_errors_until_ctrl_c() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK)), ("mallar/.keep", "")]);
    let d = dir.path();
    let plan = d.join("n/plan.yaml");
    let vor = d.join("ut/n/vor-2026.pdf");
    let mut watching = Watching::start(d, &["bevaka", "n", "-o", "ut", "--mallar", "mallar"]);
    watching.wait_for("the first build", |s| s.contains("bevakar"));
    assert!(pdf_text(&vor).contains("Fel utbetalning"));

    // A change: the VoR is made again with the new text.
    std::fs::write(&plan, plan_yaml(&RISK.replace("Fel", "Dubbel"))).unwrap();
    watching.wait_until("the change built", || {
        pdf_text(&vor).contains("Dubbel utbetalning")
    });

    // A syntax error mid-edit: said as kontrollera says it, and the watch goes on.
    std::fs::write(&plan, "nämnd: [\n").unwrap();
    let rounds = count(&watching.said(), "klart på");
    watching.wait_for("the syntax error", |s| {
        s.contains("fel:") && count(s, "klart på") > rounds
    });
    assert!(
        pdf_text(&vor).contains("Dubbel utbetalning"),
        "the last good PDF stays"
    );

    // Deleted and written anew, as some editors save.
    std::fs::remove_file(&plan).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&plan, plan_yaml(&RISK.replace("Fel", "Trippel"))).unwrap();
    watching.wait_until("the file written anew built", || {
        pdf_text(&vor).contains("Trippel utbetalning")
    });

    // A template with an error: the error names it, and the watch goes on.
    std::fs::write(d.join("mallar/vor.typ.j2"), "{% if %}\n").unwrap();
    let before = count(&watching.said(), "fel:");
    watching.wait_for("the template error", |s| {
        count(s, "fel:") > before && s.contains("vor.typ.j2")
    });
    std::fs::remove_file(d.join("mallar/vor.typ.j2")).unwrap();
    let rounds = count(&watching.said(), "klart på");
    watching.wait_for("the template removed", |s| count(s, "klart på") > rounds);

    // Left alone, it waits: building reads the files, and reading is no change.
    let rounds = count(&watching.said(), "klart på");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        count(&watching.said(), "klart på"),
        rounds,
        "bevaka rebuilds by itself:\n{}",
        watching.said()
    );

    // Ctrl-C ends it cleanly.
    let pid = watching.child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = watching.child.wait().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        status.success(),
        "Ctrl-C ends bevaka with 0:\n{}",
        watching.said()
    );
    assert!(watching.said().contains("bevakningen avslutad"));
}

#[test]
fn bevaka_ends_at_once_on_a_path_that_is_not_there() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let mut watching = Watching::start(dir.path(), &["bevaka", "n/plna.yaml"]);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = watching.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "bevaka waits on a path that does not exist:\n{}",
            watching.said()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(status.code(), Some(1), "{}", watching.said());
    assert!(
        watching.said().contains("filen eller mappen finns inte"),
        "{}",
        watching.said()
    );
}
