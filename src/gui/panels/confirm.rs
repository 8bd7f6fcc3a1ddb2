//! The "unsaved changes" prompt before New, Open and closing.

use egui::{Id, Modal};

use crate::gui::app::{PendingAction, WacostApp};

pub fn show(app: &mut WacostApp, ctx: &egui::Context) {
    let Some(action) = app.confirm.clone() else {
        return;
    };
    let verb = match action {
        PendingAction::New => "starting a new plan",
        PendingAction::Open | PendingAction::OpenPath(_) => "opening another plan",
        PendingAction::Close => "closing",
    };
    let mut choice = None;
    Modal::new(Id::unique("unsaved changes")).show(ctx, |ui| {
        ui.heading("Unsaved changes");
        ui.label(format!(
            "\"{}\" has changes that are not saved. Save them before {verb}?",
            app.doc.scenario.name
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some("save");
            }
            if ui.button("Discard changes").clicked() {
                choice = Some("discard");
            }
            if ui.button("Cancel").clicked() {
                choice = Some("cancel");
            }
        });
    });
    match choice {
        // Once saved (now, or after the Save As dialog), save_to carries on with the action.
        Some("save") => app.save(),
        Some("discard") => app.perform(action),
        Some("cancel") => app.confirm = None,
        _ => {}
    }
}
