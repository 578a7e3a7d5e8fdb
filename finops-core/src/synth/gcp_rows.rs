//! The GCP BigQuery export flattened to CSV: the 28 columns of the standard export (nested records as dotted
//! names, `credits` and `labels` as JSON arrays) plus `resource.name` and `resource.global_name` from the
//! detailed export; and the FOCUS rendition of each row.

use std::fmt::Write as _;
use std::io;

use super::fleet::KeyStyle;
use super::focus::{self, Commitment, FocusCharge, FocusFile};
use super::gcp::{GcpKind, GcpSim, Line};
use super::gcp_catalog::{usage_amount, CUD_SKU};
use super::sink::{columns, CsvSink};
use super::Month;

columns!(pub(super) enum G, const HEADER = {
    BillingAccountId => "billing_account_id", ServiceId => "service.id", ServiceDescription => "service.description",
    SkuId => "sku.id", SkuDescription => "sku.description", UsageStartTime => "usage_start_time",
    UsageEndTime => "usage_end_time", ProjectId => "project.id", ProjectName => "project.name",
    ProjectLabels => "project.labels", ProjectAncestryNumbers => "project.ancestry_numbers", Labels => "labels",
    SystemLabels => "system_labels", LocationLocation => "location.location", LocationCountry => "location.country",
    LocationRegion => "location.region", LocationZone => "location.zone", ExportTime => "export_time",
    Cost => "cost", Currency => "currency", CurrencyConversionRate => "currency_conversion_rate",
    UsageAmount => "usage.amount", UsageUnit => "usage.unit",
    UsageAmountInPricingUnits => "usage.amount_in_pricing_units", UsagePricingUnit => "usage.pricing_unit",
    Credits => "credits", InvoiceMonth => "invoice.month", CostType => "cost_type",
    ResourceName => "resource.name", ResourceGlobalName => "resource.global_name",
});

/// What the row is billed as: the usage SKU, the commitment fee SKU, or tax.
fn sku<'a>(line: &'a Line<'_>) -> (&'a str, &'a str, &'a str, &'a str) {
    match line.kind {
        GcpKind::Usage => (line.service.service_id, line.service.service, line.service.sku_id, line.service.sku),
        GcpKind::CommitmentFee => (line.service.service_id, line.service.service, CUD_SKU.0, CUD_SKU.1),
        GcpKind::Tax => ("", "Invoice", "", "Tax"),
    }
}

