//! Checks a risk model: scale, labels, colours, and that the levels cover
//! every possible riskvärde exactly once (or every cell, when coloured cell by cell).

use std::path::Path;

use serde_saphyr::Spanned;

use super::plan::{Level, LevelRule, RiskModel, Scale, possible_values};
use crate::diag::{Diagnostic, Diagnostics, KeyPath, Located};
use crate::model::{RiskModelFile, ScaleDef};
use crate::swedish::{EntryError, parse_entry};

/// The smallest and largest scale accepted.
pub const SCALE_RANGE: std::ops::RangeInclusive<i64> = 2..=10;

/// Checks `file` (from `path`); pushes problems to `diags`, returns the model if usable.
pub fn validate_model(
    path: &Path,
    file: &RiskModelFile,
    diags: &mut Diagnostics,
) -> Option<RiskModel> {
    let before = diags.error_count();
    let err = |msg: String, at: &dyn Located, field: KeyPath| {
        Diagnostic::error(path, msg).at(at).field(field)
    };
    let model = || KeyPath::new("riskmodell");
    let level = |i: usize, key: &str| model().key("nivåer").index(i).key(key);

    let scale = scale(path, file, diags)?;
    for (labels, key, n) in [
        (&file.sannolikhet, "sannolikhet", scale.likelihood),
        (&file.konsekvens, "konsekvens", scale.consequence),
    ] {
        if labels.value.len() != n as usize {
            diags.push(
                err(
                    format!(
                        "{key} har {} benämningar men skalan har {n} steg för {key}",
                        labels.value.len()
                    ),
                    labels,
                    model().key(key),
                )
                .hint(format!("ange en benämning per steg, från 1 till {n}")),
            );
        }
    }

    let mut levels = Vec::new();
    for (i, def) in file.nivaer.value.iter().enumerate() {
        let name = def.namn.value.trim().to_owned();
        if name.is_empty() {
            diags.push(err(
                "en nivå saknar namn".into(),
                &def.namn,
                level(i, "namn"),
            ));
        }
        if levels.iter().any(|l: &Level| l.name == name) {
            diags.push(err(
                format!("nivån ”{name}” står två gånger"),
                &def.namn,
                level(i, "namn"),
            ));
        }
        let color = parse_color(&def.farg.value).unwrap_or_else(|| {
            diags.push(
                err(
                    format!("”{}” är ingen färg", def.farg.value),
                    &def.farg,
                    level(i, "färg"),
                )
                .hint("ange färgen som hexkod, t.ex. \"#e53935\" (med citattecken)"),
            );
            [0, 0, 0]
        });
        let plural = def
            .plural
            .clone()
            .unwrap_or_else(|| default_plural(&name.to_lowercase()));
        levels.push(Level {
            name,
            plural,
            color,
        });
    }
    if levels.is_empty() {
        diags.push(
            err(
                "modellen har inga nivåer".into(),
                &file.nivaer,
                model().key("nivåer"),
            )
            .hint("ange nivåerna från lägst till högst, t.ex. Låg, Medium, Hög, Kritisk"),
        );
        return None;
    }

    let level_rule = match &file.celler {
        Some(cells) => cells_rule(path, file, cells, &levels, scale, diags),
        None => thresholds_rule(path, file, scale, diags),
    };

    let ikp_rule = super::ikp_rule::ikp_rule(path, file, &levels, scale, diags);

    let hyphenation = hyphenation(path, file, diags);
    (diags.error_count() == before).then(|| RiskModel {
        hyphenation,
        name: file.namn.clone(),
        scale,
        likelihood_labels: file.sannolikhet.value.clone(),
        consequence_labels: file.konsekvens.value.clone(),
        levels,
        level_rule: level_rule.unwrap_or(LevelRule::Thresholds(Vec::new())),
        ikp_rule,
        assumed: {
            let mut parts = file.antagna.clone();
            parts.sort_by_key(|p| *p as u8);
            parts.dedup();
            parts
        },
    })
}

