//! Every price, price ratio and rate the rules use, each with its source, so an estimate can be traced to a
//! public price page. A rule never uses a number that is not here; where this table has no price, the rule
//! estimates no saving.
//!
//! Prices are public on-demand list prices in USD, us-east-1 / East US / us-central1, as published in 2025.
//! A ratio of two prices carries to other regions and currencies (regional prices move together), so the
//! rules apply ratios to the cost the data shows rather than these dollar amounts.

use crate::model::Provider;

/// A cheaper option for the same thing: the saving is `1 − to / from` of the current cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceRatio {
    /// Current price per unit.
    pub from: f64,
    /// Price per unit of the cheaper option.
    pub to: f64,
    /// The unit both prices are in.
    pub unit: &'static str,
    /// Where the prices come from.
    pub source: &'static str,
}

impl PriceRatio {
    /// Share of the current cost saved.
    pub fn saving(&self) -> f64 {
        1.0 - self.to / self.from
    }
}

/// EBS gp2 → gp3: $0.10 vs $0.08 per GB-month, 20% less (gp3 includes 3,000 IOPS and 125 MB/s).
pub const GP2_TO_GP3: PriceRatio = PriceRatio {
    from: 0.10,
    to: 0.08,
    unit: "GB-month",
    source: "aws.amazon.com/ebs/pricing, us-east-1: gp2 $0.10, gp3 $0.08 per GB-month",
};

/// S3 Standard → Standard-IA: $0.023 vs $0.0125 per GB-month (first 50 TB).
pub const S3_STANDARD_TO_IA: PriceRatio = PriceRatio {
    from: 0.023,
    to: 0.0125,
    unit: "GB-month",
    source: "aws.amazon.com/s3/pricing, us-east-1: S3 Standard $0.023, S3 Standard-IA $0.0125 per GB-month",
};

/// EBS snapshots standard → archive tier: $0.05 vs $0.0125 per GB-month.
pub const SNAPSHOT_TO_ARCHIVE: PriceRatio = PriceRatio {
    from: 0.05,
    to: 0.0125,
    unit: "GB-month",
    source: "aws.amazon.com/ebs/pricing, us-east-1: snapshot standard $0.05, archive $0.0125 per GB-month",
};

/// A public IPv4 address, in use or idle: $0.005 per hour (since February 2024).
pub const PUBLIC_IPV4_HOURLY: f64 = 0.005;
/// Source of [`PUBLIC_IPV4_HOURLY`].
pub const PUBLIC_IPV4_SOURCE: &str = "aws.amazon.com/vpc/pricing: public IPv4 address $0.005 per hour, idle or in use";

/// NAT gateway data processing: $0.045 per GB; S3 and DynamoDB gateway endpoints process for free.
pub const NAT_PROCESSING_PER_GB: f64 = 0.045;
/// Source of [`NAT_PROCESSING_PER_GB`].
pub const NAT_SOURCE: &str =
    "aws.amazon.com/vpc/pricing: NAT gateway $0.045 per GB processed; gateway endpoints (S3, DynamoDB) free";

/// Business hours a schedule keeps a non-production machine up: 12 hours × 5 days.
pub const SCHEDULE_HOURS_ON: f64 = 12.0 * 5.0;
/// Hours in a week.
pub const HOURS_PER_WEEK: f64 = 168.0;
/// Share of an always-on machine's cost a business-hours schedule saves: 1 − 60/168 ≈ 64%.
pub const SCHEDULE_SAVING: f64 = 1.0 - SCHEDULE_HOURS_ON / HOURS_PER_WEEK;

/// A commitment a provider sells, with its discount on on-demand prices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommitmentOffer {
    /// Provider that sells it.
    pub provider: Provider,
    /// What it is.
    pub name: &'static str,
    /// Usage types it covers start with this (`BoxUsage` also matches `USW2-BoxUsage:...`).
    pub usage_type: &'static str,
    /// Whether it is bought per region (reservations) or covers every region (Savings Plans).
    pub regional: bool,
    /// Discount on on-demand prices.
    pub discount: f64,
    /// Term, in months.
    pub term_months: f64,
    /// Where the discount comes from.
    pub source: &'static str,
}

