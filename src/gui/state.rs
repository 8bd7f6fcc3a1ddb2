//! What the shell holds that the panels may read: the message of the status bar, the action
//! waiting for an answer about unsaved changes, and the imported actuals.

use std::path::PathBuf;

use crate::domain::reconcile::Reconciliation;
use crate::io::usage::UsageImport;

/// Something waiting for the user to decide about unsaved changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingAction {
    New,
    Open,
    OpenPath(PathBuf),
    Close,
}

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// Imported usage and its reconciliation with the rate book, in the plan's currency.
#[derive(Debug, Clone)]
pub struct LoadedActuals {
    pub path: PathBuf,
    pub import: UsageImport,
    pub reconciliation: Reconciliation,
}
