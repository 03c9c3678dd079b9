//! Report view → Typst source, through minijinja templates in
//! `report-templates/` that escape every interpolated value.

mod escape;

use std::path::Path;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

pub use escape::{markup, string_literal};

/// Embeds templates from `report-templates/` by file name.
macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../report-templates/", $name)))),*]
    };
}

/// The templates built into the binary: (name, source).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin![
    "base.typ.j2",
    "parts.typ.j2",
    "vor.typ.j2",
    "ikp.typ.j2",
    "riskbild.typ.j2",
    "t2.typ.j2",
    "vb.typ.j2",
    "chapters.typ.j2",
    "bundle.typ.j2",
];

/// The most template work one document may take (minijinja fuel), so that a
/// user template with an endless loop stops with an error.
pub const TEMPLATE_FUEL: u64 = 50_000_000;

/// The template engine, ready to render any report.
pub struct Templates {
    env: Environment<'static>,
    /// Every template source in effect, for the build cache's fingerprint.
    sources: Vec<(String, String)>,
}

impl Templates {
    /// The built-in templates, with those in `dir` (if given) taking their place.
    pub fn new(dir: Option<&Path>) -> Result<Self, String> {
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
                    out.write_str(&markup(&value.to_string()))
                        .map_err(Error::from)
                }
            } else {
                minijinja::escape_formatter(out, state, value)
            }
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
        let mut sources: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, source)| (name.to_string(), source.to_string()))
            .collect();
        if let Some(dir) = dir {
            sources.extend(read_dir(dir)?);
        }
        for (name, source) in &sources {
            env.add_template_owned(name.clone(), source.clone())
                .map_err(|e| describe(&e))?;
        }
        Ok(Templates { env, sources })
    }

    /// Every template source in effect, built-in ones first (name, source).
    pub fn sources(&self) -> &[(String, String)] {
        &self.sources
    }

    /// Renders `template` with `view` into Typst source.
    pub fn render<V: Serialize>(&self, template: &str, view: &V) -> Result<String, String> {
        let template = self.env.get_template(template).map_err(|e| describe(&e))?;
        template
            .render(minijinja::context! { r => Value::from(minijinja::value::Serde(view)) })
            .map_err(|e| describe(&e))
    }
}

/// Every `*.typ.j2` in `dir` (name, source), sorted; they replace built-in
/// templates of the same name.
fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("mallmappen {} kunde inte läsas: {e}", dir.display()))?;
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".typ.j2") {
            continue;
        }
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("mallen {} kunde inte läsas: {e}", path.display()))?;
        found.push((name.to_owned(), source));
    }
    found.sort();
    Ok(found)
}

/// A template error as "mall NAME, rad N: what".
fn describe(error: &Error) -> String {
    let mut text = String::from("mallfel");
    if let Some(name) = error.name() {
        text.push_str(&format!(" i {name}"));
    }
    if let Some(line) = error.line() {
        text.push_str(&format!(", rad {line}"));
    }
    let detail = error
        .detail()
        .map(str::to_owned)
        .unwrap_or_else(|| error.kind().to_string());
    let detail = match error.kind() {
        ErrorKind::OutOfFuel => format!(
            "mallen gjorde för mycket arbete och stoppades (gränsen är {TEMPLATE_FUEL} steg per rapport; en loop utan slut?)"
        ),
        ErrorKind::SyntaxError => format!("syntaxfel: {detail}"),
        ErrorKind::TemplateNotFound => format!(
            "{detail} (mallar kan bara ta in andra mallar ur mallmappen och de inbyggda, inga andra filer)"
        ),
        ErrorKind::InvalidOperation if detail.contains("range has too many elements") => {
            format!("{detail} (range() ger högst 100 000 tal)")
        }
        _ => detail,
    };
    text.push_str(&format!(": {detail}"));
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        text.push_str(&format!(" ({inner})"));
        source = inner.source();
    }
    text
}
