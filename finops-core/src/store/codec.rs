//! How the store encodes what it keeps: days as whole days since 1970-01-01 (UTC), timestamps as Unix seconds,
//! each cost metric as a column. Every module that reads or writes the store's numbers uses these, so a day
//! means the same thing in SQL, in the daily frame and in a filter.

use chrono::NaiveDate;

use crate::filter::CostMetric;

/// Seconds in a day: `charge_period_start / SECONDS_PER_DAY` is a line item's day number (SQL truncates).
pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// The date `day` days after 1970-01-01.
pub(crate) fn date(day: i32) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(i64::from(day))
}

/// Days from 1970-01-01 to `date`.
pub(crate) fn day_number(date: NaiveDate) -> i32 {
    (date - NaiveDate::default()).num_days() as i32
}

/// Unix seconds of `date`'s midnight (UTC).
pub(crate) fn epoch(date: NaiveDate) -> i64 {
    i64::from(day_number(date)) * SECONDS_PER_DAY
}

/// The column (of `line_items`, `daily_costs` and the daily frame) holding a metric.
pub(crate) fn metric_column(metric: CostMetric) -> &'static str {
    match metric {
        CostMetric::Billed => "billed_cost",
        CostMetric::Effective => "effective_cost",
        CostMetric::List => "list_cost",
        CostMetric::Contracted => "contracted_cost",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_seconds_agree() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(day_number(d), 20148);
        assert_eq!(date(20148), d);
        assert_eq!(epoch(d), d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp());
        assert_eq!(date(-1), NaiveDate::from_ymd_opt(1969, 12, 31).unwrap());
    }
}
