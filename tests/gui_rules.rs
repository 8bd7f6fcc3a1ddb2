//! The rules of late 2026 in the window (issue 14): a rate Meta lists but wacost does not know
//! no longer stops the plan, and the window says how it was priced.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use wacost::domain::Country;
use wacost::domain::category::Category;
use wacost::domain::scenario::CountryPlan;
use wacost::gui::dialogs::CannedDialogs;

mod common;

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
