//! The workbook's columns. Which columns a sheet has, in which order and
//! what each holds come from the model's types (a plan's risk with its
//! controls and actions, a T2 or VB entry: see `model::describe`), so a key
//! added to a type is a column too. This file adds how a column looks: its
//! Swedish title where it is not the key's, the other titles controllers
//! give it, its width, and whether an imported sheet must have it or a
//! follow-up locks it; and how a header row is matched against them.

use std::sync::LazyLock;

use crate::model::describe::{Defs, Describe, Field, Object, Shape};
use crate::model::{ActionDef, Control, RiskEntry, T2Entry, VbEntry};

/// A column of a workbook table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// What the column holds: the YAML key, `kontroll.` or `åtgärd.` in
    /// front for a control's or an action's field.
    pub key: &'static str,
    /// The title the tool writes.
    pub title: &'static str,
    /// Other titles it accepts (matched like the title).
    pub synonyms: &'static [&'static str],
    /// Width in characters.
    pub width: f64,
    /// Whether an imported sheet must have it.
    pub required: bool,
    /// Whether the user fills it in (left unlocked in a follow-up).
    pub input: bool,
    /// What its cells hold.
    pub kind: Kind,
    /// Whether the type needs the key, so a row must fill it in (an
    /// action's `åtgärd`, a T2 entry's `följer_plan`).
    pub needed: bool,
}

impl Column {
    /// The column in running text, as messages name it: "tidigare nr", "IKP".
    pub fn what(&self) -> String {
        if self.title.chars().all(|c| !c.is_lowercase()) {
            self.title.to_owned()
        } else {
            self.title.to_lowercase()
        }
    }
}

/// What a column's cells hold, and so how they are written and read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    /// A whole number.
    Int,
    /// One of the words the key allows, offered in a dropdown.
    Choice(&'static [&'static str]),
    /// A date, ÅÅÅÅ-MM-DD, written as a date cell.
    Date,
    /// A step on the risk model's scale, offered by its label.
    Step,
    /// Riskvärde or risknivå: a formula of the workbook, never read back.
    Computed,
    /// The plan's text beside a follow-up, locked, never read back.
    Plan,
}

/// How a column looks where it is not as its key and kind say.
#[derive(Clone, Copy)]
struct Look {
    key: &'static str,
    title: Option<&'static str>,
    synonyms: &'static [&'static str],
    width: Option<f64>,
    required: bool,
    locked: bool,
}

const fn look(key: &'static str) -> Look {
    Look {
        key,
        title: None,
        synonyms: &[],
        width: None,
        required: false,
        locked: false,
    }
}

impl Look {
    const fn titled(mut self, title: &'static str) -> Look {
        self.title = Some(title);
        self
    }
    const fn also(mut self, synonyms: &'static [&'static str]) -> Look {
        self.synonyms = synonyms;
        self
    }
    const fn wide(mut self, width: f64) -> Look {
        self.width = Some(width);
        self
    }
    const fn required(mut self) -> Look {
        self.required = true;
        self
    }
    const fn locked(mut self) -> Look {
        self.locked = true;
        self
    }
}

/// The plan's sheet "Risker": the grouping, then a risk's keys in the
/// type's order with riskvärde and risknivå after the ratings, a control's
/// and an action's keys where the risk holds them.
pub fn plan() -> &'static [Column] {
    static PLAN: LazyLock<Vec<Column>> = LazyLock::new(|| {
        let mut columns: Vec<Column> = GROUPING
            .iter()
            .map(|key| column(key, Kind::Text, PLAN_LOOKS))
            .collect();
        columns.extend(entry_columns::<RiskEntry>(PLAN_LOOKS));
        columns
    });
    &PLAN
}

/// The T2 follow-up's sheet: one row per risk; the plan's text after nr.
pub fn t2() -> &'static [Column] {
    static T2: LazyLock<Vec<Column>> =
        LazyLock::new(|| with_plan(entry_columns::<T2Entry>(T2_LOOKS), T2_PLAN));
    &T2
}

/// The VB follow-up's sheet: one row per result of a control, and a row
/// more for each further förbättringsåtgärd; the plan's text after the
/// control's nr.
pub fn vb() -> &'static [Column] {
    static VB: LazyLock<Vec<Column>> =
        LazyLock::new(|| with_plan(entry_columns::<VbEntry>(VB_LOOKS), VB_PLAN));
    &VB
}

