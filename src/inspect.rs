//! Laid-out document → the faults a reader sees before a report can be
//! filed: a table row split over two pages, a block (a risk's rows, a small
//! table) split over two pages, a last page that holds only a fragment, a
//! page stranded between others, a heading left alone at the foot of a page,
//! a word broken where the word list does not allow it, text outside its
//! cell or the page, text smaller than can be read, a line of running text
//! too long to read, text too faint against what is behind it, and a web or
//! e-mail address that is not a link.
//!
//! Read from Typst's frames before export: each element that PDF/UA tags
//! (tables, cells, headings, page furniture) leaves start and end tags in
//! the frames, so every piece of text is known by the cell, row and page it
//! lies in.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use typst::foundations::{Content, StyleChain, Value};
use typst::introspection::{Location, MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Rect, Transform};
use typst::model::{Destination, HeadingElem, TableCell, TableElem};
use typst::pdf::{ArtifactElem, TableCellKind};
use typst::visualize::{Geometry, Paint};
use typst_layout::PagedDocument;

use crate::report::colour::{GRAPHIC_CONTRAST, TEXT_CONTRAST, contrast};
use crate::swedish::{Hyphenation, SOFT_HYPHEN};

/// Running text lines longer than this are hard to read.
pub const MAX_LINE_CHARS: usize = 100;

/// A last page that does not start by design (what spilled over from the
/// page before) with less body text than this holds only a fragment …
pub const MIN_LAST_PAGE_CHARS: usize = 250;

/// … as does one whose text fills less than this share of the page.
pub const MIN_LAST_PAGE_FILL: f64 = 0.2;

/// A page inside a document that does not start by design, with less body
/// text than `MIN_LAST_PAGE_CHARS` or filling less than this share of the
/// page, holds what belongs on the page before.
pub const MIN_PAGE_FILL: f64 = 0.25;

/// What a template puts (as `metadata`) where a page starts by design: a
/// chapter, or a table that opens its own page.
pub const NEW_PAGE_MARK: &str = "ny-sida";

/// Text may stand this far past its box before it counts as outside.
const SLACK_PT: f64 = 1.0;

/// The most a table cell's text is inset from its edges, in pt (5 in the
/// T2's blocks, 4 elsewhere).
const CELL_INSET_PT: f64 = 5.0;

/// No text is smaller than this, in pt: the least a board member reads on
/// paper and a website reader at 100 %.
pub const MIN_TEXT_PT: f64 = 7.5;

/// A table no taller than this share of a page (a risk's block in the T2,
/// a small table) is one piece, kept whole on a page.
pub const MAX_BLOCK_SHARE: f64 = 0.4;

/// One fault, on a page (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// A table row whose cells lie on two pages.
    SplitRow { page: usize, text: String },
    /// A block that belongs together (a small table, the rows a cell spans)
    /// whose rows lie on two pages, though it would fit on one.
    SplitBlock { page: usize, text: String },
    /// The last page holds only this many characters of body text, filling
    /// this many percent of the page's height.
    Fragment {
        page: usize,
        chars: usize,
        percent: usize,
    },
    /// A page inside the document that holds only this much of what began
    /// on the page before.
    Stranded {
        page: usize,
        chars: usize,
        percent: usize,
    },
    /// A heading or a table's (group) header is the last thing on the page.
    Orphan { page: usize, text: String },
    /// A word broken where the word list does not allow it.
    BadBreak { page: usize, word: String },
    /// Text that runs outside its cell or the page.
    Overflow { page: usize, text: String },
    /// A line of running text with this many characters.
    LongLine { page: usize, chars: usize },
    /// Text smaller than `MIN_TEXT_PT`: its size in tenths of a pt.
    SmallText {
        page: usize,
        tenths: usize,
        text: String,
    },
    /// Text whose contrast with the fill behind it is under WCAG 2.1 AA
    /// (4.5:1, or 3:1 for large text); the ratio in hundredths.
    LowContrast {
        page: usize,
        text: String,
        ink: [u8; 3],
        fill: [u8; 3],
        ratio: u32,
    },
    /// A web or e-mail address printed without a link over it.
    Unlinked { page: usize, address: String },
}

impl Fault {
    /// The fault in Swedish, for a warning.
    pub fn describe(&self) -> String {
        match self {
            Fault::SplitRow { page, text } => {
                format!(
                    "en tabellrad delas mellan sidan {page} och {} (”{text}”)",
                    page + 1
                )
            }
            Fault::SplitBlock { page, text } => {
                format!(
                    "ett block som hör ihop delas mellan sidan {page} och {} (”{text}”)",
                    page + 1
                )
            }
            Fault::Fragment {
                page,
                chars,
                percent,
            } => format!(
                "sista sidan ({page}) har bara {chars} tecken text och fyller {percent} % av sidan"
            ),
            Fault::Stranded {
                page,
                chars,
                percent,
            } => format!(
                "sidan {page} är nästan tom: {chars} tecken text som fyller {percent} % av sidan och hör till sidan före"
            ),
            Fault::Orphan { page, text } => {
                format!("rubriken ”{text}” står ensam sist på sidan {page}, utan text under sig")
            }
            Fault::BadBreak { page, word } => {
                format!("ordet ”{word}” avstavas på ett felaktigt ställe på sidan {page}")
            }
            Fault::Overflow { page, text } => {
                format!("texten ”{text}” går utanför sin ruta på sidan {page}")
            }
            Fault::LongLine { page, chars } => {
                format!(
                    "en rad löptext på sidan {page} har {chars} tecken (högst {MAX_LINE_CHARS})"
                )
            }
            Fault::SmallText { page, tenths, text } => format!(
                "texten ”{text}” på sidan {page} är {},{} pt, mindre än golvet {} pt",
                tenths / 10,
                tenths % 10,
                crate::swedish::decimal(MIN_TEXT_PT, 1)
            ),
            Fault::LowContrast {
                page,
                text,
                ink,
                fill,
                ratio,
            } => format!(
                "texten ”{text}” på sidan {page} har för låg kontrast mot bakgrunden: {},{:02}:1 ({} på {}; minst 4,5:1, för stor text 3:1)",
                ratio / 100,
                ratio % 100,
                hex(*ink),
                hex(*fill)
            ),
            Fault::Unlinked { page, address } => {
                format!("adressen ”{address}” på sidan {page} är ingen länk")
            }
        }
    }

