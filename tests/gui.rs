//! The real app driven by its accessible labels through egui_kittest (no display, no GPU).
//! Expected numbers come from the engine on the same scenario, never from the screen.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use wacost::domain::projection::project;
use wacost::domain::scenario::CountryPlan;
use wacost::domain::{Country, Scenario};
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::widgets::money;
use wacost::gui::{AppOptions, StartWith, WacostApp};
use wacost::io::rates::{LoadedRates, embedded_book};
use wacost::io::scenario_file::read_scenario;

fn app(dialogs: CannedDialogs, data_dir: Option<PathBuf>, start: StartWith) -> WacostApp {
    WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(dialogs),
        data_dir,
        start,
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: Default::default(),
    })
}

fn harness_with(app_state: WacostApp) -> Harness<'static, WacostApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app_state);
    h.run();
    h
}

fn harness() -> Harness<'static, WacostApp> {
    harness_with(app(CannedDialogs::default(), None, StartWith::Example))
}

fn total(h: &Harness<'_, WacostApp>) -> Decimal {
    h.state().projection().expect("a projection").total
}

fn engine_total(s: &Scenario) -> Decimal {
    project(s, &embedded_book()).unwrap().total
}

/// Replaces a field's text as a user would: focus, select all, type, Enter.
fn type_into(h: &mut Harness<'_, WacostApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

fn open_section(h: &mut Harness<'_, WacostApp>, title: &str) {
    h.get_by_label(title).click();
    h.run();
}

#[test]
fn opens_on_the_example_plan_with_a_projection() {
    let h = harness();
    let s = &h.state().scenario();
    assert_eq!(s.name, "Q1 India + Brazil");
    assert_eq!(total(&h), engine_total(s));
    // The total card shows the engine's amount.
    let shown = money(total(&h), "USD");
    assert!(h.query_by_label(&shown).is_some(), "no label {shown}");
}

#[test]
fn add_a_country_by_typing_part_of_its_name_and_set_its_volume() {
    let mut h = harness();
    let before = total(&h);
    h.get_by_label("Add country").focus();
    h.get_by_label("Add country").type_text("germ");
    h.run();
    h.get_by_label("Add Germany (DE, +49)").click();
    h.run();
    assert!(
        h.state()
            .scenario()
            .countries
            .iter()
            .any(|c| c.country.code() == "DE")
    );

    type_into(&mut h, "Germany marketing volume", "10,000");
    let mut expected = h.state().scenario().clone();
    assert_eq!(
        expected
            .countries
            .iter()
            .find(|c| c.country.code() == "DE")
            .unwrap()
            .marketing,
        10_000
    );
    // The total moves by exactly what the engine says Germany's 10,000 messages add.
    let mut without = expected.clone();
    without.countries.retain(|c| c.country.code() != "DE");
    assert_eq!(engine_total(&without), before);
    assert_eq!(total(&h), engine_total(&expected));
    assert!(total(&h) > before);
    expected
        .countries
        .push(CountryPlan::new(Country::from_code("FR").unwrap()));
    assert!(h.query_by_label(&money(total(&h), "USD")).is_some());
}

#[test]
fn raising_phone_numbers_changes_the_free_tier_savings() {
    let mut h = harness();
    let before = h.state().projection().unwrap().free_savings;
    open_section(&mut h, "Business");
    type_into(&mut h, "Phone numbers", "3");
    let s = h.state().scenario().clone();
    assert_eq!(s.business.phone_numbers, 3);
    let after = h.state().projection().unwrap().free_savings;
    assert_eq!(after, project(&s, &embedded_book()).unwrap().free_savings);
    // India 3,000 + Brazil 1,000 service: 3,000 free instead of 1,000 each month.
    assert!(after > before, "{after} <= {before}");
}

#[test]
fn undo_restores_the_previous_total_and_redo_reapplies() {
    let mut h = harness();
    let before = total(&h);
    type_into(&mut h, "India marketing volume", "250000");
    let edited = total(&h);
    assert_ne!(edited, before);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(total(&h), before);
    assert_eq!(h.state().scenario().countries[0].marketing, 100_000);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(total(&h), edited);
}

#[test]
fn an_invalid_value_shows_its_error_and_keeps_the_last_valid_projection() {
    let mut h = harness();
    let before = total(&h);
    let scenario_before = h.state().scenario().clone();
    type_into(&mut h, "India marketing volume", "-5");
    assert!(
        h.query_by_label_contains("a volume cannot be negative")
            .is_some(),
        "the field shows why"
    );
    assert_eq!(*h.state().scenario(), scenario_before);
    assert_eq!(total(&h), before);
    type_into(&mut h, "India marketing volume", "12.5");
    assert!(h.query_by_label_contains("whole number").is_some());
    // Fixing it clears the error and recomputes.
    type_into(&mut h, "India marketing volume", "100001");
    assert!(h.query_by_label_contains("whole number").is_none());
    assert_ne!(total(&h), before);
}

#[test]
fn a_projection_error_keeps_the_last_valid_projection_on_screen() {
    let mut h = harness();
    let before = total(&h);
    // A pinned card that does not exist (an unknown rate no longer stops a plan: it is priced
    // at an estimate, tests/gui_rules.rs).
    h.state_mut().scenario_mut().rate_card = Some("2026-02-01".parse().unwrap());
    h.run();
    let error = h
        .state()
        .projection_error()
        .map(str::to_string)
        .expect("an error");
    assert!(error.contains("2026-02-01"), "{error}");
    assert_eq!(total(&h), before);
    assert!(
        h.query_by_label_contains("Showing the last valid projection")
            .is_some()
    );
}

#[test]
fn save_then_open_round_trips_the_scenario_through_injected_paths() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    let dialogs = CannedDialogs::default();
    let mut h = harness_with(app(dialogs.clone(), None, StartWith::Example));
    type_into(&mut h, "India marketing volume", "123456");
    assert!(h.state().document().is_dirty());

    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S); // never saved: asks where
    h.run();
    let saved = read_scenario(&path).unwrap();
    assert_eq!(saved, *h.state().scenario());
    assert!(!h.state().document().is_dirty());

    // Change it, then open the saved file: the prompt asks about the unsaved change first.
    type_into(&mut h, "India marketing volume", "7");
    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(*h.state().scenario(), saved);
    assert_eq!(h.state().document().path.as_deref(), Some(path.as_path()));
    assert!(!h.state().document().is_dirty());
    assert_eq!(h.state().scenario().countries[0].marketing, 123_456);
}

