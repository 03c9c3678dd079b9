//! The shared pieces every report view is made of: metadata, text sections,
//! tables with grouped rows, coloured level cells. Templates see only these.

use serde::Serialize;

use crate::swedish;
use crate::validate::{Input, InputKind, Level, Meta, Section};

/// The page furniture and PDF metadata of one document.
#[derive(Debug, Clone, Serialize)]
pub struct MetaView {
    /// The document's name, e.g. "Väsentlighets- och riskanalys 2026".
    pub title: String,
    /// Short name for the page header, e.g. "VoR 2026".
    pub short_title: String,
    pub kommun: String,
    pub namnd: String,
    pub forvaltning: Option<String>,
    pub year: i32,
    pub date_iso: String,
    pub date_long: String,
    pub date_parts: [u32; 3],
    pub diarienummer: Option<String>,
    /// The kind of document above the page number, e.g. "Tjänsteutlåtande".
    pub document_type: Option<String>,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Files embedded in the PDF (the YAML it was made from), when asked for.
    pub attachments: Vec<AttachmentView>,
}

/// A file embedded in the PDF as an associated file.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    /// The file's name as the PDF shows it.
    pub name: String,
    /// Its place among the document's files: the template reads its bytes
    /// from `/bilaga/<index>`.
    pub index: usize,
    pub description: String,
}

/// The views of the files a report is made from, to embed in its PDF.
pub fn attachments(inputs: &[Input]) -> Vec<AttachmentView> {
    inputs
        .iter()
        .enumerate()
        .map(|(index, input)| AttachmentView {
            name: input
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("data-{index}.yaml")),
            index,
            description: match input.kind {
                InputKind::Plan => "Nämndens data som rapporten gjordes av",
                InputKind::Model => "Riskmodellen som rapporten använder",
                InputKind::FollowUp => "Uppföljningen som rapporten gjordes av",
            }
            .to_owned(),
        })
        .collect()
}

impl MetaView {
    /// Metadata for a report called `name` (e.g. "Internkontrollplan").
    pub fn new(meta: &Meta, name: &str, short: &str, subject: &str) -> Self {
        use chrono::Datelike;
        MetaView {
            title: format!("{name} {}", meta.ar),
            short_title: format!("{short} {}", meta.ar),
            kommun: meta.kommun.clone(),
            namnd: meta.namnd.clone(),
            forvaltning: meta.forvaltning.clone(),
            year: meta.ar,
            date_iso: swedish::iso_date(meta.datum),
            date_long: swedish::long_date(meta.datum),
            date_parts: [
                meta.datum.year() as u32,
                meta.datum.month(),
                meta.datum.day(),
            ],
            diarienummer: meta.diarienummer.clone(),
            document_type: None,
            subject: subject.to_owned(),
            keywords: vec![
                "intern kontroll".into(),
                name.to_lowercase(),
                meta.namnd.clone(),
                meta.ar.to_string(),
            ],
            attachments: Vec::new(),
        }
    }
}

impl MetaView {
    /// The same metadata dated `date` (a follow-up's own date).
    pub fn dated(mut self, date: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        self.date_iso = swedish::iso_date(date);
        self.date_long = swedish::long_date(date);
        self.date_parts = [date.year() as u32, date.month(), date.day()];
        self
    }
}

/// A heading with paragraphs and bullet lists.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub heading: String,
    pub blocks: Vec<Block>,
    pub subsections: Vec<SectionView>,
}

/// A paragraph, or a bullet list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Paragraph text (empty for a list).
    pub text: String,
    /// Bullet items (empty for a paragraph).
    pub items: Vec<String>,
}

/// Sections as views.
pub fn sections(list: &[Section]) -> Vec<SectionView> {
    list.iter()
        .map(|s| SectionView {
            heading: s.heading.clone(),
            blocks: blocks(&s.text),
            subsections: sections(&s.subsections),
        })
        .collect()
}

