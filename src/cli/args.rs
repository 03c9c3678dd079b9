//! The arguments several commands share, declared once and flattened into
//! each command's own (in its file, beside what it does).

use std::path::{Path, PathBuf};

use clap::Arg;

use crate::driver::Options;

/// The files and folders a command reads (`bygg`, `bevaka`, `kontrollera`).
#[derive(Debug, clap::Args)]
pub struct Paths {
    /// Nämndfiler (YAML) eller mappar med sådana (standard: data).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "data",
        hide_default_value = true,
        help_heading = "Argument"
    )]
    pub paths: Vec<PathBuf>,
}

/// `-o, --ut` (alias `--out`): where a command writes. Each command names
/// what it writes, and what it writes without the flag, with [`out_help`].
#[derive(Debug, clap::Args)]
pub struct Out {
    /// Filen eller mappen som skrivs.
    #[arg(id = "ut", short = 'o', long = "ut", visible_alias = "out")]
    path: Option<PathBuf>,
}

impl Out {
    /// The path given, if any.
    pub fn given(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The path given, or `default`.
    pub fn or(&self, default: &str) -> PathBuf {
        self.path.clone().unwrap_or_else(|| PathBuf::from(default))
    }
}

/// Sets what `-o` names for one command: its value's name and its help
/// (with the default); for `#[command(mut_arg("ut", out_help(…)))]`.
pub fn out_help(value_name: &'static str, help: &'static str) -> impl FnOnce(Arg) -> Arg {
    move |arg| arg.value_name(value_name).help(help)
}

/// `--tvinga` (alias `--force`): write over what is there, or remake what
/// seems unchanged; each command says which with [`force_help`].
#[derive(Debug, clap::Args)]
pub struct Force {
    /// Skriv över filen om den redan finns.
    #[arg(id = "tvinga", long = "tvinga", visible_alias = "force")]
    pub force: bool,
}

/// Sets what `--tvinga` does for one command; for
/// `#[command(mut_arg("tvinga", force_help(…)))]`.
pub fn force_help(help: &'static str) -> impl FnOnce(Arg) -> Arg {
    move |arg| arg.help(help)
}

/// Where reports go and which templates make them (`bygg`, `bevaka`).
#[derive(Debug, clap::Args)]
#[command(mut_arg(
    "ut",
    out_help("MAPP", "Mappen rapporterna skrivs till (standard: out)")
))]
pub struct Output {
    #[command(flatten)]
    pub out: Out,
    /// Egna mallar (*.typ.j2) som ersätter de inbyggda med samma namn (bevaka bevakar dem också).
    #[arg(long = "mallar", visible_alias = "templates", value_name = "MAPP")]
    pub templates: Option<PathBuf>,
}

/// The build options both `bygg` and `bevaka` set: the folder and the templates.
impl From<&Output> for Options {
    fn from(output: &Output) -> Options {
        Options {
            templates: output.templates.clone(),
            ..Options::new(&output.out.or("out"))
        }
    }
}
