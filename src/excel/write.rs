//! Writing a workbook with rust_xlsxwriter: the table sheet with its
//! dropdowns, live riskvärde and coloured risknivå, the model, the Läs mig
//! text, and the rest of the YAML file on a sheet of its own.

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::columns::{Column, Kind};
use super::{MODEL_SHEET, README_SHEET, REST_SHEET};
use crate::validate::{IkpRule, IkpThreshold, LevelRule, RiskModel, Scale};

/// A cell's value as the writer puts it.
#[derive(Debug, Clone)]
pub enum Out {
    Text(String),
    Int(i64),
    /// ÅÅÅÅ-MM-DD, written as a date cell.
    Date(String),
    /// A step on the model's scale, written as its dropdown label.
    Step(i64),
}

/// One row of the table: a value per column key.
pub type Line = Vec<(&'static str, Out)>;

/// Empty rows below the data that get the formulas and dropdowns too, so a
/// controller can add risks without copying them.
const SPARE_ROWS: u32 = 100;

/// How the table sheet is set up.
pub struct TableSheet<'a> {
    pub name: &'static str,
    /// The columns shown, in order.
    pub columns: Vec<&'static Column>,
    pub lines: &'a [Line],
    /// The model, for the rating columns and the level colours.
    pub model: &'a RiskModel,
    /// Whether the locked columns are protected (a follow-up).
    pub protect: bool,
}

/// Writes a workbook: the table, the model, the Läs mig lines and the rest
/// of the YAML (`rest_hidden` hides it).
pub fn workbook(
    table: &TableSheet,
    readme: &[&str],
    rest: &str,
    rest_hidden: bool,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let model_ranges = {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name)?;
        let ranges = ModelRanges::new(table.model);
        write_table(sheet, table, &ranges)?;
        ranges
    };
    write_model(book.add_worksheet(), table.model, &model_ranges)?;
    write_readme(book.add_worksheet(), readme)?;
    let sheet = book.add_worksheet();
    sheet.set_name(REST_SHEET)?;
    sheet.set_column_width(0, 100)?;
    for (i, line) in rest.lines().enumerate() {
        if !line.is_empty() {
            sheet.write_string(i as u32, 0, line)?;
        }
    }
    sheet.set_hidden(rest_hidden);
    book.save_to_buffer()
}

/// Where the model's lists sit on the Modell sheet.
struct ModelRanges {
    scale: Scale,
    /// First row (0-based) of the steps.
    steps_row: u32,
    /// First row of the levels.
    levels_row: u32,
    /// First row of the cell grid, for a model coloured cell by cell.
    grid_row: u32,
}

impl ModelRanges {
    fn new(model: &RiskModel) -> Self {
        let scale = model.scale;
        let steps = scale.likelihood.max(scale.consequence) as u32;
        let steps_row = 4;
        let levels_row = steps_row + steps + 3;
        let grid_row = levels_row + model.levels.len() as u32 + 3;
        ModelRanges {
            scale,
            steps_row,
            levels_row,
            grid_row,
        }
    }

    /// `Modell!$B$5:$B$9`: the labels of sannolikhet (column 1) or
    /// konsekvens (2), each as long as its axis.
    fn labels(&self, col: u16) -> String {
        let letter = (b'A' + col as u8) as char;
        let steps = if col == 1 {
            self.scale.likelihood
        } else {
            self.scale.consequence
        } as u32;
        format!(
            "{MODEL_SHEET}!${letter}${}:${letter}${}",
            self.steps_row + 1,
            self.steps_row + steps
        )
    }

    fn levels(&self, col: u16, count: usize) -> String {
        let letter = (b'A' + col as u8) as char;
        format!(
            "{MODEL_SHEET}!${letter}${}:${letter}${}",
            self.levels_row + 1,
            self.levels_row + count as u32
        )
    }

