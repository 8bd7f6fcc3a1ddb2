//! Helpers shared by the tests that run the built `wacost` binary.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

/// What one run of the binary did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success (exit 0, nothing panicked) and returns stdout.
    pub fn ok(self) -> String {
        assert!(
            !self.stderr.contains("panicked"),
            "wacost panicked:\n{}",
            self.stderr
        );
        assert_eq!(
            self.code,
            Some(0),
            "expected exit 0\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self.stdout
    }

    /// Asserts bad input (exit 2, a message, no panic, no output) and returns stderr.
    pub fn bad(self) -> String {
        assert!(
            !self.stderr.contains("panicked"),
            "wacost panicked:\n{}",
            self.stderr
        );
        assert_eq!(
            self.code,
            Some(2),
            "expected exit 2 (bad input)\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert!(!self.stderr.trim().is_empty(), "no message on stderr");
        assert!(
            self.stdout.is_empty(),
            "bad input must not print a projection:\n{}",
            self.stdout
        );
        self.stderr
    }
}

/// Runs the binary with `rates_home` as the per-user rates folder.
pub fn wacost_with_rates_home<I, S>(rates_home: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_wacost"))
        .args(args)
        .env("WACOST_RATES_HOME", rates_home)
        .output()
        .expect("the wacost binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the binary with an empty per-user rates folder (only the shipped cards count).
pub fn wacost<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let empty = TempDir::new().expect("a temporary folder");
    wacost_with_rates_home(empty.path(), args)
}

/// The app on the example plan with the shipped rates, in a kittest harness.
pub fn gui_harness(
    dialogs: wacost::gui::dialogs::CannedDialogs,
    rates_dir: Option<std::path::PathBuf>,
) -> egui_kittest::Harness<'static, wacost::gui::WacostApp> {
    use wacost::gui::{AppOptions, StartWith, WacostApp};
    use wacost::io::rates::{LoadedRates, embedded_book};
    let app = WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(dialogs),
        data_dir: None,
        start: StartWith::Example,
        today: "2026-11".parse().unwrap(),
        rates_dir,
    });
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app);
    h.run();
    h
}

/// Runs frames until `done` holds (a worker thread is busy), at most 10 s. Steps rather than
/// runs: a spinner repaints meanwhile.
pub fn run_until(
    h: &mut egui_kittest::Harness<'_, wacost::gui::WacostApp>,
    done: impl Fn(&wacost::gui::WacostApp) -> bool,
) {
    let start = std::time::Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "timed out"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    // A few frames for the result to show (an animation may still be running).
    for _ in 0..4 {
        h.step();
    }
}
