//! Cost by the values of a dimension: the ranking (top N and "Other") and the percentage distribution.

use std::collections::HashMap;

use polars::prelude::*;

use super::dimension::{Dimension, OTHER_LABEL};
use super::selection::{Selection, COST};
use crate::error::{Error, Result};

/// Cost per value of `dimension` between two days (inclusive, None for open), most expensive first (ties
/// by name). Values that share a label (tag sets with the same value for the key) are added together.
pub(crate) fn totals(
    selection: &Selection<'_>,
    dimension: &Dimension,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<Vec<(String, f64)>> {
    let column = dimension.column();
    let df = selection.sum_by(&[column], from, to)?;
    let name = selection.labels.namer(dimension);
    let mut by_name: HashMap<String, f64> = HashMap::new();
    for (key, cost) in df.column(column)?.u32()?.iter().zip(df.column(COST)?.f64()?.iter()) {
        *by_name.entry(name(key)).or_default() += cost.unwrap_or(0.0);
    }
    Ok(ranked(by_name))
}

/// `(name, cost)` pairs, most expensive first, ties by name.
pub(crate) fn ranked(costs: impl IntoIterator<Item = (String, f64)>) -> Vec<(String, f64)> {
    let mut totals: Vec<(String, f64)> = costs.into_iter().collect();
    totals.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals
}

/// The first `n` of `totals` and the sum of the rest (None when nothing is left over).
pub(crate) fn top(mut totals: Vec<(String, f64)>, n: usize) -> (Vec<(String, f64)>, Option<f64>) {
    if totals.len() <= n {
        return (totals, None);
    }
    let rest = totals.split_off(n);
    (totals, Some(rest.iter().map(|(_, c)| c).sum()))
}

/// Checks a `top_n` argument.
pub(crate) fn check_top_n(top_n: usize) -> Result<()> {
    if top_n == 0 {
        return Err(Error::InvalidArgument("top_n must be at least 1 (usize::MAX for every value)".into()));
    }
    Ok(())
}

/// Columns `rank` (UInt32, 1 for the most expensive; null for Other), `name` (String), `cost` (Float64).
pub(crate) fn ranking(selection: &Selection<'_>, dimension: &Dimension, top_n: usize) -> Result<DataFrame> {
    check_top_n(top_n)?;
    let (top, other) = top(totals(selection, dimension, selection.start, selection.end)?, top_n);
    let mut rank: Vec<Option<u32>> = (1..=top.len() as u32).map(Some).collect();
    let (mut names, mut costs): (Vec<String>, Vec<f64>) = top.into_iter().unzip();
    if let Some(other) = other {
        rank.push(None);
        names.push(OTHER_LABEL.into());
        costs.push(other);
    }
    Ok(DataFrame::new(
        names.len(),
        vec![Column::new("rank".into(), rank), Column::new("name".into(), names), Column::new("cost".into(), costs)],
    )?)
}

/// Columns `name` (String), `cost` (Float64), `share_pct` (Float64, percent of the selection's total: the column
/// sums to 100; null when the total is zero).
pub(crate) fn distribution(selection: &Selection<'_>, dimension: &Dimension, top_n: usize) -> Result<DataFrame> {
    check_top_n(top_n)?;
    let (top, other) = top(totals(selection, dimension, selection.start, selection.end)?, top_n);
    let (mut names, mut costs): (Vec<String>, Vec<f64>) = top.into_iter().unzip();
    if let Some(other) = other {
        names.push(OTHER_LABEL.into());
        costs.push(other);
    }
    let total: f64 = costs.iter().sum();
    let share: Vec<Option<f64>> = costs.iter().map(|c| (total != 0.0).then(|| c / total * 100.0)).collect();
    Ok(DataFrame::new(
        names.len(),
        vec![
            Column::new("name".into(), names),
            Column::new("cost".into(), costs),
            Column::new("share_pct".into(), share),
        ],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_keeps_n_and_sums_the_rest() {
        let totals = vec![("a".to_string(), 5.0), ("b".into(), 3.0), ("c".into(), 2.0), ("d".into(), -1.0)];
        let (kept, other) = top(totals.clone(), 2);
        assert_eq!(kept, totals[..2]);
        assert_eq!(other, Some(1.0));
        assert_eq!(top(totals, 4).1, None);
    }
}