/// The model's scale: `skala` as given, or, without it, as many steps on
/// each axis as it has labels. Each axis has 2 to 10 steps.
fn scale(path: &Path, file: &RiskModelFile, diags: &mut Diagnostics) -> Option<Scale> {
    let field = || KeyPath::new("riskmodell").key("skala");
    let forms = "skriv skala: 5 för samma antal steg på båda axlarna, eller skala: {sannolikhet: 5, konsekvens: 4}";
    let counted = |labels: &Spanned<Vec<String>>| labels.value.len() as i64;
    let (likelihood, consequence) = match &file.skala {
        None => (counted(&file.sannolikhet), counted(&file.konsekvens)),
        Some(given) => match given.value {
            ScaleDef::Square(n) => (n, n),
            ScaleDef::Axes {
                sannolikhet,
                konsekvens,
            } => (sannolikhet, konsekvens),
            ScaleDef::Wrong(what) => {
                diags.push(
                    Diagnostic::error(path, format!("skala är {what}; här väntades antalet steg"))
                        .at(given)
                        .field(field())
                        .hint(forms),
                );
                return None;
            }
        },
    };
    if let Some(
        given @ Spanned {
            value: ScaleDef::Square(n),
            ..
        },
    ) = &file.skala
        && !SCALE_RANGE.contains(n)
    {
        diags.push(
            Diagnostic::error(path, format!("skalan {n} är inte tillåten"))
                .at(given)
                .field(field())
                .hint(format!(
                    "ange antalet steg på varje axel, från 2 till 10 (oftast 4 eller 5); {forms}"
                )),
        );
        return None;
    }
    let mut ok = true;
    for (steps, axis, labels) in [
        (likelihood, "sannolikhet", &file.sannolikhet),
        (consequence, "konsekvens", &file.konsekvens),
    ] {
        if SCALE_RANGE.contains(&steps) {
            continue;
        }
        ok = false;
        let d = match &file.skala {
            Some(given) => Diagnostic::error(
                path,
                format!("skalan har {steps} steg för {axis}; det är inte tillåtet"),
            )
            .at(given)
            .field(field())
            .hint(format!(
                "ange antalet steg på varje axel, från 2 till 10 (oftast 4 eller 5); {forms}"
            )),
            None => Diagnostic::error(
                path,
                format!("{axis} har {steps} benämningar; en skala har 2 till 10 steg"),
            )
            .at(labels)
            .field(KeyPath::new("riskmodell").key(axis))
            .hint("ange en benämning per steg, från det lägsta till det högsta"),
        };
        diags.push(d);
    }
    ok.then_some(Scale {
        likelihood: likelihood as u8,
        consequence: consequence as u8,
    })
}

/// Levels by riskvärde range: no overlaps, and no possible value left out.
fn thresholds_rule(
    path: &Path,
    file: &RiskModelFile,
    scale: Scale,
    diags: &mut Diagnostics,
) -> Option<LevelRule> {
    let mut ranges = Vec::new();
    for (i, def) in file.nivaer.value.iter().enumerate() {
        let (Some(from), Some(to)) = (&def.fran, &def.till) else {
            diags.push(
                Diagnostic::error(
                    path,
                    format!("nivån ”{}” saknar från och till", def.namn.value),
                )
                .at(&def.namn)
                .field(KeyPath::new("riskmodell").key("nivåer").index(i))
                .hint("ange riskvärdena nivån omfattar (från: 3, till: 7), eller färga cell för cell med celler:"),
            );
            return None;
        };
        if from.value > to.value || from.value < 1 {
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "nivån ”{}” har från {} och till {}",
                        def.namn.value, from.value, to.value
                    ),
                )
                .at(from)
                .field(KeyPath::new("riskmodell").key("nivåer").index(i))
                .hint("från ska vara minst 1 och högst till"),
            );
            return None;
        }
        ranges.push((from.value as u32, to.value as u32));
    }
    let names: Vec<&str> = file
        .nivaer
        .value
        .iter()
        .map(|l| l.namn.value.as_str())
        .collect();
    let levels_field = || KeyPath::new("riskmodell").key("nivåer");
    for (a, ra) in ranges.iter().enumerate() {
        for (b, rb) in ranges.iter().enumerate().skip(a + 1) {
            if ra.0 <= rb.1 && rb.0 <= ra.1 {
                diags.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "nivåerna ”{}” ({}–{}) och ”{}” ({}–{}) överlappar",
                            names[a], ra.0, ra.1, names[b], rb.0, rb.1
                        ),
                    )
                    .at(&file.nivaer)
                    .field(levels_field())
                    .hint("varje riskvärde ska höra till exakt en nivå"),
                );
            }
        }
    }
    let uncovered: Vec<String> = possible_values(scale)
        .into_iter()
        .filter(|v| !ranges.iter().any(|r| r.0 <= *v && *v <= r.1))
        .map(|v| v.to_string())
        .collect();
    if !uncovered.is_empty() {
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "nivåerna lämnar en lucka: riskvärde {} hör inte till någon nivå",
                    uncovered.join(", ")
                ),
            )
            .at(&file.nivaer)
            .field(levels_field())
            .hint(
                "justera från och till så att nivåerna tillsammans täcker alla möjliga riskvärden",
            ),
        );
    }
    Some(LevelRule::Thresholds(ranges))
}

