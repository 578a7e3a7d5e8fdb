//! [`Forecast`] as polars DataFrames with documented columns, for notebooks, charts and bindings.

use chrono::NaiveDate;
use polars::prelude::*;

use super::{Forecast, Interval, SegmentForecast};
use crate::error::Result;
use crate::filter::{month_end, month_start};
use crate::services::analytics::day_number;

fn dates(name: &str, days: Vec<i32>) -> Result<Column> {
    Ok(Column::new(name.into(), days).cast(&DataType::Date)?)
}

/// The interval columns `value, lower_80, upper_80, lower_95, upper_95`.
fn interval_columns(rows: &[Interval]) -> Vec<Column> {
    let f = |get: fn(&Interval) -> f64| rows.iter().map(get).collect::<Vec<f64>>();
    vec![
        Column::new("value".into(), f(|i| i.value)),
        Column::new("lower_80".into(), f(|i| i.lower_80)),
        Column::new("upper_80".into(), f(|i| i.upper_80)),
        Column::new("lower_95".into(), f(|i| i.lower_95)),
        Column::new("upper_95".into(), f(|i| i.upper_95)),
    ]
}

impl Forecast {
    fn segment_column(&self, rows: Vec<Option<String>>) -> Option<Column> {
        self.by.as_ref().map(|_| Column::new("segment".into(), rows))
    }

    /// One row per segment and forecast day.
    ///
    /// Columns: `date` (Date), `segment` (String, only when [`Forecast::by`] is set), `value` (Float64: the
    /// point forecast of every charge), `lower_80`, `upper_80`, `lower_95`, `upper_95` (Float64: interval
    /// ends, never below zero for a non-negative series), `recurring` (Float64: projected recurring
    /// non-usage charges, included in the other columns), `model` (String: [`super::Model::as_str`] or
    /// `ensemble`).
    pub fn to_frame(&self) -> Result<DataFrame> {
        let (mut days, mut segments, mut rows, mut recurring, mut models) = (vec![], vec![], vec![], vec![], vec![]);
        for s in &self.segments {
            for (i, day) in s.days.iter().enumerate() {
                days.push(day_number(s.date(i)));
                segments.push(s.segment.clone());
                rows.push(*day);
                recurring.push(s.recurring[i]);
                models.push(s.prediction.model.clone());
            }
        }
        let mut columns = vec![dates("date", days)?];
        columns.extend(self.segment_column(segments));
        columns.extend(interval_columns(&rows));
        columns.push(Column::new("recurring".into(), recurring));
        columns.push(Column::new("model".into(), models));
        Ok(DataFrame::new(rows.len(), columns)?)
    }

    /// The history the forecast continues, one row per segment and day.
    ///
    /// Columns: `date` (Date), `segment` (String, only when `by` is set), `actual` (Float64: every charge),
    /// `usage` (Float64: Usage rows only, what the models were fitted on).
    pub fn history_frame(&self) -> Result<DataFrame> {
        let (mut days, mut segments, mut actual, mut usage) = (vec![], vec![], vec![], vec![]);
        for s in &self.segments {
            let first = day_number(s.history_start);
            for (i, (a, u)) in s.actual.iter().zip(&s.usage).enumerate() {
                days.push(first + i as i32);
                segments.push(s.segment.clone());
                actual.push(*a);
                usage.push(*u);
            }
        }
        let mut columns = vec![dates("date", days)?];
        columns.extend(self.segment_column(segments));
        columns.extend([Column::new("actual".into(), actual), Column::new("usage".into(), usage)]);
        Ok(DataFrame::new(columns[0].len(), columns)?)
    }

