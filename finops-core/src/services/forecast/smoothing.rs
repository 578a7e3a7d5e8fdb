//! The augurs models: ETS on the weekly-adjusted series, and MSTL with an ETS trend.
//!
//! augurs-ets 0.10 fits only non-seasonal ETS (its seasonal models are `unimplemented!`), so the ETS model
//! takes the weekly profile out first (classical decomposition: each weekday's median ratio to the centred
//! 7-day mean, the M4 benchmarks' recipe) and puts it back on the forecast. MSTL does its own LOESS
//! decomposition.
//!
//! Both search additive-error ETS only (`AZN`: no trend, additive, or additive damped, by AICc): the error
//! type changes the likelihood and the model's own intervals, not the point forecast of an additive-trend
//! model, and finops' intervals come from backtest errors. It halves the search. The search is augurs
//! `AutoETS`' (the same candidates, fits and AICc), run here on augurs' `Unfit` models so that its three fits
//! run side by side and each evaluates its likelihood without AMSE forecasts it does not need.

use std::borrow::Cow;

use augurs_core::{Fit, Forecast, Predict};
use augurs_ets::model::{ErrorComponent, Model as EtsModel, ModelType, SeasonalComponent, TrendComponent, Unfit};
use augurs_mstl::{FittedTrendModel, MSTLModel, TrendModel};
use rayon::prelude::*;

use crate::services::anomaly::median;

/// History needed before a 30-day period is added to MSTL's weekly one: six cycles. With four (the benchmark's
/// 4-month histories) its LOESS seasonal fits noise: on generated usage series, MSTL alone went from median
/// MAPE 6.6% to 5.9% and MASE 1.35 to 1.23 without it (monthly billing rhythms are in the non-usage lines,
/// projected apart).
const MONTHLY_PERIOD_FROM: usize = 180;

/// A weekly profile: multiplicative (factors around 1) for a positive series, additive otherwise.
pub(crate) struct WeeklyProfile {
    /// Indexed by position in the history modulo 7.
    by_position: [f64; 7],
    multiplicative: bool,
}

impl WeeklyProfile {
    /// The profile of `history`; flat with less than two weeks.
    pub(crate) fn of(history: &[f64]) -> WeeklyProfile {
        let multiplicative = history.iter().all(|v| *v > 0.0);
        let neutral = if multiplicative { 1.0 } else { 0.0 };
        let mut profile = WeeklyProfile { by_position: [neutral; 7], multiplicative };
        if history.len() < 14 {
            return profile;
        }
        let mut ratios: [Vec<f64>; 7] = Default::default();
        for i in 3..history.len() - 3 {
            let centred = history[i - 3..=i + 3].iter().sum::<f64>() / 7.0;
            if multiplicative {
                ratios[i % 7].push(history[i] / centred);
            } else {
                ratios[i % 7].push(history[i] - centred);
            }
        }
        for (slot, values) in profile.by_position.iter_mut().zip(ratios.iter_mut()) {
            *slot = median(values).unwrap_or(neutral);
        }
        // Factors average 1 (offsets 0) over a week, so the adjusted series keeps the level.
        let mean = profile.by_position.iter().sum::<f64>() / 7.0;
        for slot in &mut profile.by_position {
            if multiplicative {
                *slot /= mean;
            } else {
                *slot -= mean;
            }
        }
        profile
    }

    /// `values` (starting at position `first` of the history) without the weekly pattern.
    pub(crate) fn remove(&self, values: &[f64], first: usize) -> Vec<f64> {
        let p = &self.by_position;
        let at = |i: usize| p[(first + i) % 7];
        values.iter().enumerate().map(|(i, v)| if self.multiplicative { v / at(i) } else { v - at(i) }).collect()
    }

    /// `values` (starting at position `first`) with the weekly pattern put back.
    pub(crate) fn apply(&self, values: &[f64], first: usize) -> Vec<f64> {
        let p = &self.by_position;
        let at = |i: usize| p[(first + i) % 7];
        values.iter().enumerate().map(|(i, v)| if self.multiplicative { v * at(i) } else { v + at(i) }).collect()
    }
}

/// Which ETS to fit. The search (three models by AICc) runs once per series, on its whole history; backtest
/// origins and MSTL's trend refit that model's parameters only, a third of the work. MSTL's trend takes the
/// same model: both are ETS on a weekly-adjusted version of the same series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EtsSpec {
    trend: bool,
    damped: bool,
}

impl EtsSpec {
    /// The models the search compares, in augurs `AutoETS`' order (the first of equal AICc wins, as there):
    /// no trend, damped additive trend, additive trend.
    const SEARCH: [EtsSpec; 3] = [
        EtsSpec { trend: false, damped: false },
        EtsSpec { trend: true, damped: true },
        EtsSpec { trend: true, damped: false },
    ];

