//! wacost's own file picker: used when the system's file dialog cannot be shown (a desktop
//! without xdg-desktop-portal or zenity), or when the user prefers it (File menu). A folder
//! field, the folder's sub-folders and matching files, a file-name field and one action button.
//! It answers like the system's dialog, with `Command::DialogAnswered`.
//!
//! Hand-written because the file-dialog crate for egui (egui-file-dialog 0.15) is built on
//! egui 0.36, and wacost is on 0.37.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::gui::app::command::Command;
use crate::gui::ctx::PanelCtx;
use crate::gui::dialogs::{DialogAnswer, DialogPurpose};
use crate::gui::theme;

/// At most this many entries of a folder are listed (a huge folder stays quick to draw).
const MAX_ENTRIES: usize = 2_000;
/// At most this many entries of a folder are looked at, listed or not.
const MAX_EXAMINED: usize = 50_000;

/// What the picker shows while it is open.
#[derive(Debug, Clone)]
struct Open {
    purpose: DialogPurpose,
    folder: PathBuf,
    folder_text: String,
    name: String,
    folders: Vec<String>,
    files: Vec<String>,
    /// More entries than listed.
    clipped: bool,
    problem: Option<String>,
    /// A save target that exists: the next click replaces it.
    confirm_replace: Option<PathBuf>,
    /// The home folder, looked up once when the picker opens (not every frame).
    home: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct FilePicker {
    open: Option<Open>,
}

/// Which files a dialog offers.
fn extensions(purpose: DialogPurpose) -> &'static [&'static str] {
    match purpose {
        DialogPurpose::Open | DialogPurpose::SaveAs => &["json"],
        DialogPurpose::ImportRates => &["csv", "xlsx", "xls"],
        DialogPurpose::ImportUsage => &["csv", "json", "txt", "tsv", "jsonl", "ndjson"],
        DialogPurpose::Export => &["pdf", "csv", "png"],
    }
}

fn title(purpose: DialogPurpose) -> (&'static str, &'static str) {
    match purpose {
        DialogPurpose::Open => ("Open a plan", "Open"),
        DialogPurpose::SaveAs => ("Save the plan as", "Save"),
        DialogPurpose::ImportRates => ("Import Meta's rate file", "Import"),
        DialogPurpose::ImportUsage => ("Import a usage export", "Import"),
        DialogPurpose::Export => ("Export a report (.pdf, .csv or .png)", "Export"),
    }
}

fn saves(purpose: DialogPurpose) -> bool {
    matches!(purpose, DialogPurpose::SaveAs | DialogPurpose::Export)
}

/// The user's home folder (Documents when it exists), where a picker with nothing better starts.
pub fn home_folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())?;
    let documents = home.join("Documents");
    Some(if documents.is_dir() { documents } else { home })
}

/// A folder's sub-folders and the files a dialog offers, sorted, hidden ones left out.
fn list(folder: &Path, purpose: DialogPurpose) -> Result<(Vec<String>, Vec<String>, bool), String> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| format!("Cannot read the folder {}: {e}", folder.display()))?;
    let wanted = extensions(purpose);
    let (mut folders, mut files) = (Vec::new(), Vec::new());
    let mut clipped = false;
    // Bounded twice: what is listed, and what is looked at (a folder of millions of other
    // files must not stall the window).
    for (seen, entry) in entries.flatten().enumerate() {
        if folders.len() + files.len() >= MAX_ENTRIES || seen >= MAX_EXAMINED {
            clipped = true;
            break;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            folders.push(name);
        } else if path
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .is_some_and(|x| wanted.contains(&x.as_str()))
        {
            files.push(name);
        }
    }
    folders.sort_by_key(|n| n.to_lowercase());
    files.sort_by_key(|n| n.to_lowercase());
    Ok((folders, files, clipped))
}

