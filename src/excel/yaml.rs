//! The table blocks rebuilt from a workbook, as YAML: a value tree whose
//! maps keep the order they are built in (the model types' order, read
//! from `model::describe`), serialised by serde-saphyr in the style of
//! docs/writing.md's examples.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A YAML value: a text, a whole number, a list or a map in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Int(i64),
    List(Vec<Node>),
    Map(Vec<(&'static str, Node)>),
}

impl Node {
    /// An empty map.
    pub fn map() -> Node {
        Node::Map(Vec::new())
    }

    /// Adds `key: value` to a map.
    pub fn insert(&mut self, key: &'static str, value: Node) {
        if let Node::Map(entries) = self {
            entries.push((key, value));
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Text(text) => serializer.serialize_str(text),
            Node::Int(n) => serializer.serialize_i64(*n),
            Node::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// `value` as YAML in the style of docs/writing.md's examples: lists
/// indented under their key, a text on one line as it was typed, a text of
/// several lines as a `|` block.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, serde_saphyr::SerializeError> {
    let options = serde_saphyr::ser_options! {
        compact_list_indent: false,
        // Never fold a long line: the file should read as docs/writing.md's examples.
        folded_wrap_chars: usize::MAX,
        yaml_12: true,
        no_lang_directive: true,
    };
    serde_saphyr::to_string_with_options(value, options)
}

/// The serialiser's own words: it fails only on a value it cannot write,
/// which the tables never hold.
impl crate::diag::Cause for serde_saphyr::SerializeError {
    fn message(self) -> String {
        self.to_string()
    }
}
