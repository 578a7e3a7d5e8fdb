//! What every rule reads: the selection's window, its usage per resource × usage type, the same grouped
//! per resource, and the daily on-demand spend; plus the helpers that turn a group into a recommendation.

use std::collections::BTreeMap;

use super::model::{recommendation_id, Confidence, Evidence, Recommendation, RuleCode, DAYS_PER_MONTH};
use crate::model::{ChargeCategory, Provider};
use crate::store::{DailyOnDemand, ResourceUsage, UsageWindow};

/// The data the rules run on.
pub(crate) struct Inputs<'a> {
    /// Days of the selection.
    pub(crate) window: UsageWindow,
    /// Usage and purchases per resource × usage type × pricing.
    pub(crate) usage: &'a [ResourceUsage],
    /// The usage rows grouped per resource and usage type (every pricing together).
    pub(crate) groups: &'a [Group<'a>],
    /// Daily on-demand spend per usage type and region.
    pub(crate) daily: &'a [DailyOnDemand],
}

/// The usage of one resource and usage type, whatever its pricing (on-demand, covered, negated).
#[derive(Debug)]
pub(crate) struct Group<'a> {
    pub(crate) rows: Vec<&'a ResourceUsage>,
}

/// Groups the Usage rows of `usage` by provider, accounts, currency, resource and usage type.
pub(crate) fn group(usage: &[ResourceUsage]) -> Vec<Group<'_>> {
    let mut groups: BTreeMap<_, Group<'_>> = BTreeMap::new();
    for u in usage.iter().filter(|u| u.charge_category == Some(ChargeCategory::Usage)) {
        let key = (
            u.provider.code(),
            &u.billing_account,
            &u.sub_account,
            &u.currency,
            &u.resource_id,
            &u.usage_type,
            &u.region,
        );
        groups.entry(key).or_insert_with(|| Group { rows: Vec::new() }).rows.push(u);
    }
    groups.into_values().collect()
}

impl Group<'_> {
    fn first(&self) -> &ResourceUsage {
        self.rows[0]
    }

    /// The provider.
    pub(crate) fn provider(&self) -> Provider {
        self.first().provider
    }

    /// ResourceId.
    pub(crate) fn resource_id(&self) -> Option<&str> {
        self.first().resource_id.as_deref()
    }

    /// Usage type (x_UsageType or SkuMeter), empty when unknown.
    pub(crate) fn usage_type(&self) -> &str {
        self.first().usage_type.as_deref().unwrap_or("")
    }

    /// PricingUnit.
    pub(crate) fn unit(&self) -> Option<&str> {
        self.rows.iter().find_map(|r| r.pricing_unit.as_deref())
    }

    /// The `environment` tag.
    pub(crate) fn environment(&self) -> Option<&str> {
        self.rows.iter().find_map(|r| r.environment.as_deref())
    }

    /// Last day with usage.
    pub(crate) fn last_day(&self) -> i64 {
        self.rows.iter().map(|r| r.last_day).max().unwrap_or(i64::MIN)
    }

    /// First day with usage.
    pub(crate) fn first_day(&self) -> i64 {
        self.rows.iter().map(|r| r.first_day).min().unwrap_or(i64::MAX)
    }

    /// Days with usage. Covered and on-demand rows of one resource are different groups in SQL: their days
    /// add up (a resource-day is covered or not), without the negative rows that repeat covered days, and
    /// capped at the span in case a day was split between both.
    pub(crate) fn days(&self) -> i64 {
        let span = self.last_day() - self.first_day() + 1;
        self.rows.iter().filter(|r| r.billed_cost >= 0.0).map(|r| r.days).sum::<i64>().min(span).max(0)
    }

    /// Days with usage in the last 30 days of the selection (as [`Group::days`]).
    fn recent_days(&self) -> i64 {
        let most = self.rows.iter().map(|r| r.recent_days).max().unwrap_or(0);
        let sum: i64 = self.rows.iter().filter(|r| r.billed_cost >= 0.0).map(|r| r.recent_days).sum();
        sum.clamp(most, 30)
    }

    /// Whether it still runs on the selection's last day: a terminated resource needs no action.
    pub(crate) fn running_at(&self, window: UsageWindow) -> bool {
        self.last_day() >= window.last_day
    }

    /// PricingQuantity over the selection, without the negative rows that cancel covered usage (an AWS
    /// SavingsPlanNegation repeats the quantity of the row it cancels).
    pub(crate) fn quantity(&self) -> f64 {
        self.rows.iter().filter(|r| r.billed_cost >= 0.0).map(|r| r.quantity).sum()
    }

    /// Quantity per day with usage.
    pub(crate) fn quantity_per_day(&self) -> f64 {
        self.quantity() / self.days().max(1) as f64
    }

    /// What it costs per average month: EffectiveCost of the last 30 days of the selection per day with
    /// usage, times 30.44 (the whole selection when it had no usage then).
    pub(crate) fn monthly_cost(&self) -> f64 {
        let recent_days = self.recent_days();
        if recent_days > 0 {
            let cost: f64 = self.rows.iter().map(|r| r.recent_cost).sum();
            cost / recent_days as f64 * DAYS_PER_MONTH
        } else {
            let cost: f64 = self.rows.iter().map(|r| r.effective_cost).sum();
            cost / self.days().max(1) as f64 * DAYS_PER_MONTH
        }
    }

    /// The evidence rows.
    pub(crate) fn evidence(&self) -> Vec<Evidence> {
        self.rows.iter().map(|r| Evidence::from(*r)).collect()
    }

    /// A recommendation about this resource.
    pub(crate) fn recommend(&self, rule: RuleCode, title: String, saving: Saving) -> Recommendation {
        let u = self.first();
        let key = u.resource_id.clone().unwrap_or_else(|| self.usage_type().to_string());
        Recommendation {
            id: recommendation_id(rule, u.provider, u.sub_account.as_deref().unwrap_or(&u.billing_account), &key),
            rule,
            title,
            provider: u.provider,
            billing_account: u.billing_account.clone(),
            account: u.sub_account.clone(),
            region: u.region.clone(),
            currency: u.currency.clone(),
            key,
            resources: u.resource_id.iter().cloned().collect(),
            monthly_cost: saving.monthly_cost,
            monthly_saving: saving.monthly_saving,
            method: saving.method,
            confidence: saving.confidence,
            evidence: self.evidence(),
            commitment: None,
            dismissed: false,
        }
    }
}

/// The estimate part of a recommendation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Saving {
    pub(crate) monthly_cost: f64,
    pub(crate) monthly_saving: f64,
    pub(crate) method: String,
    pub(crate) confidence: Confidence,
}

/// The EC2 instance type of a usage type (`USW2-BoxUsage:m4.xlarge` → `m4.xlarge`).
pub(crate) fn instance_type(usage_type: &str) -> Option<&str> {
    let (kind, size) = usage_type.split_once(':')?;
    kind.ends_with("BoxUsage").then_some(size)
}

/// Whether a tag value names a non-production environment.
pub(crate) fn is_non_production(environment: &str) -> bool {
    const NON_PRODUCTION: &[&str] = &["dev", "development", "test", "testing", "qa", "staging", "stage", "sandbox"];
    let value = environment.trim().to_ascii_lowercase();
    NON_PRODUCTION.contains(&value.as_str())
}
