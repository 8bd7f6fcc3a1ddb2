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

/// USD 2026-07-01 has no service rates; USD 2026-10-01 prints one for every market. That is a
/// column one card lacks, noted once, not a service rate "added" in each market on both cards.
#[test]
fn a_column_one_card_lacks_is_noted_once_and_not_counted_as_added() {
    let book = embedded_book();
    let ca = book.card(id("USD", "2026-07-01")).unwrap();
    let cb = book.card(id("USD", "2026-10-01")).unwrap();
    assert!(!ca.has_service_rates() && cb.has_service_rates());
    let d = diff_cards(ca, cb);
    assert_eq!(d.columns_added, vec![ChargedCategory::Service]);
    assert!(d.columns_removed.is_empty());
    assert!(d.column_on_one_card(ChargedCategory::Service));
    // No service change in a market both cards have.
    let on_both = |m: &str| ca.market(m).is_some() && cb.market(m).is_some();
    assert!(
        d.changes
            .iter()
            .all(|c| c.category != ChargedCategory::Service || !on_both(c.market.as_str()))
    );
    // What is left "added" is the new markets' cells only.
    let added_on_both = d
        .changes
        .iter()
        .filter(|c| c.kind() == ChangeKind::Added && on_both(c.market.as_str()))
        .count();
    assert_eq!(added_on_both, 0);
    assert!(
        d.summary()
            .ends_with("; service rates not on the USD 2026-07-01 card"),
        "{}",
        d.summary()
    );
    // Mexico marketing as the two cards print it (rates/cards/2026-07-01_USD.toml: 0.0305,
    // 2026-10-01_USD.toml: 0.0397); utility 0.0085 on both, unchanged; Mexico's service cell
    // is part of the column, not a change.
    let rate = |s: &str| Some(RateCell::Rate(Decimal::from_str(s).unwrap()));
    let mx = d.change("Mexico", ChargedCategory::Marketing).unwrap();
    assert_eq!((mx.before, mx.after), (rate("0.0305"), rate("0.0397")));
    assert_eq!(mx.percent(), Some(Decimal::from_str("30.16").unwrap()));
    assert!(d.change("Mexico", ChargedCategory::Utility).is_none());
    assert!(d.change("Mexico", ChargedCategory::Service).is_none());
    assert!(d.market_changed("Mexico"));
    // "Only changed markets" has something to hide again: markets on both cards whose rates
    // are all the same (Brazil is one: 0.0625 / 0.0068 / 0.0068 on both).
    assert!(!d.market_changed("Brazil"));
    let shown = cb
        .markets
        .iter()
        .filter(|m| d.market_changed(m.market.as_str()))
        .count();
    assert!(
        shown < cb.markets.len() / 2,
        "{shown} of {}",
        cb.markets.len()
    );
    // A new market on the later card keeps every cell, its service rate included.
    for m in &d.markets_added {
        assert!(d.market_changed(m.as_str()));
    }
}

#[test]
fn the_same_column_on_both_cards_is_compared_cell_by_cell() {
    let book = embedded_book();
    let ca = book.card(id("USD", "2026-04-01")).unwrap();
    let cb = book.card(id("USD", "2026-07-01")).unwrap();
    let d = diff_cards(ca, cb);
    assert!(d.columns_added.is_empty() && d.columns_removed.is_empty());
    assert!(!d.summary().contains("not on the"));
    // Backwards, the service column is one the later card (now `a`) has and `b` lacks.
    let later = book.card(id("USD", "2026-10-01")).unwrap();
    let back = diff_cards(later, cb);
    assert_eq!(back.columns_removed, vec![ChargedCategory::Service]);
    assert!(
        back.summary()
            .ends_with("; service rates not on the USD 2026-07-01 card")
    );
}
