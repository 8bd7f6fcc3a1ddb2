//! Rate cards and the rate book: which card prices which month.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::calendar::{Date, Month};
use super::category::ChargedCategory;
use super::currencies::{self, CurrencyData};
use super::market::{MarketMap, MarketName};

/// An ISO 4217 currency code, e.g. USD.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a currency code (three letters such as USD, EUR, INR)")]
pub struct BadCurrency(pub String);

impl Currency {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("currency codes are ASCII")
    }

    /// Whether Meta bills in this currency (it is in [`BILLING_CURRENCIES`]).
    pub fn is_billed(self) -> bool {
        self.ceiling_per_usd().is_some()
    }

    fn ceiling_per_usd(self) -> Option<u32> {
        BILLING_CURRENCIES
            .iter()
            .find(|(code, _)| *code == self.as_str())
            .map(|(_, per_usd)| *per_usd)
    }

    /// The highest rate per message a card in this currency may hold: [`MAX_RATE_USD`] US
    /// dollars at the currency's ceiling rate. `None` for a currency Meta does not bill in.
    pub fn max_rate(self) -> Option<Decimal> {
        self.ceiling_per_usd()
            .map(|per_usd| Decimal::from(MAX_RATE_USD) * Decimal::from(per_usd))
    }
}

/// No WhatsApp message costs more than this many US dollars (the dearest list rate is about
/// 0.25 USD): a rate above it is a typo or a damaged file, and would make totals overflow.
pub const MAX_RATE_USD: u32 = 100;

/// The ISO 4217 currencies Meta bills in (its ad-account billing currencies, which WhatsApp
/// Business accounts use), each with a ceiling on its units per US dollar: about 1.5 times the
/// 2026 exchange rate, rounded up, so that a currency's fall does not refuse a true card.
pub const BILLING_CURRENCIES: &[(&str, u32)] = &[
    ("AED", 6),
    ("ARS", 5_000),
    ("AUD", 3),
    ("BDT", 200),
    ("BOB", 15),
    ("BRL", 9),
    ("CAD", 3),
    ("CHF", 2),
    ("CLP", 1_500),
    ("CNY", 11),
    ("COP", 6_000),
    ("CRC", 800),
    ("CZK", 35),
    ("DKK", 10),
    ("DZD", 200),
    ("EGP", 80),
    ("EUR", 2),
    ("GBP", 2),
    ("GTQ", 12),
    ("HKD", 12),
    ("HNL", 40),
    ("HUF", 550),
    ("IDR", 25_000),
    ("ILS", 6),
    ("INR", 140),
    ("ISK", 200),
    ("JPY", 250),
    ("KES", 200),
    ("KRW", 2_200),
    ("LKR", 450),
    ("MOP", 12),
    ("MXN", 30),
    ("MYR", 7),
    ("NGN", 2_500),
    ("NIO", 55),
    ("NOK", 16),
    ("NZD", 3),
    ("PEN", 6),
    ("PHP", 90),
    ("PKR", 450),
    ("PLN", 6),
    ("PYG", 12_000),
    ("QAR", 6),
    ("RON", 7),
    ("SAR", 6),
    ("SEK", 16),
    ("SGD", 2),
    ("THB", 55),
    ("TRY", 70),
    ("TWD", 50),
    ("UAH", 65),
    ("USD", 1),
    ("UYU", 60),
    ("VND", 40_000),
    ("ZAR", 28),
];

/// The first effective date a card may have (Meta's WhatsApp Business API opened in 2018)
/// and the last one wacost takes as plausible.
pub fn plausible_effective(date: Date) -> Result<(), String> {
    let first = Date::new(2018, 1, 1).expect("valid");
    let last = Date::new(2099, 12, 31).expect("valid");
    if date < first || date > last {
        return Err(format!(
            "effective date {date} is not plausible: a WhatsApp rate card takes effect between {first} and {last}"
        ));
    }
    Ok(())
}