/// The grouping columns, outermost first.
pub const GROUPING: [&str; 3] = ["mål", "process", "delprocess"];

/// The columns the workbook computes, after the ratings.
const COMPUTED: [&str; 2] = ["riskvärde", "risknivå"];

/// The plan's columns shown even when no risk uses them.
pub const PLAN_ALWAYS: &[&str] = &[
    "process",
    "nr",
    "risk",
    "sannolikhet",
    "konsekvens",
    "riskvärde",
    "risknivå",
    "ikp",
    "motivering",
    "kontroll.kontrollmoment",
    "kontroll.kontrollaktivitet",
    "kontroll.ansvarig",
];

const PLAN_LOOKS: &[Look] = &[
    look("mål")
        .wide(22.0)
        .also(&["KF:s mål", "Kommunfullmäktiges mål"]),
    look("process").wide(22.0).also(&["Verksamhetsprocess"]),
    look("delprocess").wide(22.0).also(&["Arbetssätt"]),
    look("nr")
        .wide(6.0)
        .also(&["Nummer", "Risknr", "Risknummer"])
        .required(),
    look("omprövas").wide(10.0),
    look("risk")
        .wide(40.0)
        .also(&["Oönskad händelse", "Identifierad risk", "Händelse"])
        .required(),
    look("beskrivning").wide(40.0),
    look("förebyggande_hantering")
        .wide(36.0)
        .also(&["Förebyggande"]),
    look("sannolikhet").also(&["S"]),
    look("konsekvens").also(&["K"]),
    look("riskvärde").wide(10.0).also(&["RV"]).locked(),
    look("risknivå").wide(12.0).also(&["Nivå"]).locked(),
    look("antaget").wide(9.0),
    look("ikp")
        .titled("IKP")
        .wide(7.0)
        .also(&["Internkontrollplan", "I IKP", "Till IKP"]),
    look("motivering").also(&["Motivering utanför IKP"]),
    look("kontroll.kontrollmoment").also(&["Kontroll", "Systematisk kontroll"]),
    look("kontroll.kontrollaktivitet")
        .wide(36.0)
        .also(&["Kontrollmetod"]),
    look("kontroll.ansvarig")
        .titled("Kontrollansvarig")
        .wide(18.0)
        .also(&["Ansvarig"]),
    look("kontroll.tidpunkt").wide(14.0).also(&["När"]),
    look("kontroll.rapportering")
        .wide(18.0)
        .also(&["Rapporteras till"]),
    look("befintliga_kontroller").wide(36.0),
    look("åtgärd.åtgärd").also(&["Riskreducerande åtgärd"]),
    look("åtgärd.beskrivning").titled("Åtgärdens beskrivning"),
    look("åtgärd.ansvarig")
        .titled("Åtgärdens ansvarig")
        .wide(18.0),
    look("uppföljningsmetod").also(&["Metod för uppföljning"]),
    look("granskningsmetod").also(&["Metod för granskning"]),
];

const T2_LOOKS: &[Look] = &[
    look("nr")
        .wide(6.0)
        .also(&["Nummer", "Risknr"])
        .required()
        .locked(),
    look("ansvarsområde").wide(24.0),
    look("befintliga_aktiviteter").wide(36.0),
    look("planerad_hantering").wide(36.0),
    look("följer_plan").required(),
    look("kommentar").wide(36.0),
];

/// The plan's text beside a T2 entry.
const T2_PLAN: &[Look] = &[
    look("plan.risk")
        .titled("Risk")
        .wide(40.0)
        .also(&["Oönskad händelse"]),
    look("plan.riskvärde").titled("Riskvärde").wide(10.0),
    look("plan.kontroll").titled("Kontroll").wide(36.0),
];

const VB_LOOKS: &[Look] = &[
    look("nr")
        .wide(6.0)
        .also(&["Nummer", "Risknr"])
        .required()
        .locked(),
    look("kontroll").titled("Kontroll nr").locked(),
    look("resultat").wide(18.0).required(),
    look("rubrik").wide(24.0),
    look("resultattext").wide(40.0),
    look("åtgärd.åtgärd")
        .titled("Förbättringsåtgärd")
        .also(&["Åtgärd"]),
    look("åtgärd.beskrivning").titled("Åtgärdens beskrivning"),
    look("åtgärd.ansvarig")
        .titled("Åtgärdens ansvarig")
        .wide(18.0),
];

