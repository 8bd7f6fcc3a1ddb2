//! The cell parsers of usage exports and the phone-number lookup, on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wacost::domain::country::Country;
use wacost::io::usage::values::{
    DateOrder, parse_amount, parse_category, parse_count, parse_month, parse_pricing_type,
};

fuzz_target!(|data: &[u8]| {
    let _ = parse_month(data, None);
    let _ = parse_month(data, Some(DateOrder::DayFirst));
    let _ = parse_count(data, false);
    let _ = parse_count(data, true);
    let _ = parse_amount(data, false);
    let _ = parse_amount(data, true);
    let _ = parse_category(data);
    let _ = parse_pricing_type(data);
    let _ = Country::from_phone_bytes(data);
});
