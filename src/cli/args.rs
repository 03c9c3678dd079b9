//! The command line as typed: subcommands and flags with Swedish names and
//! the English ones as aliases, and clap's own texts in Swedish.

use std::path::PathBuf;

use clap::{ArgAction, Args as ClapArgs, Parser, Subcommand};

/// How every help page looks: Swedish headings, no English from clap.
const TEMPLATE: &str = "\
{about-with-newline}
Användning: {usage}

{all-args}{after-help}";

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
    #[command(flatten)]
    pub help: HelpFlags,
    /// Visa programmets version.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    pub version: Option<bool>,
}

/// The help flag every command has, in Swedish.
#[derive(Debug, ClapArgs)]
pub struct HelpFlags {
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "hjälp", visible_alias = "help", action = ArgAction::Help, help_heading = "Flaggor")]
    pub help: Option<bool>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Gör PDF-rapporterna för varje nämnd (standard: allt under data/).
    #[command(
        name = "bygg",
        visible_alias = "build",
        help_template = TEMPLATE,
        override_usage = "riskrapport bygg [SÖKVÄG]... [FLAGGOR]",
        disable_help_flag = true,
        next_help_heading = "Flaggor"
    )]
    Build {
        /// Nämndfiler (YAML) eller mappar med sådana (standard: data).
        #[arg(
            value_name = "SÖKVÄG",
            default_value = "data",
            hide_default_value = true,
            help_heading = "Argument"
        )]
        paths: Vec<PathBuf>,
        /// Mappen rapporterna skrivs till (standard: out).
        #[arg(
            short = 'o',
            long = "ut",
            visible_alias = "out",
            value_name = "MAPP",
            default_value = "out",
            hide_default_value = true
        )]
        out: PathBuf,
        /// Egna mallar (*.typ.j2) som ersätter de inbyggda med samma namn.
        #[arg(long = "mallar", visible_alias = "templates", value_name = "MAPP")]
        templates: Option<PathBuf>,
        /// Skriv även den genererade Typst-källan bredvid varje PDF.
        #[arg(long = "skriv-typst", visible_alias = "emit-typst")]
        emit_typst: bool,
        /// PDF-standarder, kommaseparerade: a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, a-4, ua-1
        /// (standard: a-2a,ua-1; med --bädda-in-data: a-3a,ua-1).
        #[arg(long = "pdf-standard", value_name = "LISTA", value_delimiter = ',')]
        pdf_standard: Vec<String>,
        /// Bädda in YAML-filerna som rapporten gjordes av (PDF/A-3a + PDF/UA-1).
        #[arg(long = "bädda-in-data", visible_alias = "embed-data")]
        embed_data: bool,
        /// Gör om alla rapporter, även de vars data, mallar och inställningar är oförändrade.
        #[arg(long = "tvinga", visible_alias = "force")]
        force: bool,
        #[command(flatten)]
        help: HelpFlags,
    },
    /// Kontrollera datan utan att göra rapporter; visar alla fel på en gång.
    #[command(
        name = "kontrollera",
        visible_alias = "check",
        help_template = TEMPLATE,
        override_usage = "riskrapport kontrollera [SÖKVÄG]...",
        disable_help_flag = true,
        next_help_heading = "Flaggor"
    )]
    Check {
        /// Nämndfiler (YAML) eller mappar med sådana (standard: data).
        #[arg(
            value_name = "SÖKVÄG",
            default_value = "data",
            hide_default_value = true,
            help_heading = "Argument"
        )]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        help: HelpFlags,
    },
    /// Hämta ut YAML-filerna som är inbäddade i en PDF (gjord med --bädda-in-data).
    #[command(
        name = "hämta",
        visible_alias = "extract",
        help_template = TEMPLATE,
        override_usage = "riskrapport hämta <PDF> [FLAGGOR]",
        disable_help_flag = true,
        next_help_heading = "Flaggor"
    )]
    Extract {
        /// PDF-filen.
        #[arg(value_name = "PDF", help_heading = "Argument")]
        pdf: PathBuf,
        /// Mappen filerna skrivs till (standard: den aktuella mappen).
        #[arg(
            short = 'o',
            long = "ut",
            visible_alias = "out",
            value_name = "MAPP",
            default_value = ".",
            hide_default_value = true
        )]
        out: PathBuf,
        #[command(flatten)]
        help: HelpFlags,
    },
    /// Visa hjälpen för programmet eller för ett kommando.
    #[command(
        name = "hjälp",
        visible_alias = "help",
        help_template = TEMPLATE,
        override_usage = "riskrapport hjälp [KOMMANDO]",
        disable_help_flag = true,
        next_help_heading = "Flaggor"
    )]
    Help {
        /// Kommandot att visa hjälpen för.
        #[arg(value_name = "KOMMANDO", help_heading = "Argument")]
        command: Option<String>,
        #[command(flatten)]
        help: HelpFlags,
    },
}
