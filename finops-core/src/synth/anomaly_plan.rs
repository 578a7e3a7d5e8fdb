//! Which anomalies the generator injects, where, and how each one changes a series' usage day by day.
//!
//! Only traffic-driven series (see [`super::fleet::Pattern::week`]) are hit, so an anomaly never interacts
//! with commitment coverage or credits. The plan depends on the seed, the number of
//! anomalies, their kinds and the fleets, never on the formats written.

use super::rng::{label, Rng};
use super::simulation::{Period, Simulation};
use super::{AnomalyKind, InjectedAnomaly};

/// A (account, elastic service) series an anomaly can be injected into.
#[derive(Debug, Clone)]
pub(super) struct AnomalyTarget {
    pub(super) account: u32,
    pub(super) service: usize,
    pub(super) account_id: String,
    pub(super) service_name: &'static str,
    pub(super) currency: &'static str,
}

/// A planned anomaly; the simulation adds the cost it causes to `extra_cost` while writing.
#[derive(Debug, Clone)]
pub(super) struct AnomalySlot {
    pub(super) target: AnomalyTarget,
    pub(super) kind: AnomalyKind,
    /// First day index affected.
    pub(super) day: u32,
    /// Spike, drop and temporary shift: days affected. Drift: days of the ramp. Step: 1.
    pub(super) days: u32,
    /// Factor on usage at full size (below 1 for a drop or a downward step).
    pub(super) multiplier: f64,
    pub(super) extra_cost: f64,
}

impl AnomalySlot {
    /// The factor on the series' usage on day index `day`, None when the anomaly does not touch that day.
    /// Steps and drifts stay until the end of the period: they are a new normal, not an episode.
    pub(super) fn factor(&self, day: u32) -> Option<f64> {
        let since = day.checked_sub(self.day)?;
        match self.kind {
            AnomalyKind::Spike | AnomalyKind::Drop | AnomalyKind::Shift => {
                (since < self.days).then_some(self.multiplier)
            }
            AnomalyKind::Step => Some(self.multiplier),
            AnomalyKind::Drift => {
                let done = (f64::from(since + 1) / f64::from(self.days.max(1))).min(1.0);
                Some(1.0 + (self.multiplier - 1.0) * done)
            }
        }
    }

    /// Whether the anomaly lasts until the end of the period.
    fn persistent(&self) -> bool {
        matches!(self.kind, AnomalyKind::Step | AnomalyKind::Drift)
    }

    /// Last day index at full size that a detector could be asked to notice: the episode's last day, or the day
    /// a shift is complete.
    fn settled(&self) -> u32 {
        self.day + self.days - 1
    }

    pub(super) fn to_public(&self, provider: &str, period: &Period) -> InjectedAnomaly {
        let end = if self.persistent() { period.days - 1 } else { self.settled() };
        InjectedAnomaly {
            provider: provider.to_string(),
            account: self.target.account_id.clone(),
            service: self.target.service_name.to_string(),
            day: period.date(self.day),
            multiplier: self.multiplier,
            extra_cost: super::sink::money(self.extra_cost),
            currency: self.target.currency.to_string(),
            kind: self.kind,
            end: Some(period.date(end)),
            settled: Some(period.date(self.settled())),
        }
    }
}

/// The anomaly touching `service` in `account` on `day`, if any, and its factor on usage that day.
pub(super) fn anomaly(
    slots: &mut [AnomalySlot],
    account: u32,
    service: usize,
    day: u32,
) -> Option<(f64, &mut AnomalySlot)> {
    slots
        .iter_mut()
        .filter(|s| s.target.account == account && s.target.service == service)
        .find_map(|s| s.factor(day).map(|f| (f, s)))
}

/// Size and length of one anomaly, drawn from its own stream so that the kinds asked for never move the
/// targets and days of the others.
fn shape(kind: AnomalyKind, rng: &mut Rng) -> (u32, f64) {
    let round = |x: f64| (x * 100.0).round() / 100.0;
    match kind {
        AnomalyKind::Spike => (1 + rng.below(3) as u32, round(rng.range(2.0, 6.0))),
        AnomalyKind::Drop => (1 + rng.below(3) as u32, round(rng.range(0.0, 0.4))),
        AnomalyKind::Step => (1, round(shift_multiplier(rng))),
        AnomalyKind::Drift => (7 + rng.below(15) as u32, round(rng.range(1.6, 3.0))),
        AnomalyKind::Shift => {
            let multiplier = shift_multiplier(rng);
            (3 + rng.below(18) as u32, round(multiplier))
        }
    }
}

/// The size of a level shift: one in four goes down (a workload moved away, was optimised, or failed over).
fn shift_multiplier(rng: &mut Rng) -> f64 {
    if rng.chance(0.25) {
        rng.range(0.35, 0.6)
    } else {
        rng.range(1.5, 3.0)
    }
}

/// Chooses `count` anomalies among all providers' series, one list per simulation; anomaly `i` is of kind
/// `kinds[i % kinds.len()]` (spikes when `kinds` is empty).
pub(super) fn plan_anomalies(
    seed: u64,
    count: u32,
    kinds: &[AnomalyKind],
    sims: &[Box<dyn Simulation>],
    period: &Period,
) -> Vec<Vec<AnomalySlot>> {
    let targets: Vec<Vec<AnomalyTarget>> = sims.iter().map(|s| s.anomaly_targets()).collect();
    let flat: Vec<(usize, usize)> =
        targets.iter().enumerate().flat_map(|(s, list)| (0..list.len()).map(move |t| (s, t))).collect();
    let mut plans: Vec<Vec<AnomalySlot>> = sims.iter().map(|_| Vec::new()).collect();
    if flat.is_empty() || period.days < 2 {
        return plans;
    }
    // Leave the first weeks clean so a detector has a baseline to learn from.
    let first = (period.days / 4).clamp(1, 14).min(period.days - 1);
    let mut rng = Rng::keyed(seed, &[label("anomalies")]);
    for i in 0..count {
        let kind = kinds.get(i as usize % kinds.len().max(1)).copied().unwrap_or(AnomalyKind::Spike);
        let mut shape_rng = Rng::keyed(seed, &[label("anomaly-shape"), u64::from(i)]);
        let (days, multiplier) = shape(kind, &mut shape_rng);
        // A shift needs a week after it is complete to be told from an episode, and a temporary one a week
        // after its return to be told from a step; an episode must fit.
        let shifts = matches!(kind, AnomalyKind::Step | AnomalyKind::Drift | AnomalyKind::Shift);
        let tail = if shifts { days + 7 } else { days };
        let Some(span) = period.days.checked_sub(first + tail).map(|s| s + 1) else { continue };
        for _attempt in 0..64 {
            let (sim, target) = flat[rng.below(flat.len() as u64) as usize];
            let day = first + rng.below(u64::from(span)) as u32;
            let candidate =
                AnomalySlot { target: targets[sim][target].clone(), kind, day, days, multiplier, extra_cost: 0.0 };
            // On one series: nothing beside a shift, and episodes a week apart, or a detector would see one event.
            let clash = plans[sim].iter().any(|s| {
                s.target.account == candidate.target.account
                    && s.target.service == candidate.target.service
                    && (s.persistent()
                        || candidate.persistent()
                        || (s.day.max(day) - s.day.min(day)) < 7 + s.days.max(days))
            });
            if !clash {
                plans[sim].push(candidate);
                break;
            }
        }
    }
    plans
}
