//! `bevaka`: the real binary watching a folder while a test edits it as an
//! editor does — a change, a syntax error mid-edit, a file deleted and
//! written anew, a broken template — and Ctrl-C at the end. Each step waits
//! for the line that says the build is done, never for a fixed time.

use crate::common::watching::{CHANGED, Watching, count};
use crate::common::{fixture, pdf_text, plan_yaml};

const RISK: &str = "- nr: 1\n  risk: Fel utbetalning\n  sannolikhet: 2\n  konsekvens: 2\n";

/// The line a build prints when it has written the VoR.
const VOR_WRITTEN: &str = "  → ut/n/vor-2026.pdf\n";

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
    let written = count(&watching.said(), VOR_WRITTEN);
    watching.after(
        "the change built",
        || std::fs::write(&plan, plan_yaml(&RISK.replace("Fel", "Dubbel"))).unwrap(),
        |s| count(s, VOR_WRITTEN) > written,
    );
    assert!(pdf_text(&vor).contains("Dubbel utbetalning"));

    // A syntax error mid-edit: said as kontrollera says it, and the watch goes on.
    watching.after(
        "the syntax error",
        || std::fs::write(&plan, "nämnd: [\n").unwrap(),
        |s| s.contains("fel:"),
    );
    assert!(
        pdf_text(&vor).contains("Dubbel utbetalning"),
        "the last good PDF stays"
    );

    // Deleted and written anew, as some editors save: the watch sees the
    // file go, and sees it come back.
    watching.after(
        "the deletion",
        || std::fs::remove_file(&plan).unwrap(),
        |s| s.contains("ändrad: n/plan.yaml"),
    );
    let written = count(&watching.said(), VOR_WRITTEN);
    watching.after(
        "the file written anew built",
        || std::fs::write(&plan, plan_yaml(&RISK.replace("Fel", "Trippel"))).unwrap(),
        |s| count(s, VOR_WRITTEN) > written,
    );
    assert!(pdf_text(&vor).contains("Trippel utbetalning"));

    // A template with an error: the error names it, and the watch goes on.
    let before = count(&watching.said(), "fel:");
    watching.after(
        "the template error",
        || std::fs::write(d.join("mallar/vor.typ.j2"), "{% if %}\n").unwrap(),
        |s| count(s, "fel:") > before && s.contains("vor.typ.j2"),
    );
    watching.after(
        "the template removed",
        || std::fs::remove_file(d.join("mallar/vor.typ.j2")).unwrap(),
        |_| true,
    );

    // Left alone, it waits: building reads the files, and reading is no
    // change. Had the last build set off another, that one would begin
    // right after it; so a file no report is made from is saved as a
    // signal, and every build from here must be the signal's.
    let changes = count(&watching.said(), CHANGED);
    watching.after(
        "the signal's build",
        || std::fs::write(d.join("mallar/signal.j2"), "").unwrap(),
        |_| true,
    );
    let said = watching.said();
    let since: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with(CHANGED))
        .skip(changes)
        .collect();
    assert!(
        !since.is_empty() && since.iter().all(|l| *l == "ändrad: mallar/signal.j2"),
        "bevaka rebuilds by itself:\n{said}"
    );

    // Ctrl-C ends it cleanly.
    let status = watching.interrupt();
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
    let status = watching.ended("bevaka waits on a path that does not exist");
    assert_eq!(status.code(), Some(1), "{}", watching.said());
    assert!(
        watching.said().contains("filen eller mappen finns inte"),
        "{}",
        watching.said()
    );
}
