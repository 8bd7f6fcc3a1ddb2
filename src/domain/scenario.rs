//! The scenario: what the user plans. Field names and shapes are the scenario file's contract
//! (README, "Scenario file"); every field is validated as it is read, so a bad value is reported
//! with its place in the file.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::calendar::{Date, Month};
use super::category::{Category, PerCategory};
use super::country::Country;
use super::ratebook::Currency;

/// The largest volume a line may have (one country, category and month).
pub const MAX_VOLUME: u64 = 1_000_000_000_000;
/// The longest horizon a plan may have, in months.
pub const MAX_MONTHS: u32 = 36;
/// Decimal places accepted in percentages and money inputs.
pub const MAX_DECIMAL_PLACES: u32 = 10;
pub const SCENARIO_VERSION: u32 = 1;
/// The longest plan or campaign name, in characters (a name is a title, not a document: a
/// longer one would fill every row of a report).
pub const MAX_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Always 1. Required at the top of a version 1 file (the reader checks); a variant inside
    /// a version 2 file leaves it out.
    #[serde(default = "scenario_version", deserialize_with = "de::version")]
    pub version: u32,
    #[serde(default = "default_name", deserialize_with = "de::name")]
    pub name: String,
    pub currency: Currency,
    pub start_month: Month,
    #[serde(default = "default_months", deserialize_with = "de::months")]
    pub months: u32,
    /// Pins one rate card by its effective date; `None` picks the card in force each month.
    #[serde(default)]
    pub rate_card: Option<Date>,
    #[serde(default)]
    pub business: Business,
    #[serde(default)]
    pub assumptions: Assumptions,
    #[serde(default)]
    pub growth_pct: GrowthPct,
    #[serde(default)]
    pub countries: Vec<CountryPlan>,
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    #[serde(default)]
    pub provider: Provider,
    #[serde(
        default,
        serialize_with = "ser::opt_decimal",
        deserialize_with = "de::opt_amount"
    )]
    pub budget_monthly: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Business {
    #[serde(default = "one", deserialize_with = "de::count")]
    pub phone_numbers: u32,
    #[serde(default = "one", deserialize_with = "de::count")]
    pub wabas: u32,
    #[serde(default)]
    pub primary_country: Option<Country>,
    #[serde(default)]
    pub auth_international_eligible: bool,
    /// A government body or a non-profit: Meta does not charge its service messages from
    /// 2026-10 to 2027-12 (beyond the 1,000 free ones). Not written when false, so files
    /// without it are saved byte for byte as before.
    #[serde(default, skip_serializing_if = "is_false")]
    pub government_or_nonprofit: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The months in which a government's or non-profit's service messages are free: 2026-10 to
/// 2027-12, as (year, month).
pub const PUBLIC_FREE_SERVICE: ((i32, u8), (i32, u8)) = ((2026, 10), (2027, 12));

impl Business {
    /// Whether the business's service messages are free in `month` beyond the monthly free
    /// allowance: a government or non-profit, in [`PUBLIC_FREE_SERVICE`].
    pub fn service_free_in(&self, month: Month) -> bool {
        let (first, last) = PUBLIC_FREE_SERVICE;
        self.government_or_nonprofit && (first..=last).contains(&(month.year(), month.month()))
    }
}

/// Shares of traffic that Meta does not charge, which a plan can only estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Assumptions {
    /// Percent of every category's messages sent inside a free entry point window.
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::percent"
    )]
    pub fep_share_pct: Decimal,
    /// Percent of utility messages delivered inside an open customer service window.
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::percent"
    )]
    pub csw_utility_share_pct: Decimal,
}

/// Monthly compounding growth per category, in percent (> -100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GrowthPct {
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::growth"
    )]
    pub marketing: Decimal,
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::growth"
    )]
    pub utility: Decimal,
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::growth"
    )]
    pub authentication: Decimal,
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::growth"
    )]
    pub service: Decimal,
}

impl GrowthPct {
    pub fn get(&self, c: Category) -> Decimal {
        match c {
            Category::Marketing => self.marketing,
            Category::Utility => self.utility,
            Category::Authentication => self.authentication,
            Category::Service => self.service,
        }
    }

    pub fn set(&mut self, c: Category, value: Decimal) {
        match c {
            Category::Marketing => self.marketing = value,
            Category::Utility => self.utility = value,
            Category::Authentication => self.authentication = value,
            Category::Service => self.service = value,
        }
    }
}

