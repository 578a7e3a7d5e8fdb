//! The Google Cloud savings opportunities of a simulation: the planted N1 machines and non-production
//! instances running 24/7, with expected amounts from the catalogue's prices and what the simulation billed
//! (sustained-use and commitment credits included, as in EffectiveCost).

use super::fleet::Pattern;
use super::gcp::GcpSim;
use super::gcp_catalog::{GcpResourceKind, BASE_SERVICES, E2_CORE_PRICE, SERVICES};
use super::opportunities::{Found, Opportunity, SCHEDULED_SHARE};
use super::simulation::Period;

/// FOCUS ProviderName of Google Cloud.
const PROVIDER: &str = "Google Cloud";

impl GcpSim {
    /// Every opportunity of the simulated Google Cloud data. Call after the simulation.
    pub(super) fn gcp_opportunities(&self, period: &Period) -> Vec<Opportunity> {
        let track = self.track.borrow();
        let last = period.days.saturating_sub(1);
        let mut found = Found::new(PROVIDER, "USD");
        for (index, r) in self.fleet.resources.iter().enumerate() {
            if !r.active(last) {
                continue;
            }
            let service = &SERVICES[r.service];
            let project = &self.projects[r.account as usize].id;
            let (id, monthly) = (&self.resources[index].global_name, track.monthly(index));
            let planted = r.service >= BASE_SERVICES;
            if service.sku.starts_with("N1 Predefined Instance Core") {
                let saving = 1.0 - E2_CORE_PRICE / service.price;
                found.add("previous-generation", project, id, monthly, monthly * saving, planted);
            }
            let non_production = r.tags.environment().is_some_and(|e| e != "prod");
            let machine = service.resource == GcpResourceKind::Instance && service.profile.pattern == Pattern::AlwaysOn;
            // A machine the commitment covers entirely bills nothing extra: scheduling it saves nothing.
            if non_production && machine && last + 1 - r.launch >= 7 && monthly > 0.0 {
                found.add("non-production-schedule", project, id, monthly, monthly * (1.0 - SCHEDULED_SHARE), planted);
            }
        }
        found.list
    }
}
