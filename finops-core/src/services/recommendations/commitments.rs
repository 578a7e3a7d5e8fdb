//! `commitment`: steady on-demand usage that no commitment covers.
//!
//! ## What it finds
//! On-demand usage (PricingCategory Standard, no CommitmentDiscountId) of a kind a provider sells a
//! commitment for ([`rates::COMMITMENT_OFFERS`]: EC2 instances for a Compute Savings Plan, RDS instances
//! for reserved instances), summed per day over the selection; days without any count as zero.
//!
//! ## Why it costs money
//! A commitment of 1 year sells the same hours 28% (Savings Plan) to 35% (RDS reservation) cheaper. Usage
//! that runs every hour anyway pays the on-demand premium for nothing.
//!
//! ## What to do
//! Buy the hourly commitment stated (for a Savings Plan, the dollars per hour; for a reservation, the
//! instances it amounts to), no upfront, 1 year. It is sized to the spend the data shows every day
//! ([`super::optimizer`]): more would go unused on quiet days. Check planned decommissions first.
//!
//! The saving is the optimizer's net saving at the offer's discount, per month. Break-even utilization is
//! `1 − discount`; payback is the months the usage must last for the commitment to pay for itself. The
//! data's finest grain is a day, so the hourly series is each day's spend / 24: hours within a day are
//! assumed even, which overstates the saving for usage that varies within the day (medium confidence).

use std::collections::BTreeMap;

use super::inputs::Inputs;
use super::model::DAYS_PER_MONTH;
use super::model::{recommendation_id, CommitmentPlan, Confidence, Evidence, Recommendation, RuleCode};
use super::optimizer::optimal_commitment;
use super::rates::{self, CommitmentOffer};
use crate::model::PricingCategory;

/// Days of history needed to size a commitment.
const MIN_DAYS: i64 = 14;

/// Whether a usage type is covered by `offer` (`USW2-BoxUsage:m5.xlarge` by `BoxUsage`).
fn covers(offer: &CommitmentOffer, usage_type: Option<&str>) -> bool {
    usage_type.and_then(|u| u.split(':').next()).is_some_and(|kind| kind.ends_with(offer.usage_type))
}

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    let window = inputs.window;
    if window.days() < MIN_DAYS {
        return Vec::new();
    }
    let mut out = Vec::new();
    for offer in rates::COMMITMENT_OFFERS {
        // Scope: billing account and currency; regional offers also per region and usage type (a reservation
        // is for one instance type in one region).
        let mut scopes: BTreeMap<(String, String, String), Vec<f64>> = BTreeMap::new();
        for d in inputs.daily.iter().filter(|d| d.provider == offer.provider && covers(offer, d.usage_type.as_deref()))
        {
            let scope = if offer.regional {
                format!("{}|{}", d.region.as_deref().unwrap_or(""), d.usage_type.as_deref().unwrap_or(""))
            } else {
                offer.usage_type.to_string()
            };
            let days = scopes
                .entry((d.billing_account.clone(), d.currency.clone(), scope))
                .or_insert_with(|| vec![0.0; window.days() as usize]);
            if let Some(slot) = days.get_mut((d.day - window.first_day) as usize) {
                *slot += d.cost / 24.0;
            }
        }
        for ((billing_account, currency, scope), hourly) in scopes {
            if let Some(rec) = recommend(inputs, offer, &billing_account, &currency, &scope, &hourly) {
                out.push(rec);
            }
        }
    }
    out
}

fn recommend(
    inputs: &Inputs<'_>,
    offer: &CommitmentOffer,
    billing_account: &str,
    currency: &str,
    scope: &str,
    hourly: &[f64],
) -> Option<Recommendation> {
    let best = optimal_commitment(hourly, offer.discount)?;
    let hours_per_month = DAYS_PER_MONTH * 24.0;
    let monthly_saving = best.saving_hourly * hours_per_month;
    let monthly_commitment = best.commitment_hourly * hours_per_month;
    let monthly_cost = hourly.iter().sum::<f64>() / hourly.len() as f64 * hours_per_month;
    let region = offer.regional.then(|| scope.split('|').next().unwrap_or_default().to_string());
    let on_demand: Vec<_> = inputs
        .usage
        .iter()
        .filter(|u| u.provider == offer.provider && u.billing_account == billing_account && u.currency == currency)
        .filter(|u| u.pricing_category == Some(PricingCategory::Standard) && u.commitment_discount_id.is_none())
        .filter(|u| covers(offer, u.usage_type.as_deref()))
        .filter(|u| {
            !offer.regional
                || format!("{}|{}", u.region.as_deref().unwrap_or(""), u.usage_type.as_deref().unwrap_or("")) == scope
        })
        .collect();
    let mut resources: Vec<String> = on_demand.iter().filter_map(|u| u.resource_id.clone()).collect();
    resources.sort();
    resources.dedup();
    let plan = CommitmentPlan {
        offer: offer.name.to_string(),
        hourly_commitment: best.commitment_hourly,
        covered_hourly: best.covered_hourly,
        discount: offer.discount,
        expected_utilization: best.utilization,
        break_even_utilization: 1.0 - offer.discount,
        payback_months: offer.term_months * monthly_commitment / (monthly_saving + monthly_commitment),
    };
    let method = format!(
        "commit {:.3} {currency}/h, covering {:.3}/h of on-demand spend at {:.0}% off ({}): net saving over the \
         {} days observed (daily spend / 24 per hour), {:.0}% expected utilization, break-even at {:.0}%",
        best.commitment_hourly,
        best.covered_hourly,
        offer.discount * 100.0,
        offer.source,
        hourly.len(),
        best.utilization * 100.0,
        plan.break_even_utilization * 100.0
    );
    Some(Recommendation {
        id: recommendation_id(RuleCode::Commitment, offer.provider, billing_account, scope),
        rule: RuleCode::Commitment,
        title: format!("Buy a {} of {:.3} {currency}/h", offer.name, best.commitment_hourly),
        provider: offer.provider,
        billing_account: billing_account.to_string(),
        account: None,
        region,
        currency: currency.to_string(),
        key: scope.to_string(),
        resources,
        monthly_cost,
        monthly_saving,
        method,
        confidence: Confidence::Medium,
        evidence: on_demand.iter().map(|u| Evidence::from(*u)).collect(),
        commitment: Some(plan),
        dismissed: false,
    })
}
