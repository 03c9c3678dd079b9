//! `uppgradera`: rewrites a file to today's form, says what changed and
//! checks the file written.

use std::path::PathBuf;

use super::args::{Force, Out, force_help, out_help};
use super::output::{ANDRING, shown};
use super::{Outcome, check};
use crate::swedish;

/// Skriv om en fil från en tidigare version till dagens form (det som
/// varningarna ber om); kommentarerna följer med. Skriver över filen
/// bara med --tvinga.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "riskrapport uppgradera <FIL> [-o NY-FIL] [FLAGGOR]",
    mut_arg(
        "ut",
        out_help("NY-FIL", "Filen som skrivs (standard: filen själv, med --tvinga)")
    ),
    mut_arg(
        "tvinga",
        force_help("Skriv över filen (eller -o-filen) om den redan finns")
    )
)]
pub struct UpgradeArgs {
    /// Planen (YAML) att skriva om.
    #[arg(value_name = "FIL", help_heading = "Argument")]
    pub input: PathBuf,
    #[command(flatten)]
    pub out: Out,
    #[command(flatten)]
    pub force: Force,
}

/// Rewrites the file, or says it has today's form already.
pub fn run(args: &UpgradeArgs) -> Outcome {
    let upgraded = crate::upgrade::upgrade(&args.input, args.out.given(), args.force.force)?;
    let Some(written) = upgraded.written else {
        println!(
            "ok: {} har redan dagens form; inget skrevs",
            shown(&args.input)
        );
        return Ok(());
    };
    for change in &upgraded.changes {
        println!("ändrat: {change}");
    }
    println!(
        "skrev: {} ({}; kommentarerna kvar)",
        shown(&written),
        swedish::count(upgraded.changes.len(), ANDRING)
    );
    check::run(&[written])
}
