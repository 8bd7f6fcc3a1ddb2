//! The Actuals tab through egui_kittest: a fixture imported through an injected path shows its
//! totals (worked out by hand from the rate cards), "Use as plan" turns a month into the plan's
//! volumes (and Undo restores them), open questions are answered in the tab, an unknown layout
//! is mapped by hand, and a dropped file goes to the right import.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use wacost::gui::Tab;
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::{CannedDialogs, DialogPurpose};

mod common;
use common::{gui_harness, run_until};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/usage")
        .join(name)
}

#[test]
fn an_imported_analytics_file_shows_its_totals_in_the_actuals_tab() {
    let dialogs = CannedDialogs::default();
    let mut h = gui_harness(dialogs.clone(), None);
    dialogs.answer(Some(fixture("pricing_analytics.json")));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import usage export…").click();
    h.step();
    run_until(&mut h, |app| {
        !app.usage_import_running() && app.actuals().is_some()
    });
    assert_eq!(
        dialogs.asked.lock().unwrap().last(),
        Some(&DialogPurpose::ImportUsage)
    );
    assert_eq!(h.state().tab(), Tab::Actuals);
    h.run();
    // Meta's analytics do not state their currency: the reported figure is shown, not compared,
    // until the user says which currency it is in.
    assert!(
        h.query_all_by_label_contains("reports costs without saying their currency")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label("160.28 (currency unknown)")
            .next()
            .is_some()
    );
    assert!(h.query_all_by_label("US$\u{a0}160.28").next().is_none());
    h.get_by_label("Costs are in USD").click_accesskit();
    h.run();
    h.run();
    assert!(
        h.query_all_by_label_contains("reports costs without saying their currency")
            .next()
            .is_none()
    );
    // 5,310 messages. Recomputed: September 400 × 0.0118 = 4.72 (July card); October
    // 1,000 × 0.0118 + 500 × 0.0014 + 2,000 × 0.0625 + 100 × 0.0397 + 10 × 0.1360
    // + 100 × 0.0550 = 148.33 (October card). Reported: 4.72 + 155.56.
    assert!(h.query_all_by_label("5,310").next().is_some());
    assert!(
        h.query_all_by_label("US$\u{a0}153.05").next().is_some(),
        "recomputed total"
    );
    assert!(
        h.query_all_by_label("US$\u{a0}160.28").next().is_some(),
        "reported total"
    );
    assert!(
        h.query_all_by_label("US$\u{a0}148.33").next().is_some(),
        "October recomputed"
    );
    assert!(
        h.query_all_by_label("US$\u{a0}155.56").next().is_some(),
        "October reported"
    );
    // The reconciliation names Mexico's rate change.
    assert!(
        h.query_all_by_label_contains("rate change: the reported cost matches card USD 2026-07-01")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("10 rows used, 0 skipped")
            .next()
            .is_some()
    );
}

