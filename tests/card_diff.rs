//! Card diffs agree with the transcribed source data, cell by cell.

// A test that cannot read its own fixture fails: unwrap is how it says so.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use wacost::domain::card_diff::{ChangeKind, diff_cards};
use wacost::domain::ratebook::{CardId, RateCell};
use wacost::domain::{ChargedCategory, Date};
use wacost::io::rates::embedded_book;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rates-source");

/// market → five cell texts ("" = none), read without wacost's code.
fn source(name: &str) -> BTreeMap<String, Vec<String>> {
    std::fs::read_to_string(format!("{DATA}/{name}"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            let market = cells.remove(0);
            cells.resize(5, String::new());
            (market, cells)
        })
        .collect()
}

fn id(currency: &str, date: &str) -> CardId {
    CardId {
        currency: currency.parse().unwrap(),
        effective: Date::from_str(date).unwrap(),
    }
}

#[test]
fn every_source_difference_between_two_cards_is_a_change_and_nothing_else_is() {
    for (a, b) in [
        ("2026-07-01", "2026-10-01"),
        ("2026-04-01", "2026-07-01"),
        ("2025-07-01", "2025-10-01"),
    ] {
        let book = embedded_book();
        let ca = book.card(id("USD", a)).unwrap();
        let cb = book.card(id("USD", b)).unwrap();
        let diff = diff_cards(ca, cb);
        let (sa, sb) = (
            source(&format!("{a}_USD.csv")),
            source(&format!("{b}_USD.csv")),
        );
        let mut expected = 0;
        for market in sa
            .keys()
            .chain(sb.keys())
            .collect::<std::collections::BTreeSet<_>>()
        {
            for (k, cat) in ChargedCategory::ALL.iter().enumerate() {
                let before = sa.get(market).map_or("", |c| c[k].as_str());
                let after = sb.get(market).map_or("", |c| c[k].as_str());
                // Source blanks are either no rate or unknown; compare the known figures only.
                let known = |card: &wacost::domain::RateCard| match card.cell(market, *cat) {
                    Some(RateCell::Rate(r)) => Some(r),
                    _ => None,
                };
                let numeric_change = match (before, after) {
                    ("", "") => None,
                    (x, y) if !x.is_empty() && !y.is_empty() => {
                        let (x, y) = (Decimal::from_str(x).unwrap(), Decimal::from_str(y).unwrap());
                        (x != y).then_some((x, y))
                    }
                    _ => None,
                };
                let change = diff.change(market, *cat);
                if let Some((x, y)) = numeric_change {
                    expected += 1;
                    let c = change.unwrap_or_else(|| {
                        panic!("{a}->{b}: {market} {cat} changed in the source")
                    });
                    assert_eq!(
                        c.percent(),
                        Some(((y - x) * Decimal::ONE_HUNDRED / x).round_dp(2))
                    );
                    assert_eq!(
                        c.kind(),
                        if y > x {
                            ChangeKind::Up
                        } else {
                            ChangeKind::Down
                        }
                    );
                } else if !before.is_empty() && !after.is_empty() {
                    assert!(
                        change.is_none(),
                        "{a}->{b}: {market} {cat} is the same in the source"
                    );
                    assert_eq!(known(ca), known(cb));
                }
            }
        }
        let priced = diff.count(ChangeKind::Up) + diff.count(ChangeKind::Down);
        assert_eq!(priced, expected, "{a}->{b}");
    }
}

#[test]
fn a_card_against_itself_has_no_changes() {
    let book = embedded_book();
    for card in book.cards() {
        let diff = diff_cards(card, card);
        assert!(diff.changes.is_empty() && diff.tiers_changed.is_empty());
        assert!(diff.unchanged > 0);
    }
}

#[test]
fn changes_without_a_percentage_say_what_happened() {
    use wacost::domain::card_diff::CellChange;
    use wacost::domain::market::MarketName;
    let rate = |s: &str| Some(RateCell::Rate(Decimal::from_str(s).unwrap()));
    let change = |before, after| CellChange {
        market: MarketName::new("Iraq"),
        category: ChargedCategory::AuthenticationInternational,
        before,
        after,
    };
    assert_eq!(change(None, rate("0.07")).describe(), "added");
    assert_eq!(change(rate("0.07"), None).describe(), "removed");
    assert_eq!(
        change(Some(RateCell::Unknown), rate("0.07")).describe(),
        "was unknown"
    );
    assert_eq!(
        change(rate("0.07"), Some(RateCell::Unknown)).describe(),
        "now unknown"
    );
    assert_eq!(
        change(Some(RateCell::Unknown), rate("0.07")).percent(),
        None
    );
    let up = change(rate("0.0305"), rate("0.0397"));
    assert_eq!(up.kind(), ChangeKind::Up);
    // (0.0397 - 0.0305) / 0.0305 = 30.1639...%
    assert_eq!(up.percent(), Some(Decimal::from_str("30.16").unwrap()));
}
