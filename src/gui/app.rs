//! The desktop planner: application state, the frame's order of work, commands and file
//! handling. Panels draw from this state and change only the scenario (and view settings); the
//! app commits, recomputes and autosaves once per frame, after the panels.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::dialogs::{DialogPurpose, Dialogs};
use super::document::Document;
use super::fields::Fields;
use super::panels;
use super::panels::actuals::ActualsView;
use super::panels::rates::RatesView;
use super::recovery::{FileStamp, RecoveryFile};
use crate::domain::projection::project_into;
use crate::domain::reconcile::{Reconciliation, reconcile};
use crate::domain::{Month, Projection, Scenario};
use crate::io::atomic::same_file;
use crate::io::meta_rates::{ImportHints, PreparedImport, prepare_import, store_import};
use crate::io::rates::LoadedRates;
use crate::io::report::pdf::Paper;
use crate::io::report::{ReportFormat, ReportInput, ReportOptions, write_report};
use crate::io::scenario_file::{parse_scenario, read_scenario, save_scenario};
use crate::io::usage::layout::save_preset;
use crate::io::usage::{ImportError, ImportOptions, Progress, UsageImport, import_path};

/// The example plan the window opens the first time.
pub const EXAMPLE_SCENARIO: &str = include_str!("../../assets/example-scenario.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Projection,
    ByCountry,
    Table,
    Rates,
    Actuals,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Projection,
        Tab::ByCountry,
        Tab::Table,
        Tab::Rates,
        Tab::Actuals,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Projection => "Projection",
            Tab::ByCountry => "By country",
            Tab::Table => "Table",
            Tab::Rates => "Rates",
            Tab::Actuals => "Actuals",
        }
    }
}

/// What the window opens on.
#[derive(Debug, Clone)]
pub enum StartWith {
    /// The unsaved work of a session that died, if any; else the given file; else the example.
    Restore {
        last_file: Option<PathBuf>,
    },
    File(PathBuf),
    Example,
}

pub struct AppOptions {
    pub rates: LoadedRates,
    pub dialogs: Box<dyn Dialogs>,
    /// Where the autosave recovery file lives; `None` turns autosave off.
    pub data_dir: Option<PathBuf>,
    pub start: StartWith,
    /// The current month (new plans start there); passed in so tests are deterministic.
    pub today: Month,
    /// Where imported rate cards are stored (the user's rates folder); `None`: imports can be
    /// reviewed but not stored.
    pub rates_dir: Option<PathBuf>,
}

/// Something waiting for the user to decide about unsaved changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingAction {
    New,
    Open,
    OpenPath(PathBuf),
    Close,
}

/// Why a rate file was not accepted, and whether a currency or date from the user may help.
#[derive(Debug, Clone)]
pub struct ImportFailure {
    pub message: String,
    pub needs_hints: bool,
}

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortColumn {
    #[default]
    Month,
    Country,
    Category,
    Volume,
    MetaCost,
    Total,
}

/// How the views are set up (not part of the scenario, not undone).
#[derive(Debug, Clone, Default)]
pub struct ViewState {
    pub country_query: String,
    pub show_cumulative: bool,
    pub sort: SortColumn,
    pub sort_descending: bool,
    /// Countries edited as a total plus a mix of percentages.
    pub mix_mode: std::collections::BTreeSet<crate::domain::Country>,
    /// Paper of exported PDFs.
    pub paper: Paper,
    /// Exported CSVs use ';' between fields (for spreadsheets with a decimal comma).
    pub csv_semicolon: bool,
}

/// Imported usage and its reconciliation with the rate book, in the plan's currency.
#[derive(Debug, Clone)]
pub struct LoadedActuals {
    pub path: PathBuf,
    pub import: UsageImport,
    pub reconciliation: Reconciliation,
}

/// A usage file being read on a worker thread.
pub struct UsageJob {
    pub path: PathBuf,
    pub options: ImportOptions,
    pub progress: Arc<Progress>,
    /// The file's size, for the progress bar (0 when unknown).
    pub total_bytes: u64,
    pub started: std::time::Instant,
    /// Save the options' preset under its name once the file has been read with it.
    pub save_preset: bool,
    rx: Receiver<Result<UsageImport, ImportError>>,
}

