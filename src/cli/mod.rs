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
mod failure;
mod help;
mod import;
mod new_year;
mod output;
mod preview;
mod program;
mod progress;
mod schema;
mod upgrade;
mod watch;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::FromArgMatches;

pub use failure::{Failure, Outcome};
pub use program::{Args, Command};

use output::{argument_error, print_diagnostics};

/// Parses `args` (the program's name first), runs the command, prints what
/// failed and returns the exit code.
pub fn main(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let parsed = program::command()
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
        Command::Check(args) => check::run_with(&args.paths.paths, args.publicering),
        Command::Extract(args) => extract::run(args),
        Command::NewYear(args) => new_year::run(args),
        Command::Upgrade(args) => upgrade::run(args),
        Command::Excel(args) => excel::run(args),
        Command::Import(args) => import::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Help(args) => help::run(args, program::command()),
    }
}
