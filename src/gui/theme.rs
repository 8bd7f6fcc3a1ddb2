//! Colours in one place: one per charged category, the provider layers and the free segment.

use egui::Color32;

use crate::domain::ChargedCategory;
use crate::io::report::canvas::Rgb;
use crate::io::report::chart::palette;

/// The reports' palette (io::report::chart::palette) as egui colours: the window and the
/// exported chart look alike.
const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

pub fn category(c: ChargedCategory) -> Color32 {
    rgb(palette::category(c))
}

pub const PROVIDER: Color32 = rgb(palette::PROVIDER);
pub const TAX: Color32 = rgb(palette::TAX);
/// The free-allowance segment: a light tint "on top of" what is paid.
pub const FREE: Color32 = rgb(palette::FREE);
pub const BUDGET: Color32 = rgb(palette::BUDGET);
pub const CUMULATIVE: Color32 = Color32::from_rgb(0x1f, 0x29, 0x37);
pub const WARNING: Color32 = Color32::from_rgb(0xb4, 0x6a, 0x00);
pub const ERROR: Color32 = Color32::from_rgb(0xd0, 0x3a, 0x2f);