    /// What to do about the fault, for the warning's tip.
    pub fn hint(&self) -> &'static str {
        match self {
            Fault::Overflow { .. } => {
                "ett ord som inte ryms i sin kolumn bryts där avstavningslistan tillåter: lägg till ordet med bindestreck där det får brytas under avstavning: i riskmodellen (för sammanställningen i kommun.yaml), t.ex. avstavning: [social-sekreterare]; en kod eller adress utan brytställe kan skrivas med mellanslag"
            }
            Fault::BadBreak { .. } => {
                "lägg till ordet med bindestreck där det får brytas under avstavning: i riskmodellen (för sammanställningen i kommun.yaml)"
            }
            _ => "sidorna är satta men bör ses över innan rapporten arkiveras",
        }
    }

    /// The page the fault is on.
    pub fn page(&self) -> usize {
        match self {
            Fault::SplitRow { page, .. }
            | Fault::SplitBlock { page, .. }
            | Fault::Fragment { page, .. }
            | Fault::Stranded { page, .. }
            | Fault::Orphan { page, .. }
            | Fault::BadBreak { page, .. }
            | Fault::Overflow { page, .. }
            | Fault::LongLine { page, .. }
            | Fault::SmallText { page, .. }
            | Fault::LowContrast { page, .. }
            | Fault::Unlinked { page, .. } => *page,
        }
    }
}

/// Every fault in `document`; `words` says where words may break.
pub fn inspect(document: &PagedDocument, words: &Hyphenation) -> Vec<Fault> {
    inspect_with_rows(document, words).0
}

/// `inspect`'s faults and `page_rows`' rows from one reading of the pages:
/// a document that holds a fragment is laid out again from a row that
/// the rows tell (reading a long document's pages costs a tenth of its
/// layout).
pub fn inspect_with_rows(
    document: &PagedDocument,
    words: &Hyphenation,
) -> (Vec<Fault>, Vec<PageRows>) {
    let reader = Reader::read(document);
    let pages = document.pages().len();
    let mut faults = reader.split_rows();
    faults.extend(reader.split_blocks());
    faults.extend(reader.fragment(pages));
    faults.extend(reader.stranded(pages));
    faults.extend(reader.orphans(pages));
    faults.extend(reader.bad_breaks(words));
    faults.extend(reader.overflows());
    faults.extend(reader.long_lines());
    faults.extend(reader.small_text());
    faults.extend(reader.low_contrasts());
    faults.extend(reader.unlinked());
    faults.sort_by_key(Fault::page);
    (faults, reader.page_rows())
}

/// A page's table rows and how full it is, for setting the pages
/// differently from a row on (see `report::Fit`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageRows {
    /// The rows that start on the page, in order: the table's number (from
    /// 1, in the order the document holds its tables) and the row's.
    pub rows: Vec<[usize; 2]>,
    /// The height of the page's body, between header and footer …
    pub body: Abs,
    /// … and how much of it the body text spans.
    pub filled: Abs,
}

/// Body text: not page furniture, not a repeated table header.
fn is_body(run: &Run) -> bool {
    !run.artifact && !run.cell.is_some_and(|(c, _)| c.repeated)
}

/// The items of one page, in a list read page after page.
fn on_page<T>(items: &[T], page: usize, page_of: impl Fn(&T) -> usize) -> &[T] {
    let start = items.partition_point(|item| page_of(item) < page);
    let end = items.partition_point(|item| page_of(item) <= page);
    &items[start..end]
}

