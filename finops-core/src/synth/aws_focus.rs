//! AWS CUR line items in FOCUS 1.2 terms, following provider-mappings.md, with the spec's commitment layout:
//! a covered row carries BilledCost 0 (its unblended cost and the negation cancel out, so the negation row
//! is folded into it), and each fee row becomes a Purchase row (EffectiveCost 0) plus, when part of the
//! commitment went unused, a Usage row with status Unused carrying that part. Totals per file are therefore
//! exactly those of the CUR mapping.

use std::io;

use super::aws_catalog::{Kind, Line, SERVICES};
use super::aws_cur::{AwsSim, ENTITY, PROVIDER};
use super::focus::{self, Commitment, FocusCharge, FocusFile};
use super::sink::CsvSink;
use super::Month;

/// Writes the FOCUS rows of one CUR line item (none for a negation, two for a partly unused fee).
pub(super) fn write(
    sink: &mut CsvSink,
    sim: &AwsSim,
    month: &Month,
    invoice_id: &str,
    line: &Line<'_>,
) -> io::Result<()> {
    if line.kind == Kind::SpNegation {
        return Ok(());
    }
    let account = &sim.accounts[line.account as usize];
    let file = FocusFile {
        provider: PROVIDER,
        publisher: ENTITY,
        invoice_issuer: ENTITY,
        billing_account_id: &sim.accounts[0].id,
        billing_account_name: "Acme Corp",
        billing_account_type: "Management Account",
        sub_account_type: "Member Account",
        currency: "USD",
        invoice_id,
        month,
    };
    let tags = line.resource.map(|r| r.tags.json_object(account.style)).unwrap_or_default();
    let known = SERVICES.iter().find(|s| s.code == line.product_code);
    let mut charge = FocusCharge {
        sub_account_id: &account.id,
        sub_account_name: &account.name,
        description: line.description,
        period: (line.start, line.end),
        billed: line.cost,
        effective: line.effective,
        list: line.cost,
        contracted: line.cost,
        service_name: line.product_name,
        service_category: known.map_or("Compute", |s| s.category),
        service_subcategory: known.map_or("Other (Compute)", |s| s.subcategory),
        tags: &tags,
        ..FocusCharge::default()
    };
    let price_id;
    if let Some(service) = line.service {
        price_id = format!("{}.JRTCKXETXF.6YS6EN2CT7", service.sku);
        charge.service_category = service.category;
        charge.service_subcategory = service.subcategory;
        charge.region_id = account.region.code;
        charge.region_name = account.region.name;
        charge.availability_zone = line.zone;
        charge.resource_id = line.resource_id;
        charge.resource_type = if line.resource_id.is_empty() { "" } else { service.resource_type };
        charge.sku_id = service.sku;
        charge.sku_meter = line.usage_type;
        charge.sku_price_id = &price_id;
        charge.pricing_unit = service.focus_unit;
        charge.pricing_quantity = line.quantity;
        charge.consumed_quantity = line.quantity;
        charge.consumed_unit = service.focus_unit;
        charge.list_unit_price = Some(service.rate);
        charge.contracted_unit_price = Some(service.rate);
        charge.list = line.public_cost;
        charge.contracted = line.public_cost;
    }
    let savings_plan = sim.savings_plan.as_ref().map(|sp| Commitment {
        id: &sp.arn,
        name: "Compute Savings Plan, 1 year, No Upfront",
        category: "Spend",
        kind: "Savings Plan",
        unit: "USD",
        ..Commitment::default()
    });
    let reservation = sim.reservation.as_ref().map(|ri| Commitment {
        id: &ri.arn,
        name: "RDS PostgreSQL db.r5.large, 1 year, No Upfront",
        category: "Usage",
        kind: "Reserved Instance",
        unit: "Hours",
        ..Commitment::default()
    });
    let (category, frequency) = match line.kind {
        Kind::Tax => ("Tax", "Recurring"),
        Kind::Credit => ("Credit", "One-Time"),
        Kind::SpFee | Kind::RiFee => ("Purchase", "Recurring"),
        _ => ("Usage", "Usage-Based"),
    };
    charge.category = category;
    charge.frequency = frequency;
    match line.kind {
        Kind::Usage => charge.pricing_category = "Standard",
        Kind::SpCovered | Kind::RiUsage => {
            let commitment = if line.kind == Kind::SpCovered { savings_plan } else { reservation };
            charge.billed = 0.0;
            charge.pricing_category = "Committed";
            charge.commitment = commitment.map(|c| Commitment { status: "Used", quantity: Some(line.used), ..c });
        }
        Kind::SpFee | Kind::RiFee => {
            let commitment = if line.kind == Kind::SpFee { savings_plan } else { reservation };
            charge.effective = 0.0;
            charge.commitment = commitment;
            focus::write(sink, &file, &charge)?;
            if line.effective <= 0.0 {
                return Ok(());
            }
            let description = format!("Unused commitment: {}", line.description);
            let id = commitment.map_or("", |c| c.id);
            let unused = FocusCharge {
                category: "Usage",
                frequency: "Usage-Based",
                description: &description,
                billed: 0.0,
                effective: line.effective,
                list: 0.0,
                contracted: 0.0,
                pricing_category: "Committed",
                resource_id: id,
                commitment: commitment.map(|c| Commitment {
                    status: "Unused",
                    quantity: Some(line.unused_quantity),
                    ..c
                }),
                ..charge
            };
            return focus::write(sink, &file, &unused);
        }
        _ => {}
    }
    focus::write(sink, &file, &charge)
}
