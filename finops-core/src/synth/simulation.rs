//! The contract between the entry point and the three provider simulations, the anomaly plan, and the
//! simulated period.

use std::io;

use super::rng::{label, Rng};
use super::sink::CsvSink;
use chrono::{Datelike, Months, NaiveDate};

use super::{InjectedAnomaly, SynthFormat};

/// The parts of the configuration every simulation needs.
pub(super) struct Spec<'a> {
    pub(super) seed: u64,
    pub(super) accounts: u32,
    pub(super) scale: f64,
    pub(super) period: &'a Period,
}

/// One billing account of a provider: it gets one native and one FOCUS file per month.
pub(super) struct BillingFile {
    pub(super) id: String,
    pub(super) currency: &'static str,
    /// Path of the native files under the output directory, without the `-YYYY-MM.csv` suffix.
    pub(super) native: String,
    /// Same for the FOCUS files.
    pub(super) focus: String,
}

/// Where a simulated month goes; either may be absent, and the simulation runs the same either way.
pub(super) struct Sinks<'a> {
    pub(super) native: Option<&'a mut CsvSink>,
    pub(super) focus: Option<&'a mut CsvSink>,
}

/// A (account, elastic service) series a spike can be injected into.
#[derive(Debug, Clone)]
pub(super) struct AnomalyTarget {
    pub(super) account: u32,
    pub(super) service: usize,
    pub(super) account_id: String,
    pub(super) service_name: &'static str,
    pub(super) currency: &'static str,
}

/// A planned spike; the simulation adds the cost it causes to `extra_cost` while writing.
#[derive(Debug, Clone)]
pub(super) struct AnomalySlot {
    pub(super) target: AnomalyTarget,
    pub(super) day: u32,
    pub(super) multiplier: f64,
    pub(super) extra_cost: f64,
}

impl AnomalySlot {
    pub(super) fn to_public(&self, provider: &str, period: &Period) -> InjectedAnomaly {
        InjectedAnomaly {
            provider: provider.to_string(),
            account: self.target.account_id.clone(),
            service: self.target.service_name.to_string(),
            day: period.date(self.day),
            multiplier: self.multiplier,
            extra_cost: super::sink::money(self.extra_cost),
            currency: self.target.currency.to_string(),
        }
    }
}

/// The spike hitting a resource of `service` in `account` on `day`, if any.
pub(super) fn spike(slots: &mut [AnomalySlot], account: u32, service: usize, day: u32) -> Option<&mut AnomalySlot> {
    slots.iter_mut().find(|s| s.day == day && s.target.account == account && s.target.service == service)
}

/// A provider's simulation: a fleet, its commitments, and the writers of its rows.
pub(super) trait Simulation {
    /// FOCUS `ProviderName`.
    fn provider(&self) -> &'static str;
    /// The format of the native files.
    fn native_format(&self) -> SynthFormat;
    /// Header of the native files, and whether they start with a byte-order mark.
    fn native_header(&self) -> (&'static [&'static str], bool);
    /// The billing accounts, each with its own files.
    fn billing_files(&self) -> Vec<BillingFile>;
    /// Every series a spike may hit.
    fn anomaly_targets(&self) -> Vec<AnomalyTarget>;
    /// Simulates one month of one billing account, writing to whichever sinks are present. Months must be
    /// simulated in order: credits carry their remaining balance from one month to the next.
    fn simulate_month(
        &mut self,
        billing: usize,
        month: &Month,
        sinks: Sinks<'_>,
        spikes: &mut [AnomalySlot],
    ) -> io::Result<()>;
}

/// Chooses `count` spikes among all providers' series, one list per simulation.
pub(super) fn plan_anomalies(
    seed: u64,
    count: u32,
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
    for _ in 0..count {
        for _attempt in 0..64 {
            let (sim, target) = flat[rng.below(flat.len() as u64) as usize];
            let day = first + rng.below(u64::from(period.days - first)) as u32;
            let multiplier = (rng.range(3.0, 6.0) * 100.0).round() / 100.0;
            let candidate = &targets[sim][target];
            // Two spikes on one series must be a week apart, or a detector would see one event.
            let clash = plans[sim].iter().any(|s| {
                s.target.account == candidate.account
                    && s.target.service == candidate.service
                    && s.day.abs_diff(day) < 7
            });
            if !clash {
                plans[sim].push(AnomalySlot { target: candidate.clone(), day, multiplier, extra_cost: 0.0 });
                break;
            }
        }
    }
    plans
}

/// The simulated period: whole billing months, days numbered from 0.
#[derive(Debug, Clone)]
pub(super) struct Period {
    pub(super) start: NaiveDate,
    pub(super) days: u32,
    pub(super) months: Vec<Month>,
}

/// One billing month of the period.
#[derive(Debug, Clone)]
pub(super) struct Month {
    /// First day of the month.
    pub(super) start: NaiveDate,
    /// First day of the next month (periods end exclusive, as in FOCUS).
    pub(super) end: NaiveDate,
    /// Day index of `start` within the period.
    pub(super) first_day: u32,
    pub(super) days: u32,
}

impl Month {
    /// Day indexes of the month.
    pub(super) fn day_indexes(&self) -> std::ops::Range<u32> {
        self.first_day..self.first_day + self.days
    }
}

impl Period {
    pub(super) fn new(start: NaiveDate, months: u32) -> Self {
        let first = start.with_day(1).unwrap_or(start);
        let mut list = Vec::new();
        let mut day = 0;
        for m in 0..months {
            let start = first + Months::new(m);
            let end = first + Months::new(m + 1);
            let days = (end - start).num_days() as u32;
            list.push(Month { start, end, first_day: day, days });
            day += days;
        }
        Period { start: first, days: day, months: list }
    }

    /// Calendar date of day index `day`.
    pub(super) fn date(&self, day: u32) -> NaiveDate {
        self.start + chrono::Days::new(u64::from(day))
    }
}
