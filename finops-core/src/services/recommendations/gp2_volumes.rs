//! `gp2-to-gp3`: EBS volumes still on gp2.
//!
//! ## What it finds
//! AWS usage of type `EBS:VolumeUsage.gp2` (any region prefix) on a volume that still exists on the last
//! day of the selection.
//!
//! ## Why it costs money
//! gp3 costs 20% less per GB-month than gp2 ($0.08 vs $0.10 in us-east-1) and includes a 3,000 IOPS and
//! 125 MB/s baseline that gp2 only reaches from 1 TB up.
//!
//! ## What to do
//! Modify the volume to gp3 (`aws ec2 modify-volume --volume-type gp3`): online, no detach, no downtime.
//! Volumes above 1 TB that rely on gp2's size-linked IOPS may need provisioned IOPS on gp3; check first.
//!
//! The saving is [`rates::GP2_TO_GP3`] applied to the volume's monthly cost: high confidence, the price
//! ratio is public and does not depend on usage.

use super::inputs::{Inputs, Saving};
use super::model::{Confidence, Recommendation, RuleCode};
use super::rates;
use crate::model::Provider;

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    let ratio = rates::GP2_TO_GP3;
    inputs
        .groups
        .iter()
        .filter(|g| g.provider() == Provider::Aws && g.usage_type().ends_with("EBS:VolumeUsage.gp2"))
        .filter(|g| g.running_at(inputs.window))
        .map(|g| {
            let monthly_cost = g.monthly_cost();
            let saving = Saving {
                monthly_cost,
                monthly_saving: monthly_cost * ratio.saving(),
                method: format!(
                    "{:.0}% of the volume's monthly cost: gp3 ${} vs gp2 ${} per {} ({})",
                    ratio.saving() * 100.0,
                    ratio.to,
                    ratio.from,
                    ratio.unit,
                    ratio.source
                ),
                confidence: Confidence::High,
            };
            let volume = g.resource_id().unwrap_or("a gp2 volume");
            g.recommend(RuleCode::Gp2ToGp3, format!("Move {volume} from gp2 to gp3"), saving)
        })
        .collect()
}
