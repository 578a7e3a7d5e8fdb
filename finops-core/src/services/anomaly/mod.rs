//! Cost anomaly detection: unusual days in the daily usage cost of every segment (service × sub account by
//! default, any [`Dimension`] or tag key on request, and the total), merged into events an analyst can act on.
//!
//! For each segment, a robust seasonal baseline (weekly profile × level, both medians; see `baseline`) gives
//! the expected cost of each day from the days before it; the residual's robust z-score
//! (|actual − expected| / (1.4826 · MAD)) and two gates (minimum impact, minimum percentage) decide which days
//! are anomalous; consecutive days merge into one event (spike, drop, step, drift, or new segment), with its
//! impact, severity, score and root causes (see `detect` for the rules). Events a user marked false alarm or
//! planned are not raised again.
//!
//! Only Usage rows are scanned (taxes, credits, purchases and corrections are billing events, not
//! consumption) and amounts are in one currency, as everywhere in analytics. It must not chart or format:
//! callers get [`Anomalies`], typed events and DataFrames.
//!
//! ```no_run
//! use finops_core::prelude::*;
//! use finops_core::services::anomaly::AnomalyOptions;
//! let ws = Workspace::open("data/finops.db")?;
//! let found = ws.analytics()?.anomalies(&Filter { currency: Some("USD".into()), ..Default::default() }, &AnomalyOptions::default())?;
//! for event in &found.events {
//!     println!("{} {} {} → {:+.2} {}", event.segment, event.kind.as_str(), event.start, event.total_impact, event.currency);
//! }
//! # Ok::<(), finops_core::Error>(())
//! ```
//!
//! Why not augurs' MSTL/ETS: they fit a whole series at once, so the very spike being looked for bends the
//! fit, and a level shift has to be handled outside them anyway; a causal median baseline is robust by
//! construction, keeps past events stable, and costs no extra build time.

mod baseline;
mod detect;
mod event;
mod frames;
mod line_items;
mod options;
mod root_cause;
pub(crate) mod series;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

pub(crate) use baseline::median;
pub use event::{AnomalyEvent, EventKind, Feedback, RootCause, Segment, Severity};
pub use options::{AnomalyOptions, Sensitivity};

use crate::error::Result;
use crate::filter::Filter;
use crate::services::analytics::{date, Analytics, Dimension, Selection};
use detect::{Found, Gates, Scan};

/// One segment's days as the detector saw them, for charting the series with its expected band.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentDays {
    /// The series.
    pub segment: Segment,
    /// Usage cost per day, from the period's first day.
    pub actual: Vec<f64>,
    /// Expected cost (None while there is not enough history).
    pub expected: Vec<Option<f64>>,
    /// Lower edge of the normal band: expected − threshold · σ.
    pub lower: Vec<Option<f64>>,
    /// Upper edge of the normal band: expected + threshold · σ.
    pub upper: Vec<Option<f64>>,
    /// Whether the day belongs to a reported event.
    pub anomalous: Vec<bool>,
}

/// The result of a detection run.
#[derive(Debug, Clone, PartialEq)]
pub struct Anomalies {
    /// Events, largest |total impact| first.
    pub events: Vec<AnomalyEvent>,
    /// Every segment's days (the total first when it was scanned).
    pub series: Vec<SegmentDays>,
    /// First day of the period scanned (None when nothing was selected).
    pub start: Option<NaiveDate>,
    /// Currency of every amount.
    pub currency: Option<String>,
}

impl Analytics {
    /// Cost anomalies of the filter's selection, per segment (see [`AnomalyOptions`] and the module docs).
    ///
    /// The whole filter period is scanned; its first two weeks (and each series' first two weeks) train the
    /// baseline and raise no alarm. A selection spanning several currencies without rates is
    /// [`crate::Error::MixedCurrencies`].
    pub fn anomalies(&self, filter: &Filter, options: &AnomalyOptions) -> Result<Anomalies> {
        options.validate()?;
        // Feedback is always read (every event shows what a user said of it); `apply_feedback` decides whether
        // dismissed events are left out.
        let feedback = self.source().anomaly_feedback()?;
        let mut found = self.with_selection(filter, |selection| detect_all(selection, options, &feedback))?;
        if options.root_causes {
            for event in found.events.iter_mut().take(options.line_item_causes) {
                let below = line_items::line_item_causes(self, filter, event)?;
                event.root_causes.extend(below);
                root_cause::sort_and_keep(&mut event.root_causes);
            }
        }
        Ok(found)
    }
}

