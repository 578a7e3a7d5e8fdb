//! The real changes of the simulated costs that are no injected anomaly, recorded in the manifest beside
//! the anomalies: resources launched or terminated during the period, and a promotional credit running out.
//!
//! They change a series for real: a launch makes a new series appear, or lifts a running one to a new level
//! (a second VM in a subscription); a termination lowers it or ends it; a credit that ran out makes a
//! series' cost appear. A launch or a termination also moves commitment coverage (given in fleet order)
//! between the provider's series. A detector may rightly report them, so a benchmark must know them rather
//! than count them as false alarms. Which of them are material is the benchmark's call (it sees the
//! series); this only says what happened.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::simulation::{Period, Simulation};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostChangeKind {
    /// It started running on `day`.
    Launch,
    /// It stopped running: `day` is its first day without usage.
    Termination,
    /// The credit that paid for the series ran out on `day` (its cost is net of credits until then).
    CreditEnded,
}

/// A change of one series (ProviderName, SubAccountId, ServiceName) on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostChange {
    /// FOCUS `ProviderName`.
    pub provider: String,
    /// FOCUS `SubAccountId`.
    pub account: String,
    /// FOCUS `ServiceName`.
    pub service: String,
    /// The first day of the change (see [`CostChangeKind`]).
    #[serde(with = "super::iso_date")]
    pub day: NaiveDate,
    /// Launch or termination.
    pub kind: CostChangeKind,
    /// Billing currency of the series.
    pub currency: String,
}

/// Every launch after the period's first day, every termination before its end (one per series, day and
/// kind, in fleet order), then the credits that ran out. Call after the simulation.
pub(super) fn cost_changes(sim: &dyn Simulation, period: &Period) -> Vec<CostChange> {
    let mut out: Vec<CostChange> = Vec::new();
    let resources = sim.fleet().resources.iter().flat_map(|r| {
        [
            (r.account, r.service, r.launch, CostChangeKind::Launch),
            (r.account, r.service, r.end, CostChangeKind::Termination),
        ]
    });
    let credits = sim.credits_ended().into_iter().map(|(a, s, day)| (a, s, day, CostChangeKind::CreditEnded));
    for (account, service, day, kind) in resources.chain(credits) {
        if !(1..period.days).contains(&day) {
            continue;
        }
        let series = sim.series(account, service);
        let change = CostChange {
            provider: sim.provider().to_string(),
            account: series.account_id,
            service: series.service_name.to_string(),
            day: period.date(day),
            kind,
            currency: series.currency.to_string(),
        };
        let same = |c: &CostChange| {
            (&c.account, &c.service, c.day, c.kind) == (&change.account, &change.service, change.day, kind)
        };
        if !out.iter().any(same) {
            out.push(change);
        }
    }
    out
}
