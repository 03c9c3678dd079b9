//! Checks an action (åtgärd): real dates, and an end not before its start.

use std::path::Path;

use super::{Action, Located, parse_date};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::ActionDef;

/// Checks `def`, an action of risk `nr` under `key`; pushes problems to `diags`.
pub fn action(path: &Path, nr: u32, key: &str, def: &ActionDef, diags: &mut Diagnostics) -> Action {
    let mut date = |value: &Option<serde_saphyr::Spanned<String>>, field: &str| {
        let value = value.as_ref()?;
        let parsed = parse_date(&value.value);
        if parsed.is_none() {
            let (line, column) = value.place();
            diags.push(
                Diagnostic::error(path, format!("”{}” är inget giltigt datum", value.value))
                    .at(line, column)
                    .risk(nr)
                    .field(format!("{key} › {field}"))
                    .hint("skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-12-31"),
            );
        }
        parsed
    };
    let start = date(&def.start, "start");
    let end = date(&def.slut, "slut");
    if let (Some(start), Some(end), Some(slut)) = (start, end, &def.slut)
        && end < start
    {
        let (line, column) = slut.place();
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "åtgärden ”{}” slutar ({end}) före sitt startdatum ({start})",
                    def.atgard.value.trim()
                ),
            )
            .at(line, column)
            .risk(nr)
            .field(format!("{key} › slut"))
            .hint("rätta slutdatumet eller startdatumet"),
        );
    }
    if def.atgard.value.trim().is_empty() {
        let (line, column) = def.atgard.place();
        diags.push(
            Diagnostic::error(path, "en åtgärd saknar text")
                .at(line, column)
                .risk(nr)
                .field(format!("{key} › åtgärd")),
        );
    }
    Action {
        title: def.atgard.value.trim().to_owned(),
        description: def.beskrivning.clone(),
        responsible: def.ansvarig.clone(),
        start,
        end,
        status: def.status,
    }
}