/// What an element that encloses text is.
#[derive(Debug, Clone)]
enum Element {
    Table,
    Cell(CellInfo),
    /// A heading's text, and whether it opens a chapter (level 1).
    Heading(String, bool),
    Artifact,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CellInfo {
    table: Location,
    x: usize,
    y: usize,
    colspan: usize,
    rowspan: usize,
    header: bool,
    repeated: bool,
}

/// A run of text where it lies, and what encloses it.
#[derive(Debug, Clone)]
struct Run {
    page: usize,
    text: String,
    left: Abs,
    right: Abs,
    baseline: Abs,
    size: Abs,
    cell: Option<(CellInfo, Location)>,
    heading: Option<String>,
    /// In a chapter's heading (level 1).
    chapter: bool,
    artifact: bool,
    /// The text's colour, and whether it is set bold.
    ink: [u8; 3],
    bold: bool,
    /// Its place in the order the page is painted.
    order: usize,
}

impl Run {
    /// Typst sets the hyphen of a line broken at a soft hyphen as a run
    /// of its own.
    fn is_soft_hyphen(&self) -> bool {
        self.text.chars().eq([SOFT_HYPHEN])
    }
}

/// A cell's top left corner on a page.
#[derive(Debug, Clone, Copy)]
struct CellStart {
    page: usize,
    info: CellInfo,
    at: Point,
}

/// A filled shape where it lies, in the order the page is painted.
#[derive(Debug, Clone, Copy)]
struct Fill {
    page: usize,
    rect: Rect,
    color: [u8; 3],
    order: usize,
}

/// Where a link to a web or e-mail address lies.
#[derive(Debug, Clone, Copy)]
struct LinkArea {
    page: usize,
    rect: Rect,
}

#[derive(Default)]
struct Reader {
    page: usize,
    /// The page being read's height.
    height: Abs,
    /// Every page's width and height.
    sizes: Vec<(Abs, Abs)>,
    /// Open elements, innermost last.
    open: Vec<(Location, Element)>,
    /// Every element seen, for frames that continue one on a later page.
    known: HashMap<Location, Element>,
    runs: Vec<Run>,
    starts: Vec<CellStart>,
    /// The tables in the order they start.
    tables: Vec<Location>,
    /// Per page, the extent of the page furniture (header and footer).
    furniture: BTreeMap<usize, (Abs, Abs, Abs)>,
    /// Where a template marked a page that starts by design (page, height).
    new_pages: Vec<(usize, Abs)>,
    /// Filled shapes and links, for the contrast and link checks.
    fills: Vec<Fill>,
    links: Vec<LinkArea>,
    /// Items painted so far.
    painted: usize,
    /// Cells whose address the templates leave unlinked on purpose.
    unlinked_cells: std::collections::HashSet<Location>,
}

impl Reader {
    /// `document` read page after page.
    fn read(document: &PagedDocument) -> Reader {
        let mut reader = Reader::default();
        for (index, page) in document.pages().iter().enumerate() {
            reader.page = index + 1;
            reader.height = page.frame.height();
            reader.sizes.push((page.frame.width(), page.frame.height()));
            reader.walk(&page.frame, Transform::identity());
        }
        debug_assert!(
            reader.runs.is_sorted_by_key(|r| r.page)
                && reader.fills.is_sorted_by_key(|f| f.page)
                && reader.starts.is_sorted_by_key(|s| s.page),
            "read page after page"
        );
        reader
    }

    /// Per page, the table rows that start on it and how full it is.
    fn page_rows(&self) -> Vec<PageRows> {
        let number = |table: Location| self.tables.iter().position(|&t| t == table);
        let mut pages: Vec<PageRows> = (1..=self.sizes.len())
            .map(|page| PageRows {
                rows: Vec::new(),
                body: self.body_height(page),
                filled: self.fill(page).1 * self.body_height(page),
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        for start in self.starts.iter().filter(|s| !s.info.repeated) {
            let Some(table) = number(start.info.table) else {
                continue;
            };
            let row = [table + 1, start.info.y];
            if seen.insert(row) {
                pages[start.page - 1].rows.push(row);
            }
        }
        pages
    }

    fn walk(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(group) => self.group(group, here),
                FrameItem::Tag(Tag::Start(content, _)) => self.start(content, here),
                FrameItem::Tag(Tag::End(location, ..)) => self.end(*location),
                FrameItem::Text(text) => {
                    let a = Point::zero().transform(here);
                    let b = Point::with_x(text.width()).transform(here);
                    self.painted += 1;
                    let run = Run {
                        page: self.page,
                        text: text.text.to_string(),
                        left: a.x.min(b.x),
                        right: a.x.max(b.x),
                        baseline: a.y.max(b.y),
                        size: text.size,
                        cell: self.cell(),
                        heading: self.heading(),
                        chapter: self
                            .enclosing()
                            .any(|(_, e)| matches!(e, Element::Heading(_, true))),
                        artifact: self.in_artifact(),
                        ink: srgb(&text.fill),
                        bold: text.font.font().info().variant.weight.to_number() >= 600,
                        order: self.painted,
                    };
                    if run.artifact {
                        self.note_furniture(run.left, run.right, run.baseline);
                    }
                    self.runs.push(run);
                }
                FrameItem::Shape(shape, _) => {
                    self.painted += 1;
                    if let Some(fill) = &shape.fill {
                        self.fills.push(Fill {
                            page: self.page,
                            rect: bounds(shape.bbox(false), here),
                            color: srgb(fill),
                            order: self.painted,
                        });
                    }
                    if let Geometry::Line(to) = shape.geometry
                        && self.in_artifact()
                    {
                        let a = Point::zero().transform(here);
                        let b = to.transform(here);
                        self.note_furniture(a.x.min(b.x), a.x.max(b.x), a.y);
                    }
                }
                FrameItem::Link(Destination::Url(_), size) => {
                    self.links.push(LinkArea {
                        page: self.page,
                        rect: bounds(Rect::from_pos_size(Point::zero(), *size), here),
                    });
                }
                _ => {}
            }
        }
    }