/// Fills and writes one export row.
pub(super) fn write_native(sink: &mut CsvSink, sim: &GcpSim, month: &Month, line: &Line<'_>) -> io::Result<()> {
    let project = &sim.projects[line.project];
    let (service_id, service, sku_id, sku_description) = sku(line);
    sink.text(G::BillingAccountId, &sim.billing_account);
    sink.text(G::ServiceId, service_id);
    sink.text(G::ServiceDescription, service);
    sink.text(G::SkuId, sku_id);
    sink.text(G::SkuDescription, sku_description);
    sink.show(G::UsageStartTime, format_args!("{} 00:00:00+00:00", line.start));
    sink.show(G::UsageEndTime, format_args!("{} 00:00:00+00:00", line.end));
    sink.text(G::ProjectId, &project.id);
    sink.text(G::ProjectName, &project.name);
    sink.text(G::ProjectLabels, r#"[{"key":"department","value":"engineering"}]"#);
    sink.show(G::ProjectAncestryNumbers, format_args!("/{}/", project.number));
    sink.text(G::ExportTime, &sim.export_time(line.start));
    sink.num(G::Cost, line.cost);
    sink.text(G::Currency, "USD");
    sink.num(G::CurrencyConversionRate, 1.0);
    sink.show(G::InvoiceMonth, month.start.format("%Y%m"));
    sink.text(G::CostType, if line.kind == GcpKind::Tax { "tax" } else { "regular" });
    sink.text(G::LocationCountry, "US");
    let mut labels = String::from("[]");
    let mut system_labels = String::from("[]");
    if line.kind != GcpKind::Tax {
        let service = line.service;
        sink.text(G::LocationLocation, service.location);
        sink.text(G::LocationRegion, service.region);
        let pricing_unit = if line.kind == GcpKind::CommitmentFee { "hour" } else { service.pricing_unit };
        sink.num(G::UsageAmount, usage_amount(service, line.pricing_quantity, month.days));
        sink.text(G::UsageUnit, service.usage_unit);
        sink.num(G::UsageAmountInPricingUnits, line.pricing_quantity);
        sink.text(G::UsagePricingUnit, pricing_unit);
    } else {
        sink.num(G::UsageAmount, 0.0);
    }
    if let Some(index) = line.resource {
        let resource = &sim.resources[index];
        let fleet = &sim.fleet.resources[index];
        sink.text(G::LocationZone, resource.zone);
        sink.text(G::ResourceName, &resource.name);
        sink.text(G::ResourceGlobalName, &resource.global_name);
        // GCP label keys must be lowercase, so its case problem is across providers, not within.
        let pairs: Vec<String> =
            fleet.tags.pairs(KeyStyle::Lower).map(|(k, v)| format!(r#"{{"key":"{k}","value":"{v}"}}"#)).collect();
        labels = format!("[{}]", pairs.join(","));
        if line.service.committable {
            let cores = fleet.size;
            system_labels = format!(
                r#"[{{"key":"compute.googleapis.com/cores","value":"{cores}"}},{{"key":"compute.googleapis.com/machine_spec","value":"n2-standard-{cores}"}}]"#
            );
        }
    }
    sink.text(G::Labels, &labels);
    sink.text(G::SystemLabels, &system_labels);
    let mut credits = String::from("[");
    for (i, credit) in line.credits.iter().enumerate() {
        let comma = if i > 0 { "," } else { "" };
        let _ = write!(
            credits,
            r#"{comma}{{"name":"{}","amount":{},"full_name":"{}","id":"{}","type":"{}"}}"#,
            credit.name, credit.amount, credit.name, credit.id, credit.kind
        );
    }
    credits.push(']');
    sink.text(G::Credits, &credits);
    sink.end_row(line.cost, line.effective())
}

/// Writes the FOCUS rows of one export row (two for a partly unused commitment fee).
pub(super) fn write_focus(sink: &mut CsvSink, sim: &GcpSim, month: &Month, line: &Line<'_>) -> io::Result<()> {
    let project = &sim.projects[line.project];
    let file = FocusFile {
        provider: "Google Cloud",
        publisher: "Google Cloud",
        invoice_issuer: "Google Cloud",
        billing_account_id: &sim.billing_account,
        billing_account_name: "Acme Corp",
        billing_account_type: "Billing Account",
        sub_account_type: "Project",
        currency: "USD",
        invoice_id: "",
        month,
    };
    let (_, service_name, sku_id, sku_description) = sku(line);
    let service = line.service;
    let tags = line.resource.map(|i| sim.fleet.resources[i].tags.json_object(KeyStyle::Lower)).unwrap_or_default();
    let mut charge = FocusCharge {
        sub_account_id: &project.id,
        sub_account_name: &project.name,
        description: sku_description,
        period: (line.start, line.end),
        billed: line.cost,
        effective: line.effective(),
        list: line.cost,
        contracted: line.cost,
        service_name,
        service_category: service.category,
        service_subcategory: service.subcategory,
        sku_id,
        sku_meter: sku_description,
        tags: &tags,
        ..FocusCharge::default()
    };
    let cud = sim.commitment.as_ref().map(|c| Commitment {
        id: &c.id,
        name: "N2 CPU commitment, us-central1, 1 year",
        category: "Usage",
        kind: "Committed Use Discount",
        unit: "Hours",
        ..Commitment::default()
    });
    match line.kind {
        GcpKind::Tax => {
            charge.category = "Tax";
            charge.frequency = "Recurring";
            charge.service_category = "Other";
            charge.service_subcategory = "Other (Other)";
            focus::write(sink, &file, &charge)
        }
        GcpKind::Usage => {
            charge.category = "Usage";
            charge.frequency = "Usage-Based";
            charge.pricing_category = "Standard";
            charge.list_unit_price = Some(service.price);
            charge.contracted_unit_price = Some(service.price);
            charge.pricing_quantity = Some(line.pricing_quantity);
            charge.pricing_unit = service.focus_unit;
            charge.consumed_quantity = Some(line.pricing_quantity);
            charge.consumed_unit = service.focus_unit;
            charge.region_id = if service.region.is_empty() { service.location } else { service.region };
            charge.region_name = if service.region.is_empty() { "United States" } else { "Iowa" };
            if let Some(index) = line.resource {
                let resource = &sim.resources[index];
                charge.availability_zone = resource.zone;
                charge.resource_id = &resource.global_name;
                charge.resource_name = &resource.name;
                charge.resource_type = if resource.name.is_empty() { "" } else { service.resource_type };
            }
            if line.credits.iter().any(|c| c.kind == "COMMITTED_USAGE_DISCOUNT") {
                // The credit cancels the on-demand cost; FOCUS shows the commitment's own price instead.
                charge.effective = line.commitment_cost;
                charge.pricing_category = "Committed";
                charge.commitment =
                    cud.map(|c| Commitment { status: "Used", quantity: Some(line.pricing_quantity), ..c });
            }
            focus::write(sink, &file, &charge)
        }
        GcpKind::CommitmentFee => {
            charge.category = "Purchase";
            charge.frequency = "Recurring";
            charge.effective = 0.0;
            charge.pricing_quantity = Some(line.pricing_quantity);
            charge.pricing_unit = "Hours";
            charge.region_id = service.region;
            charge.region_name = "Iowa";
            charge.commitment = cud;
            focus::write(sink, &file, &charge)?;
            let (Some(commitment), true) = (&sim.commitment, line.commitment_cost > 0.0) else { return Ok(()) };
            let description = format!("Unused commitment: {sku_description}");
            let unused = FocusCharge {
                category: "Usage",
                frequency: "Usage-Based",
                description: &description,
                billed: 0.0,
                effective: line.commitment_cost,
                list: 0.0,
                contracted: 0.0,
                pricing_category: "Committed",
                resource_id: &commitment.id,
                commitment: cud.map(|c| Commitment {
                    status: "Unused",
                    quantity: Some(line.commitment_cost / commitment.hourly),
                    ..c
                }),
                ..charge
            };
            focus::write(sink, &file, &unused)
        }
    }
}
