//! Every colour of the window in one place, each as a light/dark pair: the chart layers (solid,
//! colour-blind-safe fills), lines, text and the text of warnings and errors; and the style the
//! window installs (text sizes, text colours, widget outlines). Tests check each colour against
//! the backgrounds it is drawn on in both themes, and the smallest text size.

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

/// The bar colour of a charged category. Solid fills from the Okabe–Ito palette (told apart with
/// the common colour-vision deficiencies), darkened in light mode so each keeps 3:1 against the
/// white plot; neighbours in the stack differ in lightness as well as hue.
pub fn category(c: ChargedCategory) -> Pair {
    match c {
        // Light: the reports' palette, so the window and the PDF draw a category alike.
        ChargedCategory::Marketing => pair(rgb(palette::category(c)), hex(0x2b_b9_8a)),
        ChargedCategory::Utility => pair(rgb(palette::category(c)), hex(0x56_b4_e9)),
        ChargedCategory::Authentication => pair(rgb(palette::category(c)), hex(0xcc_79_a7)),
        ChargedCategory::AuthenticationInternational => {
            pair(rgb(palette::category(c)), hex(0xf0_e4_42))
        }
        ChargedCategory::Service => pair(rgb(palette::category(c)), hex(0xe6_9f_00)),
    }
}

/// A variant's line on the Compare chart (and its name above its numbers): the categories'
/// Okabe–Ito colours in turn, then the dark line colour and the provider's grey, so every
/// variant's colour is one already checked for contrast in both themes.
pub fn variant(i: usize) -> Pair {
    let all = ChargedCategory::ALL;
    match i % (all.len() + 2) {
        k if k < all.len() => category(all[k]),
        k if k == all.len() => CUMULATIVE,
        _ => PROVIDER,
    }
}

/// The chart layers that are not Meta's: two greys of clearly different lightness.
pub const PROVIDER: Pair = pair(rgb(palette::PROVIDER), hex(0xa3_a9_b3));
pub const TAX: Pair = pair(rgb(palette::TAX), hex(0x6b_72_80));
/// The free-allowance segment, "on top of" what is paid: drawn hollow (a faint tint inside this
/// outline) so it never reads as a cost.
pub const FREE: Pair = pair(hex(0x2f_8a_5a), hex(0x7f_d6_a4));
pub const BUDGET: Pair = pair(rgb(palette::BUDGET), hex(0xff_7b_72));
pub const CUMULATIVE: Pair = pair(hex(0x1f_29_37), hex(0xe5_e7_eb));
pub const WARNING: Pair = pair(hex(0xa3_5f_00), hex(0xf0_b3_4a));
pub const ERROR: Pair = pair(hex(0xd0_3a_2f), hex(0xff_7b_72));

/// Body text and the weaker text of captions and hints, as this window sets them (egui's own
/// weak text is the body colour at 60 % opacity: about 2.7:1 on the dark panel).
pub const TEXT: Pair = pair(Color32::from_gray(35), Color32::from_gray(210));
pub const WEAK_TEXT: Pair = pair(Color32::from_gray(95), Color32::from_gray(160));
/// The outline of text fields, check boxes and buttons at rest: 3:1 against the panel, so a field
/// is visibly a field in light mode too.
pub const FIELD_OUTLINE: Pair = pair(Color32::from_gray(128), Color32::from_gray(110));

/// The smallest text the window draws (egui's `Small` is 9 px by default).
pub const MIN_TEXT_SIZE: f32 = 12.0;

