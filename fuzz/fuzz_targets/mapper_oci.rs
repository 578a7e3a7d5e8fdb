//! The OCI cost report mapper: rows under the format's real headers.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static HEADERS: OnceLock<Vec<String>> = OnceLock::new();
const FILES: &[&str] = &["oci/oci_cost_report_2023-11_focus_converters.csv", "hand/oci_cost_two_currencies.csv"];

fuzz_target!(|data: &[u8]| finops_fuzz::mapper_input(&HEADERS, FILES, data));
