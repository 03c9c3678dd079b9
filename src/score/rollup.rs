//! Kommunstyrelsens samlade bild: what each nämnd's checked files say,
//! reduced to facts (`plan_facts`, `follow_up_facts`), and those facts of
//! a whole city put together for one year (`roll_up`): the rows, the
//! processes that recur, and what needs attention. Pure: the driver hands
//! in the facts of the files the batch has already checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Scored;
use super::history::Direction;
use super::vb::{self, Tally};
use crate::model::{FollowsPlan, Outcome, Verdict};
use crate::validate::city::{CatalogueProcess, City, name_key};
use crate::validate::followup::{FollowUp, Vb};
use crate::validate::{ActionStatus, Plan, Scale};

/// What one input file contributes to the roll-up.
#[derive(Debug, Clone)]
pub struct FileFacts {
    pub source: PathBuf,
    /// The nämnd, when the file could be read far enough to say.
    pub namnd: Option<String>,
    /// The plan's år (a follow-up's: its plan's), when known.
    pub year: Option<i32>,
    /// What the file is, when it could be read.
    pub kind: Option<FileKind>,
    /// The plan file a follow-up follows, when it could be read.
    pub follows: Option<PathBuf>,
    /// The file's errors; its content is known only without them.
    pub errors: usize,
    pub content: Option<Content>,
    /// The reports the file makes, as they name themselves.
    pub documents: Vec<Document>,
}

/// Plan or follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Plan,
    T2,
    Vb,
}

/// A checked file's facts.
#[derive(Debug, Clone)]
pub enum Content {
    Plan(Box<PlanFacts>),
    T2(T2Facts),
    Vb(VbFacts),
}

/// A report of a nämnd as the board received it: what it is, its title,
/// diarienummer and date, as the report itself prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// What it is, in short: "VoR", "IKP", "T2", "VB" …
    pub kind: &'static str,
    pub title: String,
    pub diarienummer: Option<String>,
    pub date: NaiveDate,
}

/// A nämnd's plan, counted in its own model.
#[derive(Debug, Clone)]
pub struct PlanFacts {
    pub namnd: String,
    pub year: i32,
    /// The risk model's name, to tell models apart.
    pub model: String,
    /// The model's scale: riskvärden run from 1 to its highest value.
    pub scale: Scale,
    /// The model's levels, lowest first, with the rated risks on each.
    pub levels: Vec<LevelCount>,
    /// The first level of the upper half: a "high" risk is on it or above.
    pub high_from: usize,
    pub risks: usize,
    /// The risks without a rating, which the VoR counts apart.
    pub unrated: Vec<RiskRef>,
    /// Controls in the internkontrollplan (a risk without one counts once).
    pub ikp_controls: usize,
    /// The internkontrollplan's risks, in its order.
    pub ikp: Vec<IkpRisk>,
    /// Risks on the model's highest level.
    pub top: Vec<TopRisk>,
    /// Risks on the upper half of the levels, by process.
    pub high: Vec<HighRisk>,
    /// Risks on the upper half of the levels left out of the internkontrollplan.
    pub outside: Vec<TopRisk>,
    /// Against last year's plan, when there is one.
    pub change: Option<Change>,
    /// The risks under sekretess: the samlade bild's web page leaves out
    /// every row and text that names one.
    pub secret: Vec<SecretRisk>,
}

/// A risk under sekretess as the samlade bild's web page looks for it:
/// by its number beside its title, or by a title long enough to tell.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SecretRisk {
    pub nr: u32,
    pub title: String,
    /// The ground (”OSL 18 kap. 8 §”), said in its place.
    pub ground: String,
}

impl PlanFacts {
    /// The rated risks: what the VoR's "Totalt" counts.
    pub fn rated(&self) -> usize {
        self.levels.iter().map(|l| l.count).sum()
    }

    /// The highest level.
    pub fn top_level(&self) -> Option<&LevelCount> {
        self.levels.last()
    }
}

#[derive(Debug, Clone)]
pub struct LevelCount {
    pub name: String,
    /// The name in the plural, in running text: "kritiska".
    pub plural: String,
    pub color: [u8; 3],
    pub count: usize,
}

/// A risk by its number and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRef {
    pub nr: u32,
    pub title: String,
}

/// A risk of the internkontrollplan.
#[derive(Debug, Clone)]
pub struct IkpRisk {
    pub nr: u32,
    pub title: String,
    /// Its level, when rated.
    pub level: Option<usize>,
    /// Its controls (a risk without one counts as one).
    pub controls: usize,
    /// Last year's VB results for its controls, when last year's VB is in
    /// the data and the risk was in it.
    pub last_year: Vec<Option<Outcome>>,
}

/// A risk on its nämnd's highest level, or high and outside the plan.
#[derive(Debug, Clone)]
pub struct TopRisk {
    pub nr: u32,
    pub title: String,
    pub value: u32,
    /// Its level (index into the plan's levels).
    pub level: usize,
    pub in_ikp: bool,
    /// Why it is in or out of the internkontrollplan, when the plan says.
    pub motivation: Option<String>,
}

/// A risk on the upper half of its nämnd's levels, under a process.
#[derive(Debug, Clone)]
pub struct HighRisk {
    pub process: String,
    pub nr: u32,
    pub level: String,
}