/// Levels cell by cell: a table of known level names, a row per
/// konsekvens step and a column per sannolikhet step.
fn cells_rule(
    path: &Path,
    file: &RiskModelFile,
    cells: &Spanned<Vec<Vec<Spanned<String>>>>,
    levels: &[Level],
    scale: Scale,
    diags: &mut Diagnostics,
) -> Option<LevelRule> {
    let field = || KeyPath::new("riskmodell").key("celler");
    if let Some(def) = file
        .nivaer
        .value
        .iter()
        .find(|l| l.fran.is_some() || l.till.is_some())
    {
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "nivån ”{}” har från/till, men modellen färgar cell för cell",
                    def.namn.value
                ),
            )
            .at(&def.namn)
            .field(KeyPath::new("riskmodell").key("nivåer"))
            .hint("använd antingen från/till på nivåerna eller celler:, inte båda"),
        );
    }
    let (rows, columns) = (scale.consequence as usize, scale.likelihood as usize);
    if cells.value.len() != rows || cells.value.iter().any(|row| row.len() != columns) {
        diags.push(
            Diagnostic::error(
                path,
                format!("celler ska ha {rows} rader med {columns} nivåer var"),
            )
            .at(cells)
            .field(field())
            .hint(format!(
                "en rad per konsekvens ({rows}, högst först), en nivå per sannolikhet ({columns}, lägst först)"
            )),
        );
        return None;
    }
    // Rows are written highest konsekvens first; store them lowest first.
    let mut table = vec![vec![0; columns]; rows];
    for (r, row) in cells.value.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match levels.iter().position(|l| l.name == cell.value.trim()) {
                Some(level) => table[rows - 1 - r][c] = level,
                None => diags.push(
                    Diagnostic::error(path, format!("okänd nivå ”{}” i celler", cell.value))
                        .at(cell)
                        .field(field())
                        .hint(format!(
                            "tillåtna nivåer: {}",
                            levels
                                .iter()
                                .map(|l| l.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                ),
            }
        }
    }
    Some(LevelRule::Cells(table))
}

/// A level name's plural in running text: "kritisk" → "kritiska",
/// "hög" → "höga"; a name ending in a vowel or in -um stays as it is.
fn default_plural(name: &str) -> String {
    let ends_in_vowel = name.chars().last().is_some_and(|c| "aeiouyåäö".contains(c));
    if ends_in_vowel || name.ends_with("um") || name.contains(' ') {
        name.to_owned()
    } else {
        format!("{name}a")
    }
}

/// The kommun's own hyphenation entries, each checked.
fn hyphenation(path: &Path, file: &RiskModelFile, diags: &mut Diagnostics) -> Vec<String> {
    hyphenation_entries(
        path,
        &file.avstavning,
        &KeyPath::new("riskmodell").key("avstavning"),
        diags,
    )
}

/// Hyphenation entries (`skol-skjuts`) under `field`, each checked: the
/// valid ones, and an error naming each other.
pub(crate) fn hyphenation_entries(
    path: &Path,
    entries: &[Spanned<String>],
    field: &KeyPath,
    diags: &mut Diagnostics,
) -> Vec<String> {
    entries
        .iter()
        .filter_map(|entry| match parse_entry(&entry.value) {
            Ok(_) => Some(entry.value.trim().to_owned()),
            Err(why) => {
                let (message, hint) = match why {
                    EntryError::NotAWord => (
                        format!("”{}” är inget ord för avstavningslistan", entry.value),
                        "skriv ordet med gemener och bindestreck där det får brytas, t.ex. skol-skjuts",
                    ),
                    EntryError::BadBreak => (
                        format!("”{}” bryts på ett ställe som inte är tillåtet", entry.value),
                        "ett ord bryts inte mellan c och k och lämnar minst två bokstäver på varje rad",
                    ),
                };
                diags.push(
                    Diagnostic::error(path, message)
                        .at(entry)
                        .field(field.clone())
                        .hint(hint),
                );
                None
            }
        })
        .collect()
}

/// Parses "#rgb" or "#rrggbb".
pub fn parse_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some([digit(&hex[0..2])?, digit(&hex[2..4])?, digit(&hex[4..6])?]),
        3 => {
            let d: Vec<u8> = hex
                .chars()
                .map(|c| digit(&c.to_string()).map(|v| v * 17))
                .collect::<Option<_>>()?;
            Some([d[0], d[1], d[2]])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_names_have_a_plural() {
        assert_eq!(default_plural("kritisk"), "kritiska");
        assert_eq!(default_plural("hög"), "höga");
        assert_eq!(default_plural("medium"), "medium");
        assert_eq!(default_plural("röd"), "röda");
    }

    #[test]
    fn colours_parse_in_both_forms() {
        assert_eq!(parse_color("#e53935"), Some([0xe5, 0x39, 0x35]));
        assert_eq!(parse_color("#fff"), Some([255, 255, 255]));
        assert_eq!(parse_color("röd"), None);
        assert_eq!(parse_color("#12345g"), None);
    }
}
