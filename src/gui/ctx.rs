//! What a panel may see and touch: the narrow context the frame lends each panel.
//!
//! A panel edits the scenario in place (the document turns a frame's edits into one undo step),
//! its field buffers and the settings; everything else it reads. Whatever else it wants done
//! (save, import, export, use actuals as the plan, …) it asks for by pushing a [`Command`] that
//! the app runs after the panels.

use crate::domain::{Projection, Scenario};
use crate::gui::app::command::{Command, Commands};
use crate::gui::app::jobs::JobStatus;
use crate::gui::settings::Settings;
use crate::gui::state::{Derived, LoadedActuals, Notice, PendingAction};
use crate::gui::widgets::Fields;
use crate::io::rates::LoadedRates;

/// The document as the panels see it, besides its scenario.
#[derive(Debug, Clone, Default)]
pub struct DocStatus {
    /// "* Plan name (file.json) — wacost": the name, the file, and whether it has unsaved
    /// changes.
    pub title: String,
    pub can_undo: bool,
    pub can_redo: bool,
    /// What Undo and Redo would do, in words ("add Germany").
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
    /// The plan is the untouched example: the plan panel says so and offers a new plan.
    pub is_example: bool,
    /// The names of the plan's variants, in order (one for a plain plan).
    pub variants: Vec<String>,
    /// The variant shown, whose plan `PanelCtx::scenario` is.
    pub shown: usize,
}

pub struct PanelCtx<'a> {
    /// The variant shown: panels edit it in place.
    pub scenario: &'a mut Scenario,
    /// The title of a plan with several variants (a plan of one is named by its variant).
    pub plan_name: &'a mut String,
    pub doc: &'a DocStatus,
    /// The last valid projection (an invalid edit leaves the previous one on screen).
    pub projection: Option<&'a Projection>,
    /// Why the scenario as it stands could not be projected.
    pub projection_error: Option<&'a str>,
    /// What follows from the projection: per-country sums, campaign costs, warnings in words
    /// (empty without a projection).
    pub derived: &'a Derived,
    pub rates: &'a LoadedRates,
    pub fields: &'a mut Fields,
    pub settings: &'a mut Settings,
    pub jobs: &'a JobStatus,
    pub actuals: Option<&'a LoadedActuals>,
    pub notice: Option<&'a Notice>,
    /// What waits for the user's answer about unsaved changes.
    pub confirm: Option<&'a PendingAction>,
    commands: &'a mut Commands,
}

impl<'a> PanelCtx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        scenario: &'a mut Scenario,
        plan_name: &'a mut String,
        doc: &'a DocStatus,
        projection: Option<&'a Projection>,
        projection_error: Option<&'a str>,
        derived: &'a Derived,
        rates: &'a LoadedRates,
        fields: &'a mut Fields,
        settings: &'a mut Settings,
        jobs: &'a JobStatus,
        actuals: Option<&'a LoadedActuals>,
        notice: Option<&'a Notice>,
        confirm: Option<&'a PendingAction>,
        commands: &'a mut Commands,
    ) -> PanelCtx<'a> {
        PanelCtx {
            scenario,
            plan_name,
            doc,
            projection,
            projection_error,
            derived,
            rates,
            fields,
            settings,
            jobs,
            actuals,
            notice,
            confirm,
            commands,
        }
    }

    /// Asks the app to do something after the panels have drawn.
    pub fn run(&mut self, command: Command) {
        self.commands.push(command);
    }

    pub fn commands(&mut self) -> &mut Commands {
        self.commands
    }
}
