//! Any text as a scenario file: read (and projected) or refused with its place.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The shipped rate book, parsed once: parsing it is no part of what is fuzzed.
fn book() -> &'static wacost::domain::RateBook {
    static BOOK: std::sync::OnceLock<wacost::domain::RateBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(wacost::io::rates::embedded_book)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = wacost::io::scenario_file::parse_scenario("fuzz.json", text) {
        let _ = wacost::domain::project(&s, book());
    }
});
