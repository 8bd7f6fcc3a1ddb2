//! Everything a user can do in the window, as values: panels, menus, shortcuts and finished
//! background jobs push [`Command`]s; [`super::WacostApp::apply`] runs them after the panels and
//! before the recompute, in the order they came.
//!
//! A new feature adds one variant here, one arm in `apply.rs`, and (when it has a menu entry or
//! a shortcut) one row in [`MenuCommand`].

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::domain::{Currency, Month};
use crate::gui::dialogs::{DialogAnswer, DialogPurpose};
use crate::gui::settings::Tab;
use crate::io::meta_rates::ImportHints;
use crate::io::meta_rates::PreparedImport;
use crate::io::usage::{ImportError, ImportOptions, UsageImport};

#[derive(Debug)]
pub enum Command {
    /// File → New: a blank plan (asks first when there are unsaved changes).
    New,
    /// File → Open…: asks for a scenario file (asks about unsaved changes first).
    Open,
    /// Opens this scenario (asks about unsaved changes first).
    OpenPath(PathBuf),
    Save,
    SaveAs,
    /// Saves the plan to this file (refused when it is an input of the window).
    SaveTo(PathBuf),
    /// File → Export…: asks where, then writes the report on a worker thread.
    Export,
    /// Writes the report to this file (format from its extension; none means PDF).
    ExportTo(PathBuf),
    /// File → Import Meta's rate file…
    ImportRates,
    /// Reads and validates a rate or tier file on a worker thread, for review.
    ImportRatesFile {
        path: PathBuf,
        hints: ImportHints,
    },
    /// Stores the reviewed card in the rates folder and prices with it from now on.
    StoreCard,
    /// File → Import usage export…
    ImportUsage,
    /// Reads a usage export on a worker thread (and saves its preset when `save_preset`).
    ImportUsageFile {
        path: PathBuf,
        options: ImportOptions,
        save_preset: bool,
    },
    /// Asks the running usage import to stop; nothing already imported changes.
    CancelUsageImport,
    /// The currency the imported actuals report their costs in (`None`: unknown).
    SetReportedCurrency(Option<Currency>),
    /// "Use as plan": the month's actuals become the plan's base volumes (one undo step).
    UseAsPlan(Month),
    Undo,
    Redo,
    /// Shows (and edits) another variant of the plan.
    ShowVariant(usize),
    /// "Duplicate variant": a copy of the variant shown, after it, shown (one undo step).
    DuplicateVariant,
    /// "Rename…": names a variant (refused in plain words for an empty or taken name).
    RenameVariant(usize, String),
    /// "Delete": removes a variant (one undo step; the last one cannot go).
    DeleteVariant(usize),
    /// The budget helper's "Apply": the variant shown becomes the plan with the answer (one
    /// undo step).
    ApplyBudgetAnswer(Box<crate::domain::Scenario>),
    /// Stores a card the user derived in the Rates tab (Meta's US dollar card × a factor).
    StoreDerivedCard(Box<crate::domain::RateCard>),
    /// The plan shown in another currency (amounts converted or kept, as the user chose).
    SwitchCurrency(Box<crate::domain::Scenario>),
    SetTab(Tab),
    /// Opens a written file (an export) with the system's program for it.
    OpenFile(PathBuf),
    /// Opens the folder that holds a written file.
    ShowInFolder(PathBuf),
    /// A file dropped on the window: a usage export, Meta's rate file or a scenario.
    Dropped(PathBuf),
    /// File → Quit, or the window's close button: asks about unsaved changes first.
    Quit,
    /// The unsaved-changes prompt: save, then carry on with what was asked.
    ConfirmSave,
    /// The unsaved-changes prompt: carry on without saving.
    ConfirmDiscard,
    /// The unsaved-changes prompt: do nothing.
    ConfirmCancel,
    /// A file dialog (the system's or wacost's own picker) ended.
    DialogAnswered(DialogPurpose, DialogAnswer),
    /// A background job finished.
    RatesRead(RatesRead),
    UsageRead(UsageRead),
    ExportDone(ExportDone),
}

// ---- What finished jobs bring --------------------------------------------------------------

/// Why a rate file was not accepted, and whether a currency or date from the user may help.
#[derive(Debug, Clone)]
pub struct ImportFailure {
    pub message: String,
    pub needs_hints: bool,
}

/// A rate file read and validated (or refused).
pub type RatesRead = Result<PreparedImport, ImportFailure>;

/// A usage file read (or refused), with what was asked of the read.
#[derive(Debug)]
pub struct UsageRead {
    pub path: PathBuf,
    pub options: ImportOptions,
    pub save_preset: bool,
    pub result: Result<UsageImport, ImportError>,
}

/// A report written (its kind and path) or why not.
#[derive(Debug)]
pub struct ExportDone {
    pub what: String,
    pub result: Result<PathBuf, String>,
}

/// The commands queued during a frame.
#[derive(Debug, Default)]
pub struct Commands {
    queue: Vec<Command>,
}

