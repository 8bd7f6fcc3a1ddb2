//! Amounts in a report as people read them: the PDF read back writes a plan's amounts with its
//! currency's symbol and usual decimals (R$ 102,944.00, ₹ …), its chart's axis in compact
//! labels with the symbol (R$ 50k, ₹ … lakh), and the PNG of the chart renders. Built through
//! the library (no binary): a BRL card of one row is added to the shipped book, since the book
//! ships no BRL card yet.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use wacost::domain::projection::project;
use wacost::domain::ratebook::{CardOrigin, RateBook};
use wacost::io::rates::{embedded_book, parse_card};
use wacost::io::report::{ReportFormat, ReportInput, ReportOptions, render};
use wacost::io::scenario_file::parse_scenario;

/// Brazil's October 2026 marketing rate in reais (issue 14: 0.3217 BRL).
const BRL_CARD: &str = r#"
currency = "BRL"
effective = "2026-10-01"
unit = "message"
status = "quoted"
source = "test card: Brazil only"

[rates]
"Brazil" = { marketing = "0.3217", utility = "0.0350", authentication = "0.0350" }
"#;

fn book_with_brl() -> RateBook {
    let mut book = embedded_book();
    let card = parse_card("2026-10-01_BRL.toml", BRL_CARD, CardOrigin::Shipped).unwrap();
    book.insert(card);
    book
}

/// `messages` marketing messages a month to `country` for two months from 2026-11, nothing
/// free, in `currency`, priced at the `card` given (else the rates in force each month).
fn plan(
    currency: &str,
    country: &str,
    messages: u64,
    card: Option<&str>,
) -> wacost::domain::Scenario {
    let card = card
        .map(|c| format!(r#""rate_card": "{c}","#))
        .unwrap_or_default();
    parse_scenario(
        "plan.json",
        &format!(
            r#"{{"version": 1, "name": "Money plan", "currency": "{currency}",
                "start_month": "2026-11", "months": 2, {card}
                "assumptions": {{"fep_share_pct": "0", "csw_utility_share_pct": "0"}},
                "countries": [{{"country": "{country}", "marketing": {messages}}}]}}"#
        ),
    )
    .unwrap()
}

fn pdf_text(scenario: &wacost::domain::Scenario, book: &RateBook) -> String {
    let projection = project(scenario, book).unwrap();
    let input = ReportInput {
        scenario,
        projection: &projection,
        book,
        notices: &[],
        generated: "2026-11-15".parse().unwrap(),
        actuals: None,
    };
    let bytes = render(&input, ReportFormat::Pdf, ReportOptions::default()).unwrap();
    // The no-break space between symbol and amount (which pdf-extract gives followed by a
    // space of its own) read back as a space.
    pdf_extract::extract_text_from_mem(&bytes)
        .unwrap()
        .replace("\u{a0} ", " ")
        .replace('\u{a0}', " ")
}

#[test]
fn a_brl_plan_reads_in_reais_with_the_symbol() {
    let book = book_with_brl();
    let s = plan("BRL", "BR", 320_000, Some("2026-10-01"));
    let text = pdf_text(&s, &book);
    // 320,000 × 0.3217 = 102,944.00 a month; 205,888.00 over the two months.
    for want in [
        "Amounts in R$ (BRL)",
        "R$ 205,888.00",
        "R$ 102,944.00",
        // Per 1,000 messages: 321.70.
        "R$ 321.70",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    // The tables keep bare numbers under the subtitle that names the currency.
    assert!(
        text.lines()
            .any(|l| l.starts_with("2026-11") && l.contains("102,944.00")),
        "{text}"
    );
    // The chart's axis: the tallest month 102,944 → steps of 50k up to 150k.
    for label in ["R$ 0", "R$ 50k", "R$ 100k", "R$ 150k"] {
        assert!(
            text.contains(label),
            "axis label {label:?} missing:\n{text}"
        );
    }
    // Nothing is written the old way.
    assert!(!text.contains("102,944.00 BRL"), "{text}");
}

#[test]
fn a_rupee_plan_reads_with_the_rupee_sign_and_lakh_on_the_axis() {
    let book = embedded_book();
    let s = plan("INR", "IN", 2_000_000, None);
    let projection = project(&s, &book).unwrap();
    let total = projection.total;
    let text = pdf_text(&s, &book);
    let shown = wacost::io::money::Money::new(s.currency)
        .amount(total)
        .replace('\u{a0}', " ");
    assert!(shown.starts_with("₹ "), "{shown}");
    assert!(text.contains(&shown), "{shown:?} missing from:\n{text}");
    assert!(text.contains("Amounts in ₹ (INR)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("₹ ") && l.contains(" lakh")),
        "no axis label in lakh:\n{text}"
    );
}

#[test]
fn a_euro_plans_chart_png_renders() {
    let book = embedded_book();
    let s = parse_scenario(
        "plan.json",
        r#"{"version": 1, "name": "Euro", "currency": "EUR", "start_month": "2026-07",
            "months": 3, "countries": [{"country": "DE", "marketing": 100000}]}"#,
    )
    .unwrap();
    let projection = project(&s, &book).unwrap();
    let input = ReportInput {
        scenario: &s,
        projection: &projection,
        book: &book,
        notices: &[],
        generated: "2026-07-01".parse().unwrap(),
        actuals: None,
    };
    let png = render(&input, ReportFormat::Png, ReportOptions::default()).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let text = pdf_text(&s, &book);
    assert!(text.contains("€ "), "{text}");
}

#[test]
fn a_derived_cards_factor_and_evidence_are_in_the_pdf_appendix() {
    // The shipped book: BRL 2026-10-01 is derived, Meta's USD card × 5.1472 (factors.csv).
    let book = embedded_book();
    let s = plan("BRL", "BR", 1_000, Some("2026-10-01"));
    let text = pdf_text(&s, &book);
    let appendix = &text[text
        .find("Where the rates come from")
        .expect("the appendix")..];
    // Compared without spaces: the PDF's text comes back with wrapped lines glued.
    let flat: String = appendix.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains("Factor:5.1472BRLperUSdollar(itsfactoronthe2026-10-01card"),
        "{appendix}"
    );
    // The evidence the factor rests on (currency-factors.csv: "Brazil 0.3217/0.0625 ...").
    assert!(flat.contains("evidence:Brazil0.3217/0.0625"), "{appendix}");
}
