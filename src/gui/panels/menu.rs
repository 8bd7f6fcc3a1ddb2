//! The menu bar: the app's icon, then File, Edit and View. The File and Edit entries come from
//! the one table of menu commands (label, shortcut, command), so menus and keys never disagree.

use crate::gui::app::command::MenuCommand;
use crate::gui::ctx::PanelCtx;
use crate::gui::icon::{self, MenuIcon};
use crate::gui::settings::Theme;
use crate::io::report::pdf::Paper;

#[derive(Debug, Default)]
pub struct MenuBar {
    /// The app's icon at the left of the bar, made into a texture on the first frame.
    icon: Option<MenuIcon>,
}

impl MenuBar {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCtx<'_>) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                icon::show(ui, &mut self.icon);
                ui.menu_button("File", |ui| file_menu(ui, cx));
                ui.menu_button("Edit", |ui| {
                    let undo = cx
                        .doc
                        .undo_label
                        .as_ref()
                        .map_or("Undo".to_string(), |l| format!("Undo: {l}"));
                    let redo = cx
                        .doc
                        .redo_label
                        .as_ref()
                        .map_or("Redo".to_string(), |l| format!("Redo: {l}"));
                    let (can_undo, can_redo) = (cx.doc.can_undo, cx.doc.can_redo);
                    MenuCommand::Undo.button_labelled(ui, &undo, can_undo, cx.commands());
                    MenuCommand::Redo.button_labelled(ui, &redo, can_redo, cx.commands());
                });
                ui.menu_button("View", |ui| {
                    ui.checkbox(&mut cx.settings.show_cumulative, "Cumulative line");
                    ui.checkbox(&mut cx.settings.decimal_comma, "Decimal comma (1.234,5)")
                        .on_hover_text(
                            "Type and show numbers with a comma for decimals and a point \
                             between thousands",
                        );
                    ui.separator();
                    ui.label("Theme");
                    ui.radio_value(&mut cx.settings.theme, Theme::System, "Follow the system");
                    ui.radio_value(&mut cx.settings.theme, Theme::Light, "Light");
                    ui.radio_value(&mut cx.settings.theme, Theme::Dark, "Dark");
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let dark = ui.ctx().theme() == egui::Theme::Dark;
                    let label = if dark { "Light mode" } else { "Dark mode" };
                    if ui
                        .button(label)
                        .on_hover_text("Switch light / dark")
                        .clicked()
                    {
                        cx.settings.theme = if dark { Theme::Light } else { Theme::Dark };
                    }
                    ui.label(&cx.doc.title);
                });
            });
        });
    }
}

fn file_menu(ui: &mut egui::Ui, cx: &mut PanelCtx<'_>) {
    for c in [
        MenuCommand::New,
        MenuCommand::Open,
        MenuCommand::Save,
        MenuCommand::SaveAs,
    ] {
        c.button(ui, true, cx.commands());
    }
    ui.separator();
    let can_export = cx.projection.is_some() && !cx.jobs.export;
    MenuCommand::Export.button(ui, can_export, cx.commands());
    ui.horizontal(|ui| {
        ui.label("PDF paper");
        ui.radio_value(&mut cx.settings.paper, Paper::A4, "A4");
        ui.radio_value(&mut cx.settings.paper, Paper::Letter, "Letter");
    });
    ui.checkbox(
        &mut cx.settings.csv_semicolon,
        "CSV with ';' between fields",
    );
    ui.checkbox(&mut cx.settings.own_file_picker, "Use wacost's file picker")
        .on_hover_text("Choose files in wacost's own window instead of the system's dialog");
    ui.separator();
    MenuCommand::ImportRates.button(ui, true, cx.commands());
    MenuCommand::ImportUsage.button(ui, true, cx.commands());
    ui.separator();
    MenuCommand::Quit.button(ui, true, cx.commands());
}
