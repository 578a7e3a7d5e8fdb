//! Short spikes and dips taken out of a history before models are fitted on it.
//!
//! A one-day spike on the last day would otherwise become ETS' new level and seasonal naive's next week.
//! On the weekly-adjusted series, a day is outlying when it is further than [`THRESHOLD`] robust standard
//! deviations (1.4826 · MAD of the deviations from the median of the 7 days before) from the median of the
//! 7 days before it and from the median of the 7 days after it (when there are 3 or more: the last days
//! have only a past). A run of at most [`MAX_RUN`] outlying days is replaced by the median before it, weekly
//! pattern put back; a level shift differs from one side only, or lasts longer, and stays. When the dates are
//! known, the holidays of `holidays` (the year end, Thanksgiving) are replaced the same way whatever their
//! depth: a dip that comes back, which a model fitted on the last weeks would otherwise carry into January.
//! Errors are still measured against the raw values, so the intervals keep the risk of spikes and holidays.

use super::smoothing::WeeklyProfile;
use crate::services::anomaly::median;

/// Robust z-score from which a day is an outlier.
const THRESHOLD: f64 = 5.0;
/// Longest run of outlying days treated as a spike (the generator's and most real spikes last 1–3 days).
const MAX_RUN: usize = 3;
/// Days on each side of the local median.
const HALF_WINDOW: usize = 7;

/// `history` with its short outlying runs and its holidays (`holiday[i]`: whether day `i` is one; days past
/// its end are not) replaced (unchanged below four weeks, or when nothing varies).
pub(crate) fn clean(history: &[f64], holiday: &[bool]) -> Vec<f64> {
    let n = history.len();
    if n < 28 {
        return history.to_vec();
    }
    let profile = WeeklyProfile::of(history);
    let adjusted = profile.remove(history, 0);
    let around = |range: std::ops::Range<usize>| -> Option<f64> {
        let mut values: Vec<f64> = adjusted[range].to_vec();
        if values.len() >= 3 {
            median(&mut values)
        } else {
            None
        }
    };
    // A spike stands out from the days before it and from the days after it (when there are any); a level
    // shift only from one side.
    let before: Vec<Option<f64>> = (0..n).map(|i| around(i.saturating_sub(HALF_WINDOW)..i)).collect();
    let after: Vec<Option<f64>> = (0..n).map(|i| around((i + 1).min(n)..(i + 1 + HALF_WINDOW).min(n))).collect();
    let mut deviations: Vec<f64> = adjusted.iter().zip(&before).filter_map(|(a, b)| b.map(|b| (a - b).abs())).collect();
    let mad = median(&mut deviations).unwrap_or(0.0);
    if mad <= 0.0 {
        return history.to_vec();
    }
    let limit = THRESHOLD * 1.4826 * mad;
    let outlying: Vec<bool> = (0..n)
        .map(|i| {
            let off = |m: Option<f64>| m.map(|m| (adjusted[i] - m).abs() > limit);
            off(before[i]) == Some(true) && off(after[i]) != Some(false)
        })
        .collect();
    let local: Vec<f64> = before.iter().zip(&adjusted).map(|(b, a)| b.unwrap_or(*a)).collect();
    let mut cleaned = adjusted.clone();
    // Holidays, however deep: each run of them takes the median of the week before it.
    let mut first = 0;
    for i in (0..n.min(holiday.len())).filter(|i| holiday[*i]) {
        if i == 0 || !holiday[i - 1] {
            first = i;
        }
        cleaned[i] = local[first];
    }
    let mut i = 0;
    while i < n {
        if !outlying[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && outlying[i] {
            i += 1;
        }
        if i - start <= MAX_RUN {
            cleaned[start..i].copy_from_slice(&local[start..i]);
        }
    }
    profile.apply(&cleaned, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_day_spike_is_replaced_and_a_level_shift_is_kept() {
        let mut y: Vec<f64> = (0..60).map(|i| 100.0 + (i % 3) as f64).collect();
        y[59] = 400.0;
        let c = clean(&y, &[]);
        assert!(c[59] < 110.0, "{}", c[59]);
        assert_eq!(&c[..59], &y[..59]);
        // Ten days at 200: a step, not a spike.
        let step: Vec<f64> = (0..60).map(|i| if i >= 50 { 200.0 } else { 100.0 + (i % 3) as f64 }).collect();
        assert_eq!(clean(&step, &[]), step);
        // Two days at 300 in the middle: a spike.
        let mut spike: Vec<f64> = (0..60).map(|i| 100.0 + (i % 3) as f64).collect();
        spike[30] = 300.0;
        spike[31] = 300.0;
        assert!(clean(&spike, &[])[30..32].iter().all(|v| *v < 110.0));
    }
}
