//! The AWS savings opportunities of a simulation, with their expected monthly amounts computed from the
//! catalogue's prices and what the simulation billed (recorded in [`Track`] while it ran).
//!
//! Monthly amounts follow the convention the recommendations document: EffectiveCost over the period's last
//! 30 days, per day billed, × 30.44.

use std::collections::BTreeMap;

use super::aws_catalog::{IdKind, PLANTED_SERVICES, S3_STANDARD_IA_RATE, SAVINGS_PLAN_FACTOR, SERVICES};
use super::aws_cur::{AwsSim, PROVIDER};
use super::fleet::{KeyStyle, Pattern};
use super::opportunities::{best_commitment_saving, Found, Opportunity, DAYS_PER_MONTH, RECENT_DAYS, SCHEDULED_SHARE};
use super::simulation::Period;

/// RDS reserved instance price as a fraction of on-demand, as the recommendations' rate table states it
/// (the simulation's own reservation is priced at `RESERVATION_FACTOR`, 0.65: the same 35% off).
const RDS_RESERVED_PRICE: f64 = super::aws_catalog::RESERVATION_FACTOR;

fn rate_of(usage_type: &str) -> f64 {
    SERVICES.iter().find(|s| s.usage_type == usage_type).map_or(0.0, |s| s.rate)
}

impl AwsSim {
    /// Every opportunity of the simulated AWS data. Call after the simulation.
    pub(super) fn aws_opportunities(&self, period: &Period) -> Vec<Opportunity> {
        let track = self.track.borrow();
        let last = period.days.saturating_sub(1);
        let mut found = Found::new(PROVIDER, "USD");
        let mut untagged: BTreeMap<u32, f64> = BTreeMap::new();
        // Per resource, the share of its on-demand spend a commitment should still count once the other
        // opportunities are taken: none of a machine to schedule (it stops running around the clock), the new
        // type's price over the old one for a machine to move.
        let mut left = vec![1.0; self.fleet.resources.len()];
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
            let planted = PLANTED_SERVICES.contains(&r.service);
            match service.usage_type {
                "EBS:VolumeUsage.gp2" => {
                    let saving = 1.0 - rate_of("EBS:VolumeUsage.gp3") / service.rate;
                    found.add("gp2-to-gp3", account, id, monthly, monthly * saving, planted);
                }
                "BoxUsage:c4.2xlarge" => {
                    let saving = 1.0 - rate_of("BoxUsage:c5.2xlarge") / service.rate;
                    found.add("previous-generation", account, id, monthly, monthly * saving, planted);
                    left[index] *= 1.0 - saving;
                }
                "PublicIPv4:IdleAddress" => found.add("idle-address", account, id, monthly, monthly, planted),
                "TimedStorage-ByteHrs" if r.launch + RECENT_DAYS <= period.days => {
                    let saving = 1.0 - S3_STANDARD_IA_RATE / service.rate;
                    found.add("storage-tier", account, id, monthly, monthly * saving, planted);
                }
                _ => {}
            }
            let non_production = r.tags.environment().is_some_and(|e| e != "prod");
            let always_on_machine = service.id == IdKind::Instance && service.profile.pattern == Pattern::AlwaysOn;
            if non_production && always_on_machine && last + 1 - r.launch >= 7 {
                found.add("non-production-schedule", account, id, monthly, monthly * (1.0 - SCHEDULED_SHARE), false);
                left[index] = 0.0;
            }
        }
        let days = f64::from(RECENT_DAYS.min(period.days));
        for (account, cost) in untagged.into_iter().filter(|(_, c)| *c > 0.0) {
            let id = &self.accounts[account as usize].id;
            found.add("untagged-spend", id, "untagged", cost / days * DAYS_PER_MONTH, 0.0, false);
        }
        let payer = &self.accounts[0].id;
        for (scope, resources) in &track.uncovered {
            let mut daily = vec![0.0; period.days as usize];
            for (&index, series) in resources {
                for (total, cost) in daily.iter_mut().zip(series) {
                    *total += cost * left[index];
                }
            }
            let price = if scope == "BoxUsage" { SAVINGS_PLAN_FACTOR } else { RDS_RESERVED_PRICE };
            let hourly: Vec<f64> = daily.iter().map(|d| d / 24.0).collect();
            let saving = best_commitment_saving(&hourly, price) * 24.0 * DAYS_PER_MONTH;
            let cost = daily.iter().sum::<f64>() / f64::from(period.days) * DAYS_PER_MONTH;
            if saving > 0.0 {
                found.add("commitment", payer, scope, cost, saving, false);
            }
        }
        for (id, cost) in track.unused_commitments(period) {
            found.add("unused-commitment", payer, &id, cost, 0.0, false);
        }
        found.list
    }
}