#[test]
fn use_as_plan_sets_the_volumes_of_a_month_and_undo_restores_them() {
    let mut h = gui_harness(CannedDialogs::default(), None);
    let before = h.state().scenario().countries.clone();
    h.state_mut().run(Command::ImportUsageFile {
        path: fixture("pricing_analytics.csv"),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| app.actuals().is_some());
    // The last month is chosen: October 2026.
    assert_eq!(
        h.state().panels().actuals.use_month.unwrap().to_string(),
        "2026-10"
    );
    h.get_by_label("Use as plan").click_accesskit();
    h.run();
    // It asks first, saying what goes: the example plan's countries without actuals.
    assert!(
        h.query_by_label("Use 2026-10's actuals as the plan?")
            .is_some()
    );
    assert_eq!(
        h.state().scenario().countries,
        before,
        "nothing changes before the answer"
    );
    h.get_by_label("Use these volumes").click_accesskit();
    h.run();
    let countries = &h.state().scenario().countries;
    let get = |code: &str| countries.iter().find(|c| c.country.code() == code).unwrap();
    // India: 1,000 marketing; 500 + 200 utility; 700 service. Brazil 2,000 + 300 marketing.
    // Indonesia's authentication-international counts as authentication.
    assert_eq!(countries.len(), 5);
    assert_eq!(
        (get("IN").marketing, get("IN").utility, get("IN").service),
        (1_000, 700, 700)
    );
    assert_eq!(get("BR").marketing, 2_300);
    assert_eq!(get("ID").authentication, 10);
    assert_eq!(get("DE").utility, 100);
    assert!(
        h.query_all_by_label_contains("Undo restores")
            .next()
            .is_some()
    );
    h.state_mut().run(Command::Undo);
    assert_eq!(h.state().scenario().countries, before);
    assert_eq!(
        h.state().notice().unwrap().text,
        "Undone: use 2026-10 as plan."
    );
}

#[test]
fn use_as_plan_lists_what_it_changes_and_cancel_changes_nothing() {
    let mut h = gui_harness(CannedDialogs::default(), None);
    let before = h.state().scenario().clone();
    h.state_mut().run(Command::ImportUsageFile {
        path: fixture("pricing_analytics.csv"),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| app.actuals().is_some());
    h.get_by_label("Use as plan").click_accesskit();
    h.run();
    // The example plan has India and Brazil; the October actuals add Indonesia and Germany
    // (and more), and change India's and Brazil's volumes.
    let added: Vec<String> = h
        .query_all_by_label_contains("Added: ")
        .map(|n| format!("{n:?}"))
        .collect();
    assert!(
        added.len() == 1 && added[0].contains("Germany"),
        "{added:?}"
    );
    assert!(
        h.query_all_by_label_contains("India: marketing")
            .next()
            .is_some()
    );
    h.get_by_label("Cancel").click_accesskit();
    h.run();
    assert!(
        h.query_by_label("Use 2026-10's actuals as the plan?")
            .is_none()
    );
    assert_eq!(*h.state().scenario(), before);
}

#[test]
fn a_log_without_categories_asks_for_one_and_reads_again() {
    let mut h = gui_harness(CannedDialogs::default(), None);
    h.state_mut().run(Command::ImportUsageFile {
        path: fixture("conversation_analytics.csv"),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| app.actuals().is_some());
    h.state_mut().run(Command::ImportUsageFile {
        path: fixture("broken/log_without_category.csv"),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| !app.usage_import_running());
    // The failed import leaves the actuals the user had.
    let kept = h.state().actuals().unwrap();
    assert!(kept.path.ends_with("conversation_analytics.csv"));
    assert!(
        h.query_all_by_label_contains("The file does not say which category its messages are")
            .next()
            .is_some()
    );
    h.get_by_role_and_label(Role::Button, "Marketing").click();
    h.step();
    run_until(&mut h, |app| {
        app.actuals()
            .is_some_and(|a| a.path.ends_with("log_without_category.csv"))
    });
    let a = h.state().actuals().unwrap();
    let row = a.import.actuals.rows().next().unwrap();
    assert_eq!(
        (row.country_code(), row.category.name(), row.volume),
        ("IN", "marketing", 1)
    );
}

#[test]
fn an_unknown_layout_is_mapped_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crm.csv");
    std::fs::write(
        &file,
        "Kunde,Gesendet,Art\n+4915112345678,2026-10-05,marketing\n+4915112345679,2026-10-06,utility\n",
    )
    .unwrap();
    let mut h = gui_harness(CannedDialogs::default(), None);
    h.state_mut().run(Command::ImportUsageFile {
        path: file.clone(),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| !app.usage_import_running());
    assert!(
        h.query_all_by_label_contains("no known usage layout. Its headers: Kunde, Gesendet, Art.")
            .next()
            .is_some()
    );
    assert!(
        h.get_by_label("Read with this mapping")
            .accesskit_node()
            .is_disabled()
    );
    for (role, header) in [
        ("phone", "Kunde"),
        ("date", "Gesendet"),
        ("category", "Art"),
    ] {
        h.get_by_role_and_label(Role::ComboBox, &format!("Column for {role}"))
            .click();
        h.run();
        h.get_by_label(header).click();
        h.run();
    }
    h.get_by_label("Read with this mapping").click();
    h.step();
    run_until(&mut h, |app| app.actuals().is_some());
    let a = h.state().actuals().unwrap();
    let total: u64 = a.import.actuals.rows().map(|r| r.volume).sum();
    assert_eq!(total, 2);
    assert!(a.import.actuals.rows().all(|r| r.country_code() == "DE"));
}

/// A file dropped on the window, as the integration hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_goes_to_the_import_it_belongs_to() {
    let mut h = gui_harness(CannedDialogs::default(), None);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(fixture("message_log.csv"))));
    h.step();
    assert!(h.state().usage_import_running() || h.state().actuals().is_some());
    run_until(&mut h, |app| app.actuals().is_some());
    assert_eq!(h.state().actuals().unwrap().import.rows_used, 8);
    // Meta's rate file dropped the same way goes to the rate import instead.
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/meta/meta-rates-USD-2026-10-01.csv"),
        )));
    h.step();
    assert!(!h.state().usage_import_running());
    assert_eq!(h.state().tab(), Tab::Rates);
}

