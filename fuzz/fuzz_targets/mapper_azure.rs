//! The Azure cost details mapper: rows under the format's real headers.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static HEADERS: OnceLock<Vec<String>> = OnceLock::new();
const FILES: &[&str] = &[
    "azure/ea_amortized_small_2023-09_finops-toolkit.csv",
    "azure/ea_actual_small_2023-09_finops-toolkit.csv",
    "azure/header_variants/headersets_BOM.csv",
    "azure/header_variants/headersets_Enterprise.csv",
    "azure/header_variants/headersets_EnterpriseCamel.csv",
    "azure/header_variants/headersets_German.csv",
    "azure/header_variants/headersets_PayAsYouGo.csv",
    "azure/header_variants/values_Template.csv",
    "azure/header_variants/headersets_YA.csv",
];

fuzz_target!(|data: &[u8]| finops_fuzz::mapper_input(&HEADERS, FILES, data));
