//! The shared pieces every report view is made of: metadata, text sections,
//! cells and their paragraphs, coloured level cells. Templates see only these.

use serde::Serialize;

use super::colour::Swatch;
use crate::model::AssumedKey;
use crate::swedish;
use crate::validate::city::City;
use crate::validate::{Input, InputKind, Level, Plan, Standing};

/// The page furniture and PDF metadata of one document.
#[derive(Debug, Clone, Serialize)]
pub struct MetaView {
    /// The document's name, e.g. "Väsentlighets- och riskanalys 2026".
    pub title: String,
    /// Short name for the page header, e.g. "VoR 2026".
    pub short_title: String,
    pub kommun: Option<String>,
    /// The kommun's name is assumed: "(antaget)" after it on the cover
    /// and in the footer.
    pub kommun_assumed: bool,
    pub namnd: String,
    /// The nämnd's name is assumed: "(antaget)" after it where it stands
    /// (the cover, the header), never in the PDF's metadata.
    pub namnd_assumed: bool,
    pub forvaltning: Option<String>,
    /// The förvaltning's name is assumed: "(antaget)" after it on the
    /// cover and in the footer.
    pub forvaltning_assumed: bool,
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
    /// The kommun's logotyp, for the cover and the page header.
    pub logo: Option<LogoView>,
    /// How the pages are set: 0 as usual, 1 and 2 a little tighter, 3 a
    /// little looser, to keep a last page from holding only a fragment …
    pub fit: u8,
    /// … from this row of a table on (tables counted from 1 in the order
    /// the templates write them); `[0, 0]` is the whole document.
    pub fit_from: [usize; 2],
    /// A decided document's decision, "Beslutad av Servicenämnden den 12
    /// december 2024, § 123": on the cover, in the footer and in the PDF's
    /// metadata.
    pub decision: Option<String>,
    /// "Förslag" for a proposal: on the cover and in the header.
    pub proposal: Option<String>,
    /// Said on a proposal's cover when the data gives no status: the
    /// default is stated, never silent.
    pub status_note: Option<String>,
    /// "Exempel – uppgifterna är påhittade", for data that is made up: on
    /// the cover and in the header.
    pub example: Option<String>,
}

/// How a document's pages are set (see `MetaView::fit`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    /// 0 as usual, 1 and 2 a little tighter, 3 a little looser.
    pub setting: u8,
    /// The table (from 1) and row the setting applies from; `[0, 0]` is
    /// the whole document.
    pub from: [usize; 2],
}

impl Fit {
    /// The pages set as usual.
    pub const USUAL: Fit = Fit {
        setting: 0,
        from: [0, 0],
    };
}

/// A value the data says is assumed, marked where it stands:
/// "SN-2024/1187 (antaget)".
pub fn assumed(value: &str) -> String {
    if value.ends_with(ASSUMED) {
        value.to_owned()
    } else {
        format!("{value} {ASSUMED}")
    }
}

/// `value`, marked as [`assumed`] where `standing` says its `key` is.
pub fn marked(standing: &Standing, key: AssumedKey, value: String) -> String {
    if standing.assumes(key) {
        assumed(&value)
    } else {
        value
    }
}

const ASSUMED: &str = "(antaget)";

/// The header's and the cover's word for a proposal.
pub const PROPOSAL: &str = "Förslag";
/// What a report made from example data says on its cover and in its header.
pub const EXAMPLE: &str = "Exempel – uppgifterna är påhittade";

/// The logotyp as the template places it: read from `/logotyp`.
#[derive(Debug, Clone, Serialize)]
pub struct LogoView {
    /// What it shows, for screen readers.
    pub alt: String,
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
                InputKind::Previous => "Föregående års data som rapporten jämförs med",
                InputKind::City => "Kommunens fil som sammanställningen gjordes av",
            }
            .to_owned(),
        })
        .collect()
}

/// A report's title: its name and its year, unless the name has the year
/// already ("Internkontrollplan 2023" stays as it is).
pub fn titled(name: &str, year: i32) -> String {
    let name = name.trim();
    let year = year.to_string();
    if name
        .split(|c: char| !c.is_ascii_digit())
        .any(|word| word == year)
    {
        name.to_owned()
    } else {
        format!("{name} {year}")
    }
}