/// The plan against last year's.
#[derive(Debug, Clone)]
pub struct Change {
    pub year: i32,
    /// Last year's count per level (parallel to `levels`), where last
    /// year's model had a level of that name.
    pub before: Vec<Option<usize>>,
    /// Raised and lowered as the change record says: by the level when it
    /// changed, else by the riskvärde.
    pub raised: usize,
    pub lowered: usize,
    /// Among those, the risks whose level changed at an equal riskvärde (a
    /// model that sets the level cell by cell), by this year's nr.
    pub relevelled: Vec<u32>,
    pub unchanged: usize,
    pub new: usize,
    pub dropped: usize,
    /// Risks on the highest level now that were not on it last year.
    pub entered: Vec<LevelMove>,
    /// Last year's risks on the highest level that are not on it now.
    pub left: Vec<LevelMove>,
}

/// A risk that came onto or left the highest level.
#[derive(Debug, Clone)]
pub struct LevelMove {
    /// This year's number; last year's for a risk that left the plan.
    pub nr: u32,
    pub title: String,
    /// Last year's number, when it differs.
    pub nr_before: Option<u32>,
    /// Last year's level and riskvärde; `None` for a new risk.
    pub before: Option<Rated>,
    /// This year's; `None` for a risk no longer in the plan.
    pub now: Option<Rated>,
    /// Why it left the plan, when it did and the plan says.
    pub reason: Option<String>,
    /// Last year's VB results for its controls.
    pub last_year: Vec<Option<Outcome>>,
}

/// A level and riskvärde; both `None` for an unrated risk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rated {
    pub level: Option<String>,
    pub value: Option<u32>,
}

/// A T2 follow-up: each risk it reports, and whether its handling
/// follows the plan.
#[derive(Debug, Clone)]
pub struct T2Facts {
    pub date: NaiveDate,
    pub items: Vec<(u32, FollowsPlan)>,
}

impl T2Facts {
    /// What the T2 says of risk `nr`, when it reports it.
    pub fn follows(&self, nr: u32) -> Option<FollowsPlan> {
        self.items.iter().find(|(n, _)| *n == nr).map(|(_, f)| *f)
    }
}

/// A VB follow-up: its results counted as the VB report counts them,
/// each control's results, the late actions and the nämnd's bedömning.
#[derive(Debug, Clone)]
pub struct VbFacts {
    pub date: NaiveDate,
    pub tally: Tally,
    pub verdict: Verdict,
    /// Each control of the internkontrollplan, in its order.
    pub controls: Vec<ControlResult>,
    /// Improvement actions past their end date at the VB's date, not done.
    pub overdue: Vec<Overdue>,
}

impl VbFacts {
    /// The results of risk `nr`'s controls: one list per control, empty
    /// when the VB does not report it.
    pub fn results(&self, nr: u32) -> Vec<&[Option<Outcome>]> {
        self.controls
            .iter()
            .filter(|c| c.nr == nr)
            .map(|c| c.results.as_slice())
            .collect()
    }
}

/// One control's results in the VB; `None` is "ej bedömd".
#[derive(Debug, Clone)]
pub struct ControlResult {
    pub nr: u32,
    /// Which of the risk's controls (0 for the first).
    pub control: usize,
    /// The control's kontrollmoment, when the plan names it.
    pub moment: Option<String>,
    /// Empty when the VB does not report the control.
    pub results: Vec<Option<Outcome>>,
}

/// An improvement action past its end date and not done.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub nr: u32,
    pub action: String,
    pub end: NaiveDate,
    pub status: Option<ActionStatus>,
}

/// The first level of the upper half of `levels` levels: Hög and Kritisk
/// of four, Kritisk of three.
pub fn high_from(levels: usize) -> usize {
    levels - levels / 2
}

/// The facts of a checked plan.
pub fn plan_facts(plan: &Plan, scored: &Scored) -> PlanFacts {
    let levels = &plan.model.levels;
    let top = levels.len() - 1;
    let high_from = high_from(levels.len());
    let mut high = Vec::new();
    for place in &plan.places {
        let (Some(process), Some(level)) = (&place.process, scored.risks[place.risk].level) else {
            continue;
        };
        let nr = plan.risks[place.risk].nr;
        let seen = high
            .iter()
            .any(|h: &HighRisk| h.nr == nr && name_key(&h.process) == name_key(process));
        if level >= high_from && !seen {
            high.push(HighRisk {
                process: process.trim().to_owned(),
                nr,
                level: levels[level].name.clone(),
            });
        }
    }
    let history = scored.history.as_ref();
    let last_year = |i: usize| {
        history
            .and_then(|h| h.risks[i].before.as_ref())
            .map(|b| b.vb.clone())
            .unwrap_or_default()
    };
    let risk_at = |level: usize, keep: fn(bool) -> bool| {
        plan.risks
            .iter()
            .zip(&scored.risks)
            .filter(move |(_, score)| score.level.is_some_and(|l| l >= level) && keep(score.in_ikp))
            .map(|(risk, score)| TopRisk {
                nr: risk.nr,
                title: risk.title.clone(),
                value: score.value.unwrap_or(0),
                level: score.level.unwrap_or(0),
                in_ikp: score.in_ikp,
                motivation: risk.motivation.clone(),
            })
    };
    PlanFacts {
        namnd: plan.meta.namnd.clone(),
        year: plan.meta.ar,
        model: plan
            .model
            .name
            .clone()
            .unwrap_or_else(|| "nämndens egen riskmodell".into()),
        scale: plan.model.scale,
        levels: levels
            .iter()
            .zip(&scored.counts)
            .map(|(level, &count)| LevelCount {
                name: level.name.clone(),
                plural: level.plural.clone(),
                color: level.color,
                count,
            })
            .collect(),
        high_from,
        risks: plan.risks.len(),
        unrated: plan
            .risks
            .iter()
            .zip(&scored.risks)
            .filter(|(_, score)| score.level.is_none())
            .map(|(risk, _)| RiskRef {
                nr: risk.nr,
                title: risk.title.clone(),
            })
            .collect(),
        ikp_controls: scored
            .ikp
            .iter()
            .map(|&i| plan.risks[i].controls.len().max(1))
            .sum(),
        ikp: scored
            .ikp
            .iter()
            .map(|&i| IkpRisk {
                nr: plan.risks[i].nr,
                title: plan.risks[i].title.clone(),
                level: scored.risks[i].level,
                controls: plan.risks[i].controls.len().max(1),
                last_year: last_year(i),
            })
            .collect(),
        top: risk_at(top, |_| true).collect(),
        high,
        outside: risk_at(high_from, |in_ikp| !in_ikp).collect(),
        change: change(plan, scored),
        secret: plan
            .risks
            .iter()
            .filter_map(|risk| {
                Some(SecretRisk {
                    nr: risk.nr,
                    title: risk.title.clone(),
                    ground: risk.secrecy.clone()?,
                })
            })
            .collect(),
    }
}

