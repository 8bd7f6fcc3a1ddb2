//! The plan panel as a marketer types into it (issue: "A window a marketer can use without
//! help"): numbers written as people write them, a typo that does not move the layout, the
//! country box that keeps the keyboard, campaigns that cost nothing until sized, a fresh plan
//! that has nothing to save, and file dialogs that always open.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::{CannedDialogs, DialogPurpose};
use wacost::gui::{AppOptions, StartWith, WacostApp};
use wacost::io::rates::{LoadedRates, embedded_book};
use wacost::io::scenario_file::read_scenario;

fn harness_at(dialogs: CannedDialogs, size: [f32; 2]) -> Harness<'static, WacostApp> {
    let app = WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(dialogs),
        data_dir: None,
        start: StartWith::Example,
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: Default::default(),
    });
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app);
    h.run();
    h
}

fn harness() -> Harness<'static, WacostApp> {
    harness_at(CannedDialogs::default(), [1400.0, 900.0])
}

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

fn brazil(h: &Harness<'_, WacostApp>) -> wacost::domain::scenario::CountryPlan {
    h.state()
        .scenario()
        .countries
        .iter()
        .find(|c| c.country.code() == "BR")
        .unwrap()
        .clone()
}

#[test]
fn volumes_are_read_as_people_write_them() {
    let mut h = harness();
    type_into(&mut h, "Brazil marketing volume", "200k");
    assert_eq!(brazil(&h).marketing, 200_000);
    type_into(&mut h, "Brazil utility volume", "1.5M");
    assert_eq!(brazil(&h).utility, 1_500_000);
    // With a decimal comma (View menu), points group thousands.
    h.state_mut().settings_mut().decimal_comma = true;
    type_into(&mut h, "Brazil marketing volume", "1.200.000");
    assert_eq!(brazil(&h).marketing, 1_200_000);
    // And the field shows it back in that convention.
    assert!(h.query_all_by_value("1.200.000").next().is_some());
}

#[test]
fn a_typo_leaves_the_plan_panel_and_its_fields_where_they_were() {
    for size in [[1024.0, 700.0], [1400.0, 900.0]] {
        let mut h = harness_at(CannedDialogs::default(), size);
        // The country box spans the panel: its width is the panel's.
        let width = h.get_by_label("Add country").rect().width();
        let field = h
            .get_by_role_and_label(Role::TextInput, "Brazil utility volume")
            .rect();
        let marketing_before = brazil(&h).marketing;
        type_into(
            &mut h,
            "Brazil marketing volume",
            "two hundred thousand, give or take a few",
        );
        assert_eq!(
            brazil(&h).marketing,
            marketing_before,
            "the last valid value stays"
        );
        assert!(
            h.query_all_by_label_contains("Brazil marketing volume: ")
                .next()
                .is_some(),
            "the problem is said, with the field's name"
        );
        assert_eq!(
            h.get_by_label("Add country").rect().width(),
            width,
            "{size:?}"
        );
        assert_eq!(
            h.get_by_role_and_label(Role::TextInput, "Brazil utility volume")
                .rect(),
            field,
            "the next field did not move"
        );
    }
}

#[test]
fn enter_in_the_country_box_adds_the_country_and_keeps_the_keyboard() {
    let mut h = harness();
    h.get_by_label("Add country").focus();
    h.get_by_label("Add country").type_text("mex");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.run();
    assert!(
        h.state()
            .scenario()
            .countries
            .iter()
            .any(|c| c.country.code() == "MX")
    );
    let focused: Vec<String> = h
        .query_all(egui_kittest::kittest::by().predicate(|n| n.is_focused()))
        .map(|n| format!("{n:?}"))
        .collect();
    assert!(h.get_by_label("Add country").is_focused(), "{focused:?}");
    // The next name goes straight in.
    h.get_by_label("Add country").type_text("indon");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state()
            .scenario()
            .countries
            .iter()
            .any(|c| c.country.code() == "ID")
    );
}

#[test]
fn a_new_campaign_costs_nothing_and_takes_the_keyboard() {
    let mut h = harness();
    let total = h.state().projection().unwrap().total;
    let before = h.state().scenario().campaigns.len();
    h.get_by_label("Add campaign").click_accesskit();
    h.run();
    h.run();
    let campaigns = &h.state().scenario().campaigns;
    assert_eq!(campaigns.len(), before + 1);
    assert_eq!(campaigns.last().unwrap().volume, 0);
    assert_eq!(h.state().projection().unwrap().total, total);
    let name = format!("Campaign {} name", before + 1);
    assert!(h.get_by_role_and_label(Role::TextInput, &name).is_focused());
}