    fn group(&mut self, group: &GroupItem, here: Transform) {
        let ts = here.pre_concat(group.transform);
        // A frame that continues an element from an earlier page (a cell
        // broken over pages) names it as its parent.
        let parent = group.parent.map(|p| p.location).and_then(|location| {
            let element = self.known.get(&location)?.clone();
            Some((location, element))
        });
        let opened = parent.is_some();
        if let Some(parent) = parent {
            self.open.push(parent);
        }
        self.walk(&group.frame, ts);
        if opened {
            self.open.pop();
        }
    }

    fn start(&mut self, content: &Content, here: Transform) {
        let Some(location) = content.location() else {
            return;
        };
        if content
            .to_packed::<MetadataElem>()
            .is_some_and(|m| m.value == Value::Str(crate::render::UNLINKED_MARK.into()))
        {
            if let Some((_, cell)) = self.cell() {
                self.unlinked_cells.insert(cell);
            }
            return;
        }
        let element = if content.is::<TableElem>() {
            if !self.known.contains_key(&location) {
                self.tables.push(location);
            }
            Element::Table
        } else if let Some(cell) = content.to_packed::<TableCell>() {
            let table = self
                .open
                .iter()
                .rev()
                .find(|(_, e)| matches!(e, Element::Table))
                .map(|(l, _)| *l);
            match table {
                Some(table) => {
                    let styles = StyleChain::default();
                    let info = CellInfo {
                        table,
                        x: cell.x.get(styles).custom().unwrap_or(0),
                        y: cell.y.get(styles).custom().unwrap_or(0),
                        colspan: cell.colspan.get(styles).get(),
                        rowspan: cell.rowspan.get(styles).get(),
                        header: matches!(
                            cell.kind.get(styles).custom(),
                            Some(TableCellKind::Header(..))
                        ),
                        repeated: cell.is_repeated.get(styles),
                    };
                    self.starts.push(CellStart {
                        page: self.page,
                        info,
                        at: Point::zero().transform(here),
                    });
                    Element::Cell(info)
                }
                None => Element::Other,
            }
        } else if let Some(heading) = content.to_packed::<HeadingElem>() {
            let chapter = heading.resolve_level(StyleChain::default()).get() == 1;
            Element::Heading(heading.body.plain_text().to_string(), chapter)
        } else if content
            .to_packed::<MetadataElem>()
            .is_some_and(|m| m.value == Value::Str(NEW_PAGE_MARK.into()))
        {
            self.new_pages
                .push((self.page, Point::zero().transform(here).y));
            Element::Other
        } else if content.is::<ArtifactElem>() {
            Element::Artifact
        } else {
            Element::Other
        };
        self.known.insert(location, element.clone());
        self.open.push((location, element));
    }

    fn end(&mut self, location: Location) {
        if let Some(at) = self.open.iter().rposition(|(l, _)| *l == location) {
            self.open.truncate(at);
        }
    }

    /// The innermost open elements, up to the page furniture: a cell left
    /// open at the foot of a page (it goes on over the page break) does not
    /// enclose the next page's header.
    fn enclosing(&self) -> impl Iterator<Item = &(Location, Element)> {
        self.open
            .iter()
            .rev()
            .take_while(|(_, e)| !matches!(e, Element::Artifact))
    }

    fn cell(&self) -> Option<(CellInfo, Location)> {
        self.enclosing().find_map(|(l, e)| match e {
            Element::Cell(info) => Some((*info, *l)),
            _ => None,
        })
    }

    fn heading(&self) -> Option<String> {
        self.enclosing().find_map(|(_, e)| match e {
            Element::Heading(text, _) => Some(text.clone()),
            _ => None,
        })
    }

    fn in_artifact(&self) -> bool {
        self.open
            .iter()
            .any(|(_, e)| matches!(e, Element::Artifact))
    }

    fn note_furniture(&mut self, left: Abs, right: Abs, y: Abs) {
        let entry =
            self.furniture
                .entry(self.page)
                .or_insert((Abs::inf(), -Abs::inf(), Abs::inf()));
        entry.0 = entry.0.min(left);
        entry.1 = entry.1.max(right);
        // The footer's top: the lowest-starting furniture below the middle.
        if y > self.height / 2.0 {
            entry.2 = entry.2.min(y);
        }
    }

    /// Body text: not page furniture, not a repeated table header.
    fn body(&self) -> impl Iterator<Item = &Run> {
        self.runs.iter().filter(|r| is_body(r))
    }

    /// The runs of one page. Runs, fills and cell starts are read page
    /// after page, so a page's are found by bisection: checks that look at
    /// every page stay linear in the document's length.
    fn runs_on(&self, page: usize) -> &[Run] {
        on_page(&self.runs, page, |r| r.page)
    }

    /// The body text of one page.
    fn body_on(&self, page: usize) -> impl Iterator<Item = &Run> {
        self.runs_on(page).iter().filter(|r| is_body(r))
    }