#[test]
fn a_long_import_shows_its_progress_and_cancel_changes_nothing() {
    // A 40 MB log: long enough to be caught mid-way in a test build.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    let mut text = String::from("To,DateSent,Status,Category\n");
    let row = "+919876543210,2026-10-05T10:00:00Z,delivered,marketing\n";
    text.push_str(&row.repeat(40_000_000 / row.len()));
    std::fs::write(&file, text).unwrap();

    let mut h = gui_harness(CannedDialogs::default(), None);
    h.state_mut().run(Command::ImportUsageFile {
        path: file,
        options: Default::default(),
        save_preset: false,
    });
    h.step();
    assert!(h.state().usage_import_running());
    // The progress bar says how far it is: megabytes of the file's 40, rows, rows per second.
    assert!(h.query_all_by_label_contains("of 40.0 MB").next().is_some());
    h.get_by_label("Cancel").click();
    h.step();
    run_until(&mut h, |app| !app.usage_import_running());
    assert!(h.state().actuals().is_none());
    assert_eq!(
        h.state().notice().unwrap().text,
        "Import cancelled; nothing changed."
    );
}

/// Twilio's console export (its documented columns; charges as negative prices, one unpriced
/// message, inbound rows, no category column) imported through the window: the category is
/// asked, then the totals and what the reader decided are shown.
#[test]
fn a_twilio_log_with_negative_prices_imports_through_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("twilio-messages.csv");
    std::fs::write(&file, common::twilio_log(false, 100)).unwrap();
    let mut h = gui_harness(CannedDialogs::default(), None);
    h.state_mut().run(Command::ImportUsageFile {
        path: file.clone(),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| !app.usage_import_running());
    h.run();
    assert!(
        h.query_all_by_label_contains("The file does not say which category its messages are")
            .next()
            .is_some()
    );
    h.get_by_role_and_label(Role::Button, "Utility").click();
    h.step();
    run_until(&mut h, |app| app.actuals().is_some());
    h.run();
    // 600 rows: 400 outbound delivered or read counted, 100 undelivered, 100 inbound.
    assert!(
        h.query_all_by_label_contains(
            "400 rows used, 0 skipped, not counted: 100 inbound, 100 undelivered"
        )
        .next()
        .is_some()
    );
    assert!(
        h.query_all_by_label_contains(
            "300 prices were negative, as Twilio writes a charge: each is counted as a charge of its absolute value"
        )
        .next()
        .is_some()
    );
    assert!(
        h.query_all_by_label_contains("100 counted messages have no price yet")
            .next()
            .is_some()
    );
    // Twilio states the currency (PriceUnit USD): compared at once. Reported: 200 × 0.0107 +
    // 100 × 0.0250 = 4.64. Recomputed on the USD 2026-10-01 card at the utility rate:
    // November 200 India × 0.0014 + 100 Brazil × 0.0068 = 0.96, December 100 North America ×
    // 0.0034 = 0.34; 1.30 in all.
    assert!(
        h.query_all_by_label("US$\u{a0}4.64").next().is_some(),
        "reported"
    );
    assert!(
        h.query_all_by_label("US$\u{a0}1.30").next().is_some(),
        "recomputed"
    );
    assert!(
        h.query_all_by_label("US$\u{a0}0.96").next().is_some(),
        "November"
    );
    // No command-line flag is shown to the user on the way.
    assert!(h.query_all_by_label_contains("--category").next().is_none());
}

