//! Prediction intervals from out-of-sample errors, not from a model's own assumptions.
//!
//! The backtest leaves errors `e(o, h) = actual − forecast` per origin `o` and step `h`. Each is divided by
//! the series' level at its origin (mean |cost| of the 28 days before it), so a growing series' errors
//! compare, and by a smooth scale per step, `s(h)² = a + b·h` fitted to the mean squared normalized error
//! of each step (a random walk's variance growth, which also extrapolates past the backtested steps). The
//! pooled ratios' empirical quantiles (split-conformal: rank ⌈(n+1)p⌉) give the interval at any step:
//! `point + level · s(h) · q`. Sums of the first `k` days (month, quarter and year ends) are calibrated the
//! same way on the mean error of the first `k` steps, with `s_c(k)² = a + b/k + c·k` (noise that averages
//! out, a level error that does not, a trend error that grows), never narrower past the backtest than at
//! its last step.

/// Quantile levels: 80% and 95% two-sided.
const PROBS: [f64; 4] = [0.10, 0.90, 0.025, 0.975];

/// Offsets from the point forecast: `[lower_80, upper_80, lower_95, upper_95]` (lower ones negative).
pub(crate) type Band = [f64; 4];

/// Calibrated quantiles of one model's (or the ensemble's) backtest errors.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Calibration {
    daily: DailyCalibration,
    sum: Scale,
    sum_quantiles: [f64; 4],
    steps: usize,
}

/// The part of a [`Calibration`] that gives one day's interval: all a coverage check needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DailyCalibration {
    step: Scale,
    step_quantiles: [f64; 4],
}

/// A scale curve as least-squares coefficients on basis functions of the step, floored.
#[derive(Debug, Clone, PartialEq)]
struct Scale {
    coefficients: Vec<f64>,
    basis: Basis,
    floor: f64,
}

/// The shape of a scale curve.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Basis {
    /// `a + b·h`: the variance of a day's error.
    Step,
    /// `a + b/k + c·k`: the variance of the mean error of `k` days.
    Sum,
}

impl Basis {
    /// Number of coefficients.
    fn len(self) -> usize {
        match self {
            Basis::Step => 2,
            Basis::Sum => 3,
        }
    }

    /// The basis functions at `x` (the first [`Basis::len`] entries).
    fn at(self, x: f64) -> [f64; 3] {
        match self {
            Basis::Step => [1.0, x, 0.0],
            Basis::Sum => [1.0, 1.0 / x, x],
        }
    }
}

impl Scale {
    fn fit(squares: &[f64], basis: Basis) -> Scale {
        let xs: Vec<[f64; 3]> = (1..=squares.len()).map(|h| basis.at(h as f64)).collect();
        let coefficients = least_squares(&xs, basis.len(), squares).unwrap_or_else(|| {
            let mean = squares.iter().sum::<f64>() / squares.len() as f64;
            let mut c = vec![0.0; basis.len()];
            c[0] = mean;
            c
        });
        // Never below a tenth of the smallest observed variance: a fit may dip to zero or below.
        let floor = squares.iter().copied().fold(f64::INFINITY, f64::min).max(0.0) * 0.1;
        Scale { coefficients, basis, floor }
    }

    fn at(&self, x: f64) -> f64 {
        let v: f64 = self.basis.at(x).iter().zip(&self.coefficients).map(|(b, c)| b * c).sum();
        v.max(self.floor).max(0.0).sqrt()
    }
}