impl FromStr for Currency {
    type Err = BadCurrency;
    fn from_str(s: &str) -> Result<Currency, BadCurrency> {
        let t = s.trim();
        let bytes = t.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(|b| b.is_ascii_alphabetic()) {
            return Err(BadCurrency(s.to_string()));
        }
        Ok(Currency([
            bytes[0].to_ascii_uppercase(),
            bytes[1].to_ascii_uppercase(),
            bytes[2].to_ascii_uppercase(),
        ]))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Currency, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How sure a figure is (rates/PROVENANCE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellStatus {
    /// Read from Meta's own rate file (`wacost rates import`).
    Official,
    /// Copied from a source that states it copies Meta's card.
    Quoted,
    /// Reconstructed from other cards and Meta's change lists.
    Inferred,
    /// Computed from another currency's card.
    Computed,
    /// Made from Meta's USD card of the same date × one factor per currency
    /// (`domain::currencies`): Meta's cards in other currencies are, row for row, the USD card
    /// times a constant.
    Derived,
    /// Carried forward from an earlier card.
    Carried,
    /// Meta lists a rate here, but its value is not known.
    Unknown,
}

impl CellStatus {
    pub fn name(self) -> &'static str {
        match self {
            CellStatus::Official => "official",
            CellStatus::Quoted => "quoted",
            CellStatus::Inferred => "inferred",
            CellStatus::Computed => "computed",
            CellStatus::Derived => "derived",
            CellStatus::Carried => "carried",
            CellStatus::Unknown => "unknown",
        }
    }
}

impl FromStr for CellStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<CellStatus, String> {
        Ok(match s.trim() {
            "official" => CellStatus::Official,
            "quoted" => CellStatus::Quoted,
            "inferred" => CellStatus::Inferred,
            "computed" => CellStatus::Computed,
            "derived" => CellStatus::Derived,
            "carried" => CellStatus::Carried,
            "unknown" => CellStatus::Unknown,
            other => {
                return Err(format!(
                    "unknown status {other:?}: expected official, quoted, inferred, computed, derived, carried or unknown"
                ));
            }
        })
    }
}

impl CellStatus {
    /// Whether figures of this status are taken from Meta's card (not reconstructed).
    pub fn is_sourced(self) -> bool {
        matches!(self, CellStatus::Official | CellStatus::Quoted)
    }
}

impl fmt::Display for CellStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a card says for one market and category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateCell {
    Rate(Decimal),
    /// Meta lists a rate whose value is not known: a plan that needs it is priced at the best
    /// estimate, flagged, or refused when the book is strict.
    Unknown,
}

/// What is billed: a message (from 2025-07-01) or a 24-hour conversation (before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Message,
    Conversation,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Message => "message",
            Unit::Conversation => "conversation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketRates {
    pub market: MarketName,
    /// Indexed by `ChargedCategory::index()`; `None` = the market has no rate in that category.
    pub cells: [Option<RateCell>; 5],
}

/// A non-quoted cell, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    pub market: MarketName,
    pub category: ChargedCategory,
    pub status: CellStatus,
    pub note: String,
}

/// One band of a volume-tier ladder, as Meta prints it: units `from..=to` of the month (the
/// first band starts at 0 or 1) priced at `rate`; `to = None` is open-ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierBand {
    pub from: u64,
    pub to: Option<u64>,
    pub rate: Decimal,
    pub vs_list_rate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierLadder {
    pub market: MarketName,
    pub category: ChargedCategory,
    pub bands: Vec<TierBand>,
    /// `None`: the ladder as Meta's file (or the card's source) prints it. `Some(how)`: an
    /// estimate made when the book was loaded, from a known ladder's band limits and discount
    /// steps applied to this card's list rate (`RateBook::rederive`); never written to a file.
    pub estimated: Option<String>,
}

impl TierLadder {
    /// The graduated cost of `units` billable units in one month: each band's rate applies only
    /// to the units inside that band.
    pub fn cost(&self, units: u64) -> Decimal {
        let mut cost = Decimal::ZERO;
        let mut below = 0u64; // units already priced by lower bands
        for band in &self.bands {
            if below >= units {
                break;
            }
            let upper = band.to.map_or(units, |to| to.min(units));
            if upper > below {
                cost += band.rate * Decimal::from(upper - below);
                below = upper;
            }
        }
        cost
    }

