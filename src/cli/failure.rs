//! What a command ends in: done, or failed with the problems that decide
//! the exit code.

use std::process::ExitCode;

use crate::diag::Diagnostics;

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
