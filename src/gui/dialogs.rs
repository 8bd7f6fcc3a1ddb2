//! File dialogs behind a small trait: the window asks, a worker thread answers, the frame keeps
//! painting. Tests inject paths instead of opening real dialogs.
//!
//! The system's dialog (rfd: the desktop portal, or zenity) may be missing: a minimal desktop,
//! a kiosk, a remote session. rfd then answers as if the user had cancelled, so
//! [`SystemDialogs`] tells the two apart: no portal bus and no zenity, or a "cancel" faster
//! than a person can click, is [`DialogAnswer::Unavailable`], and the window opens its own
//! file picker (`panels::file_picker`) instead of doing nothing.

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

/// The ending wacost gives a plan file it names: `Q1 launch.wacost.json`. The desktop knows a
/// file by it (`packaging/linux/wacost-mime.xml`), so a double-click opens it in wacost; any
/// `.json` file opens too, and a plan the user keeps as plain `.json` stays so.
pub const PLAN_EXTENSION: &str = "wacost.json";

/// The file name a dialog suggests. Save As: the plan's own file name when it has a file (a
/// plain `.json` stays plain), else its title with [`PLAN_EXTENSION`]; Export: the title as a
/// PDF. `title` is the plan's name; characters a file name cannot hold become `-`.
pub fn suggested_name(purpose: DialogPurpose, title: &str, file: Option<&Path>) -> String {
    if purpose == DialogPurpose::SaveAs
        && let Some(name) = file.and_then(Path::file_name)
    {
        return name.to_string_lossy().into_owned();
    }
    let stem: String = title
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    let stem = if stem.is_empty() { "plan" } else { stem };
    match purpose {
        DialogPurpose::Export => format!("{stem}.pdf"),
        _ => format!("{stem}.{PLAN_EXTENSION}"),
    }
}

/// Where Save As writes the path the user chose: as typed when it has an ending of its own
/// (`plan.json` stays `plan.json`), else with [`PLAN_EXTENSION`] added (`Q1` → `Q1.wacost.json`,
/// `Q1.wacost` → `Q1.wacost.json`).
pub fn plan_save_path(chosen: PathBuf) -> PathBuf {
    let ext = chosen
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        None => {
            let mut name = chosen.into_os_string();
            name.push(".");
            name.push(PLAN_EXTENSION);
            PathBuf::from(name)
        }
        Some("wacost") => {
            let mut name = chosen.into_os_string();
            name.push(".json");
            PathBuf::from(name)
        }
        Some(_) => chosen,
    }
}

/// How a file dialog ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogAnswer {
    Chosen(PathBuf),
    Cancelled,
    /// No dialog could be shown; the reason in words.
    Unavailable(String),
}

impl DialogAnswer {
    pub fn from_choice(path: Option<PathBuf>) -> DialogAnswer {
        path.map_or(DialogAnswer::Cancelled, DialogAnswer::Chosen)
    }
}

pub trait Dialogs {
    /// Starts a dialog in `folder` (when known); the receiver gets how it ended.
    fn ask(
        &self,
        purpose: DialogPurpose,
        suggested_name: &str,
        folder: Option<&Path>,
    ) -> Receiver<DialogAnswer>;
}

/// Faster than this, a "cancel" is a dialog that never showed, not a person.
const TOO_FAST_TO_BE_A_PERSON: std::time::Duration = std::time::Duration::from_millis(300);

/// Why the system's dialog cannot show on this desktop, when that is known before trying.
fn known_unavailable() -> Option<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    (!bus && !zenity).then(|| {
        "this desktop has no file-dialog service (xdg-desktop-portal) and no zenity".to_string()
    })
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
    ) -> Receiver<DialogAnswer> {
        let (tx, rx) = channel();
        if let Some(why) = known_unavailable() {
            let _ = tx.send(DialogAnswer::Unavailable(why));
            return rx;
        }
        let name = suggested_name.to_string();
        let folder = folder.map(Path::to_path_buf);
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let mut dialog = rfd::FileDialog::new();
            if let Some(folder) = folder.filter(|f| f.is_dir()) {
                dialog = dialog.set_directory(folder);
            }
            // "json" lets both `*.wacost.json` and plain `*.json` through.
            let plan = || {
                dialog
                    .clone()
                    .add_filter("wacost plan (.wacost.json, .json)", &["json"])
            };
            let path = match purpose {
                DialogPurpose::ImportRates => dialog
                    .add_filter("Meta rate or tier file", &["csv", "xlsx", "xls"])
                    .set_title("Import Meta's rate file")
                    .pick_file(),
                DialogPurpose::Open => plan().set_title("Open a plan").pick_file(),
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
                DialogPurpose::SaveAs => plan()
                    .set_title("Save the plan as")
                    .set_file_name(name)
                    .save_file(),
            };
            let answer = match path {
                Some(path) => DialogAnswer::Chosen(path),
                None if started.elapsed() < TOO_FAST_TO_BE_A_PERSON => DialogAnswer::Unavailable(
                    "the system's file dialog closed before it could be used".into(),
                ),
                None => DialogAnswer::Cancelled,
            };
            let _ = tx.send(answer);
        });
        rx
    }
}

