//! The headline numbers of a selection: total, daily average, extreme days, change against the previous
//! period, month to date and last month.

use chrono::NaiveDate;

use super::selection::Selection;
use super::{date, day_number};
use crate::error::Result;
use crate::filter::{month_start, previous_month_start, previous_period, CostMetric};

/// One day's cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayCost {
    /// The day (UTC).
    pub date: NaiveDate,
    /// Its cost, in [`Kpis::currency`].
    pub cost: f64,
}

/// Key figures of a filter's selection. Every amount is [`Kpis::metric`] in [`Kpis::currency`].
///
/// The period is the filter's date range; an open end is the first or last day with data in the selection.
/// Days without any cost count as zero (in the average and for the minimum day).
#[derive(Debug, Clone, PartialEq)]
pub struct Kpis {
    /// The currency of every amount; None when nothing is selected and no currency was asked for.
    pub currency: Option<String>,
    /// The cost metric summed.
    pub metric: CostMetric,
    /// First day of the period; None when there is no period (open dates and no data).
    pub start: Option<NaiveDate>,
    /// Last day of the period, included.
    pub end: Option<NaiveDate>,
    /// Days in the period.
    pub days: u32,
    /// Total cost over the period.
    pub total: f64,
    /// `total / days` (0 without a period).
    pub daily_average: f64,
    /// The most expensive day of the period (the earliest on a tie).
    pub max_day: Option<DayCost>,
    /// The cheapest day of the period (the earliest on a tie), zero-cost days included.
    pub min_day: Option<DayCost>,
    /// First day of the period compared with ([`crate::previous_period`]: the calendar months before
    /// a period of whole months, the same days of the month before a month so far, else as many days before).
    pub previous_start: Option<NaiveDate>,
    /// Last day of the period compared with.
    pub previous_end: Option<NaiveDate>,
    /// Total over the period compared with.
    pub previous_total: f64,
    /// `total - previous_total`.
    pub change: f64,
    /// `change / |previous_total| * 100`; None when the previous period cost nothing.
    pub change_pct: Option<f64>,
    /// From the first day of the period's last month to its last day (may start before the period does).
    pub month_to_date: f64,
    /// The whole calendar month before the period's last month (outside the period, whatever it is).
    pub last_month: f64,
}

impl Kpis {
    fn empty(selection: &Selection<'_>, metric: CostMetric) -> Kpis {
        Kpis {
            currency: selection.currency.clone(),
            metric,
            start: None,
            end: None,
            days: 0,
            total: 0.0,
            daily_average: 0.0,
            max_day: None,
            min_day: None,
            previous_start: None,
            previous_end: None,
            previous_total: 0.0,
            change: 0.0,
            change_pct: None,
            month_to_date: 0.0,
            last_month: 0.0,
        }
    }
}

/// Computes the KPIs from one pass over the days they need (the period, the one before it, last month).
pub(crate) fn kpis(selection: &Selection<'_>, metric: CostMetric) -> Result<Kpis> {
    let Some((start, end)) = selection.period()? else { return Ok(Kpis::empty(selection, metric)) };
    let days = end - start + 1;
    let end_date = date(end);
    let (previous_start, previous_end) = previous_period(date(start), end_date);
    let previous = (day_number(previous_start), day_number(previous_end));
    let month = day_number(month_start(end_date));
    let last_month = (day_number(previous_month_start(end_date)), month - 1);
    let cost = selection.cost_by_day(previous.0.min(last_month.0), end)?;
    let sum = |(from, to): (i32, i32)| (from..=to).map(|d| cost.get(&d).copied().unwrap_or(0.0)).sum::<f64>();
    let period: Vec<DayCost> =
        (start..=end).map(|d| DayCost { date: date(d), cost: cost.get(&d).copied().unwrap_or(0.0) }).collect();
    // `reduce` keeps the first of equal days: strict comparisons.
    let max_day = period.iter().copied().reduce(|a, b| if b.cost > a.cost { b } else { a });
    let min_day = period.iter().copied().reduce(|a, b| if b.cost < a.cost { b } else { a });
    let total = sum((start, end));
    let previous_total = sum(previous);
    let change = total - previous_total;
    Ok(Kpis {
        currency: selection.currency.clone(),
        metric,
        start: Some(date(start)),
        end: Some(end_date),
        days: days as u32,
        total,
        daily_average: total / f64::from(days),
        max_day,
        min_day,
        previous_start: Some(previous_start),
        previous_end: Some(previous_end),
        previous_total,
        change,
        change_pct: (previous_total != 0.0).then(|| change / previous_total.abs() * 100.0),
        month_to_date: sum((month, end)),
        last_month: sum(last_month),
    })
}
