//! Format detection and whatever mapper it picks: whole files, plain or gzip-compressed (gzip is detected by its
//! magic number, not by name).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| finops_fuzz::ingest_csv(data));
