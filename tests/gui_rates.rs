//! The Rates tab driven through egui_kittest: two cards compared with the changed cell
//! highlighted, Meta's file imported through an injected path, a refused file, the markets
//! browser. Expected figures come from the source data and the engine, never from the screen.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rust_decimal::Decimal;
use wacost::domain::projection::project;
use wacost::domain::ratebook::{CardId, RateCell};
use wacost::domain::{ChargedCategory, Date};
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::{Tab, WacostApp};
use wacost::io::display;
use wacost::io::meta_rates::{ImportHints, prepare_import};
use wacost::io::rates::embedded_book;

mod common;
use common::{gui_harness as harness, run_until};

fn click(h: &mut Harness<'_, WacostApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn source_rate(file: &str, market: &str, column: usize) -> Decimal {
    let path = format!(
        "{}/tests/data/rates-source/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{market},")))
        .unwrap();
    Decimal::from_str(line.split(',').nth(column).unwrap()).unwrap()
}

fn meta(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/meta")
        .join(name)
}

#[test]
fn comparing_two_picked_cards_highlights_the_changed_cell_with_its_percent() {
    let mut h = harness(CannedDialogs::default(), None);
    click(&mut h, "Rates");
    assert_eq!(h.state().tab(), Tab::Rates);
    click(&mut h, "Compare two cards");
    // Pick card A = USD 2026-04-01 from its list (B stays the newest, 2026-10-01).
    h.get_by_role_and_label(Role::ComboBox, "Card A").click();
    h.run();
    click(&mut h, "USD 2026-04-01: Meta's published rates, built in");
    let a = CardId {
        currency: "USD".parse().unwrap(),
        effective: Date::from_str("2026-04-01").unwrap(),
    };
    assert_eq!(h.state().panels().rates.a, Some(a));
    click(&mut h, "Only changed markets");

    // Mexico marketing, from the transcribed source cards.
    let before = source_rate("2026-04-01_USD.csv", "Mexico", 1);
    let after = source_rate("2026-10-01_USD.csv", "Mexico", 1);
    let pct = (after - before) * Decimal::ONE_HUNDRED / before;
    let pct = format!("+{}%", display::fixed(pct, 1));
    assert_eq!(pct, "+30.2%"); // 0.0305 to 0.0397
    let description = format!("Changed: Mexico marketing from {before} to {after} ({pct})");
    let cell = h.get_by(move |n| n.description().as_deref() == Some(description.as_str()));
    // Old and new value: "0.0305 → 0.0397 (+30.2%)", with "to" for the arrow where the
    // window's font has none (egui's bundled font).
    let value = cell.accesskit_node().value().unwrap_or_default();
    assert!(
        [
            format!("{before} → {after} ({pct})"),
            format!("{before} to {after} ({pct})")
        ]
        .contains(&value),
        "{value}"
    );

    // An unchanged cell of the same market is shown plain: no change is described for it.
    let utility = source_rate("2026-10-01_USD.csv", "Mexico", 2);
    assert_eq!(utility, source_rate("2026-04-01_USD.csv", "Mexico", 2));
    assert!(
        h.query_by(|n| {
            n.description()
                .is_some_and(|d| d.starts_with("Changed: Mexico utility"))
        })
        .is_none()
    );
    // The plan under both cards is shown with the engine's totals for each pinned card.
    let mut s = h.state().scenario().clone();
    s.rate_card = Some(Date::from_str("2026-10-01").unwrap());
    let total_b = project(&s, &embedded_book()).unwrap().total;
    assert!(
        h.query_by_label_contains(&format!(
            "US$\u{a0}{} under 2026-10-01",
            display::amount(total_b)
        ))
        .is_some()
    );
}

