//! The typed result of a rule: a [`Recommendation`] with its evidence, confidence and, for commitments,
//! the plan that sized it.

use crate::model::Provider;
use crate::store::ResourceUsage;

/// Average days in a month (365.25 / 12): turns a daily cost into a monthly one.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Which rule raised a recommendation; [`RuleCode::as_str`] is the code users see and dismissals keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleCode {
    /// Steady on-demand usage no commitment covers (`commitment`).
    Commitment,
    /// A commitment that goes partly unused (`unused-commitment`).
    UnusedCommitment,
    /// EBS gp2 volumes that cost 20% less as gp3 (`gp2-to-gp3`).
    Gp2ToGp3,
    /// Previous-generation instance families (`previous-generation`).
    PreviousGeneration,
    /// Public IP addresses billed while idle (`idle-address`).
    IdleAddress,
    /// Non-production machines running around the clock (`non-production-schedule`).
    NonProductionSchedule,
    /// Object storage that is never read, on a frequent-access tier (`storage-tier`).
    StorageTier,
    /// NAT gateway data processing a gateway endpoint would avoid (`nat-gateway-endpoint`).
    NatGatewayEndpoint,
    /// Snapshot storage that only grows (`old-snapshots`).
    OldSnapshots,
    /// Spend without tags: allocation, not savings (`untagged-spend`).
    UntaggedSpend,
}

impl RuleCode {
    /// Every rule, in catalogue order.
    pub const ALL: [RuleCode; 10] = [
        RuleCode::Commitment,
        RuleCode::UnusedCommitment,
        RuleCode::Gp2ToGp3,
        RuleCode::PreviousGeneration,
        RuleCode::IdleAddress,
        RuleCode::NonProductionSchedule,
        RuleCode::StorageTier,
        RuleCode::NatGatewayEndpoint,
        RuleCode::OldSnapshots,
        RuleCode::UntaggedSpend,
    ];

    /// The rule's code (`gp2-to-gp3`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleCode::Commitment => "commitment",
            RuleCode::UnusedCommitment => "unused-commitment",
            RuleCode::Gp2ToGp3 => "gp2-to-gp3",
            RuleCode::PreviousGeneration => "previous-generation",
            RuleCode::IdleAddress => "idle-address",
            RuleCode::NonProductionSchedule => "non-production-schedule",
            RuleCode::StorageTier => "storage-tier",
            RuleCode::NatGatewayEndpoint => "nat-gateway-endpoint",
            RuleCode::OldSnapshots => "old-snapshots",
            RuleCode::UntaggedSpend => "untagged-spend",
        }
    }

    /// The rule of a code.
    pub fn parse(code: &str) -> Option<RuleCode> {
        RuleCode::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// Whether the rule estimates a saving (untagged spend, unused commitments and NAT processing state a cost
    /// to act on, with a saving of 0).
    pub fn saves(self) -> bool {
        !matches!(self, RuleCode::UntaggedSpend | RuleCode::UnusedCommitment | RuleCode::NatGatewayEndpoint)
    }
}

/// How sure the estimate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Confidence {
    /// The billing data alone shows the waste and the price ratio is public.
    High,
    /// The data shows it, but the saving depends on how the resource is used.
    Medium,
    /// A hint: the data is consistent with the waste, the saving is an upper bound or unknown.
    Low,
}

impl Confidence {
    /// `high`, `medium` or `low`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// One row of evidence: what the billing data shows for a resource and usage type.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// ResourceId (None for usage not attributed to a resource).
    pub resource_id: Option<String>,
    /// x_UsageType or SkuMeter.
    pub usage_type: Option<String>,
    /// Days with usage in the selection.
    pub days: i64,
    /// PricingQuantity over those days.
    pub quantity: f64,
    /// PricingUnit.
    pub unit: Option<String>,
    /// EffectiveCost over those days.
    pub cost: f64,
}

impl From<&ResourceUsage> for Evidence {
    fn from(u: &ResourceUsage) -> Self {
        Evidence {
            resource_id: u.resource_id.clone(),
            usage_type: u.usage_type.clone(),
            days: u.days,
            quantity: u.quantity,
            unit: u.pricing_unit.clone(),
            cost: u.effective_cost,
        }
    }
}

/// How a commitment recommendation was sized (see the `commitments` rule).
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentPlan {
    /// What to buy (`Compute Savings Plan, 1 year, no upfront`).
    pub offer: String,
    /// Commitment to buy, in currency per hour at the committed price.
    pub hourly_commitment: f64,
    /// On-demand spend per hour the commitment covers (`hourly_commitment / (1 − discount)`).
    pub covered_hourly: f64,
    /// The discount on on-demand prices.
    pub discount: f64,
    /// Share of the commitment the observed usage would have used.
    pub expected_utilization: f64,
    /// The utilization below which the commitment costs more than it saves (`1 − discount`).
    pub break_even_utilization: f64,
    /// Months the observed usage must last for the term's commitment to pay for itself (the rest of the
    /// term's commitment, if usage stopped, equals the savings made so far).
    pub payback_months: f64,
}

/// One thing to do, with what it costs now and what it would save.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Stable id: the rule code and a hash of rule, provider, account and resource (or scope), so the same
    /// finding keeps its id across re-imports and a dismissal sticks.
    pub id: String,
    /// The rule that raised it.
    pub rule: RuleCode,
    /// One line for a list.
    pub title: String,
    /// FOCUS ProviderName.
    pub provider: Provider,
    /// BillingAccountId.
    pub billing_account: String,
    /// SubAccountId (None for organisation-wide findings such as a Savings Plan).
    pub account: Option<String>,
    /// RegionId, when the finding is in one region.
    pub region: Option<String>,
    /// Currency of every amount.
    pub currency: String,
    /// What the id is built from: the ResourceId, or the scope of an aggregate finding (`BoxUsage` for a
    /// Savings Plan, `<region>|<usage type>` for a reservation, the commitment id, `untagged`).
    pub key: String,
    /// The resources concerned (ResourceId).
    pub resources: Vec<String>,
    /// What the resources cost per month now (EffectiveCost over the last 30 days, per average month; for a
    /// commitment, the on-demand spend it would cover, averaged over the selection).
    pub monthly_cost: f64,
    /// Estimated saving per month (0 for allocation findings and where no price is known).
    pub monthly_saving: f64,
    /// How the saving was computed, citing the rate from `rates`.
    pub method: String,
    /// How sure the estimate is.
    pub confidence: Confidence,
    /// The billing rows behind it.
    pub evidence: Vec<Evidence>,
    /// For commitments: how it was sized.
    pub commitment: Option<CommitmentPlan>,
    /// Whether a user dismissed it (only listed when dismissed ones are asked for).
    pub dismissed: bool,
}

impl Recommendation {
    /// The share of its monthly cost left once it is applied: `1 − saving / cost`, 1 when it claims no saving.
    /// What composes recommendations on one resource (each applies to what the others leave).
    pub(crate) fn cost_left(&self) -> f64 {
        if self.monthly_cost > 0.0 {
            1.0 - (self.monthly_saving / self.monthly_cost).clamp(0.0, 1.0)
        } else {
            1.0
        }
    }
}

/// The stable id of a finding: `<rule>:<16 hex digits of blake3(rule|provider|account|key)>`.
pub fn recommendation_id(rule: RuleCode, provider: Provider, account: &str, key: &str) -> String {
    let text = format!("{}|{}|{account}|{key}", rule.as_str(), provider.as_str());
    let hash = blake3::hash(text.as_bytes()).to_hex();
    format!("{}:{}", rule.as_str(), &hash[..16])
}
