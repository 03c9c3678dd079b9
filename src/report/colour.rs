//! Colour that every reader can read (WCAG 2.1 AA): the one place that
//! decides the text colour on a coloured fill, and the fill itself where no
//! text colour would do.
//!
//! A level's colour comes from the kommun's riskmodell (`färg:`), so it can
//! be anything. The text on it is the reports' near-black ink or white,
//! whichever contrasts more; where neither reaches 4.5:1, the fill is made
//! lighter or darker, whichever changes it less, keeping its hue. The level
//! is always also written in words, so the colour never speaks alone.

use serde::Serialize;

/// The reports' text colour (`ink` in base.typ.j2): the near-black on light fills.
pub const INK: [u8; 3] = [33, 42, 54];

/// White, for text on dark fills.
pub const WHITE: [u8; 3] = [255, 255, 255];

/// WCAG 2.1 AA for text (1.4.3): text on a level's fill is small (8.5 pt
/// and the 7.5 pt labels), so it needs the full 4.5:1.
pub const TEXT_CONTRAST: f64 = 4.5;

/// WCAG 2.1 AA for large text (18 pt, or 14 pt bold) and for lines and
/// marks that carry meaning (1.4.11).
pub const GRAPHIC_CONTRAST: f64 = 3.0;

/// A fill and the colour of the text on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Swatch {
    /// The fill: the level's colour, or that colour lighter or darker
    /// where no text colour reaches [`TEXT_CONTRAST`] on it.
    pub fill: [u8; 3],
    /// The text colour: [`INK`] or [`WHITE`].
    pub ink: [u8; 3],
}

impl Swatch {
    /// `color` as a fill with text on it, both reaching [`TEXT_CONTRAST`].
    pub fn for_text(color: [u8; 3]) -> Swatch {
        let ink = best_ink(color);
        if contrast(ink, color) >= TEXT_CONTRAST {
            return Swatch { fill: color, ink };
        }
        // Neither reaches it: the fill goes darker under white text or
        // lighter under the ink, whichever is the smaller change.
        let (hue, saturation, lightness) = hsl(color);
        let darker = search_lightness(hue, saturation, 0.0, lightness, WHITE);
        let lighter = search_lightness(hue, saturation, 1.0, lightness, INK);
        let (fill, ink) = if lightness - darker.0 <= lighter.0 - lightness {
            (darker.1, WHITE)
        } else {
            (lighter.1, INK)
        };
        Swatch { fill, ink }
    }

    /// True when the text on it is white (what templates once called `dark`).
    pub fn is_dark(&self) -> bool {
        self.ink == WHITE
    }
}

/// The text colour, ink or white, that contrasts more with `fill`.
pub fn best_ink(fill: [u8; 3]) -> [u8; 3] {
    if contrast(WHITE, fill) > contrast(INK, fill) {
        WHITE
    } else {
        INK
    }
}

/// WCAG 2.1's relative luminance of an sRGB colour.
pub fn luminance(color: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color[0]) + 0.7152 * channel(color[1]) + 0.0722 * channel(color[2])
}

/// WCAG 2.1's contrast ratio of two colours, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The lightness between `from` (where `text` is sure to reach the
/// contrast: 0 for white text, 1 for the ink) and `to` (where it does not)
/// closest to `to` at which `text` on the colour reaches [`TEXT_CONTRAST`],
/// with that colour. The test is made on the colour as written, in whole
/// 0–255 channels.
fn search_lightness(
    hue: f64,
    saturation: f64,
    from: f64,
    to: f64,
    text: [u8; 3],
) -> (f64, [u8; 3]) {
    let (mut good, mut bad) = (from, to);
    for _ in 0..40 {
        let middle = (good + bad) / 2.0;
        if contrast(text, from_hsl(hue, saturation, middle)) >= TEXT_CONTRAST {
            good = middle;
        } else {
            bad = middle;
        }
    }
    (good, from_hsl(hue, saturation, good))
}

