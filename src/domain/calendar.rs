//! Calendar months and dates: the only notion of time the engine has. There is no clock here;
//! callers pass the current month in.

use std::fmt;
use std::str::FromStr;

/// A calendar month, e.g. 2026-12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1..=12
    month: u8,
}

/// A calendar date, used for rate-card effective dates and market validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a {expected}")]
pub struct CalendarParseError {
    pub text: String,
    pub expected: &'static str,
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number of a month written as an English word or its start of three letters or more
/// ("Oct", "october", "Sept"), any case.
pub fn month_number(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u8 + 1)
}

/// The English name of month 1 to 12, lower case.
pub fn month_name(month: u8) -> &'static str {
    MONTH_NAMES[usize::from(month.clamp(1, 12)) - 1]
}

impl Month {
    pub fn new(year: i32, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// How many days the month has (28 to 31).
    pub fn days(self) -> u8 {
        days_in_month(self.year, self.month)
    }

    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    /// Months since year 0, a simple ordinal for arithmetic.
    fn ordinal(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    fn from_ordinal(ordinal: i64) -> Month {
        Month {
            year: ordinal.div_euclid(12) as i32,
            month: (ordinal.rem_euclid(12) + 1) as u8,
        }
    }

    /// The month `n` months after this one (`n` may be negative).
    pub fn plus(self, n: i64) -> Month {
        Month::from_ordinal(self.ordinal() + n)
    }

    /// How many months `self` is after `earlier` (negative when before).
    pub fn months_since(self, earlier: Month) -> i64 {
        self.ordinal() - earlier.ordinal()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = CalendarParseError;

    /// Accepts `YYYY-MM`.
    fn from_str(s: &str) -> Result<Month, CalendarParseError> {
        let err = || CalendarParseError {
            text: s.to_string(),
            expected: "month in the form YYYY-MM",
        };
        let (y, m) = s.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(err());
        }
        let year: i32 = parse_digits(y).ok_or_else(err)?;
        let month: u8 = parse_digits(m).ok_or_else(err)?;
        Month::new(year, month).ok_or_else(err)
    }
}

fn parse_digits<T: FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let m = Month::new(year, month)?;
        (day >= 1 && day <= days_in_month(m.year, m.month)).then_some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (the caller reads the clock; the domain has none).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (negative before), the inverse of [`Date::from_unix_days`].
    pub fn unix_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn day(self) -> u8 {
        self.day
    }

    pub fn month(self) -> Month {
        Month {
            year: self.year,
            month: self.month,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = CalendarParseError;

    /// Accepts `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, CalendarParseError> {
        let err = || CalendarParseError {
            text: s.to_string(),
            expected: "date in the form YYYY-MM-DD",
        };
        let mut parts = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        Date::new(
            parse_digits(y).ok_or_else(err)?,
            parse_digits(m).ok_or_else(err)?,
            parse_digits(d).ok_or_else(err)?,
        )
        .ok_or_else(err)
    }
}

macro_rules! serde_via_str {
    ($ty:ty, $expecting:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

serde_via_str!(Month, "a month in the form \"YYYY-MM\"");
serde_via_str!(Date, "a date in the form \"YYYY-MM-DD\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_display_and_step() {
        let m: Month = "2026-12".parse().unwrap();
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.plus(1).to_string(), "2027-01");
        assert_eq!(m.plus(-12).to_string(), "2025-12");
        assert_eq!(m.plus(14).months_since(m), 14);
        assert_eq!(m.first_day().to_string(), "2026-12-01");
    }

    #[test]
    fn bad_months_and_dates_are_rejected() {
        for bad in [
            "2026-13",
            "2026-00",
            "26-01",
            "2026-1",
            "2026/01",
            "",
            "2026-01-01",
            "+026-01",
        ] {
            assert!(bad.parse::<Month>().is_err(), "{bad} accepted");
        }
        for bad in ["2026-02-29", "2026-04-31", "2026-10-1", "2026-10", "x"] {
            assert!(bad.parse::<Date>().is_err(), "{bad} accepted");
        }
        assert!("2028-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn dates_from_unix_days() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(20_415).to_string(), "2025-11-23");
        assert_eq!(Date::from_unix_days(20_780).to_string(), "2026-11-23");
        assert_eq!(Date::from_unix_days(11_016).to_string(), "2000-02-29");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_415, 20_780, 2_932_896] {
            assert_eq!(Date::from_unix_days(days).unix_days(), days);
        }
    }

    #[test]
    fn dates_order_by_calendar() {
        let a: Date = "2025-10-01".parse().unwrap();
        let b: Date = "2026-07-01".parse().unwrap();
        assert!(a < b);
        assert_eq!(b.month().to_string(), "2026-07");
    }
}