    /// Fits this model (additive error, no seasonal component) to `y`.
    ///
    /// This is what augurs `AutoETS` does for each candidate, with one difference: `nmse` (the forecast steps
    /// averaged into the AMSE criterion) is 1 instead of 3. Under the likelihood criterion used here the AMSE
    /// is never read, but every likelihood evaluation of the Nelder-Mead search still forecasts `nmse` steps
    /// at every day; with 1 the search evaluates the same function with less work.
    fn fit(self, y: &[f64]) -> Result<EtsModel, String> {
        let trend = if self.trend { TrendComponent::Additive } else { TrendComponent::None };
        let model_type = ModelType { error: ErrorComponent::Additive, trend, season: SeasonalComponent::None };
        let model = Unfit::new(model_type).damped(self.damped).nmse(1).fit(y).map_err(message)?;
        if model.aicc().is_nan() {
            return Err("the fitted model has no AICc".into());
        }
        Ok(model)
    }

    /// The spec of a fitted model.
    fn of(model: &EtsModel) -> EtsSpec {
        EtsSpec { trend: model.model_type().trend != TrendComponent::None, damped: model.damped() }
    }
}

/// A model error as the text of [`Error::ForecastModel`](crate::Error::ForecastModel).
pub(super) fn message(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The search: the three models of [`EtsSpec::SEARCH`] fitted side by side (they are independent), the lowest
/// AICc kept.
fn ets_search_fit(y: &[f64]) -> Result<EtsModel, String> {
    let fits: Vec<Result<EtsModel, String>> = EtsSpec::SEARCH.par_iter().map(|spec| spec.fit(y)).collect();
    let mut best: Option<EtsModel> = None;
    let mut last_error = None;
    for fit in fits {
        match fit {
            Ok(model) if best.as_ref().is_none_or(|b| model.aicc() < b.aicc()) => best = Some(model),
            Ok(_) => {}
            Err(e) => last_error = Some(e),
        }
    }
    best.ok_or_else(|| last_error.unwrap_or_else(|| "no ETS model could be fitted".into()))
}

/// `spec`'s model fitted to `y`, or the search's choice (without `spec`, or when `spec`'s fit fails).
fn ets_fit(y: &[f64], spec: Option<EtsSpec>) -> Result<EtsModel, String> {
    match spec.map(|s| s.fit(y)) {
        Some(Ok(model)) => Ok(model),
        _ => ets_search_fit(y),
    }
}

fn point_forecast(model: &EtsModel, horizon: usize) -> Result<Vec<f64>, String> {
    Ok(model.predict(horizon, None::<f64>).map_err(message)?.point)
}

/// ETS on the weekly-adjusted history, by search: its point forecast and the model it chose.
pub(crate) fn ets_search(history: &[f64], horizon: usize) -> Result<(Vec<f64>, EtsSpec), String> {
    let profile = WeeklyProfile::of(history);
    let fitted = ets_search_fit(&profile.remove(history, 0))?;
    let forecast = point_forecast(&fitted, horizon)?;
    Ok((profile.apply(&forecast, history.len()), EtsSpec::of(&fitted)))
}

/// ETS on the weekly-adjusted history: `spec`'s model, or the search's choice (also when `spec`'s fails).
pub(crate) fn ets(history: &[f64], horizon: usize, spec: Option<EtsSpec>) -> Result<Vec<f64>, String> {
    let profile = WeeklyProfile::of(history);
    let fitted = ets_fit(&profile.remove(history, 0), spec)?;
    Ok(profile.apply(&point_forecast(&fitted, horizon)?, history.len()))
}

/// MSTL's trend model: [`ets_fit`] on the deseasonalized series.
#[derive(Debug)]
struct EtsTrend(Option<EtsSpec>);

#[derive(Debug)]
struct FittedEtsTrend(EtsModel);

type BoxedError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl TrendModel for EtsTrend {
    fn name(&self) -> Cow<'_, str> {
        Cow::Borrowed("ETS")
    }

    fn fit(&self, y: &[f64]) -> Result<Box<dyn FittedTrendModel + Sync + Send>, BoxedError> {
        Ok(Box::new(FittedEtsTrend(ets_fit(y, self.0)?)))
    }
}

impl FittedTrendModel for FittedEtsTrend {
    fn predict_inplace(&self, horizon: usize, level: Option<f64>, forecast: &mut Forecast) -> Result<(), BoxedError> {
        Ok(self.0.predict_inplace(horizon, level, forecast)?)
    }

    fn predict_in_sample_inplace(&self, level: Option<f64>, forecast: &mut Forecast) -> Result<(), BoxedError> {
        Ok(self.0.predict_in_sample_inplace(level, forecast)?)
    }

