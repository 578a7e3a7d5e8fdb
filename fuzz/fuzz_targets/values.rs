//! The value parsers every mapper uses: decimals, dates and timestamps, tags JSON, GCP credits. Beyond not
//! crashing, what one of them reads must read back the same from its own text.
#![no_main]

use finops_core::fuzzing::gcp_credits;
use finops_core::ingest::{parse_date, parse_decimal, parse_timestamp};
use finops_core::model::Tags;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(d) = parse_decimal(text) {
        assert_eq!(parse_decimal(&d.to_string()), Some(d), "decimal {text:?}");
    }
    if let Some(day) = parse_date(text) {
        assert_eq!(parse_date(&day.format("%Y-%m-%d").to_string()), Some(day), "date {text:?}");
    }
    if let Some(t) = parse_timestamp(text) {
        assert_eq!(parse_timestamp(&t.to_rfc3339()), Some(t), "timestamp {text:?}");
    }
    if let Some(tags) = Tags::parse_json(text) {
        assert_eq!(Tags::parse_json(&tags.to_json()), Some(tags), "tags {text:?}");
    }
    let _ = gcp_credits(text);
});
