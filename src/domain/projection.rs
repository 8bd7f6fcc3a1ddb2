//! The projection engine: a scenario and a rate book in, month-by-month costs out, following
//! docs/PRICING.md step by step. Exact decimal money throughout; counts are integers.

use std::collections::HashSet;
use std::fmt;

use rust_decimal::Decimal;

use super::arith::{ExactSum, Growth, Share, add_exact, largest_remainder, split_amount};
use super::calendar::{Date, Month};
use super::category::{Category, ChargedCategory};
use super::country::Country;
use super::era::Era;
use super::market::MarketName;
use super::ratebook::{CardId, CellStatus, Currency, RateBook, RateBookError, RateCard, RateCell};
use super::scenario::{CampaignTarget, MAX_VOLUME, Scenario, ScenarioProblem, VolumeUnit};

/// Free units per pool member and month (service conversations per WABA in cbp-2023, service
/// messages per phone number in pmp-2026).
pub const FREE_TIER_UNITS: u64 = 1_000;

/// The result of a projection: a plain value every view renders.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub currency: Currency,
    /// The provider's fees and the tax, which price every line (`Line::provider_cost`, ...).
    pub terms: ProviderTerms,
    pub months: Vec<MonthProjection>,
    pub meta_cost: Decimal,
    pub provider_cost: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    pub free_savings: Decimal,
    pub volume: u64,
    pub warnings: Vec<Warning>,
    /// The scenario's monthly budget, when it has one (what `over_budget` compares with).
    pub budget_monthly: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthProjection {
    pub month: Month,
    pub era: Era,
    pub card: CardId,
    /// The month is past the newest card: its rates are assumed unchanged.
    pub assumed_unchanged: bool,
    pub pinned: bool,
    /// One line per country and charged category with a non-zero volume, by ISO code.
    pub lines: Vec<Line>,
    pub meta_cost: Decimal,
    /// Per-message fees, markup and the flat platform fee.
    pub provider_cost: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
    /// The provider's flat monthly fee (part of `provider_cost`, in no line) and its tax.
    pub platform_fee: Decimal,
    pub platform_fee_tax: Decimal,
    /// List-rate value of the month's free units, and its split by why they were free.
    pub free_savings: Decimal,
    pub savings: FreeSavings,
    pub volume: u64,
    pub free_volume: u64,
    pub billable_volume: u64,
    /// Whether the total exceeds the scenario's monthly budget (None without a budget).
    pub over_budget: Option<bool>,
}

/// List-rate value of free units, by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FreeSavings {
    /// The monthly free allowance (cbp-2023 per WABA, pmp-2026 per phone number).
    pub free_tier: Decimal,
    /// Service that is free outright (cbp-2024, pmp-2025) and utility inside the CSW (pmp-2025).
    pub customer_service: Decimal,
    /// Everything inside a free entry point window.
    pub entry_point: Decimal,
}

impl FreeSavings {
    pub fn total(&self) -> Decimal {
        self.free_tier + self.customer_service + self.entry_point
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub country: Country,
    pub market: MarketName,
    pub category: ChargedCategory,
    pub volume: u64,
    pub free_entry_point: u64,
    /// Free service (cbp-2024, pmp-2025) and utility inside the customer service window.
    pub free_customer_service: u64,
    /// Units from the pooled monthly free allowance (at most 1,000 per phone number or WABA).
    pub free_tier: u32,
    pub billable_volume: u64,
    /// What Meta charges: billable × list rate, or the line's share of its market's tiered cost.
    pub meta_cost: Decimal,
    /// The list rate (0 when `has_rate` is unset); see [`Line::rate`].
    list_rate: Decimal,
    /// `HAS_RATE | TIERED`. Kept as bits so a line is 80 bytes: a projection of every country
    /// for 36 months has 35,000 of them, and fresh memory is what a cold projection waits on.
    flags: u8,
}

const HAS_RATE: u8 = 1;
const TIERED: u8 = 2;
/// The card lists the line's rate as unknown: it is priced at the best estimate.
const ESTIMATED: u8 = 4;

/// What a provider adds and the tax, as fractions (10 % markup = 0.1). Amounts that follow from
/// a line and these terms are computed on demand rather than stored in every line: they are
/// needed to show a line, not to total a month (totals follow by linearity, exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProviderTerms {
    pub per_message_fee: Decimal,
    pub markup: Decimal,
    pub monthly_fee: Decimal,
    pub tax: Decimal,
}

impl ProviderTerms {
    pub fn from_scenario(s: &Scenario) -> ProviderTerms {
        ProviderTerms {
            per_message_fee: s.provider.per_message_fee,
            markup: s.provider.markup_pct / Decimal::ONE_HUNDRED,
            monthly_fee: s.provider.monthly_fee,
            tax: s.provider.tax_pct / Decimal::ONE_HUNDRED,
        }
    }
}

impl Line {
    /// The list rate the line is charged at (after tiers the effective rate may be lower);
    /// `None` when nothing is billable and the card has no rate.
    pub fn rate(&self) -> Option<Decimal> {
        (self.flags & HAS_RATE != 0).then_some(self.list_rate)
    }

    /// Whether a volume-tier ladder priced this line.
    pub fn tiered(&self) -> bool {
        self.flags & TIERED != 0
    }

    /// Whether the card lists the line's rate as unknown and the line is priced at the best
    /// estimate (see [`Warning::UnknownRateEstimated`]).
    pub fn estimated(&self) -> bool {
        self.flags & ESTIMATED != 0
    }

    pub fn free_volume(&self) -> u64 {
        self.free_entry_point + self.free_customer_service + self.free_tier as u64
    }

    /// billable × list rate: what the line would cost without volume tiers.
    pub fn list_cost(&self) -> Decimal {
        self.list_rate * Decimal::from(self.billable_volume)
    }

    /// List-rate value of the line's free units (0 where the card has no rate).
    pub fn free_savings(&self) -> Decimal {
        self.list_rate * Decimal::from(self.free_volume())
    }

