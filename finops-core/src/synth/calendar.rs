//! The business calendar of traffic-driven usage: what a year does to requests, egress and queries beyond the
//! weekly rhythm. Off unless [`super::SynthConfig::calendar`] asks for it, so datasets generated before it
//! existed stay byte-identical.
//!
//! - The year-end holidays: traffic thins from December 20, is lowest on December 24–26 and 31 and January 1
//!   (about half of a normal day), and is back by January 3.
//! - US Thanksgiving (the fourth Thursday of November) and the Friday after it.
//! - Quarter closes: reporting and batch jobs lift the last three days of March, June, September and December
//!   by a quarter.
//!
//! These are the days a forecast made at a year or quarter end meets first, and the ones its recent weeks
//! do not show.

use chrono::{Datelike, NaiveDate, Weekday};

/// Traffic on `date` relative to an ordinary day of the same weekday.
pub(super) fn traffic_factor(date: NaiveDate) -> f64 {
    holiday(date) * quarter_close(date)
}

fn holiday(date: NaiveDate) -> f64 {
    match (date.month(), date.day()) {
        (12, 20..=23) => 0.9,
        (12, 24) | (12, 26) | (12, 31) => 0.6,
        (12, 25) | (1, 1) => 0.5,
        (12, 27..=30) => 0.75,
        (1, 2) => 0.85,
        (11, _) if is_thanksgiving(date) => 0.6,
        (11, _) if date.pred_opt().is_some_and(is_thanksgiving) => 0.75,
        _ => 1.0,
    }
}

/// The fourth Thursday of November.
fn is_thanksgiving(date: NaiveDate) -> bool {
    date.month() == 11 && date.weekday() == Weekday::Thu && (22..=28).contains(&date.day())
}

fn quarter_close(date: NaiveDate) -> f64 {
    let last_three = date.checked_add_days(chrono::Days::new(3)).is_some_and(|d| d.month() != date.month());
    if date.month() % 3 == 0 && last_three {
        1.25
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn holidays_and_quarter_closes() {
        // Thanksgiving 2025 is Thursday November 27; 2026, November 26.
        assert_eq!(traffic_factor(d(2025, 11, 27)), 0.6);
        assert_eq!(traffic_factor(d(2025, 11, 28)), 0.75);
        assert_eq!(traffic_factor(d(2025, 11, 20)), 1.0);
        assert_eq!(traffic_factor(d(2026, 11, 26)), 0.6);
        // December 29–31 are both a quarter close and holidays.
        assert_eq!(traffic_factor(d(2025, 12, 31)), 0.6 * 1.25);
        assert_eq!(traffic_factor(d(2025, 12, 28)), 0.75);
        assert_eq!(traffic_factor(d(2026, 3, 29)), 1.25);
        assert_eq!(traffic_factor(d(2026, 3, 28)), 1.0);
        assert_eq!(traffic_factor(d(2026, 4, 30)), 1.0);
        assert_eq!(traffic_factor(d(2026, 1, 3)), 1.0);
    }
}
