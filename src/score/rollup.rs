//! Kommunstyrelsens samlade bild: what each nämnd's checked files say,
//! reduced to facts (`plan_facts`, `follow_up_facts`), and those facts of
//! a whole city put together for one year (`roll_up`). Pure: the driver
//! hands in the facts of the files the batch has already checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Scored;
use super::history::Direction;
use crate::model::{FollowsPlan, Outcome, Verdict};
use crate::validate::Plan;
use crate::validate::city::{City, name_key};
use crate::validate::followup::{FollowUp, Vb};

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

/// A nämnd's plan, counted in its own model.
#[derive(Debug, Clone)]
pub struct PlanFacts {
    pub namnd: String,
    pub year: i32,
    /// The risk model's name, to tell models apart.
    pub model: String,
    /// The model's levels, lowest first, with the rated risks on each.
    pub levels: Vec<LevelCount>,
    pub risks: usize,
    pub unrated: usize,
    /// Controls in the internkontrollplan (a risk without one counts once).
    pub ikp_controls: usize,
    /// Risks on the model's highest level.
    pub top: Vec<TopRisk>,
    /// Risks on the upper half of the levels, by process.
    pub high: Vec<HighRisk>,
    /// Against last year's plan, when there is one.
    pub change: Option<Change>,
}

#[derive(Debug, Clone)]
pub struct LevelCount {
    pub name: String,
    pub color: [u8; 3],
    pub count: usize,
}

/// A risk on its nämnd's highest level.
#[derive(Debug, Clone)]
pub struct TopRisk {
    pub nr: u32,
    pub title: String,
    pub value: u32,
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
    pub raised: usize,
    pub lowered: usize,
    pub unchanged: usize,
    pub new: usize,
    pub dropped: usize,
}

/// A T2 follow-up: for each critical risk (an IKP risk on the highest
/// level, as the T2 report lists them), whether it follows the plan;
/// `None` when the T2 leaves it out.
#[derive(Debug, Clone)]
pub struct T2Facts {
    pub critical: Vec<(u32, Option<FollowsPlan>)>,
}

/// A VB follow-up: its results counted as the VB report counts them, and
/// the nämnd's bedömning.
#[derive(Debug, Clone)]
pub struct VbFacts {
    pub tally: Tally,
    pub verdict: Verdict,
}

/// Results of the internkontrollplan's controls: one per result a control
/// reports, and one "ej rapporterad" for a control the VB does not name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub done: usize,
    pub partly: usize,
    pub not_done: usize,
    pub not_assessed: usize,
    pub not_reported: usize,
}

impl Tally {
    /// A tally of every control not reported.
    pub fn unreported(controls: usize) -> Self {
        Tally {
            not_reported: controls,
            ..Tally::default()
        }
    }

    pub fn add(&mut self, other: &Tally) {
        self.done += other.done;
        self.partly += other.partly;
        self.not_done += other.not_done;
        self.not_assessed += other.not_assessed;
        self.not_reported += other.not_reported;
    }
}

/// The facts of a checked plan.
pub fn plan_facts(plan: &Plan, scored: &Scored) -> PlanFacts {
    let levels = &plan.model.levels;
    let top = levels.len() - 1;
    // The upper half of the levels: Hög and Kritisk of four, Kritisk of three.
    let high_from = levels.len() - levels.len() / 2;
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
    let change = scored.history.as_ref().map(|history| {
        let mut change = Change {
            year: history.year,
            before: history.counts.clone(),
            raised: 0,
            lowered: 0,
            unchanged: 0,
            new: 0,
            dropped: history.dropped.len(),
        };
        for risk in &history.risks {
            match risk.direction() {
                None => change.new += 1,
                Some(Direction::Raised) => change.raised += 1,
                Some(Direction::Lowered) => change.lowered += 1,
                Some(Direction::Unchanged) => change.unchanged += 1,
                Some(Direction::NotComparable) => {}
            }
        }
        change
    });
    PlanFacts {
        namnd: plan.meta.namnd.clone(),
        year: plan.meta.ar,
        model: plan
            .model
            .name
            .clone()
            .unwrap_or_else(|| "nämndens egen riskmodell".into()),
        levels: levels
            .iter()
            .zip(&scored.counts)
            .map(|(level, &count)| LevelCount {
                name: level.name.clone(),
                color: level.color,
                count,
            })
            .collect(),
        risks: plan.risks.len(),
        unrated: scored.unrated.len(),
        ikp_controls: scored
            .ikp
            .iter()
            .map(|&i| plan.risks[i].controls.len().max(1))
            .sum(),
        top: plan
            .risks
            .iter()
            .zip(&scored.risks)
            .filter(|(_, score)| score.level == Some(top))
            .map(|(risk, score)| TopRisk {
                nr: risk.nr,
                title: risk.title.clone(),
                value: score.value.unwrap_or(0),
                in_ikp: score.in_ikp,
                motivation: risk.motivation.clone(),
            })
            .collect(),
        high,
        change,
    }
}

