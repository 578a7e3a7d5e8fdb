//! What the simulated Google Cloud organisation buys: SKUs with list prices (us-central1, 2025) and the
//! units the BigQuery export reports them in.

use super::fleet::{Pattern, Profile};

/// What a SKU's resources are called (`resource.name`, `resource.global_name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GcpResourceKind {
    Instance,
    Disk,
    Bucket,
    SqlInstance,
    /// Usage the export does not attribute to a resource (queries, egress).
    None,
}

/// One SKU and the shape of its usage.
#[derive(Debug)]
pub(super) struct GcpService {
    pub(super) service_id: &'static str,
    pub(super) service: &'static str,
    pub(super) sku_id: &'static str,
    pub(super) sku: &'static str,
    /// `usage.pricing_unit`, `usage.unit`, and the FOCUS PricingUnit.
    pub(super) pricing_unit: &'static str,
    pub(super) usage_unit: &'static str,
    pub(super) focus_unit: &'static str,
    /// List price per pricing unit, USD.
    pub(super) price: f64,
    /// `location.location` / `location.region`; zonal SKUs also get a zone.
    pub(super) location: &'static str,
    pub(super) region: &'static str,
    pub(super) zonal: bool,
    pub(super) category: &'static str,
    pub(super) subcategory: &'static str,
    pub(super) resource_type: &'static str,
    /// Covered by the N2 CPU commitment, or else earning sustained-use discounts.
    pub(super) committable: bool,
    /// Spends the promotional credit of the promotion project.
    pub(super) promotion: bool,
    pub(super) resource: GcpResourceKind,
    pub(super) profile: Profile,
}

const fn profile(pattern: Pattern, per_account: f64, size: (f64, f64), churn: bool) -> Profile {
    Profile { pattern, per_account, size, churn }
}

/// The SKUs, in resource order. AlwaysOn sizes are vCPUs.
// A price list reads best as one compact block per SKU.
#[rustfmt::skip]
pub(super) const SERVICES: &[GcpService] = &[
    GcpService {
        service_id: "6F81-5844-456A", service: "Compute Engine", sku_id: "CF4E-A0C7-E3BF",
        sku: "N2 Instance Core running in Americas", pricing_unit: "hour", usage_unit: "seconds", focus_unit: "Hours",
        price: 0.031611, location: "us-central1", region: "us-central1", zonal: true, category: "Compute",
        subcategory: "Virtual Machines", resource_type: "VM instance", committable: true, promotion: false,
        resource: GcpResourceKind::Instance, profile: profile(Pattern::AlwaysOn, 3.0, (2.0, 8.0), true),
    },
    GcpService {
        service_id: "6F81-5844-456A", service: "Compute Engine", sku_id: "D973-5D65-BAB2", sku: "Storage PD Capacity",
        pricing_unit: "gibibyte month", usage_unit: "byte-seconds", focus_unit: "GiB-Month", price: 0.04,
        location: "us-central1", region: "us-central1", zonal: true, category: "Compute",
        subcategory: "Other (Compute)", resource_type: "Persistent disk", committable: false, promotion: false,
        resource: GcpResourceKind::Disk, profile: profile(Pattern::MonthlyUnits, 3.0, (50.0, 500.0), true),
    },
    GcpService {
        service_id: "95FF-2EF5-5EA1", service: "Cloud Storage", sku_id: "E5F0-6A5D-7BAD",
        sku: "Standard Storage US Multi-region", pricing_unit: "gibibyte month", usage_unit: "byte-seconds",
        focus_unit: "GiB-Month", price: 0.026, location: "us", region: "", zonal: false, category: "Storage",
        subcategory: "Object Storage", resource_type: "Bucket", committable: false, promotion: false,
        resource: GcpResourceKind::Bucket, profile: profile(Pattern::Growing, 2.0, (1000.0, 8000.0), false),
    },
    GcpService {
        service_id: "24E6-581D-38E5", service: "BigQuery", sku_id: "3362-E469-6BEF", sku: "Analysis",
        pricing_unit: "tebibyte", usage_unit: "bytes", focus_unit: "TiB", price: 6.25, location: "US", region: "",
        zonal: false, category: "Analytics", subcategory: "Analytics Platforms", resource_type: "",
        committable: false, promotion: false,
        resource: GcpResourceKind::None, profile: profile(Pattern::Elastic, 1.0, (0.3, 3.0), false),
    },
    GcpService {
        service_id: "9662-B51E-5089", service: "Cloud SQL", sku_id: "D2F1-0A6C-8C69",
        sku: "Cloud SQL for PostgreSQL: Zonal - vCPU in Americas", pricing_unit: "hour", usage_unit: "seconds",
        focus_unit: "Hours", price: 0.0413, location: "us-central1", region: "us-central1", zonal: true,
        category: "Databases", subcategory: "Relational Databases", resource_type: "Cloud SQL instance",
        committable: false, promotion: true,
        resource: GcpResourceKind::SqlInstance, profile: profile(Pattern::AlwaysOn, 1.0, (2.0, 4.0), true),
    },
    GcpService {
        service_id: "E505-1604-58F8", service: "Networking", sku_id: "9DE9-9092-B3BC",
        sku: "Network Internet Egress from Americas to Americas", pricing_unit: "gibibyte", usage_unit: "bytes",
        focus_unit: "GiB", price: 0.12, location: "us-central1", region: "us-central1", zonal: false,
        category: "Networking", subcategory: "Network Connectivity", resource_type: "", committable: false,
        promotion: false,
        resource: GcpResourceKind::None, profile: profile(Pattern::Elastic, 1.0, (20.0, 200.0), false),
    },
    // Planted opportunity (see `opportunities`): previous-generation N1 cores, last in the table so the SKUs
    // above keep their random streams; not committable (no CUD, no sustained-use credit here), no churn.
    GcpService {
        service_id: "6F81-5844-456A", service: "Compute Engine", sku_id: "2E27-4F75-95CD",
        sku: "N1 Predefined Instance Core running in Americas", pricing_unit: "hour", usage_unit: "seconds",
        focus_unit: "Hours", price: 0.031611, location: "us-central1", region: "us-central1", zonal: true,
        category: "Compute", subcategory: "Virtual Machines", resource_type: "VM instance", committable: false,
        promotion: false, resource: GcpResourceKind::Instance,
        profile: profile(Pattern::AlwaysOn, 1.0, (2.0, 4.0), false),
    },
];

