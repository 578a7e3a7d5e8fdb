//! `idle-address`: public IP addresses billed while attached to nothing.
//!
//! ## What it finds
//! AWS usage of an idle address (an Elastic IP allocated but not associated with a running instance or
//! interface) on an address still allocated on the last day of the selection. AWS has billed it under two
//! usage types, each with or without a region prefix (`USE1-`, `EUW2-`...): `ElasticIP:IdleAddress`, and
//! since February 2024 `PublicIPv4:IdleAddress`. `PublicIPv4:InUseAddress` (an address in use) and
//! `ElasticIP:AdditionalAddress` are not idle.
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

/// True for the usage types AWS bills an idle address under, with or without a region prefix.
fn is_idle_address(usage_type: &str) -> bool {
    let is_idle =
        |t: &str| t.eq_ignore_ascii_case("ElasticIP:IdleAddress") || t.eq_ignore_ascii_case("PublicIPv4:IdleAddress");
    // A region prefix is letters and digits before the first dash (`USE1-`, `EU-`, `APN1-`).
    let unprefixed = usage_type
        .split_once('-')
        .filter(|(prefix, _)| !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric()))
        .map_or(usage_type, |(_, rest)| rest);
    is_idle(usage_type.trim()) || is_idle(unprefixed.trim())
}

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    inputs
        .groups
        .iter()
        .filter(|g| g.provider() == Provider::Aws && is_idle_address(g.usage_type()))
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

#[cfg(test)]
mod tests {
    use super::is_idle_address;

    #[test]
    fn every_form_of_an_idle_address_and_nothing_else() {
        for idle in [
            "ElasticIP:IdleAddress",
            "USE1-ElasticIP:IdleAddress",
            "EUW2-ElasticIP:IdleAddress",
            "PublicIPv4:IdleAddress",
            "USE1-PublicIPv4:IdleAddress",
            "APN1-PublicIPv4:IdleAddress",
            "elasticip:idleaddress",
        ] {
            assert!(is_idle_address(idle), "{idle}");
        }
        for busy in [
            "PublicIPv4:InUseAddress",
            "USE1-PublicIPv4:InUseAddress",
            "ElasticIP:AdditionalAddress",
            "USE1-ElasticIP:Remap",
            "USE1-BoxUsage:t3.micro",
            "IdleAddress",
        ] {
            assert!(!is_idle_address(busy), "{busy}");
        }
    }
}