impl FilePicker {
    /// Opens the picker in `folder` (else the home folder), suggesting `name` for a save.
    pub fn open(&mut self, purpose: DialogPurpose, folder: Option<&Path>, name: &str) {
        let folder = folder
            .filter(|f| f.is_dir())
            .map(Path::to_path_buf)
            .or_else(home_folder)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut open = Open {
            purpose,
            folder: folder.clone(),
            folder_text: String::new(),
            name: if saves(purpose) {
                name.to_string()
            } else {
                String::new()
            },
            folders: Vec::new(),
            files: Vec::new(),
            clipped: false,
            problem: None,
            confirm_replace: None,
            home: home_folder(),
        };
        open.go_to(folder);
        self.open = Some(open);
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    pub fn ui(&mut self, ctx: &egui::Context, cx: &mut PanelCtx<'_>) {
        let Some(open) = &mut self.open else { return };
        let (heading, action) = title(open.purpose);
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("wacost file picker")).show(ctx, |ui| {
            ui.set_width(560.0_f32.min(ctx.content_rect().width() - 80.0));
            ui.heading(heading);
            ui.label(RichText::new("wacost's file picker").small());
            ui.horizontal(|ui| {
                if ui
                    .button("Up")
                    .on_hover_text("The folder that holds this one")
                    .clicked()
                    && let Some(parent) = open.folder.parent().map(Path::to_path_buf)
                {
                    open.go_to(parent);
                }
                if let Some(home) = open.home.clone()
                    && ui.button("Home").clicked()
                {
                    open.go_to(home);
                }
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut open.folder_text)
                            .desired_width(f32::INFINITY),
                    )
                    .accessible_name("Folder");
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    open.go_to(PathBuf::from(open.folder_text.trim()));
                }
            });
            let mut go = None;
            let mut pick = None;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for f in &open.folders {
                            if ui
                                .selectable_label(false, format!("🗀 {f}"))
                                .on_hover_text("Open this folder")
                                .clicked()
                            {
                                go = Some(open.folder.join(f));
                            }
                        }
                        for f in &open.files {
                            let selected = open.name == *f;
                            let r = ui.selectable_label(selected, f.as_str());
                            if r.clicked() {
                                pick = Some((f.clone(), false));
                            }
                            if r.double_clicked() {
                                pick = Some((f.clone(), true));
                            }
                        }
                        if open.folders.is_empty() && open.files.is_empty() {
                            ui.label("Nothing here to choose.");
                        }
                        if open.clipped {
                            ui.label(format!(
                                "Only the first {MAX_ENTRIES} entries are listed: type the name."
                            ));
                        }
                    });
            });
            if let Some(folder) = go {
                open.go_to(folder);
            }
            ui.horizontal(|ui| {
                ui.label("File name");
                ui.add(egui::TextEdit::singleline(&mut open.name).desired_width(f32::INFINITY))
                    .accessible_name("File name");
            });
            if let Some(p) = &open.problem {
                ui.add(egui::Label::new(RichText::new(p).color(theme::ERROR.on(ui))).wrap());
            }
            let mut choose = false;
            if let Some((name, double)) = pick {
                open.name = name;
                open.confirm_replace = None;
                choose = double;
            }
            ui.horizontal(|ui| {
                if ui.button("Cancel").clicked() {
                    answer = Some(DialogAnswer::Cancelled);
                }
                let label = if open.confirm_replace.is_some() {
                    "Replace"
                } else {
                    action
                };
                if ui.button(label).clicked() {
                    choose = true;
                }
            });
            if choose && let Some(path) = open.choose() {
                answer = Some(DialogAnswer::Chosen(path));
            }
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(DialogAnswer::Cancelled);
        }
        if let Some(answer) = answer {
            let purpose = open.purpose;
            self.open = None;
            cx.run(Command::DialogAnswered(purpose, answer));
        }
    }
}

impl Open {
    fn go_to(&mut self, folder: PathBuf) {
        let folder = crate::io::atomic::absolute(&folder);
        match list(&folder, self.purpose) {
            Ok((folders, files, clipped)) => {
                self.folders = folders;
                self.files = files;
                self.clipped = clipped;
                self.folder_text = folder.display().to_string();
                self.folder = folder;
                self.problem = None;
            }
            Err(e) => {
                self.folder_text = self.folder.display().to_string();
                self.problem = Some(e);
            }
        }
        self.confirm_replace = None;
    }

    /// The chosen path, or why it cannot be used (shown under the name).
    fn choose(&mut self) -> Option<PathBuf> {
        let name = self.name.trim();
        if name.is_empty() {
            self.problem = Some("Type a file name or pick a file above.".into());
            return None;
        }
        let path = self.folder.join(name);
        if saves(self.purpose) {
            if path.is_dir() {
                self.problem = Some(format!("{name} is a folder: type a file name."));
                return None;
            }
            if path.exists() && self.confirm_replace.as_ref() != Some(&path) {
                self.problem = Some(format!(
                    "{name} already exists. Click Replace to write over it."
                ));
                self.confirm_replace = Some(path);
                return None;
            }
        } else if !path.is_file() {
            self.problem = Some(format!("There is no file {name} in this folder."));
            return None;
        }
        Some(path)
    }
}