    /// Calendar months from the month of the last day of history to the horizon's end: actuals so far plus
    /// the forecast, with the interval of the month's sum (a month the horizon only partly covers is summed
    /// over the days it covers).
    ///
    /// Columns: `month` (Date, first day), `segment` (String, only when `by` is set), `actual` (Float64: cost
    /// already incurred in the month), `forecast` (Float64: forecast of the month's remaining days covered),
    /// `value`, `lower_80`, `upper_80`, `lower_95`, `upper_95` (Float64: `actual` + the forecast sum and its
    /// interval), `model` (String).
    pub fn monthly_frame(&self) -> Result<DataFrame> {
        let (mut months, mut segments, mut actual, mut forecast, mut rows, mut models) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        for s in &self.segments {
            for (month, done, window) in month_windows(s) {
                let interval = s.window(window.0, window.1).plus(done);
                months.push(day_number(month));
                segments.push(s.segment.clone());
                actual.push(done);
                forecast.push(interval.value - done);
                rows.push(interval);
                models.push(s.prediction.model.clone());
            }
        }
        let mut columns = vec![dates("month", months)?];
        columns.extend(self.segment_column(segments));
        columns.push(Column::new("actual".into(), actual));
        columns.push(Column::new("forecast".into(), forecast));
        columns.extend(interval_columns(&rows));
        columns.push(Column::new("model".into(), models));
        Ok(DataFrame::new(rows.len(), columns)?)
    }

    /// Every segment's backtest summary, long format: the ensemble (or single model) first, then each model.
    ///
    /// Columns: `segment` (String, only when `by` is set), `model` (String), `weight`, `mape`, `mase`, `bias`
    /// (Float64; see [`super::ModelScore`]), `coverage_80`, `coverage_95` (Float64, null without enough
    /// origins), `n_origins` (UInt32).
    pub fn backtest_frame(&self) -> Result<DataFrame> {
        let rows: Vec<(&SegmentForecast, &super::ModelScore)> =
            self.segments.iter().flat_map(|s| s.prediction.backtest.scores.iter().map(move |m| (s, m))).collect();
        let f = |get: fn(&super::ModelScore) -> f64| rows.iter().map(|r| get(r.1)).collect::<Vec<f64>>();
        let mut columns = Vec::new();
        columns.extend(self.segment_column(rows.iter().map(|r| r.0.segment.clone()).collect()));
        columns.extend([
            Column::new("model".into(), rows.iter().map(|r| r.1.model.as_str()).collect::<Vec<_>>()),
            Column::new("weight".into(), f(|m| m.weight)),
            Column::new("mape".into(), f(|m| m.mape)),
            Column::new("mase".into(), f(|m| m.mase)),
            Column::new("bias".into(), f(|m| m.bias)),
            Column::new("coverage_80".into(), rows.iter().map(|r| r.1.coverage_80).collect::<Vec<_>>()),
            Column::new("coverage_95".into(), rows.iter().map(|r| r.1.coverage_95).collect::<Vec<_>>()),
            Column::new("n_origins".into(), rows.iter().map(|r| r.1.n_origins as u32).collect::<Vec<_>>()),
        ]);
        Ok(DataFrame::new(rows.len(), columns)?)
    }
}

/// Per calendar month touched by the forecast: its first day, the actual cost already in it, and the
/// forecast days `(from, to)` it covers.
fn month_windows(s: &SegmentForecast) -> Vec<(NaiveDate, f64, (usize, usize))> {
    let mut out = Vec::new();
    if s.days.is_empty() {
        return out;
    }
    let last_day = s.date(s.days.len() - 1);
    let mut month = month_start(s.start - chrono::Days::new(1));
    let mut from = 0usize;
    while month <= last_day {
        let end = month_end(month);
        let to = ((end - s.start).num_days() + 1).clamp(0, s.days.len() as i64) as usize;
        let history_from = (month - s.history_start).num_days().max(0) as usize;
        let done = s.actual.get(history_from..).map_or(0.0, |a| a.iter().sum());
        if to > from || done != 0.0 {
            out.push((month, done, (from, to)));
        }
        from = to;
        month = end + chrono::Days::new(1);
    }
    out
}