    fn split_rows(&self) -> Vec<Fault> {
        // Per row: its pages, its opening words, and where the last run lay.
        type Row = (BTreeSet<usize>, String, Option<(usize, Abs)>);
        let mut rows: HashMap<(Location, usize), Row> = HashMap::new();
        for run in self.body() {
            let Some((cell, _)) = run.cell.filter(|(c, _)| !c.header) else {
                continue;
            };
            let key = (cell.table, cell.y);
            let entry = rows.entry(key).or_default();
            entry.0.insert(run.page);
            if entry.1.chars().count() < 40 {
                // Another cell or line reads as another word.
                let place = (cell.x, run.baseline);
                if entry.2.is_some_and(|last| last != place) {
                    entry.1.push(' ');
                }
                entry.1.push_str(&run.text);
                entry.2 = Some(place);
            }
        }
        rows.into_values()
            .filter(|(pages, _, _)| pages.len() > 1)
            .map(|(pages, text, _)| Fault::SplitRow {
                page: *pages.first().unwrap_or(&0),
                text: shorten(&text),
            })
            .collect()
    }

    /// Small tables (at most `MAX_BLOCK_SHARE` of a page) and the rows a cell
    /// spans (that would fit on a page) whose rows lie on two pages.
    fn split_blocks(&self) -> Vec<Fault> {
        // Per table and body row: the runs' pages and extents.
        let mut tables: HashMap<Location, BTreeMap<usize, Vec<&Run>>> = HashMap::new();
        for run in self.body() {
            if let Some((cell, _)) = run.cell.filter(|(c, _)| !c.header) {
                let rows = tables.entry(cell.table).or_default();
                rows.entry(cell.y).or_default().push(run);
            }
        }
        // Each block as its table, its first and last row, and the share of
        // a page it may fill.
        let mut blocks: Vec<(Location, usize, usize, f64)> = Vec::new();
        for (table, rows) in &tables {
            if let (Some(first), Some(last)) = (rows.keys().next(), rows.keys().last()) {
                blocks.push((*table, *first, *last, MAX_BLOCK_SHARE));
            }
        }
        for start in &self.starts {
            let cell = start.info;
            if cell.rowspan > 1 && !cell.header && !cell.repeated {
                let block = (cell.table, cell.y, cell.y + cell.rowspan - 1, 0.9);
                if !blocks.contains(&block) {
                    blocks.push(block);
                }
            }
        }
        let mut faults = Vec::new();
        for (table, first, last, share) in blocks {
            let Some(rows) = tables.get(&table) else {
                continue;
            };
            let runs: Vec<&Run> = rows
                .range(first..=last)
                .flat_map(|(_, runs)| runs.iter().copied())
                .collect();
            let mut pages: BTreeMap<usize, (Abs, Abs)> = BTreeMap::new();
            for run in &runs {
                let extent = pages
                    .entry(run.page)
                    .or_insert((run.baseline - run.size, run.baseline));
                extent.0 = extent.0.min(run.baseline - run.size);
                extent.1 = extent.1.max(run.baseline);
            }
            if pages.len() < 2 {
                continue;
            }
            let height: Abs = pages.values().map(|(top, bottom)| *bottom - *top).sum();
            let room = pages
                .keys()
                .map(|&page| self.body_height(page))
                .min()
                .unwrap_or_default();
            // A long table, or one taller than a page, breaks.
            if height > room * share {
                continue;
            }
            let text: String = runs
                .iter()
                .map(|r| r.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            faults.push(Fault::SplitBlock {
                page: *pages.keys().next().unwrap_or(&0),
                text: shorten(&text),
            });
        }
        // The tables were read from a map: put their faults in one order.
        faults.sort_by_key(|f| (f.page(), f.describe()));
        faults
    }

    /// The height of a page's body: between the header's foot and the
    /// footer's top.
    fn body_height(&self, page: usize) -> Abs {
        self.footer_top(page) - self.header_foot(page)
    }

    fn header_foot(&self, page: usize) -> Abs {
        let (_, height) = self.sizes[page - 1];
        self.runs_on(page)
            .iter()
            .filter(|r| r.artifact && r.baseline < height / 2.0)
            .map(|r| r.baseline)
            .max()
            .unwrap_or(Abs::zero())
    }

    fn footer_top(&self, page: usize) -> Abs {
        let (_, height) = self.sizes[page - 1];
        self.furniture
            .get(&page)
            .map_or(height, |f| f.2.min(height))
    }

    /// Text under the floor, once per page and size.
    fn small_text(&self) -> Vec<Fault> {
        let mut seen: BTreeMap<(usize, usize), String> = BTreeMap::new();
        for run in self.runs.iter().filter(|r| !r.text.trim().is_empty()) {
            if run.size.to_pt() < MIN_TEXT_PT - 0.01 {
                let tenths = (run.size.to_pt() * 10.0).round() as usize;
                seen.entry((run.page, tenths))
                    .or_insert_with(|| shorten(&run.text));
            }
        }
        seen.into_iter()
            .map(|((page, tenths), text)| Fault::SmallText { page, tenths, text })
            .collect()
    }

    /// The last page, when it holds only a fragment of what began before.
    fn fragment(&self, pages: usize) -> Option<Fault> {
        if pages < 2 || self.starts_by_design(pages) {
            return None;
        }
        let (chars, fill) = self.fill(pages);
        (chars < MIN_LAST_PAGE_CHARS || fill < MIN_LAST_PAGE_FILL).then_some(Fault::Fragment {
            page: pages,
            chars,
            percent: (fill * 100.0).round() as usize,
        })
    }

    /// Pages between the first and the last that hold only a little of
    /// what began on the page before, unless a chapter starts on the next
    /// page by design (the end of a chapter is as long as it is).
    fn stranded(&self, pages: usize) -> Vec<Fault> {
        (2..pages)
            .filter(|&page| !self.starts_by_design(page))
            .filter(|&page| !(self.starts_by_design(page + 1) && self.opens_chapter(page + 1)))
            .filter_map(|page| {
                let (chars, fill) = self.fill(page);
                (chars < MIN_LAST_PAGE_CHARS || fill < MIN_PAGE_FILL).then_some(Fault::Stranded {
                    page,
                    chars,
                    percent: (fill * 100.0).round() as usize,
                })
            })
            .collect()
    }

    /// Whether a page starts by design: in another orientation than the
    /// page before, or where a template marked a new page above its text. A
    /// page that does not is a continuation of the one before.
    fn starts_by_design(&self, page: usize) -> bool {
        let landscape = |(width, height): (Abs, Abs)| width > height;
        if page < 2 || landscape(self.sizes[page - 1]) != landscape(self.sizes[page - 2]) {
            return true;
        }
        // The mark stands above the page's first line.
        let first = self.body_on(page).map(|r| r.baseline).min();
        self.new_pages
            .iter()
            .any(|&(p, y)| p == page && first.is_none_or(|first| y <= first))
    }

    /// Whether a page's first line is a chapter's heading.
    fn opens_chapter(&self, page: usize) -> bool {
        self.body_on(page)
            .min_by_key(|r| r.baseline)
            .is_some_and(|r| r.chapter)
    }

    /// A page's body text: its characters, and the share of the page's body
    /// height between its first line's top and its last line's foot.
    fn fill(&self, page: usize) -> (usize, f64) {
        let runs: Vec<&Run> = self.body_on(page).collect();
        let chars: usize = runs.iter().map(|r| visible(r.text.trim()).count()).sum();
        let top = runs.iter().map(|r| r.baseline - r.size).min();
        let bottom = runs.iter().map(|r| r.baseline).max();
        let fill = match (top, bottom) {
            (Some(top), Some(bottom)) if self.body_height(page) > Abs::zero() => {
                (bottom - top) / self.body_height(page)
            }
            _ => 0.0,
        };
        (chars, fill)
    }

    /// A heading as the lowest text on a page other than the last.
    fn orphans(&self, pages: usize) -> Vec<Fault> {
        let mut lowest: BTreeMap<usize, &Run> = BTreeMap::new();
        for run in self.body().filter(|r| r.page < pages) {
            let entry = lowest.entry(run.page).or_insert(run);
            if run.baseline > entry.baseline {
                *entry = run;
            }
        }
        lowest
            .into_iter()
            .filter_map(|(page, run)| {
                // A heading, or a table's (group) header with no row under it.
                let header = run.cell.is_some_and(|(c, _)| c.header);
                let text = run
                    .heading
                    .clone()
                    .or_else(|| header.then(|| run.text.clone()))?;
                Some(Fault::Orphan {
                    page,
                    text: shorten(&text),
                })
            })
            .collect()
    }

    /// Breaks at a soft hyphen: Typst ends the line with a run that is just
    /// the hyphen; the word's halves end the run before it and start the
    /// next. A break the word list does not allow is bad, unless the word is
    /// wider than its box and the break is a last resort's (a syllable of a
    /// part the list cannot break).
    fn bad_breaks(&self, words: &Hyphenation) -> Vec<Fault> {
        let mut faults = Vec::new();
        for (i, run) in self.runs.iter().enumerate() {
            if !run.is_soft_hyphen() {
                continue;
            }
            let (before, after) = self.broken_word(i);
            if words.allows_break(&before, &after) {
                continue;
            }
            let whole = format!("{before}{after}");
            let wide = self.box_width(run).is_some_and(|room| {
                Abs::pt(crate::report::measure::width(
                    &whole,
                    run.size.to_pt(),
                    run.bold,
                )) > room
            });
            if !(wide && words.allows_last_resort(&before, &after)) {
                faults.push(Fault::BadBreak {
                    page: run.page,
                    word: format!("{before}-{after}"),
                });
            }
        }
        faults
    }

    /// The word broken at the soft hyphen `runs[at]`, as the part before the
    /// break and the part after: a word broken more than once is read whole,
    /// across its other breaks.
    fn broken_word(&self, at: usize) -> (String, String) {
        let text = |i: usize| self.runs.get(i).map(|r| r.text.as_str());
        // Back: the run before ends the word; a run that is one word and
        // follows another break continues it.
        let mut before = String::new();
        let mut i = at;
        while i > 0 {
            i -= 1;
            match text(i) {
                Some(t) if t.chars().eq([SOFT_HYPHEN]) => continue,
                Some(t) => {
                    before.insert_str(0, &last_word(t));
                    let whole_run = visible(t.trim()).all(char::is_alphanumeric);
                    let broken_before = i > 0 && self.runs[i - 1].is_soft_hyphen();
                    if !(whole_run && broken_before) {
                        break;
                    }
                }
                None => break,
            }
        }
        let mut after = String::new();
        let mut i = at;
        while let Some(t) = text(i + 1) {
            i += 1;
            if t.chars().eq([SOFT_HYPHEN]) || t.trim().is_empty() {
                continue;
            }
            after.push_str(&first_word(t));
            let whole_run = visible(t.trim()).all(char::is_alphanumeric);
            let broken_after = self.runs.get(i + 1).is_some_and(Run::is_soft_hyphen);
            if !(whole_run && broken_after) {
                break;
            }
        }
        (before, after)
    }

    /// The room a run's line has: its cell's width less the cell's inset,
    /// or the page body's width outside tables.
    fn box_width(&self, run: &Run) -> Option<Abs> {
        let (width, _) = self.sizes[run.page - 1];
        let (left, right, _) = self.furniture.get(&run.page).copied().unwrap_or((
            Abs::cm(2.0),
            width - Abs::cm(2.0),
            Abs::zero(),
        ));
        match run.cell {
            Some((cell, _)) => {
                let (start, bound) = self.cell_bounds(run.page, &cell, right)?;
                Some(bound - start - Abs::pt(2.0 * CELL_INSET_PT))
            }
            None => Some(right - left),
        }
    }

    /// Where a cell's columns start and where the next column starts (or
    /// the body ends), on a page.
    fn cell_bounds(&self, page: usize, cell: &CellInfo, body_right: Abs) -> Option<(Abs, Abs)> {
        let starts: BTreeMap<usize, Abs> = on_page(&self.starts, page, |s| s.page)
            .iter()
            .filter(|s| s.info.table == cell.table)
            .fold(BTreeMap::new(), |mut map, s| {
                let entry = map.entry(s.info.x).or_insert(s.at.x);
                *entry = (*entry).min(s.at.x);
                map
            });
        let start = *starts.get(&cell.x)?;
        let bound = starts
            .range(cell.x + cell.colspan..)
            .next()
            .map_or(body_right, |(_, x)| *x);
        Some((start, bound))
    }

    fn overflows(&self) -> Vec<Fault> {
        // Where each column of each table starts, per page.
        let mut columns: HashMap<(usize, Location), BTreeMap<usize, Abs>> = HashMap::new();
        for start in &self.starts {
            let entry = columns
                .entry((start.page, start.info.table))
                .or_default()
                .entry(start.info.x)
                .or_insert(start.at.x);
            *entry = (*entry).min(start.at.x);
        }
        let slack = Abs::pt(SLACK_PT);
        let mut faults = Vec::new();
        for run in self.runs.iter().filter(|r| !r.text.trim().is_empty()) {
            let (width, height) = self.sizes[run.page - 1];
            let (body_left, body_right, footer_top) = self
                .furniture
                .get(&run.page)
                .copied()
                .unwrap_or((Abs::cm(2.0), width - Abs::cm(2.0), height));
            let off_page = run.left < -slack
                || run.right > width + slack
                || run.baseline > height
                || run.baseline < Abs::zero();
            let off_body = !run.artifact
                && (run.right > body_right + slack
                    || run.left < body_left - slack
                    || run.baseline > footer_top);
            let off_cell = run.cell.is_some_and(|(cell, _)| {
                let Some(starts) = columns.get(&(run.page, cell.table)) else {
                    return false;
                };
                let bound = starts
                    .range(cell.x + cell.colspan..)
                    .next()
                    .map_or(body_right, |(_, x)| *x);
                run.right > bound + slack
            });
            if off_page || off_body || off_cell {
                faults.push(Fault::Overflow {
                    page: run.page,
                    text: shorten(&run.text),
                });
            }
        }
        faults
    }

    /// Running text (outside tables and furniture) gathered into lines.
    fn long_lines(&self) -> Vec<Fault> {
        // Leaders (the dots of a contents line) are not text to read.
        let leader = |r: &Run| r.text.chars().all(|c| c == '.' || c.is_whitespace());
        let mut lines: BTreeMap<(usize, i64), usize> = BTreeMap::new();
        for run in self
            .body()
            .filter(|r| r.cell.is_none() && !r.is_soft_hyphen() && !leader(r))
        {
            let key = (run.page, (run.baseline.to_pt() * 2.0).round() as i64);
            *lines.entry(key).or_default() += visible(&run.text).count();
        }
        lines
            .into_iter()
            .filter(|(_, chars)| *chars > MAX_LINE_CHARS)
            .map(|((page, _), chars)| Fault::LongLine { page, chars })
            .collect()
    }
}

impl Reader {
    /// Text under WCAG 2.1 AA against the fill behind it: the last filled
    /// shape painted before it under its middle, or the white page.
    fn low_contrasts(&self) -> Vec<Fault> {
        let mut faults = Vec::new();
        let mut seen = BTreeSet::new();
        for run in self.runs.iter().filter(|r| !r.text.trim().is_empty()) {
            let middle = Point::new((run.left + run.right) / 2.0, run.baseline - run.size * 0.3);
            let fill = on_page(&self.fills, run.page, |f| f.page)
                .iter()
                .rev()
                .filter(|f| f.order < run.order)
                .find(|f| contains(f.rect, middle))
                .map_or([255; 3], |f| f.color);
            let large = run.size.to_pt() >= 18.0 || (run.bold && run.size.to_pt() >= 14.0);
            let need = if large {
                GRAPHIC_CONTRAST
            } else {
                TEXT_CONTRAST
            };
            let ratio = contrast(run.ink, fill);
            if ratio < need && seen.insert((run.page, run.ink, fill)) {
                faults.push(Fault::LowContrast {
                    page: run.page,
                    text: shorten(&run.text),
                    ink: run.ink,
                    fill,
                    ratio: (ratio * 100.0).floor() as u32,
                });
            }
        }
        faults
    }

