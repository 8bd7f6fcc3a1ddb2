//! The "unsaved changes" prompt before New, Open and closing.

use egui::{Id, Modal};

use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::state::PendingAction;

#[derive(Debug, Default)]
pub struct ConfirmDialog;

impl ConfirmDialog {
    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut PanelCtx<'_>) {
        let Some(action) = cx.confirm else {
            return;
        };
        let verb = match action {
            PendingAction::New => "starting a new plan",
            PendingAction::Open | PendingAction::OpenPath(_) => "opening another plan",
            PendingAction::Close => "closing",
        };
        // The plan's title: a plan of several variants has its own.
        let name = if cx.doc.variants.len() > 1 {
            cx.plan_name.clone()
        } else {
            cx.scenario.name.clone()
        };
        let mut choice = None;
        Modal::new(Id::unique("unsaved changes")).show(ctx, |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "\"{name}\" has changes that are not saved. Save them before {verb}?"
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(Command::ConfirmSave);
                }
                if ui.button("Discard changes").clicked() {
                    choice = Some(Command::ConfirmDiscard);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(Command::ConfirmCancel);
                }
            });
        });
        if let Some(command) = choice {
            cx.run(command);
        }
    }
}
