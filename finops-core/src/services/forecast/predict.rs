//! One series' forecast: candidates by history length, the backtest, the ensemble, calibrated intervals.
//!
//! History length decides the candidates: from 28 days every model; from 7 days seasonal naive and the
//! mean; below that the mean alone. Without a backtest origin, intervals come from the history's standard
//! deviation under a normal assumption and the prediction says it is not calibrated.

use chrono::NaiveDate;
use rayon::prelude::*;

use super::backtest::{self, Backtest, Plan};
use super::clean::clean;
use super::holidays::holidays;
use super::intervals::{Band, Calibration};
use super::smoothing::{self, EtsSpec};
use super::{BacktestSummary, ForecastOptions, Model};
use crate::error::{Error, Result};

/// Standard normal quantiles of the fallback intervals: `[10%, 90%, 2.5%, 97.5%]`.
const NORMAL: [f64; 4] = [-1.281_551_6, 1.281_551_6, -1.959_964, 1.959_964];

/// A total with its intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The point value.
    pub value: f64,
    /// Lower end of the 80% interval.
    pub lower_80: f64,
    /// Upper end of the 80% interval.
    pub upper_80: f64,
    /// Lower end of the 95% interval.
    pub lower_95: f64,
    /// Upper end of the 95% interval.
    pub upper_95: f64,
}

impl Interval {
    fn new(value: f64, band: Band, floor: Option<f64>) -> Interval {
        let clip = |x: f64| floor.map_or(x, |f| x.max(f));
        // Backtest errors of one sign (a model that kept under-forecasting) would put the whole band on one
        // side of the point; the interval always contains the point forecast.
        Interval {
            value: clip(value),
            lower_80: clip(value + band[0].min(0.0)),
            upper_80: clip(value + band[1].max(0.0)),
            lower_95: clip(value + band[2].min(0.0)),
            upper_95: clip(value + band[3].max(0.0)),
        }
    }

    /// The interval moved by a known amount (actuals to date, projected recurring charges).
    pub fn plus(self, amount: f64) -> Interval {
        Interval {
            value: self.value + amount,
            lower_80: self.lower_80 + amount,
            upper_80: self.upper_80 + amount,
            lower_95: self.lower_95 + amount,
            upper_95: self.upper_95 + amount,
        }
    }
}

/// Point forecasts and intervals of the days after a history.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// One interval per day ahead.
    pub days: Vec<Interval>,
    /// The model used: [`Model::as_str`], or `ensemble`.
    pub model: String,
    /// The ensemble's models and weights (one model with weight 1 when a single one was used).
    pub weights: Vec<(Model, f64)>,
    /// The backtest behind the choice (empty when the history was too short for one).
    pub backtest: BacktestSummary,
    /// Whether the intervals come from backtest errors (false: the normal fallback).
    pub calibrated: bool,
    level: f64,
    calibration: Option<Calibration>,
    sigma: f64,
    floor: Option<f64>,
}

impl Prediction {
    /// The sum of the first `days` days ahead, with its interval (calibrated on the backtest's sums).
    pub fn total(&self, days: usize) -> Interval {
        self.window(0, days)
    }

    /// The sum of days `from..to` ahead (0-based, end excluded), with its interval. A window that does not
    /// start tomorrow takes the wider of its own length's spread and its share of the spread to its end.
    pub fn window(&self, from: usize, to: usize) -> Interval {
        let to = to.min(self.days.len());
        let from = from.min(to);
        let value: f64 = self.days[from..to].iter().map(|d| d.value).sum();
        let k = to - from;
        let band = match &self.calibration {
            Some(c) => {
                let own = c.sum_band(k, self.level);
                let share = c.sum_band(to, self.level).map(|x| x * k as f64 / to.max(1) as f64);
                std::array::from_fn(|i| if own[i].abs() >= share[i].abs() { own[i] } else { share[i] })
            }
            None => NORMAL.map(|z| z * self.sigma * (k as f64).sqrt()),
        };
        Interval::new(value, band, self.floor)
    }
}

/// Forecasts `horizon` days after `history` (one value per day, oldest first) with the candidates, backtest
/// and ensemble of `options` (its `horizon`, `by` and `top_n` are not used here). Without dates,
/// [`Model::MonthlyNaive`] is no candidate: [`predict_dated`] gives them.
pub fn predict(history: &[f64], horizon: usize, options: &ForecastOptions) -> Result<Prediction> {
    predict_from(history, None, horizon, options)
}

/// [`predict`] of a history whose first day is `start`: every candidate of `options`, calendar-month
/// patterns included.
pub fn predict_dated(
    history: &[f64],
    start: NaiveDate,
    horizon: usize,
    options: &ForecastOptions,
) -> Result<Prediction> {
    predict_from(history, Some(start), horizon, options)
}