    /// Per-message fees (free messages included) and markup on the Meta cost; the flat platform
    /// fee belongs to the month, not to a line.
    pub fn provider_cost(&self, t: &ProviderTerms) -> Decimal {
        t.per_message_fee * Decimal::from(self.volume) + self.meta_cost * t.markup
    }

    pub fn tax(&self, t: &ProviderTerms) -> Decimal {
        (self.meta_cost + self.provider_cost(t)) * t.tax
    }

    pub fn total(&self, t: &ProviderTerms) -> Decimal {
        let subtotal = self.meta_cost + self.provider_cost(t);
        subtotal + subtotal * t.tax
    }
}

/// Something the user should know about the numbers, which does not stop the projection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Warning {
    RatesAssumedUnchanged {
        card: CardId,
        first_month: Month,
        last_month: Month,
    },
    NoTierData {
        card: CardId,
        market: MarketName,
        category: ChargedCategory,
    },
    ServiceAtUtilityRate {
        card: CardId,
    },
    EstimatedRate {
        card: CardId,
        market: MarketName,
        category: ChargedCategory,
        status: CellStatus,
        note: String,
    },
    CardNotQuoted {
        card: CardId,
        status: CellStatus,
        source: String,
    },
    CampaignOutsideHorizon {
        name: String,
        month: Month,
    },
    CampaignWithoutCountries {
        name: String,
    },
    FreeUnitsWithUnknownRate {
        card: CardId,
        market: MarketName,
        category: ChargedCategory,
    },
    /// The card lists a needed rate whose value is not known; the lines are priced at the best
    /// estimate `rate` instead of refusing the plan (a strict rate book refuses). One warning
    /// per card, market and category, naming every country and month priced so.
    UnknownRateEstimated {
        card: CardId,
        market: MarketName,
        category: ChargedCategory,
        rate: Decimal,
        basis: EstimateBasis,
        /// The countries whose lines were priced at the estimate, by ISO code.
        countries: Vec<Country>,
        /// The months priced at the estimate, in order.
        months: Vec<Month>,
    },
    /// The business is based in a country whose accounts Meta bills only in that country's
    /// currency from `from`, and the plan prices months from then on in another currency.
    HomeCurrencyRequired {
        country: Country,
        required: Currency,
        currency: Currency,
        /// The first month Meta bills the country's businesses only in `required`.
        from: Month,
        /// Meta stops delivering the messages of accounts still billed in another currency.
        delivery_stops: bool,
        /// The plan's months concerned.
        first_month: Month,
        last_month: Month,
    },
}

/// How a rate the card lists as unknown was estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EstimateBasis {
    /// The same market and category on another card of the same currency, the nearest in date
    /// that knows it. The real rate may be higher or lower: Meta changes prices between cards.
    OtherCard(CardId),
    /// The market's own (domestic) authentication rate on the same card, for international
    /// authentication. The real rate is likely higher: international authentication usually
    /// costs several times the domestic rate.
    DomesticAuthentication,
    /// The market's utility rate on the same card, for service: from 2026-10-01 Meta prices
    /// service at the utility rate.
    UtilityRate,
}

impl EstimateBasis {
    /// What the estimate is, for the command line: "the rate of the USD 2026-07-01 card".
    fn describe(self, market: MarketName) -> String {
        match self {
            EstimateBasis::OtherCard(id) => format!("the rate of the {id} card"),
            EstimateBasis::DomesticAuthentication => {
                format!("{market}'s authentication rate on the same card")
            }
            EstimateBasis::UtilityRate => format!("{market}'s utility rate on the same card"),
        }
    }

    /// Which way the real cost may differ, for the command line.
    fn direction(self) -> &'static str {
        match self {
            EstimateBasis::OtherCard(_) => {
                "the real rate may be higher or lower (Meta changed prices between the cards)"
            }
            EstimateBasis::DomesticAuthentication => {
                "the real rate is likely higher (international authentication usually costs several times the domestic rate)"
            }
            EstimateBasis::UtilityRate => {
                "the real rate is likely the same (Meta prices service at the utility rate)"
            }
        }
    }
}

/// Consecutive months as runs: [2026-10, 2026-11, 2027-01] → [(2026-10, 2026-11), (2027-01,
/// 2027-01)]. `months` must be in order.
pub fn month_runs(months: &[Month]) -> Vec<(Month, Month)> {
    let mut out: Vec<(Month, Month)> = Vec::new();
    for &m in months {
        match out.last_mut() {
            Some((_, last)) if last.plus(1) == m => *last = m,
            _ => out.push((m, m)),
        }
    }
    out
}

