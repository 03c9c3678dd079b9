//! The command line as typed: subcommands and flags with Swedish names and
//! the English ones as aliases, and clap's own texts in Swedish.

use std::path::PathBuf;

use clap::{Arg, ArgAction, CommandFactory, Parser, Subcommand};

use crate::driver::Part;

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

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Gör PDF-rapporterna för varje nämnd (standard: allt under data/).
    #[command(
        name = "bygg",
        visible_alias = "build",
        override_usage = "riskrapport bygg [SÖKVÄG]... [FLAGGOR]"
    )]
    Build {
        #[command(flatten)]
        paths: Paths,
        #[command(flatten)]
        output: Output,
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
        /// Bygg bara del I av N (per nämndmapp), t.ex. 2/4; delarna tillsammans
        /// ger samma filer som ett helt bygge. För att bygga på flera maskiner.
        #[arg(long = "del", visible_alias = "shard", value_name = "I/N", value_parser = Part::parse)]
        part: Option<Part>,
    },
    /// Bygg, och bygg om varje gång en fil som rapporterna görs av sparas
    /// (planer, riskmodeller, uppföljningar, mallar, logotyper); Ctrl-C avslutar.
    #[command(
        name = "bevaka",
        visible_alias = "watch",
        override_usage = "riskrapport bevaka [SÖKVÄG]... [FLAGGOR]"
    )]
    Watch {
        #[command(flatten)]
        paths: Paths,
        #[command(flatten)]
        output: Output,
        /// Visa rapporternas sidor i webbläsaren på http://127.0.0.1:PORT/; sidan uppdateras efter varje bygge.
        #[arg(long = "förhandsvisning", visible_alias = "preview")]
        preview: bool,
        /// Porten för förhandsvisningen (standard: 8420; 0: vilken ledig port som helst).
        #[arg(
            long = "port",
            value_name = "PORT",
            default_value_t = 8420,
            hide_default_value = true,
            requires = "preview"
        )]
        port: u16,
    },
    /// Kontrollera datan utan att göra rapporter; visar alla fel på en gång.
    #[command(
        name = "kontrollera",
        visible_alias = "check",
        override_usage = "riskrapport kontrollera [SÖKVÄG]..."
    )]
    Check {
        #[command(flatten)]
        paths: Paths,
    },
    /// Hämta ut YAML-filerna som är inbäddade i en PDF (gjord med --bädda-in-data).
    #[command(
        name = "hämta",
        visible_alias = "extract",
        override_usage = "riskrapport hämta <PDF> [FLAGGOR]"
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
    },
    /// Börja nästa års plan: skriver en kopia av planen för året efter, där
    /// varje värderad risk ska omprövas; skriver aldrig över en fil.
    #[command(
        name = "nytt-år",
        visible_alias = "new-year",
        override_usage = "riskrapport nytt-år <PLAN>"
    )]
    NewYear {
        /// Årets plan (YAML), t.ex. data/nämnden/vor-ikp-2026.yaml.
        #[arg(value_name = "PLAN", help_heading = "Argument")]
        plan: PathBuf,
    },
    /// Skriv om en fil från en tidigare version till dagens form (det som
    /// varningarna ber om); kommentarerna följer med. Skriver över filen
    /// bara med --tvinga.
    #[command(
        name = "uppgradera",
        visible_alias = "upgrade",
        override_usage = "riskrapport uppgradera <FIL> [-o NY-FIL] [FLAGGOR]"
    )]
    Upgrade {
        /// Planen (YAML) att skriva om.
        #[arg(value_name = "FIL", help_heading = "Argument")]
        input: PathBuf,
        /// Filen som skrivs (standard: filen själv, med --tvinga).
        #[arg(short = 'o', long = "ut", visible_alias = "out", value_name = "NY-FIL")]
        out: Option<PathBuf>,
        /// Skriv över filen (eller -o-filen) om den redan finns.
        #[arg(long = "tvinga", visible_alias = "force")]
        force: bool,
    },
    /// Skriv en plan eller en uppföljning som Excel-arbetsbok (xlsx), eller
    /// en uppföljning att fylla i för en plan (--uppföljning t2|vb).
    #[command(
        name = "excel",
        override_usage = "riskrapport excel <FIL> [-o ARBETSBOK] [FLAGGOR]"
    )]
    Excel {
        /// Planen eller uppföljningen (YAML).
        #[arg(value_name = "FIL", help_heading = "Argument")]
        input: PathBuf,
        /// Arbetsboken som skrivs (standard: filen bredvid, med .xlsx).
        #[arg(
            short = 'o',
            long = "ut",
            visible_alias = "out",
            value_name = "ARBETSBOK"
        )]
        out: Option<PathBuf>,
        /// Gör en uppföljning att fylla i för planen: t2 eller vb.
        #[arg(
            long = "uppföljning",
            visible_alias = "follow-up",
            value_name = "t2|vb",
            value_parser = ["t2", "vb"],
            hide_possible_values = true
        )]
        follow_up: Option<String>,
        /// Skriv över arbetsboken om den redan finns.
        #[arg(long = "tvinga", visible_alias = "force")]
        force: bool,
    },
    /// Läs en arbetsbok (xlsx) och skriv planen eller uppföljningen som YAML;
    /// kontrollerar sedan filen. Skriver aldrig över en fil utan --tvinga.
    #[command(
        name = "importera",
        visible_alias = "import",
        override_usage = "riskrapport importera <ARBETSBOK> -o <FIL> [FLAGGOR]"
    )]
    Import {
        /// Arbetsboken (xlsx).
        #[arg(value_name = "ARBETSBOK", help_heading = "Argument")]
        workbook: PathBuf,
        /// YAML-filen som skrivs.
        #[arg(
            short = 'o',
            long = "ut",
            visible_alias = "out",
            value_name = "FIL",
            required = true
        )]
        out: PathBuf,
        /// En plan som ger nämnd, år, riskmodell m.m. när arbetsboken är nämndens egen (utan bladet Övrigt).
        #[arg(long = "grund", visible_alias = "base", value_name = "PLAN")]
        base: Option<PathBuf>,
        /// Skriv över YAML-filen om den redan finns.
        #[arg(long = "tvinga", visible_alias = "force")]
        force: bool,
    },
    /// Visa hjälpen för programmet eller för ett kommando.
    #[command(
        name = "hjälp",
        visible_alias = "help",
        override_usage = "riskrapport hjälp [KOMMANDO]"
    )]
    Help {
        /// Kommandot att visa hjälpen för.
        #[arg(value_name = "KOMMANDO", help_heading = "Argument")]
        command: Option<String>,
    },
}

/// Where reports go and which templates make them (`bygg`, `bevaka`).
#[derive(Debug, clap::Args)]
pub struct Output {
    /// Mappen rapporterna skrivs till (standard: out).
    #[arg(
        short = 'o',
        long = "ut",
        visible_alias = "out",
        value_name = "MAPP",
        default_value = "out",
        hide_default_value = true
    )]
    pub out: PathBuf,
    /// Egna mallar (*.typ.j2) som ersätter de inbyggda med samma namn (bevaka bevakar dem också).
    #[arg(long = "mallar", visible_alias = "templates", value_name = "MAPP")]
    pub templates: Option<PathBuf>,
}

/// The files and folders a command reads.
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
