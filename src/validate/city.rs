//! The kommun's file checked: who the samlade bild is from, which year it
//! sums up, and which nämnder it names.

use std::path::Path;

use chrono::NaiveDate;

use super::dates::{checked_date, checked_year};
use super::logo;
use super::plan::Logo;
use crate::diag::{Diagnostic, Diagnostics, KeyPath};
use crate::model::{AssumedKey, CatalogueDef, CityFile};
use serde_saphyr::Spanned;

/// A checked `kommun.yaml`.
#[derive(Debug, Clone)]
pub struct City {
    pub kommun: String,
    pub ar: i32,
    pub title: String,
    pub diarienummer: Option<String>,
    pub datum: NaiveDate,
    /// Who the document is from; Kommunstyrelsen unless the file says.
    pub sender: String,
    pub intro: String,
    /// The nämnder to include, in their order; `None` for every nämnd found.
    pub namnder: Option<Vec<String>>,
    /// A proposal or decided, and whether the data is an example.
    pub standing: super::Standing,
    pub logo: Option<Logo>,
    /// The kommun's own hyphenation entries (checked).
    pub words: Vec<String>,
    /// Kommunstyrelsens conclusion, as written.
    pub conclusion: Option<String>,
    /// The proposed decision, as written.
    pub proposal: Option<String>,
    /// The process catalogue; `None` when the file has none.
    pub processes: Option<Vec<CatalogueProcess>>,
}

/// A process of the kommun's catalogue: its name, and the other names
/// nämnder write for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueProcess {
    pub name: String,
    pub variants: Vec<String>,
}

/// Checks the kommun's file at `path`: the city, or every problem at once.
pub fn validate_city(path: &Path, file: &CityFile) -> (Option<City>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let kommun = file.kommun.value.trim();
    if kommun.is_empty() {
        diags.push(
            Diagnostic::error(path, "kommun är tomt")
                .at(&file.kommun)
                .field("kommun")
                .hint("ange kommunens namn, t.ex. kommun: Exempelstaden"),
        );
    }
    checked_year(path, &file.ar, "sammanställningen", 2025, &mut diags);
    let datum = checked_date(path, &file.datum, KeyPath::new("datum"), None, &mut diags);
    let namnder = file.namnder.as_ref().map(|list| {
        let mut names: Vec<String> = Vec::new();
        for (i, name) in list.value.iter().enumerate() {
            let trimmed = name.value.trim();
            let place = KeyPath::new("nämnder").index(i);
            if trimmed.is_empty() {
                diags.push(
                    Diagnostic::error(path, "ett namn i listan nämnder är tomt")
                        .at(name)
                        .field(place)
                        .hint("skriv nämndens namn som det står under nämnd: i dess plan"),
                );
            } else if names.iter().any(|n| same_name(n, trimmed)) {
                diags.push(
                    Diagnostic::error(path, format!("nämnden ”{trimmed}” står två gånger"))
                        .at(name)
                        .field(place)
                        .hint("ta bort den ena raden"),
                );
            } else {
                names.push(trimmed.to_owned());
            }
        }
        if list.value.is_empty() {
            diags.push(
                Diagnostic::error(path, "listan nämnder är tom")
                    .at(list)
                    .field("nämnder")
                    .hint("räkna upp nämnderna, eller ta bort nämnder: för att ta med alla"),
            );
        }
        names
    });
    let processes = file
        .processer
        .as_ref()
        .map(|list| catalogue(path, list, &mut diags));
    let logo = file
        .logotyp
        .as_ref()
        .and_then(|def| logo::checked(path, path, def, KeyPath::new("logotyp"), &mut diags));
    let words = super::model::hyphenation_entries(
        path,
        &file.avstavning,
        &KeyPath::new("avstavning"),
        &mut diags,
    );
    if diags.has_errors() {
        return (None, diags);
    }
    let ar = file.ar.value as i32;
    let standing = super::Standing {
        // kommun.yaml names no nämnd or förvaltning of its own.
        assumed: super::standing::assumed(
            path,
            &file.antagna,
            |key| match key {
                AssumedKey::Diarienummer => file.diarienummer.is_some(),
                AssumedKey::Datum | AssumedKey::Kommun => true,
                AssumedKey::Beslutsdatum | AssumedKey::Namnd | AssumedKey::Forvaltning => false,
            },
            &mut diags,
        ),
        ..super::standing::standing(
            path,
            file.status.as_ref(),
            file.beslut.as_ref(),
            file.exempel.as_ref(),
            &super::standing::Decided::report(datum, ar, "en samlad bild"),
            &mut diags,
        )
    };
    if diags.has_errors() {
        return (None, diags);
    }
    let city = datum.map(|datum| City {
        kommun: kommun.to_owned(),
        ar,
        title: file
            .rubrik
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map_or_else(
                || format!("Samlad bild av den interna kontrollen {ar}"),
                str::to_owned,
            ),
        diarienummer: file.diarienummer.clone(),
        datum,
        sender: file
            .avsandare
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("Kommunstyrelsen")
            .to_owned(),
        intro: file.inledning.clone().unwrap_or_default(),
        namnder,
        standing,
        logo,
        words,
        conclusion: text(file.slutsats.as_deref()),
        proposal: text(file.forslag_till_beslut.as_deref()),
        processes,
    });
    (city, diags)
}