/// What a country's base volumes count: messages per month, per week or per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VolumeUnit {
    #[default]
    Month,
    Week,
    Day,
}

impl VolumeUnit {
    pub const ALL: [VolumeUnit; 3] = [VolumeUnit::Month, VolumeUnit::Week, VolumeUnit::Day];

    pub fn is_month(&self) -> bool {
        *self == VolumeUnit::Month
    }

    /// The word after a volume: "a month", "a week", "a day".
    pub fn per(self) -> &'static str {
        match self {
            VolumeUnit::Month => "a month",
            VolumeUnit::Week => "a week",
            VolumeUnit::Day => "a day",
        }
    }

    /// The month's volume for `v` of this unit: the daily figure × the month's days, the weekly
    /// figure × days ÷ 7 (half-even), the monthly figure as it is. Exact in u128.
    #[inline]
    pub fn monthly(self, v: u64, month: Month) -> u128 {
        match self {
            VolumeUnit::Month => u128::from(v),
            VolumeUnit::Day => u128::from(v) * u128::from(month.days()),
            VolumeUnit::Week => {
                super::arith::div_round_half_even(u128::from(v) * u128::from(month.days()), 7)
            }
        }
    }
}

/// A country's base volume per category (month 0; growth applies from there), per month unless
/// `unit` says per week or per day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryPlan {
    pub country: Country,
    /// `"month"` (the default, not written), `"week"` or `"day"`.
    #[serde(default, skip_serializing_if = "VolumeUnit::is_month")]
    pub unit: VolumeUnit,
    #[serde(default, deserialize_with = "de::volume")]
    pub marketing: u64,
    #[serde(default, deserialize_with = "de::volume")]
    pub utility: u64,
    #[serde(default, deserialize_with = "de::volume")]
    pub authentication: u64,
    #[serde(default, deserialize_with = "de::volume")]
    pub service: u64,
}

impl CountryPlan {
    pub fn new(country: Country) -> CountryPlan {
        CountryPlan {
            country,
            unit: VolumeUnit::Month,
            marketing: 0,
            utility: 0,
            authentication: 0,
            service: 0,
        }
    }

    pub fn volumes(&self) -> PerCategory<u64> {
        PerCategory([
            self.marketing,
            self.utility,
            self.authentication,
            self.service,
        ])
    }

    pub fn volume(&self, c: Category) -> u64 {
        self.volumes()[c]
    }

    pub fn set_volume(&mut self, c: Category, v: u64) {
        match c {
            Category::Marketing => self.marketing = v,
            Category::Utility => self.utility = v,
            Category::Authentication => self.authentication = v,
            Category::Service => self.service = v,
        }
    }

    pub fn total(&self) -> u64 {
        self.volumes().0.iter().sum()
    }

    /// The base volumes as monthly volumes of `month` (see [`VolumeUnit::monthly`]), capped at
    /// `u64::MAX` (the engine refuses anything over its line limit anyway).
    pub fn monthly_volumes(&self, month: Month) -> [u64; 4] {
        self.volumes()
            .0
            .map(|v| u64::try_from(self.unit.monthly(v, month)).unwrap_or(u64::MAX))
    }
}

/// Who a campaign sends to: one country, or every country of the plan (written `"all"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignTarget {
    Country(Country),
    /// Split over the plan's countries in proportion to their base volume of the campaign's
    /// category (equally when none has any), by largest remainder.
    AllSelected,
}

impl CampaignTarget {
    pub fn country(self) -> Option<Country> {
        match self {
            CampaignTarget::Country(c) => Some(c),
            CampaignTarget::AllSelected => None,
        }
    }

    pub fn label(self) -> String {
        match self {
            CampaignTarget::Country(c) => c.name().to_string(),
            CampaignTarget::AllSelected => "All selected countries".to_string(),
        }
    }
}

impl From<Country> for CampaignTarget {
    fn from(c: Country) -> CampaignTarget {
        CampaignTarget::Country(c)
    }
}

impl Serialize for CampaignTarget {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CampaignTarget::Country(c) => c.serialize(s),
            CampaignTarget::AllSelected => s.serialize_str("all"),
        }
    }
}

impl<'de> Deserialize<'de> for CampaignTarget {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CampaignTarget, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim().eq_ignore_ascii_case("all") {
            return Ok(CampaignTarget::AllSelected);
        }
        Country::parse(&text)
            .map(CampaignTarget::Country)
            .map_err(|e| {
                serde::de::Error::custom(format!("{e} (or \"all\" for every country of the plan)"))
            })
    }
}

