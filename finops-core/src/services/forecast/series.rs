//! What a forecast starts from: each segment's daily Usage cost (the models' input, shared with anomaly
//! detection) and its non-usage charge lines (projected by rule, see `recurring`), plus its daily total.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::recurring::ChargeLine;
use crate::error::Result;
use crate::model::ChargeCategory;
use crate::services::analytics::{columns as c, date, Dimension, Selection, COST};
use crate::services::anomaly::series::segment_series;

/// Days of usage that rank segments for the top N.
const RANK_WINDOW: usize = 28;

/// One series to forecast.
pub(super) struct SegmentHistory {
    /// The segment's value of the `by` dimension; None for the total.
    pub(super) segment: Option<String>,
    /// Usage cost per day.
    pub(super) usage: Vec<f64>,
    /// Every charge per day (usage and the rest).
    pub(super) actual: Vec<f64>,
    /// Non-usage lines.
    pub(super) lines: Vec<ChargeLine>,
}

/// The total (`by` None) or the `top_n` segments of `by` by usage over the last four weeks, over `from..=to`.
pub(super) fn histories(
    selection: &Selection<'_>,
    by: Option<&Dimension>,
    top_n: usize,
    from: i32,
    to: i32,
) -> Result<Vec<SegmentHistory>> {
    let days = (to - from + 1) as usize;
    let dimensions: Vec<Dimension> = by.into_iter().cloned().collect();
    let mut usage: BTreeMap<Option<String>, Vec<f64>> = BTreeMap::new();
    for s in segment_series(selection, &dimensions, false, from, to)? {
        let name = by.and_then(|d| s.segment.value(d)).map(str::to_string);
        usage.insert(name, s.values);
    }
    if by.is_none() {
        usage.entry(None).or_insert_with(|| vec![0.0; days]);
    }
    let mut ranked: Vec<(Option<String>, Vec<f64>)> = usage.into_iter().collect();
    let recent = |v: &[f64]| v[v.len().saturating_sub(RANK_WINDOW)..].iter().sum::<f64>();
    ranked.sort_by(|a, b| recent(&b.1).total_cmp(&recent(&a.1)).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(top_n);
    let (mut lines, other) = charge_lines(selection, by, from, to)?;
    Ok(ranked
        .into_iter()
        .map(|(segment, usage)| {
            let mut actual = usage.clone();
            if let Some(days) = other.get(&segment) {
                actual.iter_mut().zip(days).for_each(|(a, o)| *a += o);
            }
            let lines = lines.remove(&segment).unwrap_or_default();
            SegmentHistory { segment, usage, actual, lines }
        })
        .collect())
}

type Lines = HashMap<Option<String>, Vec<ChargeLine>>;
type OtherByDay = HashMap<Option<String>, Vec<f64>>;

/// Non-usage rows as lines per segment, and their daily totals per segment.
fn charge_lines(selection: &Selection<'_>, by: Option<&Dimension>, from: i32, to: i32) -> Result<(Lines, OtherByDay)> {
    let mut keys = vec![c::CHARGE_CATEGORY, c::BILLING_ACCOUNT, c::SUB_ACCOUNT, c::SERVICE, c::REGION, c::TAG_SET];
    if let Some(d) = by {
        if !keys.contains(&d.column()) {
            keys.push(d.column());
        }
    }
    let line_keys = keys.len();
    keys.push(c::DAY);
    let df = selection
        .rows(Some(from), Some(to))?
        .filter(col(c::CHARGE_CATEGORY).neq(lit(ChargeCategory::Usage.code() as u32)))
        .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg([col(COST).sum()])
        .collect()?;
    let ids: Vec<Vec<Option<u32>>> =
        keys[..line_keys].iter().map(|k| Ok(df.column(k)?.u32()?.iter().collect())).collect::<Result<_>>()?;
    let days = df.column(c::DAY)?.i32()?;
    let costs = df.column(COST)?.f64()?;
    let namer = by.map(|d| (selection.labels.namer(d), keys.iter().position(|k| *k == d.column()).unwrap_or(0)));
    let mut by_line: BTreeMap<(Option<String>, Vec<Option<u32>>), ChargeLine> = BTreeMap::new();
    let mut other: OtherByDay = HashMap::new();
    let n = (to - from + 1) as usize;
    for (row, (day, cost)) in days.iter().zip(costs.iter()).enumerate() {
        let (Some(day), Some(cost)) = (day, cost) else { continue };
        let segment = namer.as_ref().map(|(name, i)| name(ids[*i][row]));
        let key: Vec<Option<u32>> = ids.iter().map(|column| column[row]).collect();
        *by_line.entry((segment.clone(), key)).or_default().days.entry(date(day)).or_insert(0.0) += cost;
        other.entry(segment).or_insert_with(|| vec![0.0; n])[(day - from) as usize] += cost;
    }
    let mut lines: Lines = HashMap::new();
    for ((segment, _), line) in by_line {
        lines.entry(segment).or_default().push(line);
    }
    Ok((lines, other))
}
