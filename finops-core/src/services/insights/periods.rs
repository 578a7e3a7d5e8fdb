//! Which two periods an insight compares.

use chrono::NaiveDate;

use crate::filter::{month_end, month_start, previous_period};

/// The two periods compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Comparison {
    /// The latest month with data against the month before; when that month is not complete (the data stops
    /// before its last day), its days so far against the same days of the month before.
    #[default]
    Latest,
    /// A calendar month (any day in it) against the month before.
    Month(NaiveDate),
    /// The month up to and including a day, against the same days of the month before (a shorter month
    /// stops at its last day).
    MonthToDate(NaiveDate),
    /// Any two ranges (first and last day, inclusive).
    Ranges {
        /// The period explained.
        current: (NaiveDate, NaiveDate),
        /// The period it is compared with.
        previous: (NaiveDate, NaiveDate),
    },
}

/// A [`Comparison`] resolved to days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    /// First and last day of the period explained.
    pub current: (NaiveDate, NaiveDate),
    /// First and last day of the period compared with.
    pub previous: (NaiveDate, NaiveDate),
    /// True when the current period is a month so far (a month-end projection makes sense).
    pub month_to_date: bool,
}

impl Periods {
    /// Days in the current period.
    pub fn current_days(&self) -> i64 {
        (self.current.1 - self.current.0).num_days() + 1
    }

    /// Days in the previous period.
    pub fn previous_days(&self) -> i64 {
        (self.previous.1 - self.previous.0).num_days() + 1
    }
}

/// The month up to `day`, against the previous period ([`previous_period`]: the same days of the month before).
fn month_to_date(day: NaiveDate) -> Periods {
    let current = (month_start(day), day);
    Periods { current, previous: previous_period(current.0, current.1), month_to_date: true }
}

/// The month of `day`, against the previous period ([`previous_period`]: the month before).
fn month(day: NaiveDate) -> Periods {
    let current = (month_start(day), month_end(day));
    Periods { current, previous: previous_period(current.0, current.1), month_to_date: false }
}

impl Comparison {
    /// The days compared, given the last day with data (for [`Comparison::Latest`]).
    pub fn resolve(self, last_day: NaiveDate) -> Periods {
        match self {
            Comparison::Latest if last_day == month_end(last_day) => month(last_day),
            Comparison::Latest => month_to_date(last_day),
            Comparison::Month(day) => month(day),
            Comparison::MonthToDate(day) => month_to_date(day),
            Comparison::Ranges { current, previous } => Periods { current, previous, month_to_date: false },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_complete_latest_month_is_compared_with_the_whole_month_before() {
        let p = Comparison::Latest.resolve(d(2025, 3, 31));
        assert_eq!(p.current, (d(2025, 3, 1), d(2025, 3, 31)));
        assert_eq!(p.previous, (d(2025, 2, 1), d(2025, 2, 28)));
        assert!(!p.month_to_date);
    }

    #[test]
    fn a_month_so_far_is_compared_with_the_same_days_and_a_short_month_stops_at_its_end() {
        let p = Comparison::Latest.resolve(d(2025, 3, 12));
        assert_eq!(p.current, (d(2025, 3, 1), d(2025, 3, 12)));
        assert_eq!(p.previous, (d(2025, 2, 1), d(2025, 2, 12)));
        assert!(p.month_to_date);
        let p = Comparison::MonthToDate(d(2025, 3, 30)).resolve(d(2025, 6, 30));
        assert_eq!(p.previous, (d(2025, 2, 1), d(2025, 2, 28)));
        assert_eq!((p.current_days(), p.previous_days()), (30, 28));
    }

    #[test]
    fn january_is_compared_with_december() {
        let p = Comparison::Month(d(2025, 1, 17)).resolve(d(2025, 6, 30));
        assert_eq!(p.previous, (d(2024, 12, 1), d(2024, 12, 31)));
    }
}
