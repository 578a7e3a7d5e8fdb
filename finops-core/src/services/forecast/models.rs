//! The forecasting models: each turns a daily history into point forecasts of the next days. Intervals are
//! not theirs to give: they come from the backtest's out-of-sample errors (see `intervals`).

use std::fmt;

use chrono::NaiveDate;

use super::baselines;
use super::smoothing::{self, EtsSpec};
use super::trend;
use crate::error::{Error, Result};

/// A model of a daily cost series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Model {
    /// augurs ETS (trend and damping chosen by AICc, as augurs' AutoETS does) on the weekly-adjusted series,
    /// the weekly profile put back on the forecast (augurs-ets 0.10 has no seasonal ETS: it is
    /// `unimplemented!`).
    Ets,
    /// augurs MSTL (periods 7, and 30 from 180 days of history) with an ETS trend.
    Mstl,
    /// The same weekday last week.
    SeasonalNaive,
    /// The same day of the previous calendar month: for costs that follow the month rather than the week,
    /// such as Google Cloud's sustained use discounts (deeper each week of the month, reset on the 1st) or
    /// usage tiers and free allowances that reset monthly. Needs the dates: a candidate only when the
    /// history's first day is known.
    MonthlyNaive,
    /// Least-squares line through the history (the seed's model).
    Linear,
    /// A robust line (Huber weights) through the last 26 weeks of the weekly-adjusted history, the weekly
    /// profile put back: the half-year's trend, which a few unusual weeks at the end (year-end holidays, a
    /// quarter close) barely move, where every other model takes its level from them.
    Trend,
    /// The mean of the last 28 days (or of the whole history when shorter).
    Mean,
    /// Prophet (augurs-prophet, its Stan model run as WebAssembly) with its default settings. Only with
    /// finops-core's `prophet` cargo feature, and not a default candidate: one fit takes longer than a whole
    /// ensemble of the others.
    Prophet,
}

impl Model {
    /// Every model, in the order results list them.
    pub const ALL: [Model; 8] = [
        Model::Ets,
        Model::Mstl,
        Model::SeasonalNaive,
        Model::MonthlyNaive,
        Model::Linear,
        Model::Trend,
        Model::Mean,
        Model::Prophet,
    ];

    /// The candidates of a forecast unless told otherwise: every model but Prophet.
    pub const DEFAULT: [Model; 7] =
        [Model::Ets, Model::Mstl, Model::SeasonalNaive, Model::MonthlyNaive, Model::Linear, Model::Trend, Model::Mean];

    /// `ets`, `mstl`, `seasonal_naive`, `monthly_naive`, `linear`, `trend`, `mean` or `prophet`.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Ets => "ets",
            Model::Mstl => "mstl",
            Model::SeasonalNaive => "seasonal_naive",
            Model::MonthlyNaive => "monthly_naive",
            Model::Linear => "linear",
            Model::Trend => "trend",
            Model::Mean => "mean",
            Model::Prophet => "prophet",
        }
    }

    /// The model named by [`Model::as_str`].
    pub fn parse(text: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Days of history the model needs to be worth fitting.
    pub fn min_history(self) -> usize {
        match self {
            // Below four weeks the weekly profile and a trend are both guesses.
            Model::Ets | Model::Mstl | Model::Linear | Model::Trend | Model::Prophet => 28,
            Model::SeasonalNaive => 7,
            // A month back from the first day ahead: up to 31 days.
            Model::MonthlyNaive => 31,
            Model::Mean => 1,
        }
    }

    /// Point forecasts of the `horizon` days after `history` (oldest first, one value per day, the first on
    /// `start` when known: [`Model::MonthlyNaive`] needs it).
    pub fn forecast(self, history: &[f64], start: Option<NaiveDate>, horizon: usize) -> Result<Vec<f64>> {
        self.forecast_with(history, start, horizon, None)
    }

    /// [`Model::forecast`], ETS and MSTL fitting `ets`' model instead of searching (see [`EtsSpec`]).
    pub(crate) fn forecast_with(
        self,
        history: &[f64],
        start: Option<NaiveDate>,
        horizon: usize,
        ets: Option<EtsSpec>,
    ) -> Result<Vec<f64>> {
        if history.is_empty() {
            return Err(Error::InvalidArgument("a forecast needs at least one day of history".into()));
        }
        if !history.iter().all(|v| v.is_finite()) {
            return Err(Error::InvalidArgument("the history holds a value that is not a finite number".into()));
        }
        let point = match self {
            Model::Ets => smoothing::ets(history, horizon, ets),
            Model::Mstl => smoothing::mstl(history, horizon, ets),
            Model::SeasonalNaive => Ok(baselines::seasonal_naive(history, 7, horizon)),
            Model::MonthlyNaive => match start {
                Some(start) => baselines::monthly_naive(history, start, horizon),
                None => Err("the history's dates are not known".into()),
            },
            Model::Linear => Ok(baselines::linear(history, horizon)),
            Model::Trend => Ok(trend::trend(history, horizon)),
            Model::Mean => Ok(baselines::mean_of_last(history, 28, horizon)),
            #[cfg(feature = "prophet")]
            Model::Prophet => super::prophet::prophet(history, horizon),
            #[cfg(not(feature = "prophet"))]
            Model::Prophet => Err("finops-core was built without its `prophet` feature".into()),
        }
        .map_err(|reason| Error::ForecastModel { model: self.as_str(), reason })?;
        if point.len() != horizon || !point.iter().all(|v| v.is_finite()) {
            return Err(Error::ForecastModel { model: self.as_str(), reason: "non-finite forecast".into() });
        }
        Ok(point)
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