/// The plan against last year's: counts, and by name the risks that came
/// onto or left the highest level.
fn change(plan: &Plan, scored: &Scored) -> Option<Change> {
    let history = scored.history.as_ref()?;
    let levels = &plan.model.levels;
    let top = &levels[levels.len() - 1].name;
    let mut change = Change {
        year: history.year,
        before: history.counts.clone(),
        raised: 0,
        lowered: 0,
        relevelled: Vec::new(),
        unchanged: 0,
        new: 0,
        dropped: history.dropped.len(),
        entered: Vec::new(),
        left: Vec::new(),
    };
    for ((risk, score), record) in plan.risks.iter().zip(&scored.risks).zip(&history.risks) {
        let level = score.level.map(|l| levels[l].name.clone());
        let before = record.before.as_ref();
        match record.direction() {
            None => change.new += 1,
            Some(Direction::Raised) => change.raised += 1,
            Some(Direction::Lowered) => change.lowered += 1,
            Some(Direction::Unchanged) => change.unchanged += 1,
            Some(Direction::NotComparable) => {}
        }
        if before.is_some_and(|b| b.level_changed && b.value_direction == Direction::Unchanged) {
            change.relevelled.push(risk.nr);
        }
        let now_top = level.as_ref() == Some(top);
        let was_top = before.is_some_and(|b| b.level.as_ref() == Some(top));
        if now_top == was_top {
            continue;
        }
        let moved = LevelMove {
            nr: risk.nr,
            title: risk.title.clone(),
            nr_before: record.renumbered_from(risk.nr),
            before: before.map(|b| Rated {
                level: b.level.clone(),
                value: b.value,
            }),
            now: Some(Rated {
                level,
                value: score.value,
            }),
            reason: None,
            last_year: before.map(|b| b.vb.clone()).unwrap_or_default(),
        };
        if now_top {
            change.entered.push(moved);
        } else {
            change.left.push(moved);
        }
    }
    for dropped in &history.dropped {
        if dropped.level.as_ref() == Some(top) {
            change.left.push(LevelMove {
                nr: dropped.nr,
                title: dropped.title.clone(),
                nr_before: None,
                before: Some(Rated {
                    level: dropped.level.clone(),
                    value: dropped.value,
                }),
                now: None,
                reason: dropped.reason.clone(),
                last_year: Vec::new(),
            });
        }
    }
    Some(change)
}

/// The facts of a checked follow-up of `plan`.
pub fn follow_up_facts(plan: &Plan, scored: &Scored, follow_up: &FollowUp) -> Content {
    match follow_up {
        FollowUp::T2(t2) => Content::T2(T2Facts {
            date: t2.date,
            items: t2
                .items
                .iter()
                .map(|item| (plan.risks[item.risk].nr, item.follows))
                .collect(),
        }),
        FollowUp::Vb(vb) => Content::Vb(vb_facts(plan, scored, vb)),
    }
}

/// The VB's results per control of the internkontrollplan, counted by the
/// VB's one count rule (`score::vb`), and its late actions.
fn vb_facts(plan: &Plan, scored: &Scored, vb: &Vb) -> VbFacts {
    let reported = vb::controls(plan, scored, vb);
    let mut overdue = Vec::new();
    let mut controls = Vec::new();
    for report in &reported {
        let risk = &plan.risks[report.risk];
        for item in &report.items {
            for action in item.actions.iter().filter(|a| a.is_late(vb.date)) {
                overdue.push(Overdue {
                    nr: risk.nr,
                    action: action.title.clone(),
                    end: action.end.unwrap_or(vb.date),
                    status: action.status,
                });
            }
        }
        controls.push(ControlResult {
            nr: risk.nr,
            control: report.control,
            moment: risk
                .controls
                .get(report.control)
                .and_then(|c| c.moment.clone()),
            results: report.items.iter().map(|i| i.outcome).collect(),
        });
    }
    VbFacts {
        date: vb.date,
        tally: Tally::of(&reported),
        verdict: vb.verdict,
        controls,
        overdue,
    }
}

