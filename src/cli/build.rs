//! `bygg`: its flags, the build options they make, and the run — a line per
//! file as it is done (or a bar on a terminal), then a summary per nämnd.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use clap::ValueEnum;
use clap::builder::{EnumValueParser, PossibleValue, TypedValueParser};

use super::args::{Force, Output, Paths, force_help};
use super::{Failure, Outcome, progress};
use crate::driver::{self, Config, ConfigError, Options, Part};

/// Gör PDF-rapporterna för varje nämnd (standard: allt under data/).
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "riskrapport bygg [SÖKVÄG]... [FLAGGOR]",
    mut_arg(
        "tvinga",
        force_help(
            "Gör om alla rapporter, även de vars data, mallar och inställningar är oförändrade"
        )
    )
)]
pub struct BuildArgs {
    #[command(flatten)]
    pub paths: Paths,
    #[command(flatten)]
    pub output: Output,
    /// Skriv även den genererade Typst-källan bredvid varje PDF.
    #[arg(long = "skriv-typst", visible_alias = "emit-typst")]
    pub emit_typst: bool,
    /// PDF-standarder, kommaseparerade: a-2a, a-2b, a-2u, a-3a, a-3b, a-3u, a-4, ua-1
    /// (standard: a-2a,ua-1; med --bädda-in-data: a-3a,ua-1).
    #[arg(
        long = "pdf-standard",
        value_name = "LISTA",
        value_delimiter = ',',
        value_parser = Trimmed::<PdfStandardArg>::default(),
        ignore_case = true,
        hide_possible_values = true
    )]
    pub pdf_standard: Vec<PdfStandardArg>,
    /// Bädda in YAML-filerna som rapporten gjordes av (PDF/A-3a + PDF/UA-1).
    #[arg(long = "bädda-in-data", visible_alias = "embed-data")]
    pub embed_data: bool,
    /// Skriv även varje rapport som tillgänglig webbsida (HTML) bredvid
    /// PDF:en, med en stilmall och en indexsida (index.html) för webbplatsen.
    #[arg(long = "webb", visible_alias = "web")]
    pub web: bool,
    #[command(flatten)]
    pub force: Force,
    /// Bygg bara del I av N (per nämndmapp), t.ex. 2/4; delarna tillsammans
    /// ger samma filer som ett helt bygge. För att bygga på flera maskiner.
    #[arg(long = "del", visible_alias = "shard", value_name = "I/N", value_parser = Part::parse)]
    pub part: Option<Part>,
}

/// A PDF standard as `--pdf-standard` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfStandardArg {
    #[value(name = "a-2a")]
    A2a,
    #[value(name = "a-2b")]
    A2b,
    #[value(name = "a-2u")]
    A2u,
    #[value(name = "a-3a")]
    A3a,
    #[value(name = "a-3b")]
    A3b,
    #[value(name = "a-3u")]
    A3u,
    #[value(name = "a-4")]
    A4,
    #[value(name = "ua-1")]
    Ua1,
}

/// A value enum's parser that allows blanks around the name, as in
/// `--pdf-standard "a-2a, ua-1"` (which earlier versions took).
#[derive(Clone)]
pub struct Trimmed<E>(PhantomData<E>);

impl<E> Default for Trimmed<E> {
    fn default() -> Self {
        Trimmed(PhantomData)
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Trimmed<E> {
    type Value = E;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<E, clap::Error> {
        let value = value.to_str().map_or(value, |v| OsStr::new(v.trim()));
        EnumValueParser::<E>::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

impl From<PdfStandardArg> for typst_pdf::PdfStandard {
    fn from(standard: PdfStandardArg) -> Self {
        use typst_pdf::PdfStandard as S;
        match standard {
            PdfStandardArg::A2a => S::A_2a,
            PdfStandardArg::A2b => S::A_2b,
            PdfStandardArg::A2u => S::A_2u,
            PdfStandardArg::A3a => S::A_3a,
            PdfStandardArg::A3b => S::A_3b,
            PdfStandardArg::A3u => S::A_3u,
            PdfStandardArg::A4 => S::A_4,
            PdfStandardArg::Ua1 => S::Ua_1,
        }
    }
}

/// The build options `bygg`'s flags ask for.
impl From<&BuildArgs> for Options {
    fn from(args: &BuildArgs) -> Options {
        Options {
            emit_typst: args.emit_typst,
            pdf_standards: args.pdf_standard.iter().map(|&s| s.into()).collect(),
            embed_data: args.embed_data,
            force: args.force.force,
            part: args.part,
            web: args.web,
            ..Options::from(&args.output)
        }
    }
}

/// Builds every file under the paths; fails if any file failed.
pub fn run(args: &BuildArgs) -> Outcome {
    let config = Config::new(&Options::from(args)).map_err(|error| match error {
        ConfigError::Options(problem) => Failure::Arguments(problem.into()),
        ConfigError::Templates(problem) => Failure::Errors(problem.into()),
    })?;
    if args.web {
        // Nothing private on the web: no personnummer or samordningsnummer
        // in any text of the files, or no page is written.
        let found = crate::validate::personal::scan_files(&driver::discover(&args.paths.paths)?);
        if found.has_errors() {
            return Err(Failure::Errors(found));
        }
    }
    build(&config, &args.paths.paths)
}

fn build(config: &Config, paths: &[PathBuf]) -> Outcome {
    let started = std::time::Instant::now();
    let files = driver::discover(paths)?;
    let reporter = progress::Reporter::new(files.iter().filter(|f| config.builds(f)).count());
    let outcomes = driver::build_all(config, &files, &|outcome| reporter.file_done(outcome));
    reporter.finish();
    progress::print_summary(&outcomes, started.elapsed());
    if outcomes.iter().all(driver::FileOutcome::ok) {
        Ok(())
    } else {
        Err(Failure::reported())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help lists every standard the flag takes (clap's own list would
    /// be in English, so the help names them itself).
    #[test]
    fn the_help_names_every_pdf_standard() {
        let program = super::super::program::command();
        let flag = program
            .find_subcommand("bygg")
            .expect("bygg")
            .get_arguments()
            .find(|a| a.get_id() == "pdf_standard")
            .expect("--pdf-standard");
        let help = flag.get_help().expect("a help text").to_string();
        for standard in PdfStandardArg::value_variants() {
            let name = standard.to_possible_value().expect("a name");
            assert!(
                help.contains(name.get_name()),
                "{} missing in: {help}",
                name.get_name()
            );
        }
    }
}