/// Solves the normal equations of a small least-squares problem on the first `p` columns of `xs` (Gaussian
/// elimination with pivoting).
fn least_squares(xs: &[[f64; 3]], p: usize, ys: &[f64]) -> Option<Vec<f64>> {
    if xs.len() < p || p == 0 {
        return None;
    }
    let mut a = vec![vec![0.0; p + 1]; p];
    for (x, y) in xs.iter().zip(ys) {
        for i in 0..p {
            for j in 0..p {
                a[i][j] += x[i] * x[j];
            }
            a[i][p] += x[i] * y;
        }
    }
    for col in 0..p {
        let pivot = (col..p).max_by(|r, s| a[*r][col].abs().total_cmp(&a[*s][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != col {
                let factor = row[col] / pivot_row[col];
                row.iter_mut().zip(&pivot_row).skip(col).for_each(|(x, p)| *x -= factor * p);
            }
        }
    }
    Some((0..p).map(|i| a[i][p] / a[i][i]).collect())
}

/// The empirical quantile of sorted values at rank ⌈(n+1)p⌉ (clamped), the split-conformal choice.
fn conformal_quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let rank = if p >= 0.5 { ((n + 1) as f64 * p).ceil() as usize } else { ((n + 1) as f64 * p).floor() as usize };
    sorted[rank.clamp(1, n) - 1]
}

/// Quantiles of `ratio(o, h) / scale(h)` pooled over origins and steps.
fn pooled(ratios: &[Vec<f64>], scale: &Scale) -> [f64; 4] {
    let steps = ratios.iter().map(Vec::len).max().unwrap_or(0);
    let scales: Vec<f64> = (1..=steps).map(|h| scale.at(h as f64)).collect();
    let mut z: Vec<f64> = Vec::with_capacity(ratios.len() * steps);
    for row in ratios {
        for (r, s) in row.iter().zip(&scales) {
            if *s > 0.0 {
                z.push(r / s);
            }
        }
    }
    if z.is_empty() {
        return [0.0; 4];
    }
    z.sort_unstable_by(f64::total_cmp);
    PROBS.map(|p| conformal_quantile(&z, p))
}

/// Errors per origin divided by the level at the origin, cut to the shortest origin's steps; origins with a
/// zero level (which says nothing about scale) or no error are left out. None when none is left.
fn step_ratios(errors: &[Vec<f64>], levels: &[f64]) -> Option<(Vec<Vec<f64>>, usize)> {
    let rows: Vec<(&Vec<f64>, f64)> =
        errors.iter().zip(levels).filter(|(e, l)| **l > 0.0 && !e.is_empty()).map(|(e, l)| (e, *l)).collect();
    let steps = rows.iter().map(|(e, _)| e.len()).min()?;
    Some((rows.iter().map(|(e, l)| e[..steps].iter().map(|x| x / l).collect()).collect(), steps))
}

/// The mean square of `ratios` at each step.
fn mean_squares(ratios: &[Vec<f64>], steps: usize) -> Vec<f64> {
    (0..steps).map(|h| ratios.iter().map(|r| r[h] * r[h]).sum::<f64>() / ratios.len() as f64).collect()
}

impl DailyCalibration {
    /// Calibrates on errors per origin (actual − forecast) and the level at each origin; None without any
    /// usable origin.
    pub(crate) fn fit(errors: &[Vec<f64>], levels: &[f64]) -> Option<DailyCalibration> {
        let (ratios, steps) = step_ratios(errors, levels)?;
        Some(DailyCalibration::of(&ratios, steps))
    }

    fn of(ratios: &[Vec<f64>], steps: usize) -> DailyCalibration {
        let step = Scale::fit(&mean_squares(ratios, steps), Basis::Step);
        let step_quantiles = pooled(ratios, &step);
        DailyCalibration { step, step_quantiles }
    }

    /// Offsets of the interval at step `h` (1-based) for a series whose current level is `level`.
    pub(crate) fn band(&self, h: usize, level: f64) -> Band {
        let s = self.step.at(h as f64) * level;
        self.step_quantiles.map(|q| q * s)
    }
}

impl Calibration {
    /// Calibrates on errors per origin (each `steps` long, actual − forecast) and the level at each origin.
    /// None without any usable origin (a level of zero says nothing about scale).
    pub(crate) fn fit(errors: &[Vec<f64>], levels: &[f64]) -> Option<Calibration> {
        let (step_ratios, steps) = step_ratios(errors, levels)?;
        // The mean error of the first k days, over the level: the running mean of the step ratios.
        let sum_ratios: Vec<Vec<f64>> = step_ratios
            .iter()
            .map(|r| {
                let mut total = 0.0;
                r.iter()
                    .enumerate()
                    .map(|(k, x)| {
                        total += x;
                        total / (k + 1) as f64
                    })
                    .collect()
            })
            .collect();
        let sum = Scale::fit(&mean_squares(&sum_ratios, steps), Basis::Sum);
        let sum_quantiles = pooled(&sum_ratios, &sum);
        Some(Calibration { daily: DailyCalibration::of(&step_ratios, steps), sum, sum_quantiles, steps })
    }

    /// Offsets of the interval at step `h` (1-based) for a series whose current level is `level`.
    pub(crate) fn band(&self, h: usize, level: f64) -> Band {
        self.daily.band(h, level)
    }

    /// Offsets of the interval of the sum of the first `k` steps.
    pub(crate) fn sum_band(&self, k: usize, level: f64) -> Band {
        if k == 0 {
            return [0.0; 4];
        }
        let mut s = self.sum.at(k as f64);
        if k > self.steps {
            s = s.max(self.sum.at(self.steps as f64));
        }
        let s = s * level * k as f64;
        self.sum_quantiles.map(|q| q * s)
    }
}

/// Whether `actual` falls in each interval: `(inside_80, inside_95)`.
pub(crate) fn covers(point: f64, band: Band, actual: f64) -> (bool, bool) {
    let e = actual - point;
    (e >= band[0] && e <= band[1], e >= band[2] && e <= band[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_squares_recovers_exact_coefficients() {
        let xs: Vec<[f64; 3]> = (1..=6).map(|h| Basis::Sum.at(h as f64)).collect();
        let ys: Vec<f64> = (1..=6).map(|h| 2.0 + 3.0 / h as f64 + 0.5 * h as f64).collect();
        let c = least_squares(&xs, 3, &ys).unwrap();
        assert!((c[0] - 2.0).abs() < 1e-9 && (c[1] - 3.0).abs() < 1e-9 && (c[2] - 0.5).abs() < 1e-9);
    }

    #[test]
    fn conformal_rank_of_nine_values() {
        let v: Vec<f64> = (1..=9).map(f64::from).collect();
        // (9 + 1) · 0.9 = 9 → the 9th; (9 + 1) · 0.1 = 1 → the 1st.
        assert_eq!(conformal_quantile(&v, 0.9), 9.0);
        assert_eq!(conformal_quantile(&v, 0.1), 1.0);
    }
}
