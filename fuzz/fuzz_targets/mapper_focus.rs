//! The FOCUS mapper: rows under the format's real headers.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static HEADERS: OnceLock<Vec<String>> = OnceLock::new();
const FILES: &[&str] = &[
    "focus/focus10_official_sample_1000_multicloud.csv",
    "focus/spec_commitment_scenarios_v1.2/commitment_discount_usage_scenario_1.csv",
];

fuzz_target!(|data: &[u8]| finops_fuzz::mapper_input(&HEADERS, FILES, data));
