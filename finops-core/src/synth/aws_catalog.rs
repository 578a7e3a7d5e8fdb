//! What the simulated AWS organisation buys: services with public on-demand prices (us-east-1, 2025),
//! and the accounts and regions it runs them in.

use chrono::NaiveDate;

use super::fleet::{KeyStyle, Pattern, Profile, Resource};
use super::rng::{label, Rng};

/// Which commitment can cover a service's usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cover {
    None,
    /// Compute Savings Plan: any EC2 instance, any region.
    SavingsPlan,
    /// RDS reserved instance: same instance type, same region as the reservation.
    Reservation,
}

/// How the service's `lineItem/ResourceId` looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IdKind {
    Instance,
    Volume,
    Database,
    Bucket,
    Function,
    Table,
    PublicIp,
    None,
}

/// One billable SKU and the shape of its usage.
#[derive(Debug)]
pub(super) struct AwsService {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    /// `lineItem/UsageType` in us-east-1; other regions prefix it (`USW2-`).
    pub(super) usage_type: &'static str,
    pub(super) operation: &'static str,
    pub(super) family: &'static str,
    pub(super) sku: &'static str,
    /// `pricing/unit` as AWS writes it, and the FOCUS PricingUnit it means.
    pub(super) unit: &'static str,
    pub(super) focus_unit: &'static str,
    /// Public on-demand price per unit, USD.
    pub(super) rate: f64,
    /// `lineItem/LineItemDescription` after "$<rate> per ".
    pub(super) description: &'static str,
    /// EC2 normalization factor of the instance size (0 when not an instance).
    pub(super) normalization: f64,
    pub(super) category: &'static str,
    pub(super) subcategory: &'static str,
    pub(super) resource_type: &'static str,
    pub(super) id: IdKind,
    pub(super) zonal: bool,
    pub(super) cover: Cover,
    pub(super) profile: Profile,
}

const fn profile(pattern: Pattern, per_account: f64, size: (f64, f64), churn: bool) -> Profile {
    Profile { pattern, per_account, size, churn }
}

