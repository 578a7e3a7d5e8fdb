//! Cost per calendar month: the monthly evolution of every value of a dimension, and the stacked monthly
//! totals of its top N values.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use polars::prelude::*;

use super::dimension::{Dimension, OTHER_LABEL};
use super::ranking::{check_top_n, ranked, top};
use super::selection::{Selection, COST};
use super::{columns as c, date, day_number};
use crate::error::Result;
use crate::filter::{month_start, next_month_start};

/// Cost by (month as days since 1970-01-01, label), labels merged.
fn by_month(selection: &Selection<'_>, dimension: &Dimension) -> Result<HashMap<(i32, String), f64>> {
    let column = dimension.column();
    let df = selection.sum_by(&[c::MONTH, column], selection.start, selection.end)?;
    let name = selection.labels.namer(dimension);
    let mut costs = HashMap::new();
    let months = df.column(c::MONTH)?.i32()?;
    let keys = df.column(column)?.u32()?;
    let values = df.column(COST)?.f64()?;
    for ((month, key), cost) in months.iter().zip(keys.iter()).zip(values.iter()) {
        if let Some(month) = month {
            *costs.entry((month, name(key))).or_default() += cost.unwrap_or(0.0);
        }
    }
    Ok(costs)
}

fn frame(rows: Vec<(i32, String, f64)>) -> Result<DataFrame> {
    let height = rows.len();
    let mut months = Vec::with_capacity(height);
    let mut names = Vec::with_capacity(height);
    let mut costs = Vec::with_capacity(height);
    for (month, name, cost) in rows {
        months.push(month);
        names.push(name);
        costs.push(cost);
    }
    Ok(DataFrame::new(
        height,
        vec![
            Column::new("month".into(), months).cast(&DataType::Date)?,
            Column::new("name".into(), names),
            Column::new("cost".into(), costs),
        ],
    )?)
}

/// Long format, one row per month and value with any cost row: `month` (Date, the month's first day),
/// `name` (String), `cost` (Float64). Sorted by month, then cost descending, then name.
pub(crate) fn monthly(selection: &Selection<'_>, dimension: &Dimension) -> Result<DataFrame> {
    let mut rows: Vec<(i32, String, f64)> =
        by_month(selection, dimension)?.into_iter().map(|((month, name), cost)| (month, name, cost)).collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.total_cmp(&a.2)).then_with(|| a.1.cmp(&b.1)));
    frame(rows)
}

/// The first days of every month from `first`'s to `last`'s.
fn months(first: NaiveDate, last: NaiveDate) -> Vec<i32> {
    let mut months = Vec::new();
    let mut month = month_start(first);
    while month <= last {
        months.push(day_number(month));
        month = next_month_start(month);
    }
    months
}

/// Long format on a full grid: every month of the period × the top `top_n` values over the whole period
/// (then `Other` if more values exist), zero where a value has no cost that month. Columns `month` (Date),
/// `name` (String), `cost` (Float64); sorted by month, then by the value's rank over the period (Other last),
/// so stacking in row order gives the same order in every month.
pub(crate) fn stacked_monthly(selection: &Selection<'_>, dimension: &Dimension, top_n: usize) -> Result<DataFrame> {
    check_top_n(top_n)?;
    let Some((start, end)) = selection.period()? else { return frame(Vec::new()) };
    let by_month = by_month(selection, dimension)?;
    // The months cover the period exactly, so their sums are the period's totals.
    let mut totals: HashMap<String, f64> = HashMap::new();
    for ((_, name), cost) in &by_month {
        *totals.entry(name.clone()).or_default() += cost;
    }
    let (top, other) = top(ranked(totals), top_n);
    let mut order: Vec<String> = top.into_iter().map(|(name, _)| name).collect();
    let kept: HashSet<String> = order.iter().cloned().collect();
    if other.is_some() {
        order.push(OTHER_LABEL.into());
    }
    let mut costs: BTreeMap<(i32, &str), f64> = BTreeMap::new();
    for ((month, name), cost) in &by_month {
        let bucket = if kept.contains(name) { name.as_str() } else { OTHER_LABEL };
        *costs.entry((*month, bucket)).or_default() += cost;
    }
    let mut rows = Vec::new();
    for month in months(date(start), date(end)) {
        for name in &order {
            rows.push((month, name.clone(), costs.get(&(month, name.as_str())).copied().unwrap_or(0.0)));
        }
    }
    frame(rows)
}
