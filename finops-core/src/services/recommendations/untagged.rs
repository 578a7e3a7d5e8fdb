//! `untagged-spend`: usage that carries no tag at all.
//!
//! ## What it finds
//! Per sub account, the usage cost (EffectiveCost) of rows without any tag over the last 30 days of the
//! selection (unused-commitment rows left out: they belong to no resource).
//!
//! ## Why it costs money
//! It costs nothing by itself, but untagged spend cannot be allocated to a team, application or
//! environment: nobody owns it, so nobody reviews it, and showback and budgets miss it.
//!
//! ## What to do
//! Tag the resources (Environment, Team, Application, CostCenter), enforce tags at creation (AWS tag
//! policies and SCPs, Azure Policy, GCP organization policies), and activate the keys as cost allocation
//! tags. The evidence lists the untagged resources, largest first.
//!
//! An allocation finding, not a saving: monthly saving 0, the monthly untagged cost stated. High confidence.

use std::collections::BTreeMap;

use super::inputs::Inputs;
use super::model::{recommendation_id, Confidence, Evidence, Recommendation, RuleCode, DAYS_PER_MONTH};
use crate::model::{ChargeCategory, CommitmentDiscountStatus};
use crate::store::ResourceUsage;

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    let mut by_account: BTreeMap<_, Vec<&ResourceUsage>> = BTreeMap::new();
    // Unused commitment rows (Azure amortized) are the commitment's, not a resource anyone could tag.
    let unused = |u: &ResourceUsage| u.commitment_status == Some(CommitmentDiscountStatus::Unused);
    for u in inputs.usage.iter().filter(|u| !u.tagged && u.charge_category == Some(ChargeCategory::Usage) && !unused(u))
    {
        by_account.entry((u.provider.code(), &u.billing_account, &u.sub_account, &u.currency)).or_default().push(u);
    }
    let recent_days = inputs.window.days().min(30) as f64;
    let mut out = Vec::new();
    for ((_, billing_account, sub_account, currency), mut rows) in by_account {
        let recent: f64 = rows.iter().map(|u| u.recent_cost).sum();
        if recent <= 0.0 {
            continue;
        }
        rows.sort_by(|a, b| b.effective_cost.total_cmp(&a.effective_cost));
        let first = rows[0];
        let account = sub_account.as_deref().unwrap_or(billing_account);
        let monthly_cost = recent / recent_days * DAYS_PER_MONTH;
        let mut resources: Vec<String> = rows.iter().filter_map(|u| u.resource_id.clone()).collect();
        resources.dedup();
        out.push(Recommendation {
            id: recommendation_id(RuleCode::UntaggedSpend, first.provider, account, "untagged"),
            rule: RuleCode::UntaggedSpend,
            title: format!("Tag {:.2} {currency} a month of untagged usage in account {account}", monthly_cost),
            provider: first.provider,
            billing_account: billing_account.clone(),
            account: sub_account.clone(),
            region: None,
            currency: currency.clone(),
            key: "untagged".into(),
            resources,
            monthly_cost,
            monthly_saving: 0.0,
            method: format!(
                "allocation, not savings: EffectiveCost of untagged usage over the last {recent_days:.0} days, per \
                 average month"
            ),
            confidence: Confidence::High,
            evidence: rows.iter().map(|u| Evidence::from(*u)).collect(),
            commitment: None,
            dismissed: false,
        });
    }
    out
}
