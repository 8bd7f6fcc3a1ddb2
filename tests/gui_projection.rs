//! The Projection tab's headline cards, driven through the real app (no display, no GPU): the
//! Budget card names the months over and by how much, the free-allowance card says why it is 0,
//! and every card is on screen at 1024×700. Amounts are hand-computed from the USD 2026-10-01
//! card: India marketing is 0.0118 USD a message.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::{AppOptions, StartWith, WacostApp};
use wacost::io::rates::{LoadedRates, embedded_book};

fn app(start: StartWith) -> WacostApp {
    WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir: None,
        start,
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: Default::default(),
    })
}

fn harness(plan: &Path, size: [f32; 2], theme: egui::Theme) -> Harness<'static, WacostApp> {
    let state = app(StartWith::File(plan.to_path_buf()));
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(theme)
        .build_eframe(move |_cc| state);
    h.run();
    h
}

/// India, 1,000 marketing messages a month (US$ 11.80) from 2026-11 for `months` months, and a
/// campaign of 1,000 more in each of `campaign_months` (US$ 23.60 those months); budget US$ 20.
fn plan(dir: &Path, months: u32, campaign_months: &[&str], service: u64) -> std::path::PathBuf {
    let campaigns: Vec<String> = campaign_months
        .iter()
        .map(|m| {
            format!(
                r#"{{"name": "Push {m}", "month": "{m}", "country": "IN", "category": "marketing", "volume": 1000}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{
  "version": 1,
  "name": "Budget check",
  "currency": "USD",
  "start_month": "2026-11",
  "months": {months},
  "rate_card": "2026-10-01",
  "countries": [{{"country": "IN", "marketing": 1000, "service": {service}}}],
  "campaigns": [{}],
  "budget_monthly": "20"
}}"#,
        campaigns.join(", ")
    );
    let path = dir.join("plan.json");
    std::fs::write(&path, json).unwrap();
    path
}

#[test]
fn the_budget_card_names_the_month_over_and_by_how_much() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(
        &plan(dir.path(), 2, &["2026-12"], 0),
        [1400.0, 900.0],
        egui::Theme::Light,
    );
    let p = h.state().projection().unwrap();
    assert_eq!(p.months[0].total.to_string(), "11.8000");
    assert!(h.query_by_label("1 month over").is_some());
    // 23.60 − 20 = 3.60
    assert!(
        h.query_by_label_contains("December 2026 over by US$\u{a0}3.60")
            .is_some(),
        "the Budget card does not name December and 3.60"
    );
}

#[test]
fn more_than_two_months_over_are_listed_short() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(
        &plan(dir.path(), 4, &["2026-12", "2027-01", "2027-02"], 0),
        [1400.0, 900.0],
        egui::Theme::Dark,
    );
    assert!(h.query_by_label("3 months over").is_some());
    assert!(
        h.query_by_label_contains("Dec 2026 (by US$\u{a0}3.60)")
            .is_some()
    );
}

#[test]
fn the_free_allowance_card_says_why_it_is_zero() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(
        &plan(dir.path(), 2, &[], 0),
        [1400.0, 900.0],
        egui::Theme::Light,
    );
    assert!(h.query_by_label("US$\u{a0}0.00").is_some());
    assert!(
        h.query_by_label_contains("0: this plan has no service messages")
            .is_some(),
        "the free-allowance card does not explain its zero"
    );
    // Within budget: the card says so and names the highest month.
    assert!(h.query_by_label("within budget").is_some());
}

#[test]
fn the_free_allowance_card_says_what_it_covers() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(
        &plan(dir.path(), 2, &[], 3000),
        [1400.0, 900.0],
        egui::Theme::Light,
    );
    assert!(!h.state().projection().unwrap().free_savings.is_zero());
    assert!(
        h.query_by_label_contains("1,000 free per phone number a month")
            .is_some()
    );
}

#[test]
fn every_headline_card_is_inside_a_1024_by_700_window() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(
        &plan(dir.path(), 2, &["2026-12"], 0),
        [1024.0, 700.0],
        egui::Theme::Dark,
    );
    for label in [
        "Total",
        "Average month",
        "Free-allowance savings",
        "Cost per 1,000 messages",
        "Budget",
    ] {
        let nodes: Vec<_> = h.query_all_by_label(label).collect();
        assert!(!nodes.is_empty(), "no {label} card");
        for node in nodes {
            let r = node.rect();
            assert!(
                r.max.x <= 1024.0 && r.max.y <= 700.0,
                "{label} at {r:?} is outside the window"
            );
        }
    }
}
