//! `excel` and `importera`: a plan or a follow-up out to an Excel workbook
//! and back to YAML, losslessly for everything `kontrollera` checks.
//!
//! The risks (or the follow-up's rows) travel in a visible table; the rest
//! of the YAML file travels verbatim, line by line, on the sheet "Övrigt"
//! (hidden in a plan's workbook). The YAML file stays the source of truth:
//! an import writes one and checks it as `kontrollera` does.

mod bounds;
mod columns;
mod followup;
mod plan;
mod read;
mod rest;
mod sheets;
mod write;
mod yaml;

use std::path::{Path, PathBuf};

use crate::diag::{At, Diagnostic, Diagnostics};
use crate::model::{self, FileKind, FollowUpFile, InputFile};

pub use bounds::{MAX_CELLS, MAX_PART_BYTES, MAX_RATIO};
pub use sheets::{FOLLOW_UP_SHEET, MODEL_SHEET, README_SHEET, REST_SHEET, RISK_SHEET};

/// The top-level keys a plan's table replaces.
const PLAN_KEYS: &[&str] = &["mål", "processer", "risker"];

/// Which follow-up to make a workbook for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpKind {
    T2,
    Vb,
}

/// What a command wrote.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    /// "plan", "uppföljning (T2)" …
    pub what: &'static str,
    /// The table's rows (risk placements, risks or results).
    pub rows: usize,
    /// Warnings found on the way (unknown columns, say).
    pub warnings: Diagnostics,
}