    /// [`TierLadder::cost`] with checked arithmetic: `None` when the cost needs more digits
    /// than a decimal holds.
    pub fn checked_cost(&self, units: u64) -> Option<Decimal> {
        let mut cost = Decimal::ZERO;
        let mut below = 0u64;
        for band in &self.bands {
            if below >= units {
                break;
            }
            let upper = band.to.map_or(units, |to| to.min(units));
            if upper > below {
                cost = cost.checked_add(band.rate.checked_mul(Decimal::from(upper - below))?)?;
                below = upper;
            }
        }
        Some(cost)
    }

    /// Problems with the ladder's shape: it must start at 0 (or 1), be contiguous, end
    /// open-ended, and never rise in rate.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let Some(first) = self.bands.first() else {
            return vec!["the ladder has no bands".into()];
        };
        if first.from > 1 {
            out.push(format!("the first band starts at {}, not 0", first.from));
        }
        for (i, pair) in self.bands.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            match a.to {
                None => out.push(format!("band {} is open-ended but is not the last", i + 1)),
                Some(u64::MAX) => out.push(format!(
                    "band {} ends at {}, the largest count there is, but is not the last",
                    i + 1,
                    u64::MAX
                )),
                Some(to) if to.checked_add(1) != Some(b.from) => out.push(format!(
                    "band {} ends at {to} but band {} starts at {} (bands must be contiguous)",
                    i + 1,
                    i + 2,
                    b.from
                )),
                Some(_) => {}
            }
            if b.rate > a.rate {
                out.push(format!(
                    "band {} rate {} is higher than band {} rate {}",
                    i + 2,
                    b.rate,
                    i + 1,
                    a.rate
                ));
            }
        }
        for (i, band) in self.bands.iter().enumerate() {
            if let Some(to) = band.to
                && to < band.from
            {
                out.push(format!(
                    "band {} ends ({to}) before it starts ({})",
                    i + 1,
                    band.from
                ));
            }
            if band.rate < Decimal::ZERO {
                out.push(format!("band {} has a negative rate {}", i + 1, band.rate));
            }
        }
        if self.bands.last().is_some_and(|b| b.to.is_some()) {
            out.push("the last band must be open-ended (no upper bound)".into());
        }
        out
    }
}

/// A column of Meta's file that wacost does not price with but keeps for the reader, such as
/// the "Meta Business Agent" per-token rate of the 2026 workbooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoColumn {
    pub name: String,
    /// The cell text per market, in the card's market order; markets with an empty cell are left out.
    pub values: Vec<(MarketName, String)>,
}

impl InfoColumn {
    pub fn value(&self, market: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(m, _)| *m == market)
            .map(|(_, v)| v.as_str())
    }
}

/// Where a card was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardOrigin {
    Shipped,
    File(String),
    /// Made when the book was loaded: another currency's card × a factor
    /// ([`RateBook::rederive`]); replaced whenever the book changes.
    Derived,
}

/// How a card was made from another currency's card: `from` × `factor`, rounded to 4 decimals.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    pub from: CardId,
    /// Units of the card's currency per unit of `from`'s (US dollars).
    pub factor: Decimal,
    /// Where the factor comes from, in words ("Brazil 0.3217/0.0625 …, 2 rows").
    pub basis: String,
}

/// One currency's rates from one effective date.
#[derive(Debug, Clone, PartialEq)]
pub struct RateCard {
    pub currency: Currency,
    pub effective: Date,
    pub unit: Unit,
    /// Status of every cell not listed in `estimates`.
    pub status: CellStatus,
    pub source: String,
    pub note: String,
    pub markets: Vec<MarketRates>,
    pub estimates: Vec<Estimate>,
    pub tiers: Vec<TierLadder>,
    /// Columns kept as information only.
    pub info: Vec<InfoColumn>,
    pub origin: CardOrigin,
    /// Set on a card made from another currency's card.
    pub derivation: Option<Derivation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardId {
    pub currency: Currency,
    pub effective: Date,
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.effective)
    }
}