/// "2026-10 to 2027-03, 2027-05": months in order, consecutive ones as a span.
fn months_text(months: &[Month]) -> String {
    month_runs(months)
        .iter()
        .map(|&(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first} to {last}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2026-12" or "2026-12 to 2027-01".
fn month_span(first: Month, last: Month) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} to {last}")
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::RatesAssumedUnchanged {
                card,
                first_month,
                last_month,
            } => {
                let span = month_span(*first_month, *last_month);
                write!(
                    f,
                    "rates after {} assumed unchanged: {span} priced with the {card} card, the newest known",
                    card.effective
                )
            }
            Warning::NoTierData {
                card,
                market,
                category,
            } => write!(
                f,
                "no tier data for {market} {category} on the {card} card: list rate (upper bound)"
            ),
            Warning::ServiceAtUtilityRate { card } => write!(
                f,
                "the {card} card has no service rates (published before 2026-10-01): service priced at each market's utility rate"
            ),
            Warning::EstimatedRate {
                card,
                market,
                category,
                status,
                note,
            } => write!(
                f,
                "{market} {category} on the {card} card is {status}, not quoted: {note}"
            ),
            Warning::CardNotQuoted {
                card,
                status,
                source,
            } => write!(
                f,
                "the {card} card is {status}, not a quote of Meta's file: {source}"
            ),
            Warning::CampaignOutsideHorizon { name, month } => write!(
                f,
                "campaign {name:?} in {month} is outside the planned months and is not counted"
            ),
            Warning::CampaignWithoutCountries { name } => write!(
                f,
                "campaign {name:?} is for all selected countries, but the plan has none: it is not counted"
            ),
            Warning::FreeUnitsWithUnknownRate {
                card,
                market,
                category,
            } => write!(
                f,
                "{market} {category} on the {card} card has no known rate: its free units are valued at 0"
            ),
            Warning::UnknownRateEstimated {
                card,
                market,
                category,
                rate,
                basis,
                countries,
                months,
            } => write!(
                f,
                "{market} {category} on the {card} card is not known: priced at {rate}, {}, for {} in {}; {}; --strict refuses the plan instead",
                basis.describe(*market),
                countries
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
                    .join(", "),
                months_text(months),
                basis.direction()
            ),
            Warning::HomeCurrencyRequired {
                country,
                required,
                currency,
                from,
                delivery_stops,
                first_month,
                last_month,
            } => {
                let span = month_span(*first_month, *last_month);
                write!(
                    f,
                    "businesses based in {} ({country}) are billed in {required} from {}{}: the plan prices {span} in {currency}",
                    country.name(),
                    from.first_day(),
                    if *delivery_stops {
                        " (Meta stops delivering the messages of accounts billed in another currency)"
                    } else {
                        ""
                    }
                )
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProjectionError {
    #[error(transparent)]
    RateBook(#[from] RateBookError),
    #[error("{}", problems_text(.0))]
    Invalid(Vec<ScenarioProblem>),
    #[error("{month} is before 2023-06, when the pricing rules wacost models begin")]
    MonthOutOfScope { month: Month },
    #[error(
        "the {card} card has no {category} rate for {market}, needed for {country} ({country_name}) in {month}",
        country_name = country.name()
    )]
    MissingRate {
        card: CardId,
        market: MarketName,
        category: ChargedCategory,
        country: Country,
        month: Month,
    },
    #[error(
        "the {card} card lists an {category} rate for {market} but its value is not known; it is needed for {country} ({country_name}) in {month}: import Meta's official card or change the plan",
        country_name = country.name()
    )]
    UnknownRate {
        card: CardId,
        market: MarketName,
        category: ChargedCategory,
        country: Country,
        month: Month,
    },
    #[error(
        "{country} ({country_name}) is in market {market:?} on {effective}, which the {card} card does not price",
        country_name = country.name(),
        effective = card.effective
    )]
    MarketNotOnCard {
        card: CardId,
        market: MarketName,
        country: Country,
    },
    #[error(
        "{country} {category} in {month}: volume {volume} is beyond the limit of 10^12 messages per month"
    )]
    VolumeOverflow {
        month: Month,
        country: Country,
        category: Category,
        volume: u128,
    },
    #[error(
        "{month}: an amount needs more digits than can be computed exactly (at most 28 decimal places and 28 significant digits)"
    )]
    AmountOverflow { month: Month },
}

