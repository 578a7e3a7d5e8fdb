//! The AWS legacy CUR layout: the columns of a real export (daily granularity, resource ids included) and
//! how one line item fills them.

use std::io;

use super::aws_catalog::{tag_column, Kind, Line, SAVINGS_PLAN_FACTOR};
use super::aws_cur::{AwsSim, ENTITY};
use super::sink::{columns, money, CsvSink};
use super::Month;

// The sample export's 94 columns in their order, plus `lineItem/ResourceId` and `reservation/ReservationARN`
// (present in real exports that include resource ids and hold reservations), plus one column per tag key.
columns!(pub(super) enum A, const HEADER = {
    IdentityLineItemId => "identity/LineItemId", IdentityTimeInterval => "identity/TimeInterval",
    BillInvoiceId => "bill/InvoiceId", BillInvoicingEntity => "bill/InvoicingEntity",
    BillBillingEntity => "bill/BillingEntity", BillBillType => "bill/BillType",
    BillPayerAccountId => "bill/PayerAccountId", BillBillingPeriodStartDate => "bill/BillingPeriodStartDate",
    BillBillingPeriodEndDate => "bill/BillingPeriodEndDate", UsageAccountId => "lineItem/UsageAccountId",
    LineItemType => "lineItem/LineItemType", UsageStartDate => "lineItem/UsageStartDate",
    UsageEndDate => "lineItem/UsageEndDate", ProductCode => "lineItem/ProductCode", UsageType => "lineItem/UsageType",
    Operation => "lineItem/Operation", AvailabilityZone => "lineItem/AvailabilityZone", ResourceId => "lineItem/ResourceId",
    UsageAmount => "lineItem/UsageAmount", NormalizationFactor => "lineItem/NormalizationFactor",
    NormalizedUsageAmount => "lineItem/NormalizedUsageAmount", CurrencyCode => "lineItem/CurrencyCode",
    UnblendedRate => "lineItem/UnblendedRate", UnblendedCost => "lineItem/UnblendedCost",
    BlendedRate => "lineItem/BlendedRate", BlendedCost => "lineItem/BlendedCost",
    LineItemDescription => "lineItem/LineItemDescription", TaxType => "lineItem/TaxType",
    LegalEntity => "lineItem/LegalEntity", ProductProductName => "product/ProductName",
    ProductAvailability => "product/availability", ProductDurability => "product/durability",
    ProductEventType => "product/eventType", ProductFeeCode => "product/feeCode",
    ProductFeeDescription => "product/feeDescription", ProductFromLocation => "product/fromLocation",
    ProductFromLocationType => "product/fromLocationType", ProductFromRegionCode => "product/fromRegionCode",
    ProductGroup => "product/group", ProductGroupDescription => "product/groupDescription",
    ProductLocation => "product/location", ProductLocationType => "product/locationType",
    ProductMessageDeliveryFrequency => "product/messageDeliveryFrequency",
    ProductMessageDeliveryOrder => "product/messageDeliveryOrder", ProductOperation => "product/operation",
    ProductOverhead => "product/overhead", ProductProductFamily => "product/productFamily",
    ProductProductType => "product/productType", ProductQueueType => "product/queueType",
    ProductRegion => "product/region", ProductRegionCode => "product/regionCode",
    ProductServicecode => "product/servicecode", ProductServicename => "product/servicename",
    ProductSku => "product/sku", ProductStorageClass => "product/storageClass",
    ProductStorageMedia => "product/storageMedia", ProductToLocation => "product/toLocation",
    ProductToLocationType => "product/toLocationType", ProductToRegionCode => "product/toRegionCode",
    ProductTransferType => "product/transferType", ProductUsagetype => "product/usagetype",
    ProductVersion => "product/version", ProductVolumeType => "product/volumeType",
    PricingRateCode => "pricing/RateCode", PricingRateId => "pricing/RateId", PricingCurrency => "pricing/currency",
    PricingPublicOnDemandCost => "pricing/publicOnDemandCost",
    PricingPublicOnDemandRate => "pricing/publicOnDemandRate", PricingTerm => "pricing/term",
    PricingUnit => "pricing/unit", RiAmortizedUpfrontCostForUsage => "reservation/AmortizedUpfrontCostForUsage",
    RiAmortizedUpfrontFeeForBillingPeriod => "reservation/AmortizedUpfrontFeeForBillingPeriod",
    RiEffectiveCost => "reservation/EffectiveCost", RiEndTime => "reservation/EndTime",
    RiModificationStatus => "reservation/ModificationStatus",
    RiNormalizedUnitsPerReservation => "reservation/NormalizedUnitsPerReservation",
    RiNumberOfReservations => "reservation/NumberOfReservations",
    RiRecurringFeeForUsage => "reservation/RecurringFeeForUsage", RiReservationARN => "reservation/ReservationARN",
    RiStartTime => "reservation/StartTime", RiSubscriptionId => "reservation/SubscriptionId",
    RiTotalReservedNormalizedUnits => "reservation/TotalReservedNormalizedUnits",
    RiTotalReservedUnits => "reservation/TotalReservedUnits",
    RiUnitsPerReservation => "reservation/UnitsPerReservation",
    RiUnusedAmortizedUpfrontFeeForBillingPeriod => "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
    RiUnusedNormalizedUnitQuantity => "reservation/UnusedNormalizedUnitQuantity",
    RiUnusedQuantity => "reservation/UnusedQuantity", RiUnusedRecurringFee => "reservation/UnusedRecurringFee",
    RiUpfrontValue => "reservation/UpfrontValue", SpTotalCommitmentToDate => "savingsPlan/TotalCommitmentToDate",
    SpARN => "savingsPlan/SavingsPlanARN", SpRate => "savingsPlan/SavingsPlanRate",
    SpUsedCommitment => "savingsPlan/UsedCommitment", SpEffectiveCost => "savingsPlan/SavingsPlanEffectiveCost",
    SpAmortizedUpfrontCommitmentForBillingPeriod => "savingsPlan/AmortizedUpfrontCommitmentForBillingPeriod",
    SpRecurringCommitmentForBillingPeriod => "savingsPlan/RecurringCommitmentForBillingPeriod",
    TagApplicationPascal => "resourceTags/user:Application", TagCostCenterPascal => "resourceTags/user:CostCenter",
    TagEnvironmentPascal => "resourceTags/user:Environment", TagTeamPascal => "resourceTags/user:Team",
    TagApplication => "resourceTags/user:application", TagCostCenter => "resourceTags/user:costcenter",
    TagEnvironment => "resourceTags/user:environment", TagTeam => "resourceTags/user:team",
});