/// Writes the workbook for the plan or follow-up at `input` (or, with
/// `follow_up`, a follow-up to fill in for the plan at `input`) to `out`,
/// by default beside the input: `plan-2025.xlsx`, or for a new follow-up
/// `uppfoljning-vb-2025.xlsx` as the follow-up's YAML file would be named.
pub fn export(
    input: &Path,
    follow_up: Option<FollowUpKind>,
    out: Option<&Path>,
    force: bool,
) -> Result<Written, Diagnostics> {
    // Only a file that passes `kontrollera` goes out: the workbook's
    // dropdowns and formulas are built from the checked model.
    let checked = crate::driver::check(input);
    if checked.diagnostics.has_errors() {
        let mut diags = checked.diagnostics;
        diags.push(
            Diagnostic::error(input, "arbetsboken görs inte av en fil med fel")
                .hint("rätta felen ovan och kör kommandot igen"),
        );
        return Err(diags);
    }
    let out = match (out, follow_up, &checked.plan) {
        (Some(out), _, _) => out.to_path_buf(),
        (None, Some(kind), Some((plan, _))) => input.with_file_name(format!(
            "uppfoljning-{}-{}.xlsx",
            match kind {
                FollowUpKind::T2 => "t2",
                FollowUpKind::Vb => "vb",
            },
            plan.meta.ar
        )),
        (None, _, _) => input.with_extension("xlsx"),
    };
    let out = out.as_path();
    if !force {
        refuse_existing(out)?;
    }
    // `check` keeps the plan whenever it found no errors.
    let checked_plan = || {
        checked.plan.as_ref().ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                input,
                "planen kunde inte läsas in som plan",
            ))
        })
    };
    let source = model::read_text(input)?;
    let (bytes, what, rows) = match (model::load(input)?, follow_up) {
        (InputFile::Plan(loaded), None) => {
            let (plan, _) = checked_plan()?;
            let lines = plan::lines(&loaded.plan);
            let table = write::TableSheet {
                name: RISK_SHEET,
                columns: plan::shown_columns(&lines),
                lines: &lines,
                model: &plan.model,
                protect: false,
            };
            let rest = rest::cut(&source, PLAN_KEYS);
            let bytes = write::workbook(&table, PLAN_README, &rest, true);
            (bytes, "plan", lines.len())
        }
        (InputFile::Plan(_), Some(kind)) => {
            let (plan, scored) = checked_plan()?;
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (lines, rest, what) = match kind {
                FollowUpKind::T2 => {
                    let critical = crate::report::critical_risks(plan, scored);
                    let (fresh, scope) = if critical.is_empty() {
                        (scored.ikp.clone(), "alla")
                    } else {
                        (critical, "kritiska")
                    };
                    let lines = followup::t2_lines(plan, scored, None, &fresh);
                    let rest = format!(
                        "uppföljning: t2\nplan: {name}\ndatum: ÅÅÅÅ-MM-DD   # fyll i uppföljningens datum\n# period: 1 januari – 31 augusti {}   # valfri\nvisa: {scope}\n{}\n",
                        plan.meta.ar,
                        rest::MARKER
                    );
                    (lines, rest, "uppföljning (T2)")
                }
                FollowUpKind::Vb => {
                    let lines = followup::vb_lines(plan, scored, None);
                    let rest = format!(
                        "uppföljning: vb\nplan: {name}\ndatum: ÅÅÅÅ-MM-DD   # fyll i uppföljningens datum\n{}\nkommentarer: \"\"   # valfri\nbedömning:\n  omdöme: \"\"   # tillräcklig, delvis tillräcklig eller otillräcklig\n  grund: \"\"\n",
                        rest::MARKER
                    );
                    (lines, rest, "uppföljning (VB)")
                }
            };
            let bytes = follow_up_book(kind, plan, &lines, &rest);
            (bytes, what, lines.len())
        }
        (InputFile::FollowUp(file), None) => {
            let plan_path = crate::validate::followup::plan_path(input, &file.plan().value);
            let (checked_plan, diags) = crate::driver::check_plan(&plan_path);
            let Some((plan, scored)) = checked_plan else {
                return Err(diags);
            };
            let (kind, lines, keys, what) = match file.as_ref() {
                FollowUpFile::T2(t2) => (
                    FollowUpKind::T2,
                    followup::t2_lines(&plan, &scored, Some(t2), &[]),
                    "risker",
                    "uppföljning (T2)",
                ),
                FollowUpFile::Vb(vb) => (
                    FollowUpKind::Vb,
                    followup::vb_lines(&plan, &scored, Some(vb)),
                    "kontroller",
                    "uppföljning (VB)",
                ),
            };
            let rest = rest::cut(&source, &[keys]);
            let bytes = follow_up_book(kind, &plan, &lines, &rest);
            (bytes, what, lines.len())
        }
        (InputFile::City(_), _) => {
            return Err(Diagnostic::error(input, "kommunens fil har inga risker att göra en arbetsbok av")
                .hint("ange en nämnds plan eller uppföljning, t.ex. riskrapport excel data/servicenamnden/vor-ikp-2025.yaml")
                .into());
        }
        (InputFile::FollowUp(_), Some(_)) => {
            return Err(Diagnostic::error(input, "--uppföljning gäller en plan, och filen är en uppföljning")
                .hint("ange planen, t.ex. riskrapport excel --uppföljning vb plan.yaml, eller utelämna --uppföljning")
                .into());
        }
    };
    let bytes = bytes.map_err(|e| match e {
        rust_xlsxwriter::XlsxError::MaxStringLengthExceeded => Diagnostic::error(
            input,
            "en text är längre än 32 767 tecken, det mesta en cell i Excel rymmer",
        )
        .hint("dela texten i flera stycken eller avsnitt, eller korta den"),
        e => Diagnostic::error(out, format!("arbetsboken kunde inte göras: {e}")),
    })?;
    write(out, &bytes, force)?;
    Ok(Written {
        path: out.to_path_buf(),
        what,
        rows,
        warnings: Diagnostics::default(),
    })
}

