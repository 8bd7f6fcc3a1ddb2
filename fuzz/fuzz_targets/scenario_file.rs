//! Any text as a scenario file: read (and projected) or refused with its place.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = wacost::io::scenario_file::parse_scenario("fuzz.json", text) {
        let book = wacost::io::rates::embedded_book();
        let _ = wacost::domain::project(&s, &book);
    }
});
