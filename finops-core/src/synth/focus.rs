//! FOCUS 1.2 output: every column of the specification, filled from one provider-neutral charge.
//!
//! The provider modules decide what each native row means in FOCUS terms (category, costs, commitment);
//! this file only lays it out. Conventions follow the FOCUS 1.2 spec rather than one provider's export:
//! commitment purchases are Purchase rows with EffectiveCost 0, and each day's unused commitment is a Usage
//! row with status Unused, so that per commitment the EffectiveCost of its Usage rows equals the BilledCost of
//! its Purchase rows. Null is an empty cell.

use std::io;

use chrono::NaiveDate;

use super::sink::{columns, CsvSink};
use super::Month;

columns!(pub(super) enum F, const HEADER = {
    AvailabilityZone => "AvailabilityZone", BilledCost => "BilledCost", BillingAccountId => "BillingAccountId",
    BillingAccountName => "BillingAccountName", BillingAccountType => "BillingAccountType",
    BillingCurrency => "BillingCurrency", BillingPeriodEnd => "BillingPeriodEnd",
    BillingPeriodStart => "BillingPeriodStart", CapacityReservationId => "CapacityReservationId",
    CapacityReservationStatus => "CapacityReservationStatus", ChargeCategory => "ChargeCategory",
    ChargeClass => "ChargeClass", ChargeDescription => "ChargeDescription", ChargeFrequency => "ChargeFrequency",
    ChargePeriodEnd => "ChargePeriodEnd", ChargePeriodStart => "ChargePeriodStart",
    CommitmentDiscountCategory => "CommitmentDiscountCategory", CommitmentDiscountId => "CommitmentDiscountId",
    CommitmentDiscountName => "CommitmentDiscountName", CommitmentDiscountQuantity => "CommitmentDiscountQuantity",
    CommitmentDiscountStatus => "CommitmentDiscountStatus", CommitmentDiscountType => "CommitmentDiscountType",
    CommitmentDiscountUnit => "CommitmentDiscountUnit", ConsumedQuantity => "ConsumedQuantity",
    ConsumedUnit => "ConsumedUnit", ContractedCost => "ContractedCost", ContractedUnitPrice => "ContractedUnitPrice",
    EffectiveCost => "EffectiveCost", InvoiceId => "InvoiceId", InvoiceIssuerName => "InvoiceIssuerName",
    ListCost => "ListCost", ListUnitPrice => "ListUnitPrice", PricingCategory => "PricingCategory",
    PricingCurrency => "PricingCurrency",
    PricingCurrencyContractedUnitPrice => "PricingCurrencyContractedUnitPrice",
    PricingCurrencyEffectiveCost => "PricingCurrencyEffectiveCost",
    PricingCurrencyListUnitPrice => "PricingCurrencyListUnitPrice", PricingQuantity => "PricingQuantity",
    PricingUnit => "PricingUnit", ProviderName => "ProviderName", PublisherName => "PublisherName",
    RegionId => "RegionId", RegionName => "RegionName", ResourceId => "ResourceId", ResourceName => "ResourceName",
    ResourceType => "ResourceType", ServiceCategory => "ServiceCategory", ServiceName => "ServiceName",
    ServiceSubcategory => "ServiceSubcategory", SkuId => "SkuId", SkuMeter => "SkuMeter",
    SkuPriceDetails => "SkuPriceDetails", SkuPriceId => "SkuPriceId", SubAccountId => "SubAccountId",
    SubAccountName => "SubAccountName", SubAccountType => "SubAccountType", Tags => "Tags",
});

/// What is the same for every row of one FOCUS file.
pub(super) struct FocusFile<'a> {
    pub(super) provider: &'a str,
    pub(super) publisher: &'a str,
    pub(super) invoice_issuer: &'a str,
    pub(super) billing_account_id: &'a str,
    pub(super) billing_account_name: &'a str,
    pub(super) billing_account_type: &'a str,
    pub(super) sub_account_type: &'a str,
    pub(super) currency: &'a str,
    pub(super) invoice_id: &'a str,
    pub(super) month: &'a Month,
}

/// The commitment discount a charge belongs to.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Commitment<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    /// `Spend` or `Usage`.
    pub(super) category: &'a str,
    /// Provider label: `Savings Plan`, `Reserved Instance`, `Reservation`, `Committed Use Discount`.
    pub(super) kind: &'a str,
    /// `Used` or `Unused` on Usage rows, empty on Purchase rows.
    pub(super) status: &'a str,
    pub(super) quantity: Option<f64>,
    pub(super) unit: &'a str,
}