/// A one-off send: its volume is added to one month, without growth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    #[serde(default, deserialize_with = "de::name")]
    pub name: String,
    pub month: Month,
    pub country: CampaignTarget,
    pub category: Category,
    #[serde(deserialize_with = "de::volume")]
    pub volume: u64,
}

/// What a Business Solution Provider adds on top of Meta's charges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Per delivered outbound message, free ones included.
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::amount"
    )]
    pub per_message_fee: Decimal,
    /// Percent added to the Meta cost.
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::percent"
    )]
    pub markup_pct: Decimal,
    /// Flat platform fee per month.
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::amount"
    )]
    pub monthly_fee: Decimal,
    /// Percent on Meta + provider charges.
    #[serde(
        default,
        serialize_with = "ser::decimal",
        deserialize_with = "de::percent"
    )]
    pub tax_pct: Decimal,
}

fn default_name() -> String {
    "Untitled plan".to_string()
}

fn scenario_version() -> u32 {
    SCENARIO_VERSION
}

fn default_months() -> u32 {
    12
}

fn one() -> u32 {
    1
}

impl Default for Business {
    fn default() -> Business {
        Business {
            phone_numbers: 1,
            wabas: 1,
            primary_country: None,
            auth_international_eligible: false,
            government_or_nonprofit: false,
        }
    }
}

impl Scenario {
    /// An empty plan starting in `start_month`.
    pub fn new(currency: Currency, start_month: Month) -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            name: default_name(),
            currency,
            start_month,
            months: default_months(),
            rate_card: None,
            business: Business::default(),
            assumptions: Assumptions::default(),
            growth_pct: GrowthPct::default(),
            countries: Vec::new(),
            campaigns: Vec::new(),
            provider: Provider::default(),
            budget_monthly: None,
        }
    }

    /// The plan's countries, in the order listed.
    pub fn planned_countries(&self) -> Vec<Country> {
        self.countries.iter().map(|c| c.country).collect()
    }

    pub fn months_iter(&self) -> impl Iterator<Item = Month> + '_ {
        (0..self.months as i64).map(|i| self.start_month.plus(i))
    }

    pub fn end_month(&self) -> Month {
        self.start_month.plus(self.months as i64 - 1)
    }

    /// Problems that involve more than one field (each field is checked as it is read).
    pub fn problems(&self) -> Vec<ScenarioProblem> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, plan) in self.countries.iter().enumerate() {
            if !seen.insert(plan.country) {
                out.push(ScenarioProblem {
                    path: format!("countries[{i}].country"),
                    message: format!(
                        "{} ({}) is listed twice; merge its volumes into one entry",
                        plan.country,
                        plan.country.name()
                    ),
                });
            }
        }
        if !(1..=MAX_MONTHS).contains(&self.months) {
            out.push(ScenarioProblem {
                path: "months".into(),
                message: format!("must be 1 to {MAX_MONTHS}, got {}", self.months),
            });
        } else if Month::new(self.end_month().year(), self.end_month().month()).is_none() {
            out.push(ScenarioProblem {
                path: "start_month".into(),
                message: format!(
                    "the plan would run past 9999-12 ({} months from {}); start it earlier or plan fewer months",
                    self.months, self.start_month
                ),
            });
        }
        out
    }
}

/// A problem with one field of a scenario, named by its path (`countries[0].marketing`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioProblem {
    pub path: String,
    pub message: String,
}

/// Decimals are written as strings, so no reader loses a digit.
pub(crate) mod ser {
    use super::*;

    pub fn decimal<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn opt_decimal<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }
}

/// The rules every scenario field obeys, shared by the file reader and the window's fields so a
/// value is accepted or refused the same way everywhere. Each returns the reason in words.
pub mod rules {
    use super::*;

    fn places(v: Decimal) -> Result<Decimal, String> {
        if v.scale() > MAX_DECIMAL_PLACES {
            return Err(format!(
                "{v} has more than {MAX_DECIMAL_PLACES} decimal places"
            ));
        }
        Ok(v)
    }