/// The commitments the commitment rule can size. Providers or usage not listed get no commitment
/// recommendation (Azure reservations and GCP committed use discounts are not in the table yet).
pub const COMMITMENT_OFFERS: &[CommitmentOffer] = &[
    CommitmentOffer {
        provider: Provider::Aws,
        name: "Compute Savings Plan, 1 year, no upfront",
        usage_type: "BoxUsage",
        regional: false,
        discount: 0.28,
        term_months: 12.0,
        source: "aws.amazon.com/savingsplans/compute-pricing: m5.xlarge Linux us-east-1 $0.192 on demand, about \
                 $0.138 with a 1-year no-upfront Compute Savings Plan (28% off)",
    },
    CommitmentOffer {
        provider: Provider::Aws,
        name: "RDS reserved instance, 1 year, no upfront",
        usage_type: "InstanceUsage",
        regional: true,
        discount: 0.35,
        term_months: 12.0,
        source: "aws.amazon.com/rds/postgresql/pricing: db.r5.large Single-AZ us-east-1 $0.25 on demand, about \
                 $0.1625 reserved 1 year no upfront (35% off)",
    },
];

/// A previous-generation instance type and its current-generation replacement, with both prices per hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Generation {
    /// Provider.
    pub provider: Provider,
    /// The old type as usage types or meters name it (`m4.xlarge`, `D2 v2`, `N1 Predefined Instance Core`).
    pub old: &'static str,
    /// The replacement.
    pub new: &'static str,
    /// Prices per hour (per vCPU hour for GCP).
    pub ratio: PriceRatio,
}

const fn generation(provider: Provider, old: &'static str, new: &'static str, from: f64, to: f64) -> Generation {
    let source = match provider {
        Provider::Aws => "aws.amazon.com/ec2/pricing/on-demand, Linux us-east-1",
        Provider::Azure => "azure.microsoft.com/pricing/details/virtual-machines/linux, East US pay-as-you-go",
        _ => "cloud.google.com/compute/vm-instance-pricing, us-central1 per vCPU hour",
    };
    Generation { provider, old, new, ratio: PriceRatio { from, to, unit: "hour", source } }
}

/// Previous-generation types with a known price for them and their replacement.
#[rustfmt::skip]
pub const GENERATIONS: &[Generation] = &[
    generation(Provider::Aws, "m4.large", "m5.large", 0.10, 0.096),
    generation(Provider::Aws, "m4.xlarge", "m5.xlarge", 0.20, 0.192),
    generation(Provider::Aws, "m4.2xlarge", "m5.2xlarge", 0.40, 0.384),
    generation(Provider::Aws, "c4.large", "c5.large", 0.10, 0.085),
    generation(Provider::Aws, "c4.xlarge", "c5.xlarge", 0.199, 0.17),
    generation(Provider::Aws, "c4.2xlarge", "c5.2xlarge", 0.398, 0.34),
    generation(Provider::Aws, "r4.large", "r5.large", 0.133, 0.126),
    generation(Provider::Aws, "r4.xlarge", "r5.xlarge", 0.266, 0.252),
    generation(Provider::Aws, "t2.medium", "t3.medium", 0.0464, 0.0416),
    generation(Provider::Aws, "t2.large", "t3.large", 0.0928, 0.0832),
    generation(Provider::Azure, "D2 v2", "D2s v5", 0.146, 0.096),
    generation(Provider::Azure, "D4 v2", "D4s v5", 0.293, 0.192),
    generation(Provider::Gcp, "N1 Predefined Instance Core", "E2 Instance Core", 0.031611, 0.021811),
];

/// AWS instance families that are previous generation (aws.amazon.com/ec2/previous-generation). A type of
/// these families missing from [`GENERATIONS`] is still reported, without a saving.
pub const AWS_PREVIOUS_FAMILIES: &[&str] =
    &["m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "t1", "t2", "i2", "d2", "g2", "p2", "x1"];