    fn training_data_size(&self) -> Option<usize> {
        Some(self.0.training_data_size())
    }
}

/// MSTL (weekly, plus a 30-day period from six months of history) with an ETS trend: `spec`'s model, or
/// the search's choice (also when `spec`'s fails).
pub(crate) fn mstl(history: &[f64], horizon: usize, spec: Option<EtsSpec>) -> Result<Vec<f64>, String> {
    let periods = if history.len() >= MONTHLY_PERIOD_FROM { vec![7, 30] } else { vec![7] };
    let fitted = MSTLModel::new(periods, EtsTrend(spec)).fit(history).map_err(message)?;
    Ok(fitted.predict(horizon, None::<f64>).map_err(message)?.point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multiplicative_week_is_found_and_removed() {
        // Weekdays 100, weekends 25: factors 100/78.57 and 25/78.57.
        let week = [100.0, 100.0, 100.0, 100.0, 100.0, 25.0, 25.0];
        let history: Vec<f64> = (0..42).map(|i| week[i % 7]).collect();
        let profile = WeeklyProfile::of(&history);
        let mean = 550.0 / 7.0;
        assert!((profile.by_position[0] - 100.0 / mean).abs() < 1e-9);
        assert!((profile.by_position[6] - 25.0 / mean).abs() < 1e-9);
        let adjusted = profile.remove(&history, 0);
        assert!(adjusted.iter().all(|v| (v - mean).abs() < 1e-9));
        assert_eq!(profile.apply(&[mean; 2], 42), vec![100.0, 100.0]);
    }

    /// The search, fitted on `Unfit` models with one AMSE step and in parallel, chooses and forecasts exactly
    /// what augurs' own `AutoETS` (spec `AZN`) does: same candidates, same likelihood, same AICc.
    #[test]
    fn the_search_is_augurs_autoets() {
        use augurs_ets::AutoETS;
        let noise = |i: usize| ((i * 7919 % 101) as f64 - 50.0) / 10.0;
        let series: [Vec<f64>; 3] = [
            (0..90).map(|i| 100.0 + noise(i)).collect(),
            (0..90).map(|i| 50.0 + 0.8 * i as f64 + noise(i)).collect(),
            (0..120).map(|i| 200.0 * (1.0 - (-(i as f64) / 30.0).exp()) + noise(i)).collect(),
        ];
        let mut specs = Vec::new();
        for y in &series {
            let ours = ets_search_fit(y).unwrap();
            let theirs = AutoETS::new(1, "AZN").unwrap().fit(y).unwrap();
            assert_eq!(ours.model_type().trend, theirs.model().model_type().trend);
            assert_eq!(ours.damped(), theirs.model().damped());
            assert_eq!(ours.aicc(), theirs.model().aicc());
            specs.push(EtsSpec::of(&ours));
            let ours = point_forecast(&ours, 14).unwrap();
            assert_eq!(ours, theirs.predict(14, None::<f64>).unwrap().point);
        }
        // The level series keeps no trend; the growing one a trend.
        assert!(!specs[0].trend && specs[1].trend, "{specs:?}");
    }

    /// The vendored augurs-ets skips the log term of the likelihood for additive-error models
    /// (vendor/augurs-ets/FINOPS-PATCH.md). Both likelihoods, recomputed here from the fitted values:
    /// additive error `n·ln(Σe²)`, multiplicative error `n·ln(Σ((y − f)/f)²) + 2·Σ ln|f|`.
    #[test]
    fn the_patched_likelihood_is_the_textbook_one() {
        let y: Vec<f64> = (0..60).map(|i| 40.0 + 0.5 * i as f64 + ((i * 37 % 11) as f64 - 5.0)).collect();
        let n = y.len() as f64;
        for error in [ErrorComponent::Additive, ErrorComponent::Multiplicative] {
            let model_type = ModelType { error, trend: TrendComponent::Additive, season: SeasonalComponent::None };
            let model = Unfit::new(model_type).fit(&y).unwrap();
            let fitted = model.predict_in_sample(None).unwrap().point;
            let expected = match error {
                ErrorComponent::Additive => n * y.iter().zip(&fitted).map(|(y, f)| (y - f).powi(2)).sum::<f64>().ln(),
                ErrorComponent::Multiplicative => {
                    let e2: f64 = y.iter().zip(&fitted).map(|(y, f)| ((y - f) / f).powi(2)).sum();
                    n * e2.ln() + 2.0 * fitted.iter().map(|f| f.abs().ln()).sum::<f64>()
                }
            };
            let lik = -2.0 * model.log_likelihood();
            assert!((lik - expected).abs() < 1e-9 * expected.abs().max(1.0), "{error:?}: {lik} vs {expected}");
        }
    }
}
