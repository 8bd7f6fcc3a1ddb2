//! Any bytes as Meta's rate or tier file (CSV or XLSX): accepted or refused with its problems.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wacost::domain::calendar::Date;
use wacost::io::meta_rates::{ImportHints, prepare_import};

/// The shipped rate book, parsed once: parsing it is no part of what is fuzzed.
fn book() -> &'static wacost::domain::RateBook {
    static BOOK: std::sync::OnceLock<wacost::domain::RateBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(wacost::io::rates::embedded_book)
}

fuzz_target!(|data: &[u8]| {
    let _ = prepare_import(
        book(),
        "fuzz.csv",
        data.to_vec(),
        ImportHints::default(),
        Date::new(2026, 11, 24).unwrap(),
    );
});
