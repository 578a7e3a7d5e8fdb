//! The daily usage series of every segment of a selection.
//!
//! Only Usage rows count: a purchase, a monthly tax line, a credit or a correction is a billing event, not a
//! change in consumption, and would otherwise look like a spike or a drop.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::event::Segment;
use crate::error::Result;
use crate::model::ChargeCategory;
use crate::services::analytics::{columns as c, Dimension, Selection, COST};

/// One segment's cost per day of the period (zero-filled).
pub(crate) struct SegmentSeries {
    pub(crate) segment: Segment,
    pub(crate) values: Vec<f64>,
}

/// The selection's Usage rows between two days (inclusive).
pub(super) fn usage_rows(selection: &Selection<'_>, from: i32, to: i32) -> Result<LazyFrame> {
    Ok(selection
        .rows(Some(from), Some(to))?
        .filter(col(c::CHARGE_CATEGORY).eq(lit(ChargeCategory::Usage.code() as u32))))
}

/// [`COST`] of Usage rows summed by `dimensions` and day between two days, each row named: `(names, day, cost)`.
pub(super) fn named_sums(
    selection: &Selection<'_>,
    dimensions: &[Dimension],
    from: i32,
    to: i32,
) -> Result<Vec<(Vec<String>, i32, f64)>> {
    // Two tag keys group by the same column (the tag set), named twice.
    let mut columns: Vec<&str> = Vec::new();
    for d in dimensions {
        if !columns.contains(&d.column()) {
            columns.push(d.column());
        }
    }
    columns.push(c::DAY);
    let keys: Vec<Expr> = columns.iter().map(|name| col(*name)).collect();
    let df = usage_rows(selection, from, to)?.group_by(keys).agg([col(COST).sum()]).collect()?;
    let namers: Vec<_> = dimensions.iter().map(|d| selection.labels.namer(d)).collect();
    let ids: Vec<Vec<Option<u32>>> =
        dimensions.iter().map(|d| Ok(df.column(d.column())?.u32()?.iter().collect())).collect::<Result<_>>()?;
    let days = df.column(c::DAY)?.i32()?;
    let costs = df.column(COST)?.f64()?;
    let mut out = Vec::with_capacity(df.height());
    for (row, (day, cost)) in days.iter().zip(costs.iter()).enumerate() {
        let names = namers.iter().zip(&ids).map(|(name, ids)| name(ids[row])).collect();
        out.push((names, day.unwrap_or_default(), cost.unwrap_or(0.0)));
    }
    Ok(out)
}

/// Every segment's series over `from..=to`, sorted by segment; with `include_total`, the total first.
pub(crate) fn segment_series(
    selection: &Selection<'_>,
    dimensions: &[Dimension],
    include_total: bool,
    from: i32,
    to: i32,
) -> Result<Vec<SegmentSeries>> {
    let days = (to - from + 1) as usize;
    let mut by_segment: BTreeMap<Vec<String>, Vec<f64>> = BTreeMap::new();
    let mut total = vec![0.0; days];
    for (names, day, cost) in named_sums(selection, dimensions, from, to)? {
        let index = (day - from) as usize;
        by_segment.entry(names).or_insert_with(|| vec![0.0; days])[index] += cost;
        total[index] += cost;
    }
    let mut out = Vec::with_capacity(by_segment.len() + 1);
    if include_total {
        out.push(SegmentSeries { segment: Segment::default(), values: total });
    }
    for (names, values) in by_segment {
        let parts = dimensions.iter().cloned().zip(names).collect();
        out.push(SegmentSeries { segment: Segment { parts }, values });
    }
    Ok(out)
}