/// Sets the window's text sizes, text colours and widget outlines for both themes. Call it on
/// every frame: it does its work once per context.
pub fn install(ctx: &egui::Context) {
    let id = egui::Id::unique("wacost theme installed");
    if ctx.data(|d| d.get_temp::<bool>(id)).unwrap_or(false) {
        return;
    }
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(MIN_TEXT_SIZE, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(13.5, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(13.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(19.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(13.0, FontFamily::Monospace),
            ),
        ]
        .into();
        let dark = style.visuals.dark_mode;
        let v = &mut style.visuals;
        v.widgets.noninteractive.fg_stroke.color = TEXT.pick(dark);
        v.weak_text_color = Some(WEAK_TEXT.pick(dark));
        v.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, FIELD_OUTLINE.pick(dark));
    });
    ctx.data_mut(|d| d.insert_temp(id, true));
}

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

    /// CIELAB (D65) of an sRGB colour, for colour differences.
    fn lab(c: [f64; 3]) -> [f64; 3] {
        let lin = |v: f64| {
            let v = v / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (lin(c[0]), lin(c[1]), lin(c[2]));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f64| {
            if t > 0.008_856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    fn rgb_of(c: Color32) -> [f64; 3] {
        [f64::from(c.r()), f64::from(c.g()), f64::from(c.b())]
    }

    /// The colour as seen with deuteranopia or protanopia (Machado et al. 2009, severity 1).
    fn simulate(c: Color32, m: [[f64; 3]; 3]) -> [f64; 3] {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let enc = |v: f64| {
            let v = v.clamp(0.0, 1.0);
            255.0
                * if v <= 0.003_130_8 {
                    12.92 * v
                } else {
                    1.055 * v.powf(1.0 / 2.4) - 0.055
                }
        };
        let l = [lin(c.r()), lin(c.g()), lin(c.b())];
        let row = |i: usize| enc(m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]);
        [row(0), row(1), row(2)]
    }

    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367_322, 0.860_646, -0.227_968],
        [0.280_085, 0.672_501, 0.047_413],
        [-0.011_820, 0.042_940, 0.968_881],
    ];
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152_286, 1.052_583, -0.204_868],
        [0.114_503, 0.786_281, 0.099_216],
        [-0.003_882, -0.048_116, 1.051_998],
    ];

    /// CIE76 colour difference.
    fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    fn theme_name(dark: bool) -> &'static str {
        if dark { "dark" } else { "light" }
    }

    /// The window's styles as `install` leaves them.
    fn styles() -> [(bool, egui::Style); 2] {
        let ctx = egui::Context::default();
        install(&ctx);
        [
            (false, (*ctx.style_of(egui::Theme::Light)).clone()),
            (true, (*ctx.style_of(egui::Theme::Dark)).clone()),
        ]
    }

    /// Where text is drawn: panels, windows (menus, tooltips) and the plot / field background.
    fn backgrounds() -> [(bool, Color32); 6] {
        let (l, d) = (egui::Visuals::light(), egui::Visuals::dark());
        [
            (false, l.panel_fill),
            (false, l.window_fill),
            (false, l.extreme_bg_color),
            (true, d.panel_fill),
            (true, d.window_fill),
            (true, d.extreme_bg_color),
        ]
    }

    /// The plot's background (egui_plot fills it with `extreme_bg_color`).
    fn plot_background(dark: bool) -> Color32 {
        if dark {
            egui::Visuals::dark().extreme_bg_color
        } else {
            egui::Visuals::light().extreme_bg_color
        }
    }

    #[test]
    fn text_colours_are_readable_on_both_themes() {
        // WCAG AA for normal text: 4.5:1, for every text colour the window uses, on every
        // background text appears on.
        let (light, dark) = (egui::Visuals::light(), egui::Visuals::dark());
        let mut texts = vec![
            ("warning", WARNING),
            ("error", ERROR),
            ("text", TEXT),
            ("weak text", WEAK_TEXT),
        ];
        let [(_, light_style), (_, dark_style)] = styles();
        texts.push((
            "egui's text as installed",
            pair(
                light_style.visuals.text_color(),
                dark_style.visuals.text_color(),
            ),
        ));
        texts.push((
            "egui's weak text as installed",
            pair(
                light_style.visuals.weak_text_color(),
                dark_style.visuals.weak_text_color(),
            ),
        ));
        texts.push((
            "button text",
            pair(
                light.widgets.inactive.fg_stroke.color,
                dark.widgets.inactive.fg_stroke.color,
            ),
        ));
        for (name, p) in texts {
            for (dark, bg) in backgrounds() {
                let c = contrast(p.pick(dark), bg);
                assert!(
                    c >= 4.5,
                    "{name} on {} {bg:?} is {c:.2}:1",
                    theme_name(dark)
                );
            }
        }
    }

    #[test]
    fn weak_text_is_still_weaker_than_body_text() {
        for (dark, style) in styles() {
            let bg = style.visuals.panel_fill;
            let body = contrast(style.visuals.text_color(), bg);
            let weak = contrast(style.visuals.weak_text_color(), bg);
            assert!(
                weak < body,
                "{}: weak {weak:.2}, body {body:.2}",
                theme_name(dark)
            );
        }
    }

    #[test]
    fn no_text_style_is_smaller_than_12_px() {
        for (dark, style) in styles() {
            for (text_style, font) in &style.text_styles {
                assert!(
                    font.size >= MIN_TEXT_SIZE,
                    "{text_style:?} is {} px in {}",
                    font.size,
                    theme_name(dark)
                );
            }
            assert!(style.text_styles[&egui::TextStyle::Small].size >= 12.0);
        }
    }

    #[test]
    fn fields_and_check_boxes_are_outlined_on_both_themes() {
        // WCAG 1.4.11: 3:1 for the boundary of a control, against the panel and the field.
        for (dark, style) in styles() {
            let outline = style.visuals.widgets.inactive.bg_stroke;
            assert!(outline.width >= 1.0);
            for bg in [style.visuals.panel_fill, style.visuals.text_edit_bg_color()] {
                let c = contrast(outline.color, bg);
                assert!(c >= 3.0, "outline on {} is {c:.2}:1", theme_name(dark));
            }
        }
    }

    fn chart_layers() -> Vec<(String, Pair)> {
        // In the order they are stacked (domain::projection::chart_layers).
        let mut layers: Vec<(String, Pair)> = [
            ChargedCategory::Marketing,
            ChargedCategory::Utility,
            ChargedCategory::Authentication,
            ChargedCategory::AuthenticationInternational,
            ChargedCategory::Service,
        ]
        .into_iter()
        .map(|c| (format!("{c:?}"), category(c)))
        .collect();
        layers.push(("provider".into(), PROVIDER));
        layers.push(("tax".into(), TAX));
        layers.push(("free".into(), FREE));
        layers
    }

    #[test]
    fn chart_colours_stand_out_on_both_themes() {
        // WCAG AA for graphics: 3:1 for every bar and line against the plot's background.
        let mut marks = chart_layers();
        marks.push(("budget".into(), BUDGET));
        marks.push(("cumulative".into(), CUMULATIVE));
        for (name, p) in marks {
            for dark in [false, true] {
                let c = contrast(p.pick(dark), plot_background(dark));
                assert!(c >= 3.0, "{name} on {} is {c:.2}:1", theme_name(dark));
            }
        }
    }

    #[test]
    fn neighbouring_chart_layers_are_told_apart_also_with_colour_blindness() {
        // CIE76 ΔE: about 2.3 is just noticeable; 20 is a clearly different colour. Simulated
        // deuteranopia and protanopia squeeze hues together, so 12 there.
        let layers = chart_layers();
        for dark in [false, true] {
            for w in layers.windows(2) {
                let (a, b) = (w[0].1.pick(dark), w[1].1.pick(dark));
                let normal = delta_e(rgb_of(a), rgb_of(b));
                assert!(
                    normal >= 20.0,
                    "{} / {} in {}: ΔE {normal:.1}",
                    w[0].0,
                    w[1].0,
                    theme_name(dark)
                );
                for (cvd, m) in [("deuteranopia", DEUTERANOPIA), ("protanopia", PROTANOPIA)] {
                    let d = delta_e(simulate(a, m), simulate(b, m));
                    assert!(
                        d >= 12.0,
                        "{} / {} in {} with {cvd}: ΔE {d:.1}",
                        w[0].0,
                        w[1].0,
                        theme_name(dark)
                    );
                }
            }
        }
    }

    #[test]
    fn the_budget_line_keeps_the_reports_colour() {
        assert_eq!(BUDGET.light, rgb(palette::BUDGET));
    }
}
