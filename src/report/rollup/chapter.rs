//! A chapter of the samlade bild: parts of text, a table and notes, each
//! with an optional heading.

use serde::Serialize;

use crate::report::table::TableView;
use crate::report::view::Block;

/// A chapter of the samlade bild: its parts, each with an optional heading.
#[derive(Debug, Clone, Serialize)]
pub struct CityChapterView {
    pub parts: Vec<CityPart>,
}

/// Text, a table, and notes under it, with an optional heading.
#[derive(Debug, Clone, Serialize)]
pub struct CityPart {
    pub heading: Option<String>,
    pub blocks: Vec<Block>,
    pub table: Option<TableView>,
    pub notes: Vec<String>,
}

impl CityPart {
    pub(super) fn text(heading: Option<String>, blocks: Vec<Block>) -> Self {
        CityPart {
            heading,
            blocks,
            table: None,
            notes: Vec::new(),
        }
    }
}

/// A paragraph of text.
pub(super) fn paragraph(text: String) -> Block {
    Block {
        text,
        items: Vec::new(),
    }
}

/// A bullet list after the sentence that leads into it, kept on its page.
pub(super) fn list(lead: String, items: Vec<String>) -> Block {
    Block { text: lead, items }
}
