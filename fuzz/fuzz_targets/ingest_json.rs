//! Newline-delimited JSON (the GCP BigQuery export): flattening, the header built from every line's keys, the
//! GCP mapper behind it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| finops_fuzz::ingest_json(data));
