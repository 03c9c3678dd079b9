//! Last year's plan: named by `föregående`, or found beside the plan as the
//! plan for `år` − 1; checked on its own, with its VB when one is beside it,
//! and compared with this year's.

use std::path::{Path, PathBuf};

use super::plan::check_plan;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{self, FollowUpFile, InputFile};
use crate::score::Scored;
use crate::score::compare::{self, LastYear};
use crate::score::history::History;
use crate::validate::followup::{self, FollowUp, T2, Vb};
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
    let found = last_follow_ups(&last_path, &last_plan, diags, &path);
    let (vb, t2) = (found.vb(), found.t2());
    let (history, found_diags) = compare::compare(
        &path,
        plan,
        scored,
        &LastYear {
            path: &last_path,
            plan: &last_plan,
            scored: &last_scored,
            vb: vb.map(|(_, vb)| vb),
            t2: t2.map(|(_, t2)| t2),
        },
    );
    diags.extend(found_diags);
    plan.inputs.push(Input {
        path: last_path,
        kind: InputKind::Previous,
    });
    for (follow_up_path, _) in found.0 {
        plan.inputs.push(Input {
            path: follow_up_path,
            kind: InputKind::Previous,
        });
    }
    Some(history)
}

/// Last year's follow-ups, each with its file.
struct Found(Vec<(PathBuf, FollowUp)>);

impl Found {
    fn vb(&self) -> Option<(&PathBuf, &Vb)> {
        self.0.iter().find_map(|(p, f)| match f {
            FollowUp::Vb(vb) => Some((p, vb)),
            FollowUp::T2(_) => None,
        })
    }

    fn t2(&self) -> Option<(&PathBuf, &T2)> {
        self.0.iter().find_map(|(p, f)| match f {
            FollowUp::T2(t2) => Some((p, t2)),
            FollowUp::Vb(_) => None,
        })
    }
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

/// Last year's follow-ups: the VB and the T2 beside last year's plan that
/// name it (the latest of each kind). One with errors is left out with a
/// warning; the plan still compares.
fn last_follow_ups(
    last_path: &Path,
    last_plan: &Plan,
    diags: &mut Diagnostics,
    path: &Path,
) -> Found {
    let mut found: Vec<(PathBuf, FollowUp)> = Vec::new();
    for candidate in yaml_files(folder(last_path)) {
        let Ok(InputFile::FollowUp(file)) = model::load(&candidate) else {
            continue;
        };
        if !same_file(
            &followup::plan_path(&candidate, &file.plan().value),
            last_path,
        ) {
            continue;
        }
        let which = match *file {
            FollowUpFile::Vb(_) => "verksamhetsberättelse",
            FollowUpFile::T2(_) => "tertialrapport 2",
        };
        match followup::validate_follow_up(&candidate, &file, last_plan) {
            (Some(follow_up), _) => {
                let kind = std::mem::discriminant(&follow_up);
                match found
                    .iter_mut()
                    .find(|(_, f)| std::mem::discriminant(f) == kind)
                {
                    Some(earlier) if earlier.1.date() >= follow_up.date() => {}
                    Some(earlier) => *earlier = (candidate, follow_up),
                    None => found.push((candidate, follow_up)),
                }
            }
            _ => diags.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "förra årets {which} {} har fel, så förra årets resultat därifrån visas inte",
                        candidate.display()
                    ),
                )
                .hint(format!("kör riskrapport kontrollera {}", candidate.display())),
            ),
        }
    }
    Found(found)
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