pub struct WacostApp {
    pub doc: Document,
    pub rates: LoadedRates,
    /// The last valid projection: an invalid edit leaves it on screen.
    pub projection: Option<Projection>,
    spare: Option<Projection>,
    /// The scenario `projection` / `projection_error` were computed for.
    projected: Option<Scenario>,
    pub projection_error: Option<String>,
    pub tab: Tab,
    pub view: ViewState,
    pub fields: Fields,
    pub notice: Option<Notice>,
    pub confirm: Option<PendingAction>,
    pub rates_view: RatesView,
    pub actuals: Option<LoadedActuals>,
    pub actuals_view: ActualsView,
    pub usage_job: Option<UsageJob>,
    rates_dir: Option<PathBuf>,
    /// A report being written on a worker thread: what and where.
    export: Option<(String, Receiver<Result<PathBuf, String>>)>,
    /// A rate file being read on a worker thread.
    rate_import: Option<Receiver<Result<PreparedImport, ImportFailure>>>,
    dialogs: Box<dyn Dialogs>,
    pending_dialog: Option<(DialogPurpose, Receiver<Option<PathBuf>>)>,
    recovery: Option<RecoveryFile>,
    recovery_for: Option<Scenario>,
    today: Month,
    close_confirmed: bool,
    close_sent: bool,
    title: String,
}

impl WacostApp {
    pub fn new(options: AppOptions) -> WacostApp {
        let recovery = options.data_dir.as_deref().map(RecoveryFile::in_dir);
        let example = || {
            parse_scenario("assets/example-scenario.json", EXAMPLE_SCENARIO)
                .expect("the example scenario parses (tested)")
        };
        let mut notice = None;
        let doc = match options.start {
            StartWith::Restore { last_file } => {
                if let Some(r) = recovery.as_ref().and_then(RecoveryFile::read) {
                    // The work is tied to its file again only if that file is still as it was;
                    // otherwise Save asks where instead of replacing someone else's file.
                    let (file, text) = match r.file_to_keep() {
                        Ok(file) => (file, "Restored unsaved work from the last session.".into()),
                        Err(why) => (
                            None,
                            format!(
                                "Restored unsaved work from the last session as a new plan: {why}. Save asks where."
                            ),
                        ),
                    };
                    notice = Some(Notice {
                        text,
                        is_error: false,
                    });
                    let stamp = file.as_ref().and(r.stamp);
                    let mut doc = Document::new(r.scenario, file, false);
                    doc.stamp = stamp;
                    doc
                } else if let Some(path) = last_file.filter(|p| p.is_absolute() && p.is_file()) {
                    // An older wacost stored it relative: that would be resolved against
                    // whatever folder this run started in, so it is not reopened.
                    match read_scenario(&path) {
                        Ok(s) => opened(s, path),
                        Err(e) => {
                            notice = Some(Notice {
                                text: format!("Could not reopen the last plan: {e}"),
                                is_error: true,
                            });
                            Document::new(example(), None, true)
                        }
                    }
                } else {
                    Document::new(example(), None, true)
                }
            }
            StartWith::File(path) => match read_scenario(&path) {
                Ok(s) => opened(s, path),
                Err(e) => {
                    notice = Some(Notice {
                        text: e.to_string(),
                        is_error: true,
                    });
                    Document::new(example(), None, true)
                }
            },
            StartWith::Example => Document::new(example(), None, true),
        };
        let mut app = WacostApp {
            doc,
            rates: options.rates,
            projection: None,
            spare: None,
            projected: None,
            projection_error: None,
            tab: Tab::default(),
            view: ViewState::default(),
            fields: Fields::default(),
            notice,
            confirm: None,
            rates_view: RatesView::default(),
            actuals: None,
            actuals_view: ActualsView::default(),
            usage_job: None,
            rates_dir: options.rates_dir,
            rate_import: None,
            export: None,
            dialogs: options.dialogs,
            pending_dialog: None,
            recovery,
            recovery_for: None,
            today: options.today,
            close_confirmed: false,
            close_sent: false,
            title: String::new(),
        };
        app.recompute();
        app
    }

