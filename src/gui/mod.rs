//! The desktop planner (eframe). `app` is the shell (state, commands, jobs, the order of a
//! frame); `panels` draw through the narrow context of `ctx`; `settings` is what survives a
//! restart; `document` keeps undo history; `dialogs` and `recovery` handle files. See
//! docs/ARCHITECTURE.md.

pub mod app;
pub mod ctx;
pub mod dialogs;
pub mod document;
pub mod fonts;
pub mod icon;
pub mod panels;
pub mod recovery;
pub mod screenshot;
pub mod settings;
pub mod state;
pub mod theme;
pub mod widgets;

pub use app::{AppOptions, StartWith, Tab, WacostApp};

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::io::rates::LoadedRates;

/// How to open the window.
#[derive(Debug, Clone)]
pub struct WindowOptions {
    pub scenario: Option<PathBuf>,
    pub size: [f32; 2],
    /// Capture the window to this PNG after the first frames, then exit.
    pub screenshot: Option<PathBuf>,
    /// The tab to open on (`None`: the remembered one).
    pub tab: Option<Tab>,
    /// Light, dark or the system's (`None`: the remembered one; light for a screenshot).
    pub theme: Option<settings::Theme>,
    /// The view of the Rates tab (`None`: the remembered one).
    pub rates_mode: Option<settings::RatesMode>,
    /// A usage export to import on start, and how to read it.
    pub actuals: Option<(PathBuf, crate::io::usage::ImportOptions)>,
}

pub use crate::io::clock::{current_month, today};

/// wacost's id on the desktop: the name of its desktop entry and AppStream metainfo
/// (`packaging/linux/`), and the window's app id (Wayland) and class (X11), so the desktop ties
/// the window to its entry and shows its icon in the dock and task switcher.
pub const APP_ID: &str = "io.github.wacost.Wacost";

/// Opens the desktop window; returns when it closes.
pub fn run_window(rates: LoadedRates, options: WindowOptions) -> Result<(), String> {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
    if cfg!(target_os = "linux") && !has_display {
        return Err(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); \
                    the command line needs none: see wacost --help"
                .into(),
        );
    }
    let screenshot = options.screenshot.clone();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("wacost")
        .with_app_id(APP_ID)
        .with_icon(icon::window_icon())
        .with_inner_size(options.size)
        .with_min_inner_size([900.0, 600.0])
        .with_drag_and_drop(true);
    if screenshot.is_some() {
        viewport = viewport.with_resizable(false);
    }
    // A screenshot must not read or move the user's remembered window size or last file: its
    // window state goes to a private temporary folder (random name, removed when dropped),
    // made only when a screenshot is asked for.
    let scratch = match &screenshot {
        Some(_) => Some(
            tempfile::Builder::new()
                .prefix("wacost-screenshot-")
                .tempdir()
                .map_err(|e| format!("cannot make a temporary folder: {e}"))?,
        ),
        None => None,
    };
    let native = eframe::NativeOptions {
        viewport,
        persist_window: screenshot.is_none(),
        persistence_path: app_state_file(scratch.as_ref().map(|d| d.path()), recovery::data_dir()),
        ..Default::default()
    };
    let result: Arc<Mutex<Option<Result<(), String>>>> = Arc::new(Mutex::new(None));
    let result_for_app = result.clone();
    let today = current_month();
    let run = eframe::run_native(
        "wacost",
        native,
        Box::new(move |cc| {
            let mut settings = settings::Settings::load(cc.storage);
            if let Some(tab) = options.tab {
                settings.tab = tab;
            }
            if let Some(mode) = options.rates_mode {
                settings.rates_mode = mode;
            }
            if screenshot.is_some() {
                // A screenshot is light unless asked otherwise, whatever the user chose.
                settings.theme = settings::Theme::Light;
            }
            if let Some(theme) = options.theme {
                settings.theme = theme;
            }
            let start = match (&options.scenario, &screenshot) {
                (Some(path), _) => StartWith::File(path.clone()),
                (None, Some(_)) => StartWith::Example,
                (None, None) => StartWith::Restore,
            };
            let mut app = WacostApp::new(AppOptions {
                rates,
                dialogs: Box::new(dialogs::SystemDialogs),
                data_dir: if screenshot.is_some() {
                    None
                } else {
                    recovery::data_dir()
                },
                start,
                today,
                rates_dir: if screenshot.is_some() {
                    None
                } else {
                    crate::io::rates::user_rates_dir()
                },
                settings,
            });
            if let Some((path, options)) = options.actuals.clone() {
                app.run(app::command::Command::ImportUsageFile {
                    path,
                    options,
                    save_preset: false,
                });
            }
            // A tab asked for on the command line wins over the import's own (Actuals).
            if let Some(tab) = options.tab {
                app.settings_mut().tab = tab;
            }
            Ok(match screenshot {
                Some(out) => Box::new(screenshot::ScreenshotApp::new(app, out, result_for_app))
                    as Box<dyn eframe::App>,
                None => Box::new(app),
            })
        }),
    );
    drop(scratch);
    run.map_err(|e| format!("cannot open the window: {e}"))?;
    if options.screenshot.is_some() {
        return match result.lock().expect("not poisoned").take() {
            Some(r) => r,
            None => Err("the window closed before the screenshot was taken".into()),
        };
    }
    Ok(())
}

/// The file eframe keeps the window's state in (`app.ron`: size, position, last file): in
/// the screenshot's scratch folder when there is one, else in wacost's data folder (which
/// follows `WACOST_DATA_HOME`, beside the recovery file), else eframe's default.
pub fn app_state_file(
    scratch: Option<&std::path::Path>,
    data_dir: Option<PathBuf>,
) -> Option<PathBuf> {
    match scratch {
        Some(dir) => Some(dir.join("app.ron")),
        None => data_dir.map(|d| d.join("app.ron")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_state_lives_in_the_data_folder_or_the_scratch_folder() {
        let data = PathBuf::from("/data/wacost");
        assert_eq!(
            app_state_file(None, Some(data.clone())),
            Some(data.join("app.ron"))
        );
        let scratch = tempfile::tempdir().unwrap();
        assert_eq!(
            app_state_file(Some(scratch.path()), Some(data)),
            Some(scratch.path().join("app.ron"))
        );
    }
}
