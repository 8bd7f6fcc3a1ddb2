//! The pieces the panels repeat: headline cards, the money charts' presets and fields
//! validated as typed. A panel draws with these rather than styling its own.

pub mod card;
pub mod field;
pub mod plot;
pub mod table_copy;

use rust_decimal::Decimal;

use crate::io::display;

pub use crate::io::money::Money;
pub use field::Fields;

/// An amount as people read it, with a decimal point: "R$ 1,234.56", "Rp 1,234,567" (see
/// [`crate::io::money`]). A panel that knows the user's decimal mark writes with [`Money`].
pub fn money(d: Decimal, currency: &str) -> String {
    match Money::of_code(currency) {
        Some(m) => m.amount(d),
        None => format!("{} {currency}", display::amount(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_with_the_symbol() {
        assert_eq!(
            money(Decimal::new(2_000_000, 2), "USD"),
            "US$\u{a0}20,000.00"
        );
        assert_eq!(
            money(Decimal::new(10_294_400, 2), "BRL"),
            "R$\u{a0}102,944.00"
        );
        assert_eq!(
            money(Decimal::new(123_456_789, 2), "IDR"),
            "Rp\u{a0}1,234,568"
        );
        assert_eq!(money(Decimal::new(150, 2), "?"), "1.50 ?");
    }

    /// The window draws every symbol: egui's font, with DejaVu Sans behind it, has each glyph.
    #[test]
    fn the_window_has_a_glyph_for_every_symbol() {
        let ctx = egui::Context::default();
        crate::gui::fonts::install(&ctx);
        let mut out = ctx.run_ui(Default::default(), |_| {});
        out.textures_delta.clear();
        ctx.fonts_mut(|f| {
            for s in &crate::io::money::BILLING_STYLES {
                for font in [
                    egui::FontId::proportional(14.0),
                    egui::FontId::monospace(14.0),
                ] {
                    assert!(f.has_glyphs(&font, s.symbol), "no glyph for {}", s.symbol);
                }
            }
        });
    }
}