/// The card a plan meets on opening Compare: USD 2026-07-01 (no service rates) against
/// 2026-10-01. The service column is one note, not a cell "added" in every market, so "Only
/// changed markets" hides the markets that did not change; a changed cell reads old → new; the
/// plan's own markets (India and Brazil in the example) come first.
#[test]
fn comparing_the_july_and_october_cards_notes_the_service_column_once_and_lists_the_plans_markets_first()
 {
    let mut h = harness(CannedDialogs::default(), None);
    click(&mut h, "Rates");
    click(&mut h, "Compare two cards");
    let id = |d: &str| CardId {
        currency: "USD".parse().unwrap(),
        effective: Date::from_str(d).unwrap(),
    };
    assert_eq!(h.state().panels().rates.a, Some(id("2026-07-01")));
    assert_eq!(h.state().panels().rates.b, Some(id("2026-10-01")));
    assert!(
        h.query_by_label(
            "Service: not on the USD 2026-07-01 card, so the column shows the USD 2026-10-01 rates and is not compared."
        )
        .is_some()
    );
    // Mexico marketing, as the two transcribed source cards print it.
    let before = source_rate("2026-07-01_USD.csv", "Mexico", 1);
    let after = source_rate("2026-10-01_USD.csv", "Mexico", 1);
    assert_eq!(
        (before.to_string(), after.to_string()),
        ("0.0305".into(), "0.0397".into())
    );
    let pct = format!(
        "+{}%",
        display::fixed((after - before) * Decimal::ONE_HUNDRED / before, 1)
    );
    assert_eq!(pct, "+30.2%");
    let arrow = format!("{before} → {after} ({pct})");
    let to = format!("{before} to {after} ({pct})");
    assert!(
        h.query_by_label(&arrow).is_some() || h.query_by_label(&to).is_some(),
        "no cell {to}"
    );
    // The plan's markets first, marked, then the others from the top of the card (Argentina).
    let y = |h: &Harness<'_, WacostApp>, label: &str| h.get_by_label(label).rect().min.y;
    let india = y(&h, "India (your plan)");
    let brazil = y(&h, "Brazil (your plan)");
    assert!(india < y(&h, "Argentina") && brazil < y(&h, "Argentina"));
    // "(added)" only in the markets new on October's card (Bangladesh, Iraq, … nine of them),
    // never in a market both cards have: Brazil's service is part of the noted column.
    let book = embedded_book();
    let new_markets = wacost::domain::card_diff::diff_cards(
        book.card(id("2026-07-01")).unwrap(),
        book.card(id("2026-10-01")).unwrap(),
    )
    .markets_added;
    assert_eq!(new_markets.len(), 9);
    let added = h.query_all_by_label_contains("(added)").count();
    assert!(added <= new_markets.len() * 5, "{added} cells marked added");
    // Only changed markets hides the unchanged ones again (Brazil and India are unchanged
    // from July to October; Mexico is not).
    click(&mut h, "Only changed markets");
    assert!(h.query_by_label("Brazil (your plan)").is_none());
    assert!(h.query_by_label("Argentina").is_none());
    assert!(h.query_by_label("Mexico").is_some());
}

#[test]
fn importing_meta_workbook_through_an_injected_path_reprices_the_plan() {
    let rates_dir = tempfile::tempdir().unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = harness(dialogs.clone(), Some(rates_dir.path().to_path_buf()));
    let before = h.state().projection().unwrap().total;
    dialogs.answer(Some(meta("meta-rates-USD-2027-01-01.xlsx")));
    click(&mut h, "Rates");
    h.get_by_label("Import Meta's rate file…").click();
    h.step();
    run_until(&mut h, |app| app.panels().rates.pending.is_some());
    assert!(
        h.query_by_label_contains("Review: Meta's rate card USD 2027-01-01 (47 markets")
            .is_some()
    );
    // Nothing is stored before the user accepts.
    assert!(!rates_dir.path().join("cards").exists());
    click(&mut h, "Store and use this card");

    let stored = rates_dir.path().join("cards/2027-01-01_USD.toml");
    assert!(stored.is_file());
    let id = CardId {
        currency: "USD".parse().unwrap(),
        effective: Date::from_str("2027-01-01").unwrap(),
    };
    let card = h
        .state()
        .rates()
        .book
        .card(id)
        .expect("the card is in the book");
    assert_eq!(
        card.cell("India", ChargedCategory::Marketing),
        Some(RateCell::Rate(Decimal::from_str("0.0125").unwrap()))
    );
    // The example plan runs into 2027, so its total is now the engine's under the new card.
    let mut book = embedded_book();
    let bytes = std::fs::read(meta("meta-rates-USD-2027-01-01.xlsx")).unwrap();
    let p = prepare_import(
        &book,
        "x.xlsx",
        bytes,
        ImportHints::default(),
        Date::from_str("2026-11-23").unwrap(),
    )
    .unwrap();
    book.insert(p.card);
    let expected = project(h.state().scenario(), &book).unwrap().total;
    let after = h.state().projection().unwrap().total;
    assert_eq!(after, expected);
    assert_ne!(after, before);
    // The grid shows the chosen (imported) card with its information column.
    assert!(
        h.query_by_label("Meta Business Agent (per 1,000 tokens)")
            .is_some()
    );
}

