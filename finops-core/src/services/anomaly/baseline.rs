//! The expected cost of a day from the days before it: a robust weekly profile times a robust level, and a
//! robust spread (1.4826 · MAD) that scores how unusual the day is.
//!
//! Everything here is a median: a spike, a missing day or a one-off credit in the history moves nothing.
//! It only looks backwards, so a day's expected value never changes when later days arrive.

/// How far back the weekly profile looks (eight weeks: eight samples per weekday).
pub(super) const PROFILE_DAYS: usize = 56;
/// How far back the level looks: short enough to follow organic growth, long enough to ignore a spike.
pub(super) const LEVEL_DAYS: usize = 14;
/// How far back the spread looks.
pub(super) const SPREAD_DAYS: usize = 28;
/// Factors below this are days the series is off (weekends of a batch job): they carry no level.
const OFF_DAY: f64 = 0.05;
/// The spread is never taken below this share of the level: a perfectly flat series is not infinitely
/// sensitive (a 0.1% wobble on a constant bill is no anomaly).
const MIN_RELATIVE_SPREAD: f64 = 0.03;

/// What was learned from a regime that ended (at a level shift): its weekly profile and relative spread
/// carry over until the new regime has history of its own.
#[derive(Debug, Clone, Copy)]
pub(super) struct Prior {
    pub(super) factors: [f64; 7],
    pub(super) relative_spread: f64,
}

/// The baseline for one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Baseline {
    /// Deseasonalized level.
    pub(super) level: f64,
    /// Weekly factors (mean 1), by weekday (0 = Monday).
    pub(super) factors: [f64; 7],
    /// Robust standard deviation of deseasonalized days around the level: the band.
    pub(super) spread: f64,
    /// The day-to-day noise alone (from differences), which a slow trend does not inflate: what a drift is
    /// measured against.
    pub(super) noise: f64,
}

impl Baseline {
    /// Expected cost on a day of weekday `weekday`.
    pub(super) fn expected(&self, weekday: usize) -> f64 {
        self.level * self.factors[weekday]
    }

    /// Robust standard deviation of a day of weekday `weekday`, never below [`MIN_RELATIVE_SPREAD`] of its
    /// expected value (nor of the level, so that off days still have a scale).
    pub(super) fn sigma(&self, weekday: usize) -> f64 {
        let factor = self.factors[weekday].max(OFF_DAY);
        (self.spread * factor).max(MIN_RELATIVE_SPREAD * self.level * factor).max(f64::MIN_POSITIVE)
    }

    /// What carries over to a new regime.
    pub(super) fn prior(&self) -> Prior {
        let relative_spread = if self.level > 0.0 { self.spread / self.level } else { MIN_RELATIVE_SPREAD };
        Prior { factors: self.factors, relative_spread }
    }
}

/// Median of a slice (reordered in place); None when empty. Forecasting uses it too.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    let (_, upper, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = *upper;
    if values.len() % 2 == 1 {
        return Some(upper);
    }
    let lower = values[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

/// Weekly factors from `(weekday, value)` pairs: each weekday's median over the overall median, scaled to
/// mean 1. None unless every weekday has two samples and the series is not all zero.
fn weekly_factors(days: &[(usize, f64)]) -> Option<[f64; 7]> {
    let mut by_weekday: [Vec<f64>; 7] = Default::default();
    for &(weekday, value) in days {
        by_weekday[weekday].push(value);
    }
    if by_weekday.iter().any(|v| v.len() < 2) {
        return None;
    }
    let mut all: Vec<f64> = days.iter().map(|d| d.1).collect();
    let overall = median(&mut all)?;
    if overall <= 0.0 {
        return None;
    }
    let mut factors = [1.0; 7];
    for (factor, values) in factors.iter_mut().zip(by_weekday.iter_mut()) {
        *factor = (median(values)? / overall).max(0.0);
    }
    let mean = factors.iter().sum::<f64>() / 7.0;
    (mean > 0.0).then(|| factors.map(|f| f / mean))
}

/// The baseline from `history`: `(weekday, value)` of the regime's days before the one scored, oldest first
/// (anomalous days already replaced by what was expected of them). With less than two weeks of history the
/// profile and spread come from `prior` (and the level needs at least three days); without a prior, None.
pub(super) fn fit(history: &[(usize, f64)], prior: Option<&Prior>) -> Option<Baseline> {
    let profile = &history[history.len().saturating_sub(PROFILE_DAYS)..];
    let own = if history.len() >= 14 { weekly_factors(profile) } else { None };
    let factors = match (own, prior) {
        (Some(f), _) => f,
        (None, Some(p)) if history.len() >= 3 => p.factors,
        // Two flat weeks (a constant bill) have no weekly shape, and need none.
        (None, None) if history.len() >= 14 => [1.0; 7],
        _ => return None,
    };
    let deseasonalized = |days: &[(usize, f64)]| -> Vec<f64> {
        days.iter().filter(|(w, _)| factors[*w] >= OFF_DAY).map(|(w, v)| v / factors[*w]).collect()
    };
    let mut recent = deseasonalized(&history[history.len().saturating_sub(LEVEL_DAYS)..]);
    let level = median(&mut recent)?;
    let recent = deseasonalized(&history[history.len().saturating_sub(SPREAD_DAYS)..]);
    let spread = if history.len() >= 14 || prior.is_none() {
        let mut deviations: Vec<f64> = recent.iter().map(|v| (v - level).abs()).collect();
        1.4826 * median(&mut deviations)?
    } else {
        prior.map_or(0.0, |p| p.relative_spread * level)
    };
    // From day-to-day differences: a trend in the window (a ramp) does not widen it. For independent noise a
    // difference has √2 times the noise's spread.
    let mut steps: Vec<f64> = recent.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let noise = median(&mut steps).map_or(spread, |m| 1.4826 * m / std::f64::consts::SQRT_2);
    Some(Baseline { level, factors, spread, noise })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn a_weekly_pattern_is_learned_and_a_spike_in_history_does_not_move_it() {
        // Weekdays 100, weekends 40: the mean day is 82.857, so factors are 100/82.857 and 40/82.857.
        let mut history: Vec<(usize, f64)> = (0..28).map(|d| (d % 7, if d % 7 >= 5 { 40.0 } else { 100.0 })).collect();
        history[10].1 = 5_000.0;
        let b = fit(&history, None).unwrap();
        let mean = (5.0 * 100.0 + 2.0 * 40.0) / 7.0;
        assert!((b.factors[0] - 100.0 / mean).abs() < 1e-9);
        assert!((b.factors[6] - 40.0 / mean).abs() < 1e-9);
        assert!((b.expected(2) - 100.0).abs() < 1e-9 && (b.expected(5) - 40.0).abs() < 1e-9);
        // Exact data: the spread is the floor, 3% of the expected value.
        assert!((b.sigma(0) - 3.0).abs() < 1e-9);
    }

    #[test]
    fn short_histories_need_a_prior() {
        let days: Vec<(usize, f64)> = (0..10).map(|d| (d % 7, 50.0)).collect();
        assert!(fit(&days, None).is_none());
        let prior = Prior { factors: [1.0; 7], relative_spread: 0.1 };
        let b = fit(&days[..4], Some(&prior)).unwrap();
        assert_eq!((b.level, b.spread), (50.0, 5.0));
    }
}
