//! Country -> pricing market, on a date. Meta prices by market; which countries form which
//! market changes over time, and a rate card defines its own market set, so the mapping is
//! always asked "on the card's effective date".

use std::collections::BTreeMap;
use std::sync::Arc;

use super::calendar::Date;
use super::country::Country;

/// The market of every country not listed (Meta's rule).
pub const OTHER: &str = "Other";
/// Meta bills by calling code: every +1 number outside the listed exceptions (Dominican Republic,
/// Jamaica, Puerto Rico) is North America, so unlisted NANP territories price as North America.
pub const NANP_DEFAULT: &str = "North America";

/// One row of the mapping: a country belongs to a market from `valid_from` to `valid_until`
/// (inclusive; `None` = open-ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketRule {
    pub country: Country,
    pub market: Arc<str>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
}

impl MarketRule {
    fn valid_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= date)
            && self.valid_until.is_none_or(|until| date <= until)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarketMapError {
    #[error("{country} has two markets on the same date ({first} and {second})")]
    Overlap {
        country: Country,
        first: String,
        second: String,
    },
    #[error("{country}: valid_from {from} is after valid_until {until}")]
    EmptyRange {
        country: Country,
        from: Date,
        until: Date,
    },
}

#[derive(Debug, Clone, Default)]
pub struct MarketMap {
    /// Rules per country, in the order given.
    rules: BTreeMap<Country, Vec<MarketRule>>,
    other: Arc<str>,
    nanp: Arc<str>,
}

impl MarketMap {
    pub fn new(rules: impl IntoIterator<Item = MarketRule>) -> Result<MarketMap, MarketMapError> {
        let mut by_country: BTreeMap<Country, Vec<MarketRule>> = BTreeMap::new();
        for rule in rules {
            if let (Some(from), Some(until)) = (rule.valid_from, rule.valid_until)
                && from > until
            {
                return Err(MarketMapError::EmptyRange {
                    country: rule.country,
                    from,
                    until,
                });
            }
            let existing = by_country.entry(rule.country).or_default();
            if let Some(clash) = existing.iter().find(|r| overlaps(r, &rule)) {
                return Err(MarketMapError::Overlap {
                    country: rule.country,
                    first: clash.market.to_string(),
                    second: rule.market.to_string(),
                });
            }
            existing.push(rule);
        }
        Ok(MarketMap {
            rules: by_country,
            other: Arc::from(OTHER),
            nanp: Arc::from(NANP_DEFAULT),
        })
    }

    /// The market `country` prices in on `date`.
    pub fn market_for(&self, country: Country, date: Date) -> Arc<str> {
        if let Some(rule) = self
            .rules
            .get(&country)
            .and_then(|rules| rules.iter().find(|r| r.valid_on(date)))
        {
            return rule.market.clone();
        }
        if country.calling_code() == Some(1) {
            return self.nanp.clone();
        }
        self.other.clone()
    }

    /// Whether the country has an explicit row on `date` (else it falls to a default market).
    pub fn is_listed(&self, country: Country, date: Date) -> bool {
        self.rules
            .get(&country)
            .is_some_and(|rules| rules.iter().any(|r| r.valid_on(date)))
    }

    /// Every market in force on `date` with its countries, every ISO country included (unlisted
    /// ones under "Other" or North America), sorted by market name.
    pub fn markets_on(&self, date: Date) -> BTreeMap<Arc<str>, Vec<Country>> {
        let mut out: BTreeMap<Arc<str>, Vec<Country>> = BTreeMap::new();
        for country in Country::all() {
            out.entry(self.market_for(country, date))
                .or_default()
                .push(country);
        }
        out
    }

    pub fn rules(&self) -> impl Iterator<Item = &MarketRule> {
        self.rules.values().flatten()
    }
}

fn overlaps(a: &MarketRule, b: &MarketRule) -> bool {
    let a_from = a
        .valid_from
        .unwrap_or(Date::new(1000, 1, 1).expect("valid"));
    let b_from = b
        .valid_from
        .unwrap_or(Date::new(1000, 1, 1).expect("valid"));
    let a_until = a
        .valid_until
        .unwrap_or(Date::new(9999, 12, 31).expect("valid"));
    let b_until = b
        .valid_until
        .unwrap_or(Date::new(9999, 12, 31).expect("valid"));
    a_from <= b_until && b_from <= a_until
}