fn follow_up_book(
    kind: FollowUpKind,
    plan: &crate::validate::Plan,
    lines: &[write::Line],
    rest: &str,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let spec = match kind {
        FollowUpKind::T2 => columns::t2(),
        FollowUpKind::Vb => columns::vb(),
    };
    let shown = spec
        .iter()
        .filter(|c| {
            !matches!(c.key, "kontroll") || lines.iter().any(|l| l.iter().any(|(k, _)| *k == c.key))
        })
        .collect();
    let table = write::TableSheet {
        name: FOLLOW_UP_SHEET,
        columns: shown,
        lines,
        model: &plan.model,
        protect: true,
    };
    write::workbook(&table, FOLLOW_UP_README, rest, false)
}

const PLAN_README: &[&str] = &[
    "Så fyller du i arbetsboken",
    "Bladet Risker har en rad per plats där en risk står. En risk som står på flera platser skrivs ut en gång; på de andra raderna står bara numret.",
    "Välj sannolikhet och konsekvens i listorna. Riskvärde och risknivå räknas ut av formler och färgas efter riskmodellen i bladet Modell; skriv inte in dem.",
    "IKP: ja eller nej. En risk över modellens tröskel som hålls utanför internkontrollplanen behöver en motivering.",
    "En risk med flera kontroller eller åtgärder får en rad till per kontroll eller åtgärd, utan nr, direkt under risken.",
    "Nya risker: kopiera en befintlig rad längst ned (så följer formlerna med) och skriv process, nr och risk. Tomma rader hoppas över.",
    "Tillbaka till YAML: riskrapport importera arbetsboken.xlsx -o plan.yaml. Kommandot skriver planen och kontrollerar den som riskrapport kontrollera gör.",
    "Det dolda bladet Övrigt bär resten av planen (nämnd, år, riskmodell, rapporternas inställningar och texter) rad för rad. Låt det vara.",
    "Kommentarer (# …) bland riskerna i YAML-filen följer inte med genom arbetsboken; kommentarer i planens övriga delar följer med i bladet Övrigt.",
];

const FOLLOW_UP_README: &[&str] = &[
    "Så fyller du i uppföljningen",
    "Bladet Uppföljning har en rad per risk (T2) eller per kontroll (VB). Planens text står i grått och är låst; fyll i de vita cellerna.",
    "Välj i listorna: följer plan (ja, nej, delvis), resultat (genomförd, delvis genomförd, ej genomförd) och åtgärdernas status. Start och slut är datum, ÅÅÅÅ-MM-DD.",
    "En kontroll med flera förbättringsåtgärder får en rad till per åtgärd (infoga en rad), utan nr, direkt under. I VB räknas en kontroll vars rad lämnas utan resultat som ej bedömd; i T2 räknas en risk vars rad lämnas tom som inte rapporterad.",
    "Bladet Övrigt bär resten av uppföljningen som YAML, rad för rad: fyll i datum (och för VB kommentarer och nämndens bedömning) efter kolonet.",
    "Tillbaka till YAML: riskrapport importera arbetsboken.xlsx -o uppfoljning.yaml, i samma mapp som planen. Kommandot kontrollerar filen som riskrapport kontrollera gör.",
];