#[test]
fn a_fresh_plan_has_nothing_to_save_and_the_title_names_it() {
    let mut h = harness();
    h.state_mut().run(Command::New);
    h.run();
    let title = h.state().document().title();
    assert_eq!(title, "New plan (not saved) — wacost");
    // Opening another plan does not ask about changes nobody made.
    h.state_mut().run(Command::Open);
    h.run();
    assert!(h.state().confirm().is_none());
    assert!(h.query_by_label("Unsaved changes").is_none());
}

#[test]
fn when_the_system_dialog_cannot_show_wacosts_own_picker_opens_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = CannedDialogs::default();
    dialogs.fail("no file-dialog service");
    let mut h = harness_at(dialogs.clone(), [1024.0, 700.0]);
    h.state_mut().run(Command::SaveAs);
    h.run();
    assert_eq!(
        dialogs.asked.lock().unwrap().as_slice(),
        &[DialogPurpose::SaveAs]
    );
    assert!(h.query_by_label("wacost's file picker").is_some());
    assert!(
        h.state()
            .notice()
            .unwrap()
            .text
            .contains("file dialog is not available")
    );
    type_into(&mut h, "Folder", dir.path().to_str().unwrap());
    type_into(&mut h, "File name", "q1-plan.json");
    h.get_by_label("Save").click();
    h.run();
    let saved: PathBuf = dir.path().join("q1-plan.json");
    assert_eq!(read_scenario(&saved).unwrap(), *h.state().scenario());
    assert!(h.query_by_label("wacost's file picker").is_none());
    // From now on the picker opens straight away.
    assert!(h.state().settings().own_file_picker);
}

#[test]
fn an_idle_window_with_a_focused_field_wakes_only_for_the_cursor_blink() {
    let mut h = harness();
    h.get_by_role_and_label(Role::TextInput, "Brazil marketing volume")
        .focus();
    h.run();
    for _ in 0..3 {
        h.step();
    }
    let delay = h
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .unwrap()
        .repaint_delay;
    // egui's cursor blinks every half second: a shorter delay repaints for nothing.
    assert!(
        delay >= std::time::Duration::from_millis(400),
        "the idle window asks to repaint after {delay:?}"
    );
}

/// Engine terms and command-line flags that must not reach a marketer's window.
const ENGINE_WORDS: [&str; 10] = [
    "--",
    "pmp-",
    "cbp-",
    "FEP",
    "CSW",
    "upper bound",
    "(quoted)",
    "tier data",
    "WABA",
    "ISO code",
];

#[test]
fn the_window_speaks_the_marketers_words_on_every_tab() {
    let mut h = harness_at(CannedDialogs::default(), [1400.0, 900.0]);
    h.state_mut().run(Command::ImportUsageFile {
        path: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/usage/provider_daily.csv"),
        options: Default::default(),
        save_preset: false,
    });
    for _ in 0..200 {
        h.step();
        if !h.state().usage_import_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // The warnings list, opened, and every section of the plan panel.
    h.get_by_label_contains("to know about these numbers")
        .click();
    h.run();
    for section in [
        "Growth per month",
        "Business",
        "Assumptions",
        "Provider fees and tax",
        "Monthly budget",
    ] {
        h.get_by_label(section).click();
        h.run();
    }
    // A second variant that differs, so the Compare tab has something to say, and the budget
    // helper with an answer.
    h.get_by_label("Duplicate variant").click();
    h.run();
    type_into(&mut h, "Brazil marketing volume", "300k");
    // (Opened as its button does: the button may be scrolled out of the plan panel here.)
    let shown = h.state().scenario().clone();
    h.state_mut()
        .panels_mut()
        .plan
        .budget
        .open_for(&shown, rust_decimal::Decimal::from(1000));
    h.run();
    h.get_by_label("Find the answer").click();
    h.run();
    for tab in [
        wacost::gui::Tab::Projection,
        wacost::gui::Tab::ByCountry,
        wacost::gui::Tab::Table,
        wacost::gui::Tab::Compare,
        wacost::gui::Tab::Actuals,
    ] {
        h.state_mut().run(Command::SetTab(tab));
        h.run();
        for word in ENGINE_WORDS {
            let found: Vec<String> = h
                .query_all_by_label_contains(word)
                .map(|n| format!("{n:?}"))
                .collect();
            assert!(found.is_empty(), "{tab:?} shows {word:?}: {found:?}");
        }
    }
}
