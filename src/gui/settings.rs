//! What the window remembers between runs: one value, saved by eframe's persistence in
//! `app.ron` in wacost's data folder (`WACOST_DATA_HOME`). Every field has a default, so a file
//! written by an older or newer wacost still loads (unknown fields are ignored, missing ones
//! take their default).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::gui::dialogs::DialogPurpose;
use crate::io::report::pdf::Paper;
use crate::io::usage::values::DateOrder;
use crate::io::usage::{CountryChoice, ImportOptions};

/// The tabs of the central panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Projection,
    ByCountry,
    Table,
    Rates,
    Actuals,
    /// The plan's variants side by side.
    Compare,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Projection,
        Tab::ByCountry,
        Tab::Table,
        Tab::Compare,
        Tab::Rates,
        Tab::Actuals,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Projection => "Projection",
            Tab::ByCountry => "By country",
            Tab::Table => "Table",
            Tab::Rates => "Rates",
            Tab::Actuals => "Actuals",
            Tab::Compare => "Compare",
        }
    }
}

/// The views of the Rates tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum RatesMode {
    #[default]
    Card,
    Compare,
    Markets,
}

impl RatesMode {
    pub const ALL: [RatesMode; 3] = [RatesMode::Card, RatesMode::Compare, RatesMode::Markets];

    pub fn label(self) -> &'static str {
        match self {
            RatesMode::Card => "One card",
            RatesMode::Compare => "Compare two cards",
            RatesMode::Markets => "Markets",
        }
    }
}

/// The Table tab's sort column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortColumn {
    #[default]
    Month,
    Country,
    Category,
    Volume,
    MetaCost,
    Total,
    // Added later: every heading of the Table tab sorts (older settings never name these).
    Free,
    Rate,
    Provider,
    Tax,
}

/// Light, dark, or as the system is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub tab: Tab,
    pub rates_mode: RatesMode,
    /// Paper of exported PDFs.
    pub paper: Paper,
    /// Exported CSVs use ';' between fields (for spreadsheets with a decimal comma).
    pub csv_semicolon: bool,
    pub sort: SortColumn,
    pub sort_descending: bool,
    /// The projection chart's cumulative line.
    pub show_cumulative: bool,
    /// The plan open when the window last closed (absolute).
    pub last_file: Option<PathBuf>,
    /// The folder each file dialog last chose in, by dialog.
    pub last_folders: BTreeMap<String, PathBuf>,
    pub theme: Theme,
    /// Numbers are typed and shown with a decimal comma and '.' between thousands
    /// ("1.200.000", "0,0625"), as in Brazil, Indonesia or Germany.
    pub decimal_comma: bool,
    /// File dialogs are wacost's own picker rather than the system's (chosen in the File menu,
    /// or set when the system's dialog could not be shown).
    pub own_file_picker: bool,
    /// The usage export last imported as actuals, with the answers it needed: read again at
    /// the next start, so the Actuals tab comes back as it was.
    pub actuals: Option<ActualsSource>,
}

/// A usage import as it can be repeated: the file (absolute) and the user's answers, as text
/// (a preset by name, a date order "dmy"/"mdy", a category, a country code or "unknown", and
/// the currency the user named for the reported costs).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActualsSource {
    pub path: PathBuf,
    pub preset: Option<String>,
    pub date_order: Option<String>,
    pub category: Option<String>,
    pub country: Option<String>,
    pub currency: Option<String>,
}

impl ActualsSource {
    /// A usage import as the settings remember it.
    pub fn of(path: &Path, options: &ImportOptions, currency: Option<String>) -> ActualsSource {
        ActualsSource {
            path: crate::io::atomic::absolute(path),
            preset: options.preset.as_ref().map(|p| p.name.clone()),
            date_order: options.date_order.map(|d| d.name().to_string()),
            category: options.category.map(|c| c.name().to_string()),
            country: options.country.map(|c| match c {
                CountryChoice::Country(c) => c.code().to_string(),
                CountryChoice::Unknown => "unknown".to_string(),
            }),
            currency,
        }
    }

