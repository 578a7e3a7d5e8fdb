//! Per-resource usage for the recommendations: `line_items` summed per resource × usage type over a
//! filter's dates, and the daily on-demand spend the commitment rule sizes a commitment on.
//!
//! The usage type (x_UsageType, else SkuMeter), ResourceType and SkuId live in the attributes JSON, which is
//! interned in `strings`: SQL groups by the attributes id (an integer) and each distinct JSON is parsed once
//! in Rust, never once per row. Groups that differ only in attributes that do not matter here (an invoice id
//! per month) are merged afterwards. This reads; it decides nothing.

use std::collections::HashMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::filter_sql::where_clause;
use super::usage_lookup::Lookup;

use super::Store;
use crate::error::Result;
use crate::filter::Filter;
use crate::model::{ChargeCategory, CommitmentDiscountStatus, PricingCategory, Provider, ServiceCategory};

/// Days the "recent" sums cover: the last 30 days of the selection, the basis of a monthly cost.
const RECENT_DAYS: i64 = 30;

/// The days a selection spans (days since 1970-01-01 UTC, both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageWindow {
    /// First day with a line item.
    pub first_day: i64,
    /// Last day with a line item.
    pub last_day: i64,
}

impl UsageWindow {
    /// Days from first to last, both included.
    pub fn days(&self) -> i64 {
        self.last_day - self.first_day + 1
    }
}

/// One resource × usage type × pricing of the selection, summed over its days.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceUsage {
    /// FOCUS ProviderName.
    pub provider: Provider,
    /// BillingAccountId.
    pub billing_account: String,
    /// SubAccountId.
    pub sub_account: Option<String>,
    /// BillingCurrency.
    pub currency: String,
    /// ServiceName.
    pub service: String,
    /// ServiceCategory.
    pub service_category: Option<ServiceCategory>,
    /// RegionId.
    pub region: Option<String>,
    /// ResourceId.
    pub resource_id: Option<String>,
    /// x_UsageType, else SkuMeter.
    pub usage_type: Option<String>,
    /// ResourceType.
    pub resource_type: Option<String>,
    /// PricingUnit.
    pub pricing_unit: Option<String>,
    /// ChargeCategory.
    pub charge_category: Option<ChargeCategory>,
    /// PricingCategory.
    pub pricing_category: Option<PricingCategory>,
    /// CommitmentDiscountId.
    pub commitment_discount_id: Option<String>,
    /// CommitmentDiscountStatus.
    pub commitment_status: Option<CommitmentDiscountStatus>,
    /// Value of the `environment` tag (normalized key), if any.
    pub environment: Option<String>,
    /// Whether the rows carry any tag.
    pub tagged: bool,
    /// First and last day with usage (days since 1970-01-01).
    pub first_day: i64,
    /// See `first_day`.
    pub last_day: i64,
    /// Days with at least one row.
    pub days: i64,
    /// Sum of PricingQuantity.
    pub quantity: f64,
    /// Sum of BilledCost.
    pub billed_cost: f64,
    /// Sum of EffectiveCost.
    pub effective_cost: f64,
    /// Days with rows in the last 30 days of the selection.
    pub recent_days: i64,
    /// PricingQuantity in the last 30 days of the selection.
    pub recent_quantity: f64,
    /// EffectiveCost in the last 30 days of the selection.
    pub recent_cost: f64,
    /// PricingQuantity in the first 30 days of the selection.
    pub early_quantity: f64,
    /// Days with rows in the first 30 days of the selection.
    pub early_days: i64,
}

/// Daily on-demand (Standard pricing, no commitment) usage cost of one compute or database usage type in
/// one region.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyOnDemand {
    /// FOCUS ProviderName.
    pub provider: Provider,
    /// BillingAccountId.
    pub billing_account: String,
    /// BillingCurrency.
    pub currency: String,
    /// RegionId.
    pub region: Option<String>,
    /// x_UsageType, else SkuMeter.
    pub usage_type: Option<String>,
    /// Day (days since 1970-01-01).
    pub day: i64,
    /// EffectiveCost of the day.
    pub cost: f64,
}

