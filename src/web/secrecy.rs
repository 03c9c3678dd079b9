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
    // Titles a view names in running text (the samlade bild's `secret`).
    let titles: Vec<String> = match view.as_object_mut().and_then(|map| map.remove("secret")) {
        Some(Value::Array(titles)) => titles
            .into_iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .filter(|t| !t.trim().is_empty())
            .collect(),
        _ => Vec::new(),
    };
    mask(&mut view);
    if !titles.is_empty() {
        scrub(&mut view, &titles);
    }
    view
}

/// Every text that names one of `titles` says only [`SECRET`].
fn scrub(value: &mut Value, titles: &[String]) {
    match value {
        Value::String(text) if titles.iter().any(|t| text.contains(t.as_str())) => {
            *text = SECRET.to_owned();
        }
        Value::Object(map) => map.values_mut().for_each(|v| scrub(v, titles)),
        Value::Array(values) => values.iter_mut().for_each(|v| scrub(v, titles)),
        _ => {}
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
}