/// A text as written, or `None` when it is empty.
fn text(value: Option<&str>) -> Option<String> {
    value.filter(|t| !t.trim().is_empty()).map(str::to_owned)
}

/// The process catalogue checked: every name given, and no name (folded
/// for case and spaces) belonging to two processes.
fn catalogue(
    path: &Path,
    list: &Spanned<Vec<CatalogueDef>>,
    diags: &mut Diagnostics,
) -> Vec<CatalogueProcess> {
    if list.value.is_empty() {
        diags.push(
            Diagnostic::error(path, "listan processer är tom")
                .at(list)
                .field("processer")
                .hint("räkna upp processerna med namn: och varianter:, eller ta bort processer:"),
        );
    }
    // Each folded name and the process that claimed it first.
    let mut claimed: Vec<(String, String)> = Vec::new();
    let mut processes = Vec::new();
    for (i, def) in list.value.iter().enumerate() {
        let place = KeyPath::new("processer").index(i);
        let name = def.namn.value.trim();
        if name.is_empty() {
            diags.push(
                Diagnostic::error(path, "en process i listan processer saknar namn")
                    .at(&def.namn)
                    .field(place.key("namn"))
                    .hint("skriv processens namn så som sammanställningen ska visa det"),
            );
            continue;
        }
        let mut variants = Vec::new();
        let names = std::iter::once((&def.namn, None))
            .chain(def.varianter.iter().enumerate().map(|(j, v)| (v, Some(j))));
        for (written, variant) in names {
            let field = match variant {
                Some(j) => place.clone().key("varianter").index(j),
                None => place.clone().key("namn"),
            };
            let key = name_key(&written.value);
            if key.is_empty() {
                diags.push(
                    Diagnostic::error(path, format!("processen ”{name}” har en tom variant"))
                        .at(written)
                        .field(field)
                        .hint("ta bort den tomma raden under varianter:"),
                );
                continue;
            }
            match claimed.iter().find(|(k, _)| *k == key) {
                Some((_, owner)) if owner == name && variant.is_some() => {}
                Some((_, owner)) => diags.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "”{}” står både under processen ”{owner}” och under ”{name}”",
                            written.value.trim()
                        ),
                    )
                    .at(written)
                    .field(field)
                    .hint("ett processnamn kan bara höra till en process i katalogen"),
                ),
                None => {
                    claimed.push((key, name.to_owned()));
                    if variant.is_some() {
                        variants.push(written.value.trim().to_owned());
                    }
                }
            }
        }
        processes.push(CatalogueProcess {
            name: name.to_owned(),
            variants,
        });
    }
    processes
}

/// Two nämnd names are the same when they differ only in case and spaces:
/// "Socialnämnden" and "socialnämnden " name one nämnd.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// A name folded for comparison: lower case, runs of white space as one space.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_case_and_extra_spaces() {
        assert!(same_name(
            "Upphandling och  inköp",
            " upphandling och inköp"
        ));
        assert!(!same_name("Upphandling", "Upphandling och inköp"));
        assert_eq!(
            name_key("  Miljö-  och\thälsoskyddsnämnden "),
            "miljö- och hälsoskyddsnämnden"
        );
    }
}
