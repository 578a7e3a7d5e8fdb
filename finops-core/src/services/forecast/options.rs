//! The settings of a forecast.

use super::Model;
use crate::services::analytics::Dimension;

/// How far to forecast, from the day after the last day of history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// This many days.
    Days(usize),
    /// To the end of the `n`-th calendar month after the month of the last day of history
    /// (`Months(0)`: to the end of that month).
    Months(u32),
}

/// What to forecast and how. The defaults suit daily cost series of a few weeks to a few years.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOptions {
    /// How far ahead (default 30 days).
    pub horizon: Horizon,
    /// Forecast each of the `top_n` values of this dimension (by cost over the last 28 days) instead of the
    /// total.
    pub by: Option<Dimension>,
    /// How many segments when `by` is set (default 5).
    pub top_n: usize,
    /// The candidate models (default [`Model::DEFAULT`]: all but Prophet); a single one is used alone,
    /// without an ensemble.
    pub models: Vec<Model>,
    /// How many of the best backtested models the ensemble weights (inverse MASE; default 3).
    pub ensemble_size: usize,
    /// Backtest origins (default 8).
    pub backtest_origins: usize,
    /// Days forecast from each origin, the steps whose errors calibrate the intervals (default 28).
    pub backtest_steps: usize,
    /// Days between origins (default 7).
    pub origin_spacing: usize,
    /// Project recurring monthly non-usage lines (tax, support fees, subscriptions) on top of the usage
    /// forecast (default true).
    pub recurring_charges: bool,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            horizon: Horizon::Days(30),
            by: None,
            top_n: 5,
            models: Model::DEFAULT.to_vec(),
            ensemble_size: 3,
            backtest_origins: 8,
            backtest_steps: 28,
            origin_spacing: 7,
            recurring_charges: true,
        }
    }
}

impl ForecastOptions {
    /// Checks the values.
    pub(super) fn validate(&self) -> crate::Result<()> {
        let problem = if self.models.is_empty() {
            Some("no candidate model")
        } else if self.top_n == 0 || self.ensemble_size == 0 {
            Some("top_n and ensemble_size must be at least 1")
        } else if self.backtest_steps == 0 || self.origin_spacing == 0 {
            Some("backtest_steps and origin_spacing must be at least 1")
        } else if cfg!(not(feature = "prophet")) && self.models.contains(&Model::Prophet) {
            // Said now, not found later as a model that failed at every origin and was silently dropped.
            Some("the prophet model needs finops-core built with its `prophet` cargo feature")
        } else {
            None
        };
        match problem {
            Some(p) => Err(crate::Error::InvalidArgument(format!("forecast options: {p}"))),
            None => Ok(()),
        }
    }
}
