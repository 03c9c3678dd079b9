//! `excel`: writes a plan or a follow-up as a workbook, or a follow-up to
//! fill in for a plan, and says what is in it.

use std::path::PathBuf;

use super::Outcome;
use super::args::{Force, Out, force_help, out_help};
use super::output::{RAD, shown};
use crate::excel::{self, FollowUpKind};
use crate::swedish;

/// Skriv en plan eller en uppföljning som Excel-arbetsbok (xlsx), eller
/// en uppföljning att fylla i för en plan (--uppföljning t2|vb).
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "riskrapport excel <FIL> [-o ARBETSBOK] [FLAGGOR]",
    mut_arg(
        "ut",
        out_help(
            "ARBETSBOK",
            "Arbetsboken som skrivs (standard: filen bredvid, med .xlsx)"
        )
    ),
    mut_arg("tvinga", force_help("Skriv över arbetsboken om den redan finns"))
)]
pub struct ExcelArgs {
    /// Planen eller uppföljningen (YAML).
    #[arg(value_name = "FIL", help_heading = "Argument")]
    pub input: PathBuf,
    #[command(flatten)]
    pub out: Out,
    /// Gör en uppföljning att fylla i för planen: t2 eller vb.
    #[arg(
        long = "uppföljning",
        visible_alias = "follow-up",
        value_name = "t2|vb",
        ignore_case = true,
        hide_possible_values = true
    )]
    pub follow_up: Option<FollowUpArg>,
    #[command(flatten)]
    pub force: Force,
}

/// The follow-up `--uppföljning` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FollowUpArg {
    T2,
    Vb,
}

impl From<FollowUpArg> for FollowUpKind {
    fn from(kind: FollowUpArg) -> Self {
        match kind {
            FollowUpArg::T2 => FollowUpKind::T2,
            FollowUpArg::Vb => FollowUpKind::Vb,
        }
    }
}

/// Writes the workbook and names it with its rows.
pub fn run(args: &ExcelArgs) -> Outcome {
    let follow_up = args.follow_up.map(FollowUpKind::from);
    let written = excel::export(&args.input, follow_up, args.out.given(), args.force.force)?;
    println!(
        "skrev: {} ({}, {})",
        shown(&written.path),
        written.what,
        swedish::count(written.rows, RAD)
    );
    if follow_up.is_none() {
        println!(
            "obs: kommentarer (# …) bland riskerna följer inte med genom arbetsboken; kommentarer i filens övriga delar följer med i bladet Övrigt"
        );
    }
    Ok(())
}
