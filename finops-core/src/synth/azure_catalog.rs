//! What the simulated Azure estate buys: meters with pay-as-you-go prices (USD, 2025), and the enrollments
//! and subscriptions it is billed through.

use super::fleet::{KeyStyle, Pattern, Profile};

/// Which commitment can cover a meter's usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AzureCover {
    None,
    Reservation,
    SavingsPlan,
}

/// One meter and the shape of its usage.
#[derive(Debug)]
pub(super) struct AzureService {
    pub(super) meter_category: &'static str,
    pub(super) meter_subcategory: &'static str,
    pub(super) meter_name: &'static str,
    /// `Product` without the region suffix.
    pub(super) product: &'static str,
    pub(super) part_number: &'static str,
    pub(super) service_family: &'static str,
    /// `UnitOfMeasure`, and the FOCUS PricingUnit it means.
    pub(super) unit: &'static str,
    pub(super) focus_unit: &'static str,
    /// Pay-as-you-go price per unit, USD.
    pub(super) payg: f64,
    pub(super) consumed_service: &'static str,
    /// Resource provider and type in the resource id.
    pub(super) resource_path: &'static str,
    pub(super) name_prefix: &'static str,
    pub(super) additional_info: &'static str,
    pub(super) category: &'static str,
    pub(super) subcategory: &'static str,
    pub(super) resource_type: &'static str,
    pub(super) cover: AzureCover,
    pub(super) profile: Profile,
}

const fn profile(pattern: Pattern, per_account: f64, size: (f64, f64), churn: bool) -> Profile {
    Profile { pattern, per_account, size, churn }
}

/// The meters, in resource order.
// A price list reads best as one compact block per SKU.
#[rustfmt::skip]
pub(super) const SERVICES: &[AzureService] = &[
    AzureService {
        meter_category: "Virtual Machines", meter_subcategory: "Dsv5 Series", meter_name: "D4s v5",
        product: "Virtual Machines Dsv5 Series - D4s v5", part_number: "AAH-63177", service_family: "Compute",
        unit: "1 Hour", focus_unit: "Hours", payg: 0.192, consumed_service: "Microsoft.Compute",
        resource_path: "Microsoft.Compute/virtualMachines", name_prefix: "vm",
        additional_info: r#"{"ServiceType":"Standard_D4s_v5","VCPUs":4,"ImageType":"Canonical"}"#,
        category: "Compute", subcategory: "Virtual Machines", resource_type: "Virtual machine",
        cover: AzureCover::Reservation, profile: profile(Pattern::AlwaysOn, 3.0, (1.0, 1.0), true),
    },
    AzureService {
        meter_category: "Azure App Service", meter_subcategory: "Premium v3 Plan", meter_name: "P1 v3 App",
        product: "Azure App Service Premium v3 Plan - P1 v3 App", part_number: "AAK-24681", service_family: "Compute",
        unit: "1 Hour", focus_unit: "Hours", payg: 0.2, consumed_service: "Microsoft.Web",
        resource_path: "Microsoft.Web/serverfarms", name_prefix: "asp", additional_info: "", category: "Web",
        subcategory: "Application Platforms", resource_type: "App Service plan", cover: AzureCover::SavingsPlan,
        profile: profile(Pattern::AlwaysOn, 2.0, (1.0, 1.0), true),
    },
    AzureService {
        meter_category: "Storage", meter_subcategory: "Premium SSD Managed Disks", meter_name: "P10 LRS Disk",
        product: "Premium SSD Managed Disks - P10 LRS", part_number: "AAD-71234", service_family: "Storage",
        unit: "1/Month", focus_unit: "Units/Month", payg: 19.71, consumed_service: "Microsoft.Compute",
        resource_path: "Microsoft.Compute/disks", name_prefix: "disk", additional_info: "", category: "Storage",
        subcategory: "Block Storage", resource_type: "Disk", cover: AzureCover::None,
        profile: profile(Pattern::MonthlyUnits, 3.0, (1.0, 1.0), true),
    },
    AzureService {
        meter_category: "Storage", meter_subcategory: "Hot Block Blob", meter_name: "Hot LRS Data Stored",
        product: "Blob Storage - Hot LRS", part_number: "AAA-46412", service_family: "Storage", unit: "1 GB/Month",
        focus_unit: "GB-Month", payg: 0.0184, consumed_service: "Microsoft.Storage",
        resource_path: "Microsoft.Storage/storageAccounts", name_prefix: "st", additional_info: "",
        category: "Storage", subcategory: "Object Storage", resource_type: "Storage account", cover: AzureCover::None,
        profile: profile(Pattern::Growing, 2.0, (500.0, 5000.0), false),
    },
    AzureService {
        meter_category: "SQL Database", meter_subcategory: "General Purpose - Compute Gen5", meter_name: "vCore",
        product: "SQL Database Single/Elastic Pool General Purpose - Compute Gen5 - vCore", part_number: "AAD-34452",
        service_family: "Databases", unit: "1 Hour", focus_unit: "Hours", payg: 0.2522,
        consumed_service: "Microsoft.Sql", resource_path: "Microsoft.Sql/servers", name_prefix: "sql",
        additional_info: "", category: "Databases", subcategory: "Relational Databases",
        resource_type: "SQL database", cover: AzureCover::None,
        profile: profile(Pattern::AlwaysOn, 1.0, (2.0, 4.0), true),
    },
    AzureService {
        meter_category: "Log Analytics", meter_subcategory: "", meter_name: "Analytics Logs Data Ingestion",
        product: "Log Analytics - Analytics Logs Data Ingestion", part_number: "AAH-08723",
        service_family: "Management and Governance", unit: "1 GB", focus_unit: "GB", payg: 2.3,
        consumed_service: "Microsoft.OperationalInsights", resource_path: "Microsoft.OperationalInsights/workspaces",
        name_prefix: "log", additional_info: "", category: "Management and Governance", subcategory: "Observability",
        resource_type: "Log Analytics workspace", cover: AzureCover::None,
        profile: profile(Pattern::Elastic, 1.0, (5.0, 60.0), false),
    },
    AzureService {
        meter_category: "Bandwidth", meter_subcategory: "Rtn Preference: MGN",
        meter_name: "Standard Data Transfer Out", product: "Rtn Preference: MGN - Standard Data Transfer Out",
        part_number: "AAF-51932", service_family: "Networking", unit: "1 GB", focus_unit: "GB", payg: 0.087,
        consumed_service: "Microsoft.Network", resource_path: "Microsoft.Network/publicIPAddresses",
        name_prefix: "pip", additional_info: "", category: "Networking", subcategory: "Network Connectivity",
        resource_type: "Public IP address", cover: AzureCover::None,
        profile: profile(Pattern::Elastic, 1.0, (30.0, 300.0), false),
    },
    // Planted opportunity (see `opportunities`): a previous-generation VM size, last in the table so the
    // meters above keep their random streams; no commitment covers it and it runs the whole period.
    AzureService {
        meter_category: "Virtual Machines", meter_subcategory: "Dv2 Series", meter_name: "D2 v2",
        product: "Virtual Machines Dv2 Series - D2 v2", part_number: "AAA-12345", service_family: "Compute",
        unit: "1 Hour", focus_unit: "Hours", payg: 0.146, consumed_service: "Microsoft.Compute",
        resource_path: "Microsoft.Compute/virtualMachines", name_prefix: "vm",
        additional_info: r#"{"ServiceType":"Standard_D2_v2","VCPUs":2,"ImageType":"Canonical"}"#,
        category: "Compute", subcategory: "Virtual Machines", resource_type: "Virtual machine",
        cover: AzureCover::None, profile: profile(Pattern::AlwaysOn, 1.0, (1.0, 1.0), false),
    },
];