/// Meta's edge response from a Brazilian account states no currency: the user names it in the
/// tab, and the reported figure is then shown in it and still not compared with USD rates.
#[test]
fn a_currency_the_file_does_not_state_is_named_in_the_tab() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-world/pricing-analytics/gustavoner1_readme_edge-endpoint-brl.json");
    let mut h = gui_harness(CannedDialogs::default(), None);
    h.state_mut().run(Command::ImportUsageFile {
        path: file,
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| app.actuals().is_some());
    h.run();
    assert!(
        h.query_all_by_label("0.07 (currency unknown)")
            .next()
            .is_some()
    );
    h.state_mut().panels_mut().actuals.currency_text = "BRL".into();
    h.run();
    h.get_by_label("Set currency").click_accesskit();
    h.run();
    h.run();
    assert_eq!(
        h.state()
            .actuals()
            .unwrap()
            .import
            .currency
            .map(|c| c.to_string())
            .as_deref(),
        Some("BRL")
    );
    assert!(h.query_all_by_label("R$\u{a0}0.07").next().is_some());
    assert!(
        h.query_all_by_label_contains(
            "The file reports costs in BRL, the rates are in USD: the two are not compared."
        )
        .next()
        .is_some()
    );
}

#[test]
fn imported_actuals_and_their_named_currency_come_back_after_a_restart() {
    let mut h = gui_harness(CannedDialogs::default(), None);
    h.state_mut().run(Command::ImportUsageFile {
        path: fixture("pricing_analytics.json"),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| app.actuals().is_some());
    h.state_mut()
        .run(Command::SetReportedCurrency(Some("USD".parse().unwrap())));
    let settings = h.state().settings().clone();
    let source = settings.actuals.clone().unwrap();
    assert_eq!(source.path, fixture("pricing_analytics.json"));
    assert_eq!(source.currency.as_deref(), Some("USD"));

    // A new start of the window with those settings (eframe stores them in app.ron).
    let app = wacost::gui::WacostApp::new(wacost::gui::AppOptions {
        rates: wacost::io::rates::LoadedRates {
            book: wacost::io::rates::embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir: None,
        start: wacost::gui::StartWith::Restore,
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings,
    });
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |_cc| app);
    run_until(&mut h, |app| app.actuals().is_some());
    let a = h.state().actuals().unwrap();
    assert_eq!(a.path, fixture("pricing_analytics.json"));
    assert_eq!(
        a.import.currency.map(|c| c.to_string()).as_deref(),
        Some("USD")
    );
}

#[test]
fn a_file_without_countries_is_answered_by_typing_the_countrys_name() {
    let mut h = gui_harness(CannedDialogs::default(), None);
    h.state_mut().run(Command::ImportUsageFile {
        path: fixture("provider_daily.csv"),
        options: Default::default(),
        save_preset: false,
    });
    run_until(&mut h, |app| !app.usage_import_running());
    h.state_mut().run(Command::SetTab(Tab::Actuals));
    h.run();
    // Asked in words, never with a command-line flag.
    assert!(h.query_all_by_label_contains("--country").next().is_none());
    h.get_by_label("Country of the file").focus();
    h.get_by_label("Country of the file").type_text("brazil");
    h.run();
    h.get_by_label("Brazil (BR)").click();
    h.step();
    run_until(&mut h, |app| app.actuals().is_some());
    let a = h.state().actuals().unwrap();
    assert!(a.import.actuals.rows().all(|r| r.country_code() == "BR"));
}
