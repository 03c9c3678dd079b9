//! Checks an action (åtgärd): real dates, and an end not before its start.

use std::path::Path;

use super::dates::checked_date;
use super::plan::Action;
use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model::ActionDef;

/// Checks `def`, an action of risk `nr` under `key`; pushes problems to `diags`.
pub fn action(
    path: &Path,
    nr: u32,
    key: KeyPath,
    def: &ActionDef,
    diags: &mut Diagnostics,
) -> Action {
    let mut date = |value: &Option<serde_saphyr::Spanned<String>>, field: &str| {
        checked_date(
            path,
            value.as_ref()?,
            key.clone().key(field),
            Some(nr),
            diags,
        )
    };
    let start = date(&def.start, "start");
    let end = date(&def.slut, "slut");
    if let (Some(start), Some(end), Some(slut)) = (start, end, &def.slut)
        && end < start
    {
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "åtgärden ”{}” slutar ({end}) före sitt startdatum ({start})",
                    def.atgard.value.trim()
                ),
            )
            .at(slut)
            .risk(nr)
            .field(key.clone().key("slut"))
            .hint("rätta slutdatumet eller startdatumet"),
        );
    }
    if def.atgard.value.trim().is_empty() {
        diags.push(
            Diagnostic::error(path, "en åtgärd saknar text")
                .at(&def.atgard)
                .risk(nr)
                .field(key.key("åtgärd")),
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