/// The services, in resource order. Prices are public list prices; sizes are per resource.
// A price list reads best as one compact block per SKU.
#[rustfmt::skip]
pub(super) const SERVICES: &[AwsService] = &[
    AwsService {
        code: "AmazonEC2", name: "Amazon Elastic Compute Cloud", usage_type: "BoxUsage:m5.xlarge",
        operation: "RunInstances", family: "Compute Instance", sku: "DQ578CGN99KG6ECF", unit: "Hrs",
        focus_unit: "Hours", rate: 0.192, description: "On Demand Linux m5.xlarge Instance Hour", normalization: 8.0,
        category: "Compute", subcategory: "Virtual Machines", resource_type: "Instance", id: IdKind::Instance,
        zonal: true, cover: Cover::SavingsPlan, profile: profile(Pattern::AlwaysOn, 3.0, (1.0, 1.0), true),
    },
    AwsService {
        code: "AmazonEC2", name: "Amazon Elastic Compute Cloud", usage_type: "BoxUsage:c5.2xlarge",
        operation: "RunInstances", family: "Compute Instance", sku: "6C86BEPQVG73ZGGR", unit: "Hrs",
        focus_unit: "Hours", rate: 0.34, description: "On Demand Linux c5.2xlarge Instance Hour", normalization: 16.0,
        category: "Compute", subcategory: "Virtual Machines", resource_type: "Instance", id: IdKind::Instance,
        zonal: true, cover: Cover::SavingsPlan, profile: profile(Pattern::AlwaysOn, 1.5, (1.0, 1.0), true),
    },
    AwsService {
        code: "AmazonEC2", name: "Amazon Elastic Compute Cloud", usage_type: "EBS:VolumeUsage.gp3",
        operation: "CreateVolume-Gp3", family: "Storage", sku: "7U7TWP44UP36AT3R", unit: "GB-Mo",
        focus_unit: "GB-Month", rate: 0.08, description: "GB-month of General Purpose (gp3) provisioned storage",
        normalization: 0.0, category: "Compute", subcategory: "Other (Compute)", resource_type: "Volume",
        id: IdKind::Volume, zonal: true, cover: Cover::None,
        profile: profile(Pattern::MonthlyUnits, 3.0, (50.0, 500.0), true),
    },
    AwsService {
        code: "AmazonRDS", name: "Amazon Relational Database Service", usage_type: "InstanceUsage:db.r5.large",
        operation: "CreateDBInstance:0014", family: "Database Instance", sku: "QZ6T2ZDSYVKXCMXV", unit: "Hrs",
        focus_unit: "Hours", rate: 0.25, description: "RDS db.r5.large Single-AZ instance hour running PostgreSQL",
        normalization: 4.0, category: "Databases", subcategory: "Relational Databases", resource_type: "DB Instance",
        id: IdKind::Database, zonal: true, cover: Cover::Reservation,
        profile: profile(Pattern::AlwaysOn, 1.0, (1.0, 1.0), true),
    },
    AwsService {
        code: "AmazonS3", name: "Amazon Simple Storage Service", usage_type: "TimedStorage-ByteHrs",
        operation: "StandardStorage", family: "Storage", sku: "WP9ANXZGBYYSGJEA", unit: "GB-Mo",
        focus_unit: "GB-Month", rate: 0.023, description: "GB - first 50 TB / month of storage used",
        normalization: 0.0, category: "Storage", subcategory: "Object Storage", resource_type: "Bucket",
        id: IdKind::Bucket, zonal: false, cover: Cover::None,
        profile: profile(Pattern::Growing, 2.0, (500.0, 6000.0), false),
    },
    AwsService {
        code: "AWSLambda", name: "AWS Lambda", usage_type: "Request", operation: "Invoke", family: "Serverless",
        sku: "HQR5UJ8VDNHMXSYB", unit: "Requests", focus_unit: "Requests", rate: 0.000_000_2, description: "Request",
        normalization: 0.0, category: "Compute", subcategory: "Serverless Compute", resource_type: "Function",
        id: IdKind::Function, zonal: false, cover: Cover::None,
        profile: profile(Pattern::Elastic, 1.0, (5.0e6, 4.0e7), false),
    },
    AwsService {
        code: "AmazonDynamoDB", name: "Amazon DynamoDB", usage_type: "ReadRequestUnits",
        operation: "PayPerRequestThroughput", family: "Amazon DynamoDB PayPerRequest Throughput",
        sku: "CFJ2KQ8MWNP7KX3Q", unit: "ReadRequestUnits", focus_unit: "Requests", rate: 0.000_000_25,
        description: "ReadRequestUnits (on-demand)", normalization: 0.0, category: "Databases",
        subcategory: "NoSQL Databases", resource_type: "Table", id: IdKind::Table, zonal: false, cover: Cover::None,
        profile: profile(Pattern::Elastic, 1.0, (2.0e7, 1.5e8), false),
    },
    AwsService {
        code: "AWSDataTransfer", name: "AWS Data Transfer", usage_type: "DataTransfer-Out-Bytes", operation: "",
        family: "Data Transfer", sku: "AQRH5QDFCUHNUJ4C", unit: "GB", focus_unit: "GB", rate: 0.09,
        description: "GB - first 10 TB / month data transfer out beyond the global free tier", normalization: 0.0,
        category: "Networking", subcategory: "Network Connectivity", resource_type: "", id: IdKind::None,
        zonal: false, cover: Cover::None, profile: profile(Pattern::Elastic, 1.0, (40.0, 400.0), false),
    },
    AwsService {
        code: "AmazonVPC", name: "Amazon Virtual Private Cloud", usage_type: "PublicIPv4:InUseAddress",
        operation: "AssociateAddressVPC", family: "VPC Public IPv4 Address", sku: "7Z8GAZVPPCCSMX7X", unit: "Hrs",
        focus_unit: "Hours", rate: 0.005, description: "In-use public IPv4 address per hour", normalization: 0.0,
        category: "Networking", subcategory: "Network Infrastructure", resource_type: "Public IPv4 Address",
        id: IdKind::PublicIp, zonal: false, cover: Cover::None,
        profile: profile(Pattern::AlwaysOn, 2.0, (1.0, 1.0), true),
    },
    // Planted savings opportunities (see `opportunities`): last in the table, so the resources above keep
    // their random streams and the fleet without them is the fleet of earlier versions. No churn: each one
    // runs through the whole period, so the manifest's expected saving is exact.
    AwsService {
        code: "AmazonEC2", name: "Amazon Elastic Compute Cloud", usage_type: "EBS:VolumeUsage.gp2",
        operation: "CreateVolume-Gp2", family: "Storage", sku: "HY3BZPP2B6K8MSJF", unit: "GB-Mo",
        focus_unit: "GB-Month", rate: 0.10, description: "GB-month of General Purpose SSD (gp2) provisioned storage",
        normalization: 0.0, category: "Compute", subcategory: "Other (Compute)", resource_type: "Volume",
        id: IdKind::Volume, zonal: true, cover: Cover::None,
        profile: profile(Pattern::MonthlyUnits, 1.0, (100.0, 400.0), false),
    },
    AwsService {
        code: "AmazonEC2", name: "Amazon Elastic Compute Cloud", usage_type: "BoxUsage:c4.2xlarge",
        operation: "RunInstances", family: "Compute Instance", sku: "XHTGRKAAUAXJEMXJ", unit: "Hrs",
        focus_unit: "Hours", rate: 0.398, description: "On Demand Linux c4.2xlarge Instance Hour", normalization: 16.0,
        category: "Compute", subcategory: "Virtual Machines", resource_type: "Instance", id: IdKind::Instance,
        zonal: true, cover: Cover::SavingsPlan, profile: profile(Pattern::AlwaysOn, 1.0, (1.0, 1.0), false),
    },
    AwsService {
        code: "AmazonVPC", name: "Amazon Virtual Private Cloud", usage_type: "PublicIPv4:IdleAddress",
        operation: "AllocateAddressVPC", family: "VPC Public IPv4 Address", sku: "5QPJ7ZXN2DWGT4GR", unit: "Hrs",
        focus_unit: "Hours", rate: 0.005, description: "Idle public IPv4 address per hour", normalization: 0.0,
        category: "Networking", subcategory: "Network Infrastructure", resource_type: "Public IPv4 Address",
        id: IdKind::PublicIp, zonal: false, cover: Cover::None,
        profile: profile(Pattern::AlwaysOn, 1.0, (1.0, 1.0), false),
    },
    // A web company's traffic-driven services (`SynthConfig::web_services`), after the planted ones for the
    // same reason: a CDN busiest at the weekend, API calls, queues, streams, log ingestion, and analytics
    // queries that run on weekdays only. Prices: us-east-1 public list prices, first tier.
    AwsService {
        code: "AmazonCloudFront", name: "Amazon CloudFront", usage_type: "US-DataTransfer-Out-Bytes",
        operation: "GET", family: "Data Transfer", sku: "K2JPZGB4WBFHN8MN", unit: "GB", focus_unit: "GB",
        rate: 0.085, description: "GB for the first 10 TB / month data transfer out (United States)",
        normalization: 0.0, category: "Networking", subcategory: "Content Delivery", resource_type: "",
        id: IdKind::None, zonal: false, cover: Cover::None,
        profile: profile(Pattern::Consumer, 1.0, (150.0, 2_500.0), false),
    },
    AwsService {
        code: "AmazonApiGateway", name: "Amazon API Gateway", usage_type: "ApiGatewayRequest",
        operation: "ApiGatewayRequest", family: "API Calls", sku: "3BU5MHRW5QW5TZ4H", unit: "Requests",
        focus_unit: "Requests", rate: 0.000_003_5, description: "API Gateway requests (first 333 million)",
        normalization: 0.0, category: "Networking", subcategory: "Network Connectivity", resource_type: "",
        id: IdKind::None, zonal: false, cover: Cover::None,
        profile: profile(Pattern::Elastic, 1.0, (1.0e6, 2.0e7), false),
    },
    AwsService {
        code: "AWSQueueService", name: "Amazon Simple Queue Service", usage_type: "Requests-Tier1",
        operation: "", family: "API Request", sku: "VNQZ9U7Q5V8MEJ7D", unit: "Requests", focus_unit: "Requests",
        rate: 0.000_000_4, description: "Requests (first 100 billion, standard queues)", normalization: 0.0,
        category: "Integration", subcategory: "Messaging", resource_type: "", id: IdKind::None, zonal: false,
        cover: Cover::None, profile: profile(Pattern::Elastic, 1.0, (5.0e6, 8.0e7), false),
    },
    AwsService {
        code: "AmazonKinesis", name: "Amazon Kinesis", usage_type: "PutRequestPayloadUnits",
        operation: "PutRecords", family: "Kinesis Streams", sku: "M8XN5Y4QDG2HPJB3", unit: "PutRequestPayloadUnits",
        focus_unit: "Requests", rate: 0.000_000_014, description: "PUT Payload Units (25 KB)", normalization: 0.0,
        category: "Analytics", subcategory: "Streaming Analytics", resource_type: "", id: IdKind::None,
        zonal: false, cover: Cover::None, profile: profile(Pattern::Elastic, 1.0, (2.0e8, 3.0e9), false),
    },
    AwsService {
        code: "AmazonCloudWatch", name: "AmazonCloudWatch", usage_type: "DataProcessing-Bytes",
        operation: "PutLogEvents", family: "Data Payload", sku: "Q7EP4AGX3UM3ZXD2", unit: "GB", focus_unit: "GB",
        rate: 0.5, description: "GB custom log data ingested", normalization: 0.0, category: "Management and Governance",
        subcategory: "Observability", resource_type: "", id: IdKind::None, zonal: false, cover: Cover::None,
        profile: profile(Pattern::Elastic, 1.0, (8.0, 160.0), false),
    },
    AwsService {
        code: "AmazonAthena", name: "Amazon Athena", usage_type: "DataScannedInTB", operation: "RunQuery",
        family: "Athena Queries", sku: "DPKX2QH8B4R7S6TN", unit: "Terabytes", focus_unit: "TB",
        rate: 5.0, description: "Terabytes of data scanned", normalization: 0.0, category: "Analytics",
        subcategory: "Analytics Platforms", resource_type: "", id: IdKind::None, zonal: false, cover: Cover::None,
        profile: profile(Pattern::Batch, 1.0, (0.5, 8.0), false),
    },
];

