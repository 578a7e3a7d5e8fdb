//! Scores of the methods over a set of splits, and the table they print as.

use super::data::Split;

/// Accumulated scores of one method.
#[derive(Default, Clone)]
pub(crate) struct Score {
    pub(crate) mape: Vec<f64>,
    /// MAPE of the series without a termination in the test window.
    pub(crate) mape_kept: Vec<f64>,
    pub(crate) mase: Vec<f64>,
    pub(crate) covered_80: usize,
    pub(crate) covered_95: usize,
    pub(crate) points: usize,
    pub(crate) seconds: f64,
    pub(crate) with_intervals: bool,
    /// Per series: the 80% and 95% coverage the backtest itself measured (finops' ensemble only).
    pub(crate) promised: Vec<(f64, f64)>,
}

impl Score {
    /// Adds one series' forecast (`bands`: the ensemble's intervals, when it has them).
    pub(crate) fn add(&mut self, split: &Split, mape: f64, mase: f64, covered: Option<(usize, usize)>, seconds: f64) {
        self.mape.push(mape);
        if !split.terminated() {
            self.mape_kept.push(mape);
        }
        self.mase.push(mase);
        if let Some((c80, c95)) = covered {
            self.covered_80 += c80;
            self.covered_95 += c95;
            self.with_intervals = true;
        }
        self.points += split.test.len();
        self.seconds += seconds;
    }

    pub(crate) fn mean_mape(&self) -> f64 {
        self.mape.iter().sum::<f64>() / self.mape.len().max(1) as f64
    }
}

fn naive_mae(train: &[f64]) -> f64 {
    let diffs: Vec<f64> = (7..train.len()).map(|i| (train[i] - train[i - 7]).abs()).collect();
    diffs.iter().sum::<f64>() / diffs.len().max(1) as f64
}

/// (mape, mase) of a point forecast.
pub(crate) fn errors(split: &Split, point: &[f64]) -> (f64, f64) {
    let pairs: Vec<(f64, f64)> = split.test.iter().copied().zip(point.iter().copied()).collect();
    let nonzero: Vec<f64> = pairs.iter().filter(|(a, _)| *a != 0.0).map(|(a, f)| (a - f).abs() / a.abs()).collect();
    let mape = nonzero.iter().sum::<f64>() / nonzero.len().max(1) as f64;
    let mae = pairs.iter().map(|(a, f)| (a - f).abs()).sum::<f64>() / pairs.len() as f64;
    (mape, mae / naive_mae(&split.train))
}

/// Prints the table of `scores` (one per method of `names`), then the ensemble against its best candidate.
pub(crate) fn print_table(names: &[&str], scores: &[Score]) {
    println!(
        "{:<20} {:>8} {:>8} {:>12} {:>8} {:>10} {:>10} {:>12}",
        "method", "MAPE", "MAPE*", "median MAPE", "MASE", "cover 80%", "cover 95%", "ms/series"
    );
    for (name, s) in names.iter().zip(scores) {
        let n = s.mape.len().max(1) as f64;
        let cover = |c: usize| {
            if s.with_intervals {
                format!("{:.1}%", c as f64 / s.points.max(1) as f64 * 100.0)
            } else {
                "-".into()
            }
        };
        let mut sorted = s.mape.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN);
        let mase: Vec<f64> = s.mase.iter().copied().filter(|m| m.is_finite()).collect();
        println!(
            "{name:<20} {:>7.2}% {:>7.2}% {:>11.2}% {:>8.3} {:>10} {:>10} {:>12.2}",
            s.mean_mape() * 100.0,
            s.mape_kept.iter().sum::<f64>() / s.mape_kept.len().max(1) as f64 * 100.0,
            median * 100.0,
            mase.iter().sum::<f64>() / mase.len().max(1) as f64,
            cover(s.covered_80),
            cover(s.covered_95),
            s.seconds / n * 1000.0
        );
    }
    // The first method is the ensemble; the candidates are the others.
    if let Some((best, score)) =
        names.iter().zip(scores).skip(1).min_by(|a, b| a.1.mean_mape().total_cmp(&b.1.mean_mape()))
    {
        let ratio = scores[0].mean_mape() / score.mean_mape();
        println!(
            "ensemble / best candidate ({best}): {ratio:.3} ({}, target <= 1.05)",
            if ratio <= 1.05 { "met" } else { "not met" }
        );
    }
    for (name, s) in names.iter().zip(scores).filter(|(_, s)| !s.promised.is_empty()) {
        let mean = |f: fn(&(f64, f64)) -> f64| s.promised.iter().map(f).sum::<f64>() / s.promised.len() as f64;
        println!(
            "{name}: its backtest (leave-one-origin-out, mean of {} series) promised {:.1}% / {:.1}% coverage",
            s.promised.len(),
            mean(|c| c.0) * 100.0,
            mean(|c| c.1) * 100.0
        );
    }
}