/// The city's picture for one year.
#[derive(Debug, Clone)]
pub struct CityPicture {
    /// One per nämnd with a plan (or a broken file) for the year.
    pub rows: Vec<NamndRow>,
    /// Nämnder without a plan for the year.
    pub missing: Vec<Missing>,
    /// Files with errors that cannot be told to belong to a nämnd of the year.
    pub unplaced: Vec<Problem>,
    /// Processes with high risks in more than one nämnd.
    pub recurring: Vec<Recurring>,
    /// With a process catalogue: processes with high risks that match none
    /// of its names, each with its nämnder.
    pub uncatalogued: Vec<(String, Vec<String>)>,
    /// What needs the board's attention, most serious first.
    pub flags: Vec<Flag>,
}

/// One nämnd's row.
#[derive(Debug, Clone)]
pub struct NamndRow {
    pub namnd: String,
    pub plan: Part<Box<PlanFacts>>,
    pub t2: Part<T2Facts>,
    pub vb: Part<VbFacts>,
    /// Every file the row is made from, in the order plan, T2, VB.
    pub sources: Vec<PathBuf>,
    /// The reports of those files, in the same order.
    pub documents: Vec<Document>,
    /// Last year's VB, when the data has it.
    pub last_vb: Option<VbFacts>,
    /// The reports of last year's plan and VB, when the data has them.
    pub previous: Vec<Document>,
}

impl NamndRow {
    /// The row's report of kind `kind` ("VoR", "IKP", "T2", "VB").
    pub fn document(&self, kind: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.kind == kind)
    }
}

/// A document of a nämnd's row.
#[derive(Debug, Clone)]
pub enum Part<T> {
    /// Not in the data.
    Missing,
    /// In the data, with errors: each file and its count of errors.
    Broken(Vec<Problem>),
    Found(T),
}

impl<T> Part<T> {
    pub fn found(&self) -> Option<&T> {
        match self {
            Part::Found(t) => Some(t),
            _ => None,
        }
    }

    fn broken(&mut self, problem: Problem) {
        match self {
            Part::Broken(list) => list.push(problem),
            _ => *self = Part::Broken(vec![problem]),
        }
    }
}

/// A file with errors, or two files where one belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// Its errors; 0 when the problem is a second file for the same thing.
    pub errors: usize,
}

/// A nämnd without a plan for the year.
#[derive(Debug, Clone)]
pub struct Missing {
    pub namnd: String,
    /// The year of its newest plan in the data, if it has any.
    pub newest: Option<i32>,
}

/// A process with high risks in several nämnder.
#[derive(Debug, Clone)]
pub struct Recurring {
    /// The catalogue's name, or as most nämnder write it.
    pub process: String,
    /// Per nämnd (in the rows' order): the high risks' nrs and levels.
    pub namnder: Vec<(String, Vec<(u32, String)>)>,
    /// The names the nämnder wrote, when other than `process`.
    pub written: Vec<String>,
}

impl Recurring {
    pub fn risks(&self) -> usize {
        self.namnder.iter().map(|(_, risks)| risks.len()).sum()
    }
}

/// Something in a nämnd's documents that needs the board's attention,
/// with the documents that show it.
#[derive(Debug, Clone)]
pub struct Flag {
    pub namnd: String,
    pub concern: Concern,
    pub sources: Vec<Document>,
}

/// A risk as a flag names it: number, title, and level when rated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub nr: u32,
    pub title: String,
    pub level: Option<String>,
}

/// What a flag is about; the order is the order of seriousness the
/// samlade bild lists them in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concern {
    /// The bedömning is lower than last year's.
    LowerVerdict {
        now: Verdict,
        before: Verdict,
        year: i32,
    },
    /// The bedömning is tillräcklig though a control of a risk on the
    /// highest level was not done.
    SufficientDespite { risks: Vec<Named> },
    /// A control of a risk on the highest level was not done.
    TopNotDone { risk: Named },
    /// A control not done this year and last.
    NotDoneTwice { risk: Named, year: i32 },
    /// No VB for the year, though the year is over; `t2` when a T2 is there.
    MissingVb { t2: bool },
    /// A control of the plan that the VB does not report.
    Unreported { risk: Named, moment: Option<String> },
    /// An improvement action past its end date, not done.
    Overdue {
        risk: Named,
        action: String,
        end: NaiveDate,
    },
    /// A risk on the upper half of the levels left out of the plan.
    OutsideIkp {
        risk: Named,
        value: u32,
        motivation: Option<String>,
    },
    /// A risk without a rating.
    Unrated { risk: RiskRef },
}

impl Concern {
    /// Its place in the order of seriousness.
    pub fn rank(&self) -> usize {
        match self {
            Concern::LowerVerdict { .. } => 0,
            Concern::SufficientDespite { .. } => 1,
            Concern::TopNotDone { .. } => 2,
            Concern::NotDoneTwice { .. } => 3,
            Concern::MissingVb { .. } => 4,
            Concern::Unreported { .. } => 5,
            Concern::Overdue { .. } => 6,
            Concern::OutsideIkp { .. } => 7,
            Concern::Unrated { .. } => 8,
        }
    }
}