impl Store {
    /// The days the filter's usage rows span, or None when it selects none.
    pub fn usage_window(&self, filter: &Filter) -> Result<Option<UsageWindow>> {
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT MIN(li.charge_period_start) / 86400, MAX(li.charge_period_start) / 86400 FROM line_items li
             WHERE {clause} AND li.charge_category = {}",
            ChargeCategory::Usage.code()
        );
        let (first, last): (Option<i64>, Option<i64>) = self
            .conn()
            .query_row(&sql, params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?;
        Ok(first.zip(last).map(|(first_day, last_day)| UsageWindow { first_day, last_day }))
    }

    /// Usage, purchases and their costs per resource × usage type × pricing over the filter's selection
    /// (taxes and credits left out), with sums over the window's first and last 30 days.
    pub fn resource_usage(&self, filter: &Filter, window: UsageWindow) -> Result<Vec<ResourceUsage>> {
        let (clause, filter_params) = where_clause(filter);
        let recent = window.last_day - RECENT_DAYS + 1;
        let early = window.first_day + RECENT_DAYS;
        let mut params = vec![Value::Integer(recent); 3];
        params.extend([Value::Integer(early), Value::Integer(early)]);
        params.extend(filter_params);
        let sql = format!(
            "SELECT li.provider, li.billing_account, li.sub_account, li.currency, li.service, li.service_category,
                    li.region, li.resource, li.attributes, li.tag_set, li.charge_category, li.pricing_category,
                    li.commitment_discount, li.commitment_discount_status, li.pricing_unit,
                    MIN(li.charge_period_start / 86400), MAX(li.charge_period_start / 86400),
                    COUNT(DISTINCT li.charge_period_start / 86400),
                    TOTAL(li.pricing_quantity), TOTAL(li.billed_cost), TOTAL(li.effective_cost),
                    COUNT(DISTINCT CASE WHEN li.charge_period_start / 86400 >= ? THEN li.charge_period_start / 86400 END),
                    TOTAL(CASE WHEN li.charge_period_start / 86400 >= ? THEN li.pricing_quantity END),
                    TOTAL(CASE WHEN li.charge_period_start / 86400 >= ? THEN li.effective_cost END),
                    TOTAL(CASE WHEN li.charge_period_start / 86400 < ? THEN li.pricing_quantity END),
                    COUNT(DISTINCT CASE WHEN li.charge_period_start / 86400 < ? THEN li.charge_period_start / 86400 END)
             FROM line_items li
             WHERE {clause} AND li.charge_category IN ({}, {})
             GROUP BY li.provider, li.billing_account, li.sub_account, li.currency, li.service, li.service_category,
                      li.region, li.resource, li.attributes, li.tag_set, li.charge_category, li.pricing_category,
                      li.commitment_discount, li.commitment_discount_status, li.pricing_unit",
            ChargeCategory::Usage.code(),
            ChargeCategory::Purchase.code()
        );
        let conn = self.conn();
        let mut lookup = Lookup::new(conn).map_err(self.err())?;
        let mut stmt = conn.prepare(&sql).map_err(self.err())?;
        let mut rows = stmt.query(params_from_iter(params)).map_err(self.err())?;
        let mut merged: Vec<ResourceUsage> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        while let Some(r) = rows.next().map_err(self.err())? {
            let read = |i: usize| r.get::<_, Option<i64>>(i);
            let one = (|| -> rusqlite::Result<ResourceUsage> {
                let (usage_type, resource_type) = lookup.attributes(read(8)?)?;
                let tag_set = read(9)?;
                Ok(ResourceUsage {
                    provider: Provider::from_code(r.get(0)?).unwrap_or(Provider::Other),
                    billing_account: lookup.string(read(1)?)?.unwrap_or_default(),
                    sub_account: lookup.string(read(2)?)?,
                    currency: lookup.string(read(3)?)?.unwrap_or_default(),
                    service: lookup.string(read(4)?)?.unwrap_or_default(),
                    service_category: read(5)?.and_then(ServiceCategory::from_code),
                    region: lookup.string(read(6)?)?,
                    resource_id: lookup.string(read(7)?)?,
                    usage_type,
                    resource_type,
                    pricing_unit: lookup.string(read(14)?)?,
                    charge_category: read(10)?.and_then(ChargeCategory::from_code),
                    pricing_category: read(11)?.and_then(PricingCategory::from_code),
                    commitment_discount_id: lookup.string(read(12)?)?,
                    commitment_status: read(13)?.and_then(CommitmentDiscountStatus::from_code),
                    environment: tag_set.and_then(|t| lookup.environments.get(&t).cloned()),
                    tagged: tag_set.is_some(),
                    first_day: r.get(15)?,
                    last_day: r.get(16)?,
                    days: r.get(17)?,
                    quantity: r.get(18)?,
                    billed_cost: r.get(19)?,
                    effective_cost: r.get(20)?,
                    recent_days: r.get(21)?,
                    recent_quantity: r.get(22)?,
                    recent_cost: r.get(23)?,
                    early_quantity: r.get(24)?,
                    early_days: r.get(25)?,
                })
            })()
            .map_err(self.err())?;
            merge(&mut merged, &mut index, one);
        }
        Ok(merged)
    }

