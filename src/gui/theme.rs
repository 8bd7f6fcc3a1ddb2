//! Colours in one place: one per charged category, the provider layers and the free segment.

use egui::Color32;

use crate::domain::ChargedCategory;

pub fn category(c: ChargedCategory) -> Color32 {
    match c {
        ChargedCategory::Marketing => Color32::from_rgb(0x25, 0x8d, 0x5a),
        ChargedCategory::Utility => Color32::from_rgb(0x2f, 0x6f, 0xc0),
        ChargedCategory::Authentication => Color32::from_rgb(0x8a, 0x4f, 0xc4),
        ChargedCategory::AuthenticationInternational => Color32::from_rgb(0xc0, 0x4f, 0x9a),
        ChargedCategory::Service => Color32::from_rgb(0xd9, 0x8a, 0x1c),
    }
}

pub const PROVIDER: Color32 = Color32::from_rgb(0x6b, 0x72, 0x80);
pub const TAX: Color32 = Color32::from_rgb(0x9c, 0xa3, 0xaf);
/// The free-allowance segment: a light tint "on top of" what is paid.
pub const FREE: Color32 = Color32::from_rgb(0xa8, 0xdc, 0xb9);
pub const BUDGET: Color32 = Color32::from_rgb(0xd0, 0x3a, 0x2f);
pub const CUMULATIVE: Color32 = Color32::from_rgb(0x1f, 0x29, 0x37);
pub const WARNING: Color32 = Color32::from_rgb(0xb4, 0x6a, 0x00);
pub const ERROR: Color32 = Color32::from_rgb(0xd0, 0x3a, 0x2f);
