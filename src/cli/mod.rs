//! The command line: `bygg`, `bevaka`, `kontrollera`, `hämta`, `nytt-år`,
//! `uppgradera`, `excel`, `importera`, `schema` and `hjälp` (with the
//! English names as aliases), their Swedish output and exit codes: 0 when
//! all went well, 1 for errors in the data, the templates or the build, 2
//! for wrong arguments.
//!
//! `main` parses, hands the command to its module (one file per command,
//! its flags beside what it does and prints), prints what failed and turns
//! it into the exit code.

mod args;
mod build;
mod check;
mod excel;
mod extract;
mod help;
mod import;
mod new_year;
mod output;
mod preview;
mod progress;
mod schema;
mod upgrade;
mod watch;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::FromArgMatches;

pub use args::{Args, Command};

use crate::diag::Diagnostics;
use output::{argument_error, print_diagnostics};

/// The commands, for hints after a wrong one.
const COMMANDS: &str = "kommandona är bygg, bevaka, kontrollera, hämta, nytt-år, uppgradera, excel, importera, schema och hjälp";

/// Why a command failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Wrong arguments: a flag, a value or a command that is not there, or
    /// flags that do not go together (exit code 2).
    Arguments(Diagnostics),
    /// Errors in the data, the templates or the build (exit code 1); those
    /// printed already as they were found are not in the list.
    Errors(Diagnostics),
}

impl Failure {
    /// Errors that were printed as they were found.
    pub fn reported() -> Self {
        Failure::Errors(Diagnostics::default())
    }

    /// The exit code: 2 for wrong arguments, 1 for the rest.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Arguments(_) => ExitCode::from(2),
            Failure::Errors(_) => ExitCode::FAILURE,
        }
    }

    /// The problems not yet printed.
    pub fn problems(&self) -> &Diagnostics {
        match self {
            Failure::Arguments(problems) | Failure::Errors(problems) => problems,
        }
    }
}

/// Errors in the data, the templates or the build.
impl From<Diagnostics> for Failure {
    fn from(problems: Diagnostics) -> Self {
        Failure::Errors(problems)
    }
}

/// What a command returns.
pub type Outcome = Result<(), Failure>;

/// Parses `args` (the program's name first), runs the command, prints what
/// failed and returns the exit code.
pub fn main(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let parsed = args::command()
        .try_get_matches_from(args)
        .and_then(|matches| Args::from_arg_matches(&matches));
    let outcome = match parsed {
        Ok(args) => run(&args.command),
        Err(err) => match err.kind() {
            clap::error::ErrorKind::DisplayVersion | clap::error::ErrorKind::DisplayHelp => {
                let _ = err.print();
                Ok(())
            }
            _ => Err(Failure::Arguments(argument_error(&err).into())),
        },
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            print_diagnostics(failure.problems());
            failure.exit_code()
        }
    }
}

/// Runs a parsed command.
pub fn run(command: &Command) -> Outcome {
    match command {
        Command::Build(args) => build::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Check(args) => check::run(&args.paths.paths),
        Command::Extract(args) => extract::run(args),
        Command::NewYear(args) => new_year::run(args),
        Command::Upgrade(args) => upgrade::run(args),
        Command::Excel(args) => excel::run(args),
        Command::Import(args) => import::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Help(args) => help::run(args),
    }
}
