//! AWS Cost and Usage Reports: the legacy CUR (`lineItem/UnblendedCost`, CSV, CSV.gz or Parquet) and
//! CUR 2.0 / Data Exports (`line_item_unblended_cost`, map columns as JSON text in CSV or Parquet maps).
//!
//! Both carry the same fields under two spellings, so each field lists its legacy and its 2.0 name.
//! EffectiveCost follows the line item type (provider-mappings.md): Savings Plan and RI covered usage take
//! their effective-cost columns, negations and up-front fees are zero, recurring fees keep only their
//! unused part; together the rows of one commitment sum to what it billed.

use std::path::Path;

use rust_decimal::Decimal;

use super::values::next_month_start;
use super::{Columns, Mapper, PassThrough, Row};
use crate::error::Result;
use crate::model::*;

pub(super) fn matches_legacy(c: &Columns) -> bool {
    c.has(&["lineItem/UnblendedCost"]) && c.has(&["lineItem/LineItemType"])
}

pub(super) fn matches_cur2(c: &Columns) -> bool {
    c.has(&["line_item_unblended_cost"]) && c.has(&["line_item_line_item_type"])
}

/// Column indices of a CUR header, legacy or 2.0.
pub(super) struct AwsMapper {
    payer: usize,
    period_start: usize,
    period_end: Option<usize>,
    usage_account: Option<usize>,
    line_item_type: usize,
    usage_start: usize,
    usage_end: Option<usize>,
    product_code: Option<usize>,
    product_name: Option<usize>,
    product_map: Option<usize>,
    usage_amount: Option<usize>,
    currency: usize,
    unblended_cost: usize,
    net_unblended_cost: Option<usize>,
    resource: Option<usize>,
    region: Option<usize>,
    public_cost: Option<usize>,
    public_rate: Option<usize>,
    term: Option<usize>,
    purchase_option: Option<usize>,
    unit: Option<usize>,
    invoicing_entity: Option<usize>,
    sp_arn: Option<usize>,
    sp_effective: Option<usize>,
    sp_total_commitment: Option<usize>,
    sp_used_commitment: Option<usize>,
    ri_arn: Option<usize>,
    ri_effective: Option<usize>,
    ri_unused_upfront: Option<usize>,
    ri_unused_recurring: Option<usize>,
    tag_columns: Vec<(usize, String)>,
    tag_map: Option<usize>,
    pass_through: PassThrough,
}

const FORMAT: &str = "AWS CUR";

/// Attributes copied as they are: (FOCUS or `x_` column, legacy and CUR 2.0 names).
const PASS_THROUGH: &[(&str, &[&str])] = &[
    ("BillingAccountName", &["bill/PayerAccountName", "bill_payer_account_name"]),
    ("SubAccountName", &["lineItem/UsageAccountName", "line_item_usage_account_name"]),
    ("ChargeDescription", &["lineItem/LineItemDescription", "line_item_line_item_description"]),
    ("InvoiceId", &["bill/InvoiceId", "bill_invoice_id"]),
    ("PublisherName", &["lineItem/LegalEntity", "line_item_legal_entity"]),
    ("RegionName", &["product/location", "product_location"]),
    ("AvailabilityZone", &["lineItem/AvailabilityZone", "line_item_availability_zone"]),
    ("SkuId", &["product/sku", "product_sku"]),
    ("SkuPriceId", &["pricing/RateId", "pricing_rate_id"]),
    ("SkuMeter", &["lineItem/UsageType", "line_item_usage_type"]),
    ("PricingUnit", &["pricing/unit", "pricing_unit"]),
    ("x_ServiceCode", &["lineItem/ProductCode", "line_item_product_code"]),
    ("x_UsageType", &["lineItem/UsageType", "line_item_usage_type"]),
    ("x_Operation", &["lineItem/Operation", "line_item_operation"]),
];