/// Reads the workbook at `workbook` and writes its plan or follow-up as
/// YAML to `out`; `base`, for a controller's own workbook without the
/// sheet Övrigt, gives the rest of the plan (nämnd, år, riskmodell …).
pub fn import(
    workbook: &Path,
    out: &Path,
    force: bool,
    base: Option<&Path>,
) -> Result<Written, Diagnostics> {
    if !force {
        refuse_existing(out)?;
    }
    let book = read::Book::open(workbook)?;
    let rest = match (book.sheet(REST_SHEET), base) {
        (_, Some(base)) => {
            let source = model::read_text(base)?;
            match model::file_kind(&source) {
                FileKind::Plan => rest::cut(&source, PLAN_KEYS),
                FileKind::T2 => rest::cut(&source, &["risker"]),
                _ => rest::cut(&source, &["kontroller"]),
            }
        }
        (Some(sheet), None) => sheet.lines(),
        (None, None) => {
            return Err(Diagnostic::error(
                workbook,
                format!("arbetsboken saknar bladet {REST_SHEET} med planens övriga uppgifter (nämnd, år, datum, riskmodell …)"),
            )
            .hint("ange en plan att ta dem från: riskrapport importera arbetsbok.xlsx -o plan.yaml --grund förra-planen.yaml")
            .into());
        }
    };
    let mut diags = Diagnostics::default();
    let kind = model::file_kind(&rest);
    let (blocks, what, rows) = match kind {
        FileKind::Plan => {
            // The model the ratings are read against: the one the plan
            // names, found from where the YAML file will be.
            let loaded = model::load_plan_source(out, &rest)?;
            let Some(model) =
                crate::validate::validate_model(&loaded.model_path, &loaded.model, &mut diags)
            else {
                return Err(diags);
            };
            let sheet = table_sheet(&book, RISK_SHEET);
            let Some(sheet) = sheet else {
                return Err(no_table(workbook, RISK_SHEET));
            };
            let Some(table) = read::Table::find(&book, sheet, columns::plan(), &mut diags) else {
                return Err(diags);
            };
            let (tree, rows) = plan::read(&table, &model, &mut diags);
            (yaml::to_yaml(&tree), "plan", rows)
        }
        FileKind::T2 | FileKind::Vb => {
            let Some(sheet) = table_sheet(&book, FOLLOW_UP_SHEET) else {
                return Err(no_table(workbook, FOLLOW_UP_SHEET));
            };
            let spec = if kind == FileKind::T2 {
                columns::t2()
            } else {
                columns::vb()
            };
            let Some(table) = read::Table::find(&book, sheet, spec, &mut diags) else {
                return Err(diags);
            };
            if kind == FileKind::T2 {
                let (t, rows) = followup::read_t2(&table, &mut diags);
                (yaml::to_yaml(&t), "uppföljning (T2)", rows)
            } else {
                let (t, rows) = followup::read_vb(&table, &mut diags);
                (yaml::to_yaml(&t), "uppföljning (VB)", rows)
            }
        }
        FileKind::UnknownFollowUp => {
            return Err(Diagnostic::error(
                workbook,
                format!("{REST_SHEET}: okänd sorts uppföljning"),
            )
            .hint("ange uppföljning: t2 eller uppföljning: vb")
            .into());
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let blocks = blocks.doing(out, "YAML kunde inte skrivas")?;
    let text = crate::schema::with_schema_line(out, &rest::join(&rest, &blocks));
    write(out, text.as_bytes(), force)?;
    Ok(Written {
        path: out.to_path_buf(),
        what,
        rows,
        warnings: diags,
    })
}

/// The sheet called `name`, or else the first visible sheet that is not
/// one of the tool's own (a controller's "Blad1").
fn table_sheet<'a>(book: &'a read::Book, name: &str) -> Option<&'a read::Sheet> {
    book.sheet(name).or_else(|| {
        book.sheets.iter().find(|s| {
            !s.hidden && ![MODEL_SHEET, README_SHEET, REST_SHEET].contains(&s.name.as_str())
        })
    })
}

fn no_table(workbook: &Path, name: &str) -> Diagnostics {
    Diagnostic::error(
        workbook,
        format!("arbetsboken har inget blad med tabellen ({name})"),
    )
    .hint(format!("döp bladet med tabellen till {name}"))
    .into()
}

fn refuse_existing(target: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Err(taken(target));
    }
    Ok(())
}

fn taken(target: &Path) -> Diagnostic {
    Diagnostic::error(target, "filen finns redan och skrivs inte över").hint(format!(
        "ange --tvinga för att skriva över {}, eller välj ett annat namn med -o",
        target.display()
    ))
}

/// Writes `bytes` to `target`: over a file only with `force`, else with a
/// write that refuses a file made since it was looked for.
fn write(target: &Path, bytes: &[u8], force: bool) -> Result<(), Diagnostic> {
    let written = if force {
        crate::fs::write_atomically(target, bytes)
    } else {
        crate::fs::write_new(target, bytes)
    };
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(taken(target)),
        written => written.at(target),
    }
}
