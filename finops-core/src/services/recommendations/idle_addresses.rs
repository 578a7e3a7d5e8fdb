//! `idle-address`: public IP addresses billed while attached to nothing.
//!
//! ## What it finds
//! AWS usage of type `PublicIPv4:IdleAddress` (an Elastic IP allocated but not associated with a running
//! instance or interface) on an address still allocated on the last day of the selection.
//!
//! ## Why it costs money
//! Since February 2024 every public IPv4 address costs $0.005 per hour, about $3.65 a month, whether it
//! serves traffic or not. An idle address buys nothing.
//!
//! ## What to do
//! Release the address (`aws ec2 release-address`), or associate it with the instance that needs it. Keep it
//! only if an allow-list somewhere depends on that exact address.
//!
//! The saving is the whole cost of the address: high confidence.

use super::inputs::{Inputs, Saving};
use super::model::{Confidence, Recommendation, RuleCode};
use super::rates;
use crate::model::Provider;

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    inputs
        .groups
        .iter()
        .filter(|g| g.provider() == Provider::Aws && g.usage_type().ends_with("PublicIPv4:IdleAddress"))
        .filter(|g| g.running_at(inputs.window))
        .map(|g| {
            let monthly_cost = g.monthly_cost();
            let saving = Saving {
                monthly_cost,
                monthly_saving: monthly_cost,
                method: format!(
                    "the address's whole monthly cost: {:.0} idle hours a day at ${} per hour ({})",
                    g.quantity_per_day(),
                    rates::PUBLIC_IPV4_HOURLY,
                    rates::PUBLIC_IPV4_SOURCE
                ),
                confidence: Confidence::High,
            };
            let address = g.resource_id().unwrap_or("an idle address");
            g.recommend(RuleCode::IdleAddress, format!("Release idle public IPv4 address {address}"), saving)
        })
        .collect()
}
