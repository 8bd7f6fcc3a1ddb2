//! Any bytes as a usage export (CSV in any encoding and delimiter, or analytics JSON), read with
//! the options the first byte picks: imported or refused with a message, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wacost::domain::category::ChargedCategory;
use wacost::io::usage::values::DateOrder;
use wacost::io::usage::{CountryChoice, ImportOptions, import_bytes};

/// The shipped rate book, parsed once: parsing it is no part of what is fuzzed.
fn book() -> &'static wacost::domain::RateBook {
    static BOOK: std::sync::OnceLock<wacost::domain::RateBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(wacost::io::rates::embedded_book)
}

fuzz_target!(|data: &[u8]| {
    let (choice, bytes) = match data.split_first() {
        Some((&c, rest)) => (c, rest),
        None => (0, data),
    };
    let options = ImportOptions {
        date_order: match choice & 3 {
            1 => Some(DateOrder::DayFirst),
            2 => Some(DateOrder::MonthFirst),
            _ => None,
        },
        category: (choice & 4 != 0).then_some(ChargedCategory::Marketing),
        country: (choice & 8 != 0).then_some(CountryChoice::Unknown),
        preset: None,
    };
    if let Ok(u) = import_bytes("fuzz.csv", bytes, &options) {
        // What was imported can be reconciled and printed.
        let r = wacost::domain::reconcile::reconcile(&u.actuals, book(), "USD".parse().unwrap());
        let _ = wacost::io::usage_output::to_json("fuzz.csv", &u, &r);
        let _ = wacost::io::usage_output::to_table("fuzz.csv", &u, &r);
    }
});
