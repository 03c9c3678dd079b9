//! The command line: `bygg`, `bevaka`, `kontrollera`, `hämta`, `nytt-år`,
//! `excel`, `importera` and `hjälp` (with the
//! English names as aliases), their Swedish output and exit codes: 0 when
//! all went well, 1 for errors in the data, the templates or the build, 2
//! for wrong arguments.

mod args;
mod output;
mod preview;
mod progress;
mod watch;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::FromArgMatches;

pub use args::{Args, Command};

use crate::diag::{Diagnostic, Diagnostics};
use crate::driver::{self, Config, Options, Summary};
use crate::excel;
use crate::swedish;
use output::{
    ANDRING, COMMANDS, FEL, FIL, RAD, RISK, VARNING, argument_error, print_diagnostics, shown,
};

/// The exit code for wrong arguments.
const EXIT_ARGUMENTS: u8 = 2;

/// Parses `args` (the program's name first) and runs the command.
pub fn main(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let parsed = args::command()
        .try_get_matches_from(args)
        .and_then(|matches| Args::from_arg_matches(&matches));
    match parsed {
        Ok(args) => run(args),
        Err(err) if err.kind() == clap::error::ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        Err(err) if err.kind() == clap::error::ErrorKind::DisplayHelp => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        Err(err) => {
            print_diagnostics(&argument_error(&err).into());
            ExitCode::from(EXIT_ARGUMENTS)
        }
    }
}

/// Runs a parsed command and returns the exit code.
pub fn run(args: Args) -> ExitCode {
    match args.command {
        Command::Build {
            paths,
            output,
            emit_typst,
            pdf_standard,
            embed_data,
            force,
            part,
        } => {
            let options = Options {
                out_dir: output.out,
                templates: output.templates,
                emit_typst,
                pdf_standards: pdf_standard,
                embed_data,
                force,
                part,
                pages: None,
            };
            match Config::new(&options) {
                Ok(config) => build(&config, &paths.paths),
                Err(problem) => {
                    // A problem with no file is a wrong argument.
                    let wrong_argument = problem.file.as_os_str().is_empty();
                    print_diagnostics(&problem.into());
                    if wrong_argument {
                        ExitCode::from(EXIT_ARGUMENTS)
                    } else {
                        ExitCode::FAILURE
                    }
                }
            }
        }
        Command::Watch {
            paths,
            output,
            preview,
            port,
        } => {
            let options = Options {
                templates: output.templates,
                ..Options::new(&output.out)
            };
            watch::watch(&options, &paths.paths, preview.then_some(port))
        }
        Command::Check { paths } => check(&paths.paths),
        Command::Extract { pdf, out } => match crate::extract::extract(&pdf, &out) {
            Ok(written) => {
                for path in written {
                    println!("→ {}", shown(&path));
                }
                ExitCode::SUCCESS
            }
            Err(problem) => fail(&problem.into()),
        },
        Command::NewYear { plan } => new_year(&plan),
        Command::Upgrade { input, out, force } => upgrade(&input, out.as_deref(), force),
        Command::Excel {
            input,
            out,
            follow_up,
            force,
        } => excel(&input, out, follow_up.as_deref(), force),
        Command::Import {
            workbook,
            out,
            base,
            force,
        } => import(&workbook, &out, base.as_deref(), force),
        Command::Help { command } => help(command.as_deref()),
    }
}

/// Prints the help of the program, or of one command.
fn help(name: Option<&str>) -> ExitCode {
    let mut program = args::command();
    let Some(name) = name else {
        let _ = program.print_help();
        return ExitCode::SUCCESS;
    };
    let found = program
        .get_subcommands_mut()
        .find(|c| c.get_name() == name || c.get_all_aliases().any(|a| a == name));
    match found {
        Some(command) => {
            let _ = command.print_help();
            ExitCode::SUCCESS
        }
        None => {
            let problem = Diagnostic::general(format!("okänt kommando ”{name}”")).hint(COMMANDS);
            print_diagnostics(&problem.into());
            ExitCode::from(EXIT_ARGUMENTS)
        }
    }
}

