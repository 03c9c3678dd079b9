//! The `riskrapport` binary: arguments → `cli::main` → exit code.

fn main() -> std::process::ExitCode {
    riskrapport::cli::main(std::env::args_os())
}