impl RateCard {
    pub fn id(&self) -> CardId {
        CardId {
            currency: self.currency,
            effective: self.effective,
        }
    }

    pub fn market(&self, name: &str) -> Option<&MarketRates> {
        self.markets.iter().find(|m| m.market == name)
    }

    pub fn market_index(&self, name: &str) -> Option<usize> {
        self.markets.iter().position(|m| m.market == name)
    }

    pub fn cell(&self, market: &str, category: ChargedCategory) -> Option<RateCell> {
        self.market(market)?.cells[category.index()]
    }

    /// Whether this card prints service rates (cards from 2026-10-01 do).
    pub fn has_service_rates(&self) -> bool {
        self.markets
            .iter()
            .any(|m| m.cells[ChargedCategory::Service.index()].is_some())
    }

    /// How sure the figure for one cell is: its estimate's status, else the card's.
    pub fn cell_status(&self, market: &str, category: ChargedCategory) -> CellStatus {
        self.estimate(market, category)
            .map_or(self.status, |e| e.status)
    }

    pub fn estimate(&self, market: &str, category: ChargedCategory) -> Option<&Estimate> {
        self.estimates
            .iter()
            .find(|e| e.market == market && e.category == category)
    }

    pub fn ladder(&self, market: &str, category: ChargedCategory) -> Option<&TierLadder> {
        self.tiers
            .iter()
            .find(|t| t.market == market && t.category == category)
    }

    /// Everything wrong with the card's figures (negative rates, malformed ladders, ladders for
    /// markets or categories the card lacks).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let max = self.currency.max_rate();
        if max.is_none() {
            out.push(format!(
                "currency {} is not one Meta bills in (for example USD, EUR, GBP, INR, IDR, BRL, MXN)",
                self.currency
            ));
        }
        if let Err(e) = plausible_effective(self.effective) {
            out.push(e);
        }
        // From 2026-10-01 Meta prices service messages; before, a card may write service as 0.
        let service_priced = self.effective >= Date::new(2026, 10, 1).expect("valid");
        for m in &self.markets {
            for c in ChargedCategory::ALL {
                let Some(RateCell::Rate(r)) = m.cells[c.index()] else {
                    continue;
                };
                if r < Decimal::ZERO {
                    out.push(format!("{} {c}: negative rate {r}", m.market));
                } else if r.is_zero() && (c != ChargedCategory::Service || service_priced) {
                    // Service was free before 2026-10-01, and older cards write it as 0.
                    out.push(format!(
                        "{} {c}: rate 0; a category without a rate is left out of the row, never written as 0",
                        m.market
                    ));
                } else if let Some(max) = max
                    && r > max
                {
                    out.push(format!(
                        "{} {c}: rate {r} is above {max} {}, which is more than any message costs ({MAX_RATE_USD} US dollars); check the figure",
                        m.market, self.currency
                    ));
                }
            }
        }
        for t in &self.tiers {
            for (i, band) in t.bands.iter().enumerate() {
                if band.rate.is_zero() {
                    out.push(format!(
                        "{} {} tiers: band {} has rate 0",
                        t.market,
                        t.category,
                        i + 1
                    ));
                } else if let Some(max) = max
                    && band.rate > max
                {
                    out.push(format!(
                        "{} {} tiers: band {} rate {} is above {max} {}, more than any message costs",
                        t.market,
                        t.category,
                        i + 1,
                        band.rate,
                        self.currency
                    ));
                }
            }
        }
        for e in &self.estimates {
            if self.cell(&e.market, e.category).is_none() {
                out.push(format!(
                    "estimate for {} {} names a cell the card does not have",
                    e.market, e.category
                ));
            }
        }
        for t in &self.tiers {
            if !matches!(
                t.category,
                ChargedCategory::Utility
                    | ChargedCategory::Authentication
                    | ChargedCategory::AuthenticationInternational
            ) {
                out.push(format!(
                    "{} {}: only utility and authentication have tiers",
                    t.market, t.category
                ));
            }
            if self.market(&t.market).is_none() {
                out.push(format!(
                    "tiers for {} but the card has no such market",
                    t.market
                ));
            }
            for p in t.problems() {
                out.push(format!("{} {} tiers: {p}", t.market, t.category));
            }
        }
        out
    }
}

