//! The Azure savings opportunities of a simulation: the planted D2 v2 machines, non-production VMs running
//! 24/7, under-used commitments and untagged resources, with expected amounts from the catalogue's prices and
//! what the simulation billed.

use std::collections::BTreeMap;

use super::azure::AzureSim;
use super::azure_catalog::{BASE_SERVICES, D2S_V5_PAYG, SERVICES};
use super::fleet::{KeyStyle, Pattern};
use super::opportunities::{Found, Opportunity, DAYS_PER_MONTH, RECENT_DAYS, SCHEDULED_SHARE};
use super::simulation::Period;

/// FOCUS ProviderName of Azure.
const PROVIDER: &str = "Microsoft";

impl AzureSim {
    /// Every opportunity of the simulated Azure data. Call after the simulation.
    pub(super) fn azure_opportunities(&self, period: &Period) -> Vec<Opportunity> {
        let track = self.track.borrow();
        let last = period.days.saturating_sub(1);
        let mut found = Found::new(PROVIDER, "USD");
        let mut untagged: BTreeMap<u32, f64> = BTreeMap::new();
        for (index, r) in self.fleet.resources.iter().enumerate() {
            let subscription = &self.subscriptions[r.account as usize];
            found.currency = self.enrollments[subscription.enrollment].currency;
            if r.tags.pairs(KeyStyle::Pascal).next().is_none() {
                *untagged.entry(r.account).or_insert(0.0) += track.recent[index].0;
            }
            if !r.active(last) {
                continue;
            }
            let service = &SERVICES[r.service];
            let (id, monthly) = (&self.resources[index].id, track.monthly(index));
            if service.meter_name == "D2 v2" {
                let saving = 1.0 - D2S_V5_PAYG / service.payg;
                found.add("previous-generation", &subscription.id, id, monthly, monthly * saving, true);
            }
            let non_production = r.tags.environment().is_some_and(|e| e != "prod");
            let machine = service.meter_category == "Virtual Machines" && service.profile.pattern == Pattern::AlwaysOn;
            if non_production && machine && last + 1 - r.launch >= 7 && monthly > 0.0 {
                let saving = monthly * (1.0 - SCHEDULED_SHARE);
                found.add("non-production-schedule", &subscription.id, id, monthly, saving, r.service >= BASE_SERVICES);
            }
        }
        let days = f64::from(RECENT_DAYS.min(period.days));
        for (account, cost) in untagged.into_iter().filter(|(_, c)| *c > 0.0) {
            let subscription = &self.subscriptions[account as usize];
            found.currency = self.enrollments[subscription.enrollment].currency;
            found.add("untagged-spend", &subscription.id, "untagged", cost / days * DAYS_PER_MONTH, 0.0, false);
        }
        let enrollment = &self.enrollments[0].id;
        found.currency = self.enrollments[0].currency;
        for (id, cost) in track.unused_commitments(period) {
            found.add("unused-commitment", enrollment, &id, cost, 0.0, false);
        }
        found.list
    }
}
