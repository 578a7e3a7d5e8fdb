//! The Azure EA cost-details layout (the 55 columns of a real amortized export, MM/DD/YYYY dates, `Tags` as
//! JSON members without the outer braces) and the FOCUS rendition of each row.

use std::io;

use super::azure::{AzureSim, Charge, Line};
use super::azure_catalog::{AzureCover, Enrollment};
use super::focus::{self, Commitment, FocusCharge, FocusFile};
use super::rng::{label, Rng};
use super::sink::{columns, money, CsvSink};
use super::Month;

columns!(pub(super) enum Z, const HEADER = {
    BillingAccountId => "BillingAccountId", BillingAccountName => "BillingAccountName",
    BillingPeriodStartDate => "BillingPeriodStartDate", BillingPeriodEndDate => "BillingPeriodEndDate",
    BillingProfileId => "BillingProfileId", BillingProfileName => "BillingProfileName",
    AccountOwnerId => "AccountOwnerId", AccountName => "AccountName", SubscriptionId => "SubscriptionId",
    SubscriptionName => "SubscriptionName", Date => "Date", Product => "Product", PartNumber => "PartNumber",
    MeterId => "MeterId", ServiceFamily => "ServiceFamily", MeterCategory => "MeterCategory",
    MeterSubCategory => "MeterSubCategory", MeterRegion => "MeterRegion", MeterName => "MeterName",
    Quantity => "Quantity", EffectivePrice => "EffectivePrice", Cost => "Cost", UnitPrice => "UnitPrice",
    BillingCurrency => "BillingCurrency", ResourceLocation => "ResourceLocation",
    AvailabilityZone => "AvailabilityZone", ConsumedService => "ConsumedService", ResourceId => "ResourceId",
    ResourceName => "ResourceName", ServiceInfo1 => "ServiceInfo1", ServiceInfo2 => "ServiceInfo2",
    AdditionalInfo => "AdditionalInfo", Tags => "Tags", InvoiceSectionId => "InvoiceSectionId",
    InvoiceSection => "InvoiceSection", CostCenter => "CostCenter", UnitOfMeasure => "UnitOfMeasure",
    ResourceGroup => "ResourceGroup", ReservationId => "ReservationId", ReservationName => "ReservationName",
    ProductOrderId => "ProductOrderId", ProductOrderName => "ProductOrderName", OfferId => "OfferId",
    IsAzureCreditEligible => "IsAzureCreditEligible", Term => "Term", PublisherName => "PublisherName",
    PlanName => "PlanName", ChargeType => "ChargeType", Frequency => "Frequency", PublisherType => "PublisherType",
    PayGPrice => "PayGPrice", PricingModel => "PricingModel", CostAllocationRuleName => "CostAllocationRuleName",
    BenefitId => "benefitId", BenefitName => "benefitName",
});

fn us_date(sink: &mut CsvSink, column: Z, date: chrono::NaiveDate) {
    sink.show(column, date.format("%m/%d/%Y"));
}

/// Fills and writes one cost-details row.
pub(super) fn write_native(
    sink: &mut CsvSink,
    sim: &AzureSim,
    enrollment: &Enrollment,
    month: &Month,
    line: &Line<'_>,
) -> io::Result<()> {
    let sub = &sim.subscriptions[line.subscription];
    let service = line.service;
    sink.text(Z::BillingAccountId, &enrollment.id);
    sink.text(Z::BillingAccountName, enrollment.name);
    sink.text(Z::BillingProfileId, &enrollment.id);
    sink.text(Z::BillingProfileName, enrollment.name);
    us_date(sink, Z::BillingPeriodStartDate, month.start);
    // EA writes the last day of the month, not the exclusive end.
    us_date(sink, Z::BillingPeriodEndDate, month.end.pred_opt().unwrap_or(month.end));
    sink.text(Z::AccountOwnerId, "cloud-billing@acme.example");
    sink.text(Z::AccountName, "Acme Cloud Team");
    sink.text(Z::SubscriptionId, &sub.id);
    sink.text(Z::SubscriptionName, &sub.name);
    us_date(sink, Z::Date, line.date);
    sink.show(Z::Product, format_args!("{} - {}", service.product, enrollment.meter_region));
    sink.text(Z::PartNumber, service.part_number);
    sink.text(Z::MeterId, &Rng::keyed(label(service.meter_name), &[]).guid());
    sink.text(Z::ServiceFamily, service.service_family);
    sink.text(Z::MeterCategory, service.meter_category);
    sink.text(Z::MeterSubCategory, service.meter_subcategory);
    sink.text(Z::MeterRegion, enrollment.meter_region);
    sink.text(Z::MeterName, service.meter_name);
    sink.num(Z::Quantity, line.quantity);
    sink.num(Z::EffectivePrice, line.effective_price);
    sink.num(Z::Cost, line.cost);
    sink.num(Z::UnitPrice, line.unit_price);
    sink.num(Z::PayGPrice, line.payg_price);
    sink.text(Z::BillingCurrency, enrollment.currency);
    sink.text(Z::UnitOfMeasure, service.unit);
    sink.text(Z::InvoiceSection, "Engineering");
    sink.text(Z::CostCenter, "CC-100");
    sink.text(Z::OfferId, "MS-AZR-0017P");
    sink.text(Z::IsAzureCreditEligible, "True");
    sink.text(Z::PublisherName, "Microsoft");
    sink.text(Z::PublisherType, "Azure");
    sink.text(Z::ChargeType, charge_type(line.charge));
    sink.text(Z::Frequency, if line.charge == Charge::Purchase { "Recurring" } else { "UsageBased" });
    sink.text(Z::PricingModel, line.model);
    if let Some(index) = line.resource {
        let resource = &sim.resources[index];
        let tags: Vec<String> =
            sim.fleet.resources[index].tags.pairs(sub.style).map(|(k, v)| format!("\"{k}\": \"{v}\"")).collect();
        sink.text(Z::ResourceLocation, enrollment.location);
        sink.text(Z::ConsumedService, service.consumed_service);
        sink.text(Z::ResourceId, &resource.id);
        sink.text(Z::ResourceName, &resource.name);
        sink.text(Z::ResourceGroup, &resource.group);
        sink.text(Z::AdditionalInfo, service.additional_info);
        sink.text(Z::Tags, &tags.join(","));
    }
    if let Some(benefit) = line.benefit {
        sink.text(Z::BenefitId, &benefit.id);
        sink.text(Z::BenefitName, &benefit.name);
        sink.text(Z::Term, "12");
        if line.resource.is_none() {
            sink.text(Z::ResourceId, &benefit.id);
            let consumed = match benefit.cover {
                AzureCover::Reservation => "Microsoft.Capacity",
                _ => "Microsoft.BillingBenefits",
            };
            sink.text(Z::ConsumedService, consumed);
        }
        if benefit.cover == AzureCover::Reservation {
            sink.text(Z::ReservationId, &benefit.instance_id);
            sink.text(Z::ReservationName, &benefit.name);
            sink.text(Z::ProductOrderId, &benefit.order_id);
            sink.text(Z::ProductOrderName, &benefit.order_name);
        }
    }
    sink.end_row(line.billed(), line.effective())
}

