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

/// A one-line message in the status bar. It goes away by itself (see [`Notice::lifetime`]),
/// so the bar never keeps saying what is no longer true.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    /// A file the message is about (an export): the bar offers to open it or its folder.
    pub file: Option<PathBuf>,
    pub since: std::time::Instant,
}

impl Notice {
    pub fn new(text: impl Into<String>, is_error: bool) -> Notice {
        Notice {
            text: text.into(),
            is_error,
            file: None,
            since: std::time::Instant::now(),
        }
    }

    /// How long the message stays: long enough to read, longer for a problem or a file to act
    /// on.
    pub fn lifetime(&self) -> std::time::Duration {
        let seconds = if self.file.is_some() {
            60
        } else if self.is_error {
            30
        } else {
            10
        };
        std::time::Duration::from_secs(seconds)
    }

    /// Time left before the message goes, or `None` when it has gone.
    pub fn remaining(&self) -> Option<std::time::Duration> {
        self.lifetime().checked_sub(self.since.elapsed())
    }
}

/// Imported usage and its reconciliation with the rate book, in the plan's currency.
#[derive(Debug, Clone)]
pub struct LoadedActuals {
    pub path: PathBuf,
    pub import: UsageImport,
    pub reconciliation: Reconciliation,
}