/// The plan's text beside a VB entry.
const VB_PLAN: &[Look] = &[
    look("plan.risk")
        .titled("Risk")
        .wide(36.0)
        .also(&["Oönskad händelse"]),
    look("plan.kontroll").titled("Kontroll").wide(36.0),
];

/// The keys of an entry type as columns, in the type's order: a key
/// holding a control or an action (or a list of them) gives that part's
/// keys once, prefixed; the computed columns follow the last rating.
fn entry_columns<T: Describe>(looks: &[Look]) -> Vec<Column> {
    let (shape, defs) = Defs::of::<T>();
    let entry = defs.resolve(&shape).expect("an entry is a struct");
    let mut columns = Vec::new();
    let mut parts_done: Vec<&str> = Vec::new();
    for field in &entry.fields {
        if let Some((prefix, part)) = part_of(field, &defs) {
            if !parts_done.contains(&prefix) {
                parts_done.push(prefix);
                for inner in &part.fields {
                    let key = leak(format!("{prefix}.{}", inner.key));
                    let mut column = column(key, kind(inner), looks);
                    column.needed = inner.required;
                    columns.push(column);
                }
            }
            continue;
        }
        let mut own = column(field.key, kind(field), looks);
        own.needed = field.required;
        columns.push(own);
    }
    if let Some(last) = columns.iter().rposition(|c| c.kind == Kind::Step) {
        for (i, key) in COMPUTED.iter().enumerate() {
            columns.insert(last + 1 + i, column(key, Kind::Computed, looks));
        }
    }
    columns
}

/// The plan's columns inserted after an entry's locked keys at the front.
fn with_plan(mut columns: Vec<Column>, plan: &[Look]) -> Vec<Column> {
    let at = columns.iter().take_while(|c| !c.input).count();
    for (i, look) in plan.iter().enumerate() {
        columns.insert(at + i, column(look.key, Kind::Plan, &[*look]));
    }
    columns
}

/// The prefix of the columns of the part (a control, an action) that
/// `field` holds, one or a list of.
pub fn part_prefix(field: &Field, defs: &Defs) -> Option<&'static str> {
    part_of(field, defs).map(|(prefix, _)| prefix)
}

/// The part `field` holds, with its columns' prefix.
fn part_of<'d>(field: &Field, defs: &'d Defs) -> Option<(&'static str, &'d Object)> {
    let shape = match &field.shape {
        Shape::List(item) => item.as_ref(),
        shape => shape,
    };
    let object = defs.resolve(shape)?;
    let named = |of: (Shape, Defs)| matches!(of.0, Shape::Object(name) if name == object.name);
    let prefix = if named(Defs::of::<Control>()) {
        "kontroll"
    } else if named(Defs::of::<ActionDef>()) {
        "åtgärd"
    } else {
        return None;
    };
    Some((prefix, object))
}

/// What a row that has a part's other cells but not its name says, and
/// the hint, by the part's prefix.
pub fn unnamed(prefix: &str) -> (String, &'static str) {
    match prefix {
        "åtgärd" => (
            "åtgärden saknar namn".to_owned(),
            "skriv åtgärden; beskrivning, ansvarig, start, slut och status hör till den",
        ),
        other => (format!("{other}en saknar namn"), "skriv dess namn"),
    }
}

/// A key's kind of cell: the ratings are steps on the model's scale.
fn kind(field: &Field) -> Kind {
    match &field.shape {
        _ if RATINGS.contains(&field.key) => Kind::Step,
        Shape::Integer => Kind::Int,
        Shape::Date => Kind::Date,
        Shape::Choice(variants) => {
            Kind::Choice(Box::leak(variants.iter().map(|v| v.name).collect()))
        }
        _ => Kind::Text,
    }
}

/// The column of `key`: as its look says, or else titled by its key
/// ("tidigare_nr" → "Tidigare nr") and as wide as its kind wants.
fn column(key: &'static str, kind: Kind, looks: &[Look]) -> Column {
    let look = looks
        .iter()
        .find(|l| l.key == key)
        .copied()
        .unwrap_or(look(key));
    let title = look.title.unwrap_or_else(|| {
        let own = key.rsplit('.').next().unwrap_or(key).replace('_', " ");
        let mut chars = own.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        leak(first.unwrap_or_default() + chars.as_str())
    });
    let width = look.width.unwrap_or(match kind {
        Kind::Int => 9.0,
        Kind::Choice(_) | Kind::Date => 12.0,
        Kind::Step => 16.0,
        Kind::Text | Kind::Computed | Kind::Plan => 30.0,
    });
    Column {
        key,
        title,
        synonyms: look.synonyms,
        width,
        required: look.required,
        input: !look.locked && !matches!(kind, Kind::Computed | Kind::Plan),
        kind,
        needed: false,
    }
}

