//! One thing worth telling about a period: a headline with its numbers, a severity, the table behind it.

use polars::prelude::DataFrame;

use crate::services::anomaly::Severity;

/// What an insight is about. Among insights of the same severity, they are listed in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum InsightKind {
    /// The total moved (always the first insight).
    Change,
    /// A service whose change explains much of the total's, with its usage types and resources.
    Driver,
    /// A service, account or region with material cost that had none before.
    New,
    /// A service, account or region that had material cost and has none now.
    Vanished,
    /// The largest cost anomaly of the period.
    Anomaly,
    /// The month's projection against its budget.
    Budget,
    /// A commitment discount (savings plan, reservation, CUD) that stopped applying.
    CommitmentEnded,
    /// The share of eligible usage covered by commitments fell.
    CoverageFell,
    /// Credits that reduced the previous period's cost shrank or ended.
    CreditsEnded,
    /// Costs priced in another currency moved with the exchange rate.
    CurrencyEffect,
    /// Cost without tags (or without the allocation tag), which no team owns.
    Unallocated,
    /// How much of the cost the largest few services make.
    Concentration,
}

impl InsightKind {
    /// `change`, `driver`, `new`, ... (snake case).
    pub fn as_str(self) -> &'static str {
        match self {
            InsightKind::Change => "change",
            InsightKind::Driver => "driver",
            InsightKind::New => "new",
            InsightKind::Vanished => "vanished",
            InsightKind::CommitmentEnded => "commitment_ended",
            InsightKind::CoverageFell => "coverage_fell",
            InsightKind::CreditsEnded => "credits_ended",
            InsightKind::CurrencyEffect => "currency_effect",
            InsightKind::Concentration => "concentration",
            InsightKind::Unallocated => "unallocated",
            InsightKind::Anomaly => "anomaly",
            InsightKind::Budget => "budget",
        }
    }
}

/// One insight. The headline is written by a template from the numbers in `table`; nothing in it is
/// estimated by a language model.
#[derive(Debug, Clone)]
pub struct Insight {
    /// What it is about.
    pub kind: InsightKind,
    /// How much it matters, relative to the previous period's cost.
    pub severity: Severity,
    /// One sentence with the numbers.
    pub headline: String,
    /// The amount it is about, in the result's currency (a change, a cost, a share's cost).
    pub amount: f64,
    /// The evidence (its columns depend on the kind).
    pub table: DataFrame,
}

impl Insight {
    pub(crate) fn new(kind: InsightKind, severity: Severity, headline: String, amount: f64, table: DataFrame) -> Self {
        Insight { kind, severity, headline, amount, table }
    }
}

/// `+12.3%` of `base`, or `n/a` when the base is zero.
pub(crate) fn percent_of(change: f64, base: f64) -> String {
    if base == 0.0 {
        "n/a".into()
    } else {
        format!("{:+.1}%", change / base.abs() * 100.0)
    }
}

/// `rose` / `fell` / `did not change`.
pub(crate) fn moved(change: f64) -> &'static str {
    if change > 0.0 {
        "rose"
    } else if change < 0.0 {
        "fell"
    } else {
        "did not change"
    }
}
