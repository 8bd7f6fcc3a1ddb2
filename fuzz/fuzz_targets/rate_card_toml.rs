//! Any text as a rate card (TOML) or a markets table (CSV).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wacost::domain::ratebook::CardOrigin;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = wacost::io::rates::parse_card("fuzz.toml", text, CardOrigin::Shipped);
    let _ = wacost::io::rates::parse_markets("fuzz.csv", text);
});
