//! The pieces the panels repeat: headline cards, the money charts' presets and fields
//! validated as typed. A panel draws with these rather than styling its own.

pub mod card;
pub mod field;
pub mod plot;
pub mod table_copy;

use rust_decimal::Decimal;

use crate::io::display;

pub use field::Fields;

/// "1,234.56 USD"
pub fn money(d: Decimal, currency: &str) -> String {
    format!("{} {currency}", display::amount(d))
}
