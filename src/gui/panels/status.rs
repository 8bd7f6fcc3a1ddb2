//! The status bar: the last message, the engine's warnings and the provenance of the cards used.

use egui::RichText;

use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::theme;

#[derive(Debug, Default)]
pub struct StatusBar;

impl StatusBar {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCtx<'_>) {
        show(cx, ui);
    }
}

fn show(cx: &mut PanelCtx<'_>, ui: &mut egui::Ui) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.add_space(2.0);
        if let Some(err) = cx.projection_error {
            ui.label(
                RichText::new(format!(
                    "Not recomputed: {err}. Showing the last valid projection."
                ))
                .color(theme::ERROR.on(ui)),
            );
        }
        if let Some(n) = cx.notice {
            let text = RichText::new(&n.text);
            ui.horizontal(|ui| {
                if cx.jobs.export || cx.jobs.rate_import {
                    ui.spinner();
                }
                ui.add(
                    egui::Label::new(if n.is_error {
                        text.color(theme::ERROR.on(ui))
                    } else {
                        text
                    })
                    .truncate(),
                )
                .on_hover_text(&n.text);
            });
            if let Some(file) = &n.file {
                ui.horizontal(|ui| {
                    if ui.button("Open").clicked() {
                        cx.run(Command::OpenFile(file.clone()));
                    }
                    if ui.button("Show in folder").clicked() {
                        cx.run(Command::ShowInFolder(file.clone()));
                    }
                });
            }
        }
        let Some(p) = cx.projection else { return };
        let mut cards: Vec<_> = p.months.iter().map(|m| m.card).collect();
        cards.dedup();
        ui.horizontal_wrapped(|ui| {
            ui.label("Rates:");
            for id in cards {
                if let Some(card) = cx.rates.book.card(id) {
                    ui.label(RichText::new(format!("{id} ({})", card.status)).strong())
                        .on_hover_text(format!(
                            "{}\n\n{}\n\nVerify against Meta's official card before relying on it.",
                            card.source, card.note
                        ));
                }
            }
        });
        if !p.warnings.is_empty() || !cx.rates.notices.is_empty() {
            let count = p.warnings.len() + cx.rates.notices.len();
            egui::CollapsingHeader::new(
                RichText::new(format!(
                    "{count} warning{}",
                    if count == 1 { "" } else { "s" }
                ))
                .color(theme::WARNING.on(ui)),
            )
            .id_salt("warnings")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(140.0)
                    .show(ui, |ui| {
                        for n in &cx.rates.notices {
                            ui.label(n);
                        }
                        for w in &p.warnings {
                            ui.label(w.to_string());
                        }
                    });
            });
        }
    });
}
