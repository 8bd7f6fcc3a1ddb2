//! Switching a plan's currency in the window (issue 14): the date of Meta's rates stays, the
//! window asks before converting the budget and fees at the factor between the two cards, and
//! one Undo brings back the currency and the amounts together.

#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rust_decimal::Decimal;
use wacost::gui::WacostApp;
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::CannedDialogs;

mod common;

fn harness() -> Harness<'static, WacostApp> {
    common::gui_harness(CannedDialogs::default(), None)
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

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The card date every month of the plan is priced with.
fn card_dates(h: &Harness<'_, WacostApp>) -> Vec<String> {
    h.state()
        .projection()
        .unwrap()
        .months
        .iter()
        .map(|m| format!("{} {}", m.card.currency, m.card.effective))
        .collect()
}

fn pick_currency(h: &mut Harness<'_, WacostApp>, code: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Currency").click();
    h.run();
    h.get_by_label_contains(&format!("{code} · ")).click();
    h.run();
}

#[test]
fn switching_usd_to_brl_converts_the_budget_keeps_the_card_date_and_undoes_as_one() {
    let mut h = harness();
    // A budget of 20,000 USD a month on the example plan (USD, from 2026-12: Meta's rates of
    // 2026-10-01 for every month).
    h.get_by_label("Monthly budget").click();
    h.run();
    h.get_by_label("Set a monthly budget").click();
    h.run();
    type_into(&mut h, "Monthly budget", "20000");
    assert_eq!(h.state().scenario().budget_monthly, Some(d("20000")));
    let before = h.state().scenario().clone();
    let usd_cards = card_dates(&h);
    assert!(
        usd_cards.iter().all(|c| c == "USD 2026-10-01"),
        "{usd_cards:?}"
    );

    pick_currency(&mut h, "BRL");
    // Nothing changes until the user answers. 20,000 × 5.1472 (BRL per US dollar on the
    // 2026-10-01 cards, rates/currencies/factors.csv) = 102,944.
    assert_eq!(*h.state().scenario(), before);
    // The example plan's fee per message is converted too: 0.005 × 5.1472 = 0.025736, to 4
    // decimals 0.0257.
    assert!(
        h.query_by_label(
            "Convert the budget 20,000 USD to 102,944 BRL and the fee per message 0.005 USD to 0.0257 BRL?"
        )
        .is_some(),
        "the question is on screen"
    );
    h.get_by_label("Convert").click();
    h.run();

    let s = h.state().scenario().clone();
    assert_eq!(s.currency.as_str(), "BRL");
    assert_eq!(s.budget_monthly, Some(d("102944")));
    // The same date of Meta's rates, now in BRL: no fall back to an older card.
    let brl_cards = card_dates(&h);
    assert!(
        brl_cards.iter().all(|c| c == "BRL 2026-10-01"),
        "{brl_cards:?}"
    );
    assert_eq!(brl_cards.len(), usd_cards.len());
    assert_eq!(
        h.state().document().undo_label().as_deref(),
        Some("switch the plan to BRL")
    );

    // One Undo restores both the currency and the budget.
    h.state_mut().run(Command::Undo);
    h.run();
    assert_eq!(*h.state().scenario(), before);
    assert_eq!(card_dates(&h), usd_cards);
}

#[test]
fn keeping_the_numbers_switches_the_currency_alone_and_cancel_changes_nothing() {
    let mut h = harness();
    h.get_by_label("Monthly budget").click();
    h.run();
    h.get_by_label("Set a monthly budget").click();
    h.run();
    type_into(&mut h, "Monthly budget", "5000");
    let before = h.state().scenario().clone();

    pick_currency(&mut h, "EUR");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(*h.state().scenario(), before);

    pick_currency(&mut h, "EUR");
    h.get_by_label("Keep the numbers").click();
    h.run();
    let s = h.state().scenario();
    assert_eq!(s.currency.as_str(), "EUR");
    assert_eq!(s.budget_monthly, Some(d("5000")));
}

#[test]
fn a_currency_without_rates_is_listed_but_cannot_be_picked() {
    let mut h = harness();
    h.get_by_role_and_label(Role::ComboBox, "Currency").click();
    h.run();
    // Colombian pesos: no factor is known (currency-factors.csv has no COP row), so no card.
    let cop = h.get_by_label("COP · Colombian peso");
    assert!(cop.accesskit_node().is_disabled());
    cop.click();
    h.run();
    assert_eq!(h.state().scenario().currency.as_str(), "USD");
}

#[test]
fn rates_in_another_currency_calibrates_cop_from_one_invoice_rate_and_the_plan_can_use_it() {
    use wacost::domain::category::ChargedCategory;
    use wacost::domain::ratebook::CardId;
    let rates_dir = tempfile::tempdir().unwrap();
    let mut h = common::gui_harness(CannedDialogs::default(), Some(rates_dir.path().into()));
    h.get_by_label("Rates").click();
    h.run();
    h.get_by_label("Rates in another currency…").click();
    h.run();
    assert!(h.query_by_label("Rates in another currency").is_some());
    {
        // The pickers are lists; the test sets what the user would pick in them.
        let c = &mut h.state_mut().panels_mut().rates.calibrate;
        c.currency = Some("COP".parse().unwrap());
        c.date = Some("2026-10-01".parse().unwrap());
        c.market = Some("Colombia".into());
        c.category = Some(ChargedCategory::Marketing);
    }
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Your rate")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Your rate")
        .type_text("56.3");
    h.run();
    assert_eq!(h.state().panels().rates.calibrate.rate, "56.3");
    // 56.3 COP / 0.0125 USD (Colombia marketing on Meta's card of 2026-10-01) = 4504.
    assert!(
        h.query_by_label_contains("1 US dollar = 4504 COP on Meta's card")
            .is_some()
    );
    h.get_by_label("Store COP rates of 2026-10-01").click();
    h.run();
    assert!(rates_dir.path().join("cards/2026-10-01_COP.toml").is_file());
    let id = CardId {
        currency: "COP".parse().unwrap(),
        effective: "2026-10-01".parse().unwrap(),
    };
    let card = h.state().rates().book.card(id).unwrap().clone();
    assert_eq!(card.derivation.as_ref().unwrap().factor, d("4504"));
    // Brazil marketing 0.0625 × 4504 = 281.5.
    assert_eq!(
        card.cell("Brazil", ChargedCategory::Marketing),
        Some(wacost::domain::ratebook::RateCell::Rate(d("281.5000")))
    );
    // COP can now be picked for the plan; the plan's budget is not set, so it switches at once.
    h.get_by_label("Plan").click();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Currency").click();
    h.run();
    assert!(
        !h.get_by_label("COP · Colombian peso")
            .accesskit_node()
            .is_disabled()
    );
}
