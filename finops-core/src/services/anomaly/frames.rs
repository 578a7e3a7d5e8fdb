//! [`Anomalies`] as polars DataFrames with documented columns, for notebooks and bindings.

use polars::prelude::*;

use super::{Anomalies, SegmentDays};
use crate::error::Result;
use crate::services::analytics::day_number;

fn dates(name: &str, days: Vec<i32>) -> Result<Column> {
    Ok(Column::new(name.into(), days).cast(&DataType::Date)?)
}

impl Anomalies {
    /// One row per event, in [`Anomalies::events`] order.
    ///
    /// Columns: `id` (String, [`super::AnomalyEvent::id`]), `segment` (String, [`super::Segment::key`]), one String column per segment dimension named
    /// by [`crate::Dimension::name`] (`service`, `sub_account`, `tag:team`; null for the total), `kind`
    /// (String: spike, drop, step, drift, new), `start` and `end` (Date), `days` (UInt32), `expected`,
    /// `actual`, `total_impact`, `max_impact` (Float64), `impact_pct` (Float64, null when nothing was
    /// expected), `severity` (String: low, medium, high, critical), `score` (Float64), `currency` (String),
    /// `top_cause` (String `dimension=value`, null without root causes), `top_cause_share_pct` (Float64, percent
    /// of the impact), `feedback` (String: `confirmed`, or with `apply_feedback` off also `false_alarm` and
    /// `planned`; null without feedback).
    pub fn to_frame(&self) -> Result<DataFrame> {
        let e = &self.events;
        let mut columns = vec![
            Column::new("id".into(), e.iter().map(|x| x.id()).collect::<Vec<_>>()),
            Column::new("segment".into(), e.iter().map(|x| x.segment.key()).collect::<Vec<_>>()),
        ];
        for dimension in self.dimensions() {
            let values: Vec<Option<&str>> = e.iter().map(|x| x.segment.value(&dimension)).collect();
            columns.push(Column::new(dimension.name().into(), values));
        }
        let f = |get: fn(&super::AnomalyEvent) -> f64| e.iter().map(get).collect::<Vec<f64>>();
        columns.extend([
            Column::new("kind".into(), e.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>()),
            dates("start", e.iter().map(|x| day_number(x.start)).collect())?,
            dates("end", e.iter().map(|x| day_number(x.end)).collect())?,
            Column::new("days".into(), e.iter().map(|x| (x.end - x.start).num_days() as u32 + 1).collect::<Vec<_>>()),
            Column::new("expected".into(), f(|x| x.expected)),
            Column::new("actual".into(), f(|x| x.actual)),
            Column::new("total_impact".into(), f(|x| x.total_impact)),
            Column::new("max_impact".into(), f(|x| x.max_impact)),
            Column::new("impact_pct".into(), e.iter().map(|x| x.impact_pct).collect::<Vec<_>>()),
            Column::new("severity".into(), e.iter().map(|x| x.severity.as_str()).collect::<Vec<_>>()),
            Column::new("score".into(), f(|x| x.score)),
            Column::new("currency".into(), e.iter().map(|x| x.currency.as_str()).collect::<Vec<_>>()),
            Column::new(
                "top_cause".into(),
                e.iter()
                    .map(|x| x.root_causes.first().map(|c| format!("{}={}", c.dimension, c.value)))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "top_cause_share_pct".into(),
                e.iter().map(|x| x.root_causes.first().map(|c| c.share)).collect::<Vec<_>>(),
            ),
            Column::new("feedback".into(), e.iter().map(|x| x.feedback.map(|f| f.as_str())).collect::<Vec<_>>()),
        ]);
        Ok(DataFrame::new(e.len(), columns)?)
    }

    /// The root causes of every event, long format, events in [`Anomalies::events`] order and causes ranked.
    ///
    /// Columns: `segment` (String), `start` (Date: the event's first day), `rank` (UInt32, 1 = largest share),
    /// `dimension` (String), `value` (String), `actual`, `expected`, `contribution`, `share_pct` (Float64; share in
    /// percent of the event's total impact).
    pub fn root_causes_frame(&self) -> Result<DataFrame> {
        let rows: Vec<(&super::AnomalyEvent, usize, &super::RootCause)> =
            self.events.iter().flat_map(|e| e.root_causes.iter().enumerate().map(move |(i, c)| (e, i, c))).collect();
        let num = |get: fn(&super::RootCause) -> f64| rows.iter().map(|r| get(r.2)).collect::<Vec<f64>>();
        Ok(DataFrame::new(
            rows.len(),
            vec![
                Column::new("segment".into(), rows.iter().map(|r| r.0.segment.key()).collect::<Vec<_>>()),
                dates("start", rows.iter().map(|r| day_number(r.0.start)).collect())?,
                Column::new("rank".into(), rows.iter().map(|r| r.1 as u32 + 1).collect::<Vec<_>>()),
                Column::new("dimension".into(), rows.iter().map(|r| r.2.dimension.as_str()).collect::<Vec<_>>()),
                Column::new("value".into(), rows.iter().map(|r| r.2.value.as_str()).collect::<Vec<_>>()),
                Column::new("actual".into(), num(|c| c.actual)),
                Column::new("expected".into(), num(|c| c.expected)),
                Column::new("contribution".into(), num(|c| c.contribution)),
                Column::new("share_pct".into(), num(|c| c.share)),
            ],
        )?)
    }

    /// One segment's days for a chart (by [`super::Segment::key`], `total` for the total), None if it was not
    /// scanned.
    ///
    /// Columns: `date` (Date), `actual` (Float64), `expected`, `lower`, `upper` (Float64, null while the
    /// baseline has too little history), `anomalous` (Boolean: the day belongs to a reported event).
    pub fn series_frame(&self, key: &str) -> Result<Option<DataFrame>> {
        let (Some(days), Some(start)) = (self.segment(key), self.start) else { return Ok(None) };
        Ok(Some(segment_frame(days, day_number(start))?))
    }
}

fn segment_frame(days: &SegmentDays, first: i32) -> Result<DataFrame> {
    let n = days.actual.len();
    Ok(DataFrame::new(
        n,
        vec![
            dates("date", (first..first + n as i32).collect())?,
            Column::new("actual".into(), days.actual.clone()),
            Column::new("expected".into(), days.expected.clone()),
            Column::new("lower".into(), days.lower.clone()),
            Column::new("upper".into(), days.upper.clone()),
            Column::new("anomalous".into(), days.anomalous.clone()),
        ],
    )?)
}