impl Commands {
    pub fn push(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// The queued commands, oldest first; the queue is left empty.
    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.queue)
    }
}

/// The commands of the menus, each with its label, its shortcut and its command: the menu
/// buttons and the keyboard read this one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuCommand {
    New,
    Open,
    Save,
    SaveAs,
    Export,
    ImportRates,
    ImportUsage,
    Quit,
    Undo,
    Redo,
}

impl MenuCommand {
    /// Every menu command. Shortcuts are matched in this order, and egui lets Cmd+Z match
    /// Cmd+Shift+Z, so a shortcut with Shift comes before the same key without it.
    pub const ALL: [MenuCommand; 10] = [
        MenuCommand::New,
        MenuCommand::Open,
        MenuCommand::SaveAs,
        MenuCommand::Save,
        MenuCommand::Export,
        MenuCommand::ImportRates,
        MenuCommand::ImportUsage,
        MenuCommand::Quit,
        MenuCommand::Redo,
        MenuCommand::Undo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MenuCommand::New => "New",
            MenuCommand::Open => "Open…",
            MenuCommand::Save => "Save",
            MenuCommand::SaveAs => "Save As…",
            MenuCommand::Export => "Export… (PDF, CSV or PNG)",
            MenuCommand::ImportRates => "Import Meta's rate file…",
            MenuCommand::ImportUsage => "Import usage export…",
            MenuCommand::Quit => "Quit",
            MenuCommand::Undo => "Undo",
            MenuCommand::Redo => "Redo",
        }
    }

    /// The keys, with the platform's command key (Ctrl, or Cmd on macOS).
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let (modifiers, key) = match self {
            MenuCommand::New => (cmd, Key::N),
            MenuCommand::Open => (cmd, Key::O),
            MenuCommand::Save => (cmd, Key::S),
            MenuCommand::SaveAs => (shift_cmd, Key::S),
            MenuCommand::Undo => (cmd, Key::Z),
            MenuCommand::Redo => (shift_cmd, Key::Z),
            MenuCommand::Export
            | MenuCommand::ImportRates
            | MenuCommand::ImportUsage
            | MenuCommand::Quit => {
                return None;
            }
        };
        Some(KeyboardShortcut::new(modifiers, key))
    }

    pub fn command(self) -> Command {
        match self {
            MenuCommand::New => Command::New,
            MenuCommand::Open => Command::Open,
            MenuCommand::Save => Command::Save,
            MenuCommand::SaveAs => Command::SaveAs,
            MenuCommand::Export => Command::Export,
            MenuCommand::ImportRates => Command::ImportRates,
            MenuCommand::ImportUsage => Command::ImportUsage,
            MenuCommand::Quit => Command::Quit,
            MenuCommand::Undo => Command::Undo,
            MenuCommand::Redo => Command::Redo,
        }
    }

    /// A menu button with the shortcut as the platform writes it ("Ctrl+S", "⌘S").
    pub fn button(self, ui: &mut egui::Ui, enabled: bool, commands: &mut Commands) {
        self.button_labelled(ui, self.label(), enabled, commands);
    }

    /// The same, with a label that says more ("Undo: add Germany").
    pub fn button_labelled(
        self,
        ui: &mut egui::Ui,
        label: &str,
        enabled: bool,
        commands: &mut Commands,
    ) {
        let mut button = egui::Button::new(label);
        if let Some(shortcut) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add_enabled(enabled, button).clicked() {
            commands.push(self.command());
            ui.close();
        }
    }

    /// The menu commands whose shortcuts were pressed this frame, consuming their keys.
    pub fn pressed(ctx: &egui::Context) -> Vec<MenuCommand> {
        ctx.input_mut(|i| {
            MenuCommand::ALL
                .into_iter()
                .filter(|c| c.shortcut().is_some_and(|s| i.consume_shortcut(&s)))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_menu_commands_share_a_shortcut_and_shift_comes_first() {
        let shortcuts: Vec<_> = MenuCommand::ALL
            .iter()
            .filter_map(|c| c.shortcut().map(|s| (c, s)))
            .collect();
        for (i, (a, sa)) in shortcuts.iter().enumerate() {
            for (b, sb) in &shortcuts[i + 1..] {
                assert_ne!(sa, sb, "{a:?} and {b:?}");
                // A later entry must not be the same key with Shift: egui would match the
                // plain one first.
                if sa.logical_key == sb.logical_key {
                    assert!(
                        sa.modifiers.shift && !sb.modifiers.shift,
                        "{a:?} must come after {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn shortcut_text_follows_the_platform() {
        let ctx = egui::Context::default();
        let save = MenuCommand::Save.shortcut().unwrap();
        let text = ctx.format_shortcut(&save);
        if cfg!(target_os = "macos") {
            assert!(text.contains('S') && !text.contains("Ctrl"), "{text}");
        } else {
            assert_eq!(text, "Ctrl+S");
        }
    }
}
