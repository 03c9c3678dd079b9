//! A risk under sekretess (`sekretess: <grund>`) on the web page: its
//! cell, the cells of its rows, its T2 block and its delayed actions in
//! the VB say only "Uppgiften
//! omfattas av sekretess" and the ground. The PDFs, for the nämnd's own
//! use, keep the risk as it is. The masking works on the view as the
//! templates see it (serialized), so every report and every table that
//! shows a risk's cell is covered, whichever view holds it.

use serde_json::{Value, json};

/// What the web page says in place of a risk under sekretess.
pub const SECRET: &str = "Uppgiften omfattas av sekretess";

/// The view with every risk under sekretess masked.
pub fn masked(mut view: Value) -> Value {
    // Risks a view names in its own words (the samlade bild's `secret`).
    let secrets: Vec<Secret> = match view.as_object_mut().and_then(|map| map.remove("secret")) {
        Some(Value::Array(secrets)) => secrets.iter().filter_map(Secret::read).collect(),
        _ => Vec::new(),
    };
    if !secrets.is_empty() {
        scrub(&mut view, &secrets);
    }
    mask(&mut view);
    view
}

/// A title this long is told apart by itself; a shorter one ("IT",
/// "Brand") only with the risk's number beside it.
const DISTINCT_TITLE_CHARS: usize = 12;

/// A risk under sekretess that a view names by number and title.
struct Secret {
    nr: u64,
    /// Lower case, trimmed.
    title: String,
    ground: String,
}

impl Secret {
    fn read(value: &Value) -> Option<Secret> {
        let title = value.get("title")?.as_str()?.trim().to_lowercase();
        (!title.is_empty()).then(|| Secret {
            nr: value.get("nr").and_then(Value::as_u64).unwrap_or(0),
            title,
            ground: value
                .get("ground")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        })
    }

    /// Whether `text` names the risk: its title as a whole phrase (any
    /// case), and, unless the title is long enough to tell, its number
    /// beside it (`numbered`: the text or its row says "risk N" or has
    /// the number in a cell of its own).
    fn named_in(&self, text: &str, numbered: bool) -> bool {
        let text = text.to_lowercase();
        has_phrase(&text, &self.title)
            && (self.title.chars().count() >= DISTINCT_TITLE_CHARS
                || numbered
                || self.numbered_in(&text))
    }

    /// Whether `text` (lower case) says "risk N".
    fn numbered_in(&self, text: &str) -> bool {
        has_phrase(text, &format!("risk {}", self.nr))
    }
}

/// Whether `phrase` stands in `text` as whole words: neither a letter, a
/// digit nor a hyphen on either side ("it" is not in "it-system" nor in
/// "itslöjd").
fn has_phrase(text: &str, phrase: &str) -> bool {
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    text.match_indices(phrase).any(|(at, _)| {
        !joins(text[..at].chars().next_back()) && !joins(text[at + phrase.len()..].chars().next())
    })
}

/// The texts of a cell's parts.
fn part_texts(cell: &Value) -> impl Iterator<Item = &str> {
    cell.get("parts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|part| part.get("text")?.as_str())
}

/// Marks each table row that names a risk under sekretess as that risk's
/// (its cell gets the ground, so that `mask` masks the row whole), and
/// says [`SECRET`] in place of any other text that names one.
fn scrub(value: &mut Value, secrets: &[Secret]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(cells)) = map.get_mut("cells") {
                mark_row(cells, secrets);
            } else {
                map.values_mut().for_each(|v| scrub(v, secrets));
            }
        }
        Value::String(text) if secrets.iter().any(|s| s.named_in(text, false)) => {
            *text = SECRET.to_owned();
        }
        Value::Array(values) => values.iter_mut().for_each(|v| scrub(v, secrets)),
        _ => {}
    }
}

