//! A plan in reais as the window shows it, driven through the real app (no display, no GPU): the
//! headline reads "R$ 205,888.00", the chart's axis is labelled "R$ 50k" and so on, the country
//! card says what Meta charges per paid message, and the View menu's decimal comma writes
//! "R$ 205.888,00". Amounts by hand: Brazil marketing is 0.3217 BRL a message (issue 14's
//! October 2026 figure, on a one-row test card), 320,000 a month is 102,944.00, two months
//! 205,888.00.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use wacost::domain::ratebook::CardOrigin;
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::settings::Settings;
use wacost::gui::{AppOptions, StartWith, WacostApp};
use wacost::io::rates::{LoadedRates, embedded_book, parse_card};

const BRL_CARD: &str = r#"
currency = "BRL"
effective = "2026-10-01"
unit = "message"
status = "quoted"
source = "test card: Brazil only"

[rates]
"Brazil" = { marketing = "0.3217", utility = "0.0350", authentication = "0.0350" }
"#;

fn plan(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("reais.json");
    std::fs::write(
        &path,
        r#"{"version": 1, "name": "Reais", "currency": "BRL", "start_month": "2026-11",
            "months": 2, "rate_card": "2026-10-01",
            "assumptions": {"fep_share_pct": "0", "csw_utility_share_pct": "0"},
            "countries": [{"country": "BR", "marketing": 320000}]}"#,
    )
    .unwrap();
    path
}

fn harness(plan: &Path, decimal_comma: bool) -> Harness<'static, WacostApp> {
    let mut book = embedded_book();
    book.insert(parse_card("2026-10-01_BRL.toml", BRL_CARD, CardOrigin::Shipped).unwrap());
    let settings = Settings {
        decimal_comma,
        ..Settings::default()
    };
    let app = WacostApp::new(AppOptions {
        rates: LoadedRates {
            book,
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir: None,
        start: StartWith::File(plan.to_path_buf()),
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings,
    });
    let mut h = Harness::builder()
        .with_size([1024.0, 700.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app);
    h.run();
    h
}

/// Every text painted in the last frame (plot axes are painted, not in the accessibility
/// tree).
fn painted(h: &Harness<'_, WacostApp>) -> Vec<String> {
    fn walk(shape: &egui::Shape, out: &mut Vec<String>) {
        match shape {
            egui::Shape::Text(t) => out.push(t.galley.text().to_string()),
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

#[test]
fn a_brl_plan_reads_in_reais_on_the_cards_the_axis_and_the_country_card() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(&plan(dir.path()), false);
    let p = h.state().projection().unwrap();
    assert_eq!(p.total.to_string(), "205888.0000");
    // The headline cards.
    assert!(
        h.query_by_label("R$\u{a0}205,888.00").is_some(),
        "the total"
    );
    assert!(
        h.query_by_label("R$\u{a0}102,944.00").is_some(),
        "the average month"
    );
    // Per 1,000 messages: 321.70.
    assert!(h.query_by_label("R$\u{a0}321.70").is_some(), "per 1,000");
    // No amount is written the old way ("205,888.00 BRL").
    let old: Vec<String> = h
        .query_all_by_label_contains("0 BRL")
        .map(|n| format!("{n:?}"))
        .collect();
    assert!(old.is_empty(), "{old:?}");
    // The chart's y axis: compact, with the symbol.
    let texts = painted(&h);
    let axis: Vec<&String> = texts
        .iter()
        .filter(|t| t.starts_with("R$\u{a0}") && t.ends_with('k'))
        .collect();
    assert!(
        axis.iter()
            .any(|t| *t == "R$\u{a0}50k" || *t == "R$\u{a0}100k"),
        "no axis label in R$ thousands: {texts:?}"
    );
    // The country card: what Meta charges there per paid message, and the total.
    assert!(
        h.query_by_label("Meta: R$\u{a0}0.3217 a paid message, on average")
            .is_some()
    );
    assert!(
        h.query_by_label("Projected over the plan: R$\u{a0}205,888.00")
            .is_some()
    );
}

#[test]
fn the_decimal_comma_writes_reais_as_brazilians_do() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(&plan(dir.path()), true);
    assert!(
        h.query_by_label("R$\u{a0}205.888,00").is_some(),
        "the total"
    );
    // The counts beside them take the same marks, as the volume fields do.
    assert!(h.query_by_label("640.000 messages").is_some());
    assert!(h.query_by_label("320.000 a month").is_some());
    assert!(
        h.query_by_label("Meta: R$\u{a0}0,3217 a paid message, on average")
            .is_some()
    );
    let texts = painted(&h);
    assert!(
        texts
            .iter()
            .any(|t| t == "R$\u{a0}50k" || t == "R$\u{a0}100k"),
        "{texts:?}"
    );
}