/// How many of [`SERVICES`] are the organisation's ordinary SKUs; the rest are planted opportunities.
pub(super) const BASE_SERVICES: usize = 6;

/// E2 core price per vCPU hour, us-central1 (cloud.google.com/compute/vm-instance-pricing), the
/// replacement of N1 cores, for the manifest's expected saving.
pub(super) const E2_CORE_PRICE: f64 = 0.021811;

/// The SKU the commitment covers; its fee rows are reported under the same service.
pub(super) fn committable() -> &'static GcpService {
    SERVICES.iter().find(|s| s.committable).unwrap_or(&SERVICES[0])
}

/// The commitment fee SKU (1-year N2 CPU commitment) and its price as a fraction of on-demand.
pub(super) const CUD_SKU: (&str, &str) = ("4A3B-7F2E-D1C9", "Commitment v1: N2 Cpu in Americas for 1 Year");
pub(super) const CUD_FACTOR: f64 = 0.63;
/// Tax on each project's monthly net charges.
pub(super) const TAX_RATE: f64 = 0.05;

/// `usage.amount` in `usage.unit` for an amount in pricing units, as the export reports it.
pub(super) fn usage_amount(service: &GcpService, pricing_quantity: f64, days_in_month: u32) -> f64 {
    const GIB: f64 = 1_073_741_824.0;
    match service.pricing_unit {
        "hour" => pricing_quantity * 3600.0,
        "gibibyte month" => pricing_quantity * GIB * f64::from(days_in_month) * 86_400.0,
        "tebibyte" => pricing_quantity * GIB * 1024.0,
        "gibibyte" => pricing_quantity * GIB,
        _ => pricing_quantity,
    }
    .round()
}

/// The incremental sustained-use discount for N2 cores, by the share of the month a VM has run so far:
/// 0%, 13.33%, 26.67%, 40% of the base price per quarter of the month (20% for a full month).
pub(super) fn sustained_use_rate(share_of_month: f64) -> f64 {
    match share_of_month {
        s if s <= 0.25 => 0.0,
        s if s <= 0.5 => 0.1333,
        s if s <= 0.75 => 0.2667,
        _ => 0.4,
    }
}
