//! The savings opportunities the generated data contains, recorded in the manifest as labels for the
//! recommendations: the planted ones (gp2 volumes, previous-generation instances, idle addresses) and the
//! ones intrinsic to the fleet (dev machines running 24/7, uncovered steady compute, an over-bought
//! reservation, buckets nobody reads, untagged resources).
//!
//! Expected amounts come from the simulation's own prices and its own record of what it billed, never
//! from the recommendations code: they are the oracle it is tested against.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::simulation::Period;

/// Average days in a month (365.25 / 12), the same convention the recommendations state.
pub(super) const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
/// Days at the end of the period that monthly amounts are measured on.
pub(super) const RECENT_DAYS: u32 = 30;
/// A commitment whose unused part exceeds this share of its cost is reported.
const UNUSED_SHARE: f64 = 0.05;
/// Share of the week a business-hours schedule keeps a machine up: 12 hours on 5 days of 168 hours.
pub(super) const SCHEDULED_SHARE: f64 = 60.0 / 168.0;

/// One opportunity in the generated data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    /// The recommendation rule code that should find it (`gp2-to-gp3`, `commitment`...).
    pub rule: String,
    /// FOCUS `ProviderName`.
    pub provider: String,
    /// FOCUS `SubAccountId`, or `BillingAccountId` for organisation-wide findings (commitments).
    pub account: String,
    /// ResourceId, or the scope of an aggregate finding: `BoxUsage` (a Savings Plan), `<region>|<usage type>`
    /// (a reservation), the commitment's id (unused commitment), `untagged`.
    pub key: String,
    /// What it costs per average month (EffectiveCost of the period's last 30 days × 30.44 / 30).
    pub monthly_cost: f64,
    /// Expected saving per average month (0 for allocation findings and unused commitments).
    pub monthly_saving: f64,
    /// Currency of both amounts.
    pub currency: String,
    /// Planted by the generator on purpose (false: intrinsic to the simulated fleet).
    pub planted: bool,
}

/// The opportunities of one provider's simulation, collected as it finds them.
pub(super) struct Found {
    provider: &'static str,
    /// The currency of the next ones (Azure enrollments bill in USD or EUR).
    pub(super) currency: &'static str,
    pub(super) list: Vec<Opportunity>,
}

impl Found {
    pub(super) fn new(provider: &'static str, currency: &'static str) -> Found {
        Found { provider, currency, list: Vec::new() }
    }

    /// Records one: its rule, account, key (resource or scope), monthly cost and saving.
    pub(super) fn add(&mut self, rule: &str, account: &str, key: &str, cost: f64, saving: f64, planted: bool) {
        self.list.push(Opportunity {
            rule: rule.into(),
            provider: self.provider.into(),
            account: account.into(),
            key: key.into(),
            monthly_cost: cost,
            monthly_saving: saving,
            currency: self.currency.into(),
            planted,
        });
    }
}

/// The net saving per hour of the best commitment over `hourly` on-demand spend at `price` (the committed
/// price as a fraction of on-demand), found by scanning coverage levels on a fine grid: deliberately not the
/// exact method the recommendations use, so each checks the other.
pub(super) fn best_commitment_saving(hourly: &[f64], price: f64) -> f64 {
    let top = hourly.iter().copied().fold(0.0, f64::max);
    let n = hourly.len() as f64;
    (0..=4000)
        .map(|step| {
            let x = top * f64::from(step) / 4000.0;
            hourly.iter().map(|s| s.min(x)).sum::<f64>() - price * x * n
        })
        .fold(0.0, f64::max)
        / n.max(1.0)
}

/// What the simulation billed that the opportunities need.
#[derive(Debug)]
pub(super) struct Track {
    recent_from: u32,
    days: u32,
    /// Per resource: EffectiveCost and days in the last 30 days.
    pub(super) recent: Vec<(f64, u32)>,
    /// On-demand cost per day index, by commitment scope (`BoxUsage`, `<region>|<usage type>`) and resource.
    pub(super) uncovered: BTreeMap<String, BTreeMap<usize, Vec<f64>>>,
    /// Per commitment: fee, unused part, unused part in the last 30 days.
    commitments: BTreeMap<String, (f64, f64, f64)>,
}

impl Track {
    pub(super) fn new(resources: usize, days: u32) -> Self {
        Track {
            recent_from: days.saturating_sub(RECENT_DAYS),
            days,
            recent: vec![(0.0, 0); resources],
            uncovered: BTreeMap::new(),
            commitments: BTreeMap::new(),
        }
    }

    /// A resource-day billed at `effective`; `on_demand` is its commitment scope and on-demand cost when no
    /// commitment covered it.
    pub(super) fn usage(&mut self, resource: usize, day: u32, effective: f64, on_demand: Option<(String, f64)>) {
        if day >= self.recent_from {
            self.recent[resource].0 += effective;
            self.recent[resource].1 += 1;
        }
        if let Some((scope, cost)) = on_demand {
            let days = self.days as usize;
            let series = self.uncovered.entry(scope).or_default().entry(resource).or_insert_with(|| vec![0.0; days]);
            series[day as usize] += cost;
        }
    }

    /// A commitment fee row starting on `day`.
    pub(super) fn fee(&mut self, id: &str, day: u32, fee: f64, unused: f64) {
        let entry = self.commitments.entry(id.to_string()).or_insert((0.0, 0.0, 0.0));
        entry.0 += fee;
        entry.1 += unused;
        if day >= self.recent_from {
            entry.2 += unused;
        }
    }

    /// A resource's EffectiveCost per average month, from its last 30 days.
    pub(super) fn monthly(&self, resource: usize) -> f64 {
        let (cost, days) = self.recent[resource];
        if days == 0 {
            0.0
        } else {
            cost / f64::from(days) * DAYS_PER_MONTH
        }
    }
}

impl Track {
    /// Commitments more than 5% unused, with their unused cost per average month.
    pub(super) fn unused_commitments(&self, period: &Period) -> Vec<(String, f64)> {
        let days = f64::from(RECENT_DAYS.min(period.days));
        self.commitments
            .iter()
            .filter(|(_, (fee, unused, _))| *fee > 0.0 && unused / fee > UNUSED_SHARE)
            .map(|(id, (_, _, recent))| (id.clone(), recent / days * DAYS_PER_MONTH))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn grid_search_finds_the_hand_computed_optimum() {
        // [10, 10, 10, 4] at 72% of on-demand: covering 10 saves 34 − 28.8 = 5.2 over 4 hours.
        assert!((super::best_commitment_saving(&[10.0, 10.0, 10.0, 4.0], 0.72) - 1.3).abs() < 1e-9);
    }
}
