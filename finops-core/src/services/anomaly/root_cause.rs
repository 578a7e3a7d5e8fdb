//! Why an event happened: the values of the child dimensions (region, account, service, tag values) ranked
//! by how much of the change each carries.
//!
//! A child's expected cost on an event day is its average cost on the same weekday over the four weeks before
//! the event; its contribution is what it actually cost over the event minus the sum of those. The daily frame keeps no resource
//! ids or SKUs: usage types and resources come from the line items (`line_items`), for the largest events.

use std::collections::HashMap;

use super::event::{AnomalyEvent, RootCause};
use crate::error::Result;
use crate::services::analytics::{day_number, Dimension, Selection};

/// Days before an event that define a child's usual cost.
pub(super) const REFERENCE_DAYS: i32 = 28;
/// Causes kept per event.
const KEEP: usize = 10;

/// The child dimensions worth drilling into for a segment split by `segment_by`.
pub(super) fn children(segment_by: &[Dimension], tag_keys: Vec<String>) -> Vec<Dimension> {
    let mut out = vec![Dimension::Region, Dimension::SubAccount, Dimension::Service, Dimension::BillingAccount];
    out.extend(tag_keys.into_iter().map(Dimension::Tag));
    out.retain(|d| !segment_by.contains(d));
    out
}

/// Per child value: its cost per weekday over the reference days before an event, and its cost during it.
pub(super) type ChildSums = HashMap<String, ([f64; 7], f64)>;

/// Adds a child value's `cost` on `day` to `sums`, before the event (by weekday) or during it (from `start`).
pub(super) fn add(sums: &mut ChildSums, value: &str, day: i32, start: i32, cost: f64) {
    let entry = sums.entry(value.to_string()).or_default();
    if day < start {
        entry.0[day.rem_euclid(7) as usize] += cost;
    } else {
        entry.1 += cost;
    }
}

/// A row of one segment: the child dimensions' values, the day, the cost.
type ChildDay<'a> = (&'a [String], i32, f64);

/// Ranks the causes of every event, on the same selection (Usage rows) the events were found in. One
/// aggregation by the segment and every child dimension at once covers every event (from the earliest
/// reference day to the last event day); each event then reads its segment's rows. Per-event, per-child
/// aggregations made root causes cost a hundred times the detection on large data.
pub(super) fn attach(
    selection: &Selection<'_>,
    segment_by: &[Dimension],
    children: &[Dimension],
    events: &mut [AnomalyEvent],
) -> Result<()> {
    let (Some(first), Some(last)) =
        (events.iter().map(|e| day_number(e.start)).min(), events.iter().map(|e| day_number(e.end)).max())
    else {
        return Ok(());
    };
    let keys: Vec<Dimension> = segment_by.iter().chain(children).cloned().collect();
    let rows = super::series::named_sums(selection, &keys, first - REFERENCE_DAYS, last)?;
    // Each segment's rows.
    let mut by_segment: HashMap<&[String], Vec<ChildDay<'_>>> = HashMap::new();
    for (names, day, cost) in &rows {
        let (segment, values) = names.split_at(segment_by.len());
        by_segment.entry(segment).or_default().push((values, *day, *cost));
    }
    for event in events.iter_mut() {
        let (start, end) = (day_number(event.start), day_number(event.end));
        let wanted: Vec<String> = event.segment.parts.iter().map(|(_, v)| v.clone()).collect();
        let mine: Vec<&ChildDay<'_>> = if event.segment.parts.is_empty() {
            by_segment.values().flatten().collect()
        } else {
            by_segment.get(wanted.as_slice()).map(|rows| rows.iter().collect()).unwrap_or_default()
        };
        let mut causes = Vec::new();
        for (j, child) in children.iter().enumerate() {
            let mut sums = ChildSums::new();
            for (values, day, cost) in mine.iter().filter(|r| r.1 >= start - REFERENCE_DAYS && r.1 <= end) {
                add(&mut sums, &values[j], *day, start, *cost);
            }
            causes.extend(ranked(&child.name(), sums, event));
        }
        sort_and_keep(&mut causes);
        event.root_causes = causes;
    }
    Ok(())
}

/// A child dimension's causes from each value's cost per weekday over the [`REFERENCE_DAYS`] before the
/// event, and during it. A dimension with a single value explains nothing.
pub(super) fn ranked(dimension: &str, sums: ChildSums, event: &AnomalyEvent) -> Vec<RootCause> {
    if sums.len() < 2 {
        return Vec::new();
    }
    let (start, end) = (day_number(event.start), day_number(event.end));
    let weeks = f64::from(REFERENCE_DAYS / 7);
    sums.into_iter()
        .map(|(value, (before, actual))| {
            let expected: f64 = (start..=end).map(|d| before[d.rem_euclid(7) as usize] / weeks).sum();
            let contribution = actual - expected;
            let share = if event.total_impact != 0.0 { contribution / event.total_impact * 100.0 } else { 0.0 };
            RootCause { dimension: dimension.to_string(), value, actual, expected, contribution, share }
        })
        .collect()
}

/// Largest contribution in the event's direction first; the first [`KEEP`].
pub(super) fn sort_and_keep(causes: &mut Vec<RootCause>) {
    causes.sort_by(|a, b| b.share.total_cmp(&a.share).then_with(|| a.dimension.cmp(&b.dimension)));
    causes.truncate(KEEP);
}
