//! Prophet (augurs-prophet) as a forecast model, with finops-core's `prophet` feature.
//!
//! Prophet's Stan model runs as WebAssembly under wasmtime (augurs-prophet's `wasmstan` feature): nothing is
//! downloaded and no compiler is needed at run time. Compiling the 3 MB module takes a while, so it is done
//! once per process and shared; each fit instantiates it afresh. Settings are Prophet's defaults (linear
//! trend, 25 changepoints in the first 80% of the history, weekly seasonality; yearly from two years of
//! history), as the seed and the Python benchmark use them. Its own intervals are not computed
//! (`uncertainty_samples` 0): finops' intervals come from backtest errors, as for every model.

use std::num::NonZeroU32;
use std::sync::OnceLock;

use augurs_prophet::wasmstan::WasmstanOptimizer;
use augurs_prophet::{IncludeHistory, Prophet, ProphetOptions, TrainingData};

use super::smoothing::message;

const DAY_SECONDS: i64 = 86_400;

fn optimizer() -> &'static WasmstanOptimizer {
    static OPTIMIZER: OnceLock<WasmstanOptimizer> = OnceLock::new();
    OPTIMIZER.get_or_init(WasmstanOptimizer::new)
}

/// Prophet's point forecast of the `horizon` days after `history` (one value per day). The days are numbered
/// from the Unix epoch: only their spacing and weekday cycle matter to the model.
pub(crate) fn prophet(history: &[f64], horizon: usize) -> Result<Vec<f64>, String> {
    let Some(steps) = NonZeroU32::new(u32::try_from(horizon).map_err(message)?) else {
        return Ok(Vec::new());
    };
    let ds = (0..history.len() as i64).map(|day| day * DAY_SECONDS).collect();
    let data = TrainingData::new(ds, history.to_vec()).map_err(message)?;
    let options = ProphetOptions { uncertainty_samples: 0, ..Default::default() };
    let mut model = Prophet::new(options, optimizer().clone());
    model.fit(data, Default::default()).map_err(message)?;
    let future = model.make_future_dataframe(steps, IncludeHistory::No).map_err(message)?;
    Ok(model.predict(future).map_err(message)?.yhat.point)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line with a weekly pattern and no noise: Prophet's trend and weekly Fourier terms fit it almost
    /// exactly, so the next two weeks are the line and the pattern continued.
    #[test]
    fn prophet_continues_a_trend_and_a_week() {
        let week = [0.0, 10.0, 10.0, 10.0, 10.0, 10.0, -50.0];
        let value = |t: usize| 100.0 + 0.5 * t as f64 + week[t % 7];
        let history: Vec<f64> = (0..84).map(value).collect();
        let point = prophet(&history, 14).unwrap();
        assert_eq!(point.len(), 14);
        for (h, p) in point.iter().enumerate() {
            let expected = value(84 + h);
            assert!((p - expected).abs() < 0.05 * expected, "day {h}: {p} vs {expected}");
        }
        assert!(prophet(&history, 0).unwrap().is_empty());
    }
}
