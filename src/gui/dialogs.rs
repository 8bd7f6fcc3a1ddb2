//! File dialogs behind a small trait: the window asks, a worker thread answers, the frame keeps
//! painting. Tests inject paths instead of opening real dialogs.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

/// What a dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogPurpose {
    Open,
    SaveAs,
    /// Meta's rate or volume-tier file (CSV or XLSX).
    ImportRates,
    /// Where to write a report (PDF, CSV or PNG).
    Export,
    /// A usage export (Meta analytics JSON or CSV, a message log, a provider's usage).
    ImportUsage,
}

impl DialogPurpose {
    /// A stable name, for remembering each dialog's folder.
    pub fn key(self) -> &'static str {
        match self {
            DialogPurpose::Open => "open",
            DialogPurpose::SaveAs => "save",
            DialogPurpose::ImportRates => "import-rates",
            DialogPurpose::Export => "export",
            DialogPurpose::ImportUsage => "import-usage",
        }
    }
}

pub trait Dialogs {
    /// Starts a dialog in `folder` (when known); the receiver gets the chosen path, or `None`
    /// when cancelled.
    fn ask(
        &self,
        purpose: DialogPurpose,
        suggested_name: &str,
        folder: Option<&Path>,
    ) -> Receiver<Option<PathBuf>>;
}

/// The system's file dialogs (rfd), each on its own thread.
#[derive(Debug, Default)]
pub struct SystemDialogs;

impl Dialogs for SystemDialogs {
    fn ask(
        &self,
        purpose: DialogPurpose,
        suggested_name: &str,
        folder: Option<&Path>,
    ) -> Receiver<Option<PathBuf>> {
        let (tx, rx) = channel();
        let name = suggested_name.to_string();
        let folder = folder.map(Path::to_path_buf);
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new();
            if let Some(folder) = folder.filter(|f| f.is_dir()) {
                dialog = dialog.set_directory(folder);
            }
            let scenario = || dialog.clone().add_filter("wacost scenario", &["json"]);
            let path = match purpose {
                DialogPurpose::ImportRates => dialog
                    .add_filter("Meta rate or tier file", &["csv", "xlsx", "xls"])
                    .set_title("Import Meta's rate file")
                    .pick_file(),
                DialogPurpose::Open => scenario().set_title("Open scenario").pick_file(),
                DialogPurpose::ImportUsage => dialog
                    .add_filter("Usage export", &["csv", "json", "txt", "tsv"])
                    .set_title("Import usage export")
                    .pick_file(),
                DialogPurpose::Export => dialog
                    .add_filter("PDF report", &["pdf"])
                    .add_filter("CSV for spreadsheets", &["csv"])
                    .add_filter("PNG chart", &["png"])
                    .set_title("Export report")
                    .set_file_name(name)
                    .save_file(),
                DialogPurpose::SaveAs => scenario()
                    .set_title("Save scenario as")
                    .set_file_name(name)
                    .save_file(),
            };
            let _ = tx.send(path);
        });
        rx
    }
}

/// Canned answers, for tests: each dialog takes the next path (or `None` = cancelled).
#[derive(Debug, Clone, Default)]
pub struct CannedDialogs {
    pub answers: Arc<Mutex<VecDeque<Option<PathBuf>>>>,
    pub asked: Arc<Mutex<Vec<DialogPurpose>>>,
    /// The folder each dialog was opened in.
    pub folders: Arc<Mutex<Vec<Option<PathBuf>>>>,
}

impl CannedDialogs {
    pub fn answer(&self, path: Option<PathBuf>) {
        self.answers.lock().expect("not poisoned").push_back(path);
    }
}

impl Dialogs for CannedDialogs {
    fn ask(
        &self,
        purpose: DialogPurpose,
        _suggested_name: &str,
        folder: Option<&Path>,
    ) -> Receiver<Option<PathBuf>> {
        self.asked.lock().expect("not poisoned").push(purpose);
        self.folders
            .lock()
            .expect("not poisoned")
            .push(folder.map(Path::to_path_buf));
        let (tx, rx) = channel();
        let answer = self
            .answers
            .lock()
            .expect("not poisoned")
            .pop_front()
            .flatten();
        let _ = tx.send(answer);
        rx
    }
}