/// Hue (0–1), saturation and lightness of an sRGB colour.
fn hsl(color: [u8; 3]) -> (f64, f64, f64) {
    let [r, g, b] = color.map(|c| c as f64 / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let lightness = (max + min) / 2.0;
    let delta = max - min;
    if delta == 0.0 {
        return (0.0, 0.0, lightness);
    }
    let saturation = delta / (1.0 - (2.0 * lightness - 1.0).abs());
    let hue = if max == r {
        ((g - b) / delta).rem_euclid(6.0)
    } else if max == g {
        (b - r) / delta + 2.0
    } else {
        (r - g) / delta + 4.0
    } / 6.0;
    (hue, saturation, lightness)
}

/// The sRGB colour of a hue, saturation and lightness, in whole channels.
fn from_hsl(hue: f64, saturation: f64, lightness: f64) -> [u8; 3] {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue * 6.0;
    let x = chroma * (1.0 - (h.rem_euclid(2.0) - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    [r, g, b].map(|c| ((c + m) * 255.0).round().clamp(0.0, 255.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Colours a kommun might give, the hard ones first: pure red, yellow,
    /// mid-green, pure blue, mid-grey; then the example palette.
    const COLOURS: [[u8; 3]; 10] = [
        [255, 0, 0],
        [255, 255, 0],
        [0, 128, 0],
        [0, 0, 255],
        [128, 128, 128],
        [0x7c, 0xb3, 0x42],
        [0xfd, 0xd8, 0x35],
        [0xfb, 0x8c, 0x00],
        [0xe5, 0x39, 0x35],
        [0x20, 0x20, 0x60],
    ];

    #[test]
    fn contrast_is_wcag_s() {
        // TECH-NOTES' figures: black and white on the example red.
        assert!((contrast([0, 0, 0], [0xe5, 0x39, 0x35]) - 4.97).abs() < 0.01);
        assert!((contrast(WHITE, [0xe5, 0x39, 0x35]) - 4.23).abs() < 0.01);
        assert!((contrast(INK, [0xe5, 0x39, 0x35]) - 3.43).abs() < 0.01);
        assert!((contrast(WHITE, [0, 0, 0]) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn every_colour_gets_text_that_reaches_aa() {
        for colour in COLOURS {
            let swatch = Swatch::for_text(colour);
            let ratio = contrast(swatch.ink, swatch.fill);
            assert!(
                ratio >= TEXT_CONTRAST,
                "{colour:?} → {swatch:?}: {ratio:.2}"
            );
        }
    }

    #[test]
    fn a_colour_that_reaches_it_is_kept() {
        for colour in [[0xfd, 0xd8, 0x35], [0xfb, 0x8c, 0x00], [0, 0, 255]] {
            assert_eq!(Swatch::for_text(colour).fill, colour);
        }
        assert_eq!(Swatch::for_text([0, 0, 255]).ink, WHITE);
        assert_eq!(Swatch::for_text([0xfd, 0xd8, 0x35]).ink, INK);
    }

    #[test]
    fn a_colour_that_does_not_is_darkened_or_lightened_keeping_its_hue() {
        // The example red: ink 3.4:1, white 4.2:1. A little darker, white text.
        let red = Swatch::for_text([0xe5, 0x39, 0x35]);
        assert_eq!(red.ink, WHITE);
        assert!(luminance(red.fill) < luminance([0xe5, 0x39, 0x35]));
        let (hue, ..) = hsl(red.fill);
        assert!((hue - hsl([0xe5, 0x39, 0x35]).0).abs() < 0.01, "{red:?}");
        // Only as much as needed: one step lighter would not do.
        let (h, s, l) = hsl(red.fill);
        assert!(contrast(WHITE, from_hsl(h, s, l + 0.01)) < TEXT_CONTRAST);
        // Mid-green: ink 2.7:1 against white 5.1:1: kept with white.
        assert_eq!(Swatch::for_text([0, 128, 0]).fill, [0, 128, 0]);
    }

    #[test]
    fn over_every_colour_text_reaches_aa_darkening_or_lightening() {
        let (mut darkened, mut lightened) = (0, 0);
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    let colour = [r as u8, g as u8, b as u8];
                    let swatch = Swatch::for_text(colour);
                    let ratio = contrast(swatch.ink, swatch.fill);
                    assert!(
                        ratio >= TEXT_CONTRAST,
                        "{colour:?} → {swatch:?}: {ratio:.2}"
                    );
                    if swatch.fill != colour {
                        let (h0, s0, _) = hsl(colour);
                        let (h1, s1, _) = hsl(swatch.fill);
                        // The hue kept (rounding to whole channels aside).
                        assert!(
                            (h0 - h1).abs() < 0.02 || (h0 - h1).abs() > 0.98 || s1 < 0.05,
                            "{colour:?} → {swatch:?}: hue {h0:.3} → {h1:.3}, saturation {s0:.2} → {s1:.2}"
                        );
                        if luminance(swatch.fill) < luminance(colour) {
                            darkened += 1;
                        } else {
                            lightened += 1;
                        }
                    }
                }
            }
        }
        assert!(darkened > 0 && lightened > 0, "{darkened} {lightened}");
    }

    #[test]
    fn the_ink_is_the_templates_text_colour() {
        let [r, g, b] = INK;
        let base = include_str!("../../report-templates/base.typ.j2");
        assert!(base.contains(&format!("#let ink = rgb({r}, {g}, {b})")));
    }

    #[test]
    fn hsl_goes_there_and_back() {
        for colour in COLOURS {
            let (h, s, l) = hsl(colour);
            assert_eq!(from_hsl(h, s, l), colour);
        }
    }
}
