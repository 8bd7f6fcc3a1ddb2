//! The status bar: the last message, the engine's warnings and the provenance of the cards used.

use egui::RichText;

use crate::glossary;
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
            ui.label("Priced with");
            for (i, id) in cards.into_iter().enumerate() {
                if let Some(card) = cx.rates.book.card(id) {
                    let sep = if i > 0 { "; " } else { "" };
                    // The card in words; where it comes from is one hover away (and in the
                    // Rates tab), not in the marketer's way.
                    ui.label(
                        RichText::new(format!(
                            "{sep}{} ({})",
                            glossary::card(id),
                            glossary::rate_source(card.status)
                        ))
                        .strong(),
                    )
                    .on_hover_text(format!(
                        "Where these rates come from: {}\n\n{}\n\nCheck them against Meta's \
                         own rate file before relying on them.",
                        card.source, card.note
                    ));
                }
            }
        });
        let warnings = &cx.derived.warnings;
        if !warnings.is_empty() || !cx.rates.notices.is_empty() {
            let count = warnings.len() + cx.rates.notices.len();
            egui::CollapsingHeader::new(
                RichText::new(format!(
                    "{count} thing{} to know about these numbers",
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
                        for w in warnings {
                            ui.add(egui::Label::new(w).wrap());
                        }
                    });
            });
        }
    });
}
