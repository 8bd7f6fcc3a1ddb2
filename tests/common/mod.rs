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

/// Twilio's console export (columns and conventions from the README's "Facts about files not
/// kept here"): a charge is a negative price, an unpriced message has an empty price, inbound
/// rows are customers' messages, and there is no category column. `copies` repeats the six rows
/// (each copy with its own message ids).
pub fn twilio_log(reordered: bool, copies: usize) -> String {
    let header = if reordered {
        "Sid,Direction,To,From,SentDate,Status,Price,PriceUnit,Body,NumSegments,ErrorCode,AccountSid,ApiVersion"
    } else {
        "From,To,Body,Status,SentDate,ApiVersion,NumSegments,ErrorCode,AccountSid,Sid,Direction,Price,PriceUnit"
    };
    let rows = [
        // from, to, status, date, direction, price
        (
            "whatsapp:+14155238886",
            "whatsapp:+919876543210",
            "delivered",
            "2026-11-03T10:00:00-08:00",
            "outbound-api",
            "-0.0107",
        ),
        (
            "whatsapp:+14155238886",
            "whatsapp:+919876543211",
            "read",
            "2026-11-04T10:00:00-08:00",
            "outbound-api",
            "-0.0107",
        ),
        (
            "whatsapp:+14155238886",
            "whatsapp:+5511987654321",
            "delivered",
            "2026-11-05T10:00:00-08:00",
            "outbound-reply",
            "",
        ),
        (
            "whatsapp:+14155238886",
            "whatsapp:+5511987654322",
            "undelivered",
            "2026-11-05T11:00:00-08:00",
            "outbound-api",
            "0",
        ),
        (
            "whatsapp:+919876543210",
            "whatsapp:+14155238886",
            "received",
            "2026-11-05T12:00:00-08:00",
            "inbound",
            "-0.0050",
        ),
        (
            "whatsapp:+14155238886",
            "whatsapp:+12025550123",
            "delivered",
            "2026-12-01T09:00:00-08:00",
            "outbound-call",
            "-0.0250",
        ),
    ];
    let mut out = format!("{header}\n");
    let rows = rows.iter().cycle().take(rows.len() * copies);
    for (i, (from, to, status, date, dir, price)) in rows.enumerate() {
        let sid = format!("SM{i:032x}");
        let body = "\"Your order, #42, has shipped\"";
        let line = if reordered {
            format!(
                "{sid},{dir},{to},{from},{date},{status},{price},USD,{body},1,,ACxxxxxxxx,2010-04-01"
            )
        } else {
            format!(
                "{from},{to},{body},{status},{date},2010-04-01,1,,ACxxxxxxxx,{sid},{dir},{price},USD"
            )
        };
        out += &line;
        out.push('\n');
    }
    out
}
