//! `unused-commitment`: commitments the usage does not fill.
//!
//! ## What it finds
//! Commitments (CommitmentDiscountId) whose unused part is more than 5% of what they cost over the
//! selection (EffectiveCost of covered usage plus the unused part): on AWS the unused part is the effective
//! cost of the commitment's fee rows (a SavingsPlanRecurringFee or RIFee keeps only it), on Azure the rows
//! with CommitmentDiscountStatus `Unused`.
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
        // The commitment's whole cost is what its rows carry as EffectiveCost: covered usage (status Used),
        // the unused part (AWS fee rows, which keep only it; Azure Unused rows), and purchases (0 in an
        // amortized view). Negation rows carry no status and cost nothing.
        let unused_part = |u: &ResourceUsage| {
            u.charge_category == Some(ChargeCategory::Purchase)
                || u.commitment_status == Some(CommitmentDiscountStatus::Unused)
        };
        let counted = |u: &ResourceUsage| unused_part(u) || u.commitment_status == Some(CommitmentDiscountStatus::Used);
        let fee: f64 = rows.iter().filter(|u| counted(u)).map(|u| u.effective_cost).sum();
        let unused: f64 = rows.iter().filter(|u| unused_part(u)).map(|u| u.effective_cost).sum();
        let recent_unused: f64 = rows.iter().filter(|u| unused_part(u)).map(|u| u.recent_cost).sum();
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
