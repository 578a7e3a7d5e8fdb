//! Cost forecasting: daily forecasts with calibrated 80% and 95% intervals for the total or the top
//! segments of any [`Dimension`], month, quarter and year-end projections, and a budget check.
//!
//! Usage cost is forecast by models (see [`Model`]): augurs ETS and MSTL, seasonal naive (the same weekday
//! last week), the same day of the previous calendar month, the least-squares line and the recent mean. A
//! rolling-origin backtest on the series itself (see [`ForecastOptions`]) scores them; the ensemble weights
//! the best three by inverse MASE (the M4 lesson: combinations of simple models beat most single ones).
//! Intervals are not the models' own: they are quantiles of the ensemble's out-of-sample backtest errors,
//! scaled to the series' level, so an 80% interval covers about 80% of outcomes. Costs of a non-negative
//! series never go below zero. Purchases, tax, credits and adjustments are not consumption: a line recurring
//! monthly repeats on its usual day, a one-off does not.
//!
//! Amounts are in one currency, on the filter's metric, as everywhere in analytics. It must not chart or
//! format beyond the backtest table: callers get [`Forecast`], [`Projection`] and DataFrames.
//!
//! Prophet ([`Model::Prophet`], augurs-prophet with its Stan model run as WebAssembly under wasmtime) is a
//! candidate only with finops-core's `prophet` cargo feature, off by default: wasmtime is a build heavier than
//! the rest of finops-core, and one Prophet fit takes longer than the whole default ensemble. The benchmark
//! (`examples/forecast_eval.rs`, `scripts/bench_forecast.py`) compares finops with the Python package and,
//! built with the feature, with augurs-prophet.
//!
//! ```no_run
//! use finops_core::prelude::*;
//! use finops_core::services::forecast::{ForecastOptions, Horizon};
//! let ws = Workspace::open("data/finops.db")?;
//! let filter = Filter { currency: Some("USD".into()), ..Default::default() };
//! let options = ForecastOptions { horizon: Horizon::Months(2), ..Default::default() };
//! let forecast = ws.analytics()?.forecast(&filter, &options)?;
//! println!("{}", forecast.segments[0].prediction.backtest);
//! let projection = ws.analytics()?.month_end(&filter, Some(10_000.0))?;
//! println!("{projection}");
//! # Ok::<(), finops_core::Error>(())
//! ```

mod backtest;
mod baselines;
mod clean;
mod frames;
mod holidays;
mod intervals;
mod models;
mod options;
mod predict;
mod projection;
#[cfg(feature = "prophet")]
mod prophet;
mod recurring;
mod series;
mod smoothing;
mod summary;
mod trend;

use chrono::NaiveDate;

pub use models::Model;
pub use options::{ForecastOptions, Horizon};
pub use predict::{predict, predict_dated, Interval, Prediction};
pub use projection::{BudgetCheck, PeriodProjection, Projection};
pub use summary::{BacktestSummary, ModelScore};

use crate::error::Result;
use crate::filter::{month_end, Filter};
use crate::services::analytics::{date, day_number, Analytics, Dimension, Selection};
use series::SegmentHistory;

/// One series' history and forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentForecast {
    /// The segment's value of [`Forecast::by`]; None for the total.
    pub segment: Option<String>,
    /// First day of the history.
    pub history_start: NaiveDate,
    /// Every charge per day of the history (usage and the rest).
    pub actual: Vec<f64>,
    /// Usage cost per day of the history: what the models were fitted on.
    pub usage: Vec<f64>,
    /// First forecast day (the day after the history).
    pub start: NaiveDate,
    /// Projected recurring non-usage charges per forecast day.
    pub recurring: Vec<f64>,
    /// Forecast of every charge per day: the usage forecast plus `recurring`.
    pub days: Vec<Interval>,
    /// The usage forecast: model, weights, backtest, and sums over any days ahead.
    pub prediction: Prediction,
}