fn predict_from(
    history: &[f64],
    start: Option<NaiveDate>,
    horizon: usize,
    options: &ForecastOptions,
) -> Result<Prediction> {
    options.validate()?;
    if history.is_empty() {
        return Err(Error::InvalidArgument("a forecast needs at least one day of history".into()));
    }
    let quantized = quantize(history);
    let history = quantized.as_slice();
    let n = history.len();
    let floor = history.iter().all(|v| *v >= 0.0).then_some(0.0);
    let mut candidates: Vec<Model> = options
        .models
        .iter()
        .copied()
        .filter(|m| m.min_history() <= n && (start.is_some() || *m != Model::MonthlyNaive))
        .collect();
    candidates.dedup();
    if candidates.is_empty() {
        candidates.push(if n >= Model::SeasonalNaive.min_history() { Model::SeasonalNaive } else { Model::Mean });
    }
    let min_train = candidates.iter().map(|m| m.min_history()).max().unwrap_or(1);
    let plan = if candidates.len() > 1 || n >= 2 * Model::SeasonalNaive.min_history() {
        Plan::new(n, min_train, options)
    } else {
        None
    };
    let holiday = holidays(start, n);
    let cleaned = clean(history, &holiday);
    // The ETS search runs once, on the whole history; its forecast is kept for the ensemble.
    let searched = if candidates.iter().any(|m| matches!(m, Model::Ets | Model::Mstl)) {
        smoothing::ets_search(&cleaned, horizon).ok().filter(|(point, _)| point.iter().all(|v| v.is_finite()))
    } else {
        None
    };
    let spec = searched.as_ref().map(|(_, spec)| *spec);
    let mut backtest_summary = BacktestSummary::default();
    let mut calibration = None;
    let mut weights = vec![(candidates[0], 1.0)];
    let mut mstl_point = None;
    if let Some(plan) = plan {
        // MSTL is nearly always in the ensemble: its whole-history fit runs beside the backtest, not after it.
        let (bt, mstl) = rayon::join(
            || Backtest::run(history, start, &candidates, plan, spec, &holiday),
            || {
                candidates
                    .contains(&Model::Mstl)
                    .then(|| Model::Mstl.forecast_with(&cleaned, start, horizon, spec).ok())
            },
        );
        mstl_point = mstl.flatten();
        let models: Vec<Model> = bt.forecasts.keys().copied().collect();
        // Each score calibrates intervals once per origin left out: independent work, on every core.
        let scores: Vec<_> = models.par_iter().map(|m| bt.score(m.as_str(), &bt.forecasts[m], 0.0)).collect();
        let size = if options.models.len() == 1 { 1 } else { options.ensemble_size };
        let chosen = backtest::weights(&scores, &models, size);
        if !chosen.is_empty() {
            weights = chosen;
            let combined = bt.combine(&weights);
            let name = if weights.len() == 1 { weights[0].0.as_str() } else { "ensemble" };
            let mut all = vec![bt.score(name, &combined, 1.0)];
            for (m, mut s) in models.iter().zip(scores) {
                s.weight = weights.iter().find(|(w, _)| w == m).map_or(0.0, |(_, w)| *w);
                all.push(s);
            }
            calibration = Calibration::fit(&bt.errors(&combined), &bt.levels);
            backtest_summary = BacktestSummary { steps: bt.plan.steps, origins: bt.plan.origins.len(), scores: all };
        }
    }
    let known = [(Model::Ets, searched.map(|(point, _)| point)), (Model::Mstl, mstl_point)];
    let (point, weights) = final_fit(&cleaned, start, horizon, weights, spec, &known)?;
    let level = backtest::level(history);
    let sigma = if calibration.is_none() { std_dev(history) } else { 0.0 };
    let days = point
        .iter()
        .enumerate()
        .map(|(h, v)| {
            let band = match &calibration {
                Some(c) => c.band(h + 1, level),
                None => NORMAL.map(|z| z * sigma),
            };
            Interval::new(*v, band, floor)
        })
        .collect();
    let model = if weights.len() == 1 { weights[0].0.as_str().to_string() } else { "ensemble".to_string() };
    Ok(Prediction {
        days,
        model,
        weights,
        backtest: backtest_summary,
        calibrated: calibration.is_some(),
        level,
        calibration,
        sigma,
        floor,
    })
}

/// Models and their weights in the ensemble.
type Weights = Vec<(Model, f64)>;

/// The weighted forecast on the whole history (`known`: forecasts already made on it); a model failing here
/// is dropped and the weights renormalized (the mean stands in if all fail).
fn final_fit(
    history: &[f64],
    start: Option<NaiveDate>,
    horizon: usize,
    weights: Weights,
    spec: Option<EtsSpec>,
    known: &[(Model, Option<Vec<f64>>)],
) -> Result<(Vec<f64>, Weights)> {
    let fitted: Vec<(Model, f64, Vec<f64>)> = weights
        .into_iter()
        .filter_map(|(m, w)| {
            let point = match known.iter().find_map(|(k, p)| p.as_ref().filter(|_| *k == m)) {
                Some(point) => Some(point.clone()),
                None => m.forecast_with(history, start, horizon, spec).ok(),
            };
            point.map(|f| (m, w, f))
        })
        .collect();
    let total: f64 = fitted.iter().map(|(_, w, _)| w).sum();
    if fitted.is_empty() || total <= 0.0 {
        return Ok((Model::Mean.forecast(history, start, horizon)?, vec![(Model::Mean, 1.0)]));
    }
    let mut point = vec![0.0; horizon];
    for (_, w, f) in &fitted {
        for (p, v) in point.iter_mut().zip(f) {
            *p += w / total * v;
        }
    }
    Ok((point, fitted.into_iter().map(|(m, w, _)| (m, w / total)).collect()))
}

/// `history` rounded to a trillionth of its largest magnitude. The same costs summed in another order (a
/// parallel aggregation) differ in their last bits, and the models' parameter searches can turn that into
/// visibly different forecasts; rounding first makes the forecast of the same data the same.
fn quantize(history: &[f64]) -> Vec<f64> {
    let scale = history.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if !scale.is_finite() || scale == 0.0 {
        return history.to_vec();
    }
    let step = 2f64.powi((scale * 1e-12).log2().ceil() as i32);
    history.iter().map(|v| (v / step).round() * step).collect()
}

fn std_dev(values: &[f64]) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (values.len() - 1) as f64).sqrt()
}