fn charge_type(charge: Charge) -> &'static str {
    match charge {
        Charge::Usage => "Usage",
        Charge::Purchase => "Purchase",
        Charge::UnusedReservation => "UnusedReservation",
        Charge::UnusedSavingsPlan => "UnusedSavingsPlan",
    }
}

/// Writes the FOCUS row of one cost-details row (Microsoft's FOCUS conversion, amortized side).
pub(super) fn write_focus(
    sink: &mut CsvSink,
    sim: &AzureSim,
    enrollment: &Enrollment,
    month: &Month,
    line: &Line<'_>,
) -> io::Result<()> {
    let sub = &sim.subscriptions[line.subscription];
    let service = line.service;
    let file = FocusFile {
        provider: "Microsoft",
        publisher: "Microsoft",
        invoice_issuer: "Microsoft",
        billing_account_id: &enrollment.id,
        billing_account_name: enrollment.name,
        billing_account_type: "Billing Account",
        sub_account_type: "Subscription",
        currency: enrollment.currency,
        invoice_id: "",
        month,
    };
    let description = format!("{} - {}", service.product, enrollment.meter_region);
    let tags = line.resource.map(|i| sim.fleet.resources[i].tags.json_object(sub.style)).unwrap_or_default();
    let purchase = line.charge == Charge::Purchase;
    let usage = line.charge == Charge::Usage;
    let next_day = line.date.succ_opt().unwrap_or(line.date);
    let mut charge = FocusCharge {
        sub_account_id: &sub.id,
        sub_account_name: &sub.name,
        category: if purchase { "Purchase" } else { "Usage" },
        description: &description,
        frequency: if purchase { "Recurring" } else { "Usage-Based" },
        period: if purchase { (month.start, month.end) } else { (line.date, next_day) },
        billed: line.billed(),
        effective: line.effective(),
        list: if usage {
            money(line.quantity * line.payg_price)
        } else if purchase {
            line.cost
        } else {
            0.0
        },
        contracted: if usage {
            money(line.quantity * line.unit_price)
        } else if purchase {
            line.cost
        } else {
            0.0
        },
        list_unit_price: usage.then_some(line.payg_price),
        contracted_unit_price: usage.then_some(line.unit_price),
        pricing_category: match (purchase, line.model) {
            (true, _) => "",
            (false, "OnDemand") => "Standard",
            _ => "Committed",
        },
        pricing_quantity: Some(line.quantity),
        pricing_unit: service.focus_unit,
        consumed_quantity: usage.then_some(line.quantity),
        consumed_unit: if usage { service.focus_unit } else { "" },
        region_id: enrollment.region_id,
        region_name: enrollment.region_name,
        service_name: service.meter_category,
        service_category: service.category,
        service_subcategory: service.subcategory,
        sku_id: service.part_number,
        sku_meter: service.meter_name,
        tags: &tags,
        ..FocusCharge::default()
    };
    if let Some(index) = line.resource {
        charge.resource_id = &sim.resources[index].id;
        charge.resource_name = &sim.resources[index].name;
        charge.resource_type = service.resource_type;
    }
    if let Some(benefit) = line.benefit {
        let reservation = benefit.cover == AzureCover::Reservation;
        if line.resource.is_none() {
            charge.resource_id = &benefit.id;
        }
        charge.commitment = Some(Commitment {
            id: &benefit.id,
            name: &benefit.name,
            category: if reservation { "Usage" } else { "Spend" },
            kind: if reservation { "Reservation" } else { "Savings Plan" },
            status: match line.charge {
                Charge::Usage => "Used",
                Charge::Purchase => "",
                _ => "Unused",
            },
            // Usage-based commitments count hours; spend-based ones count the money they absorbed.
            quantity: (!purchase).then_some(if reservation { line.quantity } else { line.cost }),
            unit: if reservation { "Hours" } else { enrollment.currency },
        });
    }
    focus::write(sink, &file, &charge)
}
