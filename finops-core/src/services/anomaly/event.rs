//! What an anomaly report contains: the event (segment, days, expected and actual cost, impact, severity,
//! score, kind), its root causes, and the feedback a user gave on it.

use chrono::NaiveDate;

use crate::services::analytics::Dimension;

/// What happened to the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// Cost above expected for a few days (fewer than a level shift's five), then back to normal.
    Spike,
    /// Cost below expected for a few days, then back to normal (an outage, a broken pipeline, a lost job).
    Drop,
    /// A level shift that stays: reported once, from its first day to the day it was recognised; the days
    /// after are compared with the new level.
    Step,
    /// A slow ramp to a new level (a leak, a growing dataset): reported once, from where the ramp began.
    Drift,
    /// A segment (service, account, region...) that appeared during the period with material cost.
    New,
}

impl EventKind {
    /// `spike`, `drop`, `step`, `drift` or `new`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Spike => "spike",
            EventKind::Drop => "drop",
            EventKind::Step => "step",
            EventKind::Drift => "drift",
            EventKind::New => "new",
        }
    }

    /// Every kind.
    pub const ALL: [EventKind; 5] =
        [EventKind::Spike, EventKind::Drop, EventKind::Step, EventKind::Drift, EventKind::New];

    /// The kind named by [`EventKind::as_str`].
    pub fn parse(text: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// How much an event matters, from its monthly impact against the segment's normal monthly cost: the
/// event's total impact for a spike or a drop; 30 days of the new daily run rate's change for a step, a
/// drift or a new segment (they stay).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Under 10% of a normal month.
    Low,
    /// 10% to 30%.
    Medium,
    /// 30% to 100%.
    High,
    /// A month's normal cost or more (and every new segment with no normal to compare with).
    Critical,
}

impl Severity {
    /// The severity of a monthly impact against a normal monthly cost.
    pub fn of(monthly_impact: f64, normal_monthly: f64) -> Severity {
        if normal_monthly <= 0.0 {
            return Severity::Critical;
        }
        match monthly_impact.abs() / normal_monthly {
            r if r < 0.1 => Severity::Low,
            r if r < 0.3 => Severity::Medium,
            r if r < 1.0 => Severity::High,
            _ => Severity::Critical,
        }
    }

    /// `low`, `medium`, `high` or `critical`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// What a user said about an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feedback {
    /// A real anomaly.
    Confirmed,
    /// Not an anomaly: never raised again.
    FalseAlarm,
    /// Expected (a migration, a load test, a launch): never raised again.
    Planned,
}

impl Feedback {
    /// `confirmed`, `false_alarm` or `planned`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Feedback::Confirmed => "confirmed",
            Feedback::FalseAlarm => "false_alarm",
            Feedback::Planned => "planned",
        }
    }

    /// The feedback stored as [`Feedback::as_str`] (also accepts `false alarm`, `yes`, `no`).
    pub fn parse(text: &str) -> Option<Feedback> {
        match crate::model::fold(text).as_str() {
            "confirmed" | "yes" => Some(Feedback::Confirmed),
            "falsealarm" | "no" => Some(Feedback::FalseAlarm),
            "planned" | "plannedactivity" => Some(Feedback::Planned),
            _ => None,
        }
    }

    /// Whether an event with this feedback is kept out of later results.
    pub fn dismisses(self) -> bool {
        matches!(self, Feedback::FalseAlarm | Feedback::Planned)
    }
}

/// Which series an event is on: a value per dimension (`service = AWS Lambda`, `sub_account = 1234`), or
/// none for the total of the selection.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Segment {
    /// Dimension and value, in the order the options named the dimensions.
    pub parts: Vec<(Dimension, String)>,
}

impl Segment {
    /// The stable text events are stored and matched by: `service=AWS Lambda|sub_account=1234`, or `total`.
    pub fn key(&self) -> String {
        if self.parts.is_empty() {
            return "total".into();
        }
        self.parts.iter().map(|(d, v)| format!("{}={v}", d.name())).collect::<Vec<_>>().join("|")
    }

    /// The value of one dimension, if the segment has it.
    pub fn value(&self, dimension: &Dimension) -> Option<&str> {
        self.parts.iter().find(|(d, _)| d == dimension).map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Display for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

/// A child value's part in an event: how much of the change it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct RootCause {
    /// The child dimension: `region`, `sub_account`, `service`, `pricing_unit`, `tag:<key>`.
    pub dimension: String,
    /// Its value (`(none)` or `(untagged)` when absent).
    pub value: String,
    /// Its cost over the event's days.
    pub actual: f64,
    /// What it usually costs over the event's days (same weekdays, four weeks before the event).
    pub expected: f64,
    /// `actual − expected`.
    pub contribution: f64,
    /// `contribution` as a percentage of the event's total impact.
    pub share: f64,
}

/// One anomaly: consecutive anomalous days of one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyEvent {
    /// The series.
    pub segment: Segment,
    /// What happened.
    pub kind: EventKind,
    /// First anomalous day.
    pub start: NaiveDate,
    /// Last anomalous day (for a step, the day it was recognised as the new normal).
    pub end: NaiveDate,
    /// Expected cost summed over the event's days.
    pub expected: f64,
    /// Actual cost summed over the event's days.
    pub actual: f64,
    /// `actual − expected` (negative for drops and downward steps).
    pub total_impact: f64,
    /// The largest daily `actual − expected` (by absolute value).
    pub max_impact: f64,
    /// `total_impact` as a percentage of `expected` (None when nothing was expected).
    pub impact_pct: Option<f64>,
    /// From the monthly impact against a normal month (see [`Severity`]).
    pub severity: Severity,
    /// The largest robust z-score of its days (|actual − expected| / (1.4826 · MAD)); 0 for a new segment.
    pub score: f64,
    /// Currency of every amount.
    pub currency: String,
    /// Child values ranked by their contribution to the impact (largest first).
    pub root_causes: Vec<RootCause>,
    /// What a user said, if anything (confirmed events stay; dismissed ones are returned only with
    /// `apply_feedback` off).
    pub feedback: Option<Feedback>,
}

impl AnomalyEvent {
    /// The event's stable id, `<segment key>@<first day>` (`service=AWS Lambda|sub_account=1234@2025-03-04`):
    /// the detector is causal, so an event keeps its segment and first day as data arrives, whatever order a
    /// table of events is sorted or filtered in.
    pub fn id(&self) -> String {
        format!("{}@{}", self.segment.key(), self.start)
    }

    /// The (segment key, first day) an [`AnomalyEvent::id`] names.
    pub fn parse_id(id: &str) -> Option<(&str, NaiveDate)> {
        let (segment, start) = id.rsplit_once('@')?;
        Some((segment, start.parse().ok()?)).filter(|(segment, _)| !segment.is_empty())
    }
}
