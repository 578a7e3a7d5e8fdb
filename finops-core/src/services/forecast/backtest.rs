//! The rolling-origin backtest: every candidate model is fitted on the series cut at several past days
//! (origins, a week apart by default) and scored on the days that followed, as if forecasting then.
//! Its out-of-sample errors rank the models, weight the ensemble and calibrate the intervals.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::clean::clean;
use super::intervals::{covers, DailyCalibration};
use super::smoothing::EtsSpec;
use super::{ForecastOptions, Model, ModelScore};

/// Days before an origin whose mean |cost| is its level (the errors' unit).
pub(crate) const LEVEL_WINDOW: usize = 28;

/// Mean |value| of the last [`LEVEL_WINDOW`] values.
pub(crate) fn level(history: &[f64]) -> f64 {
    let tail = &history[history.len().saturating_sub(LEVEL_WINDOW)..];
    if tail.is_empty() {
        return 0.0;
    }
    tail.iter().map(|v| v.abs()).sum::<f64>() / tail.len() as f64
}

/// In-sample MAE of the weekly seasonal naive forecast (daily naive below two weeks): MASE's unit.
fn naive_scale(train: &[f64]) -> f64 {
    let lag = if train.len() > 14 { 7 } else { 1 };
    if train.len() <= lag {
        return 0.0;
    }
    let diffs = train.len() - lag;
    (lag..train.len()).map(|i| (train[i] - train[i - lag]).abs()).sum::<f64>() / diffs as f64
}

/// Where to cut: the training lengths (oldest origin first) and the days scored after each.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub(crate) steps: usize,
    pub(crate) origins: Vec<usize>,
}

impl Plan {
    /// Origins for a history of `n` days: `steps` = min(options' steps, n / 4); the latest origin leaves
    /// `steps` days to score, earlier ones every `origin_spacing` days, each keeping at least `min_train`
    /// days (and a third of the history) to fit on. None when not even one origin fits.
    pub(crate) fn new(n: usize, min_train: usize, options: &ForecastOptions) -> Option<Plan> {
        let steps = options.backtest_steps.min(n / 4);
        let min_train = min_train.max(n / 3).max(1);
        if steps == 0 || n < steps + min_train {
            return None;
        }
        let spacing = options.origin_spacing.max(1);
        let mut origins: Vec<usize> = (0..options.backtest_origins)
            .map_while(|k| (n - steps).checked_sub(k * spacing))
            .filter(|train| *train >= min_train)
            .collect();
        origins.reverse();
        (!origins.is_empty()).then_some(Plan { steps, origins })
    }
}

/// Forecasts of every model at every origin, and what happened.
pub(crate) struct Backtest {
    pub(crate) plan: Plan,
    /// Per origin: the `steps` actual values after it.
    actuals: Vec<Vec<f64>>,
    /// Per origin: [`level`] of its training data.
    pub(crate) levels: Vec<f64>,
    /// Per origin: the MASE unit of its training data.
    scales: Vec<f64>,
    /// Per day of the history: whether it is a holiday (see `holidays`), not scored.
    holiday: Vec<bool>,
    /// Per model that forecast at every origin: its forecasts per origin.
    pub(crate) forecasts: BTreeMap<Model, Vec<Vec<f64>>>,
}

impl Backtest {
    /// Fits every candidate at every origin of `plan` (ETS and MSTL with the series' ETS model `ets`;
    /// `start`: the date of `history[0]`, when known; `holiday`: which days of `history` are holidays); a model
    /// failing at any origin is dropped.
    pub(crate) fn run(
        history: &[f64],
        start: Option<NaiveDate>,
        candidates: &[Model],
        plan: Plan,
        ets: Option<EtsSpec>,
        holiday: &[bool],
    ) -> Backtest {
        let steps = plan.steps;
        // Each origin cleans its own past: a spike is judged without the days after the origin.
        let trains: Vec<Vec<f64>> = plan.origins.iter().map(|t| clean(&history[..*t], &holiday[..*t])).collect();
        let actuals = plan.origins.iter().map(|t| history[*t..*t + steps].to_vec()).collect();
        let levels = plan.origins.iter().map(|t| level(&history[..*t])).collect();
        let scales = plan.origins.iter().map(|t| naive_scale(&history[..*t])).collect();
        // Every (model, origin) pair is an independent fit (a Nelder-Mead search each for ETS and MSTL's trend):
        // one pool of tasks for both cores, with no wait between models.
        let pairs: Vec<(Model, usize)> =
            candidates.iter().flat_map(|m| (0..trains.len()).map(move |o| (*m, o))).collect();
        let runs: Vec<Option<Vec<f64>>> =
            pairs.par_iter().map(|(model, o)| model.forecast_with(&trains[*o], start, steps, ets).ok()).collect();
        let mut forecasts = BTreeMap::new();
        for (model, runs) in candidates.iter().zip(runs.chunks(trains.len().max(1))) {
            match runs.iter().cloned().collect::<Option<Vec<Vec<f64>>>>() {
                Some(runs) => {
                    forecasts.insert(*model, runs);
                }
                None => tracing::debug!(model = model.as_str(), "left out of the backtest: a fit failed"),
            }
        }
        Backtest { plan, actuals, levels, scales, holiday: holiday.to_vec(), forecasts }
    }