fn problems_text(problems: &[ScenarioProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A country the plan sends to, with its base volumes.
struct Entry {
    country: Country,
    base: [u64; 4],
    /// What `base` counts (per month, week or day); see [`VolumeUnit::monthly`].
    unit: VolumeUnit,
}

impl Entry {
    /// The base volume of category index `k` as the volume of `month`.
    #[inline]
    fn base_in(&self, k: usize, month: Month) -> u128 {
        self.unit.monthly(self.base[k], month)
    }
}

/// What a card says for one entry: its market and, per charged category, the cell.
#[derive(Clone)]
struct Resolved {
    market: MarketName,
    /// The market's row on the card; `None` when the card lacks the market.
    row: Option<usize>,
    /// Index into the card's tier ladders per charged category.
    ladders: [Option<u16>; 5],
    /// Index into the card's estimates per charged category.
    estimates: [Option<u16>; 5],
}

struct CardView<'a> {
    card: &'a RateCard,
    entries: Vec<Resolved>,
}

impl<'a> CardView<'a> {
    fn new(card: &'a RateCard, book: &RateBook, entries: &[Entry]) -> CardView<'a> {
        let resolved = entries
            .iter()
            .map(|e| {
                let market = book.markets().market_for(e.country, card.effective);
                let row = card.markets.iter().position(|m| m.market == market);
                let mut ladders = [None; 5];
                let mut estimates = [None; 5];
                for c in ChargedCategory::ALL {
                    ladders[c.index()] = card
                        .tiers
                        .iter()
                        .position(|t| t.market == market && t.category == c)
                        .map(|i| i as u16);
                    estimates[c.index()] = card
                        .estimates
                        .iter()
                        .position(|e| e.market == market && e.category == c)
                        .map(|i| i as u16);
                }
                Resolved {
                    market,
                    row,
                    ladders,
                    estimates,
                }
            })
            .collect();
        CardView {
            card,
            entries: resolved,
        }
    }
}

/// Per entry and month: the counts that go into lines.
#[derive(Clone, Copy, Default)]
struct Counts {
    volume: [u64; 4],
    fep: [u64; 4],
    csw: u64,
    service_free: u64,
    tier_free: u64,
    auth_international: bool,
}

impl Counts {
    /// Units left after FEP for a planned category.
    fn remaining(&self, c: Category) -> u64 {
        self.volume[c.index()] - self.fep[c.index()]
    }

    fn billable(&self, c: ChargedCategory) -> u64 {
        let p = c.planned();
        if p == Category::Authentication
            && (c == ChargedCategory::AuthenticationInternational) != self.auth_international
        {
            return 0;
        }
        match p {
            Category::Utility => self.remaining(p) - self.csw,
            Category::Service => self.remaining(p) - self.service_free - self.tier_free,
            _ => self.remaining(p),
        }
    }
}

/// Warnings in the order first met, each once.
#[derive(Default)]
struct Warnings {
    list: Vec<Warning>,
    seen: HashSet<Warning>,
}

impl Warnings {
    /// Adds a warning the caller knows is new (no other path makes this kind).
    fn add_unique(&mut self, w: Warning) {
        debug_assert!(!self.list.contains(&w));
        self.list.push(w);
    }

    fn add(&mut self, w: Warning) {
        if !self.seen.contains(&w) {
            self.seen.insert(w.clone());
            self.list.push(w);
        }
    }

    /// Notes a line priced at an estimate: the card, market and category's warning gains the
    /// country and the month (months come in order).
    #[allow(clippy::too_many_arguments)] // each is one fact of the warning
    fn note_estimate(
        &mut self,
        card: CardId,
        market: MarketName,
        category: ChargedCategory,
        rate: Decimal,
        basis: EstimateBasis,
        country: Country,
        month: Month,
    ) {
        for w in self.list.iter_mut().rev() {
            if let Warning::UnknownRateEstimated {
                card: c,
                market: m,
                category: k,
                countries,
                months,
                ..
            } = w
                && *c == card
                && *m == market
                && *k == category
            {
                if let Err(at) = countries.binary_search(&country) {
                    countries.insert(at, country);
                }
                if months.last() != Some(&month) {
                    months.push(month);
                }
                return;
            }
        }
        self.list.push(Warning::UnknownRateEstimated {
            card,
            market,
            category,
            rate,
            basis,
            countries: vec![country],
            months: vec![month],
        });
    }
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil), to measure how far apart two
/// cards' effective dates are.
fn day_number(d: Date) -> i64 {
    let (month, day) = (i64::from(d.month().month()), i64::from(d.day()));
    let year = i64::from(d.year()) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The best estimate of a rate `card` lists as unknown for `market` and `category`: the same
/// cell of the card of the same currency nearest in effective date (either way; the earlier on
/// a tie) that knows it; failing that, for international authentication the market's own
/// authentication rate on `card`, for service its utility rate on `card`. `None` when there is
/// nothing to estimate from.
pub fn estimate_unknown_rate(
    book: &RateBook,
    card: &RateCard,
    market: &str,
    category: ChargedCategory,
) -> Option<(Decimal, EstimateBasis)> {
    let day = day_number(card.effective);
    let nearest = book
        .cards_of(card.currency)
        .filter(|c| c.effective != card.effective)
        .filter_map(|c| match c.cell(market, category) {
            Some(RateCell::Rate(r)) => Some((c, r)),
            _ => None,
        })
        .min_by_key(|(c, _)| {
            let other = day_number(c.effective);
            ((other - day).abs(), other > day)
        });
    if let Some((c, r)) = nearest {
        return Some((r, EstimateBasis::OtherCard(c.id())));
    }
    let (sibling, basis) = match category {
        ChargedCategory::AuthenticationInternational => (
            ChargedCategory::Authentication,
            EstimateBasis::DomesticAuthentication,
        ),
        ChargedCategory::Service => (ChargedCategory::Utility, EstimateBasis::UtilityRate),
        _ => return None,
    };
    match card.cell(market, sibling) {
        Some(RateCell::Rate(r)) => Some((r, basis)),
        _ => None,
    }
}

/// A rule of late 2026: businesses based in `country` are billed only in `currency` from
/// `from` (India: INR from 2027-01-01, and Meta stops delivering for accounts in another
/// currency; Brazil: BRL by 2027-06-30).
struct HomeCurrencyRule {
    country: &'static str,
    currency: &'static str,
    from: (i32, u8),
    delivery_stops: bool,
}

const HOME_CURRENCY_RULES: [HomeCurrencyRule; 2] = [
    HomeCurrencyRule {
        country: "IN",
        currency: "INR",
        from: (2027, 1),
        delivery_stops: true,
    },
    HomeCurrencyRule {
        country: "BR",
        currency: "BRL",
        from: (2027, 7),
        delivery_stops: false,
    },
];

/// The plan-level warning of a rule above, when the scenario's business is based in the rule's
/// country and the plan prices months from the rule's date in another currency.
fn home_currency_warnings(scenario: &Scenario) -> Vec<Warning> {
    let Some(country) = scenario.business.primary_country else {
        return Vec::new();
    };
    let last_month = scenario.end_month();
    HOME_CURRENCY_RULES
        .iter()
        .filter(|r| r.country == country.code())
        .filter_map(|r| {
            let from = Month::new(r.from.0, r.from.1)?;
            let required: Currency = r.currency.parse().ok()?;
            (scenario.currency != required && last_month >= from).then(|| {
                Warning::HomeCurrencyRequired {
                    country,
                    required,
                    currency: scenario.currency,
                    from,
                    delivery_stops: r.delivery_stops,
                    first_month: from.max(scenario.start_month),
                    last_month,
                }
            })
        })
        .collect()
}

// The arithmetic helpers return `Option` (None = beyond what a decimal holds exactly) rather than
// the large `ProjectionError`, which would be copied through memory on every call of the hot loop;
// `exact!` turns `None` into the error where it is used.
macro_rules! exact {
    ($month:expr, $e:expr) => {
        match $e {
            Some(v) => v,
            None => return Err(ProjectionError::AmountOverflow { month: $month }),
        }
    };
}

/// `a × b`, exactly, or `None` when the exact product does not fit a decimal (more than 28
/// decimal places or 96 bits): the general decimal product would round, and the engine promises
/// exact amounts. Trailing zeros are dropped and the product retried before giving up.
#[inline(always)]
fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    if a.is_zero() || b.is_zero() {
        return Some(Decimal::ZERO);
    }
    mantissa_product(a, b).or_else(|| mantissa_product(a.normalize(), b.normalize()))
}

#[inline(always)]
fn mantissa_product(a: Decimal, b: Decimal) -> Option<Decimal> {
    let m = a.mantissa().checked_mul(b.mantissa())?;
    Decimal::try_from_i128_with_scale(m, a.scale() + b.scale()).ok()
}

/// `rate × units`, exactly. Integer multiplication of the mantissa keeps the rate's scale (so
/// 100,000 × 0.0118 = 1180.0000) and is much cheaper than a general decimal product, which
/// matters because it runs for every line on every keystroke.
#[inline(always)]
fn times_units(rate: Decimal, units: u64) -> Option<Decimal> {
    if units == 0 {
        return Some(Decimal::ZERO);
    }
    rate.mantissa()
        .checked_mul(units as i128)
        .and_then(|m| Decimal::try_from_i128_with_scale(m, rate.scale()).ok())
}

/// Projects `scenario` with the rates of `book`.
pub fn project(scenario: &Scenario, book: &RateBook) -> Result<Projection, ProjectionError> {
    let mut p = Projection::empty(scenario.currency);
    project_into(scenario, book, &mut p)?;
    Ok(p)
}

impl Projection {
    /// A projection of nothing, to be filled by [`project_into`].
    pub fn empty(currency: Currency) -> Projection {
        Projection {
            currency,
            terms: ProviderTerms::default(),
            months: Vec::new(),
            meta_cost: Decimal::ZERO,
            provider_cost: Decimal::ZERO,
            tax: Decimal::ZERO,
            total: Decimal::ZERO,
            free_savings: Decimal::ZERO,
            volume: 0,
            warnings: Vec::new(),
            budget_monthly: None,
        }
    }

    /// Each month whose total exceeds the monthly budget, with the amount over, in month order;
    /// empty without a budget.
    pub fn months_over_budget(&self) -> Vec<MonthOverBudget> {
        let Some(budget) = self.budget_monthly else {
            return Vec::new();
        };
        self.months
            .iter()
            .filter(|m| m.total > budget)
            .map(|m| MonthOverBudget {
                month: m.month,
                total: m.total,
                over_by: m.total - budget,
            })
            .collect()
    }
}

/// A monthly budget to start from: the plan's average month rounded up to two significant
/// digits (25,277.40 → 26,000; 812.5 → 820; 0 → 1,000), so a new budget is neither 1,000 for a
/// 20,000 plan nor a figure with cents.
pub fn suggested_budget(p: &Projection) -> Decimal {
    let months = Decimal::from(p.months.len().max(1) as u64);
    let average = p.total / months;
    if average <= Decimal::ONE {
        return Decimal::from(1000);
    }
    let whole = average.ceil();
    let digits = whole.to_string().trim_start_matches('-').len() as u32;
    let step = Decimal::from(10u64.pow(digits.saturating_sub(2).min(18)));
    (average / step).ceil() * step
}

/// A month over the monthly budget: which, its total, and by how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthOverBudget {
    pub month: Month,
    pub total: Decimal,
    pub over_by: Decimal,
}

/// Projects into `out`, reusing its allocations: a window that recomputes on every keystroke
/// keeps two projections and swaps them, so a new projection costs no fresh memory (fresh pages
/// are a quarter of a cold projection's time). On error `out` holds a partial result: keep
/// showing the other one.
pub fn project_into(
    scenario: &Scenario,
    book: &RateBook,
    out: &mut Projection,
) -> Result<(), ProjectionError> {
    let mut spare_lines: Vec<Vec<Line>> = out
        .months
        .drain(..)
        .map(|m| {
            let mut lines = m.lines;
            lines.clear();
            lines
        })
        .collect();
    let problems = scenario.problems();
    if !problems.is_empty() {
        return Err(ProjectionError::Invalid(problems));
    }
    let currency = scenario.currency;
    let pinned = match scenario.rate_card {
        Some(date) => Some(book.pinned(currency, date)?),
        None => None,
    };

    let mut warnings = Warnings::default();

    // Every country the plan sends to, by ISO code (largest-remainder ties go to the lower code).
    let mut entries: Vec<Entry> = scenario
        .countries
        .iter()
        .map(|p| Entry {
            country: p.country,
            base: p.volumes().0,
            unit: p.unit,
        })
        .collect();
    for c in &scenario.campaigns {
        let Some(country) = c.country.country() else {
            continue;
        };
        if !entries.iter().any(|e| e.country == country) {
            entries.push(Entry {
                country,
                base: [0; 4],
                unit: VolumeUnit::Month,
            });
        }
    }
    entries.sort_by_key(|e| e.country);

    let months = scenario.months as usize;
    let growth: Vec<Growth> = Category::ALL
        .iter()
        .map(|&c| Growth::new(scenario.growth_pct.get(c), months))
        .collect();

    // Campaign volume per month: (entry, category, volume); campaigns are few.
    let mut campaign_volume: Vec<Vec<(usize, usize, u128)>> = vec![Vec::new(); months];
    for c in &scenario.campaigns {
        let offset = c.month.months_since(scenario.start_month);
        if offset < 0 || offset >= months as i64 {
            warnings.add(Warning::CampaignOutsideHorizon {
                name: c.name.clone(),
                month: c.month,
            });
            continue;
        }
        let k = c.category.index();
        match c.country {
            CampaignTarget::Country(country) => {
                let entry = entries
                    .iter()
                    .position(|e| e.country == country)
                    .expect("every campaign country has an entry");
                campaign_volume[offset as usize].push((entry, k, c.volume as u128));
            }
            CampaignTarget::AllSelected => {
                // The plan's own countries (not those only a campaign names), by base volume.
                let members: Vec<usize> = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| scenario.countries.iter().any(|p| p.country == e.country))
                    .map(|(i, _)| i)
                    .collect();
                if members.is_empty() {
                    warnings.add(Warning::CampaignWithoutCountries {
                        name: c.name.clone(),
                    });
                    continue;
                }
                let mut weights: Vec<u128> = members
                    .iter()
                    .map(|&i| entries[i].base_in(k, c.month))
                    .collect();
                if weights.iter().all(|&w| w == 0) {
                    weights = vec![1; members.len()];
                }
                for (&i, part) in members
                    .iter()
                    .zip(largest_remainder(c.volume as u128, &weights))
                {
                    if part > 0 {
                        campaign_volume[offset as usize].push((i, k, part));
                    }
                }
            }
        }
    }

    let fep_share = Share::percent(scenario.assumptions.fep_share_pct);
    let csw_share = Share::percent(scenario.assumptions.csw_utility_share_pct);
    let terms = ProviderTerms::from_scenario(scenario);
    let primary = scenario.business.primary_country;
    let auth_intl_possible = scenario.business.auth_international_eligible && primary.is_some();

    let mut views: Vec<CardView<'_>> = Vec::new();
    // Per view, card row and charged category: whether the cell's estimate and tier warnings
    // were already given. These flags make those warnings unique, so they skip the hash set.
    let mut estimate_noted: Vec<Vec<[bool; 5]>> = Vec::new();
    let mut tier_noted: Vec<Vec<[bool; 5]>> = Vec::new();
    let mut month_results = std::mem::take(&mut out.months);
    month_results.reserve(months);
    let mut counts = vec![Counts::default(); entries.len()];
    let mut assumed: Option<(CardId, Month, Month)> = None;

    for (i, month_campaigns) in campaign_volume.iter().enumerate() {
        let month = scenario.start_month.plus(i as i64);
        let era = Era::for_month(month).ok_or(ProjectionError::MonthOutOfScope { month })?;
        let (card, assumed_unchanged) = match pinned {
            Some(card) => (card, false),
            None => {
                let choice = book.card_for(currency, month)?;
                (choice.card, choice.assumed_unchanged)
            }
        };
        if assumed_unchanged {
            let first = assumed.map_or(month, |a| a.1);
            assumed = Some((card.id(), first, month));
        }
        let view_index = match views.iter().position(|v| v.card.id() == card.id()) {
            Some(i) => i,
            None => {
                views.push(CardView::new(card, book, &entries));
                estimate_noted.push(vec![[false; 5]; card.markets.len()]);
                tier_noted.push(vec![[false; 5]; card.markets.len()]);
                if !card.status.is_sourced() {
                    warnings.add(Warning::CardNotQuoted {
                        card: card.id(),
                        status: card.status,
                        source: card.source.trim().to_string(),
                    });
                }
                views.len() - 1
            }
        };
        let view = &views[view_index];
        let service_from_utility = era.service_at_utility_rate(card.effective);
        if service_from_utility {
            warnings.add(Warning::ServiceAtUtilityRate { card: card.id() });
        }

        // Steps 1-4: volumes, FEP, CSW, authentication-international.
        for (e, entry) in entries.iter().enumerate() {
            let mut c = Counts::default();
            for cat in Category::ALL {
                let k = cat.index();
                // Per month (the usual case): the base as it is, as before units existed; per
                // day or week: this month's base, which may exceed the line limit before
                // growth (then refused below).
                let grown = if entry.unit == VolumeUnit::Month {
                    growth[k]
                        .volume(entry.base[k], i)
                        .map_or(u128::MAX, u128::from)
                } else {
                    let base = entry.base_in(k, month);
                    match u64::try_from(base) {
                        Ok(b) if b <= MAX_VOLUME => {
                            growth[k].volume(b, i).map_or(u128::MAX, u128::from)
                        }
                        _ => base,
                    }
                };
                let campaigns: u128 = month_campaigns
                    .iter()
                    .filter(|&&(entry, cat, _)| entry == e && cat == k)
                    .map(|&(_, _, v)| v)
                    .sum();
                let v = grown.saturating_add(campaigns);
                if v > MAX_VOLUME as u128 {
                    return Err(ProjectionError::VolumeOverflow {
                        month,
                        country: entry.country,
                        category: cat,
                        volume: v,
                    });
                }
                c.volume[k] = v as u64;
                c.fep[k] = fep_share.of(v as u64);
            }
            if era == Era::Pmp2025 {
                c.csw = csw_share.of(c.remaining(Category::Utility));
            }
            if era.service_is_free() {
                c.service_free = c.remaining(Category::Service);
            }
            c.auth_international = auth_intl_possible
                && Some(entry.country) != primary
                && view.entries[e].row.is_some_and(|row| {
                    card.markets[row].cells[ChargedCategory::AuthenticationInternational.index()]
                        .is_some()
                });
            counts[e] = c;
        }

        // Step 5: the pooled service free tier, by largest remainder over remaining volume.
        let pool_members = match era {
            Era::Cbp2023 => Some(scenario.business.wabas),
            Era::Pmp2026 => Some(scenario.business.phone_numbers),
            _ => None,
        };
        if let Some(members) = pool_members {
            let weights: Vec<u128> = counts
                .iter()
                .map(|c| c.remaining(Category::Service) as u128)
                .collect();
            let total: u128 = weights.iter().sum();
            let pool = (FREE_TIER_UNITS as u128 * members as u128).min(total);
            for (c, free) in counts.iter_mut().zip(largest_remainder(pool, &weights)) {
                c.tier_free = free as u64;
            }
        }
        // Governments and non-profits: service beyond the free allowance is free too, counted
        // as service is in the months when it was free for everyone.
        if scenario.business.service_free_in(month) {
            for c in counts.iter_mut() {
                c.service_free = c.remaining(Category::Service) - c.tier_free;
            }
        }

        // Steps 2-6: price every line at its list rate, then re-price tiered markets.
        let mut lines: Vec<Line> = spare_lines
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(entries.len() * 4));
        let mut savings_sum = [ExactSum::new(); 3];
        // (market, category) -> line indices, for tiered categories in per-message eras.
        let mut tier_groups: Vec<(usize, ChargedCategory, Vec<usize>)> = Vec::new();
        for (e, entry) in entries.iter().enumerate() {
            let c = &counts[e];
            let resolved = &view.entries[e];
            for cat in ChargedCategory::ALL {
                let planned = cat.planned();
                let volume = c.volume[planned.index()];
                if volume == 0 {
                    continue;
                }
                let is_auth = planned == Category::Authentication;
                if is_auth
                    && (cat == ChargedCategory::AuthenticationInternational) != c.auth_international
                {
                    continue;
                }
                let Some(row) = resolved.row else {
                    return Err(ProjectionError::MarketNotOnCard {
                        card: card.id(),
                        market: resolved.market,
                        country: entry.country,
                    });
                };
                let cells = &card.markets[row].cells;
                let billable = c.billable(cat);
                let rate_cat = if cat == ChargedCategory::Service && service_from_utility {
                    ChargedCategory::Utility
                } else {
                    cat
                };
                let mut estimated = false;
                let rate = match cells[rate_cat.index()] {
                    Some(RateCell::Rate(r)) => Some(r),
                    Some(RateCell::Unknown) if billable > 0 => {
                        // Priced at the best estimate with a warning, unless the book is strict.
                        let found = if book.strict() {
                            None
                        } else {
                            estimate_unknown_rate(book, card, &resolved.market, rate_cat)
                        };
                        let Some((r, basis)) = found else {
                            return Err(ProjectionError::UnknownRate {
                                card: card.id(),
                                market: resolved.market,
                                category: rate_cat,
                                country: entry.country,
                                month,
                            });
                        };
                        warnings.note_estimate(
                            card.id(),
                            resolved.market,
                            rate_cat,
                            r,
                            basis,
                            entry.country,
                            month,
                        );
                        estimated = true;
                        Some(r)
                    }
                    None if billable > 0 => {
                        return Err(ProjectionError::MissingRate {
                            card: card.id(),
                            market: resolved.market,
                            category: rate_cat,
                            country: entry.country,
                            month,
                        });
                    }
                    Some(RateCell::Unknown) => {
                        warnings.add(Warning::FreeUnitsWithUnknownRate {
                            card: card.id(),
                            market: resolved.market,
                            category: rate_cat,
                        });
                        None
                    }
                    None => None,
                };
                // A cell priced at an estimate has its own warning, which says more; a cell listed
                // only to say it is quoted (on a derived card) needs none.
                if let Some(i) = resolved.estimates[rate_cat.index()]
                    && rate.is_some()
                    && !estimated
                    && !card.estimates[i as usize].status.is_sourced()
                    && !std::mem::replace(
                        &mut estimate_noted[view_index][row][rate_cat.index()],
                        true,
                    )
                {
                    let est = &card.estimates[i as usize];
                    warnings.add_unique(Warning::EstimatedRate {
                        card: card.id(),
                        market: resolved.market,
                        category: rate_cat,
                        status: est.status,
                        note: est.note.clone(),
                    });
                }
                let r = rate.unwrap_or(Decimal::ZERO);

                // Free units, and what they would have cost at list rates.
                let fep = c.fep[planned.index()];
                let (csw_free, tier_free) = match planned {
                    Category::Utility => (c.csw, 0),
                    Category::Service => (c.service_free, c.tier_free),
                    _ => (0, 0),
                };
                for (sum, units) in savings_sum.iter_mut().zip([tier_free, csw_free, fep]) {
                    if units > 0 {
                        exact!(month, sum.add(exact!(month, times_units(r, units))));
                    }
                }

                // A line priced at an estimate takes its estimated rate as it is: no ladder.
                if era.has_tiers()
                    && billable > 0
                    && !estimated
                    && matches!(
                        cat,
                        ChargedCategory::Utility
                            | ChargedCategory::Authentication
                            | ChargedCategory::AuthenticationInternational
                    )
                {
                    match resolved.ladders[cat.index()].map(usize::from) {
                        Some(ladder) => {
                            let line_index = lines.len();
                            match tier_groups.iter_mut().find(|g| g.0 == ladder && g.1 == cat) {
                                Some(g) => g.2.push(line_index),
                                None => tier_groups.push((ladder, cat, vec![line_index])),
                            }
                        }
                        None if !std::mem::replace(
                            &mut tier_noted[view_index][row][cat.index()],
                            true,
                        ) =>
                        {
                            warnings.add_unique(Warning::NoTierData {
                                card: card.id(),
                                market: resolved.market,
                                category: cat,
                            })
                        }
                        None => {}
                    }
                }

                lines.push(Line {
                    country: entry.country,
                    market: resolved.market,
                    category: cat,
                    volume,
                    free_entry_point: fep,
                    free_customer_service: csw_free,
                    free_tier: tier_free as u32,
                    billable_volume: billable,
                    meta_cost: exact!(month, times_units(r, billable)),
                    list_rate: r,
                    flags: if rate.is_some() { HAS_RATE } else { 0 }
                        | if estimated { ESTIMATED } else { 0 },
                });
            }
        }

        // Step 6: graduated tiers per market and category, split back by billable volume.
        for (ladder, _, members) in &tier_groups {
            let ladder = &card.tiers[*ladder];
            let units: u64 = members.iter().map(|&l| lines[l].billable_volume).sum();
            let cost = exact!(month, ladder.checked_cost(units));
            let weights: Vec<u128> = members
                .iter()
                .map(|&l| lines[l].billable_volume as u128)
                .collect();
            for (&l, share) in members.iter().zip(split_amount(cost, &weights)) {
                lines[l].meta_cost = share;
                lines[l].flags |= TIERED;
            }
        }

        // Steps 7-8: totals, provider layer and tax. Lines' provider cost and tax are linear in
        // their Meta cost and volume, so the month's follow from its sums, exactly.
        let mut meta = ExactSum::new();
        let (mut volume, mut free_volume, mut billable_volume) = (0u64, 0u64, 0u64);
        for line in &lines {
            exact!(month, meta.add(line.meta_cost));
            volume += line.volume;
            free_volume += line.free_volume();
            billable_volume += line.billable_volume;
        }
        let meta_cost = exact!(month, meta.value());
        let fees = exact!(month, times_units(terms.per_message_fee, volume));
        let markup = exact!(month, mul(meta_cost, terms.markup));
        let mut provider = ExactSum::new();
        for part in [fees, markup, terms.monthly_fee] {
            exact!(month, provider.add(part));
        }
        let provider_cost = exact!(month, provider.value());
        let subtotal = exact!(month, add_exact(meta_cost, provider_cost));
        let tax = exact!(month, mul(subtotal, terms.tax));
        let mut savings_total = ExactSum::new();
        for part in savings_sum {
            exact!(month, savings_total.add(exact!(month, part.value())));
        }
        let savings = FreeSavings {
            free_tier: exact!(month, savings_sum[0].value()),
            customer_service: exact!(month, savings_sum[1].value()),
            entry_point: exact!(month, savings_sum[2].value()),
        };
        let mut m = MonthProjection {
            month,
            era,
            card: card.id(),
            assumed_unchanged,
            pinned: pinned.is_some(),
            lines,
            meta_cost,
            provider_cost,
            tax,
            total: exact!(month, add_exact(subtotal, tax)),
            platform_fee: terms.monthly_fee,
            platform_fee_tax: exact!(month, mul(terms.monthly_fee, terms.tax)),
            free_savings: exact!(month, savings_total.value()),
            savings,
            volume,
            free_volume,
            billable_volume,
            over_budget: None,
        };
        m.over_budget = scenario.budget_monthly.map(|b| m.total > b);
        month_results.push(m);
    }

    if let Some((card, first_month, last_month)) = assumed {
        warnings.list.insert(
            0,
            Warning::RatesAssumedUnchanged {
                card,
                first_month,
                last_month,
            },
        );
    }

    for w in home_currency_warnings(scenario) {
        warnings.add(w);
    }

    let p = out;
    p.currency = currency;
    p.terms = terms;
    p.meta_cost = Decimal::ZERO;
    p.provider_cost = Decimal::ZERO;
    p.tax = Decimal::ZERO;
    p.total = Decimal::ZERO;
    p.free_savings = Decimal::ZERO;
    p.volume = 0;
    p.warnings = warnings.list;
    p.budget_monthly = scenario.budget_monthly;
    for m in &month_results {
        p.meta_cost += m.meta_cost;
        p.provider_cost += m.provider_cost;
        p.tax += m.tax;
        p.total += m.total;
        p.free_savings += m.free_savings;
        p.volume += m.volume;
    }
    p.months = month_results;
    Ok(())
}
impl MonthProjection {
    /// The month's Meta cost per charged category, indexed by `ChargedCategory::index()`.
    pub fn meta_by_category(&self) -> [Decimal; 5] {
        let mut out = [Decimal::ZERO; 5];
        for l in &self.lines {
            out[l.category.index()] += l.meta_cost;
        }
        out
    }
}

