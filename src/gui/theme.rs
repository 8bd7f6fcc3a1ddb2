//! Every colour of the window in one place, each as a light/dark pair: the chart layers (the
//! reports' palette in light mode, so the window and the exported chart look alike), lines and
//! the text of warnings and errors. A test checks each against both backgrounds.

use egui::{Color32, Ui};

use crate::domain::ChargedCategory;
use crate::io::report::canvas::Rgb;
use crate::io::report::chart::palette;

/// One colour for the light theme and one for the dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub light: Color32,
    pub dark: Color32,
}

impl Pair {
    /// The colour for the theme `ui` is drawn in.
    pub fn on(self, ui: &Ui) -> Color32 {
        self.pick(ui.visuals().dark_mode)
    }

    pub fn pick(self, dark: bool) -> Color32 {
        if dark { self.dark } else { self.light }
    }
}

const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

const fn hex(v: u32) -> Color32 {
    Color32::from_rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

const fn pair(light: Color32, dark: Color32) -> Pair {
    Pair { light, dark }
}

/// The bar colour of a charged category: the report's in light mode, a lighter tone in dark.
pub fn category(c: ChargedCategory) -> Pair {
    let dark = match c {
        ChargedCategory::Marketing => hex(0x3f_b8_7a),
        ChargedCategory::Utility => hex(0x5a_9b_eb),
        ChargedCategory::Authentication => hex(0xa9_7b_e0),
        ChargedCategory::AuthenticationInternational => hex(0xe0_78_bb),
        ChargedCategory::Service => hex(0xe8_a2_3c),
    };
    pair(rgb(palette::category(c)), dark)
}

pub const PROVIDER: Pair = pair(rgb(palette::PROVIDER), hex(0x9c_a3_af));
pub const TAX: Pair = pair(rgb(palette::TAX), hex(0x6b_72_80));
/// The free-allowance segment: a light tint "on top of" what is paid (a deep one in dark).
pub const FREE: Pair = pair(rgb(palette::FREE), hex(0x2f_6b_47));
pub const BUDGET: Pair = pair(rgb(palette::BUDGET), hex(0xff_7b_72));
pub const CUMULATIVE: Pair = pair(hex(0x1f_29_37), hex(0xe5_e7_eb));
pub const WARNING: Pair = pair(hex(0xa3_5f_00), hex(0xf0_b3_4a));
pub const ERROR: Pair = pair(hex(0xd0_3a_2f), hex(0xff_7b_72));

/// Backgrounds of a changed cell in a card comparison: dearer, cheaper, otherwise different.
pub const DEARER: Pair = pair(hex(0xf8_d7_d3), hex(0x6b_2a_24));
pub const CHEAPER: Pair = pair(hex(0xd3_f0_dc), hex(0x1f_4d_30));
pub const CHANGED: Pair = pair(hex(0xd6_e4_f7), hex(0x22_3a_5c));

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance(c: Color32) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    fn backgrounds() -> [(bool, Color32); 2] {
        [
            (false, egui::Visuals::light().panel_fill),
            (true, egui::Visuals::dark().panel_fill),
        ]
    }

    #[test]
    fn text_colours_are_readable_on_both_themes() {
        // WCAG AA for normal text: 4.5:1.
        for (name, p) in [("warning", WARNING), ("error", ERROR)] {
            for (dark, bg) in backgrounds() {
                let c = contrast(p.pick(dark), bg);
                assert!(
                    c >= 4.5,
                    "{name} on {} is {c:.2}:1",
                    if dark { "dark" } else { "light" }
                );
            }
        }
    }

    #[test]
    fn chart_colours_stand_out_on_both_themes() {
        // WCAG AA for graphics: 3:1 for lines and bars that carry meaning. The free segment is a
        // tint on top of the bars, its own legend entry: 1.3:1 keeps it visible.
        let mut marks: Vec<(String, Pair, f64)> = vec![
            ("budget".into(), BUDGET, 3.0),
            ("cumulative".into(), CUMULATIVE, 3.0),
            ("provider".into(), PROVIDER, 3.0),
            ("free".into(), FREE, 1.3),
            ("tax".into(), TAX, 2.0),
        ];
        for c in [
            ChargedCategory::Marketing,
            ChargedCategory::Utility,
            ChargedCategory::Authentication,
            ChargedCategory::AuthenticationInternational,
            ChargedCategory::Service,
        ] {
            marks.push((format!("{c:?}"), category(c), 2.5));
        }
        for (name, p, least) in marks {
            for (dark, bg) in backgrounds() {
                let c = contrast(p.pick(dark), bg);
                assert!(
                    c >= least,
                    "{name} on {} is {c:.2}:1 (at least {least}:1)",
                    if dark { "dark" } else { "light" }
                );
            }
        }
    }

    #[test]
    fn light_mode_uses_the_reports_palette() {
        assert_eq!(
            category(ChargedCategory::Utility).light,
            rgb(palette::category(ChargedCategory::Utility))
        );
        assert_eq!(BUDGET.light, rgb(palette::BUDGET));
        assert_eq!(FREE.light, rgb(palette::FREE));
    }
}
