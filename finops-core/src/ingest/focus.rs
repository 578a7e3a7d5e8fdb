//! FOCUS 1.0 to 1.3 exports (CSV or Parquet), from any provider, including the FOCUS spec's own
//! minimal example files that omit mandatory columns.
//!
//! Mapping is by name. Missing mandatory columns get documented defaults rather than a rejection, so
//! partial FOCUS files (spec examples, hand-made extracts) load: EffectiveCost defaults to BilledCost,
//! ListCost and ContractedCost to each other and then to BilledCost (zero savings, never a guess),
//! BillingAccountId to `unknown`, BillingCurrency to `USD`, ServiceName to `Unknown`.

use std::borrow::Cow;
use std::path::Path;

use super::values::{month_start, next_month_start};
use super::{Columns, Mapper, Row};
use crate::error::Result;
use crate::model::*;

pub(super) fn matches(c: &Columns) -> bool {
    c.has(&["BilledCost"]) && c.has(&["ChargePeriodStart"]) && c.has(&["ChargeCategory", "ChargeType", "EffectiveCost"])
}

/// Column indices of a FOCUS header.
pub(super) struct FocusMapper {
    billed: usize,
    charge_start: usize,
    effective: Option<usize>,
    list: Option<usize>,
    contracted: Option<usize>,
    charge_end: Option<usize>,
    billing_start: Option<usize>,
    billing_end: Option<usize>,
    provider: Option<usize>,
    billing_account: Option<usize>,
    sub_account: Option<usize>,
    currency: Option<usize>,
    category: Option<usize>,
    class: Option<usize>,
    frequency: Option<usize>,
    list_unit_price: Option<usize>,
    contracted_unit_price: Option<usize>,
    pricing_quantity: Option<usize>,
    consumed_quantity: Option<usize>,
    pricing_category: Option<usize>,
    cd_id: Option<usize>,
    cd_category: Option<usize>,
    cd_status: Option<usize>,
    cd_quantity: Option<usize>,
    service: Option<usize>,
    service_category: Option<usize>,
    region: Option<usize>,
    resource: Option<usize>,
    tags: Option<usize>,
    attributes: Vec<(Cow<'static, str>, usize)>,
}

impl FocusMapper {
    pub(super) fn new(path: &Path, c: &Columns) -> Result<Self> {
        let mut attributes: Vec<(Cow<'static, str>, usize)> =
            ATTRIBUTE_COLUMNS.iter().filter_map(|name| c.find(&[name]).map(|i| (Cow::Borrowed(*name), i))).collect();
        attributes.extend(
            c.names().iter().enumerate().filter(|(_, n)| n.starts_with("x_")).map(|(i, n)| (Cow::Owned(n.clone()), i)),
        );
        Ok(FocusMapper {
            billed: c.require(path, "FOCUS", &["BilledCost"])?,
            charge_start: c.require(path, "FOCUS", &["ChargePeriodStart"])?,
            effective: c.find(&["EffectiveCost"]),
            list: c.find(&["ListCost"]),
            contracted: c.find(&["ContractedCost"]),
            charge_end: c.find(&["ChargePeriodEnd"]),
            billing_start: c.find(&["BillingPeriodStart"]),
            billing_end: c.find(&["BillingPeriodEnd"]),
            provider: c.find(&["ServiceProviderName", "ProviderName"]),
            billing_account: c.find(&["BillingAccountId"]),
            sub_account: c.find(&["SubAccountId"]),
            currency: c.find(&["BillingCurrency"]),
            category: c.find(&["ChargeCategory", "ChargeType"]),
            class: c.find(&["ChargeClass"]),
            frequency: c.find(&["ChargeFrequency"]),
            list_unit_price: c.find(&["ListUnitPrice"]),
            contracted_unit_price: c.find(&["ContractedUnitPrice"]),
            pricing_quantity: c.find(&["PricingQuantity"]),
            consumed_quantity: c.find(&["ConsumedQuantity"]),
            pricing_category: c.find(&["PricingCategory"]),
            cd_id: c.find(&["CommitmentDiscountId"]),
            cd_category: c.find(&["CommitmentDiscountCategory"]),
            cd_status: c.find(&["CommitmentDiscountStatus"]),
            cd_quantity: c.find(&["CommitmentDiscountQuantity"]),
            service: c.find(&["ServiceName"]),
            service_category: c.find(&["ServiceCategory"]),
            region: c.find(&["RegionId", "Region"]),
            resource: c.find(&["ResourceId"]),
            tags: c.find(&["Tags"]),
            attributes,
        })
    }
}

impl Mapper for FocusMapper {
    fn currency_column(&self) -> Option<usize> {
        self.currency
    }

    fn map(&mut self, row: &Row<'_>) -> Result<Option<LineItem>> {
        let charge_start = row.required_timestamp(self.charge_start)?;
        let charge_end = row.timestamp(self.charge_end)?.unwrap_or(charge_start);
        let billing_start = row.timestamp(self.billing_start)?.unwrap_or_else(|| month_start(charge_start));
        let billing_end = row.timestamp(self.billing_end)?.unwrap_or_else(|| next_month_start(billing_start));
        let category = match self.category {
            Some(col) => row.optional_enum(Some(col), ChargeCategory::parse)?.unwrap_or(ChargeCategory::Usage),
            None => ChargeCategory::Usage,
        };
        let service = row.text(self.service).unwrap_or("Unknown");
        let mut item = LineItem::new(
            row.text(self.provider).map(Provider::from_provider_name).unwrap_or(Provider::Other),
            row.text(self.billing_account).unwrap_or("unknown"),
            row.text(self.currency).unwrap_or_default(),
            (billing_start, billing_end),
            (charge_start, charge_end),
            category,
            service,
        );
        item.billed_cost = row.required_decimal(self.billed)?;
        item.effective_cost = row.decimal(self.effective)?.unwrap_or(item.billed_cost);
        let list = row.decimal(self.list)?;
        let contracted = row.decimal(self.contracted)?;
        item.list_cost = list.or(contracted).unwrap_or(item.billed_cost);
        item.contracted_cost = contracted.or(list).unwrap_or(item.billed_cost);
        item.sub_account_id = row.text(self.sub_account).map(str::to_string);
        item.charge_class = row.optional_enum(self.class, ChargeClass::parse)?;
        item.charge_frequency = row.optional_enum(self.frequency, ChargeFrequency::parse)?;
        item.list_unit_price = row.decimal(self.list_unit_price)?;
        item.contracted_unit_price = row.decimal(self.contracted_unit_price)?;
        item.pricing_quantity = row.decimal(self.pricing_quantity)?;
        item.consumed_quantity = row.decimal(self.consumed_quantity)?;
        item.pricing_category = row.optional_enum(self.pricing_category, PricingCategory::parse)?;
        item.commitment_discount_id = row.text(self.cd_id).map(str::to_string);
        item.commitment_discount_category = row.optional_enum(self.cd_category, CommitmentDiscountCategory::parse)?;
        item.commitment_discount_status = row.optional_enum(self.cd_status, CommitmentDiscountStatus::parse)?;
        item.commitment_discount_quantity = row.decimal(self.cd_quantity)?;
        item.service_category = match row.optional_enum(self.service_category, ServiceCategory::parse)? {
            Some(c) => c,
            None => service_category_for(service),
        };
        item.region_id = row.text(self.region).map(str::to_string);
        item.resource_id = row.text(self.resource).map(str::to_string);
        item.tags = row.tags(self.tags)?;
        for (name, col) in &self.attributes {
            item.set_attribute(name.clone(), row.text(Some(*col)));
        }
        Ok(Some(item))
    }
}
