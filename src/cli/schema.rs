//! `schema`: writes the JSON Schemas of the data's files (and, asked, the
//! data reference), made from the model's types, and names each file.

use std::path::PathBuf;

use super::Outcome;
use super::args::{Out, out_help};
use super::output::shown;
use crate::diag::Diagnostics;

/// Skriv JSON-scheman för datans filer (plan, uppföljning, riskmodell,
/// kommun), så att en redigerare föreslår nycklarna och markerar fel.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "riskrapport schema [-o MAPP] [--referens FIL]",
    mut_arg(
        "ut",
        out_help("MAPP", "Mappen schemana skrivs till (standard: schema)")
    )
)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub out: Out,
    /// Skriv också datans referens (Markdown) till denna fil.
    #[arg(long = "referens", visible_alias = "reference", value_name = "FIL")]
    pub reference: Option<PathBuf>,
}

/// Writes the schemas into the folder `-o` names.
pub fn run(args: &SchemaArgs) -> Outcome {
    let folder = args.out.or(crate::schema::SCHEMA_FOLDER);
    let written =
        crate::schema::write(&folder, args.reference.as_deref()).map_err(Diagnostics::from)?;
    for path in written {
        println!("skrev: {}", shown(&path));
    }
    Ok(())
}
