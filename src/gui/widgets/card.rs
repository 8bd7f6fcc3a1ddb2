//! The headline card: a figure a marketer reads first, with its title and an optional note.

use egui::{RichText, Ui};

/// A card with a small title, the figure large, and (when given) a note under it that the
/// figure's hover text repeats.
pub fn headline_card(ui: &mut Ui, title: &str, value: String, note: Option<&str>) {
    egui::Frame::group(ui.style())
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_min_width(if note.is_some() { 150.0 } else { 140.0 });
            ui.vertical(|ui| {
                ui.label(RichText::new(title).small().weak());
                let figure = ui.label(RichText::new(value).size(18.0).strong());
                if let Some(note) = note {
                    figure.on_hover_text(format!("{title}\n{note}"));
                    ui.label(RichText::new(note).small().weak());
                }
            });
        });
}