/// Puts the facts of every file of the city together for `city.ar`.
pub fn roll_up(city: &City, files: &[FileFacts]) -> CityPicture {
    let mut rows: Vec<NamndRow> = Vec::new();
    let mut unplaced = Vec::new();
    let row_of = |rows: &[NamndRow], name: &str| {
        rows.iter()
            .position(|r| name_key(&r.namnd) == name_key(name))
    };
    let problem = |f: &FileFacts| Problem {
        file: f.source.clone(),
        errors: f.errors,
    };
    // The year's plans first: they make the rows.
    let mut plan_rows: HashMap<&Path, usize> = HashMap::new();
    let plans = files
        .iter()
        .filter(|f| f.kind == Some(FileKind::Plan) && f.year == Some(city.ar));
    for file in plans {
        let Some(namnd) = &file.namnd else {
            unplaced.push(problem(file));
            continue;
        };
        let index = match row_of(&rows, namnd) {
            Some(index) => {
                // A second plan of one nämnd for one year: neither is taken.
                let row = &mut rows[index];
                if matches!(row.plan, Part::Found(_)) {
                    row.plan = Part::Broken(vec![Problem {
                        file: row.sources[0].clone(),
                        errors: 0,
                    }]);
                }
                row.plan.broken(Problem {
                    file: file.source.clone(),
                    errors: file.errors,
                });
                row.sources.push(file.source.clone());
                index
            }
            None => {
                rows.push(NamndRow {
                    namnd: namnd.clone(),
                    plan: match &file.content {
                        Some(Content::Plan(facts)) if file.errors == 0 => {
                            Part::Found(facts.clone())
                        }
                        _ => Part::Broken(vec![problem(file)]),
                    },
                    t2: Part::Missing,
                    vb: Part::Missing,
                    sources: vec![file.source.clone()],
                    documents: file.documents.clone(),
                    last_vb: None,
                    previous: Vec::new(),
                });
                rows.len() - 1
            }
        };
        plan_rows.insert(&file.source, index);
    }
    // Follow-ups join the row of the plan they follow; a file that cannot
    // say which, the row of the year's plan in its folder.
    let in_folder = |file: &Path| {
        plan_rows
            .iter()
            .find(|(plan, _)| plan.parent() == file.parent())
            .map(|(_, &row)| row)
    };
    // Last year's files of each nämnd: its VB, for the bedömning then, and
    // the reports the comparison rests on.
    let mut last_year: Vec<(&str, &FileFacts)> = Vec::new();
    for file in files {
        let row = match (file.kind, &file.follows) {
            (Some(FileKind::Plan), _) if file.year.is_some() => {
                if let (Some(namnd), 0) = (&file.namnd, file.errors)
                    && file.year == Some(city.ar - 1)
                {
                    last_year.push((namnd, file));
                }
                continue;
            }
            (Some(FileKind::T2 | FileKind::Vb), Some(plan)) => {
                match plan_rows.get(plan.as_path()) {
                    Some(&row) => Some(row),
                    // A follow-up of another year's plan.
                    None => {
                        if let (Some(FileKind::Vb), Some(namnd), 0) =
                            (file.kind, &file.namnd, file.errors)
                            && file.year == Some(city.ar - 1)
                        {
                            last_year.push((namnd, file));
                        }
                        continue;
                    }
                }
            }
            _ => in_folder(&file.source),
        };
        let Some(row) = row else {
            if file.errors > 0 && file.year.is_none_or(|y| y == city.ar) {
                unplaced.push(problem(file));
            }
            continue;
        };
        let row = &mut rows[row];
        row.sources.push(file.source.clone());
        row.documents.extend(file.documents.iter().cloned());
        match &file.content {
            Some(Content::T2(t2)) if file.errors == 0 => set(&mut row.t2, t2.clone(), file),
            Some(Content::Vb(vb)) if file.errors == 0 => set(&mut row.vb, vb.clone(), file),
            _ => match file.kind {
                Some(FileKind::T2) => row.t2.broken(problem(file)),
                Some(FileKind::Vb) => row.vb.broken(problem(file)),
                // A plan that cannot say its year, beside the year's plan.
                _ => row.plan.broken(problem(file)),
            },
        }
    }
    for (namnd, file) in last_year {
        if let Some(i) = row_of(&rows, namnd) {
            let row = &mut rows[i];
            row.previous.extend(file.documents.iter().cloned());
            if let Some(Content::Vb(vb)) = &file.content {
                row.last_vb = Some(vb.clone());
            }
        }
    }
    let mut missing = Vec::new();
    let newest = |name: &str| {
        files
            .iter()
            .filter(|f| f.kind == Some(FileKind::Plan))
            .filter(|f| {
                f.namnd
                    .as_deref()
                    .is_some_and(|n| name_key(n) == name_key(name))
            })
            .filter_map(|f| f.year)
            .max()
    };
    match &city.namnder {
        Some(listed) => {
            let mut ordered = Vec::new();
            for name in listed {
                match row_of(&rows, name) {
                    Some(i) => ordered.push(rows[i].clone()),
                    None => missing.push(Missing {
                        namnd: name.clone(),
                        newest: newest(name),
                    }),
                }
            }
            rows = ordered;
        }
        None => {
            let mut seen: Vec<String> = Vec::new();
            for file in files.iter().filter(|f| f.kind == Some(FileKind::Plan)) {
                let Some(name) = &file.namnd else { continue };
                if row_of(&rows, name).is_none()
                    && !seen.iter().any(|s| name_key(s) == name_key(name))
                {
                    seen.push(name.clone());
                    missing.push(Missing {
                        namnd: name.clone(),
                        newest: newest(name),
                    });
                }
            }
            rows.sort_by_key(|r| crate::swedish::sort_key(&r.namnd));
            missing.sort_by_key(|m| crate::swedish::sort_key(&m.namnd));
        }
    }
    // The plan first, then the follow-ups by name; their reports in the
    // order they were made.
    for row in &mut rows {
        row.sources[1..].sort();
        row.documents.sort_by_key(|d| d.date);
        row.previous.sort_by_key(|d| d.date);
    }
    let (recurring, uncatalogued) = recurring(&rows, city.processes.as_deref());
    let year_over = NaiveDate::from_ymd_opt(city.ar, 12, 31).is_some_and(|end| city.datum > end);
    let flags = flags(&rows, year_over);
    CityPicture {
        rows,
        missing,
        unplaced,
        recurring,
        uncatalogued,
        flags,
    }
}