/// The first line of a free text, for a short mention of it.
pub fn first_line(text: &str) -> &str {
    text.trim().lines().next().unwrap_or("")
}

/// Which card prices a month, and whether it is past the newest one.
#[derive(Debug, Clone, Copy)]
pub struct CardChoice<'a> {
    pub card: &'a RateCard,
    /// The month is after the newest card's effective date's month and no newer card exists:
    /// rates are assumed unchanged.
    pub assumed_unchanged: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateBookError {
    #[error(
        "no rate cards in {currency}; available currencies: {}",
        join(available)
    )]
    UnknownCurrency {
        currency: String,
        available: Vec<String>,
    },
    #[error(
        "{month} is before the first {currency} rate card ({first}): no rates are known for it"
    )]
    BeforeFirstCard {
        month: Month,
        currency: Currency,
        first: Date,
    },
    #[error(
        "no {currency} rate card effective {effective}; {currency} cards: {}",
        join(available)
    )]
    NoSuchCard {
        currency: Currency,
        effective: Date,
        available: Vec<String>,
    },
}

fn join(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

/// Every loaded rate card plus the market mapping they are read with.
#[derive(Debug, Clone, Default)]
pub struct RateBook {
    /// Sorted by (currency, effective).
    cards: Vec<RateCard>,
    markets: MarketMap,
    /// What cards in other currencies are made from (factors, quoted rows).
    currency_data: CurrencyData,
    /// Refuse a plan that needs a rate the card lists as unknown, instead of pricing it at the
    /// best estimate (`wacost … --strict`).
    strict: bool,
}

impl RateBook {
    pub fn new(markets: MarketMap) -> RateBook {
        RateBook {
            cards: Vec::new(),
            markets,
            currency_data: CurrencyData::default(),
            strict: false,
        }
    }

    /// The factors and quoted rows [`RateBook::rederive`] makes cards from.
    pub fn set_currency_data(&mut self, data: CurrencyData) {
        self.currency_data = data;
    }

    pub fn currency_data(&self) -> &CurrencyData {
        &self.currency_data
    }

    /// Remakes every derived card and estimated ladder from the cards loaded (after cards are
    /// added or replaced): see [`currencies::rederive`].
    pub fn rederive(&mut self) {
        let data = std::mem::take(&mut self.currency_data);
        self.cards = currencies::rederive(std::mem::take(&mut self.cards), &data);
        self.currency_data = data;
    }

    /// Adds a card; a card of the same currency and date is replaced and returned.
    pub fn insert(&mut self, card: RateCard) -> Option<RateCard> {
        match self.cards.binary_search_by(|c| c.id().cmp(&card.id())) {
            Ok(i) => Some(std::mem::replace(&mut self.cards[i], card)),
            Err(i) => {
                self.cards.insert(i, card);
                None
            }
        }
    }

    pub fn set_markets(&mut self, markets: MarketMap) {
        self.markets = markets;
    }

    pub fn markets(&self) -> &MarketMap {
        &self.markets
    }

    pub fn cards(&self) -> &[RateCard] {
        &self.cards
    }

    pub fn currencies(&self) -> Vec<Currency> {
        let mut out: Vec<Currency> = self.cards.iter().map(|c| c.currency).collect();
        out.dedup();
        out
    }

    pub fn cards_of(
        &self,
        currency: Currency,
    ) -> impl DoubleEndedIterator<Item = &RateCard> + Clone {
        self.cards.iter().filter(move |c| c.currency == currency)
    }

    pub fn card(&self, id: CardId) -> Option<&RateCard> {
        self.cards
            .binary_search_by(|c| c.id().cmp(&id))
            .ok()
            .map(|i| &self.cards[i])
    }

    /// The card `id` would replace, else the latest card of its currency before it: what a new
    /// card is compared with.
    pub fn card_or_previous(&self, id: CardId) -> Option<&RateCard> {
        self.card(id).or_else(|| {
            self.cards_of(id.currency)
                .rfind(|c| c.effective < id.effective)
        })
    }

    fn check_currency(&self, currency: Currency) -> Result<(), RateBookError> {
        if self.cards_of(currency).next().is_none() {
            return Err(RateBookError::UnknownCurrency {
                currency: currency.to_string(),
                available: self.currencies().iter().map(|c| c.to_string()).collect(),
            });
        }
        Ok(())
    }

    /// The card in force for `month`: the latest of `currency` effective on or before the
    /// month's first day.
    pub fn card_for(
        &self,
        currency: Currency,
        month: Month,
    ) -> Result<CardChoice<'_>, RateBookError> {
        self.check_currency(currency)?;
        let day = month.first_day();
        let mut cards = self.cards_of(currency);
        let first = cards.clone().next().expect("checked above").effective;
        let newest = cards.clone().next_back().expect("checked above");
        let card = cards
            .rfind(|c| c.effective <= day)
            .ok_or(RateBookError::BeforeFirstCard {
                month,
                currency,
                first,
            })?;
        Ok(CardChoice {
            card,
            assumed_unchanged: card.id() == newest.id() && month > newest.effective.month(),
        })
    }

    /// The date of the card a plan is priced from: the pinned card's, else the card in force in
    /// its first month (the latest card if the plan starts before every card).
    pub fn plan_card_date(
        &self,
        currency: Currency,
        pinned: Option<Date>,
        start: Month,
    ) -> Option<Date> {
        if pinned.is_some() {
            return pinned;
        }
        match self.card_for(currency, start) {
            Ok(choice) => Some(choice.card.effective),
            Err(_) => self.cards_of(currency).next().map(|c| c.effective),
        }
    }

    /// How a plan's amounts go from `from` to `to`, at the factors of the two currencies' cards
    /// of `card` (the plan keeps its card date). `None` when either card or factor is missing.
    pub fn conversion(
        &self,
        from: Currency,
        to: Currency,
        card: Date,
    ) -> Option<currencies::Conversion> {
        let f = |c: Currency| {
            let rc = self.card(CardId {
                currency: c,
                effective: card,
            })?;
            currencies::usd_factor(rc, &self.currency_data)
        };
        let (from_per_usd, to_per_usd) = (f(from)?, f(to)?);
        Some(currencies::Conversion {
            from,
            to,
            card,
            factor: to_per_usd.checked_div(from_per_usd)?,
            from_per_usd,
            to_per_usd,
        })
    }

    /// The card the user pinned by its effective date.
    pub fn pinned(&self, currency: Currency, effective: Date) -> Result<&RateCard, RateBookError> {
        self.check_currency(currency)?;
        self.card(CardId {
            currency,
            effective,
        })
        .ok_or_else(|| RateBookError::NoSuchCard {
            currency,
            effective,
            available: self
                .cards_of(currency)
                .map(|c| c.effective.to_string())
                .collect(),
        })
    }

    /// Whether a plan that needs a rate the card lists as unknown is refused (true) or priced
    /// at the best estimate with a warning (false, the default).
    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    pub fn strict(&self) -> bool {
        self.strict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ladder_cost_that_does_not_fit_is_none_not_a_panic() {
        let ladder = TierLadder {
            market: MarketName::new("India"),
            category: ChargedCategory::Utility,
            bands: vec![TierBand {
                from: 0,
                to: None,
                rate: Decimal::MAX,
                vs_list_rate: None,
            }],
            estimated: None,
        };
        assert_eq!(ladder.checked_cost(2), None);
        assert_eq!(ladder.checked_cost(1), Some(Decimal::MAX));
    }

    #[test]
    fn rate_bounds_follow_the_currency() {
        let usd: Currency = "USD".parse().unwrap();
        let idr: Currency = "IDR".parse().unwrap();
        let xyz: Currency = "XYZ".parse().unwrap();
        assert_eq!(usd.max_rate(), Some(Decimal::from(100)));
        assert_eq!(idr.max_rate(), Some(Decimal::from(2_500_000)));
        assert_eq!(xyz.max_rate(), None);
        assert!(!xyz.is_billed());
    }
}