    pub fn percent(v: Decimal) -> Result<Decimal, String> {
        let v = places(v)?;
        if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
            return Err(format!("a percentage must be between 0 and 100, got {v}"));
        }
        Ok(v)
    }

    pub fn growth(v: Decimal) -> Result<Decimal, String> {
        let v = places(v)?;
        if v <= -Decimal::ONE_HUNDRED {
            return Err(format!("monthly growth must be above -100 %, got {v}"));
        }
        if v > Decimal::from(1000) {
            return Err(format!(
                "monthly growth above 1000 % is not a plan, got {v}"
            ));
        }
        Ok(v)
    }

    pub fn amount(v: Decimal) -> Result<Decimal, String> {
        let v = places(v)?;
        if v < Decimal::ZERO {
            return Err(format!("an amount cannot be negative, got {v}"));
        }
        if v > Decimal::from(MAX_VOLUME) {
            return Err(format!("amount {v} is too large"));
        }
        Ok(v)
    }

    pub fn volume(v: Decimal) -> Result<u64, String> {
        if v.fract() != Decimal::ZERO {
            return Err(format!(
                "a volume must be a whole number of messages, got {v}"
            ));
        }
        if v < Decimal::ZERO {
            return Err(format!("a volume cannot be negative, got {v}"));
        }
        if v > Decimal::from(MAX_VOLUME) {
            return Err(format!(
                "volume {v} is beyond the limit of 10^12 messages per month"
            ));
        }
        Ok(v.trunc().try_into().expect("bounded above"))
    }

    pub fn count(v: Decimal) -> Result<u32, String> {
        if v.fract() != Decimal::ZERO || v < Decimal::ONE || v > Decimal::from(100_000) {
            return Err(format!("must be a whole number from 1 to 100000, got {v}"));
        }
        Ok(v.trunc().try_into().expect("bounded"))
    }

    pub fn months(v: Decimal) -> Result<u32, String> {
        if v.fract() != Decimal::ZERO || v < Decimal::ONE || v > Decimal::from(MAX_MONTHS) {
            return Err(format!(
                "the horizon must be a whole number of months from 1 to {MAX_MONTHS}, got {v}"
            ));
        }
        Ok(v.trunc().try_into().expect("bounded"))
    }

    pub fn name(v: String) -> Result<String, String> {
        let chars = v.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(format!(
                "the name has {chars} characters; a name has at most {MAX_NAME_CHARS}"
            ));
        }
        Ok(v)
    }

    /// A number as a person types it, in either convention and with a magnitude suffix:
    /// "200k", "1.5M", "2bn", "1,200,000", "1 200 000", "0.005", "-3"; with `decimal_comma`
    /// also "1.200.000" and "0,5". A separator that can only group thousands ("1.200.000" with
    /// a decimal point, "1,200,000" with a decimal comma) is read as grouping; a lone one is
    /// the decimal mark of the convention chosen, and groups must have three digits, so
    /// "1,5" with a decimal point is refused rather than read as 15.
    pub fn parse_typed(text: &str, decimal_comma: bool) -> Result<Decimal, String> {
        let shown = text.trim();
        let compact: String = shown
            .chars()
            .filter(|c| !matches!(c, '_' | ' ' | '\u{a0}' | '\u{202f}' | '\''))
            .collect();
        if compact.is_empty() {
            return Err("enter a number".into());
        }
        let lower = compact.to_ascii_lowercase();
        let (body, scale) = [("bn", 9u32), ("b", 9), ("mn", 6), ("m", 6), ("k", 3)]
            .iter()
            .find_map(|(suffix, exp)| lower.strip_suffix(suffix).map(|b| (b, *exp)))
            .unwrap_or((lower.as_str(), 0));
        let not_a_number = || format!("{shown:?} is not a number: type e.g. 200000, 200k or 1.5M");
        let (point, group) = if decimal_comma {
            (',', '.')
        } else {
            ('.', ',')
        };
        let points = body.matches(point).count();
        let groups = body.matches(group).count();
        // Two or more decimal marks can only be grouping (the other convention).
        let (point, group) = if points > 1 && groups == 0 {
            (group, point)
        } else {
            (point, group)
        };
        let (whole, fraction) = match body.split_once(point) {
            Some((w, f)) => (w, Some(f)),
            None => (body, None),
        };
        if fraction.is_some_and(|f| f.contains(point) || f.contains(group)) {
            return Err(not_a_number());
        }
        let (sign, whole) = match whole.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", whole.strip_prefix('+').unwrap_or(whole)),
        };
        let mut parts = whole.split(group);
        let first = parts.next().unwrap_or_default();
        let grouped: Vec<&str> = parts.collect();
        let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if !digits(first)
            || (first.is_empty() && !grouped.is_empty())
            || grouped.iter().any(|g| g.len() != 3 || !digits(g))
            || !fraction.is_none_or(digits)
            || (first.is_empty() && fraction.is_none_or(str::is_empty))
        {
            if grouped.iter().any(|g| g.len() != 3) && !decimal_comma {
                return Err(format!(
                    "{shown:?} is not a number: use a point for decimals (1.5) or choose \
                     \"Decimal comma\" in the View menu"
                ));
            }
            return Err(not_a_number());
        }
        let first = if first.is_empty() { "0" } else { first };
        let mut plain = format!("{sign}{first}{}", grouped.concat());
        if let Some(f) = fraction {
            plain.push('.');
            plain.push_str(f);
        }
        let value = Decimal::from_str_exact(&plain).map_err(|_| not_a_number())?;
        value
            .checked_mul(Decimal::from(10u64.pow(scale)))
            .ok_or_else(|| format!("{shown:?} is too large"))
    }
}