/// A layer of the monthly stacked chart, bottom to top: what the window and the reports draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartLayer {
    Meta(ChargedCategory),
    Provider,
    Tax,
    /// The list-rate value of free units, drawn lighter on top of what is paid.
    FreeAllowance,
}

impl ChartLayer {
    pub fn name(self) -> String {
        match self {
            ChartLayer::Meta(c) => format!("Meta: {}", c.label()),
            ChartLayer::Provider => "Provider fees".into(),
            ChartLayer::Tax => "Tax".into(),
            ChartLayer::FreeAllowance => "Free allowance (not charged)".into(),
        }
    }
}

/// The stacked chart's layers with one value per month; layers that are zero every month are
/// left out.
pub fn chart_layers(p: &Projection) -> Vec<(ChartLayer, Vec<Decimal>)> {
    let by_category: Vec<[Decimal; 5]> = p.months.iter().map(|m| m.meta_by_category()).collect();
    let mut out: Vec<(ChartLayer, Vec<Decimal>)> = ChargedCategory::ALL
        .iter()
        .map(|c| {
            let values = by_category.iter().map(|v| v[c.index()]).collect();
            (ChartLayer::Meta(*c), values)
        })
        .collect();
    out.push((
        ChartLayer::Provider,
        p.months.iter().map(|m| m.provider_cost).collect(),
    ));
    out.push((ChartLayer::Tax, p.months.iter().map(|m| m.tax).collect()));
    out.push((
        ChartLayer::FreeAllowance,
        p.months.iter().map(|m| m.free_savings).collect(),
    ));
    out.retain(|(_, values)| values.iter().any(|v| !v.is_zero()));
    out
}

