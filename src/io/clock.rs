//! The system clock: the one place the front ends read it (the domain has no clock).

use crate::domain::calendar::{Date, Month};

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Date::from_unix_days(secs.div_euclid(86_400))
}

/// The current month (UTC) from the system clock.
pub fn current_month() -> Month {
    today().month()
}
