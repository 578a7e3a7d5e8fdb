//! The AWS savings opportunities of a simulation, with their expected monthly amounts computed from the
//! catalogue's prices and what the simulation billed (recorded in [`Track`] while it ran).
//!
//! Monthly amounts follow the convention the recommendations document: EffectiveCost over the period's last
//! 30 days, per day billed, × 30.44.

use std::collections::BTreeMap;

use super::aws_catalog::{IdKind, BASE_SERVICES, S3_STANDARD_IA_RATE, SAVINGS_PLAN_FACTOR, SERVICES};
use super::aws_cur::{AwsSim, PROVIDER};
use super::fleet::{KeyStyle, Pattern};
use super::opportunities::{best_commitment_saving, Opportunity, DAYS_PER_MONTH};
use super::simulation::Period;

/// Days at the end of the period that monthly amounts are measured on.
const RECENT_DAYS: u32 = 30;
/// A commitment whose unused part exceeds this share of its fee is reported.
const UNUSED_SHARE: f64 = 0.05;
/// RDS reserved instance price as a fraction of on-demand, as the recommendations' rate table states it
/// (the simulation's own reservation is priced at `RESERVATION_FACTOR`, 0.65: the same 35% off).
const RDS_RESERVED_PRICE: f64 = super::aws_catalog::RESERVATION_FACTOR;
/// Business-hours schedule: 12 hours on 5 days out of 168 hours.
const SCHEDULED_SHARE: f64 = 60.0 / 168.0;

/// What the simulation billed that the opportunities need.
#[derive(Debug)]
pub(super) struct Track {
    recent_from: u32,
    days: u32,
    /// Per resource: EffectiveCost and days billed in the last 30 days.
    recent: Vec<(f64, u32)>,
    /// On-demand cost per day index, by commitment scope (`BoxUsage`, `<region>|<usage type>`).
    uncovered: BTreeMap<String, Vec<f64>>,
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
            self.uncovered.entry(scope).or_insert_with(|| vec![0.0; days])[day as usize] += cost;
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

    fn monthly(&self, resource: usize) -> f64 {
        let (cost, days) = self.recent[resource];
        if days == 0 {
            0.0
        } else {
            cost / f64::from(days) * DAYS_PER_MONTH
        }
    }
}

fn rate_of(usage_type: &str) -> f64 {
    SERVICES.iter().find(|s| s.usage_type == usage_type).map_or(0.0, |s| s.rate)
}

impl AwsSim {
    /// Every opportunity of the simulated AWS data. Call after the simulation.
    pub(super) fn aws_opportunities(&self, period: &Period) -> Vec<Opportunity> {
        let track = self.track.borrow();
        let last = period.days.saturating_sub(1);
        let mut out = Vec::new();
        let mut push = |rule: &str, account: &str, key: &str, cost: f64, saving: f64, planted: bool| {
            out.push(Opportunity {
                rule: rule.into(),
                provider: PROVIDER.into(),
                account: account.into(),
                key: key.into(),
                monthly_cost: cost,
                monthly_saving: saving,
                currency: "USD".into(),
                planted,
            });
        };
        let mut untagged: BTreeMap<u32, f64> = BTreeMap::new();
        for (index, r) in self.fleet.resources.iter().enumerate() {
            if r.tags.pairs(KeyStyle::Pascal).next().is_none() {
                *untagged.entry(r.account).or_insert(0.0) += track.recent[index].0;
            }
            if !r.active(last) {
                continue;
            }
            let service = &SERVICES[r.service];
            let (id, account) = (&self.resource_ids[index], &self.accounts[r.account as usize].id);
            let monthly = track.monthly(index);
            let planted = r.service >= BASE_SERVICES;
            match service.usage_type {
                "EBS:VolumeUsage.gp2" => {
                    let saving = 1.0 - rate_of("EBS:VolumeUsage.gp3") / service.rate;
                    push("gp2-to-gp3", account, id, monthly, monthly * saving, planted);
                }
                "BoxUsage:c4.2xlarge" => {
                    let saving = 1.0 - rate_of("BoxUsage:c5.2xlarge") / service.rate;
                    push("previous-generation", account, id, monthly, monthly * saving, planted);
                }
                "PublicIPv4:IdleAddress" => push("idle-address", account, id, monthly, monthly, planted),
                "TimedStorage-ByteHrs" if r.launch + RECENT_DAYS <= period.days => {
                    let saving = 1.0 - S3_STANDARD_IA_RATE / service.rate;
                    push("storage-tier", account, id, monthly, monthly * saving, planted);
                }
                _ => {}
            }
            let non_production = r.tags.environment().is_some_and(|e| e != "prod");
            let always_on_machine = service.id == IdKind::Instance && service.profile.pattern == Pattern::AlwaysOn;
            if non_production && always_on_machine && last + 1 - r.launch >= 7 {
                push("non-production-schedule", account, id, monthly, monthly * (1.0 - SCHEDULED_SHARE), false);
            }
        }
        let days = f64::from(RECENT_DAYS.min(period.days));
        for (account, cost) in untagged.into_iter().filter(|(_, c)| *c > 0.0) {
            let id = &self.accounts[account as usize].id;
            push("untagged-spend", id, "untagged", cost / days * DAYS_PER_MONTH, 0.0, false);
        }
        let payer = &self.accounts[0].id;
        for (scope, daily) in &track.uncovered {
            let price = if scope == "BoxUsage" { SAVINGS_PLAN_FACTOR } else { RDS_RESERVED_PRICE };
            let hourly: Vec<f64> = daily.iter().map(|d| d / 24.0).collect();
            let saving = best_commitment_saving(&hourly, price) * 24.0 * DAYS_PER_MONTH;
            let cost = daily.iter().sum::<f64>() / f64::from(period.days) * DAYS_PER_MONTH;
            if saving > 0.0 {
                push("commitment", payer, scope, cost, saving, false);
            }
        }
        for (id, (fee, unused, recent)) in &track.commitments {
            if *fee > 0.0 && unused / fee > UNUSED_SHARE {
                let cost = recent / f64::from(RECENT_DAYS.min(period.days)) * DAYS_PER_MONTH;
                push("unused-commitment", payer, id, cost, 0.0, false);
            }
        }
        out
    }
}
