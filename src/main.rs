//! The `riskrapport` binary: arguments → `cli::run` → exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    riskrapport::cli::run(riskrapport::cli::Args::parse())
}