/// Writes next year's plan and says what the nämnd has left to do.
fn new_year(plan: &std::path::Path) -> ExitCode {
    match crate::new_year::start(plan) {
        Ok(started) => {
            println!(
                "skrev: {} (år {}, {} att ompröva)",
                shown(&started.path),
                started.year,
                swedish::count(started.to_review, RISK)
            );
            println!(
                "tips: sätt datum, bedöm varje risk på nytt och ta bort raden omprövas: ja när nämnden har bedömt den"
            );
            ExitCode::SUCCESS
        }
        Err(problems) => fail(&problems),
    }
}

/// Rewrites a file to today's form and says what changed.
fn upgrade(input: &Path, out: Option<&Path>, force: bool) -> ExitCode {
    match crate::upgrade::upgrade(input, out, force) {
        Ok(upgraded) => {
            let Some(written) = upgraded.written else {
                println!("ok: {} har redan dagens form; inget skrevs", shown(input));
                return ExitCode::SUCCESS;
            };
            for change in &upgraded.changes {
                println!("ändrat: {change}");
            }
            println!(
                "skrev: {} ({}; kommentarerna kvar)",
                shown(&written),
                swedish::count(upgraded.changes.len(), ANDRING)
            );
            check(&[written])
        }
        Err(problems) => fail(&problems),
    }
}

/// Writes a workbook and says what is in it.
fn excel(input: &Path, out: Option<PathBuf>, follow_up: Option<&str>, force: bool) -> ExitCode {
    let kind = match follow_up {
        Some("t2") => Some(excel::FollowUpKind::T2),
        Some(_) => Some(excel::FollowUpKind::Vb),
        None => None,
    };
    match excel::export(input, kind, out.as_deref(), force) {
        Ok(written) => {
            println!(
                "skrev: {} ({}, {})",
                shown(&written.path),
                written.what,
                swedish::count(written.rows, RAD)
            );
            if kind.is_none() {
                println!(
                    "obs: kommentarer (# …) bland riskerna följer inte med genom arbetsboken; kommentarer i filens övriga delar följer med i bladet Övrigt"
                );
            }
            ExitCode::SUCCESS
        }
        Err(problems) => fail(&problems),
    }
}

/// Reads a workbook, writes the YAML and checks it as `kontrollera` does.
fn import(workbook: &Path, out: &Path, base: Option<&Path>, force: bool) -> ExitCode {
    match excel::import(workbook, out, force, base) {
        Ok(written) => {
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
            check(&[written.path])
        }
        Err(problems) => fail(&problems),
    }
}

fn build(config: &Config, paths: &[PathBuf]) -> ExitCode {
    let started = std::time::Instant::now();
    let files = match driver::discover(paths) {
        Ok(files) => files,
        Err(problems) => return fail(&problems),
    };
    let reporter = progress::Reporter::new(files.iter().filter(|f| config.builds(f)).count());
    let outcomes = driver::build_all(config, &files, &|outcome| reporter.file_done(outcome));
    reporter.finish();
    progress::print_summary(&outcomes, started.elapsed());
    if outcomes.iter().all(driver::FileOutcome::ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn check(paths: &[PathBuf]) -> ExitCode {
    let files = match driver::discover(paths) {
        Ok(files) => files,
        Err(problems) => return fail(&problems),
    };
    let (mut errors, mut warnings) = (0, 0);
    for file in &files {
        let checked = driver::check(file);
        print_diagnostics(&checked.diagnostics);
        errors += checked.diagnostics.error_count();
        warnings += checked.diagnostics.warning_count();
        match checked.summary() {
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
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
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

fn fail(problems: &Diagnostics) -> ExitCode {
    print_diagnostics(problems);
    ExitCode::FAILURE
}