/// Field readers that validate as they read. Decimals are accepted as JSON strings or numbers
/// and kept exactly as written.
pub mod de {
    use super::*;
    use serde::de::Error;

    /// A decimal written as a JSON number or a numeric string, kept exactly as written. The
    /// errors say what is wrong with the value in words (never a parser's internals).
    fn exact<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let text = match &value {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.trim().to_string(),
            other => {
                let kind = match other {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Bool(_) => "true or false",
                    serde_json::Value::Array(_) => "a list",
                    _ => "an object",
                };
                return Err(D::Error::custom(format!(
                    "expected a number or a numeric string, got {kind}"
                )));
            }
        };
        decimal_text(&text).map_err(D::Error::custom)
    }

    /// The decimal a text spells, or what is wrong with it.
    pub(crate) fn decimal_text(text: &str) -> Result<Decimal, String> {
        let shown: String = if text.chars().count() > 40 {
            text.chars().take(40).chain(['…']).collect()
        } else {
            text.to_string()
        };
        if text.is_empty() {
            return Err("expected a number, got an empty text".into());
        }
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        let digits = mantissa.trim_start_matches(['-', '+']);
        let well_formed = !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
            && digits.matches('.').count() <= 1
            && digits.chars().any(|c| c.is_ascii_digit());
        if !well_formed || exponent.is_some_and(|e| e.trim_start_matches(['-', '+']).is_empty()) {
            return Err(format!("{shown:?} is not a number"));
        }
        let value = match exponent {
            None => {
                let places = digits.split_once('.').map_or(0, |(_, f)| f.len());
                if places > MAX_DECIMAL_PLACES as usize {
                    return Err(format!(
                        "{shown} has more than {MAX_DECIMAL_PLACES} decimal places"
                    ));
                }
                Decimal::from_str_exact(text).ok()
            }
            Some(_) => Decimal::from_scientific(text).ok(),
        };
        value.ok_or_else(|| format!("{shown} is too large: wacost keeps at most 28 digits"))
    }

    fn check<T, E: Error>(r: Result<T, String>) -> Result<T, E> {
        r.map_err(E::custom)
    }

    pub fn percent<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        check(rules::percent(exact(d)?))
    }

    pub fn growth<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        check(rules::growth(exact(d)?))
    }

    pub fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        check(rules::amount(exact(d)?))
    }

    pub fn opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an amount or null")
            }
            fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                amount(d).map(Some)
            }
        }
        d.deserialize_option(V)
    }

    pub fn volume<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        check(rules::volume(exact(d)?))
    }

    pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        check(rules::count(exact(d)?))
    }

    pub fn months<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        check(rules::months(exact(d)?))
    }

    pub fn name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        check(rules::name(String::deserialize(d)?))
    }

    pub fn version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let v = exact(d)?;
        if v != Decimal::from(SCENARIO_VERSION) {
            return Err(D::Error::custom(format!(
                "unsupported scenario version {v}: this wacost reads version {SCENARIO_VERSION} (one plan) and 2 (a file of variants)"
            )));
        }
        Ok(SCENARIO_VERSION)
    }

    /// The version of a file of variants: 2.
    pub fn variants_version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let v = exact(d)?;
        if v != Decimal::from(2) {
            return Err(D::Error::custom(format!(
                "unsupported version {v} for a file of variants: this wacost reads 2"
            )));
        }
        Ok(2)
    }
}
