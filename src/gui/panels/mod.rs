//! One file per panel; each reads the app state and edits only the scenario and view settings.

pub mod by_country;
pub mod confirm;
pub mod menu;
pub mod plan;
pub mod projection;
pub mod status;
pub mod table;

use rust_decimal::Decimal;

use crate::io::display;

/// "1,234.56 USD"
pub fn money(d: Decimal, currency: &str) -> String {
    format!("{} {currency}", display::amount(d))
}
