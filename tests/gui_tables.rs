//! The Table and By country tabs as tables people reuse: a totals row that is the projection's
//! own, every heading sorts, "Copy table" and Ctrl+C put tab-separated text on the clipboard,
//! By country splits by category with a cost per message and shares that add up to 100.0 %.
//! Expected figures are worked by hand from the shipped USD cards.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::str::FromStr;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use wacost::domain::projection::project;
use wacost::gui::dialogs::CannedDialogs;
use wacost::gui::panels::by_country::{country_tsv, shares};
use wacost::gui::panels::table::table_tsv;
use wacost::gui::settings::SortColumn;
use wacost::gui::{AppOptions, StartWith, Tab, WacostApp};
use wacost::io::display;
use wacost::io::rates::{LoadedRates, embedded_book};
use wacost::io::scenario_file::parse_scenario;

/// Brazil 200,000 marketing + 50,000 utility, Mexico 80,000 marketing, January 2027, priced on
/// the USD 2026-10-01 card (assumed unchanged): 200,000 × 0.0625 = 12,500.00;
/// 50,000 × 0.0068 = 340.00; 80,000 × 0.0397 = 3,176.00; in all 16,016.00 USD.
const PLAN: &str = r#"{
  "version": 1,
  "name": "BR MX January",
  "currency": "USD",
  "start_month": "2027-01",
  "months": 1,
  "countries": [
    {"country": "BR", "marketing": 200000, "utility": 50000},
    {"country": "MX", "marketing": 80000}
  ]
}"#;

fn harness_on(plan: &str, size: [f32; 2]) -> (Harness<'static, WacostApp>, tempfile::TempDir) {
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("plan.json");
    std::fs::write(&path, plan).unwrap();
    let app = WacostApp::new(AppOptions {
        rates: LoadedRates {
            book: embedded_book(),
            notices: Vec::new(),
        },
        dialogs: Box::new(CannedDialogs::default()),
        data_dir: None,
        start: StartWith::File(path),
        today: "2026-11".parse().unwrap(),
        rates_dir: None,
        settings: Default::default(),
    });
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .build_eframe(move |_cc| app);
    h.run();
    (h, work)
}

