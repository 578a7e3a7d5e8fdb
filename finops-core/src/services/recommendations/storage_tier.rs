//! `storage-tier`: object storage on a frequent-access tier that the bill shows is never read.
//!
//! ## What it finds
//! S3 Standard storage (`TimedStorage-ByteHrs`) of a bucket with at least 30 days of history in the
//! selection and no request or retrieval charges at all on that bucket (no `Requests-Tier1`/`Tier2`,
//! no `Retrieval`): the billing data shows nobody reads or writes objects there.
//!
//! ## Why it costs money
//! S3 Standard-IA stores the same data for $0.0125 instead of $0.023 per GB-month (46% less); Intelligent-
//! Tiering moves objects unread for 30 days there by itself.
//!
//! ## What to do
//! Add a lifecycle rule moving objects to Standard-IA after 30 days, or switch the bucket to
//! Intelligent-Tiering when access may resume (it charges a small monitoring fee per object; objects under
//! 128 KB stay in the frequent tier).
//!
//! The saving is [`rates::S3_STANDARD_TO_IA`] of the bucket's monthly cost. Medium confidence: billing data
//! shows the absence of requests, not object sizes, and retrievals would cost $0.01 per GB. Buckets with
//! request charges are left alone, since the bill cannot say how many of their objects are cold.

use std::collections::HashSet;

use super::inputs::{Inputs, Saving};
use super::model::{Confidence, Recommendation, RuleCode};
use super::rates;
use crate::model::Provider;

/// Days of history needed to call a bucket unread.
const MIN_DAYS: i64 = 30;

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    let accessed: HashSet<&str> = inputs
        .groups
        .iter()
        .filter(|g| g.provider() == Provider::Aws)
        .filter(|g| {
            let t = g.usage_type();
            t.contains("Requests-Tier") || t.contains("Retrieval")
        })
        .filter_map(|g| g.resource_id())
        .collect();
    let ratio = rates::S3_STANDARD_TO_IA;
    inputs
        .groups
        .iter()
        .filter(|g| g.provider() == Provider::Aws && g.usage_type().ends_with("TimedStorage-ByteHrs"))
        .filter(|g| g.running_at(inputs.window) && g.days() >= MIN_DAYS)
        .filter(|g| g.resource_id().is_some_and(|bucket| !accessed.contains(bucket)))
        .map(|g| {
            let monthly_cost = g.monthly_cost();
            let saving = Saving {
                monthly_cost,
                monthly_saving: monthly_cost * ratio.saving(),
                method: format!(
                    "{:.1}% of the bucket's monthly storage cost: Standard-IA ${} vs Standard ${} per {} ({}); no \
                     request charges in {} days",
                    ratio.saving() * 100.0,
                    ratio.to,
                    ratio.from,
                    ratio.unit,
                    ratio.source,
                    g.days()
                ),
                confidence: Confidence::Medium,
            };
            let bucket = g.resource_id().unwrap_or("a bucket");
            g.recommend(RuleCode::StorageTier, format!("Move unread bucket {bucket} to Standard-IA"), saving)
        })
        .collect()
}
