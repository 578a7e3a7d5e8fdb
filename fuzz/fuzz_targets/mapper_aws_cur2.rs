//! The AWS CUR 2.0 mapper: rows under the format's real headers.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static HEADERS: OnceLock<Vec<String>> = OnceLock::new();
const FILES: &[&str] = &["aws/cur2_toy_10rows_cur-anon.csv"];

fuzz_target!(|data: &[u8]| finops_fuzz::mapper_input(&HEADERS, FILES, data));
