//! [`Insights`] as polars DataFrames with documented columns, for notebooks and bindings.

use polars::prelude::*;

use super::{Driver, Insights};
use crate::error::Result;

/// Drivers as rows; `total_change` gives `share_of_change_pct`.
///
/// Columns: `dimension`, `level` (UInt32), `parent` (String, null at level 1), `name`, `previous`, `current`,
/// `change`, `change_pct` (null when nothing before), `share_of_change_pct` (percent of `total_change`, null
/// when it is zero), `volume_effect`, `price_effect`, `other_effect` (Float64; the three sum to `change`),
/// `status` (new, vanished, up, down, flat).
pub(crate) fn drivers_frame(drivers: &[Driver], total_change: f64) -> Result<DataFrame> {
    let f = |get: fn(&Driver) -> f64| drivers.iter().map(get).collect::<Vec<f64>>();
    Ok(df!(
        "dimension" => drivers.iter().map(|d| d.dimension.as_str()).collect::<Vec<_>>(),
        "level" => drivers.iter().map(|d| d.level).collect::<Vec<_>>(),
        "parent" => drivers.iter().map(|d| d.parent.as_deref()).collect::<Vec<_>>(),
        "name" => drivers.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        "previous" => f(|d| d.previous),
        "current" => f(|d| d.current),
        "change" => f(|d| d.change()),
        "change_pct" => drivers.iter().map(|d| (d.previous != 0.0).then(|| d.change() / d.previous.abs() * 100.0)).collect::<Vec<_>>(),
        "share_of_change_pct" => drivers.iter().map(|d| (total_change != 0.0).then(|| d.change() / total_change * 100.0)).collect::<Vec<_>>(),
        "volume_effect" => f(|d| d.volume),
        "price_effect" => f(|d| d.price),
        "other_effect" => f(|d| d.other()),
        "status" => drivers.iter().map(|d| d.status()).collect::<Vec<_>>(),
    )?)
}

impl Insights {
    /// One row per insight, in [`Insights::insights`] order.
    ///
    /// Columns: `kind` (String, [`super::InsightKind::as_str`]), `severity` (String: low, medium, high,
    /// critical), `headline` (String), `amount` (Float64, in `currency`), `currency` (String).
    pub fn to_frame(&self) -> Result<DataFrame> {
        let i = &self.insights;
        let currency = self.currency.clone().unwrap_or_default();
        Ok(df!(
            "kind" => i.iter().map(|x| x.kind.as_str()).collect::<Vec<_>>(),
            "severity" => i.iter().map(|x| x.severity.as_str()).collect::<Vec<_>>(),
            "headline" => i.iter().map(|x| x.headline.as_str()).collect::<Vec<_>>(),
            "amount" => i.iter().map(|x| x.amount).collect::<Vec<_>>(),
            "currency" => vec![currency.as_str(); i.len()],
        )?)
    }

    /// Every driver (see [`Insights::drivers`]) as rows; columns as documented on the drivers table:
    /// `dimension`, `level`, `parent`, `name`, `previous`, `current`, `change`, `change_pct`,
    /// `share_of_change_pct` (of the total change), `volume_effect`, `price_effect`, `other_effect`, `status`.
    pub fn drivers_frame(&self) -> Result<DataFrame> {
        drivers_frame(&self.drivers, self.change())
    }
}