/// A follow-up found: a second one for the same plan makes both suspect.
fn set<T>(part: &mut Part<T>, facts: T, file: &FileFacts) {
    match part {
        Part::Missing => *part = Part::Found(facts),
        _ => part.broken(Problem {
            file: file.source.clone(),
            errors: 0,
        }),
    }
}

/// Every flag of every nämnd, most serious first, nämnder in the rows' order.
fn flags(rows: &[NamndRow], year_over: bool) -> Vec<Flag> {
    let mut flags = Vec::new();
    for row in rows {
        let Some(plan) = row.plan.found() else {
            continue;
        };
        let mut push = |concern: Concern, sources: Vec<Option<&Document>>| {
            flags.push(Flag {
                namnd: row.namnd.clone(),
                concern,
                sources: sources.into_iter().flatten().cloned().collect(),
            });
        };
        let level = |l: Option<usize>| l.map(|l| plan.levels[l].name.clone());
        let named = |risk: &IkpRisk| Named {
            nr: risk.nr,
            title: risk.title.clone(),
            level: level(risk.level),
        };
        let top = plan.levels.len().saturating_sub(1);
        let vor = row.document("VoR").or_else(|| row.documents.first());
        let ikp = row.document("IKP").or(vor);
        let vb_doc = row.document("VB");
        let last_doc = row.previous.iter().find(|d| d.kind == "VB");
        match row.vb.found() {
            Some(vb) => {
                if let Some(before) = &row.last_vb
                    && rank(vb.verdict) < rank(before.verdict)
                {
                    push(
                        Concern::LowerVerdict {
                            now: vb.verdict,
                            before: before.verdict,
                            year: plan.year - 1,
                        },
                        vec![vb_doc, last_doc],
                    );
                }
                let not_done = |risk: &IkpRisk| {
                    vb.results(risk.nr)
                        .iter()
                        .any(|r| r.contains(&Some(Outcome::EjGenomford)))
                };
                let failed_top: Vec<Named> = plan
                    .ikp
                    .iter()
                    .filter(|r| r.level == Some(top) && not_done(r))
                    .map(named)
                    .collect();
                if vb.verdict == Verdict::Tillracklig && !failed_top.is_empty() {
                    push(
                        Concern::SufficientDespite { risks: failed_top },
                        vec![vb_doc],
                    );
                } else {
                    for risk in failed_top {
                        push(Concern::TopNotDone { risk }, vec![vb_doc]);
                    }
                }
                for risk in &plan.ikp {
                    if not_done(risk) && risk.last_year.contains(&Some(Outcome::EjGenomford)) {
                        push(
                            Concern::NotDoneTwice {
                                risk: named(risk),
                                year: plan.year - 1,
                            },
                            vec![vb_doc, last_doc],
                        );
                    }
                }
                for control in vb.controls.iter().filter(|c| c.results.is_empty()) {
                    if let Some(risk) = plan.ikp.iter().find(|r| r.nr == control.nr) {
                        push(
                            Concern::Unreported {
                                risk: named(risk),
                                moment: control.moment.clone(),
                            },
                            vec![vb_doc, ikp],
                        );
                    }
                }
                for late in &vb.overdue {
                    if let Some(risk) = plan.ikp.iter().find(|r| r.nr == late.nr) {
                        push(
                            Concern::Overdue {
                                risk: named(risk),
                                action: late.action.clone(),
                                end: late.end,
                            },
                            vec![vb_doc],
                        );
                    }
                }
            }
            None if year_over && matches!(row.vb, Part::Missing) => {
                let t2 = row.t2.found().is_some();
                let latest = if t2 { row.document("T2") } else { ikp };
                push(Concern::MissingVb { t2 }, vec![latest]);
            }
            None => {}
        }
        for risk in &plan.outside {
            push(
                Concern::OutsideIkp {
                    risk: Named {
                        nr: risk.nr,
                        title: risk.title.clone(),
                        level: level(Some(risk.level)),
                    },
                    value: risk.value,
                    motivation: risk.motivation.clone(),
                },
                vec![vor],
            );
        }
        for risk in &plan.unrated {
            push(Concern::Unrated { risk: risk.clone() }, vec![vor]);
        }
    }
    // Stable: within a kind, the nämnder keep the rows' order.
    flags.sort_by_key(|f| f.concern.rank());
    flags
}

/// A bedömning's place: otillräcklig lowest.
pub fn rank(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Otillracklig => 0,
        Verdict::DelvisTillracklig => 1,
        Verdict::Tillracklig => 2,
    }
}

/// A process name without the suffix after its last comma, which nämnder
/// use for the office ("Upphandling och inköp, ekonomikontoret").
fn without_suffix(name: &str) -> &str {
    name.rsplit_once(',').map_or(name, |(head, _)| head).trim()
}

