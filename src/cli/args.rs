//! The command line as typed: the program, its subcommands (each command's
//! own flags are in its file, beside what it does) and the arguments
//! several share, declared once and flattened. Swedish names with the
//! English ones as aliases, and clap's own texts in Swedish.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, CommandFactory, Parser, Subcommand};

use super::build::BuildArgs;
use super::check::CheckArgs;
use super::excel::ExcelArgs;
use super::extract::ExtractArgs;
use super::help::HelpArgs;
use super::import::ImportArgs;
use super::new_year::NewYearArgs;
use super::schema::SchemaArgs;
use super::upgrade::UpgradeArgs;
use super::watch::WatchArgs;
use crate::driver::Options;

/// How every help page looks: Swedish headings, no English from clap.
const TEMPLATE: &str = "\
{about-with-newline}
Användning: {usage}

{all-args}{after-help}";

/// The program's clap command with every subcommand in Swedish: the help
/// template and flag, and the headings, set once for all.
pub fn command() -> clap::Command {
    Args::command().mut_subcommands(|sub| {
        sub.help_template(TEMPLATE)
            .disable_help_flag(true)
            .arg(help_flag())
            .mut_args(|arg| match arg.get_help_heading() {
                Some(_) => arg,
                None if arg.is_positional() => arg.help_heading("Argument"),
                None => arg.help_heading("Flaggor"),
            })
    })
}

/// `-h, --hjälp` (alias `--help`).
fn help_flag() -> Arg {
    Arg::new("hjälp")
        .short('h')
        .long("hjälp")
        .visible_alias("help")
        .action(ArgAction::Help)
        .help("Visa den här hjälpen")
}

/// riskrapport: intern kontroll från YAML till PDF – väsentlighets- och
/// riskanalys med riskmatris, internkontrollplan, samlad riskbild och
/// uppföljningar i tertialrapport 2 och verksamhetsberättelsen.
#[derive(Debug, Parser)]
#[command(
    name = "riskrapport",
    version,
    about,
    long_about = None,
    help_template = TEMPLATE,
    override_usage = "riskrapport <KOMMANDO> [ARGUMENT] [FLAGGOR]",
    subcommand_help_heading = "Kommandon",
    subcommand_value_name = "KOMMANDO",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "Flaggor",
    after_help = "Se ”riskrapport <KOMMANDO> --hjälp” för ett kommandos flaggor."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "hjälp", visible_alias = "help", action = ArgAction::Help)]
    pub help: Option<bool>,
    /// Visa programmets version.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    pub version: Option<bool>,
}

/// What to do: each command's flags, description and usage are in its own
/// file; here its Swedish name and English alias.
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(name = "bygg", visible_alias = "build")]
    Build(BuildArgs),
    #[command(name = "bevaka", visible_alias = "watch")]
    Watch(WatchArgs),
    #[command(name = "kontrollera", visible_alias = "check")]
    Check(CheckArgs),
    #[command(name = "hämta", visible_alias = "extract")]
    Extract(ExtractArgs),
    #[command(name = "nytt-år", visible_alias = "new-year")]
    NewYear(NewYearArgs),
    #[command(name = "uppgradera", visible_alias = "upgrade")]
    Upgrade(UpgradeArgs),
    #[command(name = "excel")]
    Excel(ExcelArgs),
    #[command(name = "importera", visible_alias = "import")]
    Import(ImportArgs),
    #[command(name = "schema")]
    Schema(SchemaArgs),
    #[command(name = "hjälp", visible_alias = "help")]
    Help(HelpArgs),
}

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

#[cfg(test)]
mod tests {
    use clap::FromArgMatches;

    use super::*;

    /// Every command and flag the command line took before it was typed
    /// per command, in both spellings: scripts written for it keep working.
    #[test]
    fn every_earlier_command_line_is_still_accepted() {
        let lines: &[&[&str]] = &[
            &["bygg"],
            &["build", "data", "n/plan.yaml"],
            &["bygg", "n", "-o", "ut", "--mallar", "m", "--skriv-typst"],
            &[
                "build",
                "n",
                "--ut",
                "ut",
                "--templates",
                "m",
                "--emit-typst",
            ],
            &["bygg", "--out", "ut", "--pdf-standard", "a-2b,ua-1"],
            &["bygg", "--pdf-standard", "A-2B", "--pdf-standard", "ua-1"],
            &["bygg", "--pdf-standard", "a-2a, ua-1"],
            &["bygg", "--bädda-in-data", "--tvinga", "--del", "2/4"],
            &["build", "--embed-data", "--force", "--shard", "1/2"],
            &["bevaka", "n", "-o", "ut", "--mallar", "m"],
            &["watch", "--out", "ut", "--templates", "m"],
            &["bevaka", "--förhandsvisning", "--port", "0"],
            &["watch", "--preview", "--port", "8420"],
            &["kontrollera"],
            &["check", "a.yaml", "b"],
            &["hämta", "r.pdf"],
            &["extract", "r.pdf", "-o", "m"],
            &["hämta", "r.pdf", "--ut", "m"],
            &["extract", "r.pdf", "--out", "m"],
            &["nytt-år", "p.yaml"],
            &["new-year", "p.yaml"],
            &["uppgradera", "p.yaml"],
            &["upgrade", "p.yaml", "-o", "q.yaml", "--tvinga"],
            &["uppgradera", "p.yaml", "--ut", "q.yaml", "--force"],
            &["upgrade", "p.yaml", "--out", "q.yaml"],
            &["excel", "p.yaml"],
            &["excel", "p.yaml", "-o", "p.xlsx", "--uppföljning", "t2"],
            &["excel", "p.yaml", "--ut", "p.xlsx", "--follow-up", "vb"],
            &["excel", "p.yaml", "--out", "p.xlsx", "--tvinga"],
            &["excel", "p.yaml", "--force"],
            &["importera", "p.xlsx", "-o", "p.yaml"],
            &["import", "p.xlsx", "--ut", "p.yaml", "--grund", "g.yaml"],
            &["importera", "p.xlsx", "--out", "p.yaml", "--base", "g.yaml"],
            &["import", "p.xlsx", "-o", "p.yaml", "--tvinga"],
            &["importera", "p.xlsx", "-o", "p.yaml", "--force"],
            &["hjälp"],
            &["help", "bygg"],
            &["hjälp", "build"],
        ];
        for line in lines {
            let args = std::iter::once("riskrapport").chain(line.iter().copied());
            let parsed = command()
                .try_get_matches_from(args)
                .and_then(|matches| Args::from_arg_matches(&matches));
            if let Err(err) = parsed {
                panic!("{line:?} is refused:\n{err}");
            }
        }
    }
}
