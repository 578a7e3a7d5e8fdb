//! The robust trend model: a line through the last half-year of the weekly-adjusted history, fitted with
//! Huber weights, the weekly profile put back.
//!
//! Every other candidate takes its level from the last weeks: ETS and MSTL's trend weigh recent days most,
//! seasonal naive repeats the last week, the mean averages the last four. When those weeks are unusual for a
//! reason that passes (the year-end holidays, the peak of a quarter close, an incident), all of them carry it
//! into the forecast. A line fitted over 26 weeks, where a day far from it counts as a bounded residual rather
//! than a squared one, is moved by such weeks only as much as their share of the half-year; a change that
//! stays (a step, a new level) is the case it is slow on, and the backtest weights it down there.

use super::smoothing::WeeklyProfile;
use crate::services::anomaly::median;

/// Days the line is fitted on (fewer when the history is shorter): 26 weeks.
pub(crate) const WINDOW: usize = 182;
/// Huber's tuning constant, in robust standard deviations (95% efficiency under normal errors).
const HUBER_K: f64 = 1.345;
/// Reweighting rounds; the fit settles in a handful.
const ROUNDS: usize = 20;

/// Intercept and slope of the line through `(i, y[i])` with Huber weights, by iteratively reweighted least
/// squares from the ordinary fit; the scale is the median absolute deviation of the residuals.
pub(crate) fn huber_line(y: &[f64]) -> (f64, f64) {
    let mut weights = vec![1.0; y.len()];
    let mut fit = weighted_line(y, &weights);
    for _ in 0..ROUNDS {
        let residuals: Vec<f64> = y.iter().enumerate().map(|(i, v)| v - fit.0 - fit.1 * i as f64).collect();
        let mut deviations: Vec<f64> = residuals.iter().map(|r| r.abs()).collect();
        let scale = 1.4826 * median(&mut deviations).unwrap_or(0.0);
        if scale <= 0.0 {
            break;
        }
        let limit = HUBER_K * scale;
        weights = residuals.iter().map(|r| if r.abs() <= limit { 1.0 } else { limit / r.abs() }).collect();
        let next = weighted_line(y, &weights);
        let settled = (next.0 - fit.0).abs() + (next.1 - fit.1).abs() * y.len() as f64 <= 1e-9 * scale;
        fit = next;
        if settled {
            break;
        }
    }
    fit
}

/// Weighted least-squares line through `(i, y[i])`.
fn weighted_line(y: &[f64], weights: &[f64]) -> (f64, f64) {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return (0.0, 0.0);
    }
    let mean_t = weights.iter().enumerate().map(|(i, w)| w * i as f64).sum::<f64>() / total;
    let mean_y = weights.iter().zip(y).map(|(w, v)| w * v).sum::<f64>() / total;
    let (mut sty, mut stt) = (0.0, 0.0);
    for (i, (w, v)) in weights.iter().zip(y).enumerate() {
        let dt = i as f64 - mean_t;
        sty += w * dt * (v - mean_y);
        stt += w * dt * dt;
    }
    let slope = if stt > 0.0 { sty / stt } else { 0.0 };
    (mean_y - slope * mean_t, slope)
}

/// The robust trend of the last [`WINDOW`] days, weekly profile put back, for `horizon` days.
pub(crate) fn trend(history: &[f64], horizon: usize) -> Vec<f64> {
    let tail = &history[history.len().saturating_sub(WINDOW)..];
    let profile = WeeklyProfile::of(tail);
    let (intercept, slope) = huber_line(&profile.remove(tail, 0));
    let w = tail.len();
    let line: Vec<f64> = (0..horizon).map(|h| intercept + slope * (w + h) as f64).collect();
    profile.apply(&line, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlying_days_do_not_move_the_line() {
        // y = 100 + 2t on 60 days, the last 8 of them at half: ordinary least squares bends down, Huber's line
        // stays within a small fraction of the true one.
        let mut y: Vec<f64> = (0..60).map(|t| 100.0 + 2.0 * t as f64).collect();
        for v in &mut y[52..] {
            *v *= 0.5;
        }
        let (a, b) = huber_line(&y);
        assert!((a - 100.0).abs() < 1.0 && (b - 2.0).abs() < 0.05, "{a} {b}");
        let (_, ols) = super::super::baselines::line(&y);
        assert!(ols < 1.0, "{ols}");
    }

    #[test]
    fn a_weekly_pattern_on_a_line_is_continued() {
        // Weekdays 1.2, weekends 0.5 of a level growing 1 a day from 300; the profile is found on the
        // centred 7-day means, so the forecast matches the pattern within a percent.
        let week = [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5];
        let norm: f64 = week.iter().sum::<f64>() / 7.0;
        let value = |t: usize| (300.0 + t as f64) * week[t % 7] / norm;
        let y: Vec<f64> = (0..120).map(value).collect();
        let f = trend(&y, 14);
        for (h, v) in f.iter().enumerate() {
            let expected = value(120 + h);
            assert!((v - expected).abs() < 0.01 * expected, "day {h}: {v} vs {expected}");
        }
    }
}
