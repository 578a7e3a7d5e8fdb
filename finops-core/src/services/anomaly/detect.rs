//! Anomalies in one daily series: the day-by-day scan that scores each day against its baseline, merges
//! anomalous days into events, and recognises level shifts, drifts, launches and terminations.
//!
//! The scan is causal (a day is judged on the days before it only), as a detector running every morning
//! would be: an event, once raised, does not move when more data arrives, so feedback on it stays attached.
//!
//! Rules:
//! - A series starts on its first non-zero day. No alarm in its first two weeks (nothing to compare with); a
//!   series appearing after the period's first day with material cost is a `New` event.
//! - A day is anomalous when its robust score |actual − expected| / σ reaches the threshold and its
//!   deviation reaches the minimum percentage of the expected value. Anomalous days are replaced by their
//!   expected value in the history, so a spike never becomes part of the baseline.
//! - Consecutive anomalous days in the same direction are one event. An event that lasts
//!   [`SHIFT_DAYS`] days is a level shift: it is closed there (as a `Step`, or a `Drift` when the days before
//!   it were already climbing) and the baseline restarts from its first day, keeping the weekly profile: the
//!   new level is the new normal, one event, not thirty. A ramp that keeps going raises further shifts the
//!   same way: within [`MERGE_DAYS`] they extend the open shift into one `Drift`, taking in the spikes the
//!   same way between them (the ramp's steep days).
//! - A weekday off the same way as the same weekday a week before is a weekly rhythm not learned yet: no
//!   event, and both days count in the history as they were.
//! - A shift the series also made a month before (28 to 31 days: same direction, half the size or more) is a
//!   monthly rhythm (a discount tier reached mid-month): the baseline restarts, but no event is raised.
//! - A slow ramp that the daily score never catches is a `Drift` when the last week's level is off the level
//!   of three to five weeks earlier by the minimum percentage (and by far more than the noise), unless the
//!   same move happened a month earlier (a monthly rhythm, such as discounts growing through the month).
//! - A series falling to zero and staying there until the end, or for a shift's length, stopped: that is no
//!   anomaly (termination); its history restarts if it comes back.

use super::baseline::{fit, median, Baseline, Prior};
use super::event::EventKind;

/// Days a one-direction event must last to be taken for a level shift (a spike or a drop lasts fewer).
pub(super) const SHIFT_DAYS: usize = 5;
/// A shift also shows as anomalous days that keep coming, not all in a row: this many of the last
/// [`PERSISTENT_WINDOW`] days in one direction are a shift too.
const PERSISTENT_DAYS: usize = 7;
/// See [`PERSISTENT_DAYS`].
const PERSISTENT_WINDOW: usize = 14;
/// The lengths a calendar month can have: a monthly rhythm (a sustained-use discount reset on the 1st) repeats
/// after one of them, and the scan does not know which (it sees day indexes, not dates).
const MONTH_LAGS: [usize; 4] = [28, 29, 30, 31];
/// A shift starting within this many days of the end of a shift the same way continues it.
const MERGE_DAYS: usize = 28;
/// Days of history before the first alarm.
pub(super) const WARM_UP_DAYS: usize = 14;
/// A value at most this (in absolute terms) is a zero day.
const ZERO: f64 = 1e-9;

/// The thresholds the scan applies (see `AnomalyOptions` for their meaning).
#[derive(Debug, Clone, Copy)]
pub(super) struct Gates {
    pub(super) threshold: f64,
    pub(super) min_pct: f64,
}

/// The scan's view of one day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Scored {
    /// None before the baseline exists (the series has not started, or too little history).
    pub(super) expected: Option<f64>,
    /// Robust standard deviation of the day (same unit as the cost).
    pub(super) sigma: Option<f64>,
    pub(super) anomalous: bool,
}

