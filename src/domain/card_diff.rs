//! What changes from one rate card to another: per cell, and for a plan.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::calendar::Month;
use super::category::ChargedCategory;
use super::country::Country;
use super::market::MarketName;
use super::projection::{ProjectionError, country_totals, project};
use super::ratebook::{CardId, RateBook, RateCard, RateCell};
use super::scenario::Scenario;

/// One market and category whose cell differs between two cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellChange {
    pub market: MarketName,
    pub category: ChargedCategory,
    /// `None`: the card has no rate there (or no such market).
    pub before: Option<RateCell>,
    pub after: Option<RateCell>,
}

impl CellChange {
    /// Percent change of a rate present and known on both cards, to two decimal places
    /// (half-even); `None` when either side is missing or unknown.
    pub fn percent(&self) -> Option<Decimal> {
        match (self.before?, self.after?) {
            (RateCell::Rate(a), RateCell::Rate(b)) if !a.is_zero() => {
                Some(((b - a) * Decimal::ONE_HUNDRED / a).round_dp(2))
            }
            _ => None,
        }
    }

    /// The change in words when it has no percentage: "added", "removed", "was unknown",
    /// "now unknown"; else the kind's name.
    pub fn describe(&self) -> &'static str {
        match (self.before, self.after) {
            (None, _) => "added",
            (_, None) => "removed",
            (Some(RateCell::Unknown), _) => "was unknown",
            (_, Some(RateCell::Unknown)) => "now unknown",
            _ => self.kind().name(),
        }
    }

    /// Up, down, added, removed or became known/unknown, as a word.
    pub fn kind(&self) -> ChangeKind {
        match (self.before, self.after) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
            (Some(RateCell::Rate(a)), Some(RateCell::Rate(b))) if b > a => ChangeKind::Up,
            (Some(RateCell::Rate(_)), Some(RateCell::Rate(_))) => ChangeKind::Down,
            _ => ChangeKind::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Up,
    Down,
    Added,
    Removed,
    /// One side is a rate whose value is not known.
    Unknown,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Up => "up",
            ChangeKind::Down => "down",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Unknown => "unknown",
        }
    }
}

/// Every difference between card `a` and card `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDiff {
    pub a: CardId,
    pub b: CardId,
    /// In `b`'s market order, then markets only `a` has; categories in order. A category
    /// that one card has no rate for in any market (cards before 2026-10-01 print no service
    /// rates) is a column, not a change: its cells in markets on both cards are left out (see
    /// `columns_added` / `columns_removed`); a new or removed market keeps all its cells.
    pub changes: Vec<CellChange>,
    /// Categories card `b` prices and card `a` has in no market ("not on this card").
    pub columns_added: Vec<ChargedCategory>,
    /// Categories card `a` prices and card `b` has in no market.
    pub columns_removed: Vec<ChargedCategory>,
    /// Cells present on both cards with the same value.
    pub unchanged: usize,
    pub markets_added: Vec<MarketName>,
    pub markets_removed: Vec<MarketName>,
    /// Market and category whose volume-tier ladder differs (added, removed or changed).
    pub tiers_changed: Vec<(MarketName, ChargedCategory)>,
}

impl CardDiff {
    pub fn change(&self, market: &str, category: ChargedCategory) -> Option<&CellChange> {
        self.changes
            .iter()
            .find(|c| c.market == market && c.category == category)
    }

    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind() == kind).count()
    }

    /// Whether `category` is a column one of the two cards lacks altogether.
    pub fn column_on_one_card(&self, category: ChargedCategory) -> bool {
        self.columns_added.contains(&category) || self.columns_removed.contains(&category)
    }

    /// Whether any cell of `market` changed (a new or removed market always has).
    pub fn market_changed(&self, market: &str) -> bool {
        self.changes.iter().any(|c| c.market == market)
    }

    /// "3 rates up, 1 down, 0 added, 0 removed, 6 unknown on one side; 196 unchanged; 1 tier
    /// ladder differs"
    pub fn summary(&self) -> String {
        let tiers = self.tiers_changed.len();
        format!(
            "{} rates up, {} down, {} added, {} removed, {} unknown on one side; {} unchanged; {tiers} tier {}{}",
            self.count(ChangeKind::Up),
            self.count(ChangeKind::Down),
            self.count(ChangeKind::Added),
            self.count(ChangeKind::Removed),
            self.count(ChangeKind::Unknown),
            self.unchanged,
            if tiers == 1 {
                "ladder differs"
            } else {
                "ladders differ"
            },
            self.columns_note()
        )
    }

    /// "; service rates not on the USD 2026-07-01 card", or "" when both cards have the same
    /// columns.
    pub fn columns_note(&self) -> String {
        let mut out = String::new();
        for (list, card) in [
            (&self.columns_added, self.a),
            (&self.columns_removed, self.b),
        ] {
            if list.is_empty() {
                continue;
            }
            let names: Vec<String> = list.iter().map(|c| c.label().to_lowercase()).collect();
            out.push_str(&format!(
                "; {} rates not on the {card} card",
                names.join(" and ")
            ));
        }
        out
    }
}