/// One FOCUS row; empty strings and `None` are written as nulls.
#[derive(Debug, Clone, Default)]
pub(super) struct FocusCharge<'a> {
    pub(super) sub_account_id: &'a str,
    pub(super) sub_account_name: &'a str,
    pub(super) category: &'a str,
    pub(super) description: &'a str,
    pub(super) frequency: &'a str,
    /// Charge period, start inclusive and end exclusive, whole days.
    pub(super) period: (NaiveDate, NaiveDate),
    pub(super) billed: f64,
    pub(super) effective: f64,
    pub(super) list: f64,
    pub(super) contracted: f64,
    pub(super) list_unit_price: Option<f64>,
    pub(super) contracted_unit_price: Option<f64>,
    pub(super) pricing_category: &'a str,
    pub(super) pricing_quantity: Option<f64>,
    pub(super) pricing_unit: &'a str,
    pub(super) consumed_quantity: Option<f64>,
    pub(super) consumed_unit: &'a str,
    pub(super) commitment: Option<Commitment<'a>>,
    pub(super) region_id: &'a str,
    pub(super) region_name: &'a str,
    pub(super) availability_zone: &'a str,
    pub(super) resource_id: &'a str,
    pub(super) resource_name: &'a str,
    pub(super) resource_type: &'a str,
    pub(super) service_name: &'a str,
    pub(super) service_category: &'a str,
    pub(super) service_subcategory: &'a str,
    pub(super) sku_id: &'a str,
    pub(super) sku_meter: &'a str,
    pub(super) sku_price_id: &'a str,
    /// Already rendered JSON object, or empty.
    pub(super) tags: &'a str,
}

fn timestamp(sink: &mut CsvSink, column: F, date: NaiveDate) {
    sink.show(column, format_args!("{date}T00:00:00Z"));
}

fn optional(sink: &mut CsvSink, column: F, value: Option<f64>) {
    if let Some(value) = value {
        sink.num(column, value);
    }
}

/// Writes one charge as a FOCUS row.
pub(super) fn write(sink: &mut CsvSink, file: &FocusFile<'_>, c: &FocusCharge<'_>) -> io::Result<()> {
    sink.text(F::ProviderName, file.provider);
    sink.text(F::PublisherName, file.publisher);
    sink.text(F::InvoiceIssuerName, file.invoice_issuer);
    sink.text(F::InvoiceId, file.invoice_id);
    sink.text(F::BillingAccountId, file.billing_account_id);
    sink.text(F::BillingAccountName, file.billing_account_name);
    sink.text(F::BillingAccountType, file.billing_account_type);
    sink.text(F::BillingCurrency, file.currency);
    timestamp(sink, F::BillingPeriodStart, file.month.start);
    timestamp(sink, F::BillingPeriodEnd, file.month.end);
    sink.text(F::SubAccountId, c.sub_account_id);
    sink.text(F::SubAccountName, c.sub_account_name);
    if !c.sub_account_id.is_empty() {
        sink.text(F::SubAccountType, file.sub_account_type);
    }
    sink.text(F::ChargeCategory, c.category);
    sink.text(F::ChargeDescription, c.description);
    sink.text(F::ChargeFrequency, c.frequency);
    timestamp(sink, F::ChargePeriodStart, c.period.0);
    timestamp(sink, F::ChargePeriodEnd, c.period.1);
    sink.num(F::BilledCost, c.billed);
    sink.num(F::EffectiveCost, c.effective);
    sink.num(F::ListCost, c.list);
    sink.num(F::ContractedCost, c.contracted);
    optional(sink, F::ListUnitPrice, c.list_unit_price);
    optional(sink, F::ContractedUnitPrice, c.contracted_unit_price);
    sink.text(F::PricingCategory, c.pricing_category);
    optional(sink, F::PricingQuantity, c.pricing_quantity);
    sink.text(F::PricingUnit, c.pricing_unit);
    if c.list_unit_price.is_some() {
        // Every price here is quoted in the billing currency, so the pricing-currency columns repeat it.
        sink.text(F::PricingCurrency, file.currency);
        optional(sink, F::PricingCurrencyListUnitPrice, c.list_unit_price);
        optional(sink, F::PricingCurrencyContractedUnitPrice, c.contracted_unit_price);
        sink.num(F::PricingCurrencyEffectiveCost, c.effective);
    }
    optional(sink, F::ConsumedQuantity, c.consumed_quantity);
    sink.text(F::ConsumedUnit, c.consumed_unit);
    if let Some(cd) = &c.commitment {
        sink.text(F::CommitmentDiscountId, cd.id);
        sink.text(F::CommitmentDiscountName, cd.name);
        sink.text(F::CommitmentDiscountCategory, cd.category);
        sink.text(F::CommitmentDiscountType, cd.kind);
        sink.text(F::CommitmentDiscountStatus, cd.status);
        optional(sink, F::CommitmentDiscountQuantity, cd.quantity);
        sink.text(F::CommitmentDiscountUnit, cd.unit);
    }
    sink.text(F::RegionId, c.region_id);
    sink.text(F::RegionName, c.region_name);
    sink.text(F::AvailabilityZone, c.availability_zone);
    sink.text(F::ResourceId, c.resource_id);
    sink.text(F::ResourceName, c.resource_name);
    sink.text(F::ResourceType, c.resource_type);
    sink.text(F::ServiceName, c.service_name);
    sink.text(F::ServiceCategory, c.service_category);
    sink.text(F::ServiceSubcategory, c.service_subcategory);
    sink.text(F::SkuId, c.sku_id);
    sink.text(F::SkuMeter, c.sku_meter);
    sink.text(F::SkuPriceId, c.sku_price_id);
    sink.text(F::Tags, c.tags);
    sink.end_row(c.billed, c.effective)
}