    /// actual − forecast per origin and step.
    pub(crate) fn errors(&self, forecasts: &[Vec<f64>]) -> Vec<Vec<f64>> {
        self.actuals.iter().zip(forecasts).map(|(a, f)| a.iter().zip(f).map(|(a, f)| a - f).collect()).collect()
    }

    /// The weighted combination of the models' backtest forecasts.
    pub(crate) fn combine(&self, weights: &[(Model, f64)]) -> Vec<Vec<f64>> {
        let origins = self.plan.origins.len();
        let mut out = vec![vec![0.0; self.plan.steps]; origins];
        for (model, w) in weights {
            for (o, f) in self.forecasts[model].iter().enumerate() {
                for (acc, v) in out[o].iter_mut().zip(f) {
                    *acc += w * v;
                }
            }
        }
        out
    }

    /// Scores forecasts made at every origin (a model's or the ensemble's), with coverage of intervals
    /// calibrated on the other origins.
    pub(crate) fn score(&self, name: &str, forecasts: &[Vec<f64>], weight: f64) -> ModelScore {
        let errors = self.errors(forecasts);
        let (mut ape, mut ape_n, mut signed, mut absolute) = (0.0, 0usize, 0.0, 0.0);
        let mut scaled = Vec::new();
        for (o, (e, a)) in errors.iter().zip(&self.actuals).enumerate() {
            // Holidays are not scored: the models are fitted without them (see `clean`).
            let (mut error, mut days) = (0.0, 0usize);
            let holiday = &self.holiday[self.plan.origins[o]..];
            for ((e, a), _) in e.iter().zip(a).zip(holiday).filter(|(_, holiday)| !**holiday) {
                if *a != 0.0 {
                    ape += e.abs() / a.abs();
                    ape_n += 1;
                }
                signed -= e;
                absolute += a.abs();
                error += e.abs();
                days += 1;
            }
            if self.scales[o] > 0.0 && days > 0 {
                scaled.push(error / days as f64 / self.scales[o]);
            }
        }
        let mean = |v: &[f64]| if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 };
        let (coverage_80, coverage_95) = self.coverage(forecasts, &errors);
        ModelScore {
            model: name.to_string(),
            mape: if ape_n > 0 { ape / ape_n as f64 } else { f64::NAN },
            mase: mean(&scaled),
            bias: if absolute > 0.0 { signed / absolute } else { f64::NAN },
            coverage_80,
            coverage_95,
            n_origins: self.plan.origins.len(),
            weight,
        }
    }

    /// Leave-one-origin-out coverage: each origin's days against intervals calibrated on the others.
    fn coverage(&self, forecasts: &[Vec<f64>], errors: &[Vec<f64>]) -> (Option<f64>, Option<f64>) {
        let origins = errors.len();
        if origins < 3 {
            return (None, None);
        }
        let (mut in80, mut in95, mut total) = (0usize, 0usize, 0usize);
        for (held, (forecast, actual)) in forecasts.iter().zip(&self.actuals).enumerate() {
            let others: Vec<Vec<f64>> = (0..origins).filter(|o| *o != held).map(|o| errors[o].clone()).collect();
            let levels: Vec<f64> = (0..origins).filter(|o| *o != held).map(|o| self.levels[o]).collect();
            let Some(calibration) = DailyCalibration::fit(&others, &levels) else { continue };
            for (h, (f, a)) in forecast.iter().zip(actual).enumerate() {
                let (a80, a95) = covers(*f, calibration.band(h + 1, self.levels[held]), *a);
                in80 += usize::from(a80);
                in95 += usize::from(a95);
                total += 1;
            }
        }
        if total == 0 {
            return (None, None);
        }
        (Some(in80 as f64 / total as f64), Some(in95 as f64 / total as f64))
    }
}

/// Inverse-MASE weights of the `size` best-scoring models (MASE, then MAPE when MASE is undefined); one
/// model with a perfect score takes all the weight.
pub(crate) fn weights(scores: &[ModelScore], models: &[Model], size: usize) -> Vec<(Model, f64)> {
    let key = |s: &ModelScore| if s.mase.is_finite() { s.mase } else { s.mape };
    let mut ranked: Vec<(Model, f64)> =
        models.iter().zip(scores).map(|(m, s)| (*m, key(s))).filter(|(_, k)| k.is_finite()).collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
    ranked.truncate(size.max(1));
    if let Some((best, k)) = ranked.first() {
        if *k <= 1e-9 {
            return vec![(*best, 1.0)];
        }
    }
    let total: f64 = ranked.iter().map(|(_, k)| 1.0 / k).sum();
    ranked.into_iter().map(|(m, k)| (m, 1.0 / k / total)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::baselines::seasonal_naive;
    use super::*;

    #[test]
    fn origins_a_week_apart_keep_a_third_of_the_history() {
        let options = ForecastOptions::default();
        let plan = Plan::new(120, 21, &options).unwrap();
        assert_eq!(plan.steps, 28);
        assert_eq!(plan.origins, vec![43, 50, 57, 64, 71, 78, 85, 92]);
        assert!(Plan::new(10, 21, &options).is_none());
    }

    #[test]
    fn a_repeated_week_has_zero_naive_error() {
        let week = [5.0, 6.0, 7.0, 8.0, 9.0, 1.0, 2.0];
        let y: Vec<f64> = (0..70).map(|i| week[i % 7]).collect();
        assert_eq!(naive_scale(&y), 0.0);
        assert_eq!(seasonal_naive(&y, 7, 7), week.to_vec());
    }
}
