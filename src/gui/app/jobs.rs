//! Background work: one typed [`Job`] for file dialogs, rate and usage imports and report
//! exports. A worker sends one result and asks egui to repaint; the frame polls the jobs and
//! turns each finished one into a [`Command`], which `apply` handles like any other.
//!
//! A new slow operation adds a field to [`Jobs`], a `Command` variant for its result and a line
//! in [`Jobs::finished`].

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use super::command::{Command, ExportDone, ImportFailure, RatesRead, UsageRead};
use crate::gui::dialogs::{DialogAnswer, DialogPurpose};
use crate::io::usage::{ImportError, ImportOptions, Progress, UsageImport};

/// Work on another thread: its result, what it is, when it started, and (for long reads) its
/// progress and a way to cancel it.
pub struct Job<T> {
    label: String,
    started: Instant,
    progress: Option<Arc<Progress>>,
    rx: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread; when it is done the window repaints (through `ctx`).
    pub fn spawn(
        label: impl Into<String>,
        ctx: Option<&egui::Context>,
        progress: Option<Arc<Progress>>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Job<T> {
        let (tx, rx) = channel();
        let ctx = ctx.cloned();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        Job::from_receiver(label, rx, progress)
    }

    /// Waits for an answer that another thread (a file dialog) sends on `rx`. An answer already
    /// there is taken at once, so a dialog that answers immediately never races the frame.
    pub fn waiting_on(
        label: impl Into<String>,
        ctx: Option<&egui::Context>,
        rx: Receiver<T>,
    ) -> Job<T> {
        match rx.try_recv() {
            Ok(answer) => {
                let (tx, ready) = channel();
                let _ = tx.send(answer);
                Job::from_receiver(label, ready, None)
            }
            Err(_) => {
                let (tx, out) = channel();
                let ctx = ctx.cloned();
                std::thread::spawn(move || {
                    // A dialog that closes without answering drops its sender: the job then
                    // reads as "died", which the caller treats as no answer.
                    if let Ok(answer) = rx.recv() {
                        let _ = tx.send(answer);
                    }
                    if let Some(ctx) = ctx {
                        ctx.request_repaint();
                    }
                });
                Job::from_receiver(label, out, None)
            }
        }
    }

    fn from_receiver(
        label: impl Into<String>,
        rx: Receiver<T>,
        progress: Option<Arc<Progress>>,
    ) -> Job<T> {
        Job {
            label: label.into(),
            started: Instant::now(),
            progress,
            rx,
        }
    }
}

impl<T> Job<T> {
    /// The result once the worker is done; `Some(Err(()))` when it died without one.
    pub fn poll(&self) -> Option<Result<T, ()>> {
        match self.rx.try_recv() {
            Ok(result) => Some(Ok(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(())),
        }
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_deref()
    }

    /// Asks the worker to stop (when it can be stopped); its result still arrives.
    pub fn cancel(&self) {
        if let Some(p) = &self.progress {
            p.cancel.store(true, Ordering::Relaxed);
        }
    }
}

/// What a usage read was asked to do: kept beside its job for the result.
pub struct UsageJob {
    pub job: Job<Result<UsageImport, ImportError>>,
    pub path: PathBuf,
    pub options: ImportOptions,
    pub save_preset: bool,
    /// The file's size, for the progress bar (0 when unknown).
    pub total_bytes: u64,
}

/// The jobs under way: at most one of each kind.
#[derive(Default)]
pub struct Jobs {
    pub dialog: Option<(DialogPurpose, Job<DialogAnswer>)>,
    pub rates: Option<Job<RatesRead>>,
    pub usage: Option<UsageJob>,
    pub export: Option<(String, Job<Result<PathBuf, String>>)>,
}

impl Jobs {
    pub fn any_running(&self) -> bool {
        self.dialog.is_some()
            || self.rates.is_some()
            || self.usage.is_some()
            || self.export.is_some()
    }

    /// What the panels may know of the jobs.
    pub fn status(&self) -> JobStatus {
        JobStatus {
            dialog: self.dialog.is_some(),
            rate_import: self.rates.is_some(),
            export: self.export.is_some(),
            usage: self.usage.as_ref().map(|u| UsageStatus {
                path: u.path.clone(),
                bytes: u
                    .job
                    .progress()
                    .map_or(0, |p| p.bytes.load(Ordering::Relaxed)),
                rows: u
                    .job
                    .progress()
                    .map_or(0, |p| p.rows.load(Ordering::Relaxed)),
                total_bytes: u.total_bytes,
                seconds: u.job.started().elapsed().as_secs_f32(),
            }),
        }
    }

    /// Each finished job as the command that handles its result; the job is gone.
    pub fn finished(&mut self) -> Vec<Command> {
        let mut done = Vec::new();
        if let Some((purpose, job)) = &self.dialog
            && let Some(answer) = job.poll()
        {
            done.push(Command::DialogAnswered(
                *purpose,
                answer.unwrap_or(DialogAnswer::Cancelled),
            ));
            self.dialog = None;
        }
        if let Some(job) = &self.rates
            && let Some(result) = job.poll()
        {
            done.push(Command::RatesRead(result.unwrap_or_else(|()| {
                Err(ImportFailure {
                    message: "the rate file could not be read".to_string(),
                    needs_hints: false,
                })
            })));
            self.rates = None;
        }
        if let Some(u) = &self.usage
            && let Some(result) = u.job.poll()
        {
            let result = result.unwrap_or_else(|()| {
                Err(ImportError::Unreadable {
                    file: u.path.display().to_string(),
                    message: "the import stopped unexpectedly".into(),
                })
            });
            if let Some(u) = self.usage.take() {
                done.push(Command::UsageRead(UsageRead {
                    path: u.path,
                    options: u.options,
                    save_preset: u.save_preset,
                    result,
                }));
            }
        }
        if let Some((what, job)) = &self.export
            && let Some(result) = job.poll()
        {
            done.push(Command::ExportDone(ExportDone {
                what: what.clone(),
                result: result
                    .unwrap_or_else(|()| Err("the report could not be written".to_string())),
            }));
            self.export = None;
        }
        done
    }
}

/// The jobs as the panels see them: what runs, and how far a usage read has got.
#[derive(Debug, Clone, Default)]
pub struct JobStatus {
    pub dialog: bool,
    pub rate_import: bool,
    pub export: bool,
    pub usage: Option<UsageStatus>,
}

#[derive(Debug, Clone)]
pub struct UsageStatus {
    pub path: PathBuf,
    pub bytes: u64,
    pub rows: u64,
    pub total_bytes: u64,
    pub seconds: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_brings_its_result_and_a_dead_worker_says_so() {
        let job = Job::spawn("sum", None, None, || 2 + 2);
        let result = loop {
            if let Some(r) = job.poll() {
                break r;
            }
            std::thread::yield_now();
        };
        assert_eq!(result, Ok(4));
        assert_eq!(job.label(), "sum");
        let (tx, rx) = channel::<u8>();
        drop(tx);
        assert_eq!(Job::from_receiver("gone", rx, None).poll(), Some(Err(())));
    }

    #[test]
    fn cancelling_a_job_raises_its_progress_flag() {
        let progress = Arc::new(Progress::default());
        let (_tx, rx) = channel::<u8>();
        let job = Job::from_receiver("read", rx, Some(progress.clone()));
        assert_eq!(job.poll(), None);
        job.cancel();
        assert!(progress.cancel.load(Ordering::Relaxed));
    }
}