    /// The cell grid: a row per konsekvens (highest first), a column per sannolikhet.
    fn grid(&self) -> String {
        let last = (b'A' + self.scale.likelihood) as char;
        format!(
            "{MODEL_SHEET}!$B${}:${last}${}",
            self.grid_row + 1,
            self.grid_row + self.scale.consequence as u32
        )
    }
}

/// "2 – Medelhög": a step as the dropdowns show it.
pub fn step_label(step: usize, labels: &[String]) -> String {
    match labels.get(step.wrapping_sub(1)) {
        Some(label) => format!("{step} – {label}"),
        None => step.to_string(),
    }
}

fn letter(col: u16) -> String {
    super::read::cell_ref(0, col as usize)
        .trim_end_matches('1')
        .to_owned()
}

fn write_table(
    sheet: &mut Worksheet,
    t: &TableSheet,
    ranges: &ModelRanges,
) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let input = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_unlocked();
    let fixed = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xF2F2F2));
    let date_input = input.clone().set_num_format("yyyy-mm-dd");
    let number = Format::new().set_align(FormatAlign::Top);

    let col_of = |key: &str| {
        t.columns
            .iter()
            .position(|c| c.key == key)
            .map(|i| i as u16)
    };
    let last_col = t.columns.len().saturating_sub(1) as u16;
    let last_row = t.lines.len() as u32 + SPARE_ROWS;

    for (i, column) in t.columns.iter().enumerate() {
        let col = i as u16;
        sheet.write_string_with_format(0, col, column.title, &header)?;
        sheet.set_column_width(col, column.width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, t.lines.len() as u32, last_col)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_repeat_rows(0, 0)?;
    // Pages run across the wide table; each repeats the header row and
    // the columns up to the risk's nr, so a page is read on its own.
    if let Some(nr) = col_of("nr") {
        sheet.set_repeat_columns(0, nr)?;
    }
    sheet.set_print_scale(70);
    sheet.set_print_area(0, 0, t.lines.len() as u32, last_col)?;
    sheet.set_header(format!("&L&\"-,Bold\"{}&R&P (&N)", t.name));

    let s_col = col_of("sannolikhet");
    let k_col = col_of("konsekvens");
    let rv_col = col_of("riskvärde");
    let level_col = col_of("risknivå");
    let model = t.model;
    let likelihood = &model.likelihood_labels;
    let consequence = &model.consequence_labels;

    for (r, line) in t.lines.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.set_row_height(row, row_height(line, &t.columns))?;
        for (i, column) in t.columns.iter().enumerate() {
            let format = if t.protect && !column.input {
                &fixed
            } else {
                &input
            };
            sheet.write_blank(row, i as u16, format)?;
        }
        for (key, value) in line {
            let Some(col) = col_of(key) else { continue };
            let column = t.columns[col as usize];
            let format = if t.protect && !column.input {
                &fixed
            } else {
                &input
            };
            match value {
                Out::Text(s) => sheet.write_string_with_format(row, col, s, format)?,
                Out::Int(n) => sheet.write_number_with_format(row, col, *n as f64, format)?,
                Out::Step(n) => {
                    let labels = if *key == "konsekvens" {
                        consequence
                    } else {
                        likelihood
                    };
                    sheet.write_string_with_format(
                        row,
                        col,
                        step_label(*n as usize, labels),
                        format,
                    )?
                }
                Out::Date(d) => match ExcelDateTime::parse_from_str(d) {
                    Ok(date) => sheet.write_date_with_format(row, col, &date, &date_input)?,
                    Err(_) => sheet.write_string_with_format(row, col, d, format)?,
                },
            };
        }
    }

    // Riskvärde and risknivå: live formulas over the whole table, cached
    // with the tool's own values so viewers that do not calculate show them.
    if let (Some(s), Some(k)) = (s_col, k_col) {
        let (s, k) = (letter(s), letter(k));
        let s_range = ranges.labels(1);
        let k_range = ranges.labels(2);
        for row in 1..=last_row {
            let n = row + 1;
            let step = |key: &str| {
                t.lines.get(row as usize - 1).and_then(|line| {
                    line.iter().find_map(|(k, v)| match v {
                        Out::Step(x) if *k == key => Some(*x as u8),
                        _ => None,
                    })
                })
            };
            let rating =
                step("sannolikhet")
                    .zip(step("konsekvens"))
                    .map(|(likelihood, consequence)| crate::validate::Rating {
                        likelihood,
                        consequence,
                    });
            if let Some(rv) = rv_col {
                let formula = Formula::new(format!(
                    "=IF(OR({s}{n}=\"\",{k}{n}=\"\"),\"\",MATCH({s}{n},{s_range},0)*MATCH({k}{n},{k_range},0))"
                ))
                .set_result(rating.map(|r| r.value().to_string()).unwrap_or_default());
                sheet.write_formula_with_format(row, rv, formula, &number)?;
            }
            if let (Some(level), Some(rv)) = (level_col, rv_col) {
                let v = letter(rv);
                let count = model.levels.len();
                let lookup = match &model.level_rule {
                    LevelRule::Thresholds(_) => format!(
                        "LOOKUP({v}{n},{},{})",
                        ranges.levels(2, count),
                        ranges.levels(0, count)
                    ),
                    LevelRule::Cells(_) => format!(
                        "INDEX({},{}-MATCH({k}{n},{k_range},0),MATCH({s}{n},{s_range},0))",
                        ranges.grid(),
                        ranges.scale.consequence as u32 + 1
                    ),
                };
                let formula = Formula::new(format!("=IF({v}{n}=\"\",\"\",{lookup})")).set_result(
                    rating
                        .map(|r| model.levels[model.level_of(r)].name.clone())
                        .unwrap_or_default(),
                );
                sheet.write_formula_with_format(row, level, formula, &number)?;
            }
        }
        let list = |range: String, what: &str| -> Result<DataValidation, XlsxError> {
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("={range}")))
                .set_error_title(format!("Ogiltig {what}"))?
                .set_error_message(format!(
                    "Välj {what} i listan; skalan står i bladet Modell."
                ))
        };
        if let Some(col) = s_col {
            sheet.add_data_validation(
                1,
                col,
                last_row,
                col,
                &list(s_range.clone(), "sannolikhet")?,
            )?;
        }
        if let Some(col) = k_col {
            sheet.add_data_validation(
                1,
                col,
                last_row,
                col,
                &list(k_range.clone(), "konsekvens")?,
            )?;
        }
    }
    if let Some(level) = level_col {
        // Each level's colour, on the riskvärde and the risknivå cells.
        let first = rv_col.unwrap_or(level).min(level);
        let last = rv_col.unwrap_or(level).max(level);
        let l = letter(level);
        for lvl in &model.levels {
            let [r, g, b] = lvl.color;
            let rgb = (r as u32) << 16 | (g as u32) << 8 | b as u32;
            let fill = Format::new().set_background_color(Color::RGB(rgb));
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${l}2=\"{}\"", lvl.name.replace('"', "\"\"")).as_str())
                .set_format(fill);
            sheet.add_conditional_format(1, first, last_row, last, &rule)?;
        }
    }

    // Each column's own words offer a dropdown; a date column takes dates.
    for (col, column) in t.columns.iter().enumerate() {
        let Kind::Choice(allowed) = column.kind else {
            continue;
        };
        let validation = DataValidation::new()
            .allow_list_strings(allowed)?
            .set_error_message(format!("Tillåtna värden: {}.", allowed.join(", ")))?;
        sheet.add_data_validation(1, col as u16, last_row, col as u16, &validation)?;
    }
    for (col, column) in t.columns.iter().enumerate() {
        let col = col as u16;
        if column.kind == Kind::Date {
            let validation = DataValidation::new()
                .allow_date(DataValidationRule::Between(
                    ExcelDateTime::from_ymd(1990, 1, 1)?,
                    ExcelDateTime::from_ymd(2100, 12, 31)?,
                ))
                .set_error_message("Skriv ett datum, ÅÅÅÅ-MM-DD.")?;
            sheet.add_data_validation(1, col, last_row, col, &validation)?;
            for row in t.lines.len() as u32 + 1..=last_row {
                sheet.write_blank(row, col, &date_input)?;
            }
        }
    }
    if t.protect {
        // The plan's text is for reference: only the input cells open.
        let options = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            // A further åtgärd goes on a row of its own under its result.
            insert_rows: true,
            delete_rows: true,
            use_autofilter: true,
            sort: true,
            ..ProtectionOptions::default()
        };
        for row in t.lines.len() as u32 + 1..=last_row {
            for (i, column) in t.columns.iter().enumerate() {
                if column.input && column.kind != Kind::Date {
                    sheet.write_blank(row, i as u16, &input)?;
                }
            }
        }
        sheet.protect_with_options(&options);
    }
    Ok(())
}

