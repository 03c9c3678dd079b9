//! The workbook's names: its sheets, and a cell as Excel writes it.

/// The plan's table sheet.
pub const RISK_SHEET: &str = "Risker";
/// The follow-up's table sheet.
pub const FOLLOW_UP_SHEET: &str = "Uppföljning";
/// The risk model's sheet.
pub const MODEL_SHEET: &str = "Modell";
/// The sheet of instructions.
pub const README_SHEET: &str = "Läs mig";
/// The sheet with the rest of the YAML file, one line per row.
pub const REST_SHEET: &str = "Övrigt";

/// "E14" for 0-based row 13, column 4.
pub fn cell_ref(row: usize, col: usize) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_spreadsheet_style() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(13, 4), "E14");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(1, 27), "AB2");
    }
}
