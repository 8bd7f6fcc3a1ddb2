//! The desktop planner's shell: the document, the settings, the jobs, the command queue and the
//! panels, and nothing else. One frame (`frame.rs`) runs the finished jobs and the shortcuts,
//! lets each panel draw with a narrow [`PanelCtx`](crate::gui::ctx::PanelCtx), then applies the
//! queued commands (`apply.rs`) and recomputes the projection.
//!
//! Where things go: a new user action is a [`Command`] variant and an arm in `apply.rs`; a menu
//! entry or shortcut is a row in [`command::MenuCommand`]; slow work is a [`jobs::Job`]; a new
//! view is a panel in `src/gui/panels/` that gets a `PanelCtx` and never this struct.

pub mod apply;
pub mod command;
mod frame;
pub mod jobs;

use std::path::PathBuf;

use self::command::{Command, Commands};
use self::jobs::Jobs;
use super::dialogs::Dialogs;
use super::document::Document;
use super::panels::Panels;
use super::recovery::{FileStamp, RecoveryFile};
use super::widgets::Fields;
use crate::domain::variants::PlanSet;
use crate::domain::{Month, Projection, Scenario};
use crate::io::rates::LoadedRates;
use crate::io::scenario_file::{parse_scenario, read_plan};

pub use super::settings::{RatesMode, Settings, SortColumn, Tab};
pub use super::state::{Derived, LoadedActuals, Notice, PendingAction};
pub use command::MenuCommand;

/// The example plan the window opens the first time.
pub const EXAMPLE_SCENARIO: &str = include_str!("../../../assets/example-scenario.json");

/// What the window opens on.
#[derive(Debug, Clone)]
pub enum StartWith {
    /// The unsaved work of a session that died, if any; else the settings' last file; else
    /// the example.
    Restore,
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
    /// What the window remembered from its last run.
    pub settings: Settings,
}

pub struct WacostApp {
    doc: Document,
    rates: LoadedRates,
    settings: Settings,
    /// The last valid projection: an invalid edit leaves it on screen.
    projection: Option<Projection>,
    spare: Option<Projection>,
    /// The scenario `projection` / `projection_error` were computed for.
    projected: Option<Scenario>,
    projection_error: Option<String>,
    fields: Fields,
    notice: Option<Notice>,
    confirm: Option<PendingAction>,
    actuals: Option<LoadedActuals>,
    panels: Panels,
    jobs: Jobs,
    commands: Commands,
    rates_dir: Option<PathBuf>,
    dialogs: Box<dyn Dialogs>,
    recovery: Option<RecoveryFile>,
    recovery_for: Option<PlanSet>,
    today: Month,
    close_confirmed: bool,
    close_sent: bool,
    title: String,
    /// The egui context of the last frame: workers ask it to repaint when they finish.
    egui_ctx: Option<egui::Context>,
    /// The example plan, to tell the user when it is what they are looking at.
    example: Scenario,
    /// What follows from the projection, kept with it.
    derived: Derived,
    /// The plan `derived.comparison` was made for.
    compared: Option<PlanSet>,
}