/// A text made once per process, for the columns' static list.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// The plan's columns that hold the ratings: a workbook that lacks one of
/// them while another column with values goes unrecognised is refused, as
/// importing it would leave every risk "ej värderad".
pub const RATINGS: &[&str] = &["sannolikhet", "konsekvens"];

/// A title as compared: lowercase, without whitespace, a trailing `.`,
/// `:`, `?` or `*`.
pub fn normalise(title: &str) -> String {
    title
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_end_matches(['.', ':', '?', '*'])
        .to_owned()
}

/// The title with what controllers add to it taken away: a scale or note
/// in brackets ("Sannolikhet (1-4)", "S [1–5]"), a note after a
/// separator ("Konsekvens, 1–4", "Sannolikhet: bedömning", "Riskvärde =
/// S × K", "Konsekvens – allvar") and a scale after the name
/// ("Sannolikhet 1-4").
fn core(title: &str) -> String {
    let mut text = String::with_capacity(title.len());
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => text.push(c),
            _ => {}
        }
    }
    let cut = [",", ":", ";", "=", "–", "—", " - ", "\n"]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min()
        .unwrap_or(text.len());
    let named = normalise(&text[..cut]);
    named
        .trim_end_matches(|c: char| c.is_ascii_digit() || "-–—/×".contains(c))
        .trim_end_matches(['.', ':', '?', '*'])
        .to_owned()
}

/// Every title of a column, as compared.
fn titles(column: &Column) -> impl Iterator<Item = String> {
    std::iter::once(column.title)
        .chain(column.synonyms.iter().copied())
        .map(normalise)
}

