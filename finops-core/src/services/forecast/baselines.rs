//! The simple models: seasonal naive, the mean of the last days, and the least-squares line on time.
//!
//! The line is a hand-written ordinary least squares on (day index, cost): two parameters in closed form.
//! linfa-linear would do the same through ndarray 0.16, argmin and linfa, a dependency tree out of all
//! proportion to two sums.

/// The value of the same day one `period` earlier, repeated: `history[n - period + (h % period)]`.
/// With less than a period of history, the last value.
pub(crate) fn seasonal_naive(history: &[f64], period: usize, horizon: usize) -> Vec<f64> {
    let n = history.len();
    if n < period || period == 0 {
        return vec![history[n - 1]; horizon];
    }
    (0..horizon).map(|h| history[n - period + h % period]).collect()
}

/// The mean of the last `window` values (all of them when shorter), flat.
pub(crate) fn mean_of_last(history: &[f64], window: usize, horizon: usize) -> Vec<f64> {
    let tail = &history[history.len().saturating_sub(window)..];
    vec![tail.iter().sum::<f64>() / tail.len() as f64; horizon]
}

/// Intercept and slope of the least-squares line through `(i, history[i])`.
pub(crate) fn line(history: &[f64]) -> (f64, f64) {
    let n = history.len() as f64;
    let mean_t = (n - 1.0) / 2.0;
    let mean_y = history.iter().sum::<f64>() / n;
    let (mut sty, mut stt) = (0.0, 0.0);
    for (i, y) in history.iter().enumerate() {
        let dt = i as f64 - mean_t;
        sty += dt * (y - mean_y);
        stt += dt * dt;
    }
    let slope = if stt > 0.0 { sty / stt } else { 0.0 };
    (mean_y - slope * mean_t, slope)
}

/// The least-squares line through the history, extended `horizon` days.
pub(crate) fn linear(history: &[f64], horizon: usize) -> Vec<f64> {
    let (intercept, slope) = line(history);
    let n = history.len();
    (0..horizon).map(|h| intercept + slope * (n + h) as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_through_exact_points_is_found() {
        // y = 3 + 2t
        let y: Vec<f64> = (0..10).map(|t| 3.0 + 2.0 * t as f64).collect();
        let (a, b) = line(&y);
        assert!((a - 3.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
        assert_eq!(linear(&y, 2), vec![23.0, 25.0]);
    }

    #[test]
    fn seasonal_naive_repeats_the_last_period() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(seasonal_naive(&y, 2, 5), vec![4.0, 5.0, 4.0, 5.0, 4.0]);
        assert_eq!(seasonal_naive(&y, 7, 2), vec![5.0, 5.0]);
        assert_eq!(mean_of_last(&y, 2, 1), vec![4.5]);
    }
}
