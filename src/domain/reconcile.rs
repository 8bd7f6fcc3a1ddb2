//! Reconciliation: what imported actuals should have cost under Meta's rates, month by month and
//! market by market, set beside the cost the source reported, with the likely cause of a
//! difference when one can be seen.
//!
//! Pricing follows the engine's card rules: the card in force in the month (`card_for`), the
//! market the country belongs to on that card's date, service at the utility rate in the
//! 2026 era on a card without service rates, service free outright in the 2024 and 2025 eras,
//! and volume tiers on the market's whole billable volume of the month in per-message eras.
//! What the file marks free (free tier, free entry point, customer service window) costs nothing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::actuals::{Actuals, PricingType};
use super::calendar::Month;
use super::category::ChargedCategory;
use super::country::Country;
use super::era::Era;
use super::market::MarketName;
use super::ratebook::{CardId, Currency, RateBook, RateBookError, RateCard, RateCell};

/// Differences within this fraction of the recomputed cost (or one cent) count as equal:
/// sources round per message or per day.
const TOLERANCE_PCT: Decimal = Decimal::from_parts(5, 0, 0, false, 3);
const TOLERANCE_ABS: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    pub currency: Currency,
    pub months: Vec<MonthReconciliation>,
    /// The currency of the source's reported costs, when the file or the user says it.
    pub reported_currency: Option<Currency>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthReconciliation {
    pub month: Month,
    /// The card that priced the month; `None` when no card covers it.
    pub card: Option<CardId>,
    pub volume: u64,
    pub billable_volume: u64,
    pub free_volume: u64,
    /// `None` when some billable volume has no rate (the reason is in `problems`).
    pub recomputed_cost: Option<Decimal>,
    pub reported_cost: Option<Decimal>,
    pub markets: Vec<MarketReconciliation>,
    pub problems: Vec<String>,
    /// Whether the reported cost is in the recomputed cost's currency, so the two can be set
    /// side by side.
    pub comparable: bool,
}