/// Where a process name belongs: a process of the catalogue (by its name
/// or a variant, with or without the suffix), or its own folded name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ProcessKey {
    Catalogue(usize),
    Folded(String),
}

fn process_key(name: &str, catalogue: &[CatalogueProcess]) -> ProcessKey {
    let find = |written: &str| {
        let key = name_key(written);
        catalogue
            .iter()
            .position(|p| name_key(&p.name) == key || p.variants.iter().any(|v| name_key(v) == key))
    };
    match find(name).or_else(|| find(without_suffix(name))) {
        Some(i) => ProcessKey::Catalogue(i),
        None => ProcessKey::Folded(name_key(without_suffix(name))),
    }
}

/// Processes with high risks in two nämnder or more, most nämnder first;
/// with a catalogue, also the processes with high risks it does not name.
fn recurring(
    rows: &[NamndRow],
    catalogue: Option<&[CatalogueProcess]>,
) -> (Vec<Recurring>, Vec<(String, Vec<String>)>) {
    /// One process: its spellings and, per nämnd, its risks.
    struct Group {
        key: ProcessKey,
        spellings: Vec<String>,
        found: Recurring,
    }
    let mut groups: Vec<Group> = Vec::new();
    for row in rows {
        let Some(plan) = row.plan.found() else {
            continue;
        };
        for high in &plan.high {
            let key = process_key(&high.process, catalogue.unwrap_or_default());
            let index = match groups.iter().position(|g| g.key == key) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        key,
                        spellings: Vec::new(),
                        found: Recurring {
                            process: String::new(),
                            namnder: Vec::new(),
                            written: Vec::new(),
                        },
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[index];
            group.spellings.push(high.process.clone());
            let risk = (high.nr, high.level.clone());
            match group
                .found
                .namnder
                .iter_mut()
                .find(|(n, _)| *n == row.namnd)
            {
                Some((_, risks)) => risks.push(risk),
                None => group.found.namnder.push((row.namnd.clone(), vec![risk])),
            }
        }
    }
    let mut uncatalogued = Vec::new();
    let mut found = Vec::new();
    for group in groups {
        let process = match &group.key {
            ProcessKey::Catalogue(i) => catalogue.unwrap_or_default()[*i].name.clone(),
            ProcessKey::Folded(_) => {
                let stripped: Vec<String> = group
                    .spellings
                    .iter()
                    .map(|s| without_suffix(s).to_owned())
                    .collect();
                most_common(&stripped)
            }
        };
        if catalogue.is_some() && matches!(group.key, ProcessKey::Folded(_)) {
            let namnder = group.found.namnder.iter().map(|(n, _)| n.clone()).collect();
            uncatalogued.push((process.clone(), namnder));
        }
        if group.found.namnder.len() > 1 {
            let mut written: Vec<String> = Vec::new();
            for spelling in &group.spellings {
                if spelling != &process && !written.contains(spelling) {
                    written.push(spelling.clone());
                }
            }
            found.push(Recurring {
                process,
                written,
                ..group.found
            });
        }
    }
    found.sort_by(|a, b| {
        b.namnder
            .len()
            .cmp(&a.namnder.len())
            .then(b.risks().cmp(&a.risks()))
            .then_with(|| {
                crate::swedish::sort_key(&a.process).cmp(&crate::swedish::sort_key(&b.process))
            })
    });
    uncatalogued.sort_by_key(|(p, _)| crate::swedish::sort_key(p));
    (found, uncatalogued)
}

