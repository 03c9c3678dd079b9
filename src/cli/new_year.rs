//! `nytt-år`: writes next year's plan and says what the nämnd has left to do.

use std::path::PathBuf;

use super::Outcome;
use super::output::{RISK, shown};
use crate::swedish;

/// Börja nästa års plan: skriver en kopia av planen för året efter, där
/// varje värderad risk ska omprövas; skriver aldrig över en fil.
#[derive(Debug, clap::Args)]
#[command(override_usage = "riskrapport nytt-år <PLAN>")]
pub struct NewYearArgs {
    /// Årets plan (YAML), t.ex. data/nämnden/vor-ikp-2026.yaml.
    #[arg(value_name = "PLAN", help_heading = "Argument")]
    pub plan: PathBuf,
}

/// Writes the plan for the year after and names it.
pub fn run(args: &NewYearArgs) -> Outcome {
    let started = crate::new_year::start(&args.plan)?;
    println!(
        "skrev: {} (år {}, {} att ompröva)",
        shown(&started.path),
        started.year,
        swedish::count(started.to_review, RISK)
    );
    println!(
        "tips: sätt datum, bedöm varje risk på nytt och ta bort raden omprövas: ja när nämnden har bedömt den"
    );
    Ok(())
}
