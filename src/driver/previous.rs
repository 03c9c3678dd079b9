//! Last year's plan: named by `föregående`, or found beside the plan as the
//! plan for `år` − 1; checked on its own, with its VB when one is beside it,
//! and compared with this year's.

use std::path::{Path, PathBuf};

use super::load::check_plan;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{self, FollowUpFile, InputFile};
use crate::score::Scored;
use crate::score::history::{self, History, LastYear};
use crate::validate::followup::{self, FollowUp, Vb};
use crate::validate::{Input, InputKind, Plan};

/// The plan compared with last year's, when there is one; what was found
/// wrong goes to `diags`. Last year's files join the plan's inputs.
pub fn history(plan: &mut Plan, scored: &Scored, diags: &mut Diagnostics) -> Option<History> {
    let path = plan.source.clone();
    let last_path = match &plan.previous {
        Some((given, at)) => {
            let found = folder(&path).join(given);
            if !found.is_file() {
                diags.push(
                    Diagnostic::error(&path, format!("föregående plan {} finns inte", found.display()))
                        .at(at)
                        .field("föregående")
                        .hint("ange förra årets planfil relativt den här filen, eller ta bort föregående:"),
                );
                return None;
            }
            found
        }
        None => beside(&path, plan.meta.ar - 1, diags)?,
    };
    let here = |d: Diagnostic| match &plan.previous {
        Some((_, at)) => d.at(at).field("föregående"),
        None => d.field("år"),
    };
    let (last, last_diags) = check_plan(&last_path);
    let Some((last_plan, last_scored)) = last else {
        diags.push(here(
            Diagnostic::error(
                &path,
                format!(
                    "föregående plan {} har {} fel, så planen kan inte jämföras med förra året",
                    last_path.display(),
                    last_diags.error_count()
                ),
            )
            .hint(format!(
                "kör riskrapport kontrollera {}",
                last_path.display()
            )),
        ));
        return None;
    };
    if last_plan.meta.ar >= plan.meta.ar {
        let back = last_plan
            .previous
            .as_ref()
            .is_some_and(|(p, _)| same_file(&folder(&last_path).join(p), &path));
        diags.push(here(
            Diagnostic::error(
                &path,
                if back {
                    format!(
                        "{} och {} anger varandra som föregående plan",
                        path.display(),
                        last_path.display()
                    )
                } else {
                    format!(
                        "föregående plan {} gäller år {}, inte ett år före {}",
                        last_path.display(),
                        last_plan.meta.ar,
                        plan.meta.ar
                    )
                },
            )
            .hint("föregående ska vara förra årets plan; varje år pekar bakåt, aldrig framåt"),
        ));
        return None;
    }
    let vb = last_vb(&last_path, &last_plan, diags, &path);
    let (history, found) = history::compare(
        &path,
        plan,
        scored,
        &LastYear {
            path: &last_path,
            plan: &last_plan,
            scored: &last_scored,
            vb: vb.as_ref().map(|(_, vb)| vb),
        },
    );
    diags.extend(found);
    plan.inputs.push(Input {
        path: last_path,
        kind: InputKind::Previous,
    });
    if let Some((vb_path, _)) = vb {
        plan.inputs.push(Input {
            path: vb_path,
            kind: InputKind::Previous,
        });
    }
    Some(history)
}

/// The plan for `year` in the plan's folder, if exactly one is there.
fn beside(path: &Path, year: i32, diags: &mut Diagnostics) -> Option<PathBuf> {
    let found: Vec<PathBuf> = yaml_files(folder(path))
        .into_iter()
        .filter(|p| !same_file(p, path))
        .filter(|p| {
            matches!(model::load(p), Ok(InputFile::Plan(loaded)) if loaded.plan.ar.value == i64::from(year))
        })
        .collect();
    match found.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => {
            let names: Vec<String> = many.iter().map(|p| p.display().to_string()).collect();
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "flera planer för {year} ligger bredvid planen: {}",
                        names.join(", ")
                    ),
                )
                .field("föregående")
                .hint("ange vilken som är förra årets plan med föregående: <fil>"),
            );
            None
        }
    }
}

/// Last year's VB: the follow-up beside last year's plan that names it.
/// One with errors is left out with a warning; the plan still compares.
fn last_vb(
    last_path: &Path,
    last_plan: &Plan,
    diags: &mut Diagnostics,
    path: &Path,
) -> Option<(PathBuf, Vb)> {
    for candidate in yaml_files(folder(last_path)) {
        let Ok(InputFile::FollowUp(file)) = model::load(&candidate) else {
            continue;
        };
        if !matches!(*file, FollowUpFile::Vb(_))
            || !same_file(
                &followup::plan_path(&candidate, &file.plan().value),
                last_path,
            )
        {
            continue;
        }
        match followup::validate_follow_up(&candidate, &file, last_plan) {
            (Some(FollowUp::Vb(vb)), _) => return Some((candidate, vb)),
            _ => diags.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "förra årets verksamhetsberättelse {} har fel, så förra årets resultat visas inte",
                        candidate.display()
                    ),
                )
                .hint(format!("kör riskrapport kontrollera {}", candidate.display())),
            ),
        }
    }
    None
}

/// The folder a file is in.
fn folder(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// The YAML files of a folder, sorted so the result never depends on the disk's order.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

/// Whether two paths name one file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
