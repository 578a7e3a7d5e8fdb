//! `old-snapshots`: snapshot storage that only grows.
//!
//! ## What it finds
//! AWS EBS snapshot storage (`EBS:SnapshotUsage`) present from the first to the last day of a selection of
//! at least 60 days, whose GB-months per day in the last 30 days exceed those of the first 30 by more than
//! 10%: snapshots are taken and none expire.
//!
//! ## Why it costs money
//! Snapshots cost $0.05 per GB-month for as long as they are kept. Without a retention policy, every backup
//! ever taken stays billed, and the bill grows each month.
//!
//! ## What to do
//! Set a retention in Amazon Data Lifecycle Manager or AWS Backup, delete snapshots of deleted volumes, and
//! move the ones kept for compliance to the archive tier ($0.0125 per GB-month, 75% less, 90-day minimum).
//!
//! The saving is the cost of the growth since the first 30 days (what a retention keeping the storage at
//! that level would save): low confidence, since the data cannot say which snapshots are still needed.

use super::inputs::{Inputs, Saving};
use super::model::{Confidence, Recommendation, RuleCode};
use super::rates;
use crate::model::Provider;

/// Selection length needed to see growth.
const MIN_DAYS: i64 = 60;
/// Growth, last 30 days over first 30, above which snapshots count as never expiring.
const GROWTH: f64 = 1.10;

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    if inputs.window.days() < MIN_DAYS {
        return Vec::new();
    }
    inputs
        .groups
        .iter()
        .filter(|g| g.provider() == Provider::Aws && g.usage_type().ends_with("EBS:SnapshotUsage"))
        .filter(|g| g.running_at(inputs.window) && g.first_day() <= inputs.window.first_day)
        .filter_map(|g| {
            let early_days = g.rows.iter().map(|r| r.early_days).max().unwrap_or(0);
            let recent_days = g.rows.iter().map(|r| r.recent_days).max().unwrap_or(0);
            if early_days == 0 || recent_days == 0 {
                return None;
            }
            let early = g.rows.iter().map(|r| r.early_quantity).sum::<f64>() / early_days as f64;
            let recent = g.rows.iter().map(|r| r.recent_quantity).sum::<f64>() / recent_days as f64;
            if recent <= early * GROWTH {
                return None;
            }
            let monthly_cost = g.monthly_cost();
            let growth_share = 1.0 - early / recent;
            let saving = Saving {
                monthly_cost,
                monthly_saving: monthly_cost * growth_share,
                method: format!(
                    "the {:.0}% of the monthly snapshot cost added since the first 30 days (storage grew from {early:.1} \
                     to {recent:.1} GB-month units a day); archiving instead would save {:.0}% of what is kept ({})",
                    growth_share * 100.0,
                    rates::SNAPSHOT_TO_ARCHIVE.saving() * 100.0,
                    rates::SNAPSHOT_TO_ARCHIVE.source
                ),
                confidence: Confidence::Low,
            };
            let scope = g.resource_id().unwrap_or("snapshots");
            Some(g.recommend(RuleCode::OldSnapshots, format!("Set a retention for the snapshots of {scope}"), saving))
        })
        .collect()
}