impl WacostApp {
    pub fn new(options: AppOptions) -> WacostApp {
        let recovery = options.data_dir.as_deref().map(RecoveryFile::in_dir);
        let example = || {
            parse_scenario("assets/example-scenario.json", EXAMPLE_SCENARIO)
                .expect("the example scenario parses (tested)")
        };
        let mut notice = None;
        // A normal start (not a file named on the command line, not a test's example).
        let restart = matches!(options.start, StartWith::Restore);
        let doc = match options.start {
            StartWith::Restore => {
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
                    notice = Some(Notice::new(text, false));
                    let stamp = file.as_ref().and(r.stamp);
                    let mut doc = Document::of_plan(r.plan, r.shown, file, false);
                    doc.stamp = stamp;
                    doc
                } else if let Some(path) = options
                    .settings
                    .last_file
                    .clone()
                    .filter(|p| p.is_absolute() && p.is_file())
                {
                    // An older wacost stored it relative: that would be resolved against
                    // whatever folder this run started in, so it is not reopened.
                    match read_plan(&path) {
                        Ok(s) => opened(s, path),
                        Err(e) => {
                            notice = Some(Notice::new(
                                format!("Could not reopen the last plan: {e}"),
                                true,
                            ));
                            Document::new(example(), None, true)
                        }
                    }
                } else {
                    Document::new(example(), None, true)
                }
            }
            StartWith::File(path) => match read_plan(&path) {
                Ok(s) => opened(s, path),
                Err(e) => {
                    notice = Some(Notice::new(e.to_string(), true));
                    Document::new(example(), None, true)
                }
            },
            StartWith::Example => Document::new(example(), None, true),
        };
        let mut app = WacostApp {
            example: example(),
            derived: Derived::default(),
            compared: None,
            doc,
            rates: options.rates,
            settings: options.settings,
            projection: None,
            spare: None,
            projected: None,
            projection_error: None,
            fields: Fields::default(),
            notice,
            confirm: None,
            actuals: None,
            panels: Panels::default(),
            jobs: Jobs::default(),
            commands: Commands::default(),
            rates_dir: options.rates_dir,
            dialogs: options.dialogs,
            recovery,
            recovery_for: None,
            today: options.today,
            close_confirmed: false,
            close_sent: false,
            title: String::new(),
            egui_ctx: None,
        };
        app.recompute();
        if restart {
            // The Actuals tab comes back as it was: its file is read again.
            if let Some((path, options)) = app.settings.actuals.as_ref().and_then(|a| a.repeat()) {
                app.run(Command::ImportUsageFile {
                    path,
                    options,
                    save_preset: false,
                });
            }
        }
        app
    }

    /// Whether the plan shown is the untouched example (never saved, not edited).
    pub fn is_example(&self) -> bool {
        self.doc.path.is_none() && self.doc.plan.is_single() && *self.doc.scenario() == self.example
    }

    /// Runs a command now, as if a panel had queued it (for start-up options and tests).
    pub fn run(&mut self, command: Command) {
        self.apply(command);
        self.recompute();
    }

    /// Projects the scenario if it changed since the last projection. On error the previous
    /// projection stays and the error is shown.
    pub fn recompute(&mut self) {
        if self.projected.as_ref() != Some(self.doc.scenario()) {
            self.project_shown();
        }
        self.recompare();
    }

    fn project_shown(&mut self) {
        let mut target = self
            .spare
            .take()
            .unwrap_or_else(|| Projection::empty(self.doc.scenario().currency));
        match crate::domain::projection::project_into(
            self.doc.scenario(),
            &self.rates.book,
            &mut target,
        ) {
            Ok(()) => {
                self.spare = self.projection.replace(target);
                self.projection_error = None;
                if let Some(p) = &self.projection {
                    self.derived = Derived::of(p, self.doc.scenario(), &self.rates.book);
                    // The new Derived has no comparison yet: made again below if needed.
                    self.compared = None;
                }
            }
            Err(e) => {
                self.spare = Some(target);
                self.projection_error = Some(e.to_string());
            }
        }
        self.projected = Some(self.doc.scenario().clone());
    }

    /// Lays the variants side by side for the Compare tab, when it is open and the plan has
    /// several variants, once per change of the plan (never per frame).
    fn recompare(&mut self) {
        if self.settings.tab != Tab::Compare || self.doc.plan.is_single() {
            if self.derived.comparison.is_some() {
                self.derived.comparison = None;
                self.compared = None;
            }
            return;
        }
        if self.compared.as_ref() == Some(&self.doc.plan) {
            return;
        }
        self.derived.comparison = Some(
            self.doc
                .plan
                .compare(&self.rates.book)
                .map_err(|e| e.to_string()),
        );
        self.compared = Some(self.doc.plan.clone());
    }

    // ---- What the window shows (read by the eframe shell, the screenshot and the tests) ------

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The variant shown.
    pub fn scenario(&self) -> &Scenario {
        self.doc.scenario()
    }

    /// The variant shown, to edit as a panel would (the next frame makes the edit an undo
    /// step).
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        self.doc.scenario_mut()
    }

    /// Every variant of the plan.
    pub fn plan(&self) -> &PlanSet {
        &self.doc.plan
    }

    pub fn projection(&self) -> Option<&Projection> {
        self.projection.as_ref()
    }

    pub fn projection_error(&self) -> Option<&str> {
        self.projection_error.as_deref()
    }

    pub fn rates(&self) -> &LoadedRates {
        &self.rates
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    pub fn tab(&self) -> Tab {
        self.settings.tab
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn confirm(&self) -> Option<&PendingAction> {
        self.confirm.as_ref()
    }

    pub fn actuals(&self) -> Option<&LoadedActuals> {
        self.actuals.as_ref()
    }

    pub fn panels(&self) -> &Panels {
        &self.panels
    }

    pub fn panels_mut(&mut self) -> &mut Panels {
        &mut self.panels
    }

    pub fn export_running(&self) -> bool {
        self.jobs.export.is_some()
    }

    pub fn rate_import_running(&self) -> bool {
        self.jobs.rates.is_some()
    }

    pub fn usage_import_running(&self) -> bool {
        self.jobs.usage.is_some()
    }

    /// Whether the window may close now (nothing unsaved, or the user chose).
    pub fn close_confirmed(&self) -> bool {
        self.close_confirmed
    }

    fn say(&mut self, text: impl Into<String>, is_error: bool) {
        self.notice = Some(Notice::new(text, is_error));
    }
}

/// A document just read from `path`, with the stamp of the file as read.
fn opened(plan: PlanSet, path: PathBuf) -> Document {
    let stamp = FileStamp::of(&path).ok();
    let mut doc = Document::of_plan(plan, 0, Some(path), true);
    doc.stamp = stamp;
    doc
}

impl eframe::App for WacostApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(path) = &self.doc.path {
            self.settings.last_file = Some(path.clone());
        }
        self.settings.store(storage);
    }
}