/// How many of [`SERVICES`] are the organisation's ordinary estate.
pub(super) const BASE_SERVICES: usize = 9;
/// The planted opportunities' place in [`SERVICES`]; the web services follow them.
pub(super) const PLANTED_SERVICES: std::ops::Range<usize> = BASE_SERVICES..12;

/// S3 Standard-IA price per GB-month, us-east-1 (aws.amazon.com/s3/pricing), for the manifest's expected
/// storage-tier saving; no bucket uses it.
pub(super) const S3_STANDARD_IA_RATE: f64 = 0.0125;

/// The SKU a commitment covers, found by its cover so the table's order stays free.
pub(super) fn covered_by(cover: Cover) -> &'static AwsService {
    SERVICES.iter().find(|s| s.cover == cover).unwrap_or(&SERVICES[0])
}

/// The EC2 instance SKU, under which the promotional credit is booked.
pub(super) fn ec2() -> &'static AwsService {
    SERVICES.iter().find(|s| s.code == "AmazonEC2").unwrap_or(&SERVICES[0])
}

/// A region accounts run in: code, name, usage-type prefix.
#[derive(Debug, Clone, Copy)]
pub(super) struct Region {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) prefix: &'static str,
    pub(super) zones: [&'static str; 3],
}

/// Even accounts run in us-east-1, odd ones in us-west-2, so region-bound commitments leave some usage out.
pub(super) const REGIONS: [Region; 2] = [
    Region {
        code: "us-east-1",
        name: "US East (N. Virginia)",
        prefix: "",
        zones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    },
    Region {
        code: "us-west-2",
        name: "US West (Oregon)",
        prefix: "USW2-",
        zones: ["us-west-2a", "us-west-2b", "us-west-2c"],
    },
];

