//! The finish of the reports, read from their laid-out pages: no table row
//! split over two pages, no last page holding a fragment, no heading alone
//! at the foot of a page, no bad word break, nothing outside its cell or the
//! page, no line of running text over a hundred characters. For every
//! example report, and for a plan written to provoke each fault.

use std::path::{Path, PathBuf};

use riskrapport::driver::{self, Config, Options};
use riskrapport::inspect::Fault;

use crate::common::{fixture, plan_yaml, root};

/// Every fault of every report `file` makes, named by report.
fn faults_of(file: &Path) -> Vec<(String, Fault)> {
    let config = Config::new(&Options::new(Path::new("ut"))).unwrap();
    let checked = driver::check(file);
    assert!(!checked.diagnostics.has_errors(), "{}", checked.diagnostics);
    let mut found = Vec::new();
    for mut job in checked.jobs {
        let name = format!("{} {}", file.display(), job.kind.code());
        for fault in driver::faults(&config, &mut job).expect("the report builds") {
            found.push((name.clone(), fault));
        }
    }
    found
}

fn report(found: &[(String, Fault)]) -> String {
    found
        .iter()
        .map(|(name, fault)| format!("{name}: {}", fault.describe()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn example_files() -> Vec<PathBuf> {
    driver::discover(&[root().join("data")]).expect("the example data")
}

#[test]
fn every_example_report_is_board_ready() {
    let files = example_files();
    assert!(files.len() >= 7);
    let found: Vec<(String, Fault)> = files.iter().flat_map(|f| faults_of(f)).collect();
    assert!(
        found.is_empty(),
        "{} faults:\n{}",
        found.len(),
        report(&found)
    );
}

/// A risk with a text taller than a page, and long compounds in narrow columns.
fn long_texts() -> String {
    let long = "Förvaltningens internkontrollplan följs upp genom stickprovskontroller av \
                personuppgiftsbehandlingar och informationssäkerhetsincidenter. "
        .repeat(60);
    plan_yaml(&format!(
        "- nr: 1\n  risk: Risk att upphandlingsavdelningens avtalsuppföljning brister\n  \
         förebyggande_hantering: {long}\n  sannolikhet: 3\n  konsekvens: 4\n  \
         kontroll:\n    kontrollmoment: Stickprov\n    kontrollaktivitet: {long}\n\
         - nr: 2\n  risk: Informationssäkerhetssamordnarens behörighetsadministration\n  \
         sannolikhet: 2\n  konsekvens: 2\n"
    ))
    .replace(
        "  - process: Testprocess",
        "  - process: Personuppgiftsbehandlingar och informationssäkerhetsarbete",
    )
}

#[test]
fn a_plan_with_long_texts_is_board_ready() {
    let dir = fixture(&[("n/plan.yaml", &long_texts())]);
    let found = faults_of(&dir.path().join("n/plan.yaml"));
    assert!(
        found.is_empty(),
        "{} faults:\n{}",
        found.len(),
        report(&found)
    );
}