#[test]
fn a_failed_open_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = harness_with(app(dialogs.clone(), None, StartWith::Example));
    let before = h.state().scenario().clone();
    dialogs.answer(Some(broken));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(*h.state().scenario(), before);
    let notice = h.state().notice().cloned().unwrap();
    assert!(
        notice.is_error && notice.text.contains("broken.json:1:"),
        "{notice:?}"
    );
}

#[test]
fn unsaved_work_is_restored_from_the_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness_with(app(
        CannedDialogs::default(),
        Some(data.path().to_path_buf()),
        StartWith::Restore,
    ));
    type_into(&mut h, "Brazil service volume", "4,321");
    let edited = h.state().scenario().clone();
    drop(h); // as if killed: nothing is saved on the way out

    let h = harness_with(app(
        CannedDialogs::default(),
        Some(data.path().to_path_buf()),
        StartWith::Restore,
    ));
    assert_eq!(*h.state().scenario(), edited);
    assert!(h.state().document().is_dirty());
    assert!(h.query_by_label_contains("Restored unsaved work").is_some());
}

#[test]
fn removing_a_country_and_switching_tabs() {
    let mut h = harness();
    h.get_by_label("Remove Brazil").click();
    h.run();
    assert!(
        !h.state()
            .scenario()
            .countries
            .iter()
            .any(|c| c.country.code() == "BR")
    );
    h.get_by_label("By country").click();
    h.run();
    assert!(h.query_by_label_contains("India (IN)").is_some());
    h.get_by_label("Table").click();
    h.run();
    // The column is past the visible width: a screen reader's click needs no scrolling.
    h.get_by_label("Sort by total").click_accesskit();
    h.run();
    assert_eq!(
        h.state().settings().sort,
        wacost::gui::app::SortColumn::Total
    );
}

#[test]
fn a_country_edited_as_total_and_mix_and_the_mix_applied_to_all() {
    let mut h = harness();
    h.get_by_label("India edit as total and mix").click();
    h.run();
    type_into(&mut h, "India total volume", "200,000");
    let india = h.state().scenario().countries[0].clone();
    assert_eq!(india.total(), 200_000);
    // 100,000 : 50,000 : 20,000 : 3,000 kept, to the message (largest remainder).
    assert_eq!(
        [
            india.marketing,
            india.utility,
            india.authentication,
            india.service
        ],
        [115_607, 57_804, 23_121, 3_468]
    );
    assert_eq!(total(&h), engine_total(h.state().scenario()));

    // Arrow keys on a share slider move it; the others follow so the mix stays at 100 %, and
    // the whole adjustment is one undo step.
    let before = h.state().scenario().clone();
    h.get_by_label("India marketing share %").focus();
    h.run();
    for _ in 0..3 {
        h.key_press(Key::ArrowRight);
        h.run();
    }
    let after = h.state().scenario().countries[0].clone();
    assert_eq!(after.total(), 200_000);
    assert!(after.marketing > india.marketing, "{after:?}");
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(*h.state().scenario(), before);

    h.get_by_label("Apply this mix to all countries").click();
    h.run();
    let brazil = h.state().scenario().countries[1].clone();
    assert_eq!(brazil.total(), 81_000);
    // Brazil takes India's split of 200,000 scaled to its own 81,000.
    let expected = wacost::domain::mix::split_by_mix(81_000, [115_607, 57_804, 23_121, 3_468]);
    assert_eq!(
        [
            brazil.marketing,
            brazil.utility,
            brazil.authentication,
            brazil.service
        ],
        expected
    );
}

