//! The menu bar: File and View.

use crate::gui::app::{PendingAction, WacostApp};
use crate::io::report::pdf::Paper;

pub fn show(app: &mut WacostApp, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New (Ctrl+N)").clicked() {
                    app.request(PendingAction::New);
                    ui.close();
                }
                if ui.button("Open… (Ctrl+O)").clicked() {
                    app.request(PendingAction::Open);
                    ui.close();
                }
                if ui.button("Save (Ctrl+S)").clicked() {
                    app.save();
                    ui.close();
                }
                if ui.button("Save As… (Ctrl+Shift+S)").clicked() {
                    app.save_as();
                    ui.close();
                }
                ui.separator();
                if ui
                    .add_enabled(
                        app.projection.is_some() && !app.export_running(),
                        egui::Button::new("Export… (PDF, CSV or PNG)"),
                    )
                    .clicked()
                {
                    app.export_report();
                    ui.close();
                }
                ui.horizontal(|ui| {
                    ui.label("PDF paper");
                    ui.radio_value(&mut app.view.paper, Paper::A4, "A4");
                    ui.radio_value(&mut app.view.paper, Paper::Letter, "Letter");
                });
                ui.checkbox(&mut app.view.csv_semicolon, "CSV with ';' between fields");
                ui.separator();
                if ui.button("Import Meta's rate file…").clicked() {
                    app.import_rate_file();
                    ui.close();
                }
                if ui.button("Import usage export…").clicked() {
                    app.import_usage_file();
                    ui.close();
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    ui.close();
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui
                    .add_enabled(app.doc.can_undo(), egui::Button::new("Undo (Ctrl+Z)"))
                    .clicked()
                {
                    app.undo();
                    ui.close();
                }
                if ui
                    .add_enabled(app.doc.can_redo(), egui::Button::new("Redo (Ctrl+Shift+Z)"))
                    .clicked()
                {
                    app.redo();
                    ui.close();
                }
            });
            ui.menu_button("View", |ui| {
                ui.checkbox(&mut app.view.show_cumulative, "Cumulative line");
                ui.separator();
                let mut pref = ui.ctx().options(|o| o.theme_preference);
                ui.label("Theme");
                let before = pref;
                ui.radio_value(
                    &mut pref,
                    egui::ThemePreference::System,
                    "Follow the system",
                );
                ui.radio_value(&mut pref, egui::ThemePreference::Light, "Light");
                ui.radio_value(&mut pref, egui::ThemePreference::Dark, "Dark");
                if pref != before {
                    ui.ctx().set_theme(pref);
                }
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let dark = ui.ctx().theme() == egui::Theme::Dark;
                let label = if dark { "Light mode" } else { "Dark mode" };
                if ui
                    .button(label)
                    .on_hover_text("Switch light / dark")
                    .clicked()
                {
                    ui.ctx().set_theme(if dark {
                        egui::ThemePreference::Light
                    } else {
                        egui::ThemePreference::Dark
                    });
                }
                ui.label(app.doc.title());
            });
        });
    });
}
