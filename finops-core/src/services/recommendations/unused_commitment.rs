//! `unused-commitment`: commitments the usage does not fill.
//!
//! ## What it finds
//! Commitments (CommitmentDiscountId) whose unused part is more than 5% of what they cost over the
//! selection: on AWS the EffectiveCost of the commitment's fee rows (Purchase; a SavingsPlanRecurringFee or
//! RIFee keeps only the unused part as effective cost), on Azure the rows with CommitmentDiscountStatus
//! `Unused`.
//!
//! ## Why it costs money
//! A commitment is paid every hour of its term whether usage meets it or not; the unused part buys nothing.
//!
//! ## What to do
//! Move matching usage onto it (the right instance type and region for a reservation), exchange or modify
//! the reservation (AWS convertible RIs, Azure exchanges), sell a standard RI on the marketplace, and do not
//! renew at the same size.
//!
//! No saving is claimed (the commitment is paid anyway): the recommendation states the unused cost per
//! month. High confidence: the provider bills the unused part explicitly.

use std::collections::BTreeMap;

use super::inputs::Inputs;
use super::model::{recommendation_id, Confidence, Evidence, Recommendation, RuleCode, DAYS_PER_MONTH};
use crate::model::{ChargeCategory, CommitmentDiscountStatus};
use crate::store::ResourceUsage;

/// Unused share above which a commitment is reported.
const UNUSED_SHARE: f64 = 0.05;

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    let mut by_commitment: BTreeMap<(String, &str), Vec<&ResourceUsage>> = BTreeMap::new();
    for u in inputs.usage {
        if let Some(id) = &u.commitment_discount_id {
            by_commitment.entry((u.billing_account.clone(), id.as_str())).or_default().push(u);
        }
    }
    let recent_days = inputs.window.days().min(30) as f64;
    let mut out = Vec::new();
    for ((billing_account, id), rows) in by_commitment {
        let purchase = |u: &&&ResourceUsage| u.charge_category == Some(ChargeCategory::Purchase);
        let unused_row = |u: &&&ResourceUsage| u.commitment_status == Some(CommitmentDiscountStatus::Unused);
        let fees: Vec<_> = rows.iter().filter(purchase).collect();
        let (fee, unused, recent_unused) = if fees.is_empty() {
            // Amortized view (Azure): used and unused rows together are the commitment's cost.
            let used: f64 = rows
                .iter()
                .filter(|u| u.charge_category == Some(ChargeCategory::Usage))
                .map(|u| u.effective_cost)
                .sum();
            let unused: Vec<_> = rows.iter().filter(unused_row).collect();
            let total_unused: f64 = unused.iter().map(|u| u.effective_cost).sum();
            (used, total_unused, unused.iter().map(|u| u.recent_cost).sum::<f64>())
        } else {
            let billed: f64 = fees.iter().map(|u| u.billed_cost).sum();
            (billed, fees.iter().map(|u| u.effective_cost).sum(), fees.iter().map(|u| u.recent_cost).sum())
        };
        if fee <= 0.0 || unused / fee <= UNUSED_SHARE {
            continue;
        }
        let first = rows[0];
        let monthly_unused = recent_unused / recent_days * DAYS_PER_MONTH;
        out.push(Recommendation {
            id: recommendation_id(RuleCode::UnusedCommitment, first.provider, &billing_account, id),
            rule: RuleCode::UnusedCommitment,
            title: format!("Commitment {id} is {:.0}% unused", unused / fee * 100.0),
            provider: first.provider,
            billing_account: billing_account.clone(),
            account: None,
            region: None,
            currency: first.currency.clone(),
            key: id.to_string(),
            resources: vec![id.to_string()],
            monthly_cost: monthly_unused,
            monthly_saving: 0.0,
            method: format!(
                "unused part of the commitment as billed: {unused:.2} of {fee:.2} {} over the selection \
                 ({:.0}% utilization); no saving claimed, the commitment is paid anyway",
                first.currency,
                (1.0 - unused / fee) * 100.0
            ),
            confidence: Confidence::High,
            evidence: rows.iter().map(|u| Evidence::from(*u)).collect(),
            commitment: None,
            dismissed: false,
        });
    }
    out
}
