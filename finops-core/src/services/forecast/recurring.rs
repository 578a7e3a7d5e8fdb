//! Non-usage charges (purchases, tax, credits, adjustments) are not consumption: a model would smear a
//! monthly tax line over every day, or extrapolate a one-off purchase. Each line (same charge category,
//! account, sub account, service, region and tags) is projected by rule instead:
//!
//! - recurring: present in each of the last complete months (three, or two when only two are known), each
//!   month's amount within 25% of their median; it repeats every month on its usual day of the month (the
//!   median of the days it fell on, clamped to the month's length), for the mean of those amounts;
//! - anything else (a one-off purchase, an irregular credit) is not projected.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::filter::{month_end, month_start, next_month_start, previous_month_start};
use crate::services::anomaly::median;

/// Largest relative distance of a month's amount from the median for a line to count as recurring.
const TOLERANCE: f64 = 0.25;

/// One line's daily amounts in the history.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ChargeLine {
    pub(crate) days: BTreeMap<NaiveDate, f64>,
}

/// A recurring line: its usual day of the month and its monthly amount.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Recurrence {
    pub(crate) day_of_month: u32,
    pub(crate) amount: f64,
}

impl ChargeLine {
    /// The line's recurrence, if it recurs, for a history from `first` to `last`.
    pub(crate) fn recurrence(&self, first: NaiveDate, last: NaiveDate) -> Option<Recurrence> {
        // Complete months: wholly inside the history, before the month of its last day (or that month too
        // when the history ends on its last day).
        let mut months = Vec::new();
        let mut month = if last == month_end(last) { month_start(last) } else { previous_month_start(last) };
        while months.len() < 3 && month >= first {
            months.push(month);
            month = previous_month_start(month);
        }
        if months.len() < 2 {
            return None;
        }
        let mut amounts = Vec::new();
        let mut days = Vec::new();
        for start in &months {
            let end = month_end(*start);
            let rows: Vec<(&NaiveDate, &f64)> = self.days.range(*start..=end).filter(|(_, a)| **a != 0.0).collect();
            let largest = rows.iter().max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))?;
            days.push(f64::from(largest.0.day()));
            amounts.push(rows.iter().map(|(_, a)| **a).sum::<f64>());
        }
        let middle = median(&mut amounts.clone()).unwrap_or(0.0);
        if middle == 0.0 || amounts.iter().any(|a| ((a - middle) / middle).abs() > TOLERANCE) {
            return None;
        }
        Some(Recurrence {
            day_of_month: median(&mut days).unwrap_or(1.0).round() as u32,
            amount: amounts.iter().sum::<f64>() / amounts.len() as f64,
        })
    }
}

impl Recurrence {
    /// The charges this recurrence projects after `last` up to `until` (inclusive). The month of `last`
    /// gets none if the line already fell in it (`seen_this_month`).
    pub(crate) fn project(&self, last: NaiveDate, until: NaiveDate, seen_this_month: bool) -> Vec<(NaiveDate, f64)> {
        let mut out = Vec::new();
        let mut month = month_start(last);
        while month <= until {
            let day = self.day_of_month.clamp(1, month_end(month).day());
            let date = month.with_day(day).unwrap_or(month);
            let already = seen_this_month && month == month_start(last);
            if date > last && date <= until && !already {
                out.push((date, self.amount));
            }
            month = next_month_start(month);
        }
        out
    }
}

/// The projected charges of every line: summed per day after `last` up to `until`.
pub(crate) fn project_lines(
    lines: &[ChargeLine],
    first: NaiveDate,
    last: NaiveDate,
    until: NaiveDate,
) -> BTreeMap<NaiveDate, f64> {
    let mut out = BTreeMap::new();
    for line in lines {
        let Some(recurrence) = line.recurrence(first, last) else { continue };
        let seen = line.days.range(month_start(last)..=last).any(|(_, a)| *a != 0.0);
        for (date, amount) in recurrence.project(last, until, seen) {
            *out.entry(date).or_insert(0.0) += amount;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn a_monthly_tax_repeats_and_a_one_off_does_not() {
        // Tax of ~300 on the 1st of January to April; history to 15 April; a purchase of 1000 on 10 March.
        let tax = ChargeLine { days: [(d(1, 1), 290.0), (d(2, 1), 300.0), (d(3, 1), 310.0), (d(4, 1), 305.0)].into() };
        let purchase = ChargeLine { days: [(d(3, 10), 1000.0)].into() };
        let out = project_lines(&[tax, purchase], d(1, 1), d(4, 15), d(6, 30));
        // Mean of January–March (the complete months): 300; April's is already billed.
        assert_eq!(out.into_iter().collect::<Vec<_>>(), vec![(d(5, 1), 300.0), (d(6, 1), 300.0)]);
    }

    #[test]
    fn the_usual_day_is_clamped_to_short_months() {
        let line = ChargeLine { days: [(d(1, 31), 50.0), (d(2, 28), 50.0), (d(3, 31), 50.0)].into() };
        let r = line.recurrence(d(1, 1), d(4, 2)).unwrap();
        assert_eq!(r, Recurrence { day_of_month: 31, amount: 50.0 });
        assert_eq!(r.project(d(4, 2), d(5, 31), false), vec![(d(4, 30), 50.0), (d(5, 31), 50.0)]);
    }

    #[test]
    fn an_amount_that_varies_too_much_is_not_recurring() {
        let line = ChargeLine { days: [(d(1, 5), 100.0), (d(2, 5), 200.0), (d(3, 5), 100.0)].into() };
        assert_eq!(line.recurrence(d(1, 1), d(4, 2)), None);
    }
}