/// Splits text into paragraphs (at blank lines) and bullet lists (lines
/// starting with "- ", "• " or "* "); other single newlines join with a space.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut paragraph = String::new();
    let flush = |paragraph: &mut String, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block {
                text: std::mem::take(paragraph),
                items: Vec::new(),
            });
        }
    };
    let mut last_was_item = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            last_was_item = false;
            continue;
        }
        let bullet = ["- ", "• ", "* "]
            .iter()
            .find_map(|b| trimmed.strip_prefix(b));
        if let Some(item) = bullet {
            flush(&mut paragraph, &mut out);
            match out.last_mut() {
                Some(block) if last_was_item => block.items.push(item.trim().to_owned()),
                _ => out.push(Block {
                    text: String::new(),
                    items: vec![item.trim().to_owned()],
                }),
            }
            last_was_item = true;
        } else if last_was_item && line.starts_with(char::is_whitespace) {
            // An indented line continues the bullet above it.
            if let Some(item) = out.last_mut().and_then(|b| b.items.last_mut()) {
                item.push(' ');
                item.push_str(trimmed);
            }
        } else {
            last_was_item = false;
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(trimmed);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// A table: columns, and groups of rows under optional subheadings.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub columns: Vec<ColumnView>,
    pub groups: Vec<GroupView>,
}

/// A column: its heading and width.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub title: String,
    /// Fraction of the free width, or …
    pub fr: Option<f32>,
    /// … a fixed width in cm.
    pub cm: Option<f32>,
    /// Centre the column's content.
    pub center: bool,
}

impl ColumnView {
    /// A flexible column.
    pub fn fr(title: &str, fr: f32) -> Self {
        ColumnView {
            title: title.to_owned(),
            fr: Some(fr),
            cm: None,
            center: false,
        }
    }

    /// A fixed, centred column.
    pub fn cm(title: &str, cm: f32) -> Self {
        ColumnView {
            title: title.to_owned(),
            fr: None,
            cm: Some(cm),
            center: true,
        }
    }
}

/// Rows under a subheading (a KF:s mål), or under none.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub heading: Option<String>,
    pub rows: Vec<RowView>,
}

/// One table row; cells covered by a rowspan above are left out.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub cells: Vec<CellView>,
}

/// One table cell.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CellView {
    pub rowspan: usize,
    /// Background colour (red, green, blue), if any.
    pub fill: Option<[u8; 3]>,
    /// True when the fill is dark enough to want white text.
    pub dark: bool,
    pub center: bool,
    /// A traffic-light dot before the text (red, green, blue), if any.
    pub marker: Option<[u8; 3]>,
    pub parts: Vec<Part>,
}

/// A paragraph in a cell, with its style.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub text: String,
    /// "plain", "strong", "label" (small caption) or "muted".
    pub style: &'static str,
}

impl CellView {
    /// A cell with plain text, split into paragraphs.
    pub fn text(text: &str) -> Self {
        let mut cell = CellView {
            rowspan: 1,
            ..CellView::default()
        };
        cell.push(text, "plain");
        cell
    }

    /// An empty cell.
    pub fn empty() -> Self {
        CellView {
            rowspan: 1,
            ..CellView::default()
        }
    }