/// Savings Plan price as a fraction of on-demand (1-year no-upfront Compute Savings Plan, roughly).
pub(super) const SAVINGS_PLAN_FACTOR: f64 = 0.72;
/// RDS reserved-instance hourly fee as a fraction of on-demand (1-year no upfront).
pub(super) const RESERVATION_FACTOR: f64 = 0.65;
/// Sales tax rate applied to each account's monthly charges per product.
pub(super) const TAX_RATE: f64 = 0.06;

/// Account display names shared by the three providers' simulations.
pub(super) fn account_name(account: u32) -> String {
    const NAMES: [&str; 8] =
        ["Production", "Data Platform", "Sandbox", "Shared Services", "Analytics", "Staging", "Marketing", "Research"];
    let base = NAMES[account as usize % NAMES.len()];
    match account as usize / NAMES.len() {
        0 => base.to_string(),
        n => format!("{base} {}", n + 1),
    }
}

/// The `resourceTags/user:*` column a tag key goes to.
pub(super) fn tag_column(key: &str) -> Option<super::aws_cur::A> {
    use super::aws_cur::A;
    Some(match key {
        "Application" => A::TagApplicationPascal,
        "CostCenter" => A::TagCostCenterPascal,
        "Environment" => A::TagEnvironmentPascal,
        "Team" => A::TagTeamPascal,
        "application" => A::TagApplication,
        "costcenter" => A::TagCostCenter,
        "environment" => A::TagEnvironment,
        "team" => A::TagTeam,
        _ => return None,
    })
}

