//! Pricing rules ("eras"): what is billed and what is free, changing on fixed dates
//! independently of rate values (docs/PRICING.md, "Eras").

use std::fmt;

use super::calendar::{Date, Month};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Era {
    /// Conversation-based; the first 1,000 service conversations per WABA per month are free.
    Cbp2023,
    /// Conversation-based; every service conversation is free.
    Cbp2024,
    /// Per delivered template message; service free, utility inside the CSW free, tiers.
    Pmp2025,
    /// Per delivered message, service included, 1,000 free service messages per phone number.
    Pmp2026,
}

impl Era {
    pub const ALL: [Era; 4] = [Era::Cbp2023, Era::Cbp2024, Era::Pmp2025, Era::Pmp2026];

    /// The first month of the era.
    pub fn start(self) -> Month {
        let (y, m) = match self {
            Era::Cbp2023 => (2023, 6),
            Era::Cbp2024 => (2024, 11),
            Era::Pmp2025 => (2025, 7),
            Era::Pmp2026 => (2026, 10),
        };
        Month::new(y, m).expect("valid month")
    }

    /// The era in force on the month's first day; `None` before 2023-06 (out of scope).
    pub fn for_month(month: Month) -> Option<Era> {
        Era::ALL.into_iter().rev().find(|e| month >= e.start())
    }

    pub fn id(self) -> &'static str {
        match self {
            Era::Cbp2023 => "cbp-2023",
            Era::Cbp2024 => "cbp-2024",
            Era::Pmp2025 => "pmp-2025",
            Era::Pmp2026 => "pmp-2026",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Era::Cbp2023 => {
                "per conversation; first 1,000 service conversations per WABA per month free; FEP free"
            }
            Era::Cbp2024 => "per conversation; every service conversation free; FEP free",
            Era::Pmp2025 => {
                "per delivered template message; service free; utility inside the customer service window free; FEP free; volume tiers"
            }
            Era::Pmp2026 => {
                "per delivered message; first 1,000 service messages per phone number per month free; FEP free; volume tiers"
            }
        }
    }

    pub fn is_per_message(self) -> bool {
        matches!(self, Era::Pmp2025 | Era::Pmp2026)
    }

    pub fn has_tiers(self) -> bool {
        self.is_per_message()
    }

    /// Service is free outright: cbp-2024's free service conversations and pmp-2025's free
    /// service messages.
    pub fn service_is_free(self) -> bool {
        matches!(self, Era::Cbp2024 | Era::Pmp2025)
    }

    /// Service is priced at the utility rate: a pmp-2026 month priced with a card from before
    /// the era (such cards have no service rates). The engine and the reconciliation of actuals
    /// both follow this.
    pub fn service_at_utility_rate(self, card_effective: Date) -> bool {
        self == Era::Pmp2026 && card_effective < Era::Pmp2026.start().first_day()
    }
}

impl fmt::Display for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Era {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    #[test]
    fn era_boundaries() {
        assert_eq!(Era::for_month(m("2023-05")), None);
        assert_eq!(Era::for_month(m("2023-06")), Some(Era::Cbp2023));
        assert_eq!(Era::for_month(m("2024-10")), Some(Era::Cbp2023));
        assert_eq!(Era::for_month(m("2024-11")), Some(Era::Cbp2024));
        assert_eq!(Era::for_month(m("2025-06")), Some(Era::Cbp2024));
        assert_eq!(Era::for_month(m("2025-07")), Some(Era::Pmp2025));
        assert_eq!(Era::for_month(m("2026-09")), Some(Era::Pmp2025));
        assert_eq!(Era::for_month(m("2026-10")), Some(Era::Pmp2026));
        assert_eq!(Era::for_month(m("2030-01")), Some(Era::Pmp2026));
    }
}