impl MetaView {
    /// Metadata for a report of `plan` called `name` (e.g. "Internkontrollplan").
    pub fn new(plan: &Plan, name: &str, short: &str, subject: &str) -> Self {
        let meta = &plan.meta;
        MetaView {
            title: titled(name, meta.ar),
            short_title: titled(short, meta.ar),
            kommun: meta.kommun.clone(),
            namnd: meta.namnd.clone(),
            kommun_assumed: false,
            namnd_assumed: false,
            forvaltning: meta.forvaltning.clone(),
            forvaltning_assumed: false,
            year: meta.ar,
            date_iso: String::new(),
            date_long: String::new(),
            date_parts: [0; 3],
            diarienummer: meta.diarienummer.clone(),
            document_type: None,
            subject: subject.to_owned(),
            keywords: vec![
                "intern kontroll".into(),
                name.trim_matches([' ', ',']).to_lowercase(),
                meta.namnd.clone(),
                meta.ar.to_string(),
            ],
            attachments: Vec::new(),
            logo: plan.logo.as_ref().map(|logo| LogoView {
                alt: logo.alt.clone(),
            }),
            fit: 0,
            fit_from: [0, 0],
            decision: None,
            proposal: None,
            status_note: None,
            example: None,
        }
        .dated(meta.datum)
        .standing(&meta.standing)
    }
}

impl MetaView {
    /// Metadata for Kommunstyrelsens samlade bild of `city`.
    pub fn for_city(city: &City) -> Self {
        MetaView {
            title: city.title.clone(),
            short_title: titled("Samlad bild", city.ar),
            kommun: Some(city.kommun.clone()),
            namnd: city.sender.clone(),
            kommun_assumed: false,
            namnd_assumed: false,
            forvaltning: None,
            forvaltning_assumed: false,
            year: city.ar,
            date_iso: String::new(),
            date_long: String::new(),
            date_parts: [0; 3],
            diarienummer: city.diarienummer.clone(),
            document_type: None,
            subject: format!(
                "Samlad bild av nämndernas interna kontroll i {} {}",
                city.kommun, city.ar
            ),
            keywords: vec![
                "intern kontroll".into(),
                "samlad bild".into(),
                "uppsiktsplikt".into(),
                city.kommun.clone(),
                city.ar.to_string(),
            ],
            attachments: Vec::new(),
            logo: None,
            fit: 0,
            fit_from: [0, 0],
            decision: None,
            proposal: None,
            status_note: None,
            example: None,
        }
        .dated(city.datum)
        .standing(&city.standing)
    }

    /// The same metadata for a document of `standing` (a follow-up's own).
    pub fn standing(mut self, standing: &Standing) -> Self {
        self.decision = standing.decision.as_ref().map(|d| d.sentence());
        self.proposal = (!standing.is_decided()).then(|| PROPOSAL.to_owned());
        self.status_note = (!standing.stated)
            .then(|| "Underlaget anger ingen status: dokumentet är ett förslag.".to_owned());
        self.example = standing.example.then(|| EXAMPLE.to_owned());
        if standing.assumes(AssumedKey::Datum) {
            self.date_long = assumed(&self.date_long);
        }
        if standing.assumes(AssumedKey::Diarienummer) {
            self.diarienummer = self.diarienummer.as_deref().map(assumed);
        }
        // A follow-up's reports carry its plan's nämnd, marked as the plan
        // marks it.
        self.namnd_assumed |= standing.assumes(AssumedKey::Namnd);
        self.forvaltning_assumed |= standing.assumes(AssumedKey::Forvaltning);
        self.kommun_assumed |= standing.assumes(AssumedKey::Kommun);
        self
    }

    /// The same metadata dated `date` (a follow-up's own date).
    pub fn dated(mut self, date: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        self.date_iso = swedish::iso_date(date);
        self.date_long = swedish::long_date(date);
        self.date_parts = [date.year() as u32, date.month(), date.day()];
        self
    }
}

/// A paragraph, or a bullet list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Paragraph text (empty for a list).
    pub text: String,
    /// Bullet items (empty for a paragraph).
    pub items: Vec<String>,
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

/// One table cell.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CellView {
    pub rowspan: usize,
    /// Background colour (red, green, blue), if any.
    pub fill: Option<[u8; 3]>,
    /// The text colour on that fill, where the cell has one: chosen by
    /// contrast, never by the template.
    pub ink: Option<[u8; 3]>,
    pub center: bool,
    /// A traffic-light dot before the text (red, green, blue), if any.
    pub marker: Option<[u8; 3]>,
    /// A stacked bar above the text, which says the same in words.
    pub bar: Vec<BarSegment>,
    pub parts: Vec<Part>,
    /// A risk's cell whose risk is secret: the ground (”OSL 18 kap. 8 §”).
    /// The PDFs show the cell as it is; a web page shows only ”Uppgiften
    /// omfattas av sekretess” and the ground, for this cell and the cells of
    /// its rows (its rowspan).
    pub secrecy: Option<String>,
}

/// A part of a stacked bar: its share of the whole and its colour.
#[derive(Debug, Clone, Serialize)]
pub struct BarSegment {
    /// Per cent of the bar's width.
    pub percent: f64,
    pub color: [u8; 3],
}