    /// Daily on-demand usage cost (Usage rows priced Standard without a commitment) of compute and
    /// databases, the services commitments cover, per usage type and region.
    pub fn daily_on_demand(&self, filter: &Filter) -> Result<Vec<DailyOnDemand>> {
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT li.provider, li.billing_account, li.currency, li.region, li.attributes,
                    li.charge_period_start / 86400, TOTAL(li.effective_cost)
             FROM line_items li
             WHERE {clause} AND li.charge_category = {} AND li.pricing_category = {}
               AND li.commitment_discount IS NULL AND li.service_category IN ({}, {})
             GROUP BY li.provider, li.billing_account, li.currency, li.region, li.attributes,
                      li.charge_period_start / 86400",
            ChargeCategory::Usage.code(),
            PricingCategory::Standard.code(),
            ServiceCategory::Compute.code(),
            ServiceCategory::Databases.code()
        );
        let conn = self.conn();
        let mut lookup = Lookup::new(conn).map_err(self.err())?;
        let mut stmt = conn.prepare(&sql).map_err(self.err())?;
        let mut rows = stmt.query(params_from_iter(params)).map_err(self.err())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(self.err())? {
            let one = (|| -> rusqlite::Result<DailyOnDemand> {
                Ok(DailyOnDemand {
                    provider: Provider::from_code(r.get(0)?).unwrap_or(Provider::Other),
                    billing_account: lookup.string(r.get(1)?)?.unwrap_or_default(),
                    currency: lookup.string(r.get(2)?)?.unwrap_or_default(),
                    region: lookup.string(r.get(3)?)?,
                    usage_type: lookup.attributes(r.get(4)?)?.0,
                    day: r.get(5)?,
                    cost: r.get(6)?,
                })
            })()
            .map_err(self.err())?;
            out.push(one);
        }
        Ok(out)
    }
}

/// Adds `one` to the group with the same resource, usage type and pricing (split in SQL only by
/// attributes that differ per month, such as the invoice id).
fn merge(merged: &mut Vec<ResourceUsage>, index: &mut HashMap<String, usize>, one: ResourceUsage) {
    let key = format!(
        "{:?}|{}|{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        one.provider,
        one.billing_account,
        one.sub_account,
        one.currency,
        one.service,
        one.region,
        one.resource_id,
        one.usage_type,
        one.charge_category,
        one.pricing_category,
        one.commitment_discount_id,
        one.commitment_status,
        one.environment,
        one.tagged
    );
    match index.get(&key) {
        None => {
            index.insert(key, merged.len());
            merged.push(one);
        }
        Some(&i) => {
            let m = &mut merged[i];
            // Split groups cover different months, so their days add up; capped in case two attribute
            // variants shared a day.
            m.first_day = m.first_day.min(one.first_day);
            m.last_day = m.last_day.max(one.last_day);
            m.days = (m.days + one.days).min(m.last_day - m.first_day + 1);
            m.quantity += one.quantity;
            m.billed_cost += one.billed_cost;
            m.effective_cost += one.effective_cost;
            m.recent_days = (m.recent_days + one.recent_days).min(RECENT_DAYS);
            m.recent_quantity += one.recent_quantity;
            m.recent_cost += one.recent_cost;
            m.early_quantity += one.early_quantity;
            m.early_days = (m.early_days + one.early_days).min(RECENT_DAYS);
            m.resource_type = m.resource_type.take().or(one.resource_type);
            m.pricing_unit = m.pricing_unit.take().or(one.pricing_unit);
        }
    }
}
