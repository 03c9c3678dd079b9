//! Report view → Typst source, through minijinja templates in
//! `report-templates/` that escape every interpolated value.

mod escape;
mod links;

use std::path::{Path, PathBuf};

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

use crate::diag::{At, Diagnostic, Hint};
use crate::report::{Fit, builtin_templates};

pub use escape::{markup, string_literal};
pub use links::{Address, UNLINKED_MARK, addresses, markup_linked, markup_unlinked};

/// The most template work one document may take (minijinja fuel), so that a
/// user template with an endless loop stops with an error.
pub const TEMPLATE_FUEL: u64 = 50_000_000;

/// The template engine, ready to render any report.
pub struct Templates {
    env: Environment<'static>,
    /// Every template source in effect, for the build cache's fingerprint.
    sources: Vec<(String, String)>,
    /// The folder of the user's templates, if any.
    dir: Option<PathBuf>,
}

/// The line of `base.typ.j2` that says how the pages are set, as rendered
/// for the usual setting; nothing before it comes from the data but string
/// literals, which hold no line break.
const FIT_LINE: &str = "\n#let (fit, fit-from) = (0, (0, 0))\n";

/// A table's number, as `next_table()` gave it last in this rendering.
struct TableNumber(usize);

impl Templates {
    /// The built-in templates, with those in `dir` (if given) taking their place.
    pub fn new(dir: Option<&Path>) -> Result<Self, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ.j2") {
                AutoEscape::Custom("typst".into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), AutoEscape::Custom(name) if name == "typst")
                && !value.is_safe()
            {
                if value.is_number() {
                    write!(out, "{value}").map_err(Error::from)
                } else if value.is_none() {
                    Ok(())
                } else {
                    out.write_str(&markup_linked(&value.to_string()))
                        .map_err(Error::from)
                }
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        // A heading: literal, not hyphenated, and never with a short last
        // word alone on its line ("tertialrapport 2, 2025"); no link, as
        // the contents repeat it in a link of its own.
        env.add_filter("heading", |value: Value| {
            Value::from_safe_string(markup_unlinked(&keep_last_word(&value.to_string())))
        });
        // Text in a table header that repeats on each page: PDF/UA allows
        // no link in the repetitions, which are artifacts.
        env.add_filter("nolink", |value: Value| {
            Value::from_safe_string(markup_unlinked(&value.to_string()))
        });
        // Tables are numbered in the order written, so that the build can
        // set the pages differently from a table's row on (`fit-from`).
        env.add_function("next_table", |state: &mut minijinja::State| {
            let number = state.get_or_insert_extension(TableNumber(0));
            number.0 += 1;
            number.0
        });
        env.add_filter("str", |value: Value| {
            Value::from_safe_string(string_literal(&value.to_string()))
        });
        env.add_filter("rgb", |value: Vec<u8>| -> Result<Value, Error> {
            match value.as_slice() {
                [r, g, b] => Ok(Value::from_safe_string(format!("rgb({r}, {g}, {b})"))),
                _ => Err(Error::new(
                    ErrorKind::InvalidOperation,
                    "rgb väntar sig tre tal (röd, grön, blå)",
                )),
            }
        });
        let mut sources: Vec<(String, String)> = builtin_templates()
            .iter()
            .map(|t| (t.name.to_string(), t.source.to_string()))
            .collect();
        if let Some(dir) = dir {
            sources.extend(read_dir(dir)?);
        }
        let mut templates = Templates {
            env,
            sources: Vec::new(),
            dir: dir.map(Path::to_path_buf),
        };
        for (name, source) in &sources {
            let added = templates
                .env
                .add_template_owned(name.clone(), source.clone());
            added.map_err(|e| templates.diagnostic(&e))?;
        }
        templates.sources = sources;
        Ok(templates)
    }

    /// Whether only the built-in templates are in effect.
    pub fn builtin(&self) -> bool {
        self.dir.is_none()
    }

    /// Every template source in effect, built-in ones first (name, source).
    pub fn sources(&self) -> &[(String, String)] {
        &self.sources
    }

    /// The source rendered with the pages set as usual, set as `fit` says
    /// instead: the built-in templates read the setting in one line only
    /// (`base.typ.j2`), so another setting needs no new rendering, and the
    /// source keeps its shape (Typst then knows the unchanged parts again).
    /// `None` when the user's templates are in effect: they may read it
    /// anywhere.
    pub fn with_fit(&self, source: &str, fit: Fit) -> Option<String> {
        if self.dir.is_some() {
            return None;
        }
        let at = source.find(FIT_LINE)?;
        let rest = &source[at + FIT_LINE.len()..];
        let Fit {
            setting,
            from: [table, row],
        } = fit;
        Some(format!(
            "{}\n#let (fit, fit-from) = ({setting}, ({table}, {row}))\n{rest}",
            &source[..at]
        ))
    }

    /// Renders `template` with `view` into Typst source.
    pub fn render<V: Serialize>(&self, template: &str, view: &V) -> Result<String, Diagnostic> {
        let template = self
            .env
            .get_template(template)
            .map_err(|e| self.diagnostic(&e))?;
        template
            .render(minijinja::context! { r => Value::from(minijinja::value::Serde(view)) })
            .map_err(|e| self.diagnostic(&e))
    }

    /// Where the template `name` comes from: the user's folder or built in.
    fn origin(&self, name: &str) -> PathBuf {
        match &self.dir {
            Some(dir) if dir.join(name).is_file() => dir.join(name),
            _ => PathBuf::from(format!("(inbyggd mall) {name}")),
        }
    }

    /// A template error as a diagnostic at the template's line.
    fn diagnostic(&self, error: &Error) -> Diagnostic {
        let file = self.origin(error.name().unwrap_or("?"));
        let mut d = Diagnostic::error(&file, describe(error));
        if let Some(line) = error.line() {
            d = d.at(&(line as u64, 0));
        }
        d
    }
}