/// An event in day indexes of the series.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub(super) kind: EventKind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) expected: f64,
    pub(super) actual: f64,
    /// The largest daily |actual − expected|, signed.
    pub(super) max_impact: f64,
    /// The largest |score| of its days.
    pub(super) score: f64,
    /// Expected daily cost just before the event (the normal it departs from).
    pub(super) normal_daily: f64,
    /// For shifts: the daily change the new normal brings (actual − old expected, median of the last days).
    pub(super) daily_shift: f64,
}

/// One day of an open run of anomalous days.
#[derive(Debug, Clone, Copy)]
struct RunDay {
    day: usize,
    actual: f64,
    expected: f64,
    score: f64,
}

/// The scan of a series: each day scored, and the events found.
#[derive(Debug, Clone, Default)]
pub(super) struct Scan {
    pub(super) days: Vec<Scored>,
    pub(super) events: Vec<Found>,
}

struct Scanner<'a> {
    values: &'a [f64],
    /// Weekday (0 = Monday) of day index 0.
    first_weekday: usize,
    gates: Gates,
    /// First day of the current regime.
    origin: usize,
    prior: Option<Prior>,
    /// Value of each day as the baseline sees it (anomalous days replaced by their expected value).
    clean: Vec<f64>,
    run: Vec<RunDay>,
    /// Up (true) or down.
    run_up: bool,
    last_baseline: Option<Baseline>,
    /// The series went to zero and stayed there (terminated): it has no baseline until it comes back.
    stopped: bool,
    /// Per day: +1 anomalous above, -1 below, ±2 off the same way as a week before (a weekly rhythm), 0
    /// normal, since the regime began.
    flags: Vec<i8>,
    scan: Scan,
}

