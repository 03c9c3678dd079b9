//! Kommunstyrelsens samlade bild in the batch: a kommun's `kommun.yaml`
//! found among the inputs, the facts of every nämnd's files taken from what
//! the batch has already checked, and the job that writes
//! `sammanställning-<år>.pdf`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::jobs::Job;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::CITY_FILE;
use crate::report;
use crate::report::{ReportKind, View};
use crate::score::rollup::{FileFacts, roll_up};
use crate::swedish::Hyphenation;
use crate::validate::city::City;
use crate::validate::{Input, InputKind};

/// Whether `path` is a kommun's own file.
pub fn is_city_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == CITY_FILE)
}

/// The folder a kommun's file sums up: its own, with every folder below.
pub fn city_folder(city_file: &Path) -> &Path {
    city_file.parent().unwrap_or(Path::new(""))
}

/// The nämnder's files among `files` that the kommun's file sums up.
pub fn members<'a>(city_file: &Path, files: &'a [PathBuf]) -> Vec<&'a PathBuf> {
    let folder = city_folder(city_file);
    files
        .iter()
        .filter(|f| f.starts_with(folder) && !is_city_file(f))
        .collect()
}

/// The files the samlade bild is made from: the kommun's file, its
/// logotyp and every nämnd's file it sums up.
pub fn inputs(city_file: &Path, city: &City, members: &[&PathBuf]) -> Vec<PathBuf> {
    let mut deps = vec![city_file.to_path_buf()];
    deps.extend(city.logo.as_ref().map(|l| l.path.clone()));
    deps.extend(members.iter().map(|m| m.to_path_buf()));
    deps
}

/// The job that writes the samlade bild of `city` from the facts of its
/// nämnders' files, and what it has to say about them.
pub fn city_job(city_file: &Path, city: &City, facts: &[FileFacts]) -> (Job, Diagnostics) {
    let picture = roll_up(city, facts);
    let mut diagnostics = Diagnostics::default();
    for missing in &picture.missing {
        if city.namnder.is_some() {
            diagnostics.push(
                Diagnostic::warning(
                    city_file,
                    format!(
                        "nämnden ”{}” i listan nämnder har ingen plan för {}",
                        missing.namnd, city.ar
                    ),
                )
                .field("nämnder")
                .hint("sammanställningen tar upp den som saknad; stavas namnet som under nämnd: i planen?"),
            );
        }
    }
    let hyphenation = Hyphenation::with(&city.words);
    let view = report::rollup(city, &picture, city_folder(city_file), &hyphenation);
    let job = Job {
        kind: ReportKind::CityRollup,
        view: View::Bundle(view),
        year: city.ar,
        date: city.datum,
        ident: format!(
            "{}/{}/{}",
            city.kommun,
            city.ar,
            ReportKind::CityRollup.code()
        ),
        inputs: vec![Input {
            path: city_file.to_path_buf(),
            kind: InputKind::City,
        }],
        // Its rows, as a measure of its size.
        risks: picture.rows.len()
            + picture
                .rows
                .iter()
                .filter_map(|r| r.plan.found())
                .map(|p| p.top.len() + p.high.len())
                .sum::<usize>(),
        hyphenation: Arc::clone(&hyphenation),
        logo: city.logo.as_ref().map(|l| l.path.clone()),
    };
    (job, diagnostics)
}

/// The samlade bild's job for the kommun's file `city_file`, its nämnders'
/// files among `files` checked here: for tests and benchmarks, which build
/// one report on its own.
pub fn checked_city_job(city_file: &Path, files: &[PathBuf]) -> Result<Job, Diagnostics> {
    let checked = super::load::check(city_file);
    let Some(city) = checked.city else {
        return Err(checked.diagnostics);
    };
    let facts: Vec<FileFacts> = members(city_file, files)
        .into_iter()
        .map(|file| super::load::check(file).facts)
        .collect();
    Ok(city_job(city_file, &city, &facts).0)
}
