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

/// The ranked causes of `event`, on the same selection (Usage rows) the event was found in.
pub(super) fn root_causes(
    selection: &Selection<'_>,
    segment_by: &[Dimension],
    children: &[Dimension],
    event: &AnomalyEvent,
) -> Result<Vec<RootCause>> {
    let (start, end) = (day_number(event.start), day_number(event.end));
    let from = start - REFERENCE_DAYS;
    let wanted: Vec<&str> = event.segment.parts.iter().map(|(_, v)| v.as_str()).collect();
    let mut causes = Vec::new();
    for child in children {
        let mut keys = segment_by.to_vec();
        keys.push(child.clone());
        // (cost per weekday before, cost during) per child value.
        let mut sums: HashMap<String, ([f64; 7], f64)> = HashMap::new();
        for (names, day, cost) in super::series::named_sums(selection, &keys, from, end)? {
            if event.segment.parts.is_empty() || names[..segment_by.len()] == wanted[..] {
                let entry = sums.entry(names[segment_by.len()].clone()).or_default();
                if day < start {
                    entry.0[day.rem_euclid(7) as usize] += cost;
                } else {
                    entry.1 += cost;
                }
            }
        }
        causes.extend(ranked(&child.name(), sums, event));
    }
    sort_and_keep(&mut causes);
    Ok(causes)
}

/// A child dimension's causes from each value's cost per weekday over the [`REFERENCE_DAYS`] before the
/// event, and during it. A dimension with a single value explains nothing.
pub(super) fn ranked(dimension: &str, sums: HashMap<String, ([f64; 7], f64)>, event: &AnomalyEvent) -> Vec<RootCause> {
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
