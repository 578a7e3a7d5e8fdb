//! Forecasting through the public API, with expected numbers computed by hand or by a second method: a
//! line extrapolated exactly, a weekly pattern continued exactly, a month-shaped cost continued by the
//! calendar model, interval coverage on noise of a known distribution, month/quarter/year-end sums and a
//! budget crossing on a constant series, a monthly tax that repeats and a one-off purchase that does not.

use crate::common;

use std::fmt::Write as _;

use chrono::NaiveDate;
use common::*;
use finops_core::services::forecast::{predict, predict_dated, ForecastOptions, Horizon, Model};
use finops_core::{Dimension, Filter};

const HEADER: &str =
    "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ProviderName,BillingAccountId,SubAccountId,ServiceName,RegionId";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn row(out: &mut String, day: NaiveDate, cost: f64, category: &str, service: &str) {
    let end = day + chrono::Days::new(1);
    let _ =
        writeln!(out, "{day}T00:00:00Z,{end}T00:00:00Z,{cost},{cost},USD,{category},AWS,payer,111,{service},us-east-1");
}

/// Usage of `daily` per day from `first` to `last` (inclusive) for one service.
fn constant_usage(csv: &mut String, first: NaiveDate, last: NaiveDate, daily: f64, service: &str) {
    let mut day = first;
    while day <= last {
        row(csv, day, daily, "Usage", service);
        day = day + chrono::Days::new(1);
    }
}

#[test]
fn a_line_is_extrapolated_exactly_by_linear_regression_and_the_ensemble_follows_it() {
    // y = 50 + 2t for t = 0..120: the next days are 50 + 2·(120 + h).
    let y: Vec<f64> = (0..120).map(|t| 50.0 + 2.0 * t as f64).collect();
    let expected: Vec<f64> = (0..14).map(|h| 50.0 + 2.0 * (120 + h) as f64).collect();
    let linear = predict(&y, 14, &ForecastOptions { models: vec![Model::Linear], ..Default::default() }).unwrap();
    assert_eq!(linear.model, "linear");
    for (d, e) in linear.days.iter().zip(&expected) {
        assert!((d.value - e).abs() < 1e-9, "{} vs {e}", d.value);
    }
    let ensemble = predict(&y, 14, &ForecastOptions::default()).unwrap();
    for (d, e) in ensemble.days.iter().zip(&expected) {
        assert!((d.value - e).abs() / e < 0.01, "{} vs {e} ({})", d.value, ensemble.model);
        assert!(d.lower_95 <= d.value && d.value <= d.upper_95);
    }
    // The backtest saw a perfect line: linear regression leads with no error.
    let linear_score = ensemble.backtest.scores.iter().find(|s| s.model == "linear").unwrap();
    assert!(linear_score.mape < 1e-9, "{}", ensemble.backtest);
}

#[test]
fn a_pure_weekly_pattern_is_continued_exactly_by_seasonal_naive() {
    let week = [120.0, 130.0, 125.0, 128.0, 110.0, 30.0, 25.0];
    // 100 days: day 100 is position 100 % 7 = 2 of the week.
    let y: Vec<f64> = (0..100).map(|i| week[i % 7]).collect();
    let options = ForecastOptions { models: vec![Model::SeasonalNaive], ..Default::default() };
    let p = predict(&y, 21, &options).unwrap();
    for (h, d) in p.days.iter().enumerate() {
        assert_eq!(d.value, week[(100 + h) % 7]);
    }
    let ensemble = predict(&y, 21, &ForecastOptions::default()).unwrap();
    for (h, d) in ensemble.days.iter().enumerate() {
        let e = week[(100 + h) % 7];
        assert!((d.value - e).abs() / e < 0.02, "day {h}: {} vs {e} ({})", d.value, ensemble.model);
    }
}

/// A cost that follows the calendar month, like a sustained use discount that deepens each week of the month
/// and resets on the 1st: 100, 80, 60, then 40 from the 22nd.
fn month_shaped(day: NaiveDate) -> f64 {
    [100.0, 80.0, 60.0, 40.0][((chrono::Datelike::day(&day) - 1) / 7).min(3) as usize]
}

