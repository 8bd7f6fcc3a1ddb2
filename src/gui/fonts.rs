//! The window's fonts: egui's own, with DejaVu Sans (already in the binary for the PDF report)
//! behind them for the characters egui's font lacks: arrows (→), currency signs (₹, ₱) and
//! letters of names outside Latin-1. Without it such text would panic or show boxes.

use std::sync::Arc;

use crate::io::report::canvas::REGULAR;

const FALLBACK: &str = "DejaVu Sans";

/// Adds DejaVu Sans after egui's fonts in both families.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        FALLBACK.to_owned(),
        Arc::new(egui::FontData::from_static(REGULAR)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(FALLBACK.to_owned());
    }
    ctx.set_fonts(fonts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_and_currency_signs_have_glyphs() {
        let ctx = egui::Context::default();
        install(&ctx);
        let mut out = ctx.run_ui(Default::default(), |_| {});
        out.textures_delta.clear();
        ctx.fonts_mut(|f| {
            for c in ['→', '₹', '€', '£', 'ñ', 'ł'] {
                assert!(
                    f.has_glyphs(&egui::FontId::proportional(14.0), &c.to_string()),
                    "no glyph for {c}"
                );
            }
        });
    }
}
