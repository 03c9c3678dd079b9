//! The data reference in Markdown: a section per kind of file with a
//! table of its keys, then a section per part the files share (a risk, a
//! control, a section of text …), each key with what it holds and means.

use std::collections::BTreeSet;

use super::FileSchema;
use crate::model::describe::{Defs, Field, Object, Shape};

/// The reference for `files`.
pub fn reference(files: &[FileSchema]) -> String {
    let described: Vec<(&FileSchema, Shape, Defs)> = files
        .iter()
        .map(|file| {
            let (root, defs) = (file.describe)();
            (file, root, defs)
        })
        .collect();
    // A root is linked to its file's section wherever it is used (a plan's
    // own risk model, say).
    let roots: Vec<(String, String)> = described
        .iter()
        .filter_map(|(file, root, _)| match root {
            Shape::Object(name) => Some((name.clone(), file.title.to_owned())),
            _ => None,
        })
        .collect();
    let titles = Titles { roots: &roots };
    let mut out = String::from(INTRO);
    let mut shared: Vec<&Object> = Vec::new();
    let mut seen = BTreeSet::new();
    for (file, root, defs) in &described {
        let Some(object) = defs.resolve(root) else {
            continue;
        };
        out.push_str(&format!("\n## {}\n\n", file.title));
        out.push_str(&format!(
            "Filen: {}. Schema: [`schema/{}.json`](../schema/{}.json).\n\n",
            file.files, file.name, file.name
        ));
        out.push_str(&body(object.doc));
        out.push_str(&table(object, &titles, defs));
        for part in defs.iter() {
            if part.name != object.name
                && !roots.iter().any(|(name, _)| *name == part.name)
                && seen.insert(part.name.clone())
            {
                shared.push(part);
            }
        }
    }
    out.push_str("\n## Delarna\n\nDelar som filerna ovan har under sina nycklar.\n");
    for part in shared {
        let defs = described
            .iter()
            .map(|(_, _, defs)| defs)
            .find(|d| d.get(&part.name).is_some())
            .expect("the part is in some file's description");
        out.push_str(&format!("\n### {}\n\n", title(part.doc)));
        out.push_str(&body(part.doc));
        out.push_str(&table(part, &titles, defs));
    }
    out
}

const INTRO: &str = "\
# Datans nycklar

<!-- Skriven av `riskrapport schema --referens docs/data.md` ur datatyperna i
     src/model/; ändra inte för hand. -->

Varje nyckel som datan kan ha, med vad den håller och vad den betyder.
Sidan görs ur samma datatyper som läser filerna, liksom JSON-schemana i
`schema/` och Excel-arbetsbokens kolumner, så den följer alltid verktyget.

Nycklarna skrivs exakt som här, med å, ä och ö. En nyckel som inte står
här är ett fel. En text kan skrivas utan citattecken; ett heltal kan också
stå inom citattecken (`\"7\"`). En valfri nyckel kan utelämnas eller skrivas
`~`. Ett datum skrivs ÅÅÅÅ-MM-DD.

**I redigeraren.** Exempelfilerna under `data/` börjar med en rad
`# yaml-language-server: $schema=…` som pekar på filens schema. En
redigerare med en YAML-språkserver (t.ex. VS Code med tillägget YAML)
föreslår då nycklarna, visar vad de betyder och markerar fel medan du
skriver. Skriv samma rad först i en egen fil, med sökvägen från filen till
schemat; `riskrapport schema -o MAPP` skriver schemana till en mapp.
";

/// The titles objects are linked by.
struct Titles<'a> {
    /// The file kinds' root objects, by name, with their file's title.
    roots: &'a [(String, String)],
}

impl Titles<'_> {
    /// A link to the section of the object called `name`.
    fn link(&self, name: &str, defs: &Defs) -> String {
        let title = match self.roots.iter().find(|(n, _)| n == name) {
            Some((_, title)) => title.clone(),
            None => defs.get(name).map(|o| title(o.doc)).unwrap_or_default(),
        };
        format!("[{}](#{})", in_text(&title), anchor(&title))
    }
}

/// A title in running text: its first letter small, unless its first word
/// is an abbreviation ("VoR:ens inställningar", "IKP-regeln").
fn in_text(title: &str) -> String {
    let first_word = title.split(' ').next().unwrap_or_default();
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return title.to_owned();
    }
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An object's title: the first paragraph of its doc, without the period.
fn title(doc: &str) -> String {
    doc.split("\n\n")
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_owned()
}

/// The doc after its title, as paragraphs.
fn body(doc: &str) -> String {
    let rest: Vec<&str> = doc.split("\n\n").skip(1).collect();
    if rest.is_empty() {
        String::new()
    } else {
        format!("{}\n\n", rest.join("\n\n"))
    }
}

/// The anchor a heading gets: lowercase, spaces as hyphens, other
/// punctuation left out.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The table of an object's keys.
fn table(object: &Object, titles: &Titles, defs: &Defs) -> String {
    let mut out = String::from("| Nyckel | Värde | Betydelse |\n|---|---|---|\n");
    for field in &object.fields {
        out.push_str(&format!(
            "| `{}`{} | {} | {} |\n",
            field.key,
            if field.required { " (krävs)" } else { "" },
            cell(&value(&field.shape, titles, defs)),
            cell(&meaning(field)),
        ));
    }
    out
}

/// What a key holds, in words.
fn value(shape: &Shape, titles: &Titles, defs: &Defs) -> String {
    match shape {
        Shape::Text => "text".into(),
        Shape::Name => "namn".into(),
        Shape::Integer => "heltal".into(),
        Shape::Date => "datum".into(),
        Shape::Cell => "tal, text eller `~`".into(),
        Shape::Choice(variants) => {
            let words: Vec<String> = variants.iter().map(|v| format!("`{}`", v.name)).collect();
            or_list(&words)
        }
        Shape::List(item) => format!("lista: {}", value(item, titles, defs)),
        Shape::Object(name) => titles.link(name, defs),
        Shape::OneOf(shapes) => {
            let each: Vec<String> = shapes.iter().map(|s| value(s, titles, defs)).collect();
            or_list(&each)
        }
    }
}

/// "a, b eller c".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} eller {last}", init.join(", ")),
    }
}

/// What a key means, with what each word of a choice means.
fn meaning(field: &Field) -> String {
    let mut out = field.doc.to_owned();
    if let Shape::Choice(variants) = &field.shape
        && variants.iter().any(|v| !v.doc.is_empty())
    {
        for variant in variants {
            out.push_str(&format!("\n`{}`: {}", variant.name, variant.doc));
        }
    }
    out
}

/// Text fit for a table cell: no pipes, line breaks as `<br>`.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace("\n\n", "<br>")
        .replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_the_headings_as_github_makes_them() {
        assert_eq!(anchor("En risk"), "en-risk");
        assert_eq!(
            anchor("Uppföljningen i tertialrapport 2"),
            "uppföljningen-i-tertialrapport-2"
        );
        assert_eq!(anchor("Ett mål (KF:s)"), "ett-mål-kfs");
    }

    #[test]
    fn links_read_as_running_text() {
        assert_eq!(in_text("En risk"), "en risk");
        assert_eq!(in_text("VoR:ens inställningar"), "VoR:ens inställningar");
        assert_eq!(in_text("IKP-regeln"), "IKP-regeln");
    }

    #[test]
    fn titles_are_the_first_paragraph() {
        assert_eq!(title("En risk.\n\nMer om den."), "En risk");
        assert_eq!(body("En risk.\n\nMer om den."), "Mer om den.\n\n");
        assert_eq!(body("En risk."), "");
    }
}
