//! Any text as a plan file (version 1 or a file of variants): read, every variant projected,
//! compared and written back the same; or refused with its place.
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
    if let Ok(set) = wacost::io::scenario_file::parse_plan("fuzz.json", text) {
        for v in &set.variants {
            let _ = wacost::domain::project(v, book());
        }
        let refs: Vec<wacost::domain::compare::VariantRef<'_>> = set
            .variants
            .iter()
            .map(|v| wacost::domain::compare::VariantRef {
                label: &v.name,
                scenario: v,
            })
            .collect();
        let _ = wacost::domain::compare::compare(&refs, book());
        // What is read is written back and read again as the same plan.
        let again = wacost::io::scenario_file::parse_plan(
            "again.json",
            &wacost::io::scenario_file::plan_to_json(&set),
        )
        .expect("a plan file wacost writes reads back");
        assert_eq!(again, set);
    }
});
