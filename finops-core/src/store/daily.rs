//! The `daily_costs` aggregate and the data version: both kept in step with `line_items` inside each import's
//! transaction, so a reader never sees line items and their daily sums disagree.
//!
//! An import re-aggregates every slice (provider, billing account, billing period) it touched from
//! `line_items` with one `INSERT ... SELECT ... GROUP BY` per slice: whatever the import replaced or
//! superseded, the slice's daily rows are recomputed from what the slice now holds, never patched.

use rusqlite::{params, Connection, Transaction};

use super::Store;
use crate::error::Result;

/// A slice key with database ids: (provider code, billing account id, billing period start in Unix seconds).
pub(super) type Slice = (i64, i64, i64);

/// One day is `charge_period_start / 86400` (whole days since 1970-01-01 UTC): a charge counts on the day its
/// period starts, as the line-item filter's dates do.
const AGGREGATE: &str = "
INSERT INTO daily_costs
    SELECT provider, billing_account, billing_period_start, charge_period_start / 86400, sub_account, service,
           service_category, region, charge_category, currency, tag_set, pricing_unit,
           SUM(billed_cost), SUM(effective_cost), SUM(list_cost), SUM(contracted_cost), SUM(pricing_quantity), COUNT(*)
    FROM line_items
    WHERE provider = ?1 AND billing_account = ?2 AND billing_period_start = ?3
    GROUP BY charge_period_start / 86400, sub_account, service, service_category, region, charge_category,
             currency, tag_set, pricing_unit";

/// Recomputes the daily rows of each slice from its line items.
pub(super) fn rebuild_slices<'a>(
    tx: &Transaction<'_>,
    slices: impl IntoIterator<Item = &'a Slice>,
) -> rusqlite::Result<()> {
    let mut delete = tx.prepare(
        "DELETE FROM daily_costs WHERE provider = ?1 AND billing_account = ?2 AND billing_period_start = ?3",
    )?;
    let mut aggregate = tx.prepare(AGGREGATE)?;
    for &(provider, account, period) in slices {
        delete.execute(params![provider, account, period])?;
        aggregate.execute(params![provider, account, period])?;
    }
    Ok(())
}

/// Marks the data as changed: readers holding results computed at an older version drop them.
pub(super) fn bump_data_version(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute("UPDATE meta SET value = value + 1 WHERE key = 'data_version'", [])?;
    Ok(())
}

/// The data version as seen by `conn` (any connection to a finops database at schema version 2 or later).
pub(crate) fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT value FROM meta WHERE key = 'data_version'", [], |r| r.get(0))
}

impl Store {
    /// A counter that every committed import increases. Equal values mean equal data.
    pub fn data_version(&self) -> Result<i64> {
        data_version(&self.conn).map_err(self.err())
    }
}
