//! Tables from data (budget, investeringar, upphandlingsplan …) as written:
//! typed columns, and rows that are plain lists, group headings or totals.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::describe::{Defs, Describe, Shape};

/// En tabell.
///
/// En tabell ur datan (budget, investeringar, upphandlingsplan …): dess
/// kolumner och rader. En summa räknas ut, och en summa som datan anger
/// kontrolleras.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// Tabellens rubrik, över tabellen.
    pub rubrik: Option<String>,
    /// Kolumnerna, den första för radrubrikerna.
    pub kolumner: Spanned<Vec<ColumnDef>>,
    /// Raderna: en lista med ett värde per kolumn, radrubriken först, eller
    /// en mellanrubrik (`grupp:`) eller en summa (`summa:`).
    #[serde(default)]
    pub rader: Vec<RowDef>,
}

/// En tabellkolumn.
///
/// En kolumn: dess rubrik och typ, och som källan skriver dem dess nummer
/// och en anteckning.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// Kolumnens rubrik.
    pub rubrik: Spanned<String>,
    /// Vad kolumnen håller, och så hur talen skrivs (standard: text).
    #[serde(default)]
    pub typ: ColumnType,
    /// Kolumnens nummer som det står i källan: ”1”, ”(1)”.
    pub nummer: Option<Spanned<String>>,
    /// En rad i mindre stil under rubriken: ”(VB 2024)”.
    pub anteckning: Option<String>,
    /// Kolumnen som summan (och skillnaden) av andra kolumner, med deras
    /// nummer: ”1+2+3”, ”5-6”. Värden i kolumnen kontrolleras.
    pub formel: Option<Spanned<String>>,
}

/// What a column holds, and so how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Describe)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Text.
    #[default]
    Text,
    /// Miljoner kronor med en decimal: ”1 260,6”.
    Mnkr,
    /// Hela kronor: ”15 000 000”.
    Kr,
    /// Heltal.
    Heltal,
    /// Procent: ”55 %”.
    Procent,
    /// Datum, ÅÅÅÅ-MM-DD.
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

/// En mellanrubrik eller summa.
///
/// En rad som är en mellanrubrik över hela bredden eller en summa.
#[derive(Debug, Clone, Deserialize, Describe)]
#[serde(deny_unknown_fields)]
pub struct SpecialRowDef {
    /// En mellanrubrik över hela tabellens bredd.
    pub grupp: Option<Spanned<String>>,
    /// En summarad med denna radrubrik: summan av sina `rader`, av raderna
    /// som `av` nämner, eller av de vanliga raderna ovanför sedan närmaste
    /// mellanrubrik eller summa.
    pub summa: Option<Spanned<String>>,
    /// Summans delar, som står under den.
    pub rader: Option<Vec<RowDef>>,
    /// Summan av dessa rader, med deras radrubriker.
    pub av: Option<Spanned<Vec<Spanned<String>>>>,
    /// Summorna som källan anger, ett värde per kolumn efter den första:
    /// de kontrolleras mot det uträknade.
    #[serde(rename = "värden")]
    pub varden: Option<Spanned<Vec<Spanned<CellDef>>>>,
}

/// A list of values, or a group heading or total.
impl Describe for RowDef {
    fn describe(defs: &mut Defs) -> Shape {
        Shape::OneOf(vec![
            Shape::List(Box::new(Shape::Cell)),
            SpecialRowDef::describe(defs),
        ])
    }
}

/// A number, a text or nothing.
impl Describe for CellDef {
    fn describe(_: &mut Defs) -> Shape {
        Shape::Cell
    }
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
