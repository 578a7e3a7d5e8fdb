//! The GCP BigQuery export mapper: rows under the format's real headers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| finops_fuzz::mapper_gcp(data));
