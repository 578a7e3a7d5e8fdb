//! Cost per unit: what one unit of a service costs (an hour of an instance type's service, a GB-month of
//! storage), from PricingQuantity and PricingUnit.
//!
//! Only Usage rows with a PricingUnit count: purchases, taxes, credits and adjustments have no meaningful
//! quantity, and adding quantities of different units means nothing, so each (service, unit) pair is its own
//! row. Pairs whose quantity sums to zero or less are left out (no unit cost can be computed).

use polars::prelude::*;

use super::columns as c;
use super::selection::{Selection, COST};
use crate::error::Result;
use crate::model::ChargeCategory;

/// Columns `service` (String), `pricing_unit` (String), `quantity` (Float64, summed PricingQuantity),
/// `cost` (Float64), `unit_cost` (Float64, `cost / quantity`); most expensive pair first.
pub(crate) fn cost_per_unit(selection: &Selection<'_>) -> Result<DataFrame> {
    let usage = col(c::CHARGE_CATEGORY).eq(lit(ChargeCategory::Usage.code() as u32));
    let df = selection
        .rows(selection.start, selection.end)?
        .filter(usage.and(col(c::PRICING_UNIT).is_not_null()))
        .group_by([col(c::SERVICE), col(c::PRICING_UNIT)])
        .agg([col(COST).sum(), col(c::PRICING_QUANTITY).sum()])
        .filter(col(c::PRICING_QUANTITY).gt(lit(0.0)))
        .collect()?;
    let labels = selection.labels;
    let name = |id: Option<u32>| id.map(|id| labels.text(id).to_string()).unwrap_or_default();
    let mut rows: Vec<(String, String, f64, f64)> = df
        .column(c::SERVICE)?
        .u32()?
        .iter()
        .zip(df.column(c::PRICING_UNIT)?.u32()?.iter())
        .zip(df.column(c::PRICING_QUANTITY)?.f64()?.iter().zip(df.column(COST)?.f64()?.iter()))
        .map(|((service, unit), (quantity, cost))| {
            (name(service), name(unit), quantity.unwrap_or(0.0), cost.unwrap_or(0.0))
        })
        .collect();
    rows.sort_by(|a, b| b.3.total_cmp(&a.3).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    let height = rows.len();
    let (mut services, mut units, mut quantities, mut costs) = (
        Vec::with_capacity(height),
        Vec::with_capacity(height),
        Vec::with_capacity(height),
        Vec::with_capacity(height),
    );
    for (service, unit, quantity, cost) in rows {
        services.push(service);
        units.push(unit);
        quantities.push(quantity);
        costs.push(cost);
    }
    let unit_costs: Vec<f64> = costs.iter().zip(&quantities).map(|(c, q)| c / q).collect();
    Ok(DataFrame::new(
        height,
        vec![
            Column::new("service".into(), services),
            Column::new("pricing_unit".into(), units),
            Column::new("quantity".into(), quantities),
            Column::new("cost".into(), costs),
            Column::new("unit_cost".into(), unit_costs),
        ],
    )?)
}