#[test]
fn new_asks_about_unsaved_changes_and_cancel_keeps_the_work() {
    let mut h = harness();
    type_into(&mut h, "India marketing volume", "1");
    let edited = h.state().scenario().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(*h.state().scenario(), edited);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(h.state().scenario().name, "New plan");
    assert!(h.state().scenario().countries.is_empty());
    assert_eq!(h.state().scenario().start_month.to_string(), "2026-11");
}

fn request_close(h: &mut Harness<'_, WacostApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
}

#[test]
fn closing_with_unsaved_changes_asks_and_save_then_closes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("closing.json");
    let data = tempfile::tempdir().unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = harness_with(app(
        dialogs.clone(),
        Some(data.path().to_path_buf()),
        StartWith::Example,
    ));
    type_into(&mut h, "Brazil utility volume", "31000");
    assert!(
        data.path().join("recovery.json").exists(),
        "the edit is autosaved"
    );

    request_close(&mut h);
    assert!(!h.state().close_confirmed(), "unsaved work stops the close");
    assert!(h.query_by_label("Unsaved changes").is_some());

    dialogs.answer(Some(path.clone()));
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(read_scenario(&path).unwrap(), *h.state().scenario());
    assert!(h.state().close_confirmed());
    assert!(
        !data.path().join("recovery.json").exists(),
        "saved work needs no recovery"
    );
}

#[test]
fn closing_with_nothing_unsaved_closes_at_once() {
    let mut h = harness();
    request_close(&mut h);
    assert!(h.query_by_label("Unsaved changes").is_none());
}

#[test]
fn save_from_the_prompt_then_carries_on_with_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("before-new.json");
    let dialogs = CannedDialogs::default();
    let mut h = harness_with(app(dialogs.clone(), None, StartWith::Example));
    type_into(&mut h, "India utility volume", "51000");
    let edited = h.state().scenario().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    dialogs.answer(Some(path.clone()));
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(read_scenario(&path).unwrap(), edited);
    assert_eq!(h.state().scenario().name, "New plan");
    assert!(h.state().confirm().is_none());
}

/// eframe's storage, in memory: what `app.ron` holds between two runs.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.into(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn the_windows_settings_survive_a_restart() {
    use wacost::gui::settings::{Settings, SortColumn, Tab, Theme};
    use wacost::io::report::pdf::Paper;
    let mut h = harness();
    // As a user sets them: the Table tab sorted by total, the cumulative line, Letter paper,
    // ';' in CSVs and the dark theme.
    h.get_by_label("Table").click();
    h.run();
    h.get_by_label("Sort by total").click_accesskit();
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Cumulative line").click();
    h.run();
    // A choice in a menu closes it: each is made from the menu opened again.
    for (menu, item) in [
        ("View", "Dark"),
        ("File", "Letter"),
        ("File", "CSV with ';' between fields"),
    ] {
        if h.query_by_label(item).is_none() {
            h.get_by_label(menu).click();
            h.run();
        }
        h.get_by_label(item).click();
        h.run();
    }
    let chosen = h.state().settings().clone();
    assert_eq!(chosen.tab, Tab::Table);
    assert_eq!(chosen.sort, SortColumn::Total);
    assert!(chosen.show_cumulative && chosen.csv_semicolon);
    assert_eq!((chosen.paper, chosen.theme), (Paper::Letter, Theme::Dark));
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);

    // The window closes (eframe saves the app's state), then a new one starts from it.
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    drop(h);
    let restored = Settings::load(Some(&storage));
    assert_eq!(restored, chosen);
    let mut h = harness_with(WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir: None,
        start: StartWith::Example,
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: restored,
    }));
    h.run();
    assert_eq!(h.state().tab(), Tab::Table);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    // The Table tab is what shows, sorted as it was.
    assert!(h.query_by_label("Sort by total").is_some());
    assert_eq!(h.state().settings().sort, SortColumn::Total);
}
