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
//!
//! It runs after the other rules and sizes on what their recommendations leave ([`Changes`]): a machine to
//! schedule to business hours no longer runs around the clock, so none of its spend is in the base (a
//! commitment bought on its nights would go unused); a machine to move to the current generation counts at
//! its new price. A dismissed recommendation changes nothing. A resource's spend is taken out evenly over the
//! days it ran. The method sentence states the discount, the hours sized on, and what was taken out.

use std::collections::BTreeMap;

use super::inputs::Inputs;
use super::model::DAYS_PER_MONTH;
use super::model::{recommendation_id, CommitmentPlan, Confidence, Evidence, Recommendation, RuleCode};
use super::optimizer::optimal_commitment;
use super::rates::{self, CommitmentOffer};
use crate::model::PricingCategory;
use crate::model::Provider;
use crate::store::ResourceUsage;

/// Days of history needed to size a commitment.
const MIN_DAYS: i64 = 14;

/// Whether a usage type is covered by `offer` (`USW2-BoxUsage:m5.xlarge` by `BoxUsage`).
fn covers(offer: &CommitmentOffer, usage_type: Option<&str>) -> bool {
    usage_type.and_then(|u| u.split(':').next()).is_some_and(|kind| kind.ends_with(offer.usage_type))
}

/// What the other recommendations change in the spend a commitment would cover: per resource, the share of
/// its on-demand spend still there around the clock once they are applied.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    left: BTreeMap<(Provider, String), f64>,
}

impl Changes {
    /// The changes of the recommendations `items` that are not dismissed.
    pub(crate) fn of(items: &[Recommendation]) -> Changes {
        let mut left: BTreeMap<(Provider, String), f64> = BTreeMap::new();
        for r in items.iter().filter(|r| !r.dismissed) {
            let [resource] = r.resources.as_slice() else { continue };
            let share = match r.rule {
                // Off at night and at weekends: nothing of it runs every hour any more.
                RuleCode::NonProductionSchedule => 0.0,
                _ => r.cost_left(),
            };
            if share < 1.0 {
                *left.entry((r.provider, resource.clone())).or_insert(1.0) *= share;
            }
        }
        Changes { left }
    }

    /// The share of `u`'s spend left (1 when nothing changes it).
    fn left(&self, u: &ResourceUsage) -> f64 {
        u.resource_id.as_ref().and_then(|id| self.left.get(&(u.provider, id.clone()))).copied().unwrap_or(1.0)
    }
}

/// The recommendations of this rule, sized on the spend `changes` leaves.
pub(crate) fn find(inputs: &Inputs<'_>, changes: &Changes) -> Vec<Recommendation> {
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
        for ((billing_account, currency, scope), mut hourly) in scopes {
            let on_demand = on_demand(inputs, offer, &billing_account, &currency, &scope);
            let removed = take_out(&mut hourly, &on_demand, changes, window.first_day);
            if let Some(rec) = recommend(offer, &billing_account, &currency, &scope, &hourly, &on_demand, &removed) {
                out.push(rec);
            }
        }
    }
    out
}

/// The on-demand usage rows of a scope.
fn on_demand<'a>(
    inputs: &Inputs<'a>,
    offer: &CommitmentOffer,
    billing_account: &str,
    currency: &str,
    scope: &str,
) -> Vec<&'a ResourceUsage> {
    inputs
        .usage
        .iter()
        .filter(|u| u.provider == offer.provider && u.billing_account == billing_account && u.currency == currency)
        .filter(|u| u.pricing_category == Some(PricingCategory::Standard) && u.commitment_discount_id.is_none())
        .filter(|u| covers(offer, u.usage_type.as_deref()))
        .filter(|u| {
            !offer.regional
                || format!("{}|{}", u.region.as_deref().unwrap_or(""), u.usage_type.as_deref().unwrap_or("")) == scope
        })
        .collect()
}

/// What was taken out of a scope's series for the other recommendations.
#[derive(Debug, Default)]
struct Removed {
    /// Resources whose spend leaves the base entirely (scheduled).
    resources: Vec<String>,
    /// Resources whose spend shrinks (moved to a cheaper type).
    reduced: Vec<String>,
    /// Spend taken out per hour, on average over the series.
    hourly: f64,
}

/// Takes out of `hourly` (one value per day from `first_day`) the spend `changes` removes from the rows
/// `on_demand`, spread evenly over the days each row ran; never below zero.
fn take_out(hourly: &mut [f64], on_demand: &[&ResourceUsage], changes: &Changes, first_day: i64) -> Removed {
    let mut removed = Removed::default();
    let before: f64 = hourly.iter().sum();
    for u in on_demand {
        let left = changes.left(u);
        if left >= 1.0 || u.days <= 0 {
            continue;
        }
        let per_hour = u.effective_cost / u.days as f64 / 24.0 * (1.0 - left);
        for day in u.first_day..=u.last_day {
            if let Some(slot) = usize::try_from(day - first_day).ok().and_then(|i| hourly.get_mut(i)) {
                *slot = (*slot - per_hour).max(0.0);
            }
        }
        let id = u.resource_id.clone().unwrap_or_default();
        if left <= 0.0 { &mut removed.resources } else { &mut removed.reduced }.push(id);
    }
    for list in [&mut removed.resources, &mut removed.reduced] {
        list.sort();
        list.dedup();
    }
    removed.hourly = (before - hourly.iter().sum::<f64>()) / hourly.len().max(1) as f64;
    removed
}

fn recommend(
    offer: &CommitmentOffer,
    billing_account: &str,
    currency: &str,
    scope: &str,
    hourly: &[f64],
    on_demand: &[&ResourceUsage],
    removed: &Removed,
) -> Option<Recommendation> {
    let best = optimal_commitment(hourly, offer.discount)?;
    let hours_per_month = DAYS_PER_MONTH * 24.0;
    let monthly_saving = best.saving_hourly * hours_per_month;
    let monthly_commitment = best.commitment_hourly * hours_per_month;
    let monthly_cost = hourly.iter().sum::<f64>() / hourly.len() as f64 * hours_per_month;
    let region = offer.regional.then(|| scope.split('|').next().unwrap_or_default().to_string());
    let mut resources: Vec<String> = on_demand
        .iter()
        .filter_map(|u| u.resource_id.clone())
        .filter(|id| removed.resources.binary_search(id).is_err())
        .collect();
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
    let mut method = format!(
        "commit {:.3} {currency}/h, covering {:.3}/h of on-demand spend at {:.0}% off ({}): net saving over the \
         {} hours of the {} days observed (each day's spend spread evenly over its 24 hours), {:.0}% expected \
         utilization, break-even at {:.0}%",
        best.commitment_hourly,
        best.covered_hourly,
        offer.discount * 100.0,
        offer.source,
        hourly.len() * 24,
        hourly.len(),
        best.utilization * 100.0,
        plan.break_even_utilization * 100.0
    );
    if removed.hourly > 0.0 {
        let mut what = Vec::new();
        if !removed.resources.is_empty() {
            what.push(format!("machines to schedule left out ({})", removed.resources.join(", ")));
        }
        if !removed.reduced.is_empty() {
            what.push(format!("machines to move counted at their new price ({})", removed.reduced.join(", ")));
        }
        method.push_str(&format!(
            ". Sized on the spend the other recommendations leave, {:.3} {currency}/h less: {}",
            removed.hourly,
            what.join("; ")
        ));
    }
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