/// A row's cells: the first cell that names a risk under sekretess, with
/// the risk's number in the row, carries the ground.
fn mark_row(cells: &mut [Value], secrets: &[Secret]) {
    let found = secrets.iter().find(|secret| {
        let nr = secret.nr.to_string();
        let numbered = cells
            .iter()
            .flat_map(part_texts)
            .any(|t| t.trim() == nr || secret.numbered_in(&t.to_lowercase()));
        cells
            .iter()
            .flat_map(part_texts)
            .any(|t| secret.named_in(t, numbered))
    });
    if let (Some(secret), Some(Value::Object(first))) = (found, cells.first_mut()) {
        first.insert("secrecy".into(), json!(secret.ground));
    }
}

/// The ground of a cell under sekretess.
fn ground(cell: &Value) -> Option<String> {
    cell.get("secrecy")?.as_str().map(str::to_owned)
}

/// The cell that stands in for `cell`: the words and the ground, without
/// the level's colour (which would tell the rating).
fn secret_cell(cell: &Value, ground: &str) -> Value {
    json!({
        "rowspan": cell.get("rowspan").cloned().unwrap_or(json!(1)),
        "fill": null,
        "ink": null,
        "center": false,
        "marker": null,
        "bar": [],
        "parts": [
            {"text": SECRET, "style": "strong", "light": null},
            {"text": format!("Grund: {ground}"), "style": "muted", "light": null},
        ],
        "secrecy": ground,
    })
}

fn mask(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(items)) = map.get_mut("items") {
                mask_rows(items);
            }
            // A delayed action in the VB's list names its risk in words.
            if let (Some(Value::String(ground)), Some(Value::String(_))) =
                (map.get("secrecy").cloned(), map.get("risk"))
            {
                map.insert("title".into(), json!(SECRET));
                map.insert("risk".into(), json!(format!("en risk, grund: {ground}")));
                map.insert("details".into(), json!(""));
            }
            // A T2 block: the risk's cell heads labelled rows about it.
            if let Some(ground) = map.get("risk").and_then(ground) {
                let risk = secret_cell(&map["risk"], &ground);
                map.insert("risk".into(), risk);
                if let Some(Value::Array(rows)) = map.get_mut("rows") {
                    for row in rows {
                        if let Some(cell) = row.get_mut("cell") {
                            *cell = secret_cell(cell, &ground);
                        }
                    }
                }
            }
            for v in map.values_mut() {
                mask(v);
            }
        }
        Value::Array(values) => values.iter_mut().for_each(mask),
        _ => {}
    }
}