fn click(h: &mut Harness<'_, WacostApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Whether some node is labelled `label` (a figure may show in more than one column).
fn has(h: &Harness<'_, WacostApp>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

/// The text the last frame put on the clipboard.
fn copied(h: &Harness<'_, WacostApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

const TABLE_TSV: &str = "\
Month\tCountry\tMarket\tCategory\tMessages\tFree\tBillable\tRate (USD)\tMeta cost (USD)\tProvider (USD)\tTax (USD)\tTotal (USD)
2027-01\tBrazil\tBrazil\tMarketing\t200000\t0\t200000\t0.0625\t12500.00\t0.00\t0.00\t12500.00
2027-01\tBrazil\tBrazil\tUtility\t50000\t0\t50000\t0.0068\t340.00\t0.00\t0.00\t340.00
2027-01\tMexico\tMexico\tMarketing\t80000\t0\t80000\t0.0397\t3176.00\t0.00\t0.00\t3176.00
Total\t\t\t\t330000\t0\t330000\t\t16016.00\t0.00\t0.00\t16016.00
";

#[test]
fn copy_table_puts_tab_separated_cells_on_the_clipboard() {
    let (mut h, _dir) = harness_on(PLAN, [1400.0, 900.0]);
    assert_eq!(h.state().projection().unwrap().total, Decimal::from(16016));
    click(&mut h, "Table");
    assert_eq!(h.state().tab(), Tab::Table);
    // A new window's sort: by month, then country and category as the projection lists them.
    assert_eq!(h.state().settings().sort, SortColumn::Month);
    h.get_by_label("Copy table").click();
    h.step();
    let text = copied(&h).expect("the button copies");
    assert_eq!(text, TABLE_TSV);
    for line in text.lines() {
        assert_eq!(line.split('\t').count(), 12, "{line:?}");
    }
}

#[test]
fn ctrl_c_on_the_table_tab_copies_the_table_when_no_field_has_focus() {
    let (mut h, _dir) = harness_on(PLAN, [1400.0, 900.0]);
    click(&mut h, "Table");
    h.event(egui::Event::Copy);
    h.step();
    assert_eq!(copied(&h).as_deref(), Some(TABLE_TSV));
}

/// PLAN with a provider: 0.001 a message, 10 % markup, 50 a month, 18 % tax.
fn with_provider() -> String {
    PLAN.replace(
        r#""months": 1,"#,
        r#""months": 1, "provider": {"per_message_fee": "0.001", "markup_pct": "10", "monthly_fee": "50", "tax_pct": "18"},"#,
    )
}

#[test]
fn the_totals_row_is_the_projections_and_a_heading_flips_the_order() {
    let (mut h, _dir) = harness_on(PLAN, [1024.0, 700.0]);
    click(&mut h, "Table");
    let p = h.state().projection().unwrap().clone();
    // The totals row shows the engine's totals.
    assert!(has(&h, "16,016.00"));
    assert!(has(&h, "330,000"));
    assert_eq!(p.total, Decimal::from(16016));

    // Every heading sorts: Country ascending, then descending on the second click.
    click(&mut h, "Sort by country");
    assert_eq!(
        (
            h.state().settings().sort,
            h.state().settings().sort_descending
        ),
        (SortColumn::Country, false)
    );
    // The top of the first table cell reading `label` (the plan panel names countries too).
    let y = |h: &Harness<'_, WacostApp>, label: &str| {
        let column = h.get_by_label("Sort by country").rect();
        h.query_all_by_label(label)
            .map(|n| n.rect())
            .filter(|r| r.min.x >= column.min.x - 1.0 && r.min.y > column.max.y)
            .map(|r| r.min.y)
            .fold(f32::MAX, f32::min)
    };
    assert!(y(&h, "Brazil") < y(&h, "Mexico"));
    click(&mut h, "Sort by country");
    assert!(h.state().settings().sort_descending);
    assert!(y(&h, "Brazil") > y(&h, "Mexico"));
    // The copy follows the order on screen.
    h.get_by_label("Copy table").click();
    h.step();
    let text = copied(&h).unwrap();
    assert!(text.lines().nth(1).unwrap().contains("\tMexico\t"));
    // Without provider fees or tax those two columns of zeros are off the screen (not the copy).
    assert!(h.query_by_label("Sort by provider").is_none());
    // Headings that were plain labels before sort too.
    let (mut h, _dir) = harness_on(&with_provider(), [1024.0, 700.0]);
    click(&mut h, "Table");
    for heading in ["free", "rate", "provider", "tax"] {
        click(&mut h, &format!("Sort by {heading}"));
    }
    assert_eq!(h.state().settings().sort, SortColumn::Tax);
}

#[test]
fn at_1024_by_700_every_column_of_the_table_is_in_the_window() {
    let (mut h, _dir) = harness_on(&with_provider(), [1024.0, 700.0]);
    click(&mut h, "Table");
    for heading in [
        "Sort by month",
        "Sort by messages",
        "Sort by provider",
        "Sort by tax",
        "Sort by total",
    ] {
        let r = h.get_by_label(heading).rect();
        assert!(r.max.x <= 1024.0, "{heading} ends at {}", r.max.x);
    }
    let total = display::amount(h.state().projection().unwrap().total);
    let shown: Vec<_> = h.query_all_by_label(&total).collect();
    assert!(!shown.is_empty(), "no {total}");
    for n in shown {
        assert!(n.rect().max.x <= 1024.0);
    }
}

#[test]
fn a_platform_fee_is_a_row_of_its_own_and_the_rows_add_up_to_the_total() {
    let plan = with_provider();
    let s = parse_scenario("plan.json", &plan).unwrap();
    let p = project(&s, &embedded_book()).unwrap();
    let text = table_tsv(&p, SortColumn::Month, false);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let fee = rows.iter().find(|r| r[0] == "Platform fee").unwrap();
    // 50 and its 18 % tax, 9.
    assert_eq!((fee[9], fee[10], fee[11]), ("50.00", "9.00", "59.00"));
    let total = rows.last().unwrap();
    assert_eq!(total[0], "Total");
    assert_eq!(Decimal::from_str(total[11]).unwrap(), p.total.round_dp(2));
    // Lines + platform fee = the projection's total, exactly.
    let t = &p.terms;
    let lines: Decimal = p
        .months
        .iter()
        .flat_map(|m| &m.lines)
        .map(|l| l.total(t))
        .sum();
    let fees: Decimal = p
        .months
        .iter()
        .map(|m| m.platform_fee + m.platform_fee_tax)
        .sum();
    assert_eq!(lines + fees, p.total);
    // By country shows the fee as a row too, and its shares still add up to 100.0.
    let by_country = country_tsv(&p, None);
    let rows: Vec<Vec<&str>> = by_country
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    let share_col = rows[0].iter().position(|h| *h == "Share (%)").unwrap();
    let sum: Decimal = rows[1..rows.len() - 1]
        .iter()
        .map(|r| Decimal::from_str(r[share_col]).unwrap())
        .sum();
    assert_eq!(sum, Decimal::from(100));
    assert!(rows.iter().any(|r| r[0] == "Platform fee (no country)"));
}

#[test]
fn shares_add_up_to_100_by_largest_remainder() {
    let d = |s: &str| Decimal::from_str(s).unwrap();
    let sum = |v: &[Decimal]| v.iter().copied().sum::<Decimal>();
    // Naive rounding gives 33.3 × 3 = 99.9: the tenth left goes to the first largest remainder.
    let s = shares(&[d("1"), d("1"), d("1")]);
    assert_eq!(s, vec![d("33.4"), d("33.3"), d("33.3")]);
    // Naive rounding gives 16.7 + 16.7 + 66.7 = 100.1 (the marketer walk's "100.1 %").
    let s = shares(&[d("16.65"), d("16.65"), d("66.7")]);
    assert_eq!(sum(&s), d("100.0"));
    assert_eq!(s, vec![d("16.7"), d("16.6"), d("66.7")]);
    // Brazil 12,840 and Mexico 3,176 of 16,016: 80.17… and 19.82….
    assert_eq!(shares(&[d("12840"), d("3176")]), vec![d("80.2"), d("19.8")]);
    assert_eq!(shares(&[]), Vec::<Decimal>::new());
    assert_eq!(shares(&[d("0"), d("0")]), vec![d("0"), d("0")]);
}

#[test]
fn by_country_splits_by_category_with_cost_per_message_and_copies() {
    let (mut h, _dir) = harness_on(PLAN, [1400.0, 900.0]);
    click(&mut h, "By country");
    for heading in [
        "Sort by marketing",
        "Sort by utility",
        "Sort by authentication",
        "Sort by service",
        "Sort by per message",
        "Sort by share",
    ] {
        assert!(h.query_by_label(heading).is_some(), "no {heading}");
    }
    // Marketing in all: 12,500.00 + 3,176.00 = 15,676.00.
    // Brazil: 12,500.00 marketing, 340.00 utility, 12,840.00 in all over 250,000 messages =
    // 0.05136 a message; Mexico 3,176.00 over 80,000 = 0.0397.
    for label in [
        "Brazil (BR)",
        "12,500.00",
        "340.00",
        "12,840.00",
        "0.0514",
        "0.0397",
        "80.2 %",
        "19.8 %",
        "100.0 %",
        "16,016.00",
    ] {
        assert!(has(&h, label), "no label {label}");
    }
    h.get_by_label("Copy table").click();
    h.step();
    assert_eq!(
        copied(&h).unwrap(),
        "Country\tMarket\tMessages\tMarketing (USD)\tUtility (USD)\tAuthentication (USD)\tService (USD)\tMeta cost (USD)\tTotal (USD)\tPer message (USD)\tShare (%)
Brazil\tBrazil\t250000\t12500.00\t340.00\t0.00\t0.00\t12840.00\t12840.00\t0.0514\t80.2
Mexico\tMexico\t80000\t3176.00\t0.00\t0.00\t0.00\t3176.00\t3176.00\t0.0397\t19.8
Total\t\t330000\t15676.00\t340.00\t0.00\t0.00\t16016.00\t16016.00\t0.0485\t100.0
"
    );
    // Sorting by a heading: Messages ascending puts Mexico first.
    click(&mut h, "Sort by messages");
    click(&mut h, "Sort by messages");
    let y = |label: &str| h.get_by_label(label).rect().min.y;
    assert!(y("Mexico (MX)") < y("Brazil (BR)"));
}
