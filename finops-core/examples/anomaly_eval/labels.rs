//! Labels: the injected anomalies, and the generator's real changes that are no anomaly (`cost_changes` in
//! the manifest: launches, terminations, a promotional credit running out) when they are material, as `new`
//! (a series appears) or `change` (a level shift, on the series itself or on one whose commitment coverage
//! the change moved). Without them a detector that rightly reports a launch would be charged a false alarm.

use std::collections::HashMap;

use chrono::NaiveDate;
use finops_core::synth::{AnomalyKind, CostChange, CostChangeKind, InjectedAnomaly, SynthManifest};

use crate::score::Span;

/// The week after a change is complete, as days to add to its last day: a lasting change's segment-day window.
const AFTER_A_SHIFT: chrono::Days = chrono::Days::new(6);

/// The series key of the benchmark's segmentation (service × sub account).
pub(crate) fn segment_key(service: &str, account: &str) -> String {
    format!("service={service}|sub_account={account}")
}

/// A known change that moved its series' mean daily cost by this share (the default `min_pct`, fixed
/// here so the labels do not move with the detector's options) is a real level shift: a label.
const CHANGE_SHIFT: f64 = 0.3;
/// A new series whose first week costs at least this much (the default `min_impact`) is material.
const NEW_WEEK: f64 = 10.0;

/// Labels for the generator's real changes that are no injected anomaly (see `CostChange`), matched on their day
/// ±2 days and scored on their day and the week after it:
/// - `new`: a launch or a credit running out makes a series appear, and its first week is material;
/// - `change`: the week after a launch, termination or credit end costs [`CHANGE_SHIFT`] more or less a day
///   than the week before, on the series itself, or on another series of the same provider that was steady
///   the week before (a launch or termination moves commitment coverage, given in fleet order, between
///   series) and has no injected anomaly within two weeks.
///
/// A series that stops for good is a termination, which no detector should report: no label.
pub(crate) fn label_cost_changes(
    name: &str,
    manifest: &SynthManifest,
    seen: &HashMap<String, (NaiveDate, Vec<f64>)>,
    provider_of: &HashMap<String, String>,
    labels: &mut Vec<Span>,
) {
    let tolerance = chrono::Days::new(2);
    let push = |labels: &mut Vec<Span>, segment: String, kind: &str, day: NaiveDate| {
        let span = Span {
            dataset: name.into(),
            segment,
            kind: kind.into(),
            first: day - tolerance,
            last: day + tolerance,
            days: (day, day + AFTER_A_SHIFT),
        };
        if !labels.iter().any(|l| l.dataset == span.dataset && l.segment == span.segment && l.first == span.first) {
            labels.push(span);
        }
    };
    for change in &manifest.cost_changes {
        let key = segment_key(&change.service, &change.account);
        if let Some((start, values)) = seen.get(&key) {
            if let Some(kind) = own_label(change, *start, values) {
                push(labels, key.clone(), kind, change.day);
            }
        }
        if change.kind == CostChangeKind::CreditEnded {
            continue;
        }
        for (other, (start, values)) in seen {
            let account = other.rsplit_once("sub_account=").map_or("", |(_, a)| a);
            let injected_near = manifest
                .anomalies
                .iter()
                .any(|a| segment_key(&a.service, &a.account) == *other && (a.day - change.day).num_days().abs() <= 14);
            if *other == key || provider_of.get(account) != Some(&change.provider) || injected_near {
                continue;
            }
            if coverage_moved(change.day, *start, values) {
                push(labels, other.clone(), "change", change.day);
            }
        }
    }
}

/// Mean daily cost of `values[from..to]` (clamped to the series).
fn mean(values: &[f64], from: usize, to: usize) -> f64 {
    let days = &values[from.min(values.len())..to.min(values.len())];
    days.iter().sum::<f64>() / days.len().max(1) as f64
}

fn day_index(day: NaiveDate, start: NaiveDate, values: &[f64]) -> Option<usize> {
    usize::try_from((day - start).num_days()).ok().filter(|d| *d < values.len())
}

/// The label a change deserves on its own series, if any.
fn own_label(change: &CostChange, start: NaiveDate, values: &[f64]) -> Option<&'static str> {
    let day = day_index(change.day, start, values)?;
    let zero = |v: &f64| v.abs() < 1e-9;
    if change.kind != CostChangeKind::Termination && values[..day].iter().all(zero) {
        return (values[day..(day + 7).min(values.len())].iter().sum::<f64>() >= NEW_WEEK).then_some("new");
    }
    if change.kind == CostChangeKind::Termination && values[day..].iter().all(zero) {
        return None;
    }
    let (before, after) = (mean(values, day.saturating_sub(7), day), mean(values, day, day + 7));
    (before > 0.0 && (after / before - 1.0).abs() >= CHANGE_SHIFT).then_some("change")
}

/// Whether a series steady for two weeks moved by [`CHANGE_SHIFT`] on `day` itself: the week after against
/// the week before, and that day against the week before while the day before was still at that level.
fn coverage_moved(day: NaiveDate, start: NaiveDate, values: &[f64]) -> bool {
    let Some(d) = day_index(day, start, values).filter(|d| *d >= 14) else { return false };
    let (prior, before, after) = (mean(values, d - 14, d - 7), mean(values, d - 7, d), mean(values, d, d + 7));
    let off = |value: f64| (value / before - 1.0).abs();
    prior > 0.0
        && before > 0.0
        && off(prior) < 0.1
        && off(values[d - 1]) < 0.1
        && off(values[d]) >= CHANGE_SHIFT
        && off(after) >= CHANGE_SHIFT
}

/// The label of an injected anomaly: matched on its window (its days ±2), scored on its own days.
pub(crate) fn injected(name: &str, a: &InjectedAnomaly) -> Span {
    let (first, last) = a.window(2);
    Span {
        dataset: name.into(),
        segment: segment_key(&a.service, &a.account),
        kind: a.kind.as_str().into(),
        first,
        last,
        days: label_days(a),
    }
}

/// The days of an injected anomaly that a segment-day is positive on: every day a spike, a drop or a temporary
/// shift touched; the change and the week after it for a step or a drift (its new level is the new normal,
/// but a detector needs that week to tell it from an episode, and the generator leaves it after every shift).
fn label_days(a: &InjectedAnomaly) -> (NaiveDate, NaiveDate) {
    match a.kind {
        AnomalyKind::Spike | AnomalyKind::Drop | AnomalyKind::Shift => (a.day, a.last_day()),
        AnomalyKind::Step | AnomalyKind::Drift => (a.day, a.settled.unwrap_or(a.day) + AFTER_A_SHIFT),
    }
}
