//! The data format as a value: each model type describes its keys, what
//! they hold and what they mean (its Swedish doc comments), through
//! `#[derive(Describe)]`. The JSON Schema for editors, the data reference
//! and the Excel columns are made from this, so a key is stated once: in
//! the type that reads it.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

pub use riskrapport_derive::Describe;

/// A type of the data that can say what it looks like in YAML.
pub trait Describe {
    /// Whether a key of this type may be left out (or written `~`).
    const OPTIONAL: bool = false;
    /// What a value of this type looks like; objects are put in `defs`.
    fn describe(defs: &mut Defs) -> Shape;
}

/// What a key holds, as the YAML writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A text. YAML reads a number or `true` written plainly as text too.
    Text,
    /// A name: a text that is not a number (`riskmodell: stockholm-4x4`).
    Name,
    /// A whole number, also within quotes (`"7"`).
    Integer,
    /// A date, ÅÅÅÅ-MM-DD.
    Date,
    /// A table's value: a number, a text (a Swedish number such as
    /// `"1 260,6"`) or nothing (`~`).
    Cell,
    /// One of some words.
    Choice(Vec<Variant>),
    /// A list.
    List(Box<Shape>),
    /// A map with keys of its own: the name of its [`Object`] in [`Defs`].
    Object(String),
    /// Any of some shapes.
    OneOf(Vec<Shape>),
}

/// A word a [`Shape::Choice`] allows, and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: &'static str,
    pub doc: &'static str,
}

/// A key of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key as written in YAML.
    pub key: &'static str,
    /// What it means (the field's doc comment).
    pub doc: &'static str,
    pub shape: Shape,
    /// Whether the key must be given.
    pub required: bool,
    /// Whether `~` (nothing) is allowed.
    pub nullable: bool,
}

/// A map with keys of its own (a struct of the model).
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// A name unique among the objects (the type's, with its parameters).
    pub name: String,
    /// What it is (the type's doc comment).
    pub doc: &'static str,
    /// Whether a key it does not know is an error.
    pub closed: bool,
    pub fields: Vec<Field>,
}

impl Object {
    /// The field with `key`.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// The objects met while describing a type, by name, in the order first met.
#[derive(Debug, Default)]
pub struct Defs {
    objects: BTreeMap<String, Object>,
    order: Vec<String>,
}

impl Defs {
    /// Describes `T` and returns its shape with the objects it uses.
    pub fn of<T: Describe>() -> (Shape, Defs) {
        let mut defs = Defs::default();
        let shape = T::describe(&mut defs);
        (shape, defs)
    }

    /// The object `T`, described once: a type met again (or inside itself,
    /// as a section's subsections) is only named.
    pub fn object<T: ?Sized>(
        &mut self,
        doc: &'static str,
        closed: bool,
        fields: impl FnOnce(&mut Defs) -> Vec<Field>,
    ) -> Shape {
        let name = short_name(std::any::type_name::<T>());
        if !self.objects.contains_key(&name) {
            let placeholder = Object {
                name: name.clone(),
                doc,
                closed,
                fields: Vec::new(),
            };
            self.objects.insert(name.clone(), placeholder);
            self.order.push(name.clone());
            let fields = fields(self);
            if let Some(object) = self.objects.get_mut(&name) {
                object.fields = fields;
            }
        }
        Shape::Object(name)
    }

    /// The object called `name`.
    pub fn get(&self, name: &str) -> Option<&Object> {
        self.objects.get(name)
    }

    /// The object `shape` names, if it names one.
    pub fn resolve(&self, shape: &Shape) -> Option<&Object> {
        match shape {
            Shape::Object(name) => self.get(name),
            _ => None,
        }
    }

    /// Every object, in the order first met.
    pub fn iter(&self) -> impl Iterator<Item = &Object> {
        self.order.iter().filter_map(|name| self.objects.get(name))
    }
}

/// `riskrapport::model::plan::ReportSettings<riskrapport::model::plan::VorColumn>`
/// → `ReportSettings_VorColumn`: unique, and fit for a JSON pointer.
fn short_name(type_name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word.rsplit("::").next().unwrap_or(word));
        word.clear();
    };
    for c in type_name.chars() {
        match c {
            '<' | ',' => {
                flush(&mut word, &mut out);
                out.push('_');
            }
            '>' | ' ' => flush(&mut word, &mut out),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    out
}

impl Describe for String {
    fn describe(_: &mut Defs) -> Shape {
        Shape::Text
    }
}

impl Describe for i64 {
    fn describe(_: &mut Defs) -> Shape {
        Shape::Integer
    }
}

impl<T: Describe> Describe for Option<T> {
    const OPTIONAL: bool = true;
    fn describe(defs: &mut Defs) -> Shape {
        T::describe(defs)
    }
}

impl<T: Describe> Describe for Vec<T> {
    fn describe(defs: &mut Defs) -> Shape {
        Shape::List(Box::new(T::describe(defs)))
    }
}

impl<T: Describe> Describe for Box<T> {
    fn describe(defs: &mut Defs) -> Shape {
        T::describe(defs)
    }
}

/// A value with its place in the file is the value, as written.
impl<T: Describe> Describe for Spanned<T> {
    const OPTIONAL: bool = T::OPTIONAL;
    fn describe(defs: &mut Defs) -> Shape {
        T::describe(defs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_types_without_their_paths() {
        assert_eq!(short_name("a::b::RiskEntry"), "RiskEntry");
        assert_eq!(
            short_name("x::ReportSettings<x::y::VorColumn>"),
            "ReportSettings_VorColumn"
        );
        assert_eq!(short_name("A<b::C, d::E>"), "A_C_E");
    }
}
