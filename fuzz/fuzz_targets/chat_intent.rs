//! The chat's offline question parser: any text a user may type, read against a fixed day.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| finops_fuzz::chat_intent(data));
