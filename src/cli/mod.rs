//! The command line: `build` and `check`, their Swedish output and exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;
use crate::driver::{self, Engine};

/// riskrapport: intern kontroll från YAML till PDF – väsentlighets- och
/// riskanalys med riskmatris och internkontrollplan.
#[derive(Debug, Parser)]
#[command(name = "riskrapport", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Gör PDF-rapporterna för varje nämnd (standard: allt under data/).
    Build {
        /// Nämndfiler (YAML) eller mappar med sådana.
        #[arg(default_value = "data")]
        paths: Vec<PathBuf>,
        /// Mappen rapporterna skrivs till.
        #[arg(short, long, default_value = "out")]
        out: PathBuf,
        /// Egna mallar (*.typ.j2) som ersätter de inbyggda med samma namn.
        #[arg(long, value_name = "MAPP")]
        templates: Option<PathBuf>,
        /// Skriv även den genererade Typst-källan bredvid varje PDF.
        #[arg(long)]
        emit_typst: bool,
    },
    /// Kontrollera datan utan att göra rapporter; visar alla fel på en gång.
    Check {
        /// Nämndfiler (YAML) eller mappar med sådana.
        #[arg(default_value = "data")]
        paths: Vec<PathBuf>,
    },
}

/// Runs the command and returns the exit code: 0 ok, 1 errors in the data or build.
pub fn run(args: Args) -> ExitCode {
    match args.command {
        Command::Build {
            paths,
            out,
            templates,
            emit_typst,
        } => build(&paths, &out, templates.as_deref(), emit_typst),
        Command::Check { paths } => check(&paths),
    }
}

fn build(
    paths: &[PathBuf],
    out: &std::path::Path,
    templates: Option<&std::path::Path>,
    emit_typst: bool,
) -> ExitCode {
    let files = match driver::discover(paths) {
        Ok(files) => files,
        Err(problems) => return fail(&problems),
    };
    let engine = match Engine::new(templates) {
        Ok(engine) => engine,
        Err(message) => {
            eprintln!("fel: {message}");
            return ExitCode::FAILURE;
        }
    };
    let (mut reports, mut errors, mut warnings) = (0, 0, 0);
    for file in &files {
        let built = driver::build(&engine, file, out, emit_typst);
        print_diagnostics(&built.diagnostics);
        errors += built.diagnostics.error_count();
        warnings += built.diagnostics.warning_count();
        reports += built.written.len();
        let status = if built.ok() { "klar" } else { "MISSLYCKADES" };
        println!(
            "{status}: {} ({} rapporter, {:.1} s)",
            file.display(),
            built.written.len(),
            built.elapsed.as_secs_f64()
        );
        for path in &built.written {
            println!("  → {}", path.display());
        }
    }
    println!(
        "{} {}, {reports} rapporter, {} och {}",
        files.len(),
        if files.len() == 1 { "fil" } else { "filer" },
        plural(errors, "fel", "fel"),
        plural(warnings, "varning", "varningar"),
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
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
        if let Some((plan, scored)) = &checked.plan {
            let counts: Vec<String> = plan
                .model
                .levels
                .iter()
                .zip(&scored.counts)
                .rev()
                .map(|(l, c)| format!("{} {c}", l.name))
                .collect();
            println!(
                "ok: {} – {} risker, {}, totalt {}; {} i internkontrollplanen",
                file.display(),
                plan.risks.len(),
                counts.join(", "),
                scored.total,
                scored.ikp.len()
            );
        } else {
            println!("FEL: {}", file.display());
        }
    }
    println!(
        "{} {} kontrollerade: {} och {}",
        files.len(),
        if files.len() == 1 { "fil" } else { "filer" },
        plural(errors, "fel", "fel"),
        plural(warnings, "varning", "varningar"),
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn print_diagnostics(diagnostics: &Diagnostics) {
    if diagnostics.0.is_empty() {
        return;
    }
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    let _ = write!(out, "{diagnostics}");
}

fn fail(problems: &Diagnostics) -> ExitCode {
    print_diagnostics(problems);
    ExitCode::FAILURE
}