/// CUR timestamps: ISO 8601 with milliseconds, UTC.
fn stamp(sink: &mut CsvSink, column: A, date: chrono::NaiveDate) {
    sink.show(column, format_args!("{date}T00:00:00.000Z"));
}

/// Fills and writes one CUR row.
pub(super) fn write_native(
    sink: &mut CsvSink,
    sim: &AwsSim,
    month: &Month,
    invoice_id: &str,
    line_id: &str,
    line: &Line<'_>,
) -> io::Result<()> {
    let account = &sim.accounts[line.account as usize];
    sink.text(A::IdentityLineItemId, line_id);
    sink.show(A::IdentityTimeInterval, format_args!("{}T00:00:00Z/{}T00:00:00Z", line.start, line.end));
    sink.text(A::BillInvoiceId, invoice_id);
    sink.text(A::BillInvoicingEntity, ENTITY);
    sink.text(A::BillBillingEntity, "AWS");
    sink.text(A::BillBillType, "Anniversary");
    sink.text(A::BillPayerAccountId, &sim.accounts[0].id);
    stamp(sink, A::BillBillingPeriodStartDate, month.start);
    stamp(sink, A::BillBillingPeriodEndDate, month.end);
    sink.text(A::UsageAccountId, &account.id);
    sink.text(A::LineItemType, line.kind.as_str());
    stamp(sink, A::UsageStartDate, line.start);
    stamp(sink, A::UsageEndDate, line.end);
    sink.text(A::ProductCode, line.product_code);
    sink.text(A::UsageType, line.usage_type);
    sink.text(A::CurrencyCode, "USD");
    sink.text(A::LegalEntity, ENTITY);
    sink.text(A::ProductProductName, line.product_name);
    sink.text(A::LineItemDescription, line.description);
    sink.num(A::UnblendedCost, line.cost);
    sink.num(A::BlendedCost, line.cost);
    if let Some(rate) = line.rate {
        sink.num(A::UnblendedRate, rate);
        sink.num(A::BlendedRate, rate);
    }
    // A negation only moves money: it consumes nothing, so usage summed per usage type stays right.
    let quantity = if line.kind == Kind::SpNegation { Some(0.0) } else { line.quantity };
    if let Some(quantity) = quantity {
        sink.num(A::UsageAmount, quantity);
    }
    sink.num(A::PricingPublicOnDemandCost, if line.kind == Kind::SpNegation { 0.0 } else { line.public_cost });
    if let Some(service) = line.service {
        sink.text(A::Operation, service.operation);
        sink.text(A::ProductOperation, service.operation);
        sink.text(A::AvailabilityZone, line.zone);
        sink.text(A::ResourceId, line.resource_id);
        sink.text(A::ProductProductFamily, service.family);
        sink.text(A::ProductRegion, account.region.code);
        sink.text(A::ProductRegionCode, account.region.code);
        sink.text(A::ProductLocation, account.region.name);
        sink.text(A::ProductLocationType, "AWS Region");
        sink.text(A::ProductServicecode, service.code);
        sink.text(A::ProductServicename, service.name);
        sink.text(A::ProductSku, service.sku);
        sink.text(A::ProductUsagetype, line.usage_type);
        sink.show(A::PricingRateCode, format_args!("{}.JRTCKXETXF.6YS6EN2CT7", service.sku));
        sink.text(A::PricingCurrency, "USD");
        sink.num(A::PricingPublicOnDemandRate, service.rate);
        sink.text(A::PricingTerm, if line.kind == Kind::RiUsage { "Reserved" } else { "OnDemand" });
        sink.text(A::PricingUnit, service.unit);
        if service.normalization > 0.0 {
            sink.num(A::NormalizationFactor, service.normalization);
            sink.num(A::NormalizedUsageAmount, money(quantity.unwrap_or(0.0) * service.normalization));
        }
    }
    if let Some(resource) = line.resource {
        for (key, value) in resource.tags.pairs(account.style) {
            if let Some(column) = tag_column(key) {
                sink.text(column, value);
            }
        }
    }
    commitment_columns(sink, sim, month, line);
    if line.kind == Kind::Tax {
        sink.text(A::TaxType, "Sales Tax");
    }
    sink.end_row(line.cost, line.effective)
}

