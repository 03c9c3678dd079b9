//! How wide a piece of text is set, from the advance widths of the fonts
//! the reports use: so that a column is made wide enough for its header and
//! a word wider than its column is known, and broken, before Typst sets it.

use std::sync::OnceLock;

use ttf_parser::Face;

/// Points in a centimetre.
pub const PT_PER_CM: f64 = 72.0 / 2.54;

/// Kerning and rounding aside, widths are taken this much wider, so that a
/// piece measured to fit does fit.
const SAFETY: f64 = 1.03;

/// Inter regular and bold (the fonts are embedded in this order: regular,
/// italic, bold, bold italic).
fn fonts() -> &'static [Face<'static>; 2] {
    static FONTS: OnceLock<[Face<'static>; 2]> = OnceLock::new();
    FONTS.get_or_init(|| {
        let files = crate::typst_world::font_files();
        let load = |data: &'static [u8]| Face::parse(data, 0).expect("the embedded fonts load");
        [load(files[0]), load(files[2])]
    })
}

/// The width of `text` in pt, set in Inter at `size` pt, bold or not. Soft
/// hyphens take no room; a line break at one adds a hyphen (`HYPHEN_WIDTH`).
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let font = &fonts()[usize::from(bold)];
    let units = f64::from(font.units_per_em());
    let em: f64 = text
        .chars()
        .filter(|&c| c != crate::swedish::SOFT_HYPHEN)
        .map(|c| {
            font.glyph_index(c)
                .and_then(|glyph| font.glyph_hor_advance(glyph))
                .map_or(0.6, |advance| f64::from(advance) / units)
        })
        .sum();
    em * size * SAFETY
}

/// The width of `text` in cm, as `width` measures it.
pub fn width_cm(text: &str, size: f64, bold: bool) -> f64 {
    width(text, size, bold) / PT_PER_CM
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider() {
        let narrow = width("iiii", 10.0, false);
        let wide = width("MMMM", 10.0, false);
        assert!(narrow < wide, "{narrow} < {wide}");
        assert!(width("Risk", 10.0, true) > width("Risk", 10.0, false));
        // A 10 pt "M" in Inter is a little under 8.5 pt wide.
        assert!((7.5..9.5).contains(&width("M", 10.0, false)));
        assert_eq!(width("ab\u{ad}c", 8.0, false), width("abc", 8.0, false));
        assert!((width_cm("M", 10.0, false) * PT_PER_CM - width("M", 10.0, false)).abs() < 1e-9);
    }
}