fn detect_all(
    selection: &Selection<'_>,
    options: &AnomalyOptions,
    feedback: &HashMap<(String, i32), Feedback>,
) -> Result<Anomalies> {
    let currency = selection.currency.clone();
    let Some((from, to)) = selection.period()? else {
        return Ok(Anomalies { events: Vec::new(), series: Vec::new(), start: None, currency });
    };
    let first = date(from);
    let first_weekday = first.weekday().num_days_from_monday() as usize;
    let gates = Gates { threshold: options.sensitivity.threshold(), min_pct: options.min_pct };
    let all = series::segment_series(selection, &options.segment_by, options.include_total, from, to)?;
    let children = root_cause::children(&options.segment_by, selection.labels.tag_keys());
    let mut events = Vec::new();
    let mut days_out = Vec::with_capacity(all.len());
    for one in all {
        let Scan { days, events: found } = detect::scan(&one.values, first_weekday, gates, options.min_impact);
        let mut anomalous = vec![false; days.len()];
        for f in found {
            let Some(mut event) = to_event(&one.segment, &f, first, currency.as_deref(), options) else { continue };
            match feedback.get(&(event.segment.key(), from + f.start as i32)) {
                Some(given) if given.dismisses() && options.apply_feedback => continue,
                given => event.feedback = given.copied(),
            }
            anomalous[f.start..=f.end].iter_mut().for_each(|a| *a = true);
            events.push(event);
        }
        let band = |sign: f64| -> Vec<Option<f64>> {
            days.iter().map(|d| Some(d.expected? + sign * gates.threshold * d.sigma?)).collect()
        };
        days_out.push(SegmentDays {
            segment: one.segment,
            expected: days.iter().map(|d| d.expected).collect(),
            lower: band(-1.0),
            upper: band(1.0),
            actual: one.values,
            anomalous,
        });
    }
    if options.root_causes {
        root_cause::attach(selection, &options.segment_by, &children, &mut events)?;
    }
    events.sort_by(|a, b| {
        b.total_impact
            .abs()
            .total_cmp(&a.total_impact.abs())
            .then_with(|| (a.start, &a.segment).cmp(&(b.start, &b.segment)))
    });
    Ok(Anomalies { events, series: days_out, start: Some(first), currency })
}

/// Whether an event's total impact is material: it reaches `min_impact`, or `min_impact_days` days of the
/// series' normal cost (a small series never reaches an absolute gate made for large ones).
fn material(total_impact: f64, normal_daily: f64, options: &AnomalyOptions) -> bool {
    let relative =
        options.min_impact_days.is_some_and(|days| normal_daily > 0.0 && total_impact.abs() >= days * normal_daily);
    total_impact.abs() >= options.min_impact || relative
}

/// The event of a detector finding, unless it misses the minimum impact.
fn to_event(
    segment: &Segment,
    found: &Found,
    first: NaiveDate,
    currency: Option<&str>,
    options: &AnomalyOptions,
) -> Option<AnomalyEvent> {
    let total_impact = found.actual - found.expected;
    if !material(total_impact, found.normal_daily, options) {
        return None;
    }
    let monthly_impact = match found.kind {
        EventKind::Step | EventKind::Drift | EventKind::New => found.daily_shift * 30.0,
        EventKind::Spike | EventKind::Drop => total_impact,
    };
    let day = |index: usize| first + chrono::Days::new(index as u64);
    Some(AnomalyEvent {
        segment: segment.clone(),
        kind: found.kind,
        start: day(found.start),
        end: day(found.end),
        expected: found.expected,
        actual: found.actual,
        total_impact,
        max_impact: found.max_impact,
        impact_pct: (found.expected.abs() > 0.0).then(|| total_impact / found.expected.abs() * 100.0),
        severity: Severity::of(monthly_impact, found.normal_daily * 30.0),
        score: found.score,
        currency: currency.unwrap_or_default().to_string(),
        root_causes: Vec::new(),
        feedback: None,
    })
}

impl Anomalies {
    /// The days of one segment (by [`Segment::key`]), if it was scanned.
    pub fn segment(&self, key: &str) -> Option<&SegmentDays> {
        self.series.iter().find(|s| s.segment.key() == key)
    }

    /// Events of one segment (by [`Segment::key`]), in date order.
    pub fn events_of(&self, key: &str) -> Vec<&AnomalyEvent> {
        let mut out: Vec<&AnomalyEvent> = self.events.iter().filter(|e| e.segment.key() == key).collect();
        out.sort_by_key(|e| e.start);
        out
    }

    /// The dimensions the segments were split by (empty when only the total was scanned).
    pub fn dimensions(&self) -> Vec<Dimension> {
        self.series
            .iter()
            .find(|s| !s.segment.parts.is_empty())
            .map_or_else(Vec::new, |s| s.segment.parts.iter().map(|(d, _)| d.clone()).collect())
    }
}