/// Canned answers, for tests: each dialog takes the next answer (none left = cancelled).
#[derive(Debug, Clone, Default)]
pub struct CannedDialogs {
    pub answers: Arc<Mutex<VecDeque<DialogAnswer>>>,
    pub asked: Arc<Mutex<Vec<DialogPurpose>>>,
    /// The folder each dialog was opened in.
    pub folders: Arc<Mutex<Vec<Option<PathBuf>>>>,
    /// The file name each dialog suggested.
    pub names: Arc<Mutex<Vec<String>>>,
}

impl CannedDialogs {
    /// The next dialog chooses `path` (`None`: the user cancels).
    pub fn answer(&self, path: Option<PathBuf>) {
        self.answers
            .lock()
            .expect("not poisoned")
            .push_back(DialogAnswer::from_choice(path));
    }

    /// The next dialog cannot be shown, as on a desktop without a portal or zenity.
    pub fn fail(&self, why: &str) {
        self.answers
            .lock()
            .expect("not poisoned")
            .push_back(DialogAnswer::Unavailable(why.into()));
    }
}

impl Dialogs for CannedDialogs {
    fn ask(
        &self,
        purpose: DialogPurpose,
        suggested_name: &str,
        folder: Option<&Path>,
    ) -> Receiver<DialogAnswer> {
        self.asked.lock().expect("not poisoned").push(purpose);
        self.names
            .lock()
            .expect("not poisoned")
            .push(suggested_name.to_string());
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
            .unwrap_or(DialogAnswer::Cancelled);
        let _ = tx.send(answer);
        rx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_as_suggests_the_plan_ending_for_a_plan_without_a_file() {
        assert_eq!(
            suggested_name(DialogPurpose::SaveAs, "Q1 launch", None),
            "Q1 launch.wacost.json"
        );
        assert_eq!(
            suggested_name(DialogPurpose::SaveAs, "Brazil/Mexico: Q1?", None),
            "Brazil-Mexico- Q1-.wacost.json"
        );
        assert_eq!(
            suggested_name(DialogPurpose::SaveAs, "  ", None),
            "plan.wacost.json"
        );
        assert_eq!(
            suggested_name(DialogPurpose::Export, "Q1 launch", None),
            "Q1 launch.pdf"
        );
    }

    #[test]
    fn save_as_keeps_the_name_of_the_file_the_plan_came_from() {
        let opened = Path::new("/plans/q1.json");
        assert_eq!(
            suggested_name(DialogPurpose::SaveAs, "Q1 launch", Some(opened)),
            "q1.json"
        );
        let named = Path::new("/plans/q1.wacost.json");
        assert_eq!(
            suggested_name(DialogPurpose::SaveAs, "Q1 launch", Some(named)),
            "q1.wacost.json"
        );
        // A report is named after the plan, not after its file.
        assert_eq!(
            suggested_name(DialogPurpose::Export, "Q1 launch", Some(opened)),
            "Q1 launch.pdf"
        );
    }

    #[test]
    fn a_name_typed_without_an_ending_gets_the_plan_ending() {
        let p = |s: &str| plan_save_path(PathBuf::from(s));
        assert_eq!(p("/plans/Q1"), PathBuf::from("/plans/Q1.wacost.json"));
        assert_eq!(
            p("/plans/Q1.wacost"),
            PathBuf::from("/plans/Q1.wacost.json")
        );
        assert_eq!(p("/plans/q1.json"), PathBuf::from("/plans/q1.json"));
        assert_eq!(
            p("/plans/q1.wacost.json"),
            PathBuf::from("/plans/q1.wacost.json")
        );
    }
}
