//! Days whose cost says little about the days after them: the year-end holidays (December 24 to January 1)
//! and US Thanksgiving with the Friday after it, when teams are away and the usage they drive (development
//! and test environments, batch jobs, traffic of business customers) dips for a few days and comes back.
//! The backtest does not score models on them, so a model that ignores the dip is not ranked down for it.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// For each of `days` days from `start`, whether it is a holiday; none when the dates are unknown.
pub(crate) fn holidays(start: Option<NaiveDate>, days: usize) -> Vec<bool> {
    (0..days).map(|i| start.and_then(|s| s.checked_add_days(Days::new(i as u64))).is_some_and(is_holiday)).collect()
}

/// Whether `date` is one of the holidays above.
fn is_holiday(date: NaiveDate) -> bool {
    match (date.month(), date.day()) {
        (12, 24..=31) | (1, 1) => true,
        (11, 22..=29) => {
            let thursday = if date.weekday() == Weekday::Fri { date.pred_opt() } else { Some(date) };
            thursday.is_some_and(|t| t.weekday() == Weekday::Thu && (22..=28).contains(&t.day()))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_year_end_and_thanksgiving() {
        // Thanksgiving 2025 is Thursday November 27, 2026 Thursday November 26, 2024 Thursday November 28.
        for day in [d(2025, 11, 27), d(2025, 11, 28), d(2026, 11, 26), d(2026, 11, 27), d(2024, 11, 29)] {
            assert!(is_holiday(day), "{day}");
        }
        for day in [d(2025, 11, 26), d(2025, 11, 29), d(2026, 11, 28), d(2025, 11, 20), d(2024, 11, 22)] {
            assert!(!is_holiday(day), "{day}");
        }
        assert!(is_holiday(d(2025, 12, 24)) && is_holiday(d(2025, 12, 31)) && is_holiday(d(2026, 1, 1)));
        assert!(!is_holiday(d(2025, 12, 23)) && !is_holiday(d(2026, 1, 2)));
        // Indices from a start: December 22, 2025 is index 0.
        assert_eq!(holidays(Some(d(2025, 12, 22)), 4)[1..], [false, true, true]);
        assert_eq!(holidays(None, 4)[1..], [false; 3]);
    }
}
