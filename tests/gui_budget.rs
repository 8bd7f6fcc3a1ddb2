//! The budget helper and volumes per day or week in the window (issue 13): "What does my budget
//! buy?" answers with the engine's own solver and "Apply" puts the answer in the plan as one
//! undo step; a country's volumes typed per day are priced per calendar month.

#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use wacost::domain::category::Category;
use wacost::domain::country::Country;
use wacost::domain::scenario::VolumeUnit;
use wacost::domain::solve::{BudgetPer, ScaleTarget, SolveRequest, solve};
use wacost::domain::{ChargedCategory, Scenario};
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::{AppOptions, StartWith, WacostApp};
use wacost::io::display;
use wacost::io::rates::{LoadedRates, embedded_book};

fn harness() -> Harness<'static, WacostApp> {
    let app = WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir: None,
        start: StartWith::Example,
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: Default::default(),
    });
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app);
    h.run();
    h
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

fn brazil(s: &Scenario) -> &wacost::domain::scenario::CountryPlan {
    s.countries
        .iter()
        .find(|c| c.country.code() == "BR")
        .unwrap()
}

#[test]
fn the_budget_helper_finds_a_countrys_category_volume_and_apply_is_one_undo_step() {
    let mut h = harness();
    h.get_by_label("Monthly budget").click();
    h.run();
    h.get_by_label("What does my budget buy?").click();
    h.run();
    // Scale one kind of message in one country: Brazil's utility messages.
    h.get_by_label("What to scale").click();
    h.run();
    h.get_by_label("One kind of message in one country").click();
    h.run();
    assert!(h.query_by_label("Country to scale").is_some());
    assert!(h.query_by_label("Kind of message to scale").is_some());
    {
        let helper = &mut h.state_mut().panels_mut().plan.budget;
        helper.country = Some(Country::parse("BR").unwrap());
        helper.category = Some(Category::Utility);
    }
    type_into(&mut h, "Budget to spend", "20000");
    // Over the plan's 12 months the same budget is twelve times as much, and back.
    h.get_by_label("Budget over the plan").click();
    h.run();
    assert_eq!(h.state().panels().plan.budget.budget, "240000");
    h.get_by_label("Budget a month").click();
    h.run();
    assert_eq!(h.state().panels().plan.budget.budget, "20000");
    h.get_by_label("Find the answer").click();
    h.run();

    let before = h.state().scenario().clone();
    let expected = solve(
        &before,
        &embedded_book(),
        &SolveRequest {
            target: ScaleTarget::Line(Country::parse("BR").unwrap(), Category::Utility),
            budget: Decimal::from(20_000),
            per: BudgetPer::Month,
        },
    )
    .unwrap();
    assert!(expected.within_budget());
    let words = format!(
        "20,000 USD a month buys {} utility messages to Brazil a month",
        display::count(expected.volume)
    );
    assert!(
        h.query_by_label_contains(&words).is_some(),
        "{words} is not on screen"
    );

    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(brazil(h.state().scenario()).utility, expected.volume);
    assert_eq!(*h.state().scenario(), expected.scenario);
    assert_eq!(
        h.state().document().undo_label().as_deref(),
        Some("apply budget answer")
    );
    h.state_mut().run(Command::Undo);
    h.run();
    assert_eq!(
        brazil(h.state().scenario()).utility,
        brazil(&before).utility
    );
    assert_eq!(*h.state().scenario(), before);
}

#[test]
fn volumes_per_day_are_priced_as_the_days_of_each_month() {
    let mut h = harness();
    h.get_by_label("Brazil volume unit").click();
    h.run();
    h.get_by_label("per day").click();
    h.run();
    assert_eq!(brazil(h.state().scenario()).unit, VolumeUnit::Day);
    type_into(&mut h, "Brazil marketing volume", "10000");
    let s = h.state().scenario().clone();
    assert_eq!(brazil(&s).marketing, 10_000);
    let first = s.start_month;
    let p = h.state().projection().unwrap();
    let month = &p.months[0];
    assert_eq!(month.month, first);
    let volume: u64 = month
        .lines
        .iter()
        .filter(|l| l.country.code() == "BR" && l.category == ChargedCategory::Marketing)
        .map(|l| l.volume)
        .sum();
    assert_eq!(volume, 10_000 * u64::from(first.days()));
    // The card says what that is a month.
    let text = format!(
        "= {} a month in December",
        display::count(brazil(&s).monthly_volumes(first).iter().sum())
    );
    assert!(h.query_by_label(&text).is_some(), "{text}");
}
