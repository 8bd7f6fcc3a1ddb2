//! Any bytes as Meta's rate or tier file (CSV or XLSX): accepted or refused with its problems.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wacost::domain::calendar::Date;
use wacost::io::meta_rates::{ImportHints, prepare_import};

fuzz_target!(|data: &[u8]| {
    let book = wacost::io::rates::embedded_book();
    let _ = prepare_import(
        &book,
        "fuzz.csv",
        data.to_vec(),
        ImportHints::default(),
        Date::new(2026, 11, 24).unwrap(),
    );
});
