//! Country -> pricing market, on a date. Meta prices by market; which countries form which
//! market changes over time, and a rate card defines its own market set, so the mapping is
//! always asked "on the card's effective date".

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use super::calendar::Date;
use super::country::Country;

/// The market of every country not listed (Meta's rule).
pub const OTHER: &str = "Other";
/// Meta bills by calling code: every +1 number outside the listed exceptions (Dominican Republic,
/// Jamaica, Puerto Rico) is North America, so unlisted NANP territories price as North America.
pub const NANP_DEFAULT: &str = "North America";

/// A pricing market's name ("India", "Rest of Africa"). Market names are a small vocabulary read
/// from rate data, so each distinct name is interned once for the life of the process: a name is
/// then one pointer, free to copy into every line of every projection.
#[derive(Clone, Copy, PartialOrd, Ord)]
pub struct MarketName(&'static String);

/// Interned: the same name is the same pointer, so comparing two names is one comparison.
impl PartialEq for MarketName {
    fn eq(&self, other: &MarketName) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for MarketName {}

/// Hashes the text: equal pointers have equal text, so this agrees with `eq`.
impl std::hash::Hash for MarketName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state)
    }
}

impl MarketName {
    pub fn new(name: &str) -> MarketName {
        static NAMES: OnceLock<Mutex<BTreeMap<&'static str, &'static String>>> = OnceLock::new();
        let mut names = NAMES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(&known) = names.get(name) {
            return MarketName(known);
        }
        let leaked: &'static String = Box::leak(Box::new(name.to_string()));
        names.insert(leaked.as_str(), leaked);
        MarketName(leaked)
    }

    pub fn as_str(self) -> &'static str {
        self.0.as_str()
    }
}

impl std::ops::Deref for MarketName {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl PartialEq<str> for MarketName {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for MarketName {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl fmt::Display for MarketName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl fmt::Debug for MarketName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl serde::Serialize for MarketName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

/// One row of the mapping: a country belongs to a market from `valid_from` to `valid_until`
/// (inclusive; `None` = open-ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketRule {
    pub country: Country,
    pub market: MarketName,
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

#[derive(Debug, Clone)]
pub struct MarketMap {
    /// Rules per country, in the order given.
    rules: BTreeMap<Country, Vec<MarketRule>>,
    other: MarketName,
    nanp: MarketName,
}

impl Default for MarketMap {
    /// No listed countries: everything is "Other" (or North America for +1).
    fn default() -> MarketMap {
        MarketMap::new([]).expect("an empty mapping has no overlaps")
    }
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
            other: MarketName::new(OTHER),
            nanp: MarketName::new(NANP_DEFAULT),
        })
    }

    /// The market `country` prices in on `date`.
    pub fn market_for(&self, country: Country, date: Date) -> MarketName {
        if let Some(rule) = self
            .rules
            .get(&country)
            .and_then(|rules| rules.iter().find(|r| r.valid_on(date)))
        {
            return rule.market;
        }
        if country.calling_code() == Some(1) {
            return self.nanp;
        }
        self.other
    }

    /// Whether the country has an explicit row on `date` (else it falls to a default market).
    pub fn is_listed(&self, country: Country, date: Date) -> bool {
        self.rules
            .get(&country)
            .is_some_and(|rules| rules.iter().any(|r| r.valid_on(date)))
    }

    /// Every market in force on `date` with its countries, every ISO country included (unlisted
    /// ones under "Other" or North America), sorted by market name.
    pub fn markets_on(&self, date: Date) -> BTreeMap<MarketName, Vec<Country>> {
        let mut out: BTreeMap<MarketName, Vec<Country>> = BTreeMap::new();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn market_names_are_interned_once() {
        let a = MarketName::new("Rest of Africa");
        let b = MarketName::new(&String::from("Rest of Africa"));
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, "Rest of Africa");
        assert_eq!(a.to_string(), "Rest of Africa");
        assert_ne!(a, MarketName::new("Rest of Asia Pacific"));
    }

    #[test]
    fn unlisted_countries_fall_to_other_or_north_america() {
        let map = MarketMap::default();
        let on = Date::new(2026, 10, 1).unwrap();
        assert_eq!(
            map.market_for(Country::from_code("FJ").unwrap(), on),
            "Other"
        );
        assert_eq!(
            map.market_for(Country::from_code("BS").unwrap(), on),
            "North America"
        );
    }
}