fn commitment_columns(sink: &mut CsvSink, sim: &AwsSim, month: &Month, line: &Line<'_>) {
    match (line.kind, &sim.savings_plan, &sim.reservation) {
        (Kind::SpCovered | Kind::SpNegation, Some(sp), _) => {
            sink.text(A::SpARN, &sp.arn);
            sink.num(A::SpRate, money(line.rate.unwrap_or(0.0) * SAVINGS_PLAN_FACTOR));
            if line.kind == Kind::SpCovered {
                sink.num(A::SpEffectiveCost, line.effective);
            }
        }
        (Kind::SpFee, Some(sp), _) => {
            sink.text(A::SpARN, &sp.arn);
            sink.num(A::SpTotalCommitmentToDate, line.cost);
            sink.num(A::SpUsedCommitment, line.used);
            sink.num(A::SpAmortizedUpfrontCommitmentForBillingPeriod, 0.0);
            sink.num(A::SpRecurringCommitmentForBillingPeriod, money(sp.daily * f64::from(month.days)));
        }
        (Kind::RiUsage | Kind::RiFee, _, Some(ri)) => {
            sink.text(A::RiReservationARN, &ri.arn);
            stamp(sink, A::RiStartTime, ri.start);
            stamp(sink, A::RiEndTime, ri.end);
            if line.kind == Kind::RiUsage {
                sink.num(A::RiEffectiveCost, line.effective);
                sink.num(A::RiRecurringFeeForUsage, line.effective);
                sink.num(A::RiAmortizedUpfrontCostForUsage, 0.0);
            } else {
                let hours = line.quantity.unwrap_or(0.0);
                sink.num(A::RiNumberOfReservations, f64::from(ri.count));
                sink.num(A::RiTotalReservedUnits, hours);
                sink.num(A::RiUnitsPerReservation, hours / f64::from(ri.count.max(1)));
                sink.num(A::RiUnusedQuantity, line.unused_quantity);
                sink.num(A::RiUnusedRecurringFee, line.effective);
                sink.num(A::RiUnusedAmortizedUpfrontFeeForBillingPeriod, 0.0);
                sink.num(A::RiAmortizedUpfrontFeeForBillingPeriod, 0.0);
                sink.num(A::RiUpfrontValue, 0.0);
            }
        }
        _ => {}
    }
}