impl BarSegment {
    /// The segments of counts of levels in their colours, as the levels'
    /// cells show them; empty ones left out, no bar when everything is zero.
    pub fn of(counts: impl Iterator<Item = (usize, [u8; 3])>) -> Vec<BarSegment> {
        let counts: Vec<(usize, [u8; 3])> = counts.filter(|(n, _)| *n > 0).collect();
        let total: usize = counts.iter().map(|(n, _)| n).sum();
        counts
            .into_iter()
            .map(|(n, color)| BarSegment {
                percent: (1000.0 * n as f64 / total as f64).round() / 10.0,
                color: Swatch::for_text(color).fill,
            })
            .collect()
    }
}

/// A paragraph in a cell, with its style.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub text: String,
    /// "plain", "strong", "label" (small caption) or "muted".
    pub style: &'static str,
    /// A traffic-light dot before the text, its word in the text.
    pub light: Option<[u8; 3]>,
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
                    light: None,
                });
            }
        }
        self
    }

    /// Adds one line in `style` after a traffic light of `color`.
    pub fn push_light(&mut self, text: &str, style: &'static str, color: [u8; 3]) -> &mut Self {
        self.parts.push(Part {
            text: text.to_owned(),
            style,
            light: Some(color),
        });
        self
    }

    /// True when the cell shows nothing.
    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(|p| p.text.trim().is_empty()) && self.marker.is_none()
    }

    /// The length of its longest paragraph, in characters.
    pub fn widest_line(&self) -> usize {
        self.parts
            .iter()
            .map(|p| p.text.chars().count())
            .max()
            .unwrap_or(0)
    }

    /// Its estimated height in lines, at `per_line` characters a line.
    pub fn lines(&self, per_line: usize) -> usize {
        self.parts.iter().map(|p| part_lines(p, per_line)).sum()
    }

    /// Its parts in pieces of at most `budget` lines each, a part longer
    /// than that cut between sentences (or words); no text is lost.
    pub fn pieces(&self, per_line: usize, budget: usize) -> Vec<Vec<Part>> {
        let budget = budget.max(2);
        let mut pieces: Vec<Vec<Part>> = vec![Vec::new()];
        let mut used = 0;
        for part in &self.parts {
            for chunk in cut(part, per_line * (budget - 1)) {
                let lines = part_lines(&chunk, per_line);
                if used + lines > budget && used > 0 {
                    pieces.push(Vec::new());
                    used = 0;
                }
                used += lines;
                pieces.last_mut().expect("a piece").push(chunk);
            }
        }
        pieces
    }

    /// Fills the cell with `color`, or that colour made lighter or darker
    /// where no text colour reaches AA contrast on it, with the text colour
    /// that does.
    pub fn paint(&mut self, color: [u8; 3]) -> &mut Self {
        let swatch = Swatch::for_text(color);
        self.fill = Some(swatch.fill);
        self.ink = Some(swatch.ink);
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
        cell.paint(level.color);
        for (text, style) in lines {
            cell.push(text, style);
        }
        cell
    }
}

/// A paragraph's estimated lines, with the space after it.
fn part_lines(part: &Part, per_line: usize) -> usize {
    part.text.chars().count().div_ceil(per_line.max(1)).max(1) + 1
}

/// A part cut into parts of at most `max` characters, between sentences
/// where it can, else between words.
fn cut(part: &Part, max: usize) -> Vec<Part> {
    if part.text.chars().count() <= max {
        return vec![part.clone()];
    }
    let mut out: Vec<Part> = Vec::new();
    let mut current = String::new();
    let sentences = part.text.split_inclusive(". ");
    for piece in sentences.flat_map(|s| {
        if s.chars().count() > max {
            s.split_inclusive(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        } else {
            vec![s.to_owned()]
        }
    }) {
        if current.chars().count() + piece.chars().count() > max && !current.is_empty() {
            out.push(Part {
                text: std::mem::take(&mut current).trim_end().to_owned(),
                style: part.style,
                light: out.is_empty().then_some(part.light).flatten(),
            });
        }
        current.push_str(&piece);
    }
    if !current.trim().is_empty() {
        out.push(Part {
            text: current.trim_end().to_owned(),
            style: part.style,
            light: out.is_empty().then_some(part.light).flatten(),
        });
    }
    out
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
    fn a_title_has_its_year_once() {
        assert_eq!(
            titled("Internkontrollplan", 2023),
            "Internkontrollplan 2023"
        );
        assert_eq!(
            titled("Internkontrollplan 2023", 2023),
            "Internkontrollplan 2023"
        );
        assert_eq!(
            titled("Samlad riskbild och åtgärdsplan 2026", 2026),
            "Samlad riskbild och åtgärdsplan 2026"
        );
        assert_eq!(titled("Plan 20260", 2026), "Plan 20260 2026");
    }
}
