//! Recommendations from billing data alone: what to change to pay less, each with its estimated monthly
//! saving, how it was computed, a confidence and the evidence rows.
//!
//! One rule per file, each documented like a linter rule (what it finds, why it costs money, what to do);
//! every price or ratio a rule uses is in [`rates`] with its source, and where no price is known no saving
//! is estimated. The rules read the store's per-resource usage of the filter's selection
//! ([`crate::Store::resource_usage`]) and daily on-demand spend ([`crate::Store::daily_on_demand`]); they
//! never read files, chart, or format.
//!
//! | code | finds | saving |
//! |---|---|---|
//! | `commitment` | steady on-demand compute and databases no commitment covers | optimal commitment's net saving |
//! | `unused-commitment` | commitments more than 5% unused | none (unused cost stated) |
//! | `gp2-to-gp3` | EBS gp2 volumes | 20% |
//! | `previous-generation` | previous-generation instance families | price ratio to the current type |
//! | `idle-address` | idle public IPv4 addresses | 100% |
//! | `non-production-schedule` | dev/test/staging machines running 24/7 | 64% (business hours) |
//! | `storage-tier` | S3 Standard buckets without any request | 46% (Standard-IA) |
//! | `nat-gateway-endpoint` | NAT processing where S3/DynamoDB are used | none (upper bound stated) |
//! | `old-snapshots` | snapshot storage that only grows | the growth's cost |
//! | `untagged-spend` | usage without tags | none: allocation |
//!
//! Amounts are in each recommendation's own currency (the filter's rates are not applied); totals are per
//! currency. Monthly amounts are the last 30 days of the selection per average month (30.44 days).
//!
//! Rules can touch the same machine; their savings never add up to more than the changes would save
//! together:
//! - the `commitment` rule runs last and sizes on the on-demand spend left after the other recommendations
//!   (a machine scheduled to business hours leaves the around-the-clock base a commitment covers; one moved to
//!   the current generation counts at its new price); a dismissed recommendation changes nothing, so its
//!   machine counts again as it runs;
//! - two rules on one resource (a dev machine of a previous generation, to schedule and to move) each state
//!   their own saving, and [`Recommendations::total_saving`] counts them together, one applied to what the
//!   other leaves: `cost × (1 − (1 − a)(1 − b))` for savings of shares `a` and `b`. What plain addition would
//!   have over-claimed is [`Recommendations::overlap_saving`], and each such recommendation says so.
//!
//! ```no_run
//! use finops_core::prelude::*;
//! let ws = Workspace::open("data/finops.db")?;
//! let recs = ws.recommendations(&Filter::default())?;
//! for r in &recs.items {
//!     println!("{} {:>10.2} {} {}", r.rule.as_str(), r.monthly_saving, r.currency, r.title);
//! }
//! ws.dismiss_recommendation(&recs.items[0].id, Some("kept on purpose"))?;
//! # Ok::<(), finops_core::Error>(())
//! ```

mod commitments;
mod frame;
mod gp2_volumes;
mod idle_addresses;
mod inputs;
mod model;
mod nat_gateway;
mod old_snapshots;
mod optimizer;
mod overlap;
mod previous_generation;
pub mod rates;
mod schedules;
mod storage_tier;
mod untagged;
mod unused_commitment;

use std::collections::BTreeMap;

pub use model::{recommendation_id, CommitmentPlan, Confidence, Evidence, Recommendation, RuleCode, DAYS_PER_MONTH};
pub use optimizer::{optimal_commitment, CommitmentOptimum};

use crate::error::Result;
use crate::filter::Filter;
use crate::store::{Store, UsageWindow};
use inputs::Inputs;

