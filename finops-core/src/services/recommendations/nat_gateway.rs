//! `nat-gateway-endpoint`: NAT gateway data processing in a VPC whose account also uses S3 or DynamoDB.
//!
//! ## What it finds
//! AWS `NatGateway-Bytes` usage (data processed by a NAT gateway) in a sub account and region that also
//! uses S3 or DynamoDB.
//!
//! ## Why it costs money
//! Every GB through a NAT gateway costs $0.045 to process. Traffic from private subnets to S3 and DynamoDB
//! goes through it unless the VPC has a gateway endpoint for them, which is free.
//!
//! ## What to do
//! Add S3 and DynamoDB gateway endpoints to the VPC's route tables (no cost, no code change), then watch
//! `NatGateway-Bytes` fall. VPC flow logs show which destinations the remaining traffic goes to.
//!
//! Billing data does not say which share of the processed bytes went to S3 or DynamoDB, so no saving is
//! claimed: the processing cost is stated as the upper bound, with low confidence.

use std::collections::HashSet;

use super::inputs::{Inputs, Saving};
use super::model::{Confidence, Recommendation, RuleCode};
use super::rates;
use crate::model::Provider;

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    let gateway_services: HashSet<(&Option<String>, &Option<String>)> = inputs
        .usage
        .iter()
        .filter(|u| u.provider == Provider::Aws)
        .filter(|u| matches!(u.service.as_str(), "Amazon Simple Storage Service" | "Amazon DynamoDB"))
        .map(|u| (&u.sub_account, &u.region))
        .collect();
    inputs
        .groups
        .iter()
        .filter(|g| g.provider() == Provider::Aws && g.usage_type().ends_with("NatGateway-Bytes"))
        .filter(|g| g.running_at(inputs.window))
        .filter(|g| gateway_services.contains(&(&g.rows[0].sub_account, &g.rows[0].region)))
        .map(|g| {
            let monthly_cost = g.monthly_cost();
            let saving = Saving {
                monthly_cost,
                monthly_saving: 0.0,
                method: format!(
                    "up to the whole processing cost ({:.0} GB a day at ${} per GB, {}): the bill does not show \
                     the share bound for S3 or DynamoDB, so no saving is claimed",
                    g.quantity_per_day(),
                    rates::NAT_PROCESSING_PER_GB,
                    rates::NAT_SOURCE
                ),
                confidence: Confidence::Low,
            };
            let gateway = g.resource_id().unwrap_or("a NAT gateway");
            g.recommend(
                RuleCode::NatGatewayEndpoint,
                format!("Add S3/DynamoDB gateway endpoints behind {gateway}"),
                saving,
            )
        })
        .collect()
}
