//! The workbook's columns: each column's key, its Swedish title, the other
//! titles controllers give it in their own workbooks, and how a header row
//! is matched against them.

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
}

const fn col(key: &'static str, title: &'static str, width: f64) -> Column {
    Column {
        key,
        title,
        synonyms: &[],
        width,
        required: false,
        input: true,
    }
}

const fn with(mut c: Column, synonyms: &'static [&'static str]) -> Column {
    c.synonyms = synonyms;
    c
}

const fn required(mut c: Column) -> Column {
    c.required = true;
    c
}

const fn locked(mut c: Column) -> Column {
    c.input = false;
    c
}

/// The plan's sheet "Risker", in the order written.
pub const PLAN: &[Column] = &[
    with(
        col("mål", "Mål", 22.0),
        &["KF:s mål", "Kommunfullmäktiges mål"],
    ),
    with(col("process", "Process", 22.0), &["Verksamhetsprocess"]),
    with(col("delprocess", "Delprocess", 22.0), &["Arbetssätt"]),
    required(with(
        col("nr", "Nr", 6.0),
        &["Nummer", "Risknr", "Risknummer"],
    )),
    col("tidigare_nr", "Tidigare nr", 9.0),
    col("omprövas", "Omprövas", 10.0),
    required(with(
        col("risk", "Risk", 40.0),
        &["Oönskad händelse", "Identifierad risk", "Händelse"],
    )),
    col("beskrivning", "Beskrivning", 40.0),
    with(
        col("förebyggande_hantering", "Förebyggande hantering", 36.0),
        &["Förebyggande"],
    ),
    with(col("sannolikhet", "Sannolikhet", 16.0), &["S"]),
    with(col("konsekvens", "Konsekvens", 16.0), &["K"]),
    locked(with(col("riskvärde", "Riskvärde", 10.0), &["RV"])),
    locked(with(col("risknivå", "Risknivå", 12.0), &["Nivå"])),
    col("antaget", "Antaget", 9.0),
    with(
        col("ikp", "IKP", 7.0),
        &["Internkontrollplan", "I IKP", "Till IKP"],
    ),
    with(
        col("motivering", "Motivering", 30.0),
        &["Motivering utanför IKP"],
    ),
    col("direktåtgärder", "Direktåtgärder", 30.0),
    with(
        col("kontroll.kontrollmoment", "Kontrollmoment", 30.0),
        &["Kontroll", "Systematisk kontroll"],
    ),
    with(
        col("kontroll.kontrollaktivitet", "Kontrollaktivitet", 36.0),
        &["Kontrollmetod"],
    ),
    with(
        col("kontroll.ansvarig", "Kontrollansvarig", 18.0),
        &["Ansvarig"],
    ),
    with(col("kontroll.tidpunkt", "Tidpunkt", 14.0), &["När"]),
    with(
        col("kontroll.rapportering", "Rapportering", 18.0),
        &["Rapporteras till"],
    ),
    col("finns_kontroller", "Finns kontroller", 12.0),
    col("befintliga_kontroller", "Befintliga kontroller", 36.0),
    col("åtgärder_inledning", "Åtgärder inledning", 30.0),
    with(
        col("åtgärd.åtgärd", "Åtgärd", 30.0),
        &["Riskreducerande åtgärd"],
    ),
    col("åtgärd.beskrivning", "Åtgärdens beskrivning", 30.0),
    col("åtgärd.ansvarig", "Åtgärdens ansvarig", 18.0),
    col("åtgärd.start", "Start", 12.0),
    col("åtgärd.slut", "Slut", 12.0),
    col("åtgärd.status", "Status", 12.0),
    with(
        col("uppföljningsmetod", "Uppföljningsmetod", 30.0),
        &["Metod för uppföljning"],
    ),
    with(
        col("granskningsmetod", "Granskningsmetod", 30.0),
        &["Metod för granskning"],
    ),
];

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

/// The T2 follow-up's sheet: one row per risk.
pub const T2: &[Column] = &[
    locked(required(with(col("nr", "Nr", 6.0), &["Nummer", "Risknr"]))),
    locked(with(col("plan.risk", "Risk", 40.0), &["Oönskad händelse"])),
    locked(col("plan.riskvärde", "Riskvärde", 10.0)),
    locked(col("plan.kontroll", "Kontroll", 36.0)),
    col("ansvarsområde", "Ansvarsområde", 24.0),
    col("befintliga_aktiviteter", "Befintliga aktiviteter", 36.0),
    col("planerad_hantering", "Planerad hantering", 36.0),
    required(col("följer_plan", "Följer plan", 12.0)),
    col("kommentar", "Kommentar", 36.0),
];

/// The VB follow-up's sheet: one row per result of a control, and a row
/// more for each further förbättringsåtgärd.
pub const VB: &[Column] = &[
    locked(required(with(col("nr", "Nr", 6.0), &["Nummer", "Risknr"]))),
    locked(col("kontroll", "Kontroll nr", 9.0)),
    locked(with(col("plan.risk", "Risk", 36.0), &["Oönskad händelse"])),
    locked(col("plan.kontroll", "Kontroll", 36.0)),
    required(col("resultat", "Resultat", 18.0)),
    col("rubrik", "Rubrik", 24.0),
    col("resultattext", "Resultattext", 40.0),
    with(
        col("åtgärd.åtgärd", "Förbättringsåtgärd", 30.0),
        &["Åtgärd"],
    ),
    col("åtgärd.beskrivning", "Åtgärdens beskrivning", 30.0),
    col("åtgärd.ansvarig", "Åtgärdens ansvarig", 18.0),
    col("åtgärd.start", "Start", 12.0),
    col("åtgärd.slut", "Slut", 12.0),
    col("åtgärd.status", "Status", 12.0),
];

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
        assert_eq!(find(PLAN, "  oönskad  Händelse ").unwrap().key, "risk");
        assert_eq!(find(PLAN, "S").unwrap().key, "sannolikhet");
        assert_eq!(find(PLAN, "rv").unwrap().key, "riskvärde");
        assert_eq!(find(PLAN, "Ansvarig").unwrap().key, "kontroll.ansvarig");
        assert_eq!(
            find(PLAN, "Finns kontroller?").unwrap().key,
            "finns_kontroller"
        );
        assert!(find(PLAN, "Anteckningar").is_none());
    }

    #[test]
    fn scales_notes_and_abbreviations_are_read() {
        let key = |h: &str| find(PLAN, h).map(|c| c.key);
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
        let near = |h: &str| nearest(PLAN, h).map(|c| c.title);
        assert_eq!(near("Kosekvens"), Some("Konsekvens"));
        assert_eq!(near("Kons"), Some("Konsekvens"));
        assert_eq!(near("Sanolikhet (1-4)"), Some("Sannolikhet"));
        assert_eq!(near("Påverkan"), None);
        assert_eq!(near("X"), None);
    }

    #[test]
    fn no_two_columns_share_a_title() {
        for columns in [PLAN, T2, VB] {
            let mut seen = std::collections::HashSet::new();
            for c in columns {
                for t in std::iter::once(&c.title).chain(c.synonyms) {
                    assert!(seen.insert(normalise(t)), "{t} twice");
                }
            }
        }
    }
}
