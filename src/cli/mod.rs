//! The command line: `build` and `check`, their Swedish output and exit codes.

mod progress;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use typst_pdf::PdfStandard;

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
        /// PDF-standarder, kommaseparerade: a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, a-4, ua-1
        /// (standard: a-2a,ua-1; med --embed-data: a-3a,ua-1).
        #[arg(long, value_name = "LISTA", value_delimiter = ',')]
        pdf_standard: Vec<String>,
        /// Bädda in YAML-filerna som rapporten gjordes av (PDF/A-3a + PDF/UA-1).
        #[arg(long)]
        embed_data: bool,
        /// Gör om alla rapporter, även de vars data, mallar och inställningar är oförändrade.
        #[arg(long)]
        force: bool,
    },
    /// Hämta ut YAML-filerna som är inbäddade i en PDF (gjord med --embed-data).
    Extract {
        /// PDF-filen.
        pdf: PathBuf,
        /// Mappen filerna skrivs till.
        #[arg(short, long, default_value = ".")]
        out: PathBuf,
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
            pdf_standard,
            embed_data,
            force,
        } => {
            let standards = match standards(&pdf_standard, embed_data) {
                Ok(standards) => standards,
                Err(message) => {
                    eprintln!("fel: {message}");
                    return ExitCode::from(2);
                }
            };
            let engine = match Engine::new(templates.as_deref()) {
                Ok(engine) => engine
                    .with_standards(standards)
                    .with_embedded_data(embed_data),
                Err(message) => {
                    eprintln!("fel: {message}");
                    return ExitCode::FAILURE;
                }
            };
            let options = driver::BatchOptions {
                out_dir: out,
                emit_typst,
                force,
            };
            build(&engine, &paths, &options)
        }
        Command::Check { paths } => check(&paths),
        Command::Extract { pdf, out } => match crate::extract::extract(&pdf, &out) {
            Ok(written) => {
                for path in written {
                    println!("→ {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("fel: {message}");
                ExitCode::FAILURE
            }
        },
    }
}

/// The PDF standards asked for, checked against each other and `--embed-data`.
fn standards(names: &[String], embed_data: bool) -> Result<Vec<PdfStandard>, String> {
    if names.is_empty() {
        return Ok(if embed_data {
            vec![PdfStandard::A_3a, PdfStandard::Ua_1]
        } else {
            crate::pdf::DEFAULT_STANDARDS.to_vec()
        });
    }
    let mut list = Vec::new();
    for name in names {
        let standard = match name.trim().to_lowercase().as_str() {
            "a-2a" => PdfStandard::A_2a,
            "a-2b" => PdfStandard::A_2b,
            "a-2u" => PdfStandard::A_2u,
            "a-3a" => PdfStandard::A_3a,
            "a-3b" => PdfStandard::A_3b,
            "a-3u" => PdfStandard::A_3u,
            "a-4" => PdfStandard::A_4,
            "ua-1" => PdfStandard::Ua_1,
            other => {
                return Err(format!(
                    "okänd PDF-standard ”{other}”; välj bland a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, a-4, ua-1"
                ));
            }
        };
        list.push(standard);
    }
    let archival_two = list
        .iter()
        .any(|s| matches!(s, PdfStandard::A_2a | PdfStandard::A_2b | PdfStandard::A_2u));
    if embed_data && archival_two {
        return Err(
            "PDF/A-2 tillåter inga inbäddade filer; välj a-3a eller a-3b tillsammans med --embed-data"
                .into(),
        );
    }
    typst_pdf::PdfStandards::new(&list)
        .map_err(|e| format!("PDF-standarderna går inte att kombinera: {}", e.message()))?;
    Ok(list)
}

fn build(engine: &Engine, paths: &[PathBuf], options: &driver::BatchOptions) -> ExitCode {
    let started = std::time::Instant::now();
    let files = match driver::discover(paths) {
        Ok(files) => files,
        Err(problems) => return fail(&problems),
    };
    let reporter = progress::Reporter::new(files.len());
    let outcomes = driver::build_all(engine, &files, options, &|outcome| {
        reporter.file_done(outcome)
    });
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
        } else if let Some(job) = checked.jobs.first() {
            println!(
                "ok: {} – uppföljning ({})",
                file.display(),
                job.kind.code().to_uppercase()
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

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn print_diagnostics(diagnostics: &Diagnostics) {
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