/// A row's height in points: wrapped text does not grow its row in every
/// program, so the height is worked out from the longest cell.
fn row_height(line: &Line, columns: &[&Column]) -> f64 {
    let lines = line
        .iter()
        .filter_map(|(key, value)| {
            let width = columns.iter().find(|c| c.key == *key)?.width;
            let Out::Text(text) = value else {
                return Some(1);
            };
            Some(
                text.lines()
                    .map(|l| (l.chars().count() as f64 / (width * 1.1)).ceil().max(1.0) as usize)
                    .sum::<usize>(),
            )
        })
        .max()
        .unwrap_or(1);
    (15.0 * lines as f64).min(409.0)
}

fn write_model(
    sheet: &mut Worksheet,
    model: &RiskModel,
    ranges: &ModelRanges,
) -> Result<(), XlsxError> {
    sheet.set_name(MODEL_SHEET)?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 22)?;
    sheet.set_column_width(2, 22)?;
    sheet.set_column_width(3, 16)?;
    for c in 4..=(model.scale.likelihood as u16) {
        sheet.set_column_width(c, 16)?;
    }
    sheet.write_string_with_format(0, 0, "Riskmodell", &title)?;
    if let Some(name) = &model.name {
        sheet.write_string(0, 1, name)?;
    }
    sheet.write_string_with_format(1, 0, "Skala", &bold)?;
    let scale = model.scale;
    if scale.is_square() {
        sheet.write_number(1, 1, scale.likelihood as f64)?;
    } else {
        sheet.write_string(
            1,
            1,
            format!(
                "{} (sannolikhet {} steg, konsekvens {} steg)",
                scale.label(),
                scale.likelihood,
                scale.consequence
            ),
        )?;
    }
    sheet.write_string(
        1,
        2,
        match &model.level_rule {
            LevelRule::Thresholds(_) => {
                "Riskvärde = sannolikhet × konsekvens; riskvärdet ger nivån"
            }
            LevelRule::Cells(_) => {
                "Riskvärde = sannolikhet × konsekvens; nivån ges cell för cell (tabellen nedan)"
            }
        },
    )?;
    let head = ranges.steps_row - 1;
    sheet.write_string_with_format(head, 0, "Steg", &bold)?;
    sheet.write_string_with_format(head, 1, "Sannolikhet", &bold)?;
    sheet.write_string_with_format(head, 2, "Konsekvens", &bold)?;
    for i in 0..scale.likelihood.max(scale.consequence) as usize {
        let row = ranges.steps_row + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        if i < scale.likelihood as usize {
            sheet.write_string(row, 1, step_label(i + 1, &model.likelihood_labels))?;
        }
        if i < scale.consequence as usize {
            sheet.write_string(row, 2, step_label(i + 1, &model.consequence_labels))?;
        }
    }
    let head = ranges.levels_row - 1;
    sheet.write_string_with_format(head, 0, "Nivå", &bold)?;
    let thresholds = match &model.level_rule {
        LevelRule::Thresholds(ranges) => Some(ranges),
        LevelRule::Cells(_) => None,
    };
    if thresholds.is_some() {
        sheet.write_string_with_format(head, 1, "Färg", &bold)?;
        sheet.write_string_with_format(head, 2, "Från riskvärde", &bold)?;
        sheet.write_string_with_format(head, 3, "Till riskvärde", &bold)?;
    } else {
        sheet.write_string_with_format(head, 1, "Färg", &bold)?;
    }
    for (i, level) in model.levels.iter().enumerate() {
        let row = ranges.levels_row + i as u32;
        let [r, g, b] = level.color;
        let rgb = (r as u32) << 16 | (g as u32) << 8 | b as u32;
        let fill = Format::new().set_background_color(Color::RGB(rgb));
        sheet.write_string_with_format(row, 0, &level.name, &fill)?;
        sheet.write_string(row, 1, format!("#{rgb:06x}"))?;
        if let Some(ranges) = thresholds {
            sheet.write_number(row, 2, ranges[i].0 as f64)?;
            sheet.write_number(row, 3, ranges[i].1 as f64)?;
        }
    }
    if let LevelRule::Cells(cells) = &model.level_rule {
        let head = ranges.grid_row - 1;
        sheet.write_string_with_format(
            head,
            0,
            "Nivå per cell: konsekvens (högst först) nedåt, sannolikhet åt höger",
            &bold,
        )?;
        for (i, k) in (1..=scale.consequence as usize).rev().enumerate() {
            let row = ranges.grid_row + i as u32;
            sheet.write_string(row, 0, step_label(k, &model.consequence_labels))?;
            for s in 1..=scale.likelihood as usize {
                let level = &model.levels[cells[k - 1][s - 1]];
                let [r, g, b] = level.color;
                let rgb = (r as u32) << 16 | (g as u32) << 8 | b as u32;
                let fill = Format::new().set_background_color(Color::RGB(rgb));
                sheet.write_string_with_format(row, s as u16, &level.name, &fill)?;
            }
        }
    }
    let row = ranges.grid_row + scale.consequence as u32 + 2;
    sheet.write_string_with_format(row, 0, "Internkontrollplanen", &bold)?;
    let rule = match &model.ikp_rule {
        IkpRule::Automatic(IkpThreshold::RiskValue(from)) => format!(
            "automatisk: varje risk med riskvärde {from} eller högre går till internkontrollplanen; IKP nej med motivering håller en risk utanför"
        ),
        IkpRule::Automatic(IkpThreshold::Level(from)) => format!(
            "automatisk: varje risk på nivån {} eller högre går till internkontrollplanen; IKP nej med motivering håller en risk utanför",
            model.levels[*from].name
        ),
        IkpRule::Chosen => {
            "val: nämnden väljer risk för risk; skriv IKP ja på de risker som ska med".to_owned()
        }
    };
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.merge_range(row + 1, 0, row + 1, 3, &rule, &wrap)?;
    sheet.set_row_height(row + 1, 45)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 1);
    sheet.protect();
    Ok(())
}

fn write_readme(sheet: &mut Worksheet, lines: &[&str]) -> Result<(), XlsxError> {
    sheet.set_name(README_SHEET)?;
    const WIDTH: f64 = 75.0;
    sheet.set_column_width(0, WIDTH)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let title = Format::new().set_bold().set_font_size(14);
    for (i, line) in lines.iter().enumerate() {
        let format = if i == 0 { &title } else { &wrap };
        sheet.write_string_with_format(i as u32, 0, *line, format)?;
        let wrapped = (line.chars().count() as f64 / WIDTH).ceil().max(1.0);
        sheet.set_row_height(i as u32, 16.0 * wrapped + 4.0)?;
    }
    Ok(())
}