#[test]
fn a_refused_file_lists_its_problems_and_changes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let rates_dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(meta("meta-rates-USD-2026-10-01.csv"))
        .unwrap()
        .replacen("Brazil,$US,0.0625", "Brazil,$US,free", 1);
    let bad = work.path().join("rates.csv");
    std::fs::write(&bad, text).unwrap();
    let dialogs = CannedDialogs::default();
    let mut h = harness(dialogs.clone(), Some(rates_dir.path().to_path_buf()));
    let cards = h.state().rates().book.cards().to_vec();
    let total = h.state().projection().unwrap().total;
    dialogs.answer(Some(bad.clone()));
    h.state_mut().run(Command::ImportRates);
    run_until(&mut h, |app| app.panels().rates.import_error.is_some());
    assert!(
        h.query_by_label("The file was not imported; nothing changed.")
            .is_some()
    );
    let line = format!(
        "{}:8: column C \"Marketing\": \"free\" is not a rate",
        bad.display()
    );
    assert!(
        h.query_all_by_label_contains(&line).next().is_some(),
        "no {line}"
    );
    assert_eq!(h.state().rates().book.cards(), cards.as_slice());
    assert_eq!(h.state().projection().unwrap().total, total);
    assert!(!rates_dir.path().join("cards").exists());
}

#[test]
fn the_markets_browser_finds_a_country_and_its_market() {
    let mut h = harness(CannedDialogs::default(), None);
    click(&mut h, "Rates");
    click(&mut h, "Markets");
    h.get_by_role_and_label(Role::TextInput, "Search markets")
        .focus();
    h.get_by_role_and_label(Role::TextInput, "Search markets")
        .type_text("kaza");
    h.run();
    // On the plan's first month (2026-12) Kazakhstan is a market of its own (since 2026-10-01).
    assert!(h.query_by_label("Kazakhstan (1 country)").is_some());
    assert!(h.query_by_label("Kazakhstan (KZ)").is_some());
    assert!(h.query_by_label("Brazil (BR)").is_none());
    assert!(h.query_by_label("Brazil (1 country)").is_none());
}

#[test]
fn a_file_without_a_title_asks_for_its_date_and_reads_again() {
    let dialogs = CannedDialogs::default();
    let mut h = harness(dialogs.clone(), None);
    dialogs.answer(Some(meta("meta-rates-untitled.csv")));
    h.state_mut().run(Command::ImportRates);
    run_until(&mut h, |app| app.panels().rates.import_error.is_some());
    assert!(h.state().panels().rates.needs_hints);
    let field = "Card effective date";
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("2026-10-32");
    h.run();
    // An impossible date is refused in place and the button stays off.
    assert!(h.query_by_label_contains("\"2026-10-32\"").is_some());
    assert!(h.state().panels().rates.pending.is_none());
    h.get_by_role_and_label(Role::TextInput, field).focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, field)
        .type_text("2026-10-01");
    h.run();
    h.get_by_label("Read the file again").click();
    h.step();
    run_until(&mut h, |app| app.panels().rates.pending.is_some());
    let card = &h.state().panels().rates.pending.as_ref().unwrap().card;
    // The currency follows from the file's "$US" cells.
    assert_eq!(card.id().to_string(), "USD 2026-10-01");
    assert!(h.state().panels().rates.import_error.is_none());
}