/// The facts of a checked follow-up of `plan`.
pub fn follow_up_facts(plan: &Plan, scored: &Scored, follow_up: &FollowUp) -> Content {
    match follow_up {
        FollowUp::T2(t2) => {
            let top = plan.model.levels.len() - 1;
            let critical = scored
                .ikp
                .iter()
                .filter(|&&i| scored.risks[i].level == Some(top))
                .map(|&i| {
                    let follows = t2.items.iter().find(|item| item.risk == i);
                    (plan.risks[i].nr, follows.map(|item| item.follows))
                })
                .collect();
            Content::T2(T2Facts { critical })
        }
        FollowUp::Vb(vb) => Content::Vb(VbFacts {
            tally: tally(plan, scored, vb),
            verdict: vb.verdict,
        }),
    }
}

/// The VB's results per control of the internkontrollplan.
fn tally(plan: &Plan, scored: &Scored, vb: &Vb) -> Tally {
    let mut tally = Tally::default();
    for &risk in &scored.ikp {
        for control in 0..plan.risks[risk].controls.len().max(1) {
            let mut reported = false;
            for item in vb
                .items
                .iter()
                .filter(|i| i.risk == risk && i.control == control)
            {
                reported = true;
                match item.outcome {
                    Some(Outcome::Genomford) => tally.done += 1,
                    Some(Outcome::DelvisGenomford) => tally.partly += 1,
                    Some(Outcome::EjGenomford) => tally.not_done += 1,
                    None => tally.not_assessed += 1,
                }
            }
            if !reported {
                tally.not_reported += 1;
            }
        }
    }
    tally
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
    /// As most nämnder write it.
    pub process: String,
    /// Per nämnd (in the rows' order): the high risks' nrs and levels.
    pub namnder: Vec<(String, Vec<(u32, String)>)>,
}

impl Recurring {
    pub fn risks(&self) -> usize {
        self.namnder.iter().map(|(_, risks)| risks.len()).sum()
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
    for file in files {
        let row = match (file.kind, &file.follows) {
            (Some(FileKind::Plan), _) if file.year.is_some() => continue,
            (Some(FileKind::T2 | FileKind::Vb), Some(plan)) => {
                match plan_rows.get(plan.as_path()) {
                    Some(&row) => Some(row),
                    // A follow-up of another year's plan.
                    None => continue,
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
    // The plan first, then the follow-ups by name.
    for row in &mut rows {
        row.sources[1..].sort();
    }
    let recurring = recurring(&rows);
    CityPicture {
        rows,
        missing,
        unplaced,
        recurring,
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

/// Processes with high risks in two nämnder or more: most nämnder first.
fn recurring(rows: &[NamndRow]) -> Vec<Recurring> {
    /// One folded process name: its spellings and, per nämnd, its risks.
    struct Group {
        key: String,
        spellings: Vec<String>,
        found: Recurring,
    }
    let mut groups: Vec<Group> = Vec::new();
    for row in rows {
        let Some(plan) = row.plan.found() else {
            continue;
        };
        for high in &plan.high {
            let key = name_key(&high.process);
            let index = match groups.iter().position(|g| g.key == key) {
                Some(i) => i,
                None => {
                    groups.push(Group {
                        key,
                        spellings: Vec::new(),
                        found: Recurring {
                            process: String::new(),
                            namnder: Vec::new(),
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
    let mut found: Vec<Recurring> = groups
        .into_iter()
        .filter(|g| g.found.namnder.len() > 1)
        .map(|g| Recurring {
            process: most_common(&g.spellings),
            ..g.found
        })
        .collect();
    found.sort_by(|a, b| {
        b.namnder
            .len()
            .cmp(&a.namnder.len())
            .then(b.risks().cmp(&a.risks()))
            .then_with(|| {
                crate::swedish::sort_key(&a.process).cmp(&crate::swedish::sort_key(&b.process))
            })
    });
    found
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
            logo: None,
        }
    }

    fn plan(namnd: &str, year: i32, source: &str, high: &[(&str, u32)]) -> FileFacts {
        let facts = PlanFacts {
            namnd: namnd.into(),
            year,
            model: "4×4".into(),
            levels: Vec::new(),
            risks: high.len(),
            unrated: 0,
            ikp_controls: 0,
            top: Vec::new(),
            high: high
                .iter()
                .map(|(process, nr)| HighRisk {
                    process: (*process).into(),
                    nr: *nr,
                    level: "Hög".into(),
                })
                .collect(),
            change: None,
        };
        FileFacts {
            source: source.into(),
            namnd: Some(namnd.into()),
            year: Some(year),
            kind: Some(FileKind::Plan),
            follows: None,
            errors: 0,
            content: Some(Content::Plan(Box::new(facts))),
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
                tally: Tally::default(),
                verdict: Verdict::Tillracklig,
            })),
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
}
