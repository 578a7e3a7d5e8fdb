//! Month, quarter and year-end projections: actuals to date plus the forecast of the remaining days, with
//! the interval of that sum; and the month against a budget.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::{forecast_selection, ForecastOptions, Horizon, Interval, SegmentForecast};
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::services::analytics::Analytics;

/// One calendar period's projection.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodProjection {
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// Cost from the period's first day (or the history's, if later) to the last day with data.
    pub actual_to_date: f64,
    /// Forecast of the remaining days (recurring charges included), with its interval.
    pub remaining: Interval,
    /// `actual_to_date` + `remaining`.
    pub projected: Interval,
}

/// The current month against a monthly budget.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetCheck {
    /// The budget of the month.
    pub budget: f64,
    /// Projected month total minus the budget (negative: under budget).
    pub overrun: f64,
    /// The same at the 80% interval's ends: `(low, high)`.
    pub overrun_80: (f64, f64),
    /// The first day the month's cumulative cost (actual, then forecast) reaches the budget; None if it is
    /// not projected to this month.
    pub crossing: Option<NaiveDate>,
}

/// The result of [`Analytics::month_end`].
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// The last day with data.
    pub as_of: NaiveDate,
    /// The currency of every amount.
    pub currency: Option<String>,
    /// The model (or `ensemble`) behind the forecast.
    pub model: String,
    /// The month of `as_of`.
    pub month: PeriodProjection,
    /// Its calendar quarter.
    pub quarter: PeriodProjection,
    /// Its calendar year.
    pub year: PeriodProjection,
    /// The month against the budget, when one was given.
    pub budget: Option<BudgetCheck>,
}

fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

fn period(series: &SegmentForecast, as_of: NaiveDate, start: NaiveDate, end: NaiveDate) -> PeriodProjection {
    let from = (start - series.history_start).num_days().max(0) as usize;
    let actual_to_date = series.actual[from.min(series.actual.len())..].iter().sum();
    let remaining = series.window(0, (end - as_of).num_days().max(0) as usize);
    PeriodProjection { start, end, actual_to_date, remaining, projected: remaining.plus(actual_to_date) }
}

fn budget_check(series: &SegmentForecast, month: &PeriodProjection, budget: f64) -> BudgetCheck {
    let from = (month.start - series.history_start).num_days().max(0) as usize;
    let mut total = 0.0;
    let mut crossing = None;
    for (i, cost) in series.actual.iter().enumerate().skip(from) {
        total += cost;
        if crossing.is_none() && total >= budget {
            crossing = Some(series.history_start + chrono::Days::new(i as u64));
        }
    }
    let remaining = (month.end - series.start).num_days() + 1;
    for (i, day) in series.days.iter().take(remaining.max(0) as usize).enumerate() {
        total += day.value;
        if crossing.is_none() && total >= budget {
            crossing = Some(series.date(i));
        }
    }
    let p = &month.projected;
    BudgetCheck { budget, overrun: p.value - budget, overrun_80: (p.lower_80 - budget, p.upper_80 - budget), crossing }
}

impl Analytics {
    /// Month, quarter and year-end projections of the filter's total (default [`ForecastOptions`]), and the
    /// month against `budget` when given.
    pub fn month_end(&self, filter: &Filter, budget: Option<f64>) -> Result<Projection> {
        self.month_end_with(filter, budget, &ForecastOptions::default())
    }

    /// [`Analytics::month_end`] with forecast options (`horizon`, `by` and `top_n` are not used: the
    /// forecast runs to the year end, on the total).
    pub fn month_end_with(
        &self,
        filter: &Filter,
        budget: Option<f64>,
        options: &ForecastOptions,
    ) -> Result<Projection> {
        if budget.is_some_and(|b| !b.is_finite()) {
            return Err(Error::InvalidArgument("the budget must be a finite number".into()));
        }
        options.validate()?;
        let options = ForecastOptions { by: None, horizon: Horizon::Days(0), ..options.clone() };
        self.with_selection(filter, |selection| {
            let Some(last) = super::history_period(selection)?.map(|(_, to)| super::date(to)) else {
                return Err(Error::InvalidArgument("nothing selected to project".into()));
            };
            let year_end = NaiveDate::from_ymd_opt(last.year(), 12, 31).unwrap_or(last);
            let days = (year_end - last).num_days() as usize;
            let forecast = forecast_selection(selection, &options, Some(days))?;
            let series = forecast.segments.first().ok_or_else(|| Error::InvalidArgument("nothing selected".into()))?;
            let month_start = crate::filter::month_start(last);
            let month = period(series, last, month_start, crate::filter::month_end(last));
            let q_start = quarter_start(last);
            let q_end = crate::filter::month_end(q_start.checked_add_months(chrono::Months::new(2)).unwrap_or(q_start));
            let quarter = period(series, last, q_start, q_end);
            let year = period(series, last, NaiveDate::from_ymd_opt(last.year(), 1, 1).unwrap_or(last), year_end);
            let budget = budget.map(|b| budget_check(series, &month, b));
            Ok(Projection {
                as_of: last,
                currency: forecast.currency.clone(),
                model: series.prediction.model.clone(),
                month,
                quarter,
                year,
                budget,
            })
        })
    }
}

impl fmt::Display for Projection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let currency = self.currency.as_deref().unwrap_or("");
        writeln!(f, "Projection as of {} ({}, {currency})", self.as_of, self.model)?;
        for (name, p) in [("month", &self.month), ("quarter", &self.quarter), ("year", &self.year)] {
            writeln!(
                f,
                "{name:<8} {} to {}: {:.2} to date + {:.2} = {:.2} (80%: {:.2}–{:.2}, 95%: {:.2}–{:.2})",
                p.start,
                p.end,
                p.actual_to_date,
                p.remaining.value,
                p.projected.value,
                p.projected.lower_80,
                p.projected.upper_80,
                p.projected.lower_95,
                p.projected.upper_95
            )?;
        }
        if let Some(b) = &self.budget {
            let crossing = b.crossing.map_or("not this month".to_string(), |d| d.to_string());
            writeln!(
                f,
                "budget   {:.2}: overrun {:+.2} (80%: {:+.2} to {:+.2}), crossed {crossing}",
                b.budget, b.overrun, b.overrun_80.0, b.overrun_80.1
            )?;
        }
        Ok(())
    }
}
