//! One normalized cost-and-usage row, FOCUS 1.2 aligned.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::attributes::Attributes;
use super::enums::*;
use super::tags::Tags;

/// A FOCUS cost-and-usage row, typed once when it enters the system.
///
/// The columns an analysis filters or sums are fields; the descriptive FOCUS columns (names,
/// descriptions, SKU details, FOCUS 1.3 allocation columns) and provider `x_` columns live in
/// [`LineItem::attributes`] under their FOCUS names.
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    /// Provider that issued the charge (FOCUS `ProviderName`, 1.3 `ServiceProviderName`).
    pub provider: Provider,
    /// `BillingAccountId`: the account invoiced (AWS payer, Azure billing account/profile, GCP billing account).
    pub billing_account_id: String,
    /// `SubAccountId`: AWS usage account, Azure subscription, GCP project, OCI compartment.
    pub sub_account_id: Option<String>,
    /// `BillingCurrency`, ISO 4217; every cost metric is in it.
    pub billing_currency: String,
    /// `BillingPeriodStart` (inclusive).
    pub billing_period_start: DateTime<Utc>,
    /// `BillingPeriodEnd` (exclusive).
    pub billing_period_end: DateTime<Utc>,
    /// `ChargePeriodStart` (inclusive).
    pub charge_period_start: DateTime<Utc>,
    /// `ChargePeriodEnd` (exclusive).
    pub charge_period_end: DateTime<Utc>,
    /// `ChargeCategory`.
    pub charge_category: ChargeCategory,
    /// `ChargeClass`: `Correction` or none.
    pub charge_class: Option<ChargeClass>,
    /// `ChargeFrequency`.
    pub charge_frequency: Option<ChargeFrequency>,
    /// `BilledCost`: what the invoice charges, no amortization.
    pub billed_cost: Decimal,
    /// `EffectiveCost`: amortized cost after all discounts.
    pub effective_cost: Decimal,
    /// `ListCost`: at public prices.
    pub list_cost: Decimal,
    /// `ContractedCost`: at negotiated prices, before commitment discounts.
    pub contracted_cost: Decimal,
    /// `ListUnitPrice`.
    pub list_unit_price: Option<Decimal>,
    /// `ContractedUnitPrice`.
    pub contracted_unit_price: Option<Decimal>,
    /// `PricingQuantity`.
    pub pricing_quantity: Option<Decimal>,
    /// `ConsumedQuantity`.
    pub consumed_quantity: Option<Decimal>,
    /// `PricingCategory`.
    pub pricing_category: Option<PricingCategory>,
    /// `CommitmentDiscountId`.
    pub commitment_discount_id: Option<String>,
    /// `CommitmentDiscountCategory`.
    pub commitment_discount_category: Option<CommitmentDiscountCategory>,
    /// `CommitmentDiscountStatus`.
    pub commitment_discount_status: Option<CommitmentDiscountStatus>,
    /// `CommitmentDiscountQuantity`.
    pub commitment_discount_quantity: Option<Decimal>,
    /// `ServiceName`.
    pub service_name: String,
    /// `ServiceCategory`.
    pub service_category: ServiceCategory,
    /// `RegionId`.
    pub region_id: Option<String>,
    /// `ResourceId`.
    pub resource_id: Option<String>,
    /// `Tags`, with keys normalized and the raw keys kept.
    pub tags: Tags,
    /// Other FOCUS string columns and `x_` columns, by column name; absent when null.
    pub attributes: Attributes,
}

/// The FOCUS columns (1.2, plus 1.3 additions) kept in [`LineItem::attributes`], in output order.
pub const ATTRIBUTE_COLUMNS: &[&str] = &[
    "BillingAccountName",
    "BillingAccountType",
    "SubAccountName",
    "SubAccountType",
    "InvoiceId",
    "InvoiceIssuerName",
    "PublisherName",
    "ChargeDescription",
    "ServiceSubcategory",
    "RegionName",
    "AvailabilityZone",
    "ResourceName",
    "ResourceType",
    "SkuId",
    "SkuMeter",
    "SkuPriceId",
    "SkuPriceDetails",
    "PricingUnit",
    "ConsumedUnit",
    "PricingCurrency",
    "PricingCurrencyContractedUnitPrice",
    "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice",
    "CommitmentDiscountName",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "ServiceProviderName",
    "HostProviderName",
    "ContractApplied",
    "AllocatedMethodId",
    "AllocatedMethodDetails",
    "AllocatedResourceId",
    "AllocatedResourceName",
    "AllocatedTags",
];

impl LineItem {
    /// A row with the mandatory columns set and everything optional empty; costs default to zero.
    pub fn new(
        provider: Provider,
        billing_account_id: impl Into<String>,
        billing_currency: impl Into<String>,
        billing_period: (DateTime<Utc>, DateTime<Utc>),
        charge_period: (DateTime<Utc>, DateTime<Utc>),
        charge_category: ChargeCategory,
        service_name: impl Into<String>,
    ) -> Self {
        LineItem {
            provider,
            billing_account_id: billing_account_id.into(),
            sub_account_id: None,
            billing_currency: billing_currency.into(),
            billing_period_start: billing_period.0,
            billing_period_end: billing_period.1,
            charge_period_start: charge_period.0,
            charge_period_end: charge_period.1,
            charge_category,
            charge_class: None,
            charge_frequency: None,
            billed_cost: Decimal::ZERO,
            effective_cost: Decimal::ZERO,
            list_cost: Decimal::ZERO,
            contracted_cost: Decimal::ZERO,
            list_unit_price: None,
            contracted_unit_price: None,
            pricing_quantity: None,
            consumed_quantity: None,
            pricing_category: None,
            commitment_discount_id: None,
            commitment_discount_category: None,
            commitment_discount_status: None,
            commitment_discount_quantity: None,
            service_name: service_name.into(),
            service_category: ServiceCategory::Other,
            region_id: None,
            resource_id: None,
            tags: Tags::default(),
            attributes: Attributes::default(),
        }
    }

    /// Sets an attribute column when `value` is present and not blank.
    pub fn set_attribute(&mut self, column: impl Into<Cow<'static, str>>, value: Option<&str>) {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            self.attributes.insert(column, v);
        }
    }
}