impl SegmentForecast {
    /// The forecast sum of days `from..to` ahead (0-based, end excluded), recurring charges included.
    pub fn window(&self, from: usize, to: usize) -> Interval {
        let to = to.min(self.days.len());
        let from = from.min(to);
        self.prediction.window(from, to).plus(self.recurring[from..to].iter().sum())
    }

    /// The date of day `i` ahead.
    pub fn date(&self, i: usize) -> NaiveDate {
        self.start + chrono::Days::new(i as u64)
    }
}

/// The result of [`Analytics::forecast`].
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The dimension the segments are values of (None: one series, the total).
    pub by: Option<Dimension>,
    /// The currency of every amount (None when nothing was selected).
    pub currency: Option<String>,
    /// One forecast per segment, most expensive first (the total alone when `by` is None).
    pub segments: Vec<SegmentForecast>,
}

impl Forecast {
    /// The forecast of one segment (by value; None for the total).
    pub fn segment(&self, value: Option<&str>) -> Option<&SegmentForecast> {
        self.segments.iter().find(|s| s.segment.as_deref() == value)
    }
}

/// Days ahead for `horizon` after `last`.
fn horizon_days(horizon: Horizon, last: NaiveDate) -> usize {
    match horizon {
        Horizon::Days(n) => n,
        Horizon::Months(n) => {
            let end = month_end(last.checked_add_months(chrono::Months::new(n)).unwrap_or(last));
            (end - last).num_days().max(0) as usize
        }
    }
}

impl Analytics {
    /// Forecasts the filter's selection (see [`ForecastOptions`] and the module docs). The history is the
    /// filter's period up to its last day with data; a selection spanning several currencies without rates
    /// is [`crate::Error::MixedCurrencies`].
    pub fn forecast(&self, filter: &Filter, options: &ForecastOptions) -> Result<Forecast> {
        options.validate()?;
        self.with_selection(filter, |selection| forecast_selection(selection, options, None))
    }
}

/// The forecast of a selection; `min_days` extends the horizon (projections to the year end).
fn forecast_selection(
    selection: &Selection<'_>,
    options: &ForecastOptions,
    min_days: Option<usize>,
) -> Result<Forecast> {
    let currency = selection.currency.clone();
    let by = options.by.clone();
    let Some((from, to)) = history_period(selection)? else {
        return Ok(Forecast { by, currency, segments: Vec::new() });
    };
    let last = date(to);
    let horizon = horizon_days(options.horizon, last).max(min_days.unwrap_or(0));
    let histories = series::histories(selection, by.as_ref(), options.top_n, from, to)?;
    let segments = histories
        .into_iter()
        .map(|h| forecast_segment(h, date(from), last, horizon, options))
        .collect::<Result<_>>()?;
    Ok(Forecast { by, currency, segments })
}

/// The filter's period, ending on the last day with data (a filter ending in the future has no actuals
/// there to fit on).
fn history_period(selection: &Selection<'_>) -> Result<Option<(i32, i32)>> {
    let Some((from, to)) = selection.period()? else { return Ok(None) };
    let last = selection.cost_by_day(from, to)?.into_keys().max();
    Ok(last.map(|last| (from, last.min(to))))
}

fn forecast_segment(
    history: SegmentHistory,
    first: NaiveDate,
    last: NaiveDate,
    horizon: usize,
    options: &ForecastOptions,
) -> Result<SegmentForecast> {
    let prediction = predict_dated(&history.usage, first, horizon, options)?;
    let start = last + chrono::Days::new(1);
    let mut recurring = vec![0.0; horizon];
    if options.recurring_charges && horizon > 0 {
        let until = start + chrono::Days::new(horizon as u64 - 1);
        for (day, amount) in recurring::project_lines(&history.lines, first, last, until) {
            recurring[(day_number(day) - day_number(start)) as usize] += amount;
        }
    }
    let days = prediction.days.iter().zip(&recurring).map(|(d, r)| d.plus(*r)).collect();
    Ok(SegmentForecast {
        segment: history.segment,
        history_start: first,
        actual: history.actual,
        usage: history.usage,
        start,
        recurring,
        days,
        prediction,
    })
}
