//! Date presets (this month, last month, last N days, month to date), resolved against a given `today`
//! so that a preset means the same thing in a test as in a notebook; and the calendar arithmetic they need.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::Filter;

/// A named date range, turned into [`Filter::start`] and [`Filter::end`] by [`Filter::with_preset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePreset {
    /// The whole calendar month of `today`, its last days included even if they are still to come.
    ThisMonth,
    /// The calendar month before `today`'s.
    LastMonth,
    /// The first day of `today`'s month to `today`, both included.
    MonthToDate,
    /// The `n` days ending with `today`, both ends included (`LastDays(7)` on a Sunday starts on Monday).
    /// `n` is at least 1.
    LastDays(u32),
}

impl DatePreset {
    /// First and last day (both included) of the preset on `today`.
    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            DatePreset::ThisMonth => (month_start(today), month_end(today)),
            DatePreset::LastMonth => {
                let previous = previous_month_start(today);
                (previous, month_end(previous))
            }
            DatePreset::MonthToDate => (month_start(today), today),
            DatePreset::LastDays(n) => (today - Days::new(u64::from(n.max(1)) - 1), today),
        }
    }

    /// Parses `this_month`, `last_month`, `month_to_date` (or `mtd`) and `last_<n>_days`, ignoring case and
    /// separators.
    pub fn parse(text: &str) -> Option<DatePreset> {
        let key = crate::model::fold(text);
        match key.as_str() {
            "thismonth" => Some(DatePreset::ThisMonth),
            "lastmonth" => Some(DatePreset::LastMonth),
            "monthtodate" | "mtd" => Some(DatePreset::MonthToDate),
            _ => {
                let n = key.strip_prefix("last")?.strip_suffix("days")?;
                n.parse().ok().filter(|n| *n > 0).map(DatePreset::LastDays)
            }
        }
    }
}

impl Filter {
    /// This filter with its date range set to `preset` on `today` (replacing any start and end).
    pub fn with_preset(mut self, preset: DatePreset, today: NaiveDate) -> Filter {
        let (start, end) = preset.range(today);
        self.start = Some(start);
        self.end = Some(end);
        self
    }
}

/// The period `start..=end` is compared with, wherever finops says "previous period": the KPIs' change,
/// insights, the chat's comparisons. One definition, so the same question gets the same answer everywhere:
/// - whole calendar months (the first of a month to the last day of a month): as many calendar months just
///   before (March → February, April–June → January–March);
/// - a month so far (the first of a month to a day before its end): the same days of the month before,
///   stopping at that month's last day (March 1–30 → February 1–28);
/// - any other range: as many days just before (March 10–16 → March 3–9).
pub fn previous_period(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let before_start = start.pred_opt().expect("date within chrono's range");
    if start.day() == 1 && end == month_end(end) && start <= end {
        let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
        let first = start.checked_sub_months(Months::new(months as u32)).expect("date within chrono's range");
        return (first, before_start);
    }
    if start.day() == 1 && start <= end && end < month_end(start) {
        let first = previous_month_start(start);
        let same_day = first + Days::new(u64::from(end.day0()));
        return (first, same_day.min(month_end(first)));
    }
    let days = (end - start).num_days().max(0) as u64 + 1;
    (start - Days::new(days), before_start)
}

/// The first day of `day`'s month.
pub(crate) fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("every month has a first day")
}

/// The last day of `day`'s month.
pub(crate) fn month_end(day: NaiveDate) -> NaiveDate {
    next_month_start(day).pred_opt().expect("a month start has a day before it")
}

/// The first day of the month after `day`'s.
pub(crate) fn next_month_start(day: NaiveDate) -> NaiveDate {
    month_start(day).checked_add_months(Months::new(1)).expect("date within chrono's range")
}

/// The first day of the month before `day`'s.
pub(crate) fn previous_month_start(day: NaiveDate) -> NaiveDate {
    month_start(day).checked_sub_months(Months::new(1)).expect("date within chrono's range")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn presets_on_a_leap_year_march() {
        let today = d(2024, 3, 15);
        assert_eq!(DatePreset::ThisMonth.range(today), (d(2024, 3, 1), d(2024, 3, 31)));
        assert_eq!(DatePreset::LastMonth.range(today), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(DatePreset::MonthToDate.range(today), (d(2024, 3, 1), today));
        assert_eq!(DatePreset::LastDays(15).range(today), (d(2024, 3, 1), today));
        assert_eq!(DatePreset::LastDays(0).range(today), (today, today));
        // January's last month is the previous year's December.
        assert_eq!(DatePreset::LastMonth.range(d(2025, 1, 1)), (d(2024, 12, 1), d(2024, 12, 31)));
    }

    #[test]
    fn previous_periods() {
        // Whole months: the calendar months before, whatever their lengths.
        assert_eq!(previous_period(d(2025, 3, 1), d(2025, 3, 31)), (d(2025, 2, 1), d(2025, 2, 28)));
        assert_eq!(previous_period(d(2025, 4, 1), d(2025, 6, 30)), (d(2025, 1, 1), d(2025, 3, 31)));
        assert_eq!(previous_period(d(2025, 1, 1), d(2025, 1, 31)), (d(2024, 12, 1), d(2024, 12, 31)));
        // A month so far: the same days of the month before, stopping at its end.
        assert_eq!(previous_period(d(2025, 3, 1), d(2025, 3, 12)), (d(2025, 2, 1), d(2025, 2, 12)));
        assert_eq!(previous_period(d(2025, 3, 1), d(2025, 3, 30)), (d(2025, 2, 1), d(2025, 2, 28)));
        // Anything else: as many days just before.
        assert_eq!(previous_period(d(2025, 3, 10), d(2025, 3, 16)), (d(2025, 3, 3), d(2025, 3, 9)));
        // 71 days (31 + 28 + 12) before January 1st: October 22nd to December 31st.
        assert_eq!(previous_period(d(2025, 1, 1), d(2025, 3, 12)), (d(2024, 10, 22), d(2024, 12, 31)));
        assert_eq!(previous_period(d(2025, 3, 5), d(2025, 3, 5)), (d(2025, 3, 4), d(2025, 3, 4)));
    }

    #[test]
    fn parses_names() {
        assert_eq!(DatePreset::parse("this_month"), Some(DatePreset::ThisMonth));
        assert_eq!(DatePreset::parse("Last Month"), Some(DatePreset::LastMonth));
        assert_eq!(DatePreset::parse("MTD"), Some(DatePreset::MonthToDate));
        assert_eq!(DatePreset::parse("last_30_days"), Some(DatePreset::LastDays(30)));
        assert_eq!(DatePreset::parse("last_0_days"), None);
        assert_eq!(DatePreset::parse("yesterday"), None);
    }
}