/// `lineItem/LineItemType`, which decides how a row maps to FOCUS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Kind {
    #[default]
    Usage,
    SpCovered,
    SpNegation,
    SpFee,
    RiUsage,
    RiFee,
    Credit,
    Tax,
}

impl Kind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Usage => "Usage",
            Kind::SpCovered => "SavingsPlanCoveredUsage",
            Kind::SpNegation => "SavingsPlanNegation",
            Kind::SpFee => "SavingsPlanRecurringFee",
            Kind::RiUsage => "DiscountedUsage",
            Kind::RiFee => "RIFee",
            Kind::Credit => "Credit",
            Kind::Tax => "Tax",
        }
    }
}

/// One CUR line item, with what its FOCUS rendition needs.
#[derive(Debug, Default)]
pub(super) struct Line<'a> {
    pub(super) kind: Kind,
    pub(super) account: u32,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) service: Option<&'static AwsService>,
    pub(super) product_code: &'static str,
    pub(super) product_name: &'static str,
    pub(super) usage_type: &'a str,
    pub(super) quantity: Option<f64>,
    pub(super) rate: Option<f64>,
    /// `lineItem/UnblendedCost`, the FOCUS BilledCost.
    pub(super) cost: f64,
    /// `pricing/publicOnDemandCost`.
    pub(super) public_cost: f64,
    pub(super) description: &'a str,
    pub(super) resource_id: &'a str,
    pub(super) zone: &'a str,
    pub(super) resource: Option<&'a Resource>,
    /// FOCUS EffectiveCost by the CUR mapping (SP effective cost, RI effective cost, unused fee...).
    pub(super) effective: f64,
    /// Fee rows: commitment used (SP: dollars, RI: hours); covered rows: commitment consumed.
    pub(super) used: f64,
    /// Fee rows: what stayed unused (SP: dollars, RI: hours).
    pub(super) unused_quantity: f64,
}

/// An account of the organisation.
#[derive(Debug)]
pub(super) struct Account {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) region: Region,
    pub(super) style: KeyStyle,
}

/// The organisation's Savings Plan: a fixed hourly commitment.
#[derive(Debug)]
pub(super) struct SavingsPlan {
    pub(super) arn: String,
    pub(super) hourly: f64,
    pub(super) daily: f64,
}

/// The organisation's RDS reservation: `count` db.r5.large instances, no upfront.
#[derive(Debug)]
pub(super) struct Reservation {
    pub(super) arn: String,
    pub(super) count: u32,
    pub(super) hourly: f64,
    pub(super) region: &'static str,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
}

pub(super) fn resource_id(r: &Resource, account: &Account) -> String {
    let mut rng = Rng::keyed(r.key, &[label("aws-resource-id")]);
    let app = r.tags.application().unwrap_or("shared");
    let (region, acct) = (account.region.code, &account.id);
    match SERVICES[r.service].id {
        IdKind::Instance => format!("i-0{}", rng.hex(16)),
        IdKind::Volume => format!("vol-0{}", rng.hex(16)),
        IdKind::Database => format!("arn:aws:rds:{region}:{acct}:db:{app}-db-{}", rng.hex(6)),
        IdKind::Bucket => format!("acme-{app}-{}-{}", r.tags.environment().unwrap_or("data"), rng.hex(8)),
        IdKind::Function => format!("arn:aws:lambda:{region}:{acct}:function:{app}-handler-{}", rng.hex(6)),
        IdKind::Table => format!("arn:aws:dynamodb:{region}:{acct}:table/{app}-{}", rng.hex(6)),
        IdKind::PublicIp => format!("eipalloc-0{}", rng.hex(16)),
        IdKind::None => String::new(),
    }
}