impl Scanner<'_> {
    fn weekday(&self, day: usize) -> usize {
        (self.first_weekday + day) % 7
    }

    fn history(&self, day: usize) -> Vec<(usize, f64)> {
        (self.origin..day).map(|d| (self.weekday(d), self.clean[d])).collect()
    }

    /// Restarts the baseline at `day`, keeping the weekly profile and relative spread learned so far.
    fn restart(&mut self, day: usize) {
        self.prior = self.last_baseline.map(|b| b.prior()).or(self.prior);
        self.origin = day;
        self.flags[day..].iter_mut().for_each(|f| *f = 0);
    }

    fn close_run(&mut self, kind: EventKind, daily_shift: f64) {
        let run = std::mem::take(&mut self.run);
        let (Some(first), Some(last)) = (run.first(), run.last()) else { return };
        let impact = |d: &RunDay| d.actual - d.expected;
        let max = run.iter().map(impact).max_by(|a, b| a.abs().total_cmp(&b.abs())).unwrap_or(0.0);
        let shifted = matches!(kind, EventKind::Step | EventKind::Drift);
        // A shift soon after a shift the same way is the same ramp going on: one event, a drift. Episodes the
        // same way in between (a steep day of the ramp) were part of it too.
        let continued = self.scan.events.iter().rposition(|p| {
            matches!(p.kind, EventKind::Step | EventKind::Drift)
                && p.daily_shift * daily_shift > 0.0
                && first.day <= p.end + MERGE_DAYS
        });
        if let Some(at) = continued.filter(|&at| {
            shifted
                && self.scan.events[at + 1..]
                    .iter()
                    .all(|e| matches!(e.kind, EventKind::Spike | EventKind::Drop) && e.max_impact * daily_shift > 0.0)
        }) {
            let absorbed = self.scan.events.split_off(at + 1);
            let previous = &mut self.scan.events[at];
            for e in &absorbed {
                previous.expected += e.expected;
                previous.actual += e.actual;
                previous.end = previous.end.max(e.end);
                previous.score = previous.score.max(e.score);
                if e.max_impact.abs() > previous.max_impact.abs() {
                    previous.max_impact = e.max_impact;
                }
            }
            let new_days = || run.iter().filter(|d| d.day > previous.end);
            previous.expected += new_days().map(|d| d.expected).sum::<f64>();
            previous.actual += new_days().map(|d| d.actual).sum::<f64>();
            previous.kind = EventKind::Drift;
            previous.end = previous.end.max(last.day);
            previous.daily_shift += daily_shift;
            previous.score = previous.score.max(run.iter().map(|d| d.score.abs()).fold(0.0, f64::max));
            if max.abs() > previous.max_impact.abs() {
                previous.max_impact = max;
            }
            return;
        }
        self.scan.events.push(Found {
            kind,
            start: first.day,
            end: last.day,
            expected: run.iter().map(|d| d.expected).sum(),
            actual: run.iter().map(|d| d.actual).sum(),
            max_impact: max,
            score: run.iter().map(|d| d.score.abs()).fold(0.0, f64::max),
            normal_daily: first.expected,
            daily_shift,
        });
    }

    /// A run that reached [`SHIFT_DAYS`]: a termination (all zero: no event), else a step or a drift.
    fn shift(&mut self, day: usize) {
        let start = self.run[0].day;
        if self.run.iter().all(|d| d.actual.abs() <= ZERO) {
            self.run.clear();
            self.stopped = true;
        } else {
            let mut tail: Vec<f64> = self.run.iter().map(|d| d.actual - d.expected).collect();
            let shift = median(&mut tail).unwrap_or(0.0);
            if self.same_move_a_month_before(start, shift) {
                self.run.clear();
            } else {
                let kind = if self.climbing_before(start, shift) { EventKind::Drift } else { EventKind::Step };
                self.close_run(kind, shift);
            }
        }
        // The shift's own days are the new regime's first history.
        for d in start..=day {
            self.clean[d] = self.values[d];
        }
        self.restart(start);
    }

    /// [`PERSISTENT_DAYS`] anomalous days in one direction within the last [`PERSISTENT_WINDOW`]: the episodes
    /// raised there were one shift; they are replaced by it.
    fn persistent_shift(&mut self, day: usize) {
        let from = (day + 1).saturating_sub(PERSISTENT_WINDOW).max(self.origin);
        let sign = self.flags[day];
        let flagged: Vec<usize> = (from..=day).filter(|d| self.flags[*d] == sign).collect();
        if flagged.len() < PERSISTENT_DAYS {
            return;
        }
        let start = flagged[0];
        self.scan.events.retain(|e| e.end < start || e.kind == EventKind::New);
        self.run = flagged
            .iter()
            .map(|&d| {
                let expected = self.scan.days[d].expected.unwrap_or(self.values[d]);
                let sigma = self.scan.days[d].sigma.unwrap_or(1.0);
                RunDay { day: d, actual: self.values[d], expected, score: (self.values[d] - expected) / sigma }
            })
            .collect();
        self.shift(day);
    }

    /// Whether the series made the same move (same direction, at least half the size) a month before
    /// `start`: a monthly rhythm (a discount tier reached mid-month, a month-end batch), not a shift.
    fn same_move_a_month_before(&self, start: usize, shift: f64) -> bool {
        let Some(b) = self.last_baseline else { return false };
        MONTH_LAGS.into_iter().any(|lag| self.same_move_before(start, lag, shift, &b))
    }

    /// Whether the series moved by `shift` (same direction, at least half the size) `lag` days before `start`.
    fn same_move_before(&self, start: usize, lag: usize, shift: f64, b: &Baseline) -> bool {
        let Some(then) = start.checked_sub(lag).filter(|t| *t >= 7 + self.first_day()) else { return false };
        let level = |from: usize, to: usize| -> Option<f64> {
            let mut v: Vec<f64> = (from..to)
                .filter(|d| b.factors[self.weekday(*d)] >= 0.05)
                .map(|d| self.values[d] / b.factors[self.weekday(d)])
                .collect();
            median(&mut v)
        };
        let (Some(before), Some(after)) = (level(then - 7, then), level(then, then + SHIFT_DAYS)) else { return false };
        let moved = (after - before) * b.factors.iter().sum::<f64>() / 7.0;
        moved * shift > 0.0 && moved.abs() >= 0.5 * shift.abs()
    }

    /// The series' first non-zero day.
    fn first_day(&self) -> usize {
        self.values.iter().position(|v| v.abs() > ZERO).unwrap_or(0)
    }

    /// Whether the week before `start` already moved a third of `shift` in its direction: a ramp, not a jump.
    fn climbing_before(&self, start: usize, shift: f64) -> bool {
        let Some(b) = self.last_baseline else { return false };
        let from = start.saturating_sub(7).max(self.origin);
        let mut before: Vec<f64> = (from..start).map(|d| self.values[d] - b.expected(self.weekday(d))).collect();
        median(&mut before).is_some_and(|m| m * shift.signum() > shift.abs() / 3.0)
    }

    /// The slow-ramp check: the last week's deseasonalized level against three to five weeks earlier.
    /// Returns the first day of the drift found, if any.
    fn drift(&mut self, day: usize, b: &Baseline) -> Option<usize> {
        if day < self.origin + 35 || !self.run.is_empty() {
            return None;
        }
        let level = |from: usize, to: usize| -> Option<f64> {
            let mut v: Vec<f64> = (from..to)
                .filter(|d| b.factors[self.weekday(*d)] >= 0.05)
                .map(|d| self.clean[d] / b.factors[self.weekday(d)])
                .collect();
            median(&mut v)
        };
        let (Some(now), Some(then)) = (level(day - 6, day + 1), level(day - 35, day - 21)) else { return None };
        let change = now - then;
        let noise = b.noise * 1.25 * (1.0 / 7.0 + 1.0 / 14.0_f64).sqrt();
        if then <= 0.0
            || change.abs() < self.gates.min_pct / 100.0 * then
            || change.abs() < self.gates.threshold * noise
        {
            return None;
        }
        // The same move a month earlier is the month's own rhythm (discounts that grow through the month,
        // month-end batches), not a drift.
        let rhythm = MONTH_LAGS.into_iter().filter(|lag| day >= self.origin + 35 + lag).any(|lag| {
            let month_ago = day - lag;
            let (Some(now), Some(then)) = (level(month_ago - 6, month_ago + 1), level(month_ago - 35, month_ago - 21))
            else {
                return false;
            };
            (now - then) * change > 0.0 && (now - then).abs() >= 0.5 * change.abs()
        });
        if rhythm {
            return None;
        }
        // Every day of the last week on the new side of the old level: a trend, not a noisy week.
        if !(day - 6..=day).all(|d| (self.clean[d] / b.factors[self.weekday(d)].max(0.05) - then) * change > 0.0) {
            return None;
        }
        // The ramp began when the deseasonalized series last sat at the old level.
        let mut start = day - 6;
        while start > self.origin + 21
            && (self.clean[start - 1] / b.factors[self.weekday(start - 1)].max(0.05) - then) * change > 0.0
        {
            start -= 1;
        }
        let days: Vec<RunDay> = (start..=day)
            .map(|d| {
                let expected = then * b.factors[self.weekday(d)];
                RunDay {
                    day: d,
                    actual: self.values[d],
                    expected,
                    score: (self.values[d] - expected) / b.sigma(self.weekday(d)),
                }
            })
            .collect();
        self.run = days;
        self.close_run(EventKind::Drift, change);
        // The new regime starts where the series reached its new level: days of the last week still far from
        // it (the end of the ramp) would teach their weekdays a wrong profile for good.
        let deseasonalized = |d: usize| self.clean[d] / b.factors[self.weekday(d)].max(0.05);
        let reached = (day - 6..=day - 2)
            .find(|&from| (from..=day).all(|d| (deseasonalized(d) - now).abs() <= change.abs() / 2.0))
            .unwrap_or(day - 6);
        self.restart(reached);
        Some(start)
    }

    fn step(&mut self, day: usize) {
        let value = self.values[day];
        let weekday = self.weekday(day);
        if self.stopped {
            if value.abs() <= ZERO {
                self.scan.days.push(Scored::default());
                return;
            }
            // Back after a termination: a relaunch learns its own baseline.
            self.stopped = false;
            self.origin = day;
            self.prior = None;
            self.last_baseline = None;
        }
        let baseline = if day >= self.origin { fit(&self.history(day), self.prior.as_ref()) } else { None };
        let warm = self.prior.is_some() || day - self.origin >= WARM_UP_DAYS;
        let Some(b) = baseline else {
            self.clean[day] = value;
            self.scan.days.push(Scored::default());
            return;
        };
        self.last_baseline = Some(b);
        let expected = b.expected(weekday);
        let sigma = b.sigma(weekday);
        let deviation = value - expected;
        let score = deviation / sigma;
        // A regime restarted by a shift knows its level from a few days only: for a week, only a clear outlier counts.
        let settling = self.prior.is_some() && day < self.origin + WARM_UP_DAYS;
        let threshold = if settling { 1.5 * self.gates.threshold } else { self.gates.threshold };
        let mut anomalous = warm
            && score.abs() >= threshold
            && deviation.abs() >= self.gates.min_pct / 100.0 * expected.abs().max(ZERO);
        // The same weekday off the same way a week ago too (and no run going on that way): a weekly rhythm the
        // profile has not learned yet (a new weekly job, or a profile skewed by a shift's first days), not a
        // second anomaly. Last week's day
        // goes back into the history as it was, or its replacement would keep the profile wrong for good.
        let sign = if deviation > 0.0 { 1 } else { -1 };
        let in_run = !self.run.is_empty() && self.run_up == (deviation > 0.0);
        if anomalous && !in_run && day >= self.origin + 7 && self.flags[day - 7].signum() == sign {
            anomalous = false;
            self.clean[day - 7] = self.values[day - 7];
            // Marked (twice the sign: not an anomalous day) so next week's day is recognised too.
            self.flags[day] = 2 * sign;
        }
        // Off the same way as the same day a calendar month ago (a charge billed on the 1st, a month-end batch):
        // a monthly rhythm, raised once (the first time) and not every month. The day is a normal day, but stays
        // out of the history (the weekly profile cannot hold it) and is marked so next month's is recognised too.
        let monthly = anomalous
            && !in_run
            && MONTH_LAGS.into_iter().any(|lag| day >= lag && self.flags[day - lag].signum() == sign);
        if monthly {
            anomalous = false;
            self.flags[day] = 2 * sign;
        }
        self.scan.days.push(Scored { expected: Some(expected), sigma: Some(sigma), anomalous });
        if anomalous {
            let up = deviation > 0.0;
            if !self.run.is_empty() && up != self.run_up {
                self.close_run(if self.run_up { EventKind::Spike } else { EventKind::Drop }, 0.0);
            }
            self.run_up = up;
            self.run.push(RunDay { day, actual: value, expected, score });
            self.clean[day] = expected;
            self.flags[day] = if up { 1 } else { -1 };
            if self.run.len() >= SHIFT_DAYS {
                self.shift(day);
            } else {
                self.persistent_shift(day);
            }
            return;
        }
        if !self.run.is_empty() {
            self.close_run(if self.run_up { EventKind::Spike } else { EventKind::Drop }, 0.0);
        }
        self.clean[day] = if monthly { expected } else { value };
        if let Some(start) = self.drift(day, &b) {
            for scored in &mut self.scan.days[start..=day] {
                scored.anomalous = true;
            }
        }
    }
}

