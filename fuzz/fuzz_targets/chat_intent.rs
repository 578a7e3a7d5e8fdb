//! The chat's offline question parser: any text a user may type, read against a fixed day.
#![no_main]

use finops_core::chrono::NaiveDate;
use finops_core::fuzzing::offline_question;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = NaiveDate::from_ymd_opt(2025, 6, 30).expect("a date");
    let question = offline_question(text, today);
    for (start, end) in &question.periods {
        assert!(start <= end, "{text:?}: period {start}..{end}");
    }
});