/// The column of `columns` a header cell names, if any: its title or a
/// synonym in any case and spacing, with a scale or note beside it, or
/// abbreviated with a dot ("Kons.", "Förebygg. hant.").
pub fn find(columns: &'static [Column], header: &str) -> Option<&'static Column> {
    let forms = [normalise(header), core(header)];
    for form in forms.iter().filter(|f| !f.is_empty()) {
        if let Some(column) = columns.iter().find(|c| titles(c).any(|t| t == *form)) {
            return Some(column);
        }
    }
    abbreviated(columns, header)
}

/// The one column whose title the header abbreviates with a dot: each of
/// its words begins the title or a later part of it ("Kons." for
/// Konsekvens, "Kontr.ansv." for Kontrollansvarig). None when no column or
/// more than one fits.
fn abbreviated(columns: &'static [Column], header: &str) -> Option<&'static Column> {
    let text = header.split(['(', '[']).next().unwrap_or_default();
    if !text.contains('.') {
        return None;
    }
    let words: Vec<String> = text
        .split(|c: char| c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    let fits = |title: &str| {
        let title = normalise(title);
        let mut from = 0;
        for (i, word) in words.iter().enumerate() {
            let found = if i == 0 {
                title.starts_with(word.as_str()).then_some(0)
            } else {
                title[from..].find(word.as_str()).map(|at| from + at)
            };
            match found {
                Some(at) => from = at + word.len(),
                None => return false,
            }
        }
        true
    };
    let mut matching = columns.iter().filter(|c| {
        std::iter::once(c.title)
            .chain(c.synonyms.iter().copied())
            .any(fits)
    });
    let first = matching.next()?;
    matching.next().is_none().then_some(first)
}

/// The known title nearest to an unrecognised header, for "menade du …?":
/// one that the header begins, or one a letter or two away from it.
pub fn nearest(columns: &'static [Column], header: &str) -> Option<&'static Column> {
    let wanted = core(header);
    let length = wanted.chars().count();
    if length < 3 {
        return None;
    }
    let mut best: Option<(usize, &'static Column)> = None;
    for column in columns {
        for title in titles(column) {
            let distance = if title.starts_with(&wanted) {
                0
            } else {
                edit_distance(&wanted, &title)
            };
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, column));
            }
        }
    }
    best.filter(|(d, _)| *d <= (length / 4).max(1))
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_case_and_space_insensitively_with_synonyms() {
        assert_eq!(find(plan(), "  oönskad  Händelse ").unwrap().key, "risk");
        assert_eq!(find(plan(), "S").unwrap().key, "sannolikhet");
        assert_eq!(find(plan(), "rv").unwrap().key, "riskvärde");
        assert_eq!(find(plan(), "Ansvarig").unwrap().key, "kontroll.ansvarig");
        assert_eq!(
            find(plan(), "Finns kontroller?").unwrap().key,
            "finns_kontroller"
        );
        assert!(find(plan(), "Anteckningar").is_none());
    }

    #[test]
    fn scales_notes_and_abbreviations_are_read() {
        let key = |h: &str| find(plan(), h).map(|c| c.key);
        assert_eq!(key("Sannolikhet (1-4)"), Some("sannolikhet"));
        assert_eq!(key("S (1–5)"), Some("sannolikhet"));
        assert_eq!(key("K [1-4]"), Some("konsekvens"));
        assert_eq!(key("Sannolikhet 1–4"), Some("sannolikhet"));
        assert_eq!(key("Konsekvens, skala 1-4"), Some("konsekvens"));
        assert_eq!(key("Riskvärde = S × K"), Some("riskvärde"));
        assert_eq!(key("Kons."), Some("konsekvens"));
        assert_eq!(key("Sannol."), Some("sannolikhet"));
        assert_eq!(key("Förebygg. hant."), Some("förebyggande_hantering"));
        assert_eq!(key("Kontr.ansv."), Some("kontroll.ansvarig"));
        assert_eq!(key("Nr."), Some("nr"));
        // A dot that fits more than one column names none.
        assert_eq!(key("R."), None);
        assert_eq!(key("Kons"), None);
        assert_eq!(key("Kontrollmoment 2"), Some("kontroll.kontrollmoment"));
    }

    #[test]
    fn the_nearest_title_is_a_letter_or_two_away_or_begun() {
        let near = |h: &str| nearest(plan(), h).map(|c| c.title);
        assert_eq!(near("Kosekvens"), Some("Konsekvens"));
        assert_eq!(near("Kons"), Some("Konsekvens"));
        assert_eq!(near("Sanolikhet (1-4)"), Some("Sannolikhet"));
        assert_eq!(near("Påverkan"), None);
        assert_eq!(near("X"), None);
    }

    #[test]
    fn every_look_is_of_a_column_its_sheet_has() {
        for (looks, columns) in [
            (PLAN_LOOKS, plan()),
            (T2_LOOKS, t2()),
            (VB_LOOKS, vb()),
            (T2_PLAN, t2()),
            (VB_PLAN, vb()),
        ] {
            for look in looks {
                assert!(
                    columns.iter().any(|c| c.key == look.key),
                    "{}: no such key in the model; a renamed key needs its look renamed",
                    look.key
                );
            }
        }
        for key in PLAN_ALWAYS {
            assert!(plan().iter().any(|c| c.key == *key), "{key}");
        }
    }

    #[test]
    fn a_sheet_is_the_types_keys_in_their_order() {
        let keys: Vec<&str> = plan().iter().map(|c| c.key).collect();
        let at = |key: &str| keys.iter().position(|k| *k == key).unwrap();
        assert_eq!(&keys[..4], ["mål", "process", "delprocess", "nr"]);
        assert_eq!(at("riskvärde"), at("konsekvens") + 1);
        assert_eq!(at("risknivå"), at("konsekvens") + 2);
        assert!(at("kontroll.rapportering") < at("finns_kontroller"));
        assert!(!keys.contains(&"kontroller"), "one set of control columns");
        let ikp = plan().iter().find(|c| c.key == "ikp").unwrap();
        assert_eq!(ikp.kind, Kind::Choice(&["ja", "nej"]));
        assert_eq!(ikp.what(), "IKP");
        let vb: Vec<&str> = vb().iter().map(|c| c.key).collect();
        assert_eq!(
            &vb[..5],
            ["nr", "kontroll", "plan.risk", "plan.kontroll", "resultat"]
        );
        assert!(vb.contains(&"åtgärd.status"));
    }

    #[test]
    fn no_two_columns_share_a_title() {
        for columns in [plan(), t2(), vb()] {
            let mut seen = std::collections::HashSet::new();
            for c in columns {
                for t in std::iter::once(&c.title).chain(c.synonyms) {
                    assert!(seen.insert(normalise(t)), "{t} twice");
                }
            }
        }
    }
}