    /// Web and e-mail addresses, read line by line, with a part of them
    /// outside every link. Left out: header cells, headings, and cells the
    /// templates mark as unlinked on purpose (`|nolink`, a group heading
    /// tagged as a data cell): a repeated header is an artifact, PDF/UA
    /// allows no link in one, and the contents link to the headings.
    fn unlinked(&self) -> Vec<Fault> {
        let in_header = |r: &Run| {
            r.heading.is_some()
                || r.cell.is_some_and(|(c, cell)| {
                    c.header || c.repeated || self.unlinked_cells.contains(&cell)
                })
        };
        let mut lines: BTreeMap<(usize, i64), Vec<&Run>> = BTreeMap::new();
        for run in self
            .runs
            .iter()
            .filter(|r| !r.artifact && !r.text.trim().is_empty() && !in_header(r))
        {
            let key = (run.page, (run.baseline.to_pt() * 2.0).round() as i64);
            lines.entry(key).or_default().push(run);
        }
        let mut faults = Vec::new();
        for ((page, _), mut runs) in lines {
            runs.sort_by_key(|r| r.left);
            // The line's text, each character with the run it came from;
            // runs apart by more than a thin gap are separate words.
            let mut text: Vec<(char, usize)> = Vec::new();
            for (i, run) in runs.iter().enumerate() {
                if i > 0 && run.left - runs[i - 1].right > run.size * 0.15 {
                    text.push((' ', i));
                }
                text.extend(visible(&run.text).map(|c| (c, i)));
            }
            // Quotes and angle brackets end an address as spaces do.
            for word in text.split(|(c, _)| c.is_whitespace() || matches!(c, '"' | '<' | '>')) {
                // The word without the punctuation around it.
                let inner = |c: &&(char, usize)| c.0.is_alphanumeric();
                let start = word.iter().position(|c| inner(&c)).unwrap_or(0);
                let end = word.iter().rposition(|c| inner(&c)).map_or(0, |e| e + 1);
                let word = &word[start..end.max(start)];
                let plain: String = word.iter().map(|(c, _)| c).collect();
                if !looks_like_address(&plain) {
                    continue;
                }
                let linked = |run: &Run| {
                    let middle =
                        Point::new((run.left + run.right) / 2.0, run.baseline - run.size * 0.3);
                    self.links
                        .iter()
                        .any(|l| l.page == run.page && contains(l.rect, middle))
                };
                if word.iter().any(|(_, i)| !linked(runs[*i])) {
                    faults.push(Fault::Unlinked {
                        page,
                        address: shorten(&plain),
                    });
                }
            }
        }
        faults
    }
}

/// A web or e-mail address as a reader would see one: it starts with a
/// scheme or "www.", or has a name, an @ and a domain with a dot.
fn looks_like_address(word: &str) -> bool {
    let lower = word.to_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return true;
    }
    match word.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// A paint's colour in whole sRGB channels; a gradient or tiling counts as
/// black, which no fill in the reports is.
fn srgb(paint: &Paint) -> [u8; 3] {
    match paint {
        Paint::Solid(color) => {
            let rgb = color.to_rgb();
            [rgb.red, rgb.green, rgb.blue].map(|c| (c * 255.0).round().clamp(0.0, 255.0) as u8)
        }
        _ => [0; 3],
    }
}

/// A rectangle in a frame as it lies on the page.
fn bounds(rect: Rect, ts: Transform) -> Rect {
    let corners = [
        rect.min,
        rect.max,
        Point::new(rect.min.x, rect.max.y),
        Point::new(rect.max.x, rect.min.y),
    ]
    .map(|p| p.transform(ts));
    let min = corners.iter().fold(corners[0], |a, b| a.min(*b));
    let max = corners.iter().fold(corners[0], |a, b| a.max(*b));
    Rect::new(min, max)
}

fn contains(rect: Rect, point: Point) -> bool {
    (rect.min.x..=rect.max.x).contains(&point.x) && (rect.min.y..=rect.max.y).contains(&point.y)
}

/// A colour as "#rrggbb".
fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The text's characters without its soft hyphens.
fn visible(text: &str) -> impl DoubleEndedIterator<Item = char> + '_ {
    text.chars().filter(|c| *c != SOFT_HYPHEN)
}

/// The text's first 40 characters or so, cut at a word's end.
fn shorten(text: &str) -> String {
    let text: String = visible(text.trim()).collect();
    if text.chars().count() <= 40 {
        return text;
    }
    let head: String = text.chars().take(41).collect();
    let cut = head.rfind(' ').filter(|&at| at > 0).unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end())
}

/// The word a run ends with, its soft hyphens left out.
fn last_word(text: &str) -> String {
    let word: Vec<char> = visible(text)
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    word.into_iter().rev().collect()
}

/// The word a run starts with, its soft hyphens left out.
fn first_word(text: &str) -> String {
    visible(text.trim_start())
        .take_while(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shortens_at_a_word_end() {
        assert_eq!(shorten(" Kort text "), "Kort text");
        assert_eq!(
            shorten("21 Leverantörer fakturerar för aspiranter som har avbrutit"),
            "21 Leverantörer fakturerar för…"
        );
        assert_eq!(shorten(&"a".repeat(50)), format!("{}…", "a".repeat(41)));
        assert_eq!(shorten("ärende\u{ad}hantering"), "ärendehantering");
    }
}
