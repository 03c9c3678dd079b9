//! What the command line prints: diagnostics in one form, counts with their
//! nouns in agreement, and clap's argument errors retold in Swedish.

use std::io::Write;
use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::diag::{Diagnostic, Diagnostics};
use crate::swedish::Noun;

pub const FIL: Noun = Noun::en("fil", "filer");
pub const FEL: Noun = Noun::ett("fel", "fel");
pub const VARNING: Noun = Noun::en("varning", "varningar");
pub const RAPPORT: Noun = Noun::en("rapport", "rapporter");
pub const RISK: Noun = Noun::en("risk", "risker");
pub const RAD: Noun = Noun::en("rad", "rader");
pub const ANDRING: Noun = Noun::en("ändring", "ändringar");

/// Prints diagnostics to stderr, each once, in the form `fel: …` / `varning: …`.
pub fn print_diagnostics(diagnostics: &Diagnostics) {
    if diagnostics.0.is_empty() {
        return;
    }
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    let _ = write!(out, "{diagnostics}");
}

/// The file's name as the user gave it.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// A clap error (a wrong command, flag or value) as a Swedish diagnostic,
/// with a suggestion when clap has one and the command's usage.
pub fn argument_error(err: &clap::Error) -> Diagnostic {
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => v.first().map(ToString::to_string),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "okänt kommando ”{}”",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("okänd flagga eller okänt argument ”{arg}”"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            match text(ContextKind::InvalidValue).filter(|v| !v.is_empty()) {
                Some(value) => format!("ogiltigt värde ”{value}” för {arg}"),
                None => format!("{arg} behöver ett värde"),
            }
        }
        ErrorKind::MissingRequiredArgument => format!("{arg} saknas"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "ett kommando saknas".to_owned()
        }
        ErrorKind::TooManyValues => {
            format!("för många värden för {arg}")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("fel antal värden för {arg}")
        }
        ErrorKind::ArgumentConflict => format!("{arg} går inte att kombinera med en annan flagga"),
        ErrorKind::NoEquals => format!("{arg} behöver ett värde efter ="),
        ErrorKind::InvalidUtf8 => "ett argument är inte giltig text (UTF-8)".to_owned(),
        _ => "felaktiga argument".to_owned(),
    };
    let mut d = Diagnostic::general(message);
    // A value our own parser refused says why (`--del 4/3`).
    if err.kind() == ErrorKind::ValueValidation
        && let Some(reason) = std::error::Error::source(err)
    {
        d = d.hint(reason.to_string());
    }
    // A flag with a few values (`--pdf-standard`, `--uppföljning`) names them.
    if let Some(ContextValue::Strings(values)) = err.get(ContextKind::ValidValue)
        && !values.is_empty()
    {
        d = d.hint(format!("välj bland {}", values.join(", ")));
    }
    let suggestion = text(ContextKind::SuggestedSubcommand)
        .or_else(|| text(ContextKind::SuggestedArg))
        .or_else(|| text(ContextKind::SuggestedValue));
    if let Some(suggestion) = suggestion {
        d = d.hint(format!("menade du ”{suggestion}”?"));
    }
    if matches!(
        err.kind(),
        ErrorKind::InvalidSubcommand
            | ErrorKind::MissingSubcommand
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        d = d.hint(super::COMMANDS);
    }
    if let Some(usage) = text(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.split_once(": ").map_or(usage, |(_, rest)| rest);
        d = d.hint(format!("användning: {usage}"));
    }
    d.hint("se ”riskrapport hjälp” för alla kommandon och flaggor")
}
