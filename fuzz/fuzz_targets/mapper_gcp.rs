//! The GCP BigQuery export mapper: rows under the format's real headers.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static HEADERS: OnceLock<Vec<String>> = OnceLock::new();
const FILES: &[&str] = &["gcp/gcp_bq_export_2020-10_koku_tmp_example.csv"];

fuzz_target!(|data: &[u8]| finops_fuzz::mapper_input(&HEADERS, FILES, data));
