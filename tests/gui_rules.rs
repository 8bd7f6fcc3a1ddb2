//! The rules of late 2026 in the window (issue 14): the business's "Government or non-profit"
//! box makes service free in its months, and an INR plan is offered India's 18 % GST where tax
//! is set (both ordinary edits: Undo takes them back); a rate Meta lists but wacost does not
//! know no longer stops the plan, and the window says how it was priced.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use wacost::domain::Country;
use wacost::domain::category::{Category, ChargedCategory};
use wacost::domain::projection::project;
use wacost::domain::scenario::CountryPlan;
use wacost::gui::WacostApp;
use wacost::gui::app::command::Command;
use wacost::gui::dialogs::CannedDialogs;
use wacost::io::rates::embedded_book;

mod common;

const GST_HINT: &str = "India: GST of 18 % usually applies to WhatsApp charges";

fn open_section(h: &mut Harness<'_, WacostApp>, title: &str) {
    h.get_by_label(title).click();
    h.run();
}

/// The Meta cost of service in the first month shown (the plan starts in 2026-11).
fn service_cost(h: &Harness<'_, WacostApp>) -> Decimal {
    let p = h.state().projection().expect("a projection");
    assert_eq!(p.months[0].month.to_string(), "2026-11");
    p.months[0].meta_by_category()[ChargedCategory::Service.index()]
}

#[test]
fn the_government_box_makes_service_free_and_undo_takes_it_back() {
    let mut h = common::gui_harness(CannedDialogs::default(), None);
    // The example plan (India service 3,000 and Brazil 1,000 a month), from November 2026.
    h.state_mut().scenario_mut().start_month = "2026-11".parse().unwrap();
    h.run();
    // One phone number: 1,000 free, split 750 / 250; 2,250 × 0.0014 + 750 × 0.0068 = 8.25.
    assert_eq!(service_cost(&h), Decimal::new(825, 2));

    open_section(&mut h, "Business");
    h.get_by_label("Government or non-profit").click();
    h.run();
    let s = h.state().scenario().clone();
    assert!(s.business.government_or_nonprofit);
    assert_eq!(service_cost(&h), Decimal::ZERO);
    // The window shows what the engine computes, the replies counted as free.
    let p = h.state().projection().unwrap();
    assert_eq!(p.total, project(&s, &embedded_book()).unwrap().total);
    // 3,000 free beyond the allowance: 2,250 × 0.0014 + 750 × 0.0068 = 8.25 saved.
    assert_eq!(p.months[0].savings.customer_service, Decimal::new(825, 2));

    h.state_mut().run(Command::Undo);
    h.run();
    assert!(!h.state().scenario().business.government_or_nonprofit);
    assert_eq!(service_cost(&h), Decimal::new(825, 2));
}

#[test]
fn an_inr_plan_is_offered_18_percent_gst_in_one_click() {
    let mut h = common::gui_harness(CannedDialogs::default(), None);
    open_section(&mut h, "Provider fees and tax");
    // A USD plan: no suggestion.
    assert!(h.query_by_label(GST_HINT).is_none());
    assert!(h.query_by_label("Use 18 %").is_none());

    h.state_mut().scenario_mut().currency = "INR".parse().unwrap();
    h.run();
    assert!(h.query_by_label(GST_HINT).is_some());
    h.get_by_label("Use 18 %").click();
    h.run();
    assert_eq!(
        h.state().scenario().provider.tax_pct,
        Decimal::from(18),
        "the button sets the tax"
    );
    // The field shows it, the hint stays, the button goes (a tax is set).
    assert!(h.query_all_by_value("18").next().is_some());
    assert!(h.query_by_label(GST_HINT).is_some());
    assert!(h.query_by_label("Use 18 %").is_none());
    let p = h.state().projection().unwrap();
    assert!(p.tax > Decimal::ZERO);

    h.state_mut().run(Command::Undo);
    h.run();
    assert_eq!(h.state().scenario().provider.tax_pct, Decimal::ZERO);
    assert!(h.query_by_label("Use 18 %").is_some());
}

#[test]
fn an_unknown_rate_is_priced_and_the_window_says_how() {
    let mut h = common::gui_harness(CannedDialogs::default(), None);
    // Iraq needs an international authentication rate the USD 2026-10-01 card lists as unknown.
    {
        let s = h.state_mut().scenario_mut();
        s.business.primary_country = Country::from_code("AE");
        s.business.auth_international_eligible = true;
        let mut iq = CountryPlan::new(Country::from_code("IQ").unwrap());
        iq.set_volume(Category::Authentication, 100);
        s.countries.push(iq);
    }
    h.run();
    assert_eq!(h.state().projection_error(), None);
    let p = h.state().projection().expect("a projection");
    let iraq = p.months[0]
        .lines
        .iter()
        .find(|l| l.country.code() == "IQ")
        .unwrap();
    assert!(iraq.estimated());
    assert_eq!(iraq.meta_cost, Decimal::new(79, 2)); // 100 × 0.0079, Iraq's authentication rate
    h.get_by_label_contains("to know about these numbers")
        .click();
    h.run();
    // One sentence: what is unknown, for which line and months, and which way it may differ.
    assert!(
        h.query_by_label_contains(
            "Meta has not published its international authentication rate for Iraq"
        )
        .is_some()
    );
    assert!(
        h.query_by_label_contains(
            "messages to Iraq in 2026-12 to 2027-11 are priced at 0.0079 USD"
        )
        .is_some()
    );
    assert!(
        h.query_by_label_contains("The real cost is likely higher")
            .is_some()
    );
}