    /// Adds text as paragraphs in `style`; empty text adds nothing.
    pub fn push(&mut self, text: &str, style: &'static str) -> &mut Self {
        for block in blocks(text) {
            let text = if block.items.is_empty() {
                block.text
            } else {
                block
                    .items
                    .iter()
                    .map(|i| format!("• {i}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            for line in text.split('\n') {
                self.parts.push(Part {
                    text: line.to_owned(),
                    style,
                });
            }
        }
        self
    }

    /// Centres the content.
    pub fn centered(mut self) -> Self {
        self.center = true;
        self
    }

    /// A cell coloured by level, with the text saying the same as the colour.
    pub fn level(level: &Level, lines: &[(&str, &'static str)]) -> Self {
        let mut cell = CellView::empty().centered();
        cell.fill = Some(level.color);
        cell.dark = prefers_white_text(level.color);
        for (text, style) in lines {
            cell.push(text, style);
        }
        cell
    }
}

/// Whether white text contrasts better than black on `color` (WCAG luminance).
pub fn prefers_white_text(color: [u8; 3]) -> bool {
    let channel = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(color[0]) + 0.7152 * channel(color[1]) + 0.0722 * channel(color[2]);
    let with_white = 1.05 / (l + 0.05);
    let with_black = (l + 0.05) / 0.05;
    with_white > with_black
}

/// Rows grouped under subheadings (KF:s mål), with the leading cells
/// (process, delprocess) merged over consecutive entries that share them.
pub struct GroupedRows {
    groups: Vec<GroupView>,
    /// Per leading column: the open cell's text, row and index in that row.
    open: Vec<Option<(String, usize, usize)>>,
}

impl GroupedRows {
    /// A table with `leading` mergeable columns first.
    pub fn new(leading: usize) -> Self {
        GroupedRows {
            groups: Vec::new(),
            open: vec![None; leading],
        }
    }

    /// Adds an entry under `heading` with the leading columns' `keys`, taking
    /// one or more physical `rows` (the leading cells span them all). A
    /// leading cell merges with the one above when it and every cell to its
    /// left say the same.
    pub fn push(&mut self, heading: Option<&str>, keys: &[&str], rows: Vec<Vec<CellView>>) {
        debug_assert_eq!(keys.len(), self.open.len());
        let new_group = self
            .groups
            .last()
            .is_none_or(|group| group.heading.as_deref() != heading);
        if new_group {
            self.groups.push(GroupView {
                heading: heading.map(str::to_owned),
                rows: Vec::new(),
            });
            self.open.iter_mut().for_each(|o| *o = None);
        }
        let group = self.groups.last_mut().expect("a group was just ensured");
        let height = rows.len().max(1);
        let first = group.rows.len();
        let mut lead = Vec::new();
        let mut merging = true;
        for (open, key) in self.open.iter_mut().zip(keys) {
            match open {
                Some((text, at, index)) if merging && text == key => {
                    group.rows[*at].cells[*index].rowspan += height;
                }
                _ => {
                    merging = false;
                    *open = Some(((*key).to_owned(), first, lead.len()));
                    let mut cell = CellView::text(key);
                    cell.rowspan = height;
                    lead.push(cell);
                }
            }
        }
        let mut rows = rows.into_iter();
        lead.extend(rows.next().unwrap_or_default());
        group.rows.push(RowView { cells: lead });
        group.rows.extend(rows.map(|cells| RowView { cells }));
    }

    /// The finished groups.
    pub fn finish(self) -> Vec<GroupView> {
        self.groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_splits_into_paragraphs_and_lists() {
        let b =
            blocks("Första raden\nfortsätter.\n\nAndra stycket.\n- ett\n- två\n  fortsatt\nSista.");
        assert_eq!(b.len(), 4);
        assert_eq!(b[0].text, "Första raden fortsätter.");
        assert_eq!(b[1].text, "Andra stycket.");
        assert_eq!(b[2].items, vec!["ett", "två fortsatt"]);
        assert_eq!(b[3].text, "Sista.");
    }

    #[test]
    fn rows_merge_process_and_delprocess() {
        let mut g = GroupedRows::new(2);
        let c = || vec![vec![CellView::text("x")]];
        g.push(None, &["P1", "D1"], c());
        g.push(None, &["P1", "D1"], c());
        g.push(None, &["P1", "D2"], c());
        g.push(None, &["P2", "D2"], c());
        let groups = g.finish();
        let rows = &groups[0].rows;
        assert_eq!(rows[0].cells[0].rowspan, 3); // P1
        assert_eq!(rows[0].cells[1].rowspan, 2); // D1
        assert_eq!(rows[1].cells.len(), 1);
        assert_eq!(rows[2].cells.len(), 2); // D2 + x
        assert_eq!(rows[3].cells.len(), 3); // P2, D2 anew, x
    }

    #[test]
    fn a_new_goal_starts_a_new_group() {
        let mut g = GroupedRows::new(1);
        g.push(Some("1.1"), &["P"], vec![]);
        g.push(Some("1.2"), &["P"], vec![]);
        assert_eq!(g.finish().len(), 2);
    }

    #[test]
    fn an_entry_of_several_rows_spans_its_leading_cells() {
        let mut g = GroupedRows::new(1);
        let row = || vec![CellView::text("x")];
        g.push(None, &["P"], vec![row(), row(), row()]);
        g.push(None, &["P"], vec![row()]);
        let groups = g.finish();
        assert_eq!(groups[0].rows.len(), 4);
        assert_eq!(groups[0].rows[0].cells[0].rowspan, 4);
        assert_eq!(groups[0].rows[1].cells.len(), 1);
    }

    #[test]
    fn contrast_picks_text_colour() {
        assert!(prefers_white_text([0x20, 0x20, 0x60]));
        assert!(!prefers_white_text([0xfd, 0xd8, 0x35]));
    }
}
