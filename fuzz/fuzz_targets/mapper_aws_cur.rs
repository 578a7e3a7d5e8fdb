//! The AWS CUR (legacy) mapper: rows under the format's real headers.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static HEADERS: OnceLock<Vec<String>> = OnceLock::new();
const FILES: &[&str] = &["aws/cur_legacy_anonymized_2023-11_focus_converters.csv"];

fuzz_target!(|data: &[u8]| finops_fuzz::mapper_input(&HEADERS, FILES, data));