/// How many of [`SERVICES`] are the estate's ordinary meters; the rest are planted opportunities.
pub(super) const BASE_SERVICES: usize = 7;

/// Pay-as-you-go price of a D2s v5, the current-generation replacement of a D2 v2, per hour, East US
/// (azure.microsoft.com/pricing/details/virtual-machines/linux), for the manifest's expected saving.
pub(super) const D2S_V5_PAYG: f64 = 0.096;

/// Reserved VM hourly price as a fraction of pay-as-you-go (1 year).
pub(super) const RESERVATION_FACTOR: f64 = 0.6;
/// Savings plan hourly price as a fraction of pay-as-you-go for App Service.
pub(super) const SAVINGS_PLAN_FACTOR: f64 = 0.8;

/// An EA enrollment: its own currency, negotiated discount and region, hence its own files.
#[derive(Debug)]
pub(super) struct Enrollment {
    pub(super) id: String,
    pub(super) name: &'static str,
    pub(super) currency: &'static str,
    /// Billing-currency units per USD of list price.
    pub(super) fx: f64,
    /// EA discount on pay-as-you-go (the gap between `PayGPrice` and `UnitPrice`).
    pub(super) discount: f64,
    /// `ResourceLocation`, `MeterRegion`, FOCUS RegionId and RegionName.
    pub(super) location: &'static str,
    pub(super) meter_region: &'static str,
    pub(super) region_id: &'static str,
    pub(super) region_name: &'static str,
    /// File stems under the output directory.
    pub(super) native: &'static str,
    pub(super) focus: &'static str,
}

/// The two enrollments: a USD one in East US, and a European subsidiary's EUR one (fixed 0.92 EUR per USD,
/// so exchange rates never move costs).
pub(super) fn enrollments(ids: [String; 2]) -> Vec<Enrollment> {
    let [usd, eur] = ids;
    vec![
        Enrollment {
            id: usd,
            name: "Acme Corp",
            currency: "USD",
            fx: 1.0,
            discount: 0.05,
            location: "EastUS",
            meter_region: "US East",
            region_id: "eastus",
            region_name: "East US",
            native: "azure/amortized",
            focus: "focus/azure",
        },
        Enrollment {
            id: eur,
            name: "Acme Europe GmbH",
            currency: "EUR",
            fx: 0.92,
            discount: 0.03,
            location: "WestEurope",
            meter_region: "EU West",
            region_id: "westeurope",
            region_name: "West Europe",
            native: "azure/amortized-eur",
            focus: "focus/azure-eur",
        },
    ]
}

/// An Azure subscription.
#[derive(Debug)]
pub(super) struct Subscription {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) enrollment: usize,
    pub(super) style: KeyStyle,
}

/// A reservation or savings plan (USD enrollment only).
#[derive(Debug)]
pub(super) struct Benefit {
    pub(super) cover: AzureCover,
    /// `benefitId`, also FOCUS CommitmentDiscountId.
    pub(super) id: String,
    pub(super) name: String,
    pub(super) order_id: String,
    pub(super) instance_id: String,
    pub(super) order_name: String,
    /// Reservation: hourly price per VM; savings plan: hourly commitment.
    pub(super) hourly: f64,
    /// Reservation: number of VMs; savings plan: 1.
    pub(super) count: u32,
    /// What the benefit costs per day.
    pub(super) daily: f64,
}