/// A table's rows: a row with a cell under sekretess is masked whole, and
/// so are the rows its cells span.
fn mask_rows(items: &mut [Value]) {
    let mut spanned: Option<(String, u64)> = None;
    for item in items {
        let Some(Value::Array(cells)) = item.get_mut("cells") else {
            continue;
        };
        let found = cells.iter().find_map(ground);
        let ground = match (found, spanned.take()) {
            (Some(ground), _) => {
                let span = cells
                    .iter()
                    .filter_map(|c| c.get("rowspan")?.as_u64())
                    .max()
                    .unwrap_or(1);
                Some((ground, span))
            }
            (None, Some((ground, left))) => Some((ground, left)),
            (None, None) => None,
        };
        if let Some((ground, left)) = ground {
            for cell in cells.iter_mut() {
                *cell = secret_cell(cell, &ground);
            }
            if left > 1 {
                spanned = Some((ground, left - 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, rowspan: u64, secrecy: Option<&str>) -> Value {
        json!({"rowspan": rowspan, "fill": [255, 0, 0], "ink": [0, 0, 0], "center": false,
               "marker": null, "bar": [], "secrecy": secrecy,
               "parts": [{"text": text, "style": "plain", "light": null}]})
    }

    fn texts(value: &Value) -> String {
        value.to_string()
    }

    #[test]
    fn a_secret_risk_s_rows_are_masked_and_the_others_kept() {
        let table = json!({"items": [
            {"kind": "group", "level": 3, "parts": []},
            {"kind": "row", "cells": [cell("Hemlig risk", 2, Some("OSL 18 kap. 8 §")), cell("Kontroll 1", 1, None)]},
            {"kind": "row", "cells": [cell("Kontroll 2", 1, None)]},
            {"kind": "row", "cells": [cell("Öppen risk", 1, None), cell("Kontroll 3", 1, None)]},
        ]});
        let masked = texts(&masked(json!({"table": table})));
        for secret in ["Hemlig risk", "Kontroll 1", "Kontroll 2"] {
            assert!(!masked.contains(secret), "{secret} in {masked}");
        }
        assert!(masked.contains("Öppen risk") && masked.contains("Kontroll 3"));
        assert_eq!(masked.matches(SECRET).count(), 3);
        assert!(masked.contains("Grund: OSL 18 kap. 8 §"));
    }

    #[test]
    fn a_secret_risk_s_delayed_action_is_masked() {
        let delayed = json!({"title": "Larm vid entrén", "risk": "risk 1 Hot mot handläggare (hög)",
            "end": "2026-01-31", "details": "Ansvarig: Anna", "secrecy": "OSL 18 kap. 8 §"});
        let open = json!({"title": "Ny rutin", "risk": "risk 2 Fel", "end": "2026-01-31",
            "details": "", "secrecy": null});
        let masked = texts(&masked(json!({"delayed": [delayed, open]})));
        for secret in ["Larm vid entrén", "Hot mot handläggare", "Anna"] {
            assert!(!masked.contains(secret), "{secret} in {masked}");
        }
        assert!(masked.contains("OSL 18 kap. 8 §") && masked.contains("Ny rutin"));
    }

    #[test]
    fn a_secret_risk_s_t2_block_is_masked() {
        let block = json!({"nr": 4, "risk": cell("Hemlig risk", 1, Some("OSL 26 kap. 1 §")),
            "rows": [{"label": "Kontrollmoment", "cell": cell("Granska ärendet", 1, None)}]});
        let masked = texts(&masked(json!({"blocks": [block]})));
        assert!(!masked.contains("Hemlig risk") && !masked.contains("Granska ärendet"));
        assert!(masked.contains("Kontrollmoment"), "the row's label stays");
    }

    fn secret(nr: u32, title: &str) -> Value {
        json!({"nr": nr, "title": title, "ground": "OSL 18 kap. 8 §"})
    }

    #[test]
    fn a_short_title_is_masked_only_beside_its_number() {
        let view = json!({"secret": [secret(3, "IT")], "texts": [
            "Risk 3 (Hög): IT",
            "Risk 5 (Hög): Driftstopp i IT-systemet",
            "Slöjdsalen behöver itslöjd och it-stöd",
            "IT upphandlas centralt",
        ]});
        let masked = masked(view);
        assert_eq!(masked["texts"][0], json!(SECRET));
        for (i, kept) in [
            (1, "Driftstopp i IT-systemet"),
            (2, "itslöjd"),
            (3, "IT upphandlas"),
        ] {
            assert!(
                masked["texts"][i].as_str().unwrap().contains(kept),
                "{masked}"
            );
        }
    }

    #[test]
    fn a_row_with_the_number_and_the_title_is_masked_whole() {
        let table = json!({"items": [
            {"kind": "row", "cells": [cell("3", 1, None), cell("IT", 1, None), cell("Lösenorden delas", 1, None)]},
            {"kind": "row", "cells": [cell("4", 1, None), cell("IT", 1, None), cell("Annan nämnds risk", 1, None)]},
            {"kind": "row", "cells": [cell("5", 1, None), cell("Brist i IT-stödet", 1, None), cell("Öppen", 1, None)]},
        ]});
        let masked = texts(&masked(
            json!({"secret": [secret(3, "IT")], "table": table}),
        ));
        assert!(!masked.contains("Lösenorden delas"), "{masked}");
        assert!(
            masked.contains("Annan nämnds risk") && masked.contains("Brist i IT-stödet"),
            "{masked}"
        );
        assert!(masked.contains("Grund: OSL 18 kap. 8 §"), "{masked}");
    }

    #[test]
    fn a_long_title_is_masked_as_a_phrase_in_any_case() {
        let view = json!({"secret": [secret(1, "Hot mot handläggare")], "texts": [
            "Kommentar: hot mot handläggare ökar",
            "Hot mot handläggarens familj",
        ]});
        let masked = masked(view);
        assert_eq!(masked["texts"][0], json!(SECRET));
        assert_eq!(masked["texts"][1], json!("Hot mot handläggarens familj"));
    }
}
