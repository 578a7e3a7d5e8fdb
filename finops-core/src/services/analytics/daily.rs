//! The daily cost series of a selection.

use polars::prelude::*;

use super::selection::Selection;
use crate::error::Result;

/// Every day of the period, zero-filled: `date` (Date), `cost` (Float64), in date order. Empty when there
/// is no period (open dates and nothing selected).
pub(crate) fn daily(selection: &Selection<'_>) -> Result<DataFrame> {
    let (days, costs) = match selection.period()? {
        None => (Vec::new(), Vec::new()),
        Some((start, end)) => {
            let cost = selection.cost_by_day(start, end)?;
            let days: Vec<i32> = (start..=end).collect();
            let costs = days.iter().map(|d| cost.get(d).copied().unwrap_or(0.0)).collect();
            (days, costs)
        }
    };
    Ok(DataFrame::new(
        days.len(),
        vec![Column::new("date".into(), days).cast(&DataType::Date)?, Column::new("cost".into(), costs)],
    )?)
}