/// One country's sums over the horizon (the provider's flat monthly fee belongs to no country).
#[derive(Debug, Clone, PartialEq)]
pub struct CountryTotal {
    pub country: Country,
    /// Every market the country priced in (more than one when the mapping changes mid-plan).
    pub markets: Vec<MarketName>,
    pub volume: u64,
    pub free_volume: u64,
    pub meta_by_category: [Decimal; 5],
    pub meta_cost: Decimal,
    pub provider_cost: Decimal,
    pub tax: Decimal,
    pub total: Decimal,
}

/// Per-country sums in one pass over the lines, dearest first (ties by country). Shared by
/// the window's country views, the reports and the plan priced under two cards.
pub fn country_totals(p: &Projection) -> Vec<CountryTotal> {
    let mut out: Vec<CountryTotal> = Vec::new();
    let mut index: std::collections::HashMap<Country, usize> = std::collections::HashMap::new();
    for l in p.months.iter().flat_map(|m| &m.lines) {
        let i = *index.entry(l.country).or_insert_with(|| {
            out.push(CountryTotal {
                country: l.country,
                markets: Vec::new(),
                volume: 0,
                free_volume: 0,
                meta_by_category: [Decimal::ZERO; 5],
                meta_cost: Decimal::ZERO,
                provider_cost: Decimal::ZERO,
                tax: Decimal::ZERO,
                total: Decimal::ZERO,
            });
            out.len() - 1
        });
        let t = &mut out[i];
        if !t.markets.contains(&l.market) {
            t.markets.push(l.market);
        }
        t.volume += l.volume;
        t.free_volume += l.free_volume();
        t.meta_by_category[l.category.index()] += l.meta_cost;
        t.meta_cost += l.meta_cost;
        // The same operations as `Line::total`, keeping its parts.
        let provider = l.provider_cost(&p.terms);
        let tax = (l.meta_cost + provider) * p.terms.tax;
        t.provider_cost += provider;
        t.tax += tax;
        t.total += l.meta_cost + provider + tax;
    }
    out.sort_by(|a, b| b.total.cmp(&a.total).then(a.country.cmp(&b.country)));
    out
}

/// Headline numbers of a projection, as the window's cards and the reports show them.
pub struct Summary {
    pub total: Decimal,
    pub average_month: Decimal,
    pub free_savings: Decimal,
    pub per_thousand: Option<Decimal>,
    pub months_over_budget: Option<usize>,
}

pub fn summary(p: &Projection) -> Summary {
    let months = Decimal::from(p.months.len().max(1) as u64);
    Summary {
        total: p.total,
        average_month: p.total / months,
        free_savings: p.free_savings,
        per_thousand: (p.volume > 0)
            .then(|| p.total * Decimal::from(1000) / Decimal::from(p.volume)),
        months_over_budget: p.months.first().and_then(|m| m.over_budget).map(|_| {
            p.months
                .iter()
                .filter(|m| m.over_budget == Some(true))
                .count()
        }),
    }
}