/// A rule: the recommendations it finds in the inputs.
type Rule = fn(&Inputs<'_>) -> Vec<Recommendation>;

/// Every rule but `commitment`, which runs after them on what they leave ([`commitments::find`]).
const RULES: &[(RuleCode, Rule)] = &[
    (RuleCode::UnusedCommitment, unused_commitment::find),
    (RuleCode::Gp2ToGp3, gp2_volumes::find),
    (RuleCode::PreviousGeneration, previous_generation::find),
    (RuleCode::IdleAddress, idle_addresses::find),
    (RuleCode::NonProductionSchedule, schedules::find),
    (RuleCode::StorageTier, storage_tier::find),
    (RuleCode::NatGatewayEndpoint, nat_gateway::find),
    (RuleCode::OldSnapshots, old_snapshots::find),
    (RuleCode::UntaggedSpend, untagged::find),
];

/// Which recommendations to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecommendationOptions {
    /// List dismissed recommendations too (flagged [`Recommendation::dismissed`]).
    pub include_dismissed: bool,
    /// Only these rules (all when empty).
    pub rules: Vec<RuleCode>,
}

/// The recommendations of a selection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recommendations {
    /// Largest monthly saving first, then largest monthly cost.
    pub items: Vec<Recommendation>,
    /// The days the selection spans (None when it holds no usage).
    pub window: Option<UsageWindow>,
}

impl Recommendations {
    /// The recommendation with this id.
    pub fn get(&self, id: &str) -> Option<&Recommendation> {
        self.items.iter().find(|r| r.id == id)
    }

    /// Estimated monthly saving per currency (dismissed recommendations left out), net of overlaps: savings
    /// of several rules on one resource count together, each applied to what the others leave.
    pub fn total_saving(&self) -> BTreeMap<String, f64> {
        let mut totals = BTreeMap::new();
        for (currency, net, _) in overlap::per_resource(&self.items) {
            *totals.entry(currency).or_insert(0.0) += net;
        }
        totals
    }

    /// Per currency, what adding the savings of rules on the same resource would have over-claimed (the sum
    /// of the recommendations' savings minus [`Recommendations::total_saving`]); empty when nothing overlaps.
    pub fn overlap_saving(&self) -> BTreeMap<String, f64> {
        let mut overlaps = BTreeMap::new();
        for (currency, net, gross) in overlap::per_resource(&self.items) {
            if gross - net > 1e-9 {
                *overlaps.entry(currency).or_insert(0.0) += gross - net;
            }
        }
        overlaps
    }
}

/// Runs the rules on the filter's selection; dismissed recommendations are flagged from `store`.
pub(crate) fn recommend(store: &Store, filter: &Filter, options: &RecommendationOptions) -> Result<Recommendations> {
    let Some(window) = store.usage_window(filter)? else {
        return Ok(Recommendations::default());
    };
    let usage = store.resource_usage(filter, window)?;
    let daily = store.daily_on_demand(filter)?;
    let groups = inputs::group(&usage);
    let inputs = Inputs { window, usage: &usage, groups: &groups, daily: &daily };
    let dismissed = store.recommendation_dismissals()?;
    // Every rule runs whatever `options.rules` asks for: the commitment is sized on what the others leave.
    let mut items: Vec<Recommendation> = RULES.iter().flat_map(|(_, rule)| rule(&inputs)).collect();
    for r in &mut items {
        r.dismissed = dismissed.contains_key(&r.id);
    }
    let changes = commitments::Changes::of(&items);
    for mut r in commitments::find(&inputs, &changes) {
        r.dismissed = dismissed.contains_key(&r.id);
        items.push(r);
    }
    overlap::explain(&mut items);
    items.retain(|r| {
        (options.include_dismissed || !r.dismissed) && (options.rules.is_empty() || options.rules.contains(&r.rule))
    });
    items.sort_by(|a, b| {
        b.monthly_saving
            .total_cmp(&a.monthly_saving)
            .then(b.monthly_cost.total_cmp(&a.monthly_cost))
            .then(a.id.cmp(&b.id))
    });
    Ok(Recommendations { items, window: Some(window) })
}
