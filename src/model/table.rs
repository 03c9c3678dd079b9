//! Tables from data (budget, investeringar, upphandlingsplan …) as written:
//! typed columns, and rows that are plain lists, group headings or totals.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A table: its columns and its rows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// A caption above the table.
    pub rubrik: Option<String>,
    pub kolumner: Spanned<Vec<ColumnDef>>,
    #[serde(default)]
    pub rader: Vec<RowDef>,
}

/// A column: its title, type and, as the source prints them, its number and a note.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub rubrik: Spanned<String>,
    #[serde(default)]
    pub typ: ColumnType,
    /// The column's number as printed: "1", "(1)".
    pub nummer: Option<Spanned<String>>,
    /// A note line under the title: "(VB 2024)".
    pub anteckning: Option<String>,
    /// This column as a sum of others by number: "1+2+3", "5-6".
    pub formel: Option<Spanned<String>>,
}

/// What a column holds, and so how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    #[default]
    Text,
    /// Million kronor with one decimal: "1 260,6".
    Mnkr,
    /// Whole kronor: "15 000 000".
    Kr,
    Heltal,
    Procent,
    Datum,
}

/// A row: plain values, a group heading, or a total.
#[derive(Debug, Clone)]
pub enum RowDef {
    /// `[label, value, value, …]`: one value per column.
    Values(Vec<Spanned<CellDef>>),
    /// `grupp: …`, `summa: …`.
    Special(Box<SpecialRowDef>),
}

/// A group heading or a total.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialRowDef {
    /// A heading row across the table.
    pub grupp: Option<Spanned<String>>,
    /// A total row with this label.
    pub summa: Option<Spanned<String>>,
    /// The total's parts, printed below it.
    pub rader: Option<Vec<RowDef>>,
    /// The total is the sum of these rows, by label.
    pub av: Option<Spanned<Vec<Spanned<String>>>>,
    /// The totals the source states, one per column after the first: checked.
    #[serde(rename = "värden")]
    pub varden: Option<Spanned<Vec<Spanned<CellDef>>>>,
}

impl<'de> Deserialize<'de> for RowDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = RowDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of values, or grupp:/summa:")
            }
            // Each value keeps its place (saphyr's own SeqAccess); the row is
            // placed by its first value.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RowDef, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<Spanned<CellDef>>()? {
                    values.push(value);
                }
                Ok(RowDef::Values(values))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RowDef, A::Error> {
                let row = SpecialRowDef::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RowDef::Special(Box::new(row)))
            }
        }
        deserializer.deserialize_any(RowVisitor)
    }
}

/// One value as written: a number, a text, or nothing (`~`).
#[derive(Debug, Clone, PartialEq)]
pub enum CellDef {
    Empty,
    Integer(i64),
    Float(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for CellDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = CellDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, a text or ~")
            }
            fn visit_unit<E: de::Error>(self) -> Result<CellDef, E> {
                Ok(CellDef::Empty)
            }
            fn visit_none<E: de::Error>(self) -> Result<CellDef, E> {
                Ok(CellDef::Empty)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<CellDef, E> {
                Ok(CellDef::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<CellDef, E> {
                i64::try_from(v)
                    .map(CellDef::Integer)
                    .map_err(|_| E::custom("talet är för stort"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<CellDef, E> {
                Ok(CellDef::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<CellDef, E> {
                Ok(CellDef::Text(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CellDef, E> {
                Ok(CellDef::Text(v.to_owned()))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}
