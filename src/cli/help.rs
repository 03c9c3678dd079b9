//! `hjälp`: the help of the program, or of one command.

use super::{Failure, Outcome, args};
use crate::diag::Diagnostic;

/// Visa hjälpen för programmet eller för ett kommando.
#[derive(Debug, clap::Args)]
#[command(override_usage = "riskrapport hjälp [KOMMANDO]")]
pub struct HelpArgs {
    /// Kommandot att visa hjälpen för.
    #[arg(value_name = "KOMMANDO", help_heading = "Argument")]
    pub command: Option<String>,
}

/// Prints the help; a command that is not there is a wrong argument.
pub fn run(args: &HelpArgs) -> Outcome {
    let mut program = args::command();
    let Some(name) = args.command.as_deref() else {
        let _ = program.print_help();
        return Ok(());
    };
    let found = program
        .get_subcommands_mut()
        .find(|c| c.get_name() == name || c.get_all_aliases().any(|a| a == name));
    match found {
        Some(command) => {
            let _ = command.print_help();
            Ok(())
        }
        None => Err(Failure::Arguments(
            Diagnostic::general(format!("okänt kommando ”{name}”"))
                .hint(super::COMMANDS)
                .into(),
        )),
    }
}