/// The spelling most nämnder use; the first of those on a tie.
fn most_common(spellings: &[String]) -> String {
    let mut best = &spellings[0];
    let mut best_count = 0;
    for s in spellings {
        let count = spellings.iter().filter(|t| *t == s).count();
        if count > best_count {
            best = s;
            best_count = count;
        }
    }
    best.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn city() -> City {
        City {
            kommun: "Staden".into(),
            ar: 2025,
            title: "Samlad bild".into(),
            diarienummer: None,
            datum: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            sender: "Kommunstyrelsen".into(),
            intro: String::new(),
            namnder: None,
            standing: Default::default(),
            logo: None,
            words: Vec::new(),
            conclusion: None,
            proposal: None,
            processes: None,
        }
    }

    fn plan(namnd: &str, year: i32, source: &str, high: &[(&str, u32)]) -> FileFacts {
        let facts = PlanFacts {
            namnd: namnd.into(),
            year,
            model: "4×4".into(),
            scale: Scale::square(4),
            levels: Vec::new(),
            high_from: 2,
            risks: high.len(),
            unrated: Vec::new(),
            ikp_controls: 0,
            ikp: Vec::new(),
            top: Vec::new(),
            outside: Vec::new(),
            high: high
                .iter()
                .map(|(process, nr)| HighRisk {
                    process: (*process).into(),
                    nr: *nr,
                    level: "Hög".into(),
                })
                .collect(),
            change: None,
            secret: Vec::new(),
        };
        FileFacts {
            source: source.into(),
            namnd: Some(namnd.into()),
            year: Some(year),
            kind: Some(FileKind::Plan),
            follows: None,
            errors: 0,
            content: Some(Content::Plan(Box::new(facts))),
            documents: Vec::new(),
        }
    }

    fn vb(source: &str, follows: &str) -> FileFacts {
        FileFacts {
            source: source.into(),
            namnd: None,
            year: None,
            kind: Some(FileKind::Vb),
            follows: Some(follows.into()),
            errors: 0,
            content: Some(Content::Vb(VbFacts {
                date: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
                tally: Tally::default(),
                verdict: Verdict::Tillracklig,
                controls: Vec::new(),
                overdue: Vec::new(),
            })),
            documents: Vec::new(),
        }
    }

    #[test]
    fn only_the_years_plans_make_rows_and_the_others_are_missing_with_their_newest_year() {
        let files = [
            plan("Socialnämnden", 2025, "s/plan-2025.yaml", &[]),
            plan("Kulturnämnden", 2014, "k/plan-2014.yaml", &[]),
            plan("Kulturnämnden", 2016, "k/plan-2016.yaml", &[]),
            vb("k/vb-2016.yaml", "k/plan-2016.yaml"),
            vb("s/vb-2025.yaml", "s/plan-2025.yaml"),
        ];
        let picture = roll_up(&city(), &files);
        assert_eq!(picture.rows.len(), 1);
        assert_eq!(picture.rows[0].namnd, "Socialnämnden");
        assert!(
            picture.rows[0].vb.found().is_some(),
            "the VB of the year's plan"
        );
        assert_eq!(picture.missing.len(), 1);
        assert_eq!(picture.missing[0].namnd, "Kulturnämnden");
        assert_eq!(picture.missing[0].newest, Some(2016));
        assert!(
            picture.unplaced.is_empty(),
            "another year's VB is not a problem"
        );
    }

    #[test]
    fn two_plans_of_one_namnd_for_one_year_are_both_named_and_neither_counted() {
        let files = [
            plan("Socialnämnden", 2025, "a/plan-2025.yaml", &[]),
            plan("socialnämnden ", 2025, "b/plan-2025.yaml", &[]),
        ];
        let picture = roll_up(&city(), &files);
        assert_eq!(picture.rows.len(), 1);
        let Part::Broken(problems) = &picture.rows[0].plan else {
            panic!("two plans for one year cannot both be right");
        };
        let files: Vec<&str> = problems.iter().map(|p| p.file.to_str().unwrap()).collect();
        assert_eq!(files, ["a/plan-2025.yaml", "b/plan-2025.yaml"]);
    }

    #[test]
    fn a_broken_file_goes_to_its_folders_namnd_or_else_is_listed_on_its_own() {
        let broken = |source: &str| FileFacts {
            source: source.into(),
            namnd: None,
            year: None,
            kind: None,
            follows: None,
            errors: 2,
            content: None,
            documents: Vec::new(),
        };
        let files = [
            plan("Socialnämnden", 2025, "s/plan-2025.yaml", &[]),
            broken("s/okänd.yaml"),
            broken("x/okänd.yaml"),
        ];
        let picture = roll_up(&city(), &files);
        assert!(matches!(picture.rows[0].plan, Part::Broken(_)));
        assert_eq!(picture.unplaced.len(), 1);
        assert_eq!(picture.unplaced[0].file, Path::new("x/okänd.yaml"));
    }

    #[test]
    fn processes_recur_when_high_risks_share_a_name_in_two_namnder() {
        let files = [
            plan(
                "A",
                2025,
                "a/p.yaml",
                &[("Upphandling och inköp", 1), ("Egen", 2)],
            ),
            plan("B", 2025, "b/p.yaml", &[("upphandling  och inköp", 4)]),
            plan(
                "C",
                2025,
                "c/p.yaml",
                &[("Upphandling och inköp", 7), ("Egen", 8)],
            ),
        ];
        let picture = roll_up(&city(), &files);
        assert_eq!(picture.recurring.len(), 2);
        let first = &picture.recurring[0];
        assert_eq!(first.process, "Upphandling och inköp", "as most write it");
        assert_eq!(first.namnder.len(), 3);
        assert_eq!(first.risks(), 3);
        assert_eq!(picture.recurring[1].process, "Egen");
    }

    #[test]
    fn a_suffix_after_the_last_comma_is_folded_and_the_catalogue_names_the_process() {
        let files = [
            plan(
                "A",
                2025,
                "a/p.yaml",
                &[("Upphandling och inköp, ekonomikontoret", 1)],
            ),
            plan("B", 2025, "b/p.yaml", &[("Upphandling och inköp", 4)]),
            plan(
                "C",
                2025,
                "c/p.yaml",
                &[("Inköp och upphandling", 7), ("Lokaler", 8)],
            ),
        ];
        let picture = roll_up(&city(), &files);
        assert_eq!(
            picture.recurring.len(),
            1,
            "without a catalogue, C's name is its own"
        );
        assert_eq!(picture.recurring[0].process, "Upphandling och inköp");
        assert_eq!(picture.recurring[0].namnder.len(), 2);
        assert_eq!(
            picture.recurring[0].written,
            ["Upphandling och inköp, ekonomikontoret"]
        );
        assert!(
            picture.uncatalogued.is_empty(),
            "no catalogue, nothing to list"
        );

        let mut with = city();
        with.processes = Some(vec![CatalogueProcess {
            name: "Inköp".into(),
            variants: vec![
                "upphandling och  inköp".into(),
                "Inköp och upphandling".into(),
            ],
        }]);
        let picture = roll_up(&with, &files);
        assert_eq!(picture.recurring[0].process, "Inköp");
        assert_eq!(picture.recurring[0].namnder.len(), 3);
        assert_eq!(
            picture.uncatalogued,
            [("Lokaler".to_owned(), vec!["C".to_owned()])]
        );
    }
}