impl AwsMapper {
    pub(super) fn new(path: &Path, c: &Columns) -> Result<Self> {
        let f = |legacy: &str, cur2: &str| c.find(&[legacy, cur2]);
        let r = |legacy: &str, cur2: &str| c.require(path, FORMAT, &[legacy, cur2]);
        Ok(AwsMapper {
            payer: r("bill/PayerAccountId", "bill_payer_account_id")?,
            period_start: r("bill/BillingPeriodStartDate", "bill_billing_period_start_date")?,
            period_end: f("bill/BillingPeriodEndDate", "bill_billing_period_end_date"),
            usage_account: f("lineItem/UsageAccountId", "line_item_usage_account_id"),
            line_item_type: r("lineItem/LineItemType", "line_item_line_item_type")?,
            usage_start: r("lineItem/UsageStartDate", "line_item_usage_start_date")?,
            usage_end: f("lineItem/UsageEndDate", "line_item_usage_end_date"),
            product_code: f("lineItem/ProductCode", "line_item_product_code"),
            product_name: f("product/ProductName", "product_product_name"),
            product_map: c.find(&["product"]),
            usage_amount: f("lineItem/UsageAmount", "line_item_usage_amount"),
            currency: r("lineItem/CurrencyCode", "line_item_currency_code")?,
            unblended_cost: r("lineItem/UnblendedCost", "line_item_unblended_cost")?,
            net_unblended_cost: f("lineItem/NetUnblendedCost", "line_item_net_unblended_cost"),
            resource: f("lineItem/ResourceId", "line_item_resource_id"),
            region: c.find(&["product/regionCode", "product/region", "product_region_code", "product_region"]),
            public_cost: f("pricing/publicOnDemandCost", "pricing_public_on_demand_cost"),
            public_rate: f("pricing/publicOnDemandRate", "pricing_public_on_demand_rate"),
            term: f("pricing/term", "pricing_term"),
            purchase_option: f("pricing/PurchaseOption", "pricing_purchase_option"),
            unit: f("pricing/unit", "pricing_unit"),
            invoicing_entity: f("bill/InvoicingEntity", "bill_invoicing_entity"),
            sp_arn: f("savingsPlan/SavingsPlanARN", "savings_plan_savings_plan_a_r_n"),
            sp_effective: f("savingsPlan/SavingsPlanEffectiveCost", "savings_plan_savings_plan_effective_cost"),
            sp_total_commitment: f("savingsPlan/TotalCommitmentToDate", "savings_plan_total_commitment_to_date"),
            sp_used_commitment: f("savingsPlan/UsedCommitment", "savings_plan_used_commitment"),
            ri_arn: f("reservation/ReservationARN", "reservation_reservation_a_r_n"),
            ri_effective: f("reservation/EffectiveCost", "reservation_effective_cost"),
            ri_unused_upfront: f(
                "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
                "reservation_unused_amortized_upfront_fee_for_billing_period",
            ),
            ri_unused_recurring: f("reservation/UnusedRecurringFee", "reservation_unused_recurring_fee"),
            tag_columns: tag_columns(c),
            tag_map: c.find(&["resource_tags"]),
            pass_through: PassThrough::new(c, PASS_THROUGH),
        })
    }

    fn service_name<'a>(&self, row: &Row<'a>) -> String {
        if let Some(name) = row.text(self.product_name) {
            return name.to_string();
        }
        // CUR 2.0 keeps product attributes in the `product` map column.
        if let Some(name) = row
            .text(self.product_map)
            .and_then(|m| serde_json::from_str::<serde_json::Value>(m).ok())
            .and_then(|v| v.get("product_name").and_then(|n| n.as_str().map(str::to_string)))
        {
            return name;
        }
        row.text(self.product_code).unwrap_or("Unknown").to_string()
    }
}

/// Tag columns and their raw keys: legacy CSV `resourceTags/user:Env`, and legacy CUR in Parquet, which
/// spells the same column `resource_tags_user_env` (the original case is lost there; `user_` is read back as
/// the `user:` prefix so both spellings normalize alike).
fn tag_columns(c: &Columns) -> Vec<(usize, String)> {
    let csv = c.with_prefix("resourceTags/").map(|(i, k)| (i, k.to_string()));
    let parquet = c.with_prefix("resource_tags_").map(|(i, k)| match k.strip_prefix("user_") {
        Some(rest) => (i, format!("user:{rest}")),
        None => (i, k.to_string()),
    });
    csv.chain(parquet).collect()
}

/// The FOCUS category and frequency of a CUR line item type; unknown types become Adjustment.
fn classify(line_item_type: &str) -> (ChargeCategory, Option<ChargeClass>, ChargeFrequency) {
    use ChargeCategory::*;
    match line_item_type {
        "Usage"
        | "DiscountedUsage"
        | "SavingsPlanCoveredUsage"
        | "SavingsPlanNegation"
        | "Discount"
        | "BundledDiscount"
        | "EdpDiscount"
        | "PrivateRateDiscount"
        | "DistributorDiscount" => (Usage, None, ChargeFrequency::UsageBased),
        "RIFee" | "SavingsPlanRecurringFee" => (Purchase, None, ChargeFrequency::Recurring),
        "Fee" | "SavingsPlanUpfrontFee" => (Purchase, None, ChargeFrequency::OneTime),
        "Tax" => (Tax, None, ChargeFrequency::UsageBased),
        "Credit" => (Credit, None, ChargeFrequency::OneTime),
        "Refund" => (Credit, Some(ChargeClass::Correction), ChargeFrequency::OneTime),
        _ => (Adjustment, None, ChargeFrequency::OneTime),
    }
}

impl Mapper for AwsMapper {
    fn currency_column(&self) -> Option<usize> {
        Some(self.currency)
    }

