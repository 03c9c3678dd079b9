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

/// A title as compared: lowercase, without whitespace, a trailing `.`,
/// `:` or `?`.
pub fn normalise(title: &str) -> String {
    title
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_end_matches(['.', ':', '?'])
        .to_owned()
}

/// The column of `columns` a header cell names, if any.
pub fn find(columns: &'static [Column], header: &str) -> Option<&'static Column> {
    let wanted = normalise(header);
    if wanted.is_empty() {
        return None;
    }
    columns
        .iter()
        .find(|c| normalise(c.title) == wanted || c.synonyms.iter().any(|s| normalise(s) == wanted))
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
