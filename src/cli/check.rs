//! `kontrollera`: checks the data without making reports, and prints every
//! problem, a line per file with what it holds, and the totals.

use std::path::PathBuf;

use super::args::Paths;
use super::output::{FEL, FIL, RISK, VARNING, print_diagnostics, shown};
use super::{Failure, Outcome};
use crate::driver::{self, Summary};
use crate::swedish;
use crate::validate::personal;

/// Kontrollera datan utan att göra rapporter; visar alla fel på en gång.
#[derive(Debug, clap::Args)]
#[command(override_usage = "riskrapport kontrollera [SÖKVÄG]...")]
pub struct CheckArgs {
    #[command(flatten)]
    pub paths: Paths,
    /// Kontrollera också att inget privat följer med när dokumenten
    /// publiceras: inga personnummer eller samordningsnummer i någon text.
    #[arg(long = "publicering", visible_alias = "publishing")]
    pub publicering: bool,
}

/// Checks every file under `paths` (also after `uppgradera` and `importera`,
/// on the file they wrote); fails if any has an error.
pub fn run(paths: &[PathBuf]) -> Outcome {
    run_with(paths, false)
}

/// Checks like `run`; with `publishing`, also scans every text for
/// personnummer and samordningsnummer (`--publicering`).
pub fn run_with(paths: &[PathBuf], publishing: bool) -> Outcome {
    let files = driver::discover(paths)?;
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let mut checked = driver::check(file);
        if publishing {
            checked.diagnostics.extend(personal::scan_file(file));
        }
        print_diagnostics(&checked.diagnostics);
        errors += checked.diagnostics.error_count();
        warnings += checked.diagnostics.warning_count();
        match checked
            .summary()
            .filter(|_| !checked.diagnostics.has_errors())
        {
            Some(summary) => println!("ok: {} – {}", shown(file), describe(&summary)),
            None => println!(
                "misslyckades: {} ({})",
                shown(file),
                swedish::count(checked.diagnostics.error_count(), FEL)
            ),
        }
    }
    println!(
        "{} {}: {} och {}",
        swedish::count(files.len(), FIL),
        swedish::agree(files.len(), "kontrollerad", "kontrollerade"),
        swedish::count(errors, FEL),
        swedish::count(warnings, VARNING),
    );
    if errors > 0 {
        Err(Failure::reported())
    } else {
        Ok(())
    }
}

/// "69 risker: Kritisk 3, Medium 64, Låg 2, 1 ej värderad; 12 i internkontrollplanen".
fn describe(summary: &Summary) -> String {
    match summary {
        Summary::Plan {
            risks,
            levels,
            unrated,
            ikp,
        } => {
            let mut parts: Vec<String> = if unrated == risks {
                Vec::new()
            } else {
                levels
                    .iter()
                    .map(|(name, n)| format!("{name} {n}"))
                    .collect()
            };
            if *unrated > 0 {
                parts.push(format!(
                    "{unrated} {}",
                    swedish::agree(*unrated, "ej värderad", "ej värderade")
                ));
            }
            format!(
                "{}: {}; {ikp} i internkontrollplanen",
                swedish::count(*risks, RISK),
                parts.join(", ")
            )
        }
        Summary::FollowUp(kind) => format!("uppföljning ({kind})"),
        Summary::City { kommun, year } => {
            format!("kommunens fil: samlad bild av {kommun} för {year} görs vid bygg")
        }
    }
}
