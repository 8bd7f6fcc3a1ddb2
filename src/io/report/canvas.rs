//! What a report page is made of: rectangles, lines and text in points from the top-left,
//! recorded once and replayed into a PDF (krilla) or an image (tiny-skia). Text is measured
//! with the same embedded font both renderers draw with.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

pub const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0x1f, 0x29, 0x37);
    pub const GREY: Rgb = Rgb(0x6b, 0x72, 0x80);
    pub const RULE: Rgb = Rgb(0xd1, 0xd5, 0xdb);
    pub const STRIPE: Rgb = Rgb(0xf3, 0xf4, 0xf6);
    pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Rgb,
        text: String,
    },
}

/// Advance widths of the embedded fonts, per 1 pt of font size.
struct Metrics {
    regular: Widths,
    bold: Widths,
}

struct Widths {
    /// Basic Latin and Latin-1 cached; the rest looked up.
    ascii: [f32; 256],
    font: &'static [u8],
}

impl Widths {
    fn new(font: &'static [u8]) -> Widths {
        let mut ascii = [0.0; 256];
        for (i, w) in ascii.iter_mut().enumerate() {
            *w = lookup(font, char::from(i as u8));
        }
        Widths { ascii, font }
    }

    fn of(&self, c: char) -> f32 {
        match u32::from(c) {
            n if n < 256 => self.ascii[n as usize],
            _ => lookup(self.font, c),
        }
    }
}

fn lookup(font: &[u8], c: char) -> f32 {
    let Ok(f) = FontRef::new(font) else {
        return 0.5;
    };
    let upem = f32::from(
        f.metrics(Size::unscaled(), LocationRef::default())
            .units_per_em,
    );
    let gid = f.charmap().map(c).unwrap_or_default();
    f.glyph_metrics(Size::unscaled(), LocationRef::default())
        .advance_width(gid)
        .map_or(0.5, |w| w / upem)
}

fn metrics() -> &'static Metrics {
    static M: OnceLock<Metrics> = OnceLock::new();
    M.get_or_init(|| Metrics {
        regular: Widths::new(REGULAR),
        bold: Widths::new(BOLD),
    })
}

/// Width of `text` at `size` points.
pub fn text_width(text: &str, size: f32, weight: Weight) -> f32 {
    let m = metrics();
    let widths = match weight {
        Weight::Regular => &m.regular,
        Weight::Bold => &m.bold,
    };
    text.chars().map(|c| widths.of(c)).sum::<f32>() * size
}

/// `text` as it fits on one line of `width`: whole, or cut with "…" at the end.
pub fn ellipsize(text: &str, size: f32, weight: Weight, width: f32) -> String {
    if text_width(text, size, weight) <= width {
        return text.to_string();
    }
    let room = width - text_width("…", size, weight);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size, weight);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Breaks `text` into lines no wider than `width`, at spaces (a word wider than the line is
/// cut where it must be).
pub fn wrap(text: &str, size: f32, weight: Weight, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        // A no-break space (between a currency's symbol and its amount) joins, never breaks.
        let words = paragraph
            .split(|c: char| c.is_whitespace() && c != crate::io::money::SPACE)
            .filter(|w| !w.is_empty());
        for word in words {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size, weight) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            }
            while text_width(&line, size, weight) > width && line.chars().count() > 1 {
                let mut cut = line.chars().count() - 1;
                while cut > 1
                    && text_width(&line.chars().take(cut).collect::<String>(), size, weight) > width
                {
                    cut -= 1;
                }
                let head: String = line.chars().take(cut).collect();
                let tail: String = line.chars().skip(cut).collect();
                lines.push(head);
                line = tail;
            }
        }
        lines.push(line);
    }
    lines
}

/// Horizontal placement of text in a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// A page being drawn: its size and the ops so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub ops: Vec<Op>,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            ops: Vec::new(),
        }
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Rgb) {
        self.ops.push(Op::Rect { x, y, w, h, fill });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb) {
        self.ops.push(Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        });
    }

    /// Text with its baseline at `y`, placed in the box `x..x + w` by `align`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        x: f32,
        w: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Rgb,
        align: Align,
        text: &str,
    ) {
        let tw = text_width(text, size, weight);
        let x = match align {
            Align::Left => x,
            Align::Right => x + w - tw,
            Align::Center => x + (w - tw) / 2.0,
        };
        self.ops.push(Op::Text {
            x,
            y,
            size,
            weight,
            color,
            text: text.to_string(),
        });
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, color: Rgb, text: &str) {
        self.text_in(x, 0.0, y, size, weight, color, Align::Left, text);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_titles_end_in_an_ellipsis_within_the_width() {
        let long = "Plan ".repeat(40);
        let cut = ellipsize(&long, 13.0, Weight::Bold, 300.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 13.0, Weight::Bold) <= 300.0);
        assert_eq!(ellipsize("Short", 13.0, Weight::Bold, 300.0), "Short");
    }

    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let w = text_width("MMMM", 10.0, Weight::Regular);
        let i = text_width("iiii", 10.0, Weight::Regular);
        assert!(w > 2.0 * i, "{w} {i}");
        assert!(
            text_width("Total", 10.0, Weight::Bold) > text_width("Total", 10.0, Weight::Regular)
        );
        assert_eq!(text_width("", 10.0, Weight::Regular), 0.0);
        // Doubling the size doubles the width.
        let a = text_width("Côte d'Ivoire", 10.0, Weight::Regular);
        assert!((text_width("Côte d'Ivoire", 20.0, Weight::Regular) - 2.0 * a).abs() < 1e-3);
    }

    #[test]
    fn wrapping_keeps_every_word_and_fits_the_width() {
        let text = "one public data file stating it copies Meta's USD card (downloaded 2026-10-09); agrees with Meta's summary";
        let lines = wrap(text, 9.0, Weight::Regular, 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(text_width(l, 9.0, Weight::Regular) <= 120.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        // An amount stays whole on its line.
        let amount = wrap(
            "over the budget by R$\u{a0}17,766.00",
            9.0,
            Weight::Regular,
            110.0,
        );
        assert!(
            amount.iter().any(|l| l.ends_with("R$\u{a0}17,766.00")),
            "{amount:?}"
        );
        let long = wrap(&"x".repeat(200), 9.0, Weight::Regular, 50.0);
        assert_eq!(long.concat(), "x".repeat(200));
    }
}
