//! `hämta`: writes the YAML files embedded in a PDF and names each.

use std::path::PathBuf;

use super::Outcome;
use super::args::{Out, out_help};
use super::output::shown;
use crate::diag::Diagnostics;

/// Hämta ut YAML-filerna som är inbäddade i en PDF (gjord med --bädda-in-data).
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "riskrapport hämta <PDF> [FLAGGOR]",
    mut_arg(
        "ut",
        out_help("MAPP", "Mappen filerna skrivs till (standard: den aktuella mappen)")
    )
)]
pub struct ExtractArgs {
    /// PDF-filen.
    #[arg(value_name = "PDF", help_heading = "Argument")]
    pub pdf: PathBuf,
    #[command(flatten)]
    pub out: Out,
}

/// Writes the embedded files into the folder `-o` names.
pub fn run(args: &ExtractArgs) -> Outcome {
    let written =
        crate::extract::extract(&args.pdf, &args.out.or(".")).map_err(Diagnostics::from)?;
    for path in written {
        println!("→ {}", shown(&path));
    }
    Ok(())
}