/// Scans `values` (one per day of the period, zero-filled; day 0 is weekday `first_weekday`, 0 = Monday). A
/// series whose first non-zero day is not day 0 was launched during the period: a `New` event when its first
/// week costs at least `new_min_impact`.
pub(super) fn scan(values: &[f64], first_weekday: usize, gates: Gates, new_min_impact: f64) -> Scan {
    let Some(born) = values.iter().position(|v| v.abs() > ZERO) else {
        return Scan { days: vec![Scored::default(); values.len()], events: Vec::new() };
    };
    let mut s = Scanner {
        values,
        first_weekday,
        gates,
        origin: born,
        prior: None,
        clean: values.to_vec(),
        run: Vec::new(),
        run_up: true,
        last_baseline: None,
        stopped: false,
        flags: vec![0; values.len()],
        scan: Scan { days: vec![Scored::default(); born], events: Vec::new() },
    };
    if born > 0 {
        let end = (born + 6).min(values.len() - 1);
        let actual: f64 = values[born..=end].iter().sum();
        if actual.abs() >= new_min_impact {
            let max = values[born..=end].iter().copied().fold(0.0, |m: f64, v| if v.abs() > m.abs() { v } else { m });
            s.scan.events.push(Found {
                kind: EventKind::New,
                start: born,
                end,
                expected: 0.0,
                actual,
                max_impact: max,
                score: 0.0,
                normal_daily: 0.0,
                daily_shift: actual / (end - born + 1) as f64,
            });
        }
    }
    for day in born..values.len() {
        s.step(day);
        // Zero since the run began and zero today: wait and see, it may be a termination.
        if day + 1 == values.len() && !s.run.is_empty() {
            if s.run.iter().all(|d| d.actual.abs() <= ZERO) {
                s.run.clear();
            } else {
                let kind = if s.run_up { EventKind::Spike } else { EventKind::Drop };
                s.close_run(kind, 0.0);
            }
        }
    }
    s.scan
}