pub fn diff_cards(a: &RateCard, b: &RateCard) -> CardDiff {
    let mut markets: Vec<MarketName> = b.markets.iter().map(|m| m.market).collect();
    let removed: Vec<MarketName> = a
        .markets
        .iter()
        .map(|m| m.market)
        .filter(|m| b.market(m).is_none())
        .collect();
    markets.extend(&removed);
    let has_column = |card: &RateCard, c: ChargedCategory| {
        card.markets.iter().any(|m| m.cells[c.index()].is_some())
    };
    let columns_added: Vec<ChargedCategory> = ChargedCategory::ALL
        .into_iter()
        .filter(|c| has_column(b, *c) && !has_column(a, *c))
        .collect();
    let columns_removed: Vec<ChargedCategory> = ChargedCategory::ALL
        .into_iter()
        .filter(|c| has_column(a, *c) && !has_column(b, *c))
        .collect();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for market in markets {
        for category in ChargedCategory::ALL {
            let before = a.cell(&market, category);
            let after = b.cell(&market, category);
            let on_both = a.market(&market).is_some() && b.market(&market).is_some();
            if before == after {
                unchanged += usize::from(before.is_some());
            } else if on_both
                && (columns_added.contains(&category) || columns_removed.contains(&category))
            {
                // A column one card lacks: one note for the column, not a change per market.
            } else {
                changes.push(CellChange {
                    market,
                    category,
                    before,
                    after,
                });
            }
        }
    }
    // Ladders Meta gave (on either side) against the other side's; an estimated ladder (a known
    // one carried to a later card's rates) is not a change of Meta's, so it is not compared.
    let mut tiers_changed: Vec<(MarketName, ChargedCategory)> = Vec::new();
    for t in a.tiers.iter().chain(&b.tiers) {
        let key = (t.market, t.category);
        let (la, lb) = (
            a.ladder(&t.market, t.category),
            b.ladder(&t.market, t.category),
        );
        if la.or(lb).is_none_or(|_| {
            la.is_some_and(|l| l.estimated.is_some()) || lb.is_some_and(|l| l.estimated.is_some())
        }) {
            continue;
        }
        let same = la.map(|l| &l.bands) == lb.map(|l| &l.bands);
        if !same && !tiers_changed.contains(&key) {
            tiers_changed.push(key);
        }
    }
    CardDiff {
        a: a.id(),
        b: b.id(),
        changes,
        columns_added,
        columns_removed,
        unchanged,
        markets_added: b
            .markets
            .iter()
            .map(|m| m.market)
            .filter(|m| a.market(m).is_none())
            .collect(),
        markets_removed: removed,
        tiers_changed,
    }
}

/// A plan's cost under two cards, each pinned for the whole horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanComparison {
    pub a: CardId,
    pub b: CardId,
    /// Month, total under `a`, total under `b` (Meta cost, provider fees and tax).
    pub months: Vec<(Month, Decimal, Decimal)>,
    /// Country, total of its lines under `a` and `b` over the horizon (the provider's flat
    /// monthly fee belongs to no country and is left out).
    pub countries: Vec<(Country, Decimal, Decimal)>,
    pub total_a: Decimal,
    pub total_b: Decimal,
}

/// Why a card could not price the plan.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("under the {card} card: {error}")]
pub struct CompareError {
    pub card: CardId,
    pub error: ProjectionError,
}

/// The plan priced with card `a` and with card `b` pinned (the scenario's own pin and currency
/// are replaced by each card's).
pub fn compare_plan(
    scenario: &Scenario,
    book: &RateBook,
    a: CardId,
    b: CardId,
) -> Result<PlanComparison, CompareError> {
    let price = |id: CardId| {
        let mut s = scenario.clone();
        s.currency = id.currency;
        s.rate_card = Some(id.effective);
        project(&s, book).map_err(|error| CompareError { card: id, error })
    };
    let pa = price(a)?;
    let pb = price(b)?;
    let per_country = |p: &super::projection::Projection| -> BTreeMap<Country, Decimal> {
        country_totals(p)
            .into_iter()
            .map(|t| (t.country, t.total))
            .collect()
    };
    let ca = per_country(&pa);
    let cb = per_country(&pb);
    let mut countries: Vec<Country> = ca.keys().chain(cb.keys()).copied().collect();
    countries.sort_by_key(|c| c.code());
    countries.dedup();
    Ok(PlanComparison {
        a,
        b,
        months: pa
            .months
            .iter()
            .zip(&pb.months)
            .map(|(x, y)| (x.month, x.total, y.total))
            .collect(),
        countries: countries
            .into_iter()
            .map(|c| {
                (
                    c,
                    ca.get(&c).copied().unwrap_or_default(),
                    cb.get(&c).copied().unwrap_or_default(),
                )
            })
            .collect(),
        total_a: pa.total,
        total_b: pb.total,
    })
}
