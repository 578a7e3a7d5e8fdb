//! Parquet files (AWS CUR 2.0, FOCUS): polars' reader on damaged files, nested columns rendered as JSON text, the
//! mapper behind it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| finops_fuzz::ingest_parquet(data));