/// A heading's text kept from breaking badly: a short last word never
/// stands alone on its line, and a short phrase after a dash ("– intern
/// kontroll") stays together.
fn keep_last_word(text: &str) -> String {
    let text = text.trim();
    if let Some((head, tail)) = text.rsplit_once(" – ")
        && tail.chars().count() <= 24
    {
        // The dash stays with the words before it; the phrase after it
        // moves to the next line whole.
        return format!("{head}\u{a0}– {}", tail.replace(' ', "\u{a0}"));
    }
    match text.rsplit_once(' ') {
        Some((head, last)) if last.chars().count() <= 6 && !head.is_empty() => {
            format!("{head}\u{a0}{last}")
        }
        _ => text.to_owned(),
    }
}

/// Every `*.typ.j2` in `dir` (name, source), sorted; they replace built-in
/// templates of the same name.
fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, Diagnostic> {
    let entries = std::fs::read_dir(dir)
        .doing(dir, "mallmappen kunde inte läsas")
        .hint("ange en mapp med egna mallar (*.typ.j2) efter --mallar")?;
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.doing(dir, "mallen kunde inte läsas")?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".typ.j2") {
            continue;
        }
        let source = std::fs::read_to_string(&path).doing(&path, "mallen kunde inte läsas")?;
        found.push((name.to_owned(), source));
    }
    found.sort();
    Ok(found)
}

/// What went wrong in a template, in Swedish, with the engine's own detail
/// last for the template's author.
fn describe(error: &Error) -> String {
    let what = match error.kind() {
        ErrorKind::OutOfFuel => {
            return format!(
                "mallen gjorde för mycket arbete och stoppades (gränsen är {TEMPLATE_FUEL} steg per rapport; en loop utan slut?)"
            );
        }
        ErrorKind::SyntaxError => "syntaxfel i mallen",
        ErrorKind::TemplateNotFound => {
            "mallen finns inte (mallar kan bara ta in andra mallar ur mallmappen och de inbyggda, inga andra filer)"
        }
        ErrorKind::UndefinedError => "mallen använder något som inte finns",
        ErrorKind::UnknownFilter => "okänt filter",
        ErrorKind::UnknownFunction => "okänd funktion",
        ErrorKind::UnknownTest => "okänt test",
        ErrorKind::UnknownMethod => "okänd metod",
        ErrorKind::MissingArgument => "ett argument saknas",
        ErrorKind::TooManyArguments => "för många argument",
        ErrorKind::CannotUnpack => "värdet kan inte packas upp",
        ErrorKind::BadEscape => "ogiltig escape-sekvens",
        ErrorKind::InvalidOperation => match error.detail() {
            Some(d) if d.contains("range has too many elements") => "range() ger högst 100 000 tal",
            _ => "ogiltig operation",
        },
        _ => "mallen kunde inte köras",
    };
    let mut detail: Vec<String> = error.detail().map(str::to_owned).into_iter().collect();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        detail.push(inner.to_string());
        source = inner.source();
    }
    if detail.is_empty() {
        what.to_owned()
    } else {
        format!("{what} (mallmotorns beskrivning: {})", detail.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::{builtin_templates, keep_last_word};

    /// `Templates::with_fit` rests on this: the setting is read once, in
    /// the line it rewrites.
    #[test]
    fn the_built_in_templates_read_the_fit_in_one_line() {
        let reads: Vec<&str> = builtin_templates()
            .iter()
            .flat_map(|t| t.source.lines())
            .filter(|line| line.contains("fit }}") || line.contains("meta.fit"))
            .collect();
        assert_eq!(
            reads,
            [
                "#let (fit, fit-from) = ({{ r.meta.fit }}, ({{ r.meta.fit_from[0] }}, {{ r.meta.fit_from[1] }}))"
            ]
        );
    }

    #[test]
    fn headings_keep_their_ends_together() {
        assert_eq!(
            keep_last_word("Uppföljning av internkontrollplanen, tertialrapport 2, 2027"),
            "Uppföljning av internkontrollplanen, tertialrapport 2,\u{a0}2027"
        );
        assert_eq!(
            keep_last_word("Verksamhetsplan 2026 – intern kontroll"),
            "Verksamhetsplan 2026\u{a0}– intern\u{a0}kontroll"
        );
        assert_eq!(keep_last_word("Inledning"), "Inledning");
    }
}