    fn map(&mut self, row: &Row<'_>) -> Result<Option<LineItem>> {
        let line_item_type = row.required_text(self.line_item_type)?;
        let (category, class, frequency) = classify(line_item_type);
        let period_start = row.required_timestamp(self.period_start)?;
        let period_end = row.timestamp(self.period_end)?.unwrap_or_else(|| next_month_start(period_start));
        // CUR 2.0 writes the inclusive last day (`2024-01-31`); FOCUS periods end exclusively.
        let period_end = if period_end.date_naive() < next_month_start(period_start).date_naive()
            && period_end.time() == chrono::NaiveTime::MIN
            && period_end > period_start
        {
            period_end + chrono::Duration::days(1)
        } else {
            period_end
        };
        let usage_start = row.required_timestamp(self.usage_start)?;
        let usage_end = row.timestamp(self.usage_end)?.unwrap_or(usage_start);
        let service = self.service_name(row);
        let mut item = LineItem::new(
            Provider::Aws,
            row.required_text(self.payer)?,
            row.text(Some(self.currency)).unwrap_or_default(),
            (period_start, period_end),
            (usage_start, usage_end),
            category,
            service.clone(),
        );
        item.charge_class = class;
        item.charge_frequency = Some(frequency);
        let unblended = row.decimal_or_zero(Some(self.unblended_cost))?;
        item.billed_cost = row.decimal(self.net_unblended_cost)?.unwrap_or(unblended);
        item.effective_cost = match line_item_type {
            "SavingsPlanCoveredUsage" => row.decimal_or_zero(self.sp_effective)?,
            "DiscountedUsage" => row.decimal_or_zero(self.ri_effective)?,
            "SavingsPlanNegation" | "SavingsPlanUpfrontFee" => Decimal::ZERO,
            "SavingsPlanRecurringFee" => {
                row.decimal_or_zero(self.sp_total_commitment)? - row.decimal_or_zero(self.sp_used_commitment)?
            }
            "RIFee" => row.decimal_or_zero(self.ri_unused_upfront)? + row.decimal_or_zero(self.ri_unused_recurring)?,
            _ => item.billed_cost,
        };
        let public_cost = row.decimal(self.public_cost)?;
        item.list_cost = match (public_cost, line_item_type) {
            (Some(cost), _) => cost,
            // Negations and discounts cancel other rows; at list price they are nothing.
            (None, "SavingsPlanNegation" | "Discount" | "BundledDiscount" | "EdpDiscount" | "PrivateRateDiscount") => {
                Decimal::ZERO
            }
            (None, _) => item.billed_cost,
        };
        // CUR has no negotiated rate apart from the public one: ContractedCost equals ListCost (FOCUS rule).
        item.contracted_cost = item.list_cost;
        item.list_unit_price = row.decimal(self.public_rate)?;
        item.contracted_unit_price = item.list_unit_price;
        item.pricing_quantity = row.decimal(self.usage_amount)?;
        if category == ChargeCategory::Usage {
            item.consumed_quantity = item.pricing_quantity;
            item.set_attribute("ConsumedUnit", row.text(self.unit));
        }
        item.pricing_category = pricing_category(line_item_type, row.text(self.term), row.text(self.purchase_option));
        if let Some(arn) = row.text(self.sp_arn) {
            item.commitment_discount_id = Some(arn.to_string());
            item.commitment_discount_category = Some(CommitmentDiscountCategory::Spend);
            item.set_attribute("CommitmentDiscountType", Some("Savings Plan"));
        } else if let Some(arn) = row.text(self.ri_arn) {
            item.commitment_discount_id = Some(arn.to_string());
            item.commitment_discount_category = Some(CommitmentDiscountCategory::Usage);
            item.set_attribute("CommitmentDiscountType", Some("Reserved Instance"));
        }
        if matches!(line_item_type, "SavingsPlanCoveredUsage" | "DiscountedUsage") {
            item.commitment_discount_status = Some(CommitmentDiscountStatus::Used);
        }
        item.sub_account_id = row.text(self.usage_account).map(str::to_string);
        item.service_category = service_category_for(&service);
        item.region_id = row.text(self.region).map(str::to_string);
        item.resource_id = row.text(self.resource).map(str::to_string);
        for (col, key) in &self.tag_columns {
            if let Some(v) = row.text(Some(*col)) {
                item.tags.insert(key, v);
            }
        }
        if self.tag_map.is_some() {
            item.tags = row.tags(self.tag_map)?;
        }
        item.set_attribute("InvoiceIssuerName", row.text(self.invoicing_entity).or(Some("AWS")));
        item.set_attribute("x_LineItemType", Some(line_item_type));
        self.pass_through.copy(row, &mut item);
        Ok(Some(item))
    }
}

fn pricing_category(
    line_item_type: &str,
    term: Option<&str>,
    purchase_option: Option<&str>,
) -> Option<PricingCategory> {
    if matches!(line_item_type, "SavingsPlanCoveredUsage" | "DiscountedUsage") {
        return Some(PricingCategory::Committed);
    }
    match term.or(purchase_option)?.to_ascii_lowercase().as_str() {
        "ondemand" | "on demand" => Some(PricingCategory::Standard),
        "reserved" => Some(PricingCategory::Committed),
        "spot" => Some(PricingCategory::Dynamic),
        _ => Some(PricingCategory::Other),
    }
}