#[test]
fn a_month_shaped_cost_is_continued_by_the_calendar_model_when_the_dates_are_known() {
    // January to May 2025; June is forecast.
    let start = date(2025, 1, 1);
    let y: Vec<f64> = (0..151).map(|i| month_shaped(start + chrono::Days::new(i))).collect();
    let june: Vec<f64> = (0..30).map(|i| month_shaped(date(2025, 6, 1) + chrono::Days::new(i))).collect();
    let dated = predict_dated(&y, start, 30, &ForecastOptions::default()).unwrap();
    let top = dated.weights.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    assert_eq!(top.0, Model::MonthlyNaive, "{:?}", dated.weights);
    for (d, e) in dated.days.iter().zip(&june) {
        assert!((d.value - e).abs() / e < 0.02, "{} vs {e} ({:?})", d.value, dated.weights);
    }
    // Without dates the calendar is unknown: no monthly model, and the step from 40 back to 100 on June 1st
    // is missed.
    let undated = predict(&y, 30, &ForecastOptions::default()).unwrap();
    assert!(undated.weights.iter().all(|(m, _)| *m != Model::MonthlyNaive), "{:?}", undated.weights);
    assert!((undated.days[0].value - june[0]).abs() / june[0] > 0.2, "{}", undated.days[0].value);
}

#[test]
fn the_year_end_holidays_are_not_carried_into_january() {
    // September to December 2025 at 100 a day (noise sd 2); Thanksgiving (November 27-28) and December 24-31 at
    // half. January is forecast.
    let start = date(2025, 9, 1);
    let mut noise = Normal(7);
    let y: Vec<f64> = (0..122)
        .map(|i| {
            let day = start + chrono::Days::new(i);
            let away = (day >= date(2025, 11, 27) && day <= date(2025, 11, 28)) || day >= date(2025, 12, 24);
            noise.draw(100.0, 2.0) * if away { 0.5 } else { 1.0 }
        })
        .collect();
    let last_28 = y[y.len() - 28..].iter().sum::<f64>() / 28.0;
    assert!((last_28 - 85.7).abs() < 1.0, "{last_28}");
    let mean_only = ForecastOptions { models: vec![Model::Mean], ..Default::default() };
    // Without dates the holidays are unknown: the mean of the last 28 days, dip included.
    let undated = predict(&y, 14, &mean_only).unwrap();
    assert!((undated.days[0].value - last_28).abs() < 1e-9, "{}", undated.days[0].value);
    // With them, the holidays take the level of the week before: the mean is about 100 again.
    let dated = predict_dated(&y, start, 14, &mean_only).unwrap();
    assert!(dated.days.iter().all(|d| (d.value - 100.0).abs() < 2.0), "{:?}", dated.days[0]);
    // The whole ensemble too: every model is fitted on the history without the dip.
    let ensemble = predict_dated(&y, start, 14, &ForecastOptions::default()).unwrap();
    for d in &ensemble.days {
        assert!((d.value - 100.0).abs() < 5.0, "{} ({:?})", d.value, ensemble.weights);
    }
}

/// A deterministic N(mean, sd²) stream (splitmix64 + Box–Muller), independent of the code under test.
struct Normal(u64);