/// Meta's own April 2026 volume-tier file as served (title, notes with a link, a section row, a
/// sub-header, CRLF, no final newline), read where it lies beside the repository.
fn real_tier_file() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-world/meta-tiers/usd-2026-04-01_tiers_scraper-raw-crlf.csv");
    assert!(p.is_file(), "missing real-world file {}", p.display());
    p
}

#[test]
fn meta_real_tier_file_imported_through_the_window_puts_ladders_on_the_card_and_reprices() {
    use wacost::gui::{AppOptions, StartWith};
    use wacost::io::rates::LoadedRates;
    // A plan in April 2026 on the USD 2026-04-01 card without its ladders (the shipped card
    // carries this very file's; they are taken off to see the import put them on): India,
    // 1,000,000 authentication messages, nothing else.
    let work = tempfile::tempdir().unwrap();
    let plan = work.path().join("india-auth.json");
    std::fs::write(
        &plan,
        r#"{
  "version": 1,
  "name": "India OTP",
  "currency": "USD",
  "start_month": "2026-04",
  "months": 1,
  "countries": [{"country": "IN", "authentication": 1000000}]
}"#,
    )
    .unwrap();
    let rates_dir = tempfile::tempdir().unwrap();
    let dialogs = CannedDialogs::default();
    let mut book = embedded_book();
    let april = CardId {
        currency: "USD".parse().unwrap(),
        effective: Date::from_str("2026-04-01").unwrap(),
    };
    let mut bare = book.card(april).unwrap().clone();
    bare.tiers.clear();
    book.insert(bare);
    book.rederive();
    assert!(book.card(april).unwrap().tiers.is_empty());
    let app = WacostApp::new(AppOptions {
        rates: LoadedRates {
            book,
            notices: Vec::new(),
        },
        dialogs: Box::new(dialogs.clone()),
        data_dir: None,
        start: StartWith::File(plan),
        today: "2026-11".parse().unwrap(),
        rates_dir: Some(rates_dir.path().to_path_buf()),
        settings: Default::default(),
    });
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app);
    h.run();
    let d = |s: &str| Decimal::from_str(s).unwrap();
    // Without tiers: 1,000,000 × the list rate 0.0014.
    let before = h.state().projection().unwrap().meta_cost;
    assert_eq!(before, d("1400"));

    dialogs.answer(Some(real_tier_file()));
    click(&mut h, "Rates");
    h.get_by_label("Import Meta's rate file…").click();
    h.step();
    run_until(&mut h, |app| app.panels().rates.pending.is_some());
    // 32 utility + 32 authentication + 9 authentication-international ladders.
    assert!(
        h.query_by_label(
            "Review: Meta's volume tiers USD 2026-04-01 (32 markets, 73 tier ladders)"
        )
        .is_some()
    );
    assert!(!rates_dir.path().join("cards").exists());
    click(&mut h, "Store and use this card");
    assert!(rates_dir.path().join("cards/2026-04-01_USD.toml").is_file());

    let id = CardId {
        currency: "USD".parse().unwrap(),
        effective: Date::from_str("2026-04-01").unwrap(),
    };
    let card = h
        .state()
        .rates()
        .book
        .card(id)
        .expect("the card is in the book");
    assert_eq!(card.tiers.len(), 73);
    // India authentication as the file prints it (lines 49-54, columns H-K).
    let bands: Vec<(u64, Option<u64>, Decimal)> = card
        .ladder("India", ChargedCategory::Authentication)
        .expect("an India authentication ladder")
        .bands
        .iter()
        .map(|b| (b.from, b.to, b.rate))
        .collect();
    assert_eq!(
        bands,
        [
            (0, Some(750_000), d("0.0014")),
            (750_001, Some(15_000_000), d("0.0013")),
            (15_000_001, Some(20_000_000), d("0.0012")),
            (20_000_001, Some(50_000_000), d("0.0011")),
            (50_000_001, Some(100_000_000), d("0.0011")),
            (100_000_001, None, d("0.0010")),
        ]
    );
    // The plan is priced on the ladder now: 750,000 × 0.0014 + 250,000 × 0.0013.
    let after = h.state().projection().unwrap().meta_cost;
    assert_eq!(after, d("1375"));
}
