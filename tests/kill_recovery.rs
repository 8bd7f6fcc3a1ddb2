//! The real window, under a virtual X server: an edit survives `kill -9`.
//!
//! Needs Xvfb and xdotool (`apt-get install xvfb xdotool`; `.ci/run` installs them).

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills its process when dropped, so a failing test leaves nothing running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        // SIGTERM first, so an X server removes its socket and lock file.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn wait_for(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> bool,
    context: impl Fn() -> String,
) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < timeout,
            "timed out waiting for {what}\n{}",
            context()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn start_wacost(display: &str, home: &Path, log: &str) -> Running {
    let log = std::fs::File::create(home.join(log)).expect("a log file");
    Running(
        Command::new(env!("CARGO_BIN_EXE_wacost"))
            .env("DISPLAY", display)
            .env_remove("WAYLAND_DISPLAY")
            .env("WACOST_DATA_HOME", home.join("data"))
            .env("WACOST_RATES_HOME", home.join("rates"))
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("HOME", home)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("wacost starts"),
    )
}

fn window_title(display: &str) -> Option<String> {
    let id = xdotool(display, &["search", "--name", "wacost"]);
    let id = id.lines().next()?.to_string();
    Some(xdotool(display, &["getwindowname", &id]))
}

#[test]
fn an_edit_survives_sigkill() {
    assert!(
        have("Xvfb") && have("xdotool"),
        "this test runs the real window: install xvfb and xdotool (apt-get install xvfb xdotool)"
    );
    let home = tempfile::tempdir().unwrap();
    // -displayfd: the server picks a free display and writes its number once it accepts
    // connections, so there is no guessing, no clash with another server and no race.
    // -noreset: killing the last client (the app) must not make the server reset, which would
    // refuse the restarted app's connection.
    let mut server = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-noreset",
            "-screen",
            "0",
            "1400x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let stdout = server.stdout.take().expect("piped");
    let _xvfb = Running(server);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
        let _ = tx.send(line);
    });
    let number = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("Xvfb reports its display");
    let display = format!(":{}", number.trim());
    let report = |log: &str| {
        let home = home.path().to_path_buf();
        let display = display.clone();
        let log = log.to_string();
        move || {
            format!(
                "window title: {:?}\nwacost's stderr:\n{}",
                window_title(&display),
                std::fs::read_to_string(home.join(&log)).unwrap_or_default()
            )
        }
    };

    // First run: the example plan; Ctrl+N makes a new plan, and typing into its name is an
    // edit (a new plan has nothing to save until it is edited).
    let mut first = start_wacost(&display, home.path(), "first.log");
    wait_for(
        "the window",
        Duration::from_secs(90),
        || window_title(&display).is_some_and(|t| t.contains("Q1 India + Brazil")),
        report("first.log"),
    );
    let id = xdotool(&display, &["search", "--name", "wacost"]);
    let id = id.lines().next().unwrap().to_string();
    xdotool(&display, &["windowfocus", "--sync", &id]);
    let recovery = home.path().join("data").join("recovery.json");
    wait_for(
        "the edit to be autosaved",
        Duration::from_secs(30),
        || {
            xdotool(&display, &["key", "ctrl+n"]);
            std::thread::sleep(Duration::from_millis(300));
            // The plan's name field, at the top of the plan panel.
            xdotool(
                &display,
                &["mousemove", "--window", &id, "200", "60", "click", "1"],
            );
            std::thread::sleep(Duration::from_millis(300));
            xdotool(&display, &["key", "--window", &id, "End"]);
            xdotool(&display, &["type", "--window", &id, " X"]);
            std::thread::sleep(Duration::from_millis(300));
            recovery.exists()
        },
        report("first.log"),
    );
    // SIGKILL: no chance to save anything on the way out.
    Command::new("kill")
        .args(["-9", &first.0.id().to_string()])
        .status()
        .unwrap();
    let _ = first.0.wait();

    // Second run: the new plan comes back, marked unsaved.
    let _second = start_wacost(&display, home.path(), "second.log");
    wait_for(
        "the restored plan",
        Duration::from_secs(90),
        || window_title(&display).is_some_and(|t| t.contains("New plan") && t.starts_with('*')),
        report("second.log"),
    );
}
