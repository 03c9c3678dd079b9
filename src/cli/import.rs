//! `importera`: reads a workbook, writes its plan or follow-up as YAML,
//! and checks the file written as `kontrollera` does.

use std::path::PathBuf;

use super::args::{Force, Out, force_help, out_help};
use super::output::{RAD, print_diagnostics, shown};
use super::{Failure, Outcome, check};
use crate::diag::Diagnostic;
use crate::swedish;

/// Läs en arbetsbok (xlsx) och skriv planen eller uppföljningen som YAML;
/// kontrollerar sedan filen. Skriver aldrig över en fil utan --tvinga.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "riskrapport importera <ARBETSBOK> -o <FIL> [FLAGGOR]",
    mut_arg("ut", |arg| out_help("FIL", "YAML-filen som skrivs")(arg).required(true)),
    mut_arg("tvinga", force_help("Skriv över YAML-filen om den redan finns"))
)]
pub struct ImportArgs {
    /// Arbetsboken (xlsx).
    #[arg(value_name = "ARBETSBOK", help_heading = "Argument")]
    pub workbook: PathBuf,
    #[command(flatten)]
    pub out: Out,
    /// En plan som ger nämnd, år, riskmodell m.m. när arbetsboken är nämndens egen (utan bladet Övrigt).
    #[arg(long = "grund", visible_alias = "base", value_name = "PLAN")]
    pub base: Option<PathBuf>,
    #[command(flatten)]
    pub force: Force,
}

/// Writes the YAML, names it, and checks it.
pub fn run(args: &ImportArgs) -> Outcome {
    // Required above, so clap has refused a command line without it.
    let out = args
        .out
        .given()
        .ok_or_else(|| Failure::Arguments(Diagnostic::general("--ut <FIL> saknas").into()))?;
    let written =
        crate::excel::import(&args.workbook, out, args.force.force, args.base.as_deref())?;
    print_diagnostics(&written.warnings);
    println!(
        "skrev: {} ({}, {})",
        shown(&written.path),
        written.what,
        swedish::count(written.rows, RAD)
    );
    println!(
        "obs: kommentarer (# …) bland riskerna kan inte följa med genom en arbetsbok; kommentarer i filens övriga delar följer med"
    );
    check::run(&[written.path])
}
