//! [`WacostApp::apply`]: the one place that opens, saves, replaces or exports the document,
//! starts jobs and handles their results. Panels never do these things themselves.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::command::{Command, ExportDone, ImportFailure, RatesRead, UsageRead};
use super::jobs::{Job, UsageJob};
use super::{LoadedActuals, PendingAction, Tab, WacostApp, opened};
use crate::domain::actuals::plan_from_month;
use crate::domain::reconcile::reconcile;
use crate::domain::variance::Variance;
use crate::domain::{Month, Scenario};
use crate::gui::dialogs::{DialogAnswer, DialogPurpose, plan_save_path, suggested_name};
use crate::gui::document::Document;
use crate::gui::recovery::FileStamp;
use crate::gui::settings::ActualsSource;
use crate::io::atomic::same_file;
use crate::io::meta_rates::{ImportHints, prepare_import, store_import};
use crate::io::report::{ReportFormat, ReportInput, ReportOptions, write_report_compared};
use crate::io::scenario_file::{read_plan, save_plan};
use crate::io::usage::layout::save_preset;
use crate::io::usage::{ImportError, ImportOptions, Progress, import_path};

impl WacostApp {
    /// Carries out one command.
    pub(crate) fn apply(&mut self, command: Command) {
        match command {
            Command::New => self.request(PendingAction::New),
            Command::Open => self.request(PendingAction::Open),
            Command::OpenPath(path) => self.request(PendingAction::OpenPath(path)),
            Command::Save => self.save(),
            Command::SaveAs => self.ask(DialogPurpose::SaveAs),
            Command::SaveTo(path) => self.save_to(&path),
            Command::Export => self.export_report(),
            Command::ExportTo(path) => self.export_to(path),
            Command::ImportRates => self.ask(DialogPurpose::ImportRates),
            Command::ImportRatesFile { path, hints } => self.start_rate_import(path, hints),
            Command::StoreCard => self.accept_rate_import(),
            Command::StoreDerivedCard(card) => self.store_derived_card(*card),
            Command::ImportUsage => self.ask(DialogPurpose::ImportUsage),
            Command::ImportUsageFile {
                path,
                options,
                save_preset,
            } => self.start_usage_import(path, options, save_preset),
            Command::CancelUsageImport => {
                if let Some(u) = &self.jobs.usage {
                    u.job.cancel();
                }
            }
            Command::SetReportedCurrency(currency) => {
                if let Some(a) = &mut self.actuals {
                    a.import.currency = currency;
                }
                if let Some(source) = &mut self.settings.actuals {
                    source.currency = currency.map(|c| c.to_string());
                }
                self.reconcile_actuals();
            }
            Command::UseAsPlan(month) => self.use_actuals_as_plan(month),
            Command::Undo => {
                if let Some(what) = self.doc.undo() {
                    self.fields.reset();
                    self.panels.plan.rename_done();
                    self.say(format!("Undone: {what}."), false);
                }
            }
            Command::Redo => {
                if let Some(what) = self.doc.redo() {
                    self.fields.reset();
                    self.panels.plan.rename_done();
                    self.say(format!("Redone: {what}."), false);
                }
            }
            Command::ShowVariant(i) => {
                self.doc.show(i);
                self.fields.reset();
            }
            Command::DuplicateVariant => {
                match self.doc.duplicate_shown() {
                    Some(from) => self.say(
                        format!(
                            "\"{}\" is a copy of \"{from}\": change it, then see both in the Compare tab.",
                            self.doc.scenario().name
                        ),
                        false,
                    ),
                    None => self.say(
                        format!(
                            "A plan holds at most {} variants: delete one first.",
                            crate::domain::variants::MAX_VARIANTS
                        ),
                        true,
                    ),
                }
                self.fields.reset();
            }
            Command::RenameVariant(i, name) => match self.doc.rename_variant(i, &name) {
                Ok(()) => self.panels.plan.rename_done(),
                Err(why) => self.panels.plan.rename_refused(why),
            },
            Command::DeleteVariant(i) => {
                if let Some(name) = self.doc.delete_variant(i) {
                    self.fields.reset();
                    self.say(
                        format!("Deleted variant \"{name}\" (Undo brings it back)."),
                        false,
                    );
                }
            }
            Command::SwitchCurrency(scenario) => {
                let to = scenario.currency;
                self.doc
                    .replace_shown(*scenario, format!("switch the plan to {to}"));
                self.fields.reset();
                self.say(
                    format!("The plan is now in {to} (Undo switches back)."),
                    false,
                );
            }
            Command::ApplyBudgetAnswer(scenario) => {
                self.doc
                    .replace_shown(*scenario, "apply budget answer".into());
                self.fields.reset();
                self.say(
                    "The budget's answer is now in the plan (Undo restores the volumes).",
                    false,
                );
            }
            Command::SetTab(tab) => self.settings.tab = tab,
            Command::OpenFile(path) => self.open_with_system(path),
            Command::ShowInFolder(path) => match path.parent() {
                Some(folder) => self.open_with_system(folder.to_path_buf()),
                None => self.say(format!("{} has no folder to show", path.display()), true),
            },
            Command::Dropped(path) => self.open_dropped(path),
            Command::Quit => {
                if let Some(ctx) = &self.egui_ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            // Once saved (now, or after the Save As dialog), save_to carries on with the action.
            Command::ConfirmSave => self.save(),
            Command::ConfirmDiscard => {
                if let Some(action) = self.confirm.take() {
                    self.perform(action);
                }
            }
            Command::ConfirmCancel => self.confirm = None,
            Command::DialogAnswered(purpose, answer) => self.dialog_answered(purpose, answer),
            Command::RatesRead(result) => self.rates_read(result),
            Command::UsageRead(read) => self.usage_read(read),
            Command::ExportDone(done) => self.export_done(done),
        }
    }

    // ---- The document ---------------------------------------------------------------------

    /// New, Open and Close ask first when there are unsaved changes.
    pub(super) fn request(&mut self, action: PendingAction) {
        self.doc.commit();
        if self.doc.is_dirty() {
            self.confirm = Some(action);
        } else {
            self.perform(action);
        }
    }

    /// Carries out an action, unsaved changes or not.
    fn perform(&mut self, action: PendingAction) {
        self.confirm = None;
        match action {
            PendingAction::New => {
                let mut s = Scenario::new(self.doc.scenario().currency, self.today);
                s.name = "New plan".into();
                // Nothing to save until the user changes something.
                self.replace_document(Document::new(s, None, true));
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

    fn open_path(&mut self, path: &Path) {
        match read_plan(path) {
            Ok(s) => {
                self.replace_document(opened(s, path.to_path_buf()));
                self.say(format!("Opened {}", path.display()), false);
            }
            // A failed open changes nothing the user had.
            Err(e) => self.say(e.to_string(), true),
        }
    }

    fn save(&mut self) {
        match self.doc.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.ask(DialogPurpose::SaveAs),
        }
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

    fn save_to(&mut self, path: &Path) {
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
        match save_plan(path, &self.doc.plan) {
            Ok(()) => {
                self.doc
                    .mark_saved(path.to_path_buf(), FileStamp::of(path).ok());
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.recovery_for = Some(self.doc.plan.clone());
                self.say(format!("Saved to {}", path.display()), false);
                // Saved from the unsaved-changes prompt: carry on with what was asked.
                if let Some(action) = self.confirm.clone() {
                    self.perform(action);
                }
            }
            Err(e) => self.say(format!("Could not save to {}: {e}", path.display()), true),
        }
    }

    // ---- Dialogs ------------------------------------------------------------------------------

    fn ask(&mut self, purpose: DialogPurpose) {
        if self.jobs.dialog.is_some() || self.panels.file_picker.is_open() {
            return;
        }
        // The plan's title: a plan of one variant is named by it.
        let title = if self.doc.plan.is_single() {
            &self.doc.scenario().name
        } else {
            &self.doc.plan.name
        };
        let name = suggested_name(purpose, title, self.doc.path.as_deref());
        // Open, Save As and Export start beside the plan; imports where they last chose; with
        // neither, where the other one is (and the picker falls back to the home folder).
        let plan_folder = self.doc.path.as_deref().and_then(Path::parent);
        let last = self.settings.last_folder(purpose);
        let folder = match purpose {
            DialogPurpose::Open | DialogPurpose::SaveAs | DialogPurpose::Export => {
                plan_folder.or(last)
            }
            _ => last.or(plan_folder),
        };
        if self.settings.own_file_picker {
            self.panels.file_picker.open(purpose, folder, &name);
            return;
        }
        let rx = self.dialogs.ask(purpose, &name, folder);
        // Waited for on a worker like any job, so the window repaints the moment it answers.
        let job = Job::waiting_on(purpose.key(), self.egui_ctx.as_ref(), rx);
        self.jobs.dialog = Some((purpose, job));
    }

    fn dialog_answered(&mut self, purpose: DialogPurpose, answer: DialogAnswer) {
        let path = match answer {
            DialogAnswer::Chosen(path) => path,
            DialogAnswer::Cancelled => return,
            DialogAnswer::Unavailable(why) => {
                // Never nothing: say why, and carry on in wacost's own picker from now on.
                self.say(
                    format!(
                        "The system's file dialog is not available ({why}): using wacost's own \
                         file picker."
                    ),
                    false,
                );
                self.settings.own_file_picker = true;
                self.ask(purpose);
                return;
            }
        };
        self.settings.chose(purpose, &path);
        match purpose {
            DialogPurpose::Open => self.open_path(&path),
            DialogPurpose::ImportRates => self.start_rate_import(path, ImportHints::default()),
            DialogPurpose::ImportUsage => {
                self.start_usage_import(path, ImportOptions::default(), false)
            }
            DialogPurpose::Export => self.export_to(path),
            DialogPurpose::SaveAs => self.save_to(&plan_save_path(path)),
        }
    }

    /// A file dropped on the window: a usage export is imported as actuals, a spreadsheet that
    /// is not one is read as Meta's rate file, a scenario is opened.
    fn open_dropped(&mut self, path: PathBuf) {
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

    // ---- Reports ----------------------------------------------------------------------------

    fn export_report(&mut self) {
        if self.projection.is_none() {
            self.say("Nothing to export: the plan has no projection yet.", true);
            return;
        }
        self.ask(DialogPurpose::Export);
    }

    /// Writes the report of the projection on screen to `path` (format from its extension;
    /// none means PDF). The file appears whole or not at all.
    fn export_to(&mut self, path: PathBuf) {
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
        let scenario = self.doc.scenario().clone();
        // Every variant, for the PDF's page comparing them (one variant: no such page).
        let variants = (self.doc.plan.variants.len() > 1 && format == ReportFormat::Pdf)
            .then(|| self.doc.plan.clone());
        let book = self.rates.book.clone();
        let notices = self.rates.notices.clone();
        let options = ReportOptions {
            paper: self.settings.paper,
            delimiter: if self.settings.csv_semicolon {
                b';'
            } else {
                b','
            },
        };
        let today = crate::io::clock::today();
        let actuals = self
            .actuals
            .as_ref()
            .map(|a| (a.path.display().to_string(), a.import.clone()));
        // The variance the Actuals tab shows, computed once: the report renders it as it is.
        let variance = self
            .actuals
            .as_ref()
            .map(|a| Variance::new(&projection, &a.import.actuals, &a.reconciliation));
        let job = Job::spawn(format.name(), self.egui_ctx.as_ref(), None, move || {
            let input = ReportInput {
                scenario: &scenario,
                projection: &projection,
                book: &book,
                notices: &notices,
                generated: today,
                actuals: actuals.as_ref().map(|(l, a)| (l.as_str(), a)),
            };
            // A variant that cannot be priced leaves the comparison page out; the report is
            // the shown variant's, which was priced.
            let comparison = variants.and_then(|set| set.compare(&book).ok());
            write_report_compared(
                &path,
                &input,
                variance.as_ref(),
                options,
                comparison.as_ref(),
            )
            .map(|_| path)
            .map_err(|e| e.to_string())
        });
        self.say(format!("Writing the {} report…", format.name()), false);
        self.jobs.export = Some((format.name().to_string(), job));
    }

    fn export_done(&mut self, done: ExportDone) {
        match done.result {
            Ok(path) => {
                self.say(
                    format!("Exported the {} report to {}", done.what, path.display()),
                    false,
                );
                if let Some(n) = &mut self.notice {
                    n.file = Some(path);
                }
            }
            Err(e) => self.say(format!("Not exported: {e}"), true),
        }
    }

    /// Hands a file or folder to the system's program for it (the launcher is started, not
    /// waited for); a failure is said in the status bar.
    fn open_with_system(&mut self, path: PathBuf) {
        match opener::open(&path) {
            Ok(()) => {}
            Err(e) => self.say(format!("Could not open {}: {e}", path.display()), true),
        }
    }

    // ---- Rate cards ---------------------------------------------------------------------------

    /// Reads and validates a rate or tier file on a worker thread; the result is reviewed in
    /// the Rates tab before anything is stored.
    fn start_rate_import(&mut self, path: PathBuf, hints: ImportHints) {
        let book = self.rates.book.clone();
        let today = crate::io::clock::today();
        self.panels.rates.last_import = Some(path.clone());
        let job = Job::spawn("rate file", self.egui_ctx.as_ref(), None, move || {
            let label = path.display().to_string();
            // Capped like the command line's read: a device or a huge file is refused.
            crate::io::meta_rates::read_rate_file(&path)
                .map_err(|e| ImportFailure {
                    message: e.window_text(),
                    needs_hints: false,
                })
                .and_then(|bytes| {
                    prepare_import(&book, &label, bytes, hints, today).map_err(|e| ImportFailure {
                        // The window's words: its form asks for what the file does not say.
                        message: e.window_text(),
                        needs_hints: e.needs_hints,
                    })
                })
        });
        self.jobs.rates = Some(job);
        self.panels.rates.import_error = None;
        self.panels.rates.needs_hints = false;
        self.settings.tab = Tab::Rates;
        self.say("Reading the rate file…", false);
    }

    fn rates_read(&mut self, result: RatesRead) {
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
                self.panels.rates.review(prepared, &self.rates.book);
            }
            Err(e) => {
                let first = e.message.lines().next().unwrap_or_default().to_string();
                self.say(format!("Not imported: {first}"), true);
                self.panels.rates.import_error = Some(e.message);
                self.panels.rates.needs_hints = e.needs_hints;
            }
        }
    }

    /// Stores a card derived in the Rates tab and prices with it from now on.
    fn store_derived_card(&mut self, card: crate::domain::RateCard) {
        let Some(dir) = self.rates_dir.clone() else {
            self.say(
                "There is no rates folder to store the card in (set WACOST_RATES_HOME).",
                true,
            );
            return;
        };
        match crate::io::meta_rates::store_derived(&dir, &card) {
            Ok((path, stored)) => {
                let id = stored.id();
                self.rates.book.insert(stored);
                self.rates.book.rederive();
                self.say(
                    format!(
                        "Stored {} rates of {} in {}; Meta's own file replaces them when you import it.",
                        id.currency,
                        id.effective,
                        path.display()
                    ),
                    false,
                );
                self.panels.rates.card = Some(id);
                self.projected = None;
                self.panels.rates.invalidate();
                self.reconcile_actuals();
            }
            Err(e) => self.say(format!("Could not store the rates: {e}"), true),
        }
    }

    /// Stores the reviewed card in the rates folder and prices with it from now on.
    fn accept_rate_import(&mut self) {
        let Some(prepared) = self.panels.rates.pending.take() else {
            return;
        };
        let Some(dir) = self.rates_dir.clone() else {
            self.say(
                "There is no rates folder to store the card in (set WACOST_RATES_HOME).",
                true,
            );
            self.panels.rates.pending = Some(prepared);
            return;
        };
        match store_import(&dir, &prepared) {
            Ok((path, card)) => {
                let id = card.id();
                let replaced = self.rates.book.insert(card).is_some();
                // Cards in other currencies and estimated ladders follow the new card.
                self.rates.book.rederive();
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
                self.panels.rates.card = Some(id);
                // Rates changed under an unchanged scenario: price it again.
                self.projected = None;
                self.panels.rates.invalidate();
                self.reconcile_actuals();
            }
            Err(e) => {
                self.say(format!("Could not store the card: {e}"), true);
            }
        }
    }

    // ---- Actuals ------------------------------------------------------------------------------

    /// Reads a usage file on a worker thread with a progress bar and Cancel; what the user had
    /// stays until the new file is read whole.
    fn start_usage_import(&mut self, path: PathBuf, options: ImportOptions, save_preset: bool) {
        if let Some(u) = &self.jobs.usage {
            u.job.cancel();
        }
        let progress = Arc::new(Progress::default());
        let total_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let (worker_path, worker_options, worker_progress) =
            (path.clone(), options.clone(), progress.clone());
        let job = Job::spawn(
            "usage export",
            self.egui_ctx.as_ref(),
            Some(progress),
            move || import_path(&worker_path, &worker_options, Some(&worker_progress)),
        );
        self.panels.actuals.pending = None;
        self.settings.tab = Tab::Actuals;
        self.say(format!("Reading {}…", path.display()), false);
        self.jobs.usage = Some(UsageJob {
            job,
            path,
            options,
            save_preset,
            total_bytes,
        });
    }

    fn usage_read(&mut self, read: UsageRead) {
        match read.result {
            Ok(import) => {
                let mut text = format!(
                    "Imported {}: {} rows used, {} skipped.",
                    read.path.display(),
                    crate::io::display::count(import.rows_used),
                    crate::io::display::count(import.rows_skipped)
                );
                if read.save_preset
                    && let Some(preset) = &read.options.preset
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
                    self.doc.scenario().currency,
                );
                self.panels.actuals.use_month = import.actuals.months().last().copied();
                // Remembered for the next start, with the currency named for this file.
                let named = self
                    .settings
                    .actuals
                    .as_ref()
                    .filter(|a| a.path == read.path)
                    .and_then(|a| a.currency.clone());
                let mut import = import;
                if import.currency.is_none()
                    && let Some(c) = named.as_deref().and_then(|c| c.parse().ok())
                {
                    import.currency = Some(c);
                }
                let reconciliation = reconciliation.with_reported_currency(import.currency);
                self.settings.actuals = Some(ActualsSource::of(&read.path, &read.options, named));
                self.actuals = Some(LoadedActuals {
                    path: read.path,
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
                self.panels.actuals.failed(read.path, read.options, e);
            }
        }
    }

    /// Prices the actuals again (the rates or the plan's currency changed).
    pub(super) fn reconcile_actuals(&mut self) {
        let currency = self.doc.scenario().currency;
        if let Some(a) = &mut self.actuals {
            a.reconciliation = reconcile(&a.import.actuals, &self.rates.book, currency)
                .with_reported_currency(a.import.currency);
        }
    }

    /// "Use as plan": the chosen month's actuals become the scenario's base volumes (one undo
    /// step). Countries without actuals leave the plan; campaigns stay.
    fn use_actuals_as_plan(&mut self, month: Month) {
        let Some(a) = &self.actuals else { return };
        let plan = match plan_from_month(&a.import.actuals, month) {
            Ok(plan) => plan,
            Err(e) => {
                self.say(format!("{e}."), true);
                return;
            }
        };
        let n = plan.country_count();
        // Edits typed before this are their own step, so Undo takes back only this one.
        self.doc.commit();
        self.doc.scenario_mut().countries = plan.countries;
        self.doc.commit_named(format!("use {month} as plan"));
        let mut text = format!(
            "The plan's base volumes are now {month}'s actuals for {n} countries (Undo restores the previous plan)."
        );
        if plan.without_country > 0 {
            text += &format!(
                " {} messages without a country were left out.",
                crate::io::display::count(plan.without_country)
            );
        }
        self.say(text, false);
    }
}