impl MonthReconciliation {
    /// Reported minus recomputed, when both are known and in one currency.
    pub fn difference(&self) -> Option<Decimal> {
        if !self.comparable {
            return None;
        }
        self.reported_cost?.checked_sub(self.recomputed_cost?)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MarketReconciliation {
    /// The market's name on the card, or "unknown" for volume without a country.
    pub market: String,
    pub countries: Vec<Country>,
    pub volume: u64,
    pub billable_volume: u64,
    pub free_volume: u64,
    pub recomputed_cost: Option<Decimal>,
    pub reported_cost: Option<Decimal>,
    /// Likely causes of a difference between reported and recomputed cost.
    pub causes: Vec<String>,
    pub comparable: bool,
}

impl MarketReconciliation {
    pub fn difference(&self) -> Option<Decimal> {
        if !self.comparable {
            return None;
        }
        self.reported_cost?.checked_sub(self.recomputed_cost?)
    }
}

impl Reconciliation {
    /// Says what currency the reported costs are in (`None`: the file does not say and the
    /// user has not named it). Reported costs in another currency than the recomputed ones,
    /// or in an unknown one, are shown but never compared: no difference, no causes.
    pub fn with_reported_currency(mut self, reported: Option<Currency>) -> Reconciliation {
        self.reported_currency = reported;
        let comparable = reported == Some(self.currency);
        for m in &mut self.months {
            m.comparable = comparable;
            for k in &mut m.markets {
                k.comparable = comparable;
                if !comparable {
                    k.causes.clear();
                }
            }
        }
        self
    }

    /// Whether any month reports a cost.
    pub fn reports_cost(&self) -> bool {
        self.months.iter().any(|m| m.reported_cost.is_some())
    }

    /// Reported costs that cannot be compared, and why, in plain words.
    pub fn comparison_note(&self) -> Option<String> {
        if !self.reports_cost() {
            return None;
        }
        match self.reported_currency {
            None => Some(format!(
                "The file reports costs without saying their currency: they are not compared with the {} rates. Name the currency to compare them.",
                self.currency
            )),
            Some(c) if c != self.currency => Some(format!(
                "The file reports costs in {c}, the rates are in {}: the two are not compared.",
                self.currency
            )),
            Some(_) => None,
        }
    }
}

/// Whether two amounts agree within the rounding a source may apply (amounts too far apart to
/// subtract do not).
pub fn agrees(reported: Decimal, recomputed: Decimal) -> bool {
    let tolerance = (recomputed.abs() * TOLERANCE_PCT).max(TOLERANCE_ABS);
    reported
        .checked_sub(recomputed)
        .is_some_and(|d| d.abs() <= tolerance)
}

/// One market's volume in a month, per charged category: billable and free units.
#[derive(Default, Clone)]
struct MarketVolume {
    countries: Vec<Country>,
    billable: [u64; 5],
    free: [u64; 5],
    free_tier: u64,
    reported: Option<Decimal>,
    /// A sum of this market's volumes or reported costs did not fit: its figures are not shown.
    overflow: bool,
}

/// Why a sum is not shown: it needs more digits than wacost computes exactly.
const TOO_LARGE: &str = "an amount or a volume is too large to add up exactly (more than 28 digits, or more than 18446744073709551615 messages); check the file's figures";

/// The rate a card charges for a category in an era (`None`: no rate; `Some(0)`: free).
fn rate(
    card: &RateCard,
    era: Era,
    market: &str,
    category: ChargedCategory,
) -> Result<Decimal, String> {
    if category == ChargedCategory::Service && era.service_is_free() {
        return Ok(Decimal::ZERO);
    }
    let rate_cat =
        if category == ChargedCategory::Service && era.service_at_utility_rate(card.effective) {
            ChargedCategory::Utility
        } else {
            category
        };
    match card.cell(market, rate_cat) {
        Some(RateCell::Rate(r)) => Ok(r),
        Some(RateCell::Unknown) => Err(format!(
            "card {} does not know the {} rate of {market}",
            card.id(),
            rate_cat.label()
        )),
        None => Err(format!(
            "card {} has no {} rate for {market}",
            card.id(),
            rate_cat.label()
        )),
    }
}

/// Cost of a market's billable units under a card: per-message eras price tiered categories
/// on the whole month's volume.
fn market_cost(
    card: &RateCard,
    era: Era,
    market: &str,
    billable: &[u64; 5],
) -> Result<Decimal, String> {
    let mut total = Decimal::ZERO;
    for c in ChargedCategory::ALL {
        let units = billable[c.index()];
        if units == 0 {
            continue;
        }
        let cost = if era.has_tiers()
            && let Some(ladder) = card.ladder(market, c)
        {
            ladder.checked_cost(units)
        } else {
            rate(card, era, market, c)?.checked_mul(Decimal::from(units))
        };
        total = cost
            .and_then(|cost| total.checked_add(cost))
            .ok_or_else(|| format!("{market}: {TOO_LARGE}"))?;
    }
    Ok(total)
}

/// Recomputes every month of the actuals with the book's cards in `currency`.
pub fn reconcile(actuals: &Actuals, book: &RateBook, currency: Currency) -> Reconciliation {
    let mut by_month: BTreeMap<Month, BTreeMap<Option<MarketName>, MarketVolume>> = BTreeMap::new();
    // The card of each month, or why there is none.
    let mut cards: BTreeMap<Month, Result<&RateCard, RateBookError>> = BTreeMap::new();
    for month in actuals
        .months()
        .into_iter()
        .chain(actuals.unattributed().map(|(m, _, _)| m))
    {
        cards
            .entry(month)
            .or_insert_with(|| book.card_for(currency, month).map(|c| c.card));
    }
    let card_of = |month: Month| cards.get(&month).and_then(|c| c.as_ref().ok().copied());
    let market_of = |country: Option<Country>, card: Option<&RateCard>| -> Option<MarketName> {
        Some(book.markets().market_for(country?, card?.effective))
    };
    for r in actuals.rows() {
        let card = card_of(r.month);
        let market = market_of(r.country, card);
        let v = by_month
            .entry(r.month)
            .or_default()
            .entry(market)
            .or_default();
        if let Some(c) = r.country
            && !v.countries.contains(&c)
        {
            v.countries.push(c);
        }
        let k = r.category.index();
        let added = match r.pricing_type {
            PricingType::Regular => add_to(&mut v.billable[k], r.volume),
            PricingType::FreeTier => {
                add_to(&mut v.free[k], r.volume) && add_to(&mut v.free_tier, r.volume)
            }
            _ => add_to(&mut v.free[k], r.volume),
        };
        let reported = match r.reported_cost {
            Some(cost) => add_cost(&mut v.reported, cost),
            None => true,
        };
        v.overflow |= !(added && reported);
    }
    for (month, country, cost) in actuals.unattributed() {
        let card = card_of(month);
        let market = market_of(country, card);
        let v = by_month
            .entry(month)
            .or_default()
            .entry(market)
            .or_default();
        v.overflow |= !add_cost(&mut v.reported, cost);
    }

    let mut months = Vec::new();
    for (month, markets) in by_month {
        let card = card_of(month);
        let era = Era::for_month(month);
        let mut problems = Vec::new();
        if let Some(Err(e)) = cards.get(&month) {
            problems.push(e.to_string());
        }
        if era.is_none() {
            problems.push(format!("{month} is outside the pricing eras wacost knows"));
        }
        let mut out = MonthReconciliation {
            month,
            card: card.map(|c| c.id()),
            volume: 0,
            billable_volume: 0,
            free_volume: 0,
            recomputed_cost: Some(Decimal::ZERO),
            reported_cost: None,
            markets: Vec::new(),
            problems: Vec::new(),
            comparable: true,
        };
        let mut month_overflow = false;
        for (market, v) in markets {
            let name = market.map_or("unknown".to_string(), |m| m.as_str().to_string());
            let sum = |xs: &[u64]| xs.iter().try_fold(0u64, |a, &b| a.checked_add(b));
            let (Some(billable), Some(free), Some(volume), false) = (
                sum(&v.billable),
                sum(&v.free),
                sum(&v.billable)
                    .zip(sum(&v.free))
                    .and_then(|(b, f)| b.checked_add(f)),
                v.overflow,
            ) else {
                problems.push(format!("{month}: {name}: {TOO_LARGE}"));
                month_overflow = true;
                continue;
            };
            let recomputed = match (card, era, market) {
                (Some(card), Some(era), Some(m)) => {
                    match market_cost(card, era, m.as_str(), &v.billable) {
                        Ok(c) => Some(c),
                        Err(e) => {
                            problems.push(format!("{month}: {e}"));
                            None
                        }
                    }
                }
                // Without a card or an era the month's problems already say why.
                (Some(_), Some(_), None) if billable > 0 => {
                    problems.push(format!(
                        "{month}: {billable} billable messages name no country, so no rate applies"
                    ));
                    None
                }
                (Some(_), Some(_), None) => Some(Decimal::ZERO),
                _ => None,
            };
            let causes = match (card, era, market, recomputed, v.reported) {
                (Some(card), Some(era), Some(m), Some(rec), Some(rep)) if !agrees(rep, rec) => {
                    causes(book, card, era, m.as_str(), &v, rec, rep)
                }
                _ => Vec::new(),
            };
            let totals_fit = add_to(&mut out.volume, volume)
                && add_to(&mut out.billable_volume, billable)
                && add_to(&mut out.free_volume, free)
                && v.reported
                    .is_none_or(|r| add_cost(&mut out.reported_cost, r));
            month_overflow |= !totals_fit;
            out.recomputed_cost = match (out.recomputed_cost, recomputed) {
                (Some(a), Some(b)) => {
                    let sum = a.checked_add(b);
                    month_overflow |= sum.is_none();
                    sum
                }
                _ => None,
            };
            let mut countries = v.countries.clone();
            countries.sort();
            out.markets.push(MarketReconciliation {
                market: name,
                countries,
                volume,
                billable_volume: billable,
                free_volume: free,
                recomputed_cost: recomputed,
                reported_cost: v.reported,
                causes,
                comparable: true,
            });
        }
        if month_overflow {
            // The month's totals would be wrong: say so rather than show a partial sum.
            problems.push(format!("{month}: the month's total: {TOO_LARGE}"));
            out.recomputed_cost = None;
            out.reported_cost = None;
        }
        out.problems = problems;
        months.push(out);
    }
    Reconciliation {
        currency,
        months,
        reported_currency: Some(currency),
    }
}

/// Adds `n` to a count; false (and the count unchanged) when the sum does not fit.
fn add_to(total: &mut u64, n: u64) -> bool {
    match total.checked_add(n) {
        Some(t) => {
            *total = t;
            true
        }
        None => false,
    }
}

/// Adds a cost to an optional sum; false (and the sum unchanged) when it does not fit.
fn add_cost(total: &mut Option<Decimal>, cost: Decimal) -> bool {
    match total.unwrap_or_default().checked_add(cost) {
        Some(t) => {
            *total = Some(t);
            true
        }
        None => false,
    }
}

/// Explanations tried in turn for a market whose reported cost differs from the recomputed one:
/// another card's rates, free units charged, one category billed at another's rate.
fn causes(
    book: &RateBook,
    card: &RateCard,
    era: Era,
    market: &str,
    v: &MarketVolume,
    recomputed: Decimal,
    reported: Decimal,
) -> Vec<String> {
    let mut out = Vec::new();
    // A rate change: the reported cost matches another card of the same currency, the nearest
    // earlier ones first (a source still billing the old rates), then later ones.
    let earlier = book
        .cards_of(card.currency)
        .rev()
        .filter(|c| c.effective < card.effective);
    let later = book
        .cards_of(card.currency)
        .filter(|c| c.effective > card.effective);
    for other in earlier.chain(later) {
        if let Ok(cost) = market_cost(other, era, market, &v.billable)
            && cost != recomputed
            && agrees(reported, cost)
        {
            out.push(format!(
                "rate change: the reported cost matches card {}, but {} is priced with {}",
                other.id(),
                market,
                card.id()
            ));
            return out;
        }
    }
    // Free units charged: the source billed what the file itself marks free.
    let all: [u64; 5] = std::array::from_fn(|k| v.billable[k].saturating_add(v.free[k]));
    let free_units: u64 = v.free.iter().fold(0u64, |a, &b| a.saturating_add(b));
    if free_units > 0
        && let Ok(cost) = market_cost(card, era, market, &all)
        && agrees(reported, cost)
    {
        out.push(format!(
            "free-tier use: the reported cost matches charging the {free_units} messages the file marks free{}",
            if v.free_tier > 0 {
                format!(" ({} of them from the monthly free tier)", v.free_tier)
            } else {
                String::new()
            }
        ));
        return out;
    }
    // A category billed differently: one category's units at another category's rate.
    for from in ChargedCategory::ALL {
        if v.billable[from.index()] == 0 {
            continue;
        }
        for to in ChargedCategory::ALL {
            if to == from {
                continue;
            }
            let mut moved = v.billable;
            moved[to.index()] = moved[to.index()].saturating_add(moved[from.index()]);
            moved[from.index()] = 0;
            if let Ok(cost) = market_cost(card, era, market, &moved)
                && agrees(reported, cost)
            {
                out.push(format!(
                    "category billed differently: the reported cost matches the {} {} messages billed as {}",
                    v.billable[from.index()],
                    from.label().to_lowercase(),
                    to.label().to_lowercase()
                ));
                return out;
            }
        }
    }
    // The free allowance is named only when it can explain the gap: the source counting those
    // units differently moves the cost by at most their value (a gap of 15.64 is not explained
    // by 3 free messages worth a few cents).
    let mut with_free = v.billable;
    let service = ChargedCategory::Service.index();
    with_free[service] = with_free[service].saturating_add(v.free_tier);
    let free_value = market_cost(card, era, market, &with_free)
        .ok()
        .and_then(|c| c.checked_sub(recomputed));
    let gap = recomputed.checked_sub(reported);
    let explains =
        matches!((free_value, gap), (Some(value), Some(gap)) if agrees(gap.min(value), gap));
    if v.free_tier > 0 && reported < recomputed && explains {
        out.push(format!(
            "free-tier use: {} messages came from the free tier",
            v.free_tier
        ));
    } else {
        out.push("no single cause found: compare the source's own rates with the card".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_allows_rounding_but_not_a_real_difference() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert!(agrees(d("100.40"), d("100")));
        assert!(!agrees(d("100.60"), d("100")));
        assert!(agrees(d("0.01"), d("0")));
        assert!(!agrees(d("0.02"), d("0")));
        assert!(!agrees(Decimal::MIN, d("1156.40")));
    }

    #[test]
    fn amounts_too_large_to_add_are_problems_not_panics() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let usd: Currency = "USD".parse().unwrap();
        let month: Month = "2026-12".parse().unwrap();
        let india = Country::parse("IN").unwrap();
        let brazil = Country::parse("BR").unwrap();
        // A card with an absurd rate (as a hand-made card could hold before rates were
        // bounded): rate x volume does not fit in a decimal.
        let mut book = crate::io::rates::embedded_book();
        let mut card = book.card_for(usd, month).unwrap().card.clone();
        let row = card
            .markets
            .iter_mut()
            .find(|m| m.market == "India")
            .unwrap();
        row.cells[ChargedCategory::Marketing.index()] =
            Some(RateCell::Rate(d("9999999999999999999999999999")));
        book.insert(card);
        let mut actuals = Actuals::default();
        actuals.add(
            month,
            Some(india),
            ChargedCategory::Marketing,
            PricingType::Regular,
            1_000_000,
            None,
        );
        let r = reconcile(&actuals, &book, usd);
        let m = &r.months[0];
        assert_eq!(m.recomputed_cost, None);
        assert!(
            m.problems
                .iter()
                .any(|p| p.contains("too large to add up exactly")),
            "{:?}",
            m.problems
        );
        // Two reported costs that each fit but whose month total does not.
        let mut actuals = Actuals::default();
        for c in [india, brazil] {
            actuals.add(
                month,
                Some(c),
                ChargedCategory::Utility,
                PricingType::Regular,
                5,
                Some(d("50000000000000000000000000000")),
            );
        }
        let r = reconcile(&actuals, &crate::io::rates::embedded_book(), usd);
        let m = &r.months[0];
        assert_eq!(m.reported_cost, None);
        assert!(
            m.problems.iter().any(|p| p.contains("the month's total")),
            "{:?}",
            m.problems
        );
    }
}
