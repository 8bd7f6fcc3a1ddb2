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
        settings: Default::default(),
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

/// What one run of the binary cost: its result, its peak resident memory and its wall time.
///
/// The peak is the kernel's `ru_maxrss` of the child (wait4). Linux charges a spawned child
/// with the high-water mark of the process it was spawned from until its `exec`, so the figure
/// is an upper bound: the child's own peak or the test process's, whichever is larger. Tests
/// that assert a peak keep their own memory small (they write their inputs in a stream).
pub struct Measured {
    pub run: Run,
    pub peak_kb: u64,
    pub elapsed: std::time::Duration,
}

/// Runs the binary with a temporary HOME, rates and data folder (so nothing of the machine's
/// is touched), in `cwd`, and measures it. The child is killed after `limit`, which fails the
/// caller's time assertion rather than hanging the suite.
// The child is reaped by wait4 below (which also gives its peak memory), not by Child::wait.
#[allow(clippy::zombie_processes)]
pub fn wacost_measured<I, S>(cwd: &Path, args: I, limit: std::time::Duration) -> Measured
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let home = TempDir::new().expect("a temporary folder");
    let start = std::time::Instant::now();
    // Reaped below by wait4 (which also gives its rusage), not by `Child::wait`.
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(env!("CARGO_BIN_EXE_wacost"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", home.path())
        .env("WACOST_RATES_HOME", home.path().join("rates"))
        .env("WACOST_DATA_HOME", home.path().join("data"))
        .env("WACOST_PRESETS", home.path().join("presets.json"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the wacost binary runs");
    let pid = child.id() as libc::pid_t;
    // Read the pipes on threads so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our own child; status and usage are valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let elapsed = start.elapsed();
    let code = if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status))
    } else {
        None
    };
    Measured {
        run: Run {
            code,
            stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
            stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        },
        peak_kb: usage.ru_maxrss as u64,
        elapsed,
    }
}

/// Every file below `dir` with its bytes' length and a hash of its content, to show that a
/// run changed nothing it was not asked to.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, (u64, u64)> {
    use std::hash::{Hash, Hasher};
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(p);
            } else {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                if meta.file_type().is_symlink() {
                    std::fs::read_link(&p).ok().hash(&mut h);
                } else if let Ok(mut f) = std::fs::File::open(&p) {
                    // In chunks: a test's own memory counts in its children's peak (below).
                    let mut buf = vec![0u8; 1 << 16];
                    while let Ok(n) = std::io::Read::read(&mut f, &mut buf) {
                        if n == 0 {
                            break;
                        }
                        buf[..n].hash(&mut h);
                    }
                }
                out.insert(p, (meta.len(), h.finish()));
            }
        }
    }
    out
}