    /// The file and the options to read it again with (`None` when the file is gone).
    pub fn repeat(&self) -> Option<(PathBuf, ImportOptions)> {
        if !self.path.is_absolute() || !self.path.is_file() {
            return None;
        }
        let preset = self.preset.as_ref().and_then(|name| {
            crate::io::usage::layout::load_presets()
                .ok()
                .and_then(|mut all| all.remove(name))
        });
        let options = ImportOptions {
            preset,
            date_order: self.date_order.as_deref().and_then(DateOrder::parse),
            category: self.category.as_deref().and_then(|c| c.parse().ok()),
            country: self.country.as_deref().and_then(CountryChoice::parse),
        };
        Some((self.path.clone(), options))
    }
}

/// The key of the settings in eframe's storage.
pub const STORAGE_KEY: &str = "wacost.settings";
/// Where wacost before these settings kept the last file.
const OLD_LAST_FILE_KEY: &str = "wacost.last_file";

impl Settings {
    /// The settings eframe stored, or the defaults (nothing stored, or unreadable).
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Settings {
        let Some(storage) = storage else {
            return Settings::default();
        };
        let mut settings: Settings = eframe::get_value(storage, STORAGE_KEY).unwrap_or_default();
        if settings.last_file.is_none() {
            settings.last_file = storage.get_string(OLD_LAST_FILE_KEY).map(PathBuf::from);
        }
        // Only absolute paths: a relative one would resolve against wherever this run started.
        settings.last_file = settings.last_file.filter(|p| p.is_absolute());
        settings.last_folders.retain(|_, p| p.is_absolute());
        settings
    }

    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, self);
    }

    pub fn last_folder(&self, purpose: DialogPurpose) -> Option<&Path> {
        self.last_folders.get(purpose.key()).map(PathBuf::as_path)
    }

    /// Remembers the folder of a path a dialog chose.
    pub fn chose(&mut self, purpose: DialogPurpose, path: &Path) {
        if let Some(folder) = path.parent().filter(|p| p.is_absolute()) {
            self.last_folders
                .insert(purpose.key().to_string(), folder.to_path_buf());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::Storage as _;

    #[derive(Default)]
    struct Memory(std::collections::HashMap<String, String>);

    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_string(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }

    #[test]
    fn settings_round_trip_and_old_or_partial_files_still_load() {
        let mut storage = Memory::default();
        assert_eq!(Settings::load(Some(&storage)), Settings::default());
        let mut s = Settings {
            tab: Tab::Rates,
            rates_mode: RatesMode::Markets,
            paper: Paper::Letter,
            csv_semicolon: true,
            sort: SortColumn::Total,
            sort_descending: true,
            show_cumulative: true,
            last_file: Some(PathBuf::from("/plans/q1.json")),
            theme: Theme::Dark,
            ..Settings::default()
        };
        s.chose(DialogPurpose::Export, Path::new("/reports/q1.pdf"));
        s.store(&mut storage);
        assert_eq!(Settings::load(Some(&storage)), s);
        // A file from an older wacost: the last file under its old key, no settings.
        let mut old = Memory::default();
        old.set_string(OLD_LAST_FILE_KEY, "/plans/old.json".into());
        assert_eq!(
            Settings::load(Some(&old)).last_file,
            Some(PathBuf::from("/plans/old.json"))
        );
        // Fields missing or unknown, and a relative path: defaults, and the path dropped.
        let mut partial = Memory::default();
        partial.set_string(
            STORAGE_KEY,
            "(tab: Actuals, colour: \"red\", last_file: Some(\"plan.json\"))".into(),
        );
        let loaded = Settings::load(Some(&partial));
        assert_eq!(loaded.tab, Tab::Actuals);
        assert_eq!(loaded.last_file, None);
        assert_eq!(loaded.paper, Paper::A4);
    }
}