#[cfg(test)]
mod tests {
    use super::*;

    const GATES: Gates = Gates { threshold: 5.0, min_pct: 30.0 };

    /// Weekdays 100, weekends 40 (day 0 is a Monday).
    fn weekly(days: usize) -> Vec<f64> {
        (0..days).map(|d| if d % 7 >= 5 { 40.0 } else { 100.0 }).collect()
    }

    /// Deterministic noise in [-1, 1) (a small LCG), so tests do not depend on the generator.
    fn noise(days: usize, seed: u64) -> Vec<f64> {
        let mut state = seed;
        (0..days)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn a_spike_on_a_weekly_series_is_one_event_of_its_exact_size() {
        let mut values = weekly(70);
        values[44] += 500.0; // a Wednesday: expected 100, actual 600
        let scan = scan(&values, 0, GATES, 10.0);
        assert_eq!(scan.events.len(), 1, "{:?}", scan.events);
        let e = &scan.events[0];
        assert_eq!((e.kind, e.start, e.end), (EventKind::Spike, 44, 44));
        assert!((e.actual - e.expected - 500.0).abs() < 1e-9 && (e.expected - 100.0).abs() < 1e-9);
        // The day after is normal again: the spike did not enter the baseline.
        assert_eq!(scan.days[45].expected, Some(100.0));
        assert!(!scan.days[45].anomalous);
    }

    #[test]
    fn a_step_that_stays_is_one_event_then_the_new_normal() {
        let values: Vec<f64> =
            weekly(100).iter().enumerate().map(|(d, v)| if d >= 40 { v * 2.0 } else { *v }).collect();
        let scan = scan(&values, 0, GATES, 10.0);
        assert_eq!(scan.events.len(), 1, "{:?}", scan.events);
        let e = &scan.events[0];
        assert_eq!((e.kind, e.start, e.end), (EventKind::Step, 40, 40 + SHIFT_DAYS - 1));
        // Days 40..=44 (Fri, Sat, Sun, Mon, Tue) doubled: 100 + 40 + 40 + 100 + 100 more than expected.
        assert!((e.actual - e.expected - 380.0).abs() < 1e-9, "{e:?}");
        assert_eq!(scan.days[99].expected, Some(values[99]));
    }

    #[test]
    fn a_drop_is_an_event_and_a_termination_is_not() {
        let mut values = weekly(70);
        values[30] = 0.0; // a Wednesday
        let scan_drop = scan(&values, 0, GATES, 10.0);
        assert_eq!(scan_drop.events.len(), 1);
        assert_eq!((scan_drop.events[0].kind, scan_drop.events[0].start), (EventKind::Drop, 30));
        assert!((scan_drop.events[0].actual - scan_drop.events[0].expected + 100.0).abs() < 1e-9);

        let stopped: Vec<f64> = weekly(70).iter().enumerate().map(|(d, v)| if d >= 50 { 0.0 } else { *v }).collect();
        assert!(scan(&stopped, 0, GATES, 10.0).events.is_empty());
        let ends_at_zero: Vec<f64> =
            weekly(70).iter().enumerate().map(|(d, v)| if d >= 68 { 0.0 } else { *v }).collect();
        assert!(scan(&ends_at_zero, 0, GATES, 10.0).events.is_empty());
    }

    #[test]
    fn a_clean_seasonal_series_with_growth_and_noise_raises_nothing() {
        for seed in 1..=20 {
            let jitter = noise(180, seed);
            // 4% growth a month, weekly rhythm, +-10% noise.
            let values: Vec<f64> = weekly(180)
                .iter()
                .enumerate()
                .map(|(d, v)| v * 1.04f64.powf(d as f64 / 30.4) * (1.0 + 0.1 * jitter[d]))
                .collect();
            let scan = scan(&values, 0, GATES, 10.0);
            assert!(scan.events.is_empty(), "seed {seed}: {:?}", scan.events);
        }
    }

    #[test]
    fn a_slow_drift_is_one_drift_event() {
        // From day 60, +3% a day for 25 days, then stays at 1.75 times.
        let jitter = noise(150, 7);
        let values: Vec<f64> = weekly(150)
            .iter()
            .enumerate()
            .map(|(d, v)| v * (1.0 + 0.03 * (d.saturating_sub(60).min(25) as f64)) * (1.0 + 0.05 * jitter[d]))
            .collect();
        let scan = scan(&values, 0, GATES, 10.0);
        assert!(!scan.events.is_empty());
        assert!(scan.events.iter().all(|e| matches!(e.kind, EventKind::Drift | EventKind::Step)), "{:?}", scan.events);
        let first = &scan.events[0];
        assert!((55..=87).contains(&first.start), "{first:?}");
        assert!(scan.events.len() <= 2, "{:?}", scan.events);
    }

    #[test]
    fn a_launch_is_new_only_when_material_and_has_no_alarm_while_warming_up() {
        let values: Vec<f64> = (0..60).map(|d| if d >= 30 { 50.0 + d as f64 } else { 0.0 }).collect();
        let scan_new = scan(&values, 0, GATES, 10.0);
        assert_eq!(scan_new.events.len(), 1);
        let e = &scan_new.events[0];
        // Days 30..=36: 7 × 50 + (30 + ... + 36) = 350 + 231.
        assert_eq!((e.kind, e.start, e.end), (EventKind::New, 30, 36));
        assert!((e.actual - 581.0).abs() < 1e-9);
        assert!(scan(&values, 0, GATES, 1_000.0).events.is_empty());
        // A series there from day 0 is never new, and its first two weeks raise nothing.
        let mut early = weekly(60);
        early[5] = 1_000.0;
        assert!(scan(&early, 0, GATES, 10.0).events.iter().all(|e| e.start >= WARM_UP_DAYS));
    }

    #[test]
    fn a_ramp_in_two_jumps_with_a_steep_day_between_is_one_drift() {
        // Flat 100 (no weekly rhythm); 200 from day 40; one day at 300 on day 50; 300 from day 55.
        let values: Vec<f64> = (0..100)
            .map(|d| match d {
                0..40 => 100.0,
                50 => 300.0,
                40..55 => 200.0,
                _ => 300.0,
            })
            .collect();
        let scan = scan(&values, 0, GATES, 10.0);
        assert_eq!(scan.events.len(), 1, "{:?}", scan.events);
        let e = &scan.events[0];
        // The first jump is recognised on day 44, the second on day 59 (five days each).
        assert_eq!((e.kind, e.start, e.end), (EventKind::Drift, 40, 59));
        // Days 40..=44: 5 × (200 − 100); day 50: 300 − 200; days 55..=59: 5 × (300 − 200).
        assert!((e.actual - e.expected - 1_100.0).abs() < 1e-9, "{e:?}");
        assert!((e.daily_shift - 200.0).abs() < 1e-9, "{e:?}");
    }

    /// Day-of-month (0-based) of each day from 2025-01-01 over five calendar months (31, 28, 31, 30, 31 days).
    fn calendar_days() -> Vec<usize> {
        [31, 28, 31, 30, 31].iter().flat_map(|&n| 0..n).collect()
    }

    #[test]
    fn a_sustained_use_sawtooth_on_calendar_months_raises_nothing_after_its_first_month() {
        // GCP sustained-use discounts: the price steps down each week of the month and resets on the 1st.
        let values: Vec<f64> = calendar_days().iter().map(|&d| [6.44, 5.63, 4.82, 4.01, 4.01][d / 7]).collect();
        let scan = scan(&values, 2, GATES, 1.0);
        // The first months teach the rhythm; from the third month (day 59) nothing is new.
        assert!(scan.events.iter().all(|e| e.start < 59), "{:?}", scan.events);
    }

    #[test]
    fn after_a_drift_the_weekly_profile_comes_from_the_new_level_only() {
        // 100 a day ±30% (too noisy for one day's fall to score 5), 75 on days 47..=49, then 10 for good. The
        // drift check sees days 47..=53 under the old level on day 53, but 47..=49 are not at the new one.
        let jitter = noise(120, 3);
        let values: Vec<f64> = (0..120)
            .map(|d| match d {
                0..47 => 100.0 * (1.0 + 0.3 * jitter[d]),
                47..50 => 75.0,
                _ => 10.0,
            })
            .collect();
        let scan = scan(&values, 0, GATES, 1.0);
        assert_eq!(scan.events.len(), 1, "{:?}", scan.events);
        assert_eq!((scan.events[0].kind, scan.events[0].start), (EventKind::Drift, 47), "{:?}", scan.events);
        // Nothing after it: every weekday expects the new 10, including those of days 47..=49.
        for day in 70..120 {
            assert_eq!(scan.days[day].expected, Some(10.0), "day {day}");
        }
    }

    #[test]
    fn a_new_weekly_job_is_raised_once_then_learned() {
        // 100 a day (day 0 a Monday); from day 37, every Wednesday costs 200.
        let values: Vec<f64> = (0..120).map(|d| if d >= 37 && d % 7 == 2 { 200.0 } else { 100.0 }).collect();
        let scan = scan(&values, 0, GATES, 10.0);
        assert_eq!(scan.events.len(), 1, "{:?}", scan.events);
        assert_eq!((scan.events[0].kind, scan.events[0].start), (EventKind::Spike, 37));
        // Eight weeks later every Wednesday of the profile is 200: factors 2 and 1 scaled to mean 1 (7/4 and
        // 7/8), level 100 / (7/8), so a Wednesday expects 200.
        assert!((scan.days[107].expected.unwrap() - 200.0).abs() < 1e-9, "{:?}", scan.days[107]);
        assert!(scan.days[30..].iter().filter(|d| d.anomalous).count() == 1);
    }

    #[test]
    fn a_charge_on_the_first_of_every_month_is_raised_once() {
        // 100 a day; on day 40 and then every 30 days (70, 100, 130) 500 more: the first is a spike, the rest
        // are the same move a month later.
        let values: Vec<f64> = (0..150).map(|d| if d >= 40 && (d - 40) % 30 == 0 { 600.0 } else { 100.0 }).collect();
        let scan = scan(&values, 0, GATES, 10.0);
        let spikes: Vec<usize> = scan.events.iter().map(|e| e.start).collect();
        assert_eq!(spikes, vec![40], "{:?}", scan.events);
        assert!((scan.events[0].max_impact - 500.0).abs() < 1e-9);
    }

    #[test]
    fn a_shift_that_comes_back_every_month_is_raised_once_at_most() {
        // 100 a day for the first half of each 30-day month, 60 for the second half (a discount tier).
        let values: Vec<f64> = (0..180).map(|d| if d % 30 < 15 { 100.0 } else { 60.0 }).collect();
        let scan = scan(&values, 0, GATES, 10.0);
        assert!(scan.events.len() <= 2, "{:?}", scan.events);
    }
}
