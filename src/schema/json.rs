//! A file's description as JSON Schema (draft-07, which every YAML
//! language server reads). It accepts what the serde types accept, no
//! less: YAML reads `2025` or `true` written where a text is wanted as
//! text, and a quoted `"7"` as a whole number; `~` is nothing where a key
//! may be left out. A key the type does not know is an error, as in
//! `kontrollera`.

use serde_json::{Map, Value, json};

use super::FileSchema;
use crate::model::describe::{Defs, Field, Object, Shape};

/// A whole number as YAML may quote it: `"7"`, `" +7 "`.
const QUOTED_INTEGER: &str = r"^\s*[-+]?[0-9][0-9_]*\s*$";

/// A date ÅÅÅÅ-MM-DD.
const DATE: &str = r"^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$";

/// The schema of `file`, as pretty JSON with a final newline.
pub fn schema(file: &FileSchema) -> String {
    let (root, defs) = (file.describe)();
    let Some(root_object) = defs.resolve(&root) else {
        unreachable!("every file is described by a struct");
    };
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        "http://json-schema.org/draft-07/schema#".into(),
    );
    out.insert(
        "title".into(),
        format!("riskrapport: {}", file.title).into(),
    );
    out.insert(
        "$comment".into(),
        "Skriven av `riskrapport schema` ur datatyperna i src/model/; ändra inte för hand.".into(),
    );
    out.extend(object(root_object, &defs));
    let definitions: Map<String, Value> = defs
        .iter()
        .filter(|o| o.name != root_object.name)
        .map(|o| (o.name.clone(), Value::Object(object(o, &defs))))
        .collect();
    if !definitions.is_empty() {
        out.insert("definitions".into(), Value::Object(definitions));
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(out)).expect("JSON of JSON values");
    text.push('\n');
    text
}

/// An object's schema: its keys, which must be given, and (when closed)
/// no others.
fn object(object: &Object, defs: &Defs) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    if !object.doc.is_empty() {
        out.insert("description".into(), object.doc.into());
    }
    let properties: Map<String, Value> = object
        .fields
        .iter()
        .map(|f| (f.key.to_owned(), field(f, defs)))
        .collect();
    out.insert("properties".into(), Value::Object(properties));
    let required: Vec<Value> = object
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key.into())
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), required.into());
    }
    if object.closed {
        out.insert("additionalProperties".into(), false.into());
    }
    out
}

/// A key's schema with its description; the words a choice allows are
/// told with what each means.
fn field(field: &Field, defs: &Defs) -> Value {
    let mut schema = shape(&field.shape, field.nullable, defs);
    let mut description = field.doc.to_owned();
    if let Shape::Choice(variants) = &field.shape
        && variants.iter().any(|v| !v.doc.is_empty())
    {
        for variant in variants {
            description.push_str(&format!("\n- {}: {}", variant.name, variant.doc));
        }
    }
    if description.is_empty() {
        return schema;
    }
    // Draft-07 reads nothing beside a `$ref`: the description goes around it.
    if schema.get("$ref").is_some() {
        schema = json!({ "allOf": [schema] });
    }
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), description.into());
    }
    schema
}

/// The schema of a value of `shape`; `nullable` allows `~`.
fn shape(shape: &Shape, nullable: bool, defs: &Defs) -> Value {
    let types = |names: &[&str]| {
        let mut names: Vec<Value> = names.iter().map(|&n| n.into()).collect();
        if nullable {
            names.push("null".into());
        }
        if names.len() == 1 {
            names.remove(0)
        } else {
            Value::Array(names)
        }
    };
    match shape {
        Shape::Text => json!({ "type": types(&["string", "number", "boolean"]) }),
        Shape::Name => json!({ "type": types(&["string"]) }),
        Shape::Integer => {
            json!({ "type": types(&["integer", "string"]), "pattern": QUOTED_INTEGER })
        }
        Shape::Date => json!({ "type": types(&["string"]), "pattern": DATE }),
        Shape::Cell => json!({ "type": ["number", "string", "boolean", "null"] }),
        Shape::Choice(variants) => {
            let mut words: Vec<Value> = variants.iter().map(|v| v.name.into()).collect();
            if nullable {
                words.push(Value::Null);
            }
            json!({ "enum": words })
        }
        Shape::List(item) => json!({
            "type": types(&["array"]),
            "items": self::shape(item, false, defs),
        }),
        Shape::Object(name) => {
            debug_assert!(defs.get(name).is_some(), "{name} is described");
            let reference = json!({ "$ref": format!("#/definitions/{name}") });
            if nullable {
                json!({ "anyOf": [reference, { "type": "null" }] })
            } else {
                reference
            }
        }
        Shape::OneOf(shapes) => {
            let mut any: Vec<Value> = shapes.iter().map(|s| self::shape(s, false, defs)).collect();
            if nullable {
                any.push(json!({ "type": "null" }));
            }
            json!({ "anyOf": any })
        }
    }
}
