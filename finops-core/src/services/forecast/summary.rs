//! The backtest summary a user prints: how each model and the ensemble did on the series' own past.

use std::fmt;

use tabled::settings::Style;
use tabled::{Table, Tabled};

/// Out-of-sample accuracy of one model (or of the ensemble) over the rolling-origin backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelScore {
    /// [`super::Model::as_str`], or `ensemble`.
    pub model: String,
    /// Mean absolute percentage error, a fraction (0.05 = 5%), over days whose actual cost is not zero.
    pub mape: f64,
    /// Mean absolute scaled error: the mean absolute error over the in-sample MAE of the weekly seasonal
    /// naive forecast at each origin (below 1 beats "same day last week" as fitted).
    pub mase: f64,
    /// Σ(forecast − actual) / Σ|actual|: positive when the model over-forecasts.
    pub bias: f64,
    /// Share of actual days inside the 80% interval, calibrated without the origin it is checked on
    /// (leave-one-origin-out); None when there were too few origins.
    pub coverage_80: Option<f64>,
    /// The same for the 95% interval.
    pub coverage_95: Option<f64>,
    /// Backtest origins the model was fitted at.
    pub n_origins: usize,
    /// The model's weight in the ensemble (1 for the ensemble itself, 0 when left out).
    pub weight: f64,
}

/// What the rolling-origin backtest found, the ensemble first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BacktestSummary {
    /// Days forecast from each origin.
    pub steps: usize,
    /// Number of origins.
    pub origins: usize,
    /// The ensemble (or the single model used) first, then every candidate model.
    pub scores: Vec<ModelScore>,
}

#[derive(Tabled)]
struct Row {
    model: String,
    weight: String,
    #[tabled(rename = "MAPE")]
    mape: String,
    #[tabled(rename = "MASE")]
    mase: String,
    bias: String,
    #[tabled(rename = "cover 80%")]
    coverage_80: String,
    #[tabled(rename = "cover 95%")]
    coverage_95: String,
    origins: usize,
}

fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", x * 100.0)
    } else {
        "-".into()
    }
}

impl fmt::Display for BacktestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Backtest: {} origins × {} days ahead", self.origins, self.steps)?;
        let rows = self.scores.iter().map(|s| Row {
            model: s.model.clone(),
            weight: format!("{:.2}", s.weight),
            mape: percent(s.mape),
            mase: if s.mase.is_finite() { format!("{:.3}", s.mase) } else { "-".into() },
            bias: percent(s.bias),
            coverage_80: s.coverage_80.map_or("-".into(), percent),
            coverage_95: s.coverage_95.map_or("-".into(), percent),
            origins: s.n_origins,
        });
        write!(f, "{}", Table::new(rows).with(Style::sharp()))
    }
}
