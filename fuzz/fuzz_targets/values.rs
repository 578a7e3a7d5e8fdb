//! The value parsers every mapper uses: decimals, dates and timestamps, tags JSON, GCP credits. Beyond not
//! crashing, what one of them reads must read back the same from its own text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| finops_fuzz::values(data));