impl Normal {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn draw(&mut self, mean: f64, sd: f64) -> f64 {
        let (u, v) = (self.uniform().max(1e-300), self.uniform());
        mean + sd * (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

#[test]
fn intervals_on_iid_normal_noise_match_the_distribution_and_cover_their_level() {
    // N(100, 10²): the 80% interval is 100 ± 1.2816·10 = ±12.8, the 95% one ±19.6.
    let (mut inside_80, mut inside_95, mut total) = (0usize, 0usize, 0usize);
    let mut widths_80 = Vec::new();
    for seed in 0..6u64 {
        let mut rng = Normal(seed * 7919 + 1);
        let history: Vec<f64> = (0..150).map(|_| rng.draw(100.0, 10.0)).collect();
        let p = predict(&history, 28, &ForecastOptions::default()).unwrap();
        assert!(p.calibrated);
        for d in &p.days {
            widths_80.push((d.upper_80 - d.lower_80) / 2.0);
            for _ in 0..20 {
                let outcome = rng.draw(100.0, 10.0);
                inside_80 += usize::from(d.lower_80 <= outcome && outcome <= d.upper_80);
                inside_95 += usize::from(d.lower_95 <= outcome && outcome <= d.upper_95);
                total += 1;
            }
        }
    }
    let half_80 = widths_80.iter().sum::<f64>() / widths_80.len() as f64;
    assert!((half_80 - 12.8).abs() < 2.5, "80% half-width {half_80:.2}, expected about 12.8");
    let (c80, c95) = (inside_80 as f64 / total as f64, inside_95 as f64 / total as f64);
    assert!((0.75..=0.85).contains(&c80), "80% interval covered {c80:.3}");
    assert!((0.91..=0.99).contains(&c95), "95% interval covered {c95:.3}");
}

#[test]
fn the_same_costs_summed_in_another_order_forecast_the_same() {
    // A weekly pattern on a trend, with noise; then the same days as a parallel aggregation might return them,
    // each off by a few units in the last place.
    let mut rng = Normal(42);
    let history: Vec<f64> = (0..150)
        .map(|d| 200.0 + 0.4 * d as f64 + [0.0, 5.0, 8.0, 6.0, 4.0, -20.0, -25.0][d % 7] + rng.draw(0.0, 6.0))
        .collect();
    let nudged: Vec<f64> =
        history.iter().enumerate().map(|(i, v)| v * (1.0 + [0.0, 2.0, -3.0, 1.0][i % 4] * f64::EPSILON)).collect();
    assert_ne!(history, nudged);
    let a = predict(&history, 28, &ForecastOptions::default()).unwrap();
    let b = predict(&nudged, 28, &ForecastOptions::default()).unwrap();
    assert_eq!(a.days, b.days);
    assert_eq!(a.weights, b.weights);
}

#[test]
fn short_histories_fall_back_and_say_which_model() {
    let p = predict(&[10.0, 12.0, 11.0], 5, &ForecastOptions::default()).unwrap();
    assert_eq!(p.model, "mean");
    assert!(!p.calibrated);
    assert!(p.days.iter().all(|d| (d.value - 11.0).abs() < 1e-12));
    let y: Vec<f64> = (0..20).map(|i| if i % 7 >= 5 { 10.0 } else { 40.0 }).collect();
    let p = predict(&y, 7, &ForecastOptions::default()).unwrap();
    assert!(p.weights.iter().all(|(m, _)| matches!(m, Model::SeasonalNaive | Model::Mean)), "{:?}", p.weights);
}

#[test]
fn month_quarter_and_year_end_on_a_constant_series_with_a_budget() {
    // 100 a day from 1 January to 10 March 2025 (69 days).
    let mut csv = format!("{HEADER}\n");
    constant_usage(&mut csv, date(2025, 1, 1), date(2025, 3, 10), 100.0, "Compute");
    let (_dir, ws) = workspace_with(&csv);
    let p = ws.analytics().unwrap().month_end(&Filter::default(), Some(2500.0)).unwrap();
    assert_eq!(p.as_of, date(2025, 3, 10));
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b.abs().max(1.0);
    // March: 10 days done (1,000) + 21 days left (2,100).
    assert!(close(p.month.actual_to_date, 1000.0) && close(p.month.remaining.value, 2100.0), "{p}");
    assert!(close(p.month.projected.value, 3100.0));
    // Q1: 69 days done (6,900) + the same 21 days.
    assert!(close(p.quarter.actual_to_date, 6900.0) && close(p.quarter.projected.value, 9000.0), "{p}");
    // The year: 365 days of 100.
    assert!(close(p.year.projected.value, 36500.0), "{p}");
    for period in [&p.month, &p.quarter, &p.year] {
        let i = period.projected;
        assert!(i.lower_95 <= i.lower_80 && i.lower_80 <= i.value + 1e-6 && i.value <= i.upper_80 + 1e-6);
    }
    // 2,500 is reached on the 25th (25 × 100); the month ends 600 over.
    let budget = p.budget.unwrap();
    assert_eq!(budget.crossing, Some(date(2025, 3, 25)));
    assert!(close(budget.overrun, 600.0));
    // A budget above the month's projection is not crossed.
    let p = ws.analytics().unwrap().month_end(&Filter::default(), Some(5000.0)).unwrap();
    assert_eq!(p.budget.unwrap().crossing, None);
}

#[test]
fn a_monthly_tax_line_repeats_on_its_day_and_a_one_off_purchase_does_not() {
    let mut csv = format!("{HEADER}\n");
    constant_usage(&mut csv, date(2025, 1, 1), date(2025, 4, 15), 100.0, "Compute");
    for month in 1..=4 {
        row(&mut csv, date(2025, month, 1), 300.0, "Tax", "Compute");
    }
    row(&mut csv, date(2025, 3, 10), 1000.0, "Purchase", "Compute");
    let (_dir, ws) = workspace_with(&csv);
    let options = ForecastOptions { horizon: Horizon::Months(2), ..Default::default() };
    let f = ws.analytics().unwrap().forecast(&Filter::default(), &options).unwrap();
    let s = f.segment(None).unwrap();
    // 16 April to 30 June: 76 days; tax on 1 May and 1 June only.
    assert_eq!((s.start, s.days.len()), (date(2025, 4, 16), 76));
    let charged: Vec<(NaiveDate, f64)> =
        s.recurring.iter().enumerate().filter(|(_, r)| **r != 0.0).map(|(i, r)| (s.date(i), *r)).collect();
    assert_eq!(charged, vec![(date(2025, 5, 1), 300.0), (date(2025, 6, 1), 300.0)]);
    let may_first = (date(2025, 5, 1) - s.start).num_days() as usize;
    assert!((s.days[may_first].value - 400.0).abs() < 1e-6, "{:?}", s.days[may_first]);
    assert!((s.days[may_first + 1].value - 100.0).abs() < 1e-6);
    // The usage models never saw the tax or the purchase: the history keeps them apart.
    assert_eq!(s.usage.iter().sum::<f64>(), 105.0 * 100.0);
    assert_eq!(s.actual.iter().sum::<f64>(), 105.0 * 100.0 + 4.0 * 300.0 + 1000.0);

    let frame = f.to_frame().unwrap();
    let names: Vec<&str> = frame.get_column_names().into_iter().map(|n| n.as_str()).collect();
    assert_eq!(names, ["date", "value", "lower_80", "upper_80", "lower_95", "upper_95", "recurring", "model"]);
    let monthly = f.monthly_frame().unwrap();
    // April (15 days done + 15 forecast), May, June.
    let values: Vec<f64> = monthly.column("value").unwrap().f64().unwrap().into_no_null_iter().collect();
    let expected = [30.0 * 100.0 + 300.0, 31.0 * 100.0 + 300.0, 30.0 * 100.0 + 300.0];
    for (v, e) in values.iter().zip(expected) {
        assert!((v - e).abs() < 1e-6, "{values:?}");
    }
}

#[test]
fn segments_are_the_top_values_of_a_dimension_with_a_segment_column() {
    let mut csv = format!("{HEADER}\n");
    constant_usage(&mut csv, date(2025, 1, 1), date(2025, 3, 31), 100.0, "Compute");
    constant_usage(&mut csv, date(2025, 1, 1), date(2025, 3, 31), 20.0, "Storage");
    constant_usage(&mut csv, date(2025, 1, 1), date(2025, 3, 31), 5.0, "Network");
    let (_dir, ws) = workspace_with(&csv);
    let options = ForecastOptions { by: Some(Dimension::Service), top_n: 2, ..Default::default() };
    let f = ws.analytics().unwrap().forecast(&Filter::default(), &options).unwrap();
    let names: Vec<Option<&str>> = f.segments.iter().map(|s| s.segment.as_deref()).collect();
    assert_eq!(names, [Some("Compute"), Some("Storage")]);
    assert!((f.segments[1].days[0].value - 20.0).abs() < 1e-6);
    let frame = f.to_frame().unwrap();
    assert_eq!(frame.height(), 60);
    assert!(frame.column("segment").is_ok());
    let backtest = f.backtest_frame().unwrap();
    assert!(backtest.height() >= 4, "{backtest}");
    assert!(f.history_frame().unwrap().height() == 180);
}

/// Prophet is asked for by name. Without finops-core's `prophet` feature the options say so at once (not a
/// model silently dropped after failing at every origin); with it, Prophet is backtested and weighted like any
/// candidate: on a line with a weekly pattern it beats the mean of the last 28 days, which misses the trend.
#[test]
fn prophet_is_a_candidate_only_in_a_build_with_its_feature() {
    let week = [0.0, 10.0, 10.0, 10.0, 10.0, 10.0, -50.0];
    let y: Vec<f64> = (0..84).map(|t| 100.0 + 0.5 * t as f64 + week[t % 7]).collect();
    let options = ForecastOptions { models: vec![Model::Prophet, Model::Mean], ..Default::default() };
    let result = predict(&y, 14, &options);
    if cfg!(feature = "prophet") {
        let prediction = result.unwrap();
        let weight = prediction.weights.iter().find(|(m, _)| *m == Model::Prophet).map(|(_, w)| *w);
        assert!(weight.is_some_and(|w| w > 0.5), "{:?}", prediction.weights);
    } else {
        let error = result.unwrap_err().to_string();
        assert!(error.contains("prophet") && error.contains("feature"), "{error}");
    }
}
