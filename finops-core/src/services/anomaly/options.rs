//! The settings of a detection run.

use crate::services::analytics::Dimension;

/// How readily a day is called anomalous: the robust z-score (|actual − expected| / (1.4826 · MAD)) a day
/// must reach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sensitivity {
    /// Only the clearest anomalies (z ≥ 6).
    Low,
    /// The default (z ≥ 5), tuned on generated data (seeds 1–3) for few false alarms.
    Medium,
    /// More anomalies, more false alarms (z ≥ 4).
    High,
    /// An explicit z-score threshold.
    Threshold(f64),
}

impl Sensitivity {
    /// The z-score threshold.
    pub fn threshold(self) -> f64 {
        match self {
            Sensitivity::Low => 6.0,
            Sensitivity::Medium => 5.0,
            Sensitivity::High => 4.0,
            Sensitivity::Threshold(z) => z,
        }
    }
}

/// What to look for and how hard. Both gates must pass (like AWS Cost Anomaly Detection's absolute and
/// percentage thresholds): an event's total impact is material (it reaches `min_impact`, or, on a series
/// too small for that ever to happen, `min_impact_days` of its normal daily cost), and each of its days is
/// off its expected value by `min_pct`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyOptions {
    /// The segments: one series per combination of values (default service × sub account).
    pub segment_by: Vec<Dimension>,
    /// Also scan the total of the selection (segment `total`).
    pub include_total: bool,
    /// Minimum |total impact| of an event, in the result currency (default 10).
    pub min_impact: f64,
    /// The relative gate for small series: an event below `min_impact` is still material when its |total
    /// impact| reaches this many days of the segment's normal cost (what its first day was expected to cost).
    /// Default 0.5: a series costing 8 a day that loses 60% of one day is an event (a one-day drop can lose
    /// one day at most). None: `min_impact` alone.
    pub min_impact_days: Option<f64>,
    /// Minimum daily deviation, in percent of the expected cost (default 30).
    pub min_pct: f64,
    /// The z-score threshold.
    pub sensitivity: Sensitivity,
    /// Rank child dimensions by their contribution to each event (one aggregation per event).
    pub root_causes: bool,
    /// How many of the largest events are also explained by usage type and resource, read from their line
    /// items (one query each; the daily aggregate keeps neither).
    pub line_item_causes: usize,
    /// Leave out events a user marked false alarm or planned (matched by segment and start day).
    pub apply_feedback: bool,
}

impl Default for AnomalyOptions {
    fn default() -> Self {
        AnomalyOptions {
            segment_by: vec![Dimension::Service, Dimension::SubAccount],
            include_total: true,
            min_impact: 10.0,
            min_impact_days: Some(0.5),
            min_pct: 30.0,
            sensitivity: Sensitivity::Medium,
            root_causes: true,
            line_item_causes: 5,
            apply_feedback: true,
        }
    }
}

impl AnomalyOptions {
    /// Checks the values.
    pub(super) fn validate(&self) -> crate::Result<()> {
        let z = self.sensitivity.threshold();
        let gate = |x: f64| x.is_finite() && x >= 0.0;
        let days_ok = self.min_impact_days.is_none_or(gate);
        if !(gate(self.min_impact) && days_ok && gate(self.min_pct) && z.is_finite() && z > 0.0) {
            return Err(crate::Error::InvalidArgument(format!(
                "anomaly gates must be non-negative numbers and the threshold positive: min_impact {}, \
                 min_impact_days {:?}, min_pct {}, threshold {z}",
                self.min_impact, self.min_impact_days, self.min_pct
            )));
        }
        Ok(())
    }
}