    /// Projects the scenario if it changed since the last projection. On error the previous
    /// projection stays and the error is shown.
    pub fn recompute(&mut self) {
        if self.projected.as_ref() == Some(&self.doc.scenario) {
            return;
        }
        let mut target = self
            .spare
            .take()
            .unwrap_or_else(|| Projection::empty(self.doc.scenario.currency));
        match project_into(&self.doc.scenario, &self.rates.book, &mut target) {
            Ok(()) => {
                self.spare = self.projection.replace(target);
                self.projection_error = None;
            }
            Err(e) => {
                self.spare = Some(target);
                self.projection_error = Some(e.to_string());
            }
        }
        self.projected = Some(self.doc.scenario.clone());
    }

    /// The current projection if it is for the scenario as it stands (no error since).
    pub fn current_projection(&self) -> Option<&Projection> {
        self.projection.as_ref()
    }

    fn say(&mut self, text: impl Into<String>, is_error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error,
        });
    }

    // ---- Commands ---------------------------------------------------------------------------

    pub fn undo(&mut self) {
        if self.doc.undo() {
            self.fields.reset();
        }
    }

    pub fn redo(&mut self) {
        if self.doc.redo() {
            self.fields.reset();
        }
    }

    /// New, Open and Close ask first when there are unsaved changes.
    pub fn request(&mut self, action: PendingAction) {
        self.doc.commit();
        if self.doc.is_dirty() {
            self.confirm = Some(action);
        } else {
            self.perform(action);
        }
    }

    /// Carries out an action, unsaved changes or not.
    pub fn perform(&mut self, action: PendingAction) {
        self.confirm = None;
        match action {
            PendingAction::New => {
                let mut s = Scenario::new(self.doc.scenario.currency, self.today);
                s.name = "New plan".into();
                self.replace_document(Document::new(s, None, false));
                self.say("New plan: add countries on the left.", false);
            }
            PendingAction::Open => self.ask(DialogPurpose::Open),
            PendingAction::OpenPath(path) => self.open_path(&path),
            PendingAction::Close => {
                self.close_confirmed = true;
                if let Some(r) = &self.recovery {
                    r.clear();
                }
            }
        }
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.fields.reset();
        self.recovery_for = None;
        if let Some(r) = &self.recovery {
            r.clear();
        }
    }

    pub fn open_path(&mut self, path: &Path) {
        match read_scenario(path) {
            Ok(s) => {
                self.replace_document(opened(s, path.to_path_buf()));
                self.say(format!("Opened {}", path.display()), false);
            }
            // A failed open changes nothing the user had.
            Err(e) => self.say(e.to_string(), true),
        }
    }

    pub fn save(&mut self) {
        match self.doc.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.ask(DialogPurpose::SaveAs),
        }
    }

    pub fn save_as(&mut self) {
        self.ask(DialogPurpose::SaveAs);
    }

    /// What input of the window `path` is (the plan's own file, when `plan_too`, or the
    /// imported actuals), so that no export or save replaces it.
    fn input_at(&self, path: &Path, plan_too: bool) -> Option<String> {
        let plan = self.doc.path.as_deref().filter(|_| plan_too);
        let actuals = self.actuals.as_ref().map(|a| a.path.as_path());
        if plan.is_some_and(|p| same_file(path, p)) {
            Some("the plan's own file".into())
        } else if actuals.is_some_and(|a| same_file(path, a)) {
            Some("the imported actuals".into())
        } else {
            None
        }
    }

    pub fn save_to(&mut self, path: &Path) {
        if let Some(input) = self.input_at(path, false) {
            self.say(
                format!(
                    "Not saved: {} is {}, which the plan would overwrite.",
                    path.display(),
                    input
                ),
                true,
            );
            return;
        }
        self.doc.commit();
        match save_scenario(path, &self.doc.scenario) {
            Ok(()) => {
                self.doc
                    .mark_saved(path.to_path_buf(), FileStamp::of(path).ok());
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.recovery_for = Some(self.doc.scenario.clone());
                self.say(format!("Saved to {}", path.display()), false);
                // Saved from the unsaved-changes prompt: carry on with what was asked.
                if let Some(action) = self.confirm.clone() {
                    self.perform(action);
                }
            }
            Err(e) => self.say(format!("Could not save to {}: {e}", path.display()), true),
        }
    }

    fn ask(&mut self, purpose: DialogPurpose) {
        if self.pending_dialog.is_some() {
            return;
        }
        let stem = self.doc.scenario.name.replace(['/', '\\'], "-");
        let name = match purpose {
            DialogPurpose::Export => format!("{stem}.pdf"),
            _ => format!("{stem}.json"),
        };
        self.pending_dialog = Some((purpose, self.dialogs.ask(purpose, &name)));
    }

    fn poll_dialog(&mut self) {
        let Some((purpose, rx)) = &self.pending_dialog else {
            return;
        };
        let purpose = *purpose;
        let answer = match rx.try_recv() {
            Ok(answer) => answer,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        self.pending_dialog = None;
        let Some(path) = answer else { return };
        match purpose {
            DialogPurpose::Open => self.open_path(&path),
            DialogPurpose::ImportRates => self.start_rate_import(path, ImportHints::default()),
            DialogPurpose::ImportUsage => {
                self.start_usage_import(path, ImportOptions::default(), false)
            }
            DialogPurpose::Export => self.export_to(path),
            DialogPurpose::SaveAs => {
                let path = if path.extension().is_none() {
                    path.with_extension("json")
                } else {
                    path
                };
                self.save_to(&path);
            }
        }
    }

    // ---- Reports ----------------------------------------------------------------------------

    /// File → Export…: asks where, then writes the report on a worker thread.
    pub fn export_report(&mut self) {
        if self.projection.is_none() {
            self.say("Nothing to export: the plan has no projection yet.", true);
            return;
        }
        self.ask(DialogPurpose::Export);
    }

    pub fn export_running(&self) -> bool {
        self.export.is_some()
    }

    /// Writes the report of the projection on screen to `path` (format from its extension;
    /// none means PDF). The file appears whole or not at all.
    pub fn export_to(&mut self, path: PathBuf) {
        let path = if path.extension().is_none() {
            path.with_extension("pdf")
        } else {
            path
        };
        let Some(format) = ReportFormat::of(&path) else {
            self.say(
                format!(
                    "Not exported: {} must end in .pdf, .csv or .png.",
                    path.display()
                ),
                true,
            );
            return;
        };
        if let Some(input) = self.input_at(&path, true) {
            self.say(
                format!(
                    "Not exported: {} is {}, which the report would overwrite.",
                    path.display(),
                    input
                ),
                true,
            );
            return;
        }
        let Some(projection) = self.projection.clone() else {
            return;
        };
        let scenario = self.doc.scenario.clone();
        let book = self.rates.book.clone();
        let notices = self.rates.notices.clone();
        let options = ReportOptions {
            paper: self.view.paper,
            delimiter: if self.view.csv_semicolon { b';' } else { b',' },
        };
        let today = super::today();
        let actuals = self
            .actuals
            .as_ref()
            .map(|a| (a.path.display().to_string(), a.import.clone()));
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let input = ReportInput {
                scenario: &scenario,
                projection: &projection,
                book: &book,
                notices: &notices,
                generated: today,
                actuals: actuals.as_ref().map(|(l, a)| (l.as_str(), a)),
            };
            let result = write_report(&path, &input, options)
                .map(|_| path)
                .map_err(|e| e.to_string());
            let _ = tx.send(result);
        });
        self.say(format!("Writing the {} report…", format.name()), false);
        self.export = Some((format.name().to_string(), rx));
    }

    fn poll_export(&mut self) {
        let Some((what, rx)) = &self.export else {
            return;
        };
        let what = what.clone();
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err("the report could not be written".to_string())
            }
        };
        self.export = None;
        match result {
            Ok(path) => self.say(
                format!("Exported the {what} report to {}", path.display()),
                false,
            ),
            Err(e) => self.say(format!("Not exported: {e}"), true),
        }
    }

    // ---- Rate cards ---------------------------------------------------------------------------

    /// File → Import Meta's rate file…
    pub fn import_rate_file(&mut self) {
        self.ask(DialogPurpose::ImportRates);
    }

    /// Reads and validates a rate or tier file on a worker thread; the result is reviewed in
    /// the Rates tab before anything is stored.
    pub fn start_rate_import(&mut self, path: PathBuf, hints: ImportHints) {
        let (tx, rx) = std::sync::mpsc::channel();
        let book = self.rates.book.clone();
        let today = super::today();
        self.rates_view.last_import = Some(path.clone());
        std::thread::spawn(move || {
            let label = path.display().to_string();
            // Capped like the command line's read: a device or a huge file is refused.
            let result = crate::io::meta_rates::read_rate_file(&path)
                .map_err(|e| ImportFailure {
                    message: e.to_string(),
                    needs_hints: false,
                })
                .and_then(|bytes| {
                    prepare_import(&book, &label, bytes, hints, today).map_err(|e| ImportFailure {
                        // The window's words: its form asks for what the file does not say.
                        message: e.window_text(),
                        needs_hints: e.needs_hints,
                    })
                });
            let _ = tx.send(result);
        });
        self.rate_import = Some(rx);
        self.rates_view.import_error = None;
        self.rates_view.needs_hints = false;
        self.tab = Tab::Rates;
        self.say("Reading the rate file…", false);
    }

    pub fn rate_import_running(&self) -> bool {
        self.rate_import.is_some()
    }

    fn poll_rate_import(&mut self) {
        let Some(rx) = &self.rate_import else { return };
        let result = match rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(ImportFailure {
                message: "the rate file could not be read".to_string(),
                needs_hints: false,
            }),
        };
        self.rate_import = None;
        match result {
            Ok(prepared) => {
                self.say(
                    format!(
                        "Read {} {}: review it in the Rates tab.",
                        prepared.kind.describe(),
                        prepared.card.id()
                    ),
                    false,
                );
                self.rates_view.review(prepared, &self.rates.book);
            }
            Err(e) => {
                let first = e.message.lines().next().unwrap_or_default().to_string();
                self.say(format!("Not imported: {first}"), true);
                self.rates_view.import_error = Some(e.message);
                self.rates_view.needs_hints = e.needs_hints;
            }
        }
    }

    /// Stores the reviewed card in the rates folder and prices with it from now on.
    pub fn accept_rate_import(&mut self) {
        let Some(prepared) = self.rates_view.pending.take() else {
            return;
        };
        let Some(dir) = self.rates_dir.clone() else {
            self.say(
                "There is no rates folder to store the card in (set WACOST_RATES_HOME).",
                true,
            );
            self.rates_view.pending = Some(prepared);
            return;
        };
        match store_import(&dir, &prepared) {
            Ok((path, card)) => {
                let id = card.id();
                let replaced = self.rates.book.insert(card).is_some();
                self.say(
                    format!(
                        "Stored rate card {id} in {}{}.",
                        path.display(),
                        if replaced {
                            "; it replaces the earlier one"
                        } else {
                            ""
                        }
                    ),
                    false,
                );
                self.rates_view.card = Some(id);
                // Rates changed under an unchanged scenario: price it again.
                self.projected = None;
                self.rates_view.invalidate();
                self.reconcile_actuals();
            }
            Err(e) => {
                self.say(format!("Could not store the card: {e}"), true);
                self.rates_view.pending = Some(prepared);
            }
        }
    }

    /// Whether the window may close now (nothing unsaved, or the user chose).
    pub fn close_confirmed(&self) -> bool {
        self.close_confirmed
    }

    pub fn dialog_pending(&self) -> bool {
        self.pending_dialog.is_some()
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let cmd = Modifiers::COMMAND;
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let (redo, undo, save_as, save, open, new) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&KeyboardShortcut::new(shift_cmd, Key::Z)),
                i.consume_shortcut(&KeyboardShortcut::new(cmd, Key::Z)),
                i.consume_shortcut(&KeyboardShortcut::new(shift_cmd, Key::S)),
                i.consume_shortcut(&KeyboardShortcut::new(cmd, Key::S)),
                i.consume_shortcut(&KeyboardShortcut::new(cmd, Key::O)),
                i.consume_shortcut(&KeyboardShortcut::new(cmd, Key::N)),
            )
        });
        if redo {
            self.redo();
        } else if undo {
            self.undo();
        }
        if save_as {
            self.save_as();
        } else if save {
            self.save();
        }
        if open {
            self.request(PendingAction::Open);
        }
        if new {
            self.request(PendingAction::New);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.open_dropped(path);
        }
    }

    /// A file dropped on the window: a usage export is imported as actuals, a spreadsheet that
    /// is not one is read as Meta's rate file, a scenario is opened.
    pub fn open_dropped(&mut self, path: PathBuf) {
        let ext = path
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if crate::io::usage::looks_like_usage(&path) {
            self.start_usage_import(path, ImportOptions::default(), false);
        } else if ["csv", "xlsx", "xls"].contains(&ext.as_str()) {
            self.start_rate_import(path, ImportHints::default());
        } else {
            self.request(PendingAction::OpenPath(path));
        }
    }

    // ---- Actuals ------------------------------------------------------------------------------

    /// File → Import usage export…
    pub fn import_usage_file(&mut self) {
        self.ask(DialogPurpose::ImportUsage);
    }

    /// Reads a usage file on a worker thread with a progress bar and Cancel; what the user had
    /// stays until the new file is read whole.
    pub fn start_usage_import(&mut self, path: PathBuf, options: ImportOptions, save: bool) {
        if let Some(job) = &self.usage_job {
            job.progress.cancel.store(true, Ordering::Relaxed);
        }
        let progress = Arc::new(Progress::default());
        let total_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let (tx, rx) = std::sync::mpsc::channel();
        let (worker_path, worker_options, worker_progress) =
            (path.clone(), options.clone(), progress.clone());
        std::thread::spawn(move || {
            let _ = tx.send(import_path(
                &worker_path,
                &worker_options,
                Some(&worker_progress),
            ));
        });
        self.actuals_view.pending = None;
        self.tab = Tab::Actuals;
        self.say(format!("Reading {}…", path.display()), false);
        self.usage_job = Some(UsageJob {
            path,
            options,
            progress,
            total_bytes,
            started: std::time::Instant::now(),
            save_preset: save,
            rx,
        });
    }

    pub fn usage_import_running(&self) -> bool {
        self.usage_job.is_some()
    }

    /// Asks the running import to stop; nothing already imported changes.
    pub fn cancel_usage_import(&mut self) {
        if let Some(job) = &self.usage_job {
            job.progress.cancel.store(true, Ordering::Relaxed);
        }
    }

    fn poll_usage_import(&mut self) {
        let Some(job) = &self.usage_job else { return };
        let result = match job.rx.try_recv() {
            Ok(r) => r,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err(ImportError::Unreadable {
                file: job.path.display().to_string(),
                message: "the import stopped unexpectedly".into(),
            }),
        };
        let job = self.usage_job.take().expect("checked above");
        match result {
            Ok(import) => {
                let mut text = format!(
                    "Imported {}: {} rows used, {} skipped.",
                    job.path.display(),
                    crate::io::display::count(import.rows_used),
                    crate::io::display::count(import.rows_skipped)
                );
                if job.save_preset
                    && let Some(preset) = &job.options.preset
                {
                    match save_preset(preset) {
                        Ok(_) => text += &format!(" Saved preset \"{}\".", preset.name),
                        Err(e) => text += &format!(" The preset was not saved: {e}"),
                    }
                }
                self.say(text, false);
                let reconciliation = reconcile(
                    &import.actuals,
                    &self.rates.book,
                    self.doc.scenario.currency,
                )
                .with_reported_currency(import.currency);
                self.actuals_view.use_month = import.actuals.months().last().copied();
                self.actuals = Some(LoadedActuals {
                    path: job.path,
                    import,
                    reconciliation,
                });
            }
            Err(ImportError::Cancelled { .. }) => {
                self.say("Import cancelled; nothing changed.", false);
            }
            Err(e) => {
                let text = match &e {
                    ImportError::NoLayout { file, .. } => format!(
                        "Not imported: {file} is in no known layout; say which column holds what in the Actuals tab."
                    ),
                    ImportError::Needs { file, .. } => format!(
                        "Not imported yet: {file} needs one answer from you in the Actuals tab."
                    ),
                    other => format!("Not imported: {other}"),
                };
                self.say(text, true);
                self.actuals_view.failed(job.path, job.options, e);
            }
        }
    }

    /// Prices the actuals again (the rates or the plan's currency changed).
    pub fn reconcile_actuals(&mut self) {
        let currency = self.doc.scenario.currency;
        if let Some(a) = &mut self.actuals {
            a.reconciliation = reconcile(&a.import.actuals, &self.rates.book, currency)
                .with_reported_currency(a.import.currency);
        }
    }

    /// "Use as plan": the chosen month's actuals become the scenario's base volumes (one undo
    /// step). Countries without actuals leave the plan; campaigns stay.
    pub fn use_actuals_as_plan(&mut self, month: Month) {
        let Some(a) = &self.actuals else { return };
        let mut plans: Vec<crate::domain::scenario::CountryPlan> = Vec::new();
        let mut unknown = 0u64;
        for r in a.import.actuals.rows().filter(|r| r.month == month) {
            let Some(country) = r.country else {
                unknown += r.volume;
                continue;
            };
            let i = match plans.iter().position(|p| p.country == country) {
                Some(i) => i,
                None => {
                    plans.push(crate::domain::scenario::CountryPlan::new(country));
                    plans.len() - 1
                }
            };
            let c = r.category.planned();
            let v = plans[i].volume(c).saturating_add(r.volume);
            plans[i].set_volume(c, v);
        }
        if plans.is_empty() {
            self.say(
                format!("{month} has no actuals with a country to plan from."),
                true,
            );
            return;
        }
        let n = plans.len();
        self.doc.scenario.countries = plans;
        self.doc.commit();
        let mut text = format!(
            "The plan's base volumes are now {month}'s actuals for {n} countries (Undo restores the previous plan)."
        );
        if unknown > 0 {
            text += &format!(
                " {} messages without a country were left out.",
                crate::io::display::count(unknown)
            );
        }
        self.say(text, false);
    }

    /// Turns the frame's edits into one undo step when no drag or typing is under way, and
    /// keeps the recovery file up to date.
    fn settle(&mut self, ctx: &egui::Context) {
        let busy = ctx.input(|i| i.pointer.any_down()) || ctx.memory(|m| m.focused().is_some());
        if !busy {
            self.doc.commit();
        }
        if let Some(r) = &self.recovery
            && self.doc.is_dirty()
            && self.recovery_for.as_ref() != Some(&self.doc.scenario)
        {
            // Written on every settled change: a kill right after an edit loses nothing.
            if r.write(
                &self.doc.scenario,
                self.doc.path.as_deref(),
                self.doc.stamp.as_ref(),
            )
            .is_ok()
            {
                self.recovery_for = Some(self.doc.scenario.clone());
            }
        }
    }

    /// One frame: panels first (they edit the scenario), then recompute and the views.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll_dialog();
        self.poll_rate_import();
        self.poll_usage_import();
        self.poll_export();
        if let Some(a) = &self.actuals
            && a.reconciliation.currency != self.doc.scenario.currency
        {
            self.reconcile_actuals();
        }
        self.handle_shortcuts(&ctx);

        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed {
            self.doc.commit();
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.confirm = Some(PendingAction::Close);
            } else if let Some(r) = &self.recovery {
                r.clear();
            }
        }

        panels::menu::show(self, ui);
        panels::status::show(self, ui);
        egui::Panel::left("plan")
            .resizable(true)
            .default_size(400.0)
            .min_size(340.0)
            .show(ui, |ui| panels::plan::show(self, ui));
        self.recompute();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for tab in Tab::ALL {
                    ui.selectable_value(&mut self.tab, tab, tab.label());
                }
            });
            ui.separator();
            match self.tab {
                Tab::Projection => panels::projection::show(self, ui),
                Tab::ByCountry => panels::by_country::show(self, ui),
                Tab::Table => panels::table::show(self, ui),
                Tab::Rates => panels::rates::show(self, ui),
                Tab::Actuals => panels::actuals::show(self, ui),
            }
        });
        panels::confirm::show(self, &ctx);

        self.settle(&ctx);
        self.recompute();

        let title = self.doc.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.close_confirmed && !self.close_sent {
            self.close_sent = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.pending_dialog.is_some()
            || self.rate_import.is_some()
            || self.export.is_some()
            || self.usage_job.is_some()
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
}

/// A document just read from `path`, with the stamp of the file as read.
fn opened(scenario: Scenario, path: PathBuf) -> Document {
    let stamp = FileStamp::of(&path).ok();
    let mut doc = Document::new(scenario, Some(path), true);
    doc.stamp = stamp;
    doc
}

/// Keys of the eframe storage.
pub const STORAGE_LAST_FILE: &str = "wacost.last_file";

impl eframe::App for WacostApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(path) = &self.doc.path {
            storage.set_string(STORAGE_LAST_FILE, path.display().to_string());
        }
    }
}
