//! The `daily_costs` aggregate and the data version: both kept in step with `line_items` inside each import's
//! transaction, so a reader never sees line items and their daily sums disagree.
//!
//! A slice (provider, billing account, billing period) is always held by one import: after an import, each
//! slice it touched holds exactly its rows (it replaced the others), or, where an amortized view superseded
//! them, exactly the rows it had before. So the import sums its own rows per day while writing them and
//! swaps them in whole for the slices it now holds; superseded slices keep their daily rows. Migration 2
//! computes the same sums with SQL for databases written before the aggregate existed.

use std::collections::{HashMap, HashSet};

use foldhash::fast::RandomState;
use rusqlite::{params, Connection, Transaction};

use super::Store;
use crate::error::Result;

/// A slice key with database ids: (provider code, billing account id, billing period start in Unix seconds).
pub(super) type Slice = (i64, i64, i64);

/// One row of `daily_costs` without its sums: the slice, the day (`charge_period_start / 86400`, whole days
/// since 1970-01-01 UTC: a charge counts on the day its period starts, as the line-item filter's dates do),
/// sub account, service, service category, region, charge category, currency, tag set, pricing unit.
pub(super) type DailyKey = (Slice, i64, Option<i64>, i64, i64, Option<i64>, i64, i64, Option<i64>, Option<i64>);

/// Sums of one daily row: billed, effective, list, contracted cost, pricing quantity (None when every row had
/// none, as SQL's SUM), line items.
type DailyValues = ([f64; 4], Option<f64>, i64);

/// The daily sums of the rows an import writes, accumulated while they are inserted: summing in Rust costs a
/// tenth of re-reading the slices with `GROUP BY` afterwards.
#[derive(Default)]
pub(super) struct DailySums(HashMap<DailyKey, DailyValues, RandomState>);

impl DailySums {
    /// Adds one line item.
    pub(super) fn add(&mut self, key: DailyKey, costs: [f64; 4], pricing_quantity: Option<f64>) {
        self.merge(key, (costs, pricing_quantity, 1));
    }

    /// Adds sums of `count` line items.
    fn merge(&mut self, key: DailyKey, (costs, pricing_quantity, count): DailyValues) {
        let (sums, quantity, total) = self.0.entry(key).or_insert(([0.0; 4], None, 0));
        for (sum, cost) in sums.iter_mut().zip(costs) {
            *sum += cost;
        }
        if let Some(q) = pricing_quantity {
            *quantity = Some(quantity.unwrap_or(0.0) + q);
        }
        *total += count;
    }

    /// Moves the sums of the rows in currency `from` (a `strings` id) to currency `to`, or drops them (None).
    pub(super) fn move_currency(&mut self, from: i64, to: Option<i64>) {
        let keys: Vec<DailyKey> = self.0.keys().filter(|key| key.7 == from).copied().collect();
        for key in keys {
            let values = self.0.remove(&key).expect("a key just listed");
            if let Some(to) = to {
                self.merge((key.0, key.1, key.2, key.3, key.4, key.5, key.6, to, key.8, key.9), values);
            }
        }
    }

    /// Replaces the daily rows of every slice this import stored rows for with its sums. (Slices where an
    /// amortized view superseded this import have no sums here and keep the rows they have.)
    pub(super) fn write(&self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        let mut delete = tx.prepare(
            "DELETE FROM daily_costs WHERE provider = ?1 AND billing_account = ?2 AND billing_period_start = ?3",
        )?;
        let slices: HashSet<Slice> = self.0.keys().map(|k| k.0).collect();
        for (provider, account, period) in &slices {
            delete.execute(params![provider, account, period])?;
        }
        let mut insert = tx.prepare(
            "INSERT INTO daily_costs(provider, billing_account, billing_period_start, day, sub_account, service,
                 service_category, region, charge_category, currency, tag_set, pricing_unit, billed_cost,
                 effective_cost, list_cost, contracted_cost, pricing_quantity, line_items)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )?;
        // In key order: readers sum these rows in table order, so the same import gives the same floating-point
        // sums every time (the map's order changes from run to run).
        let mut rows: Vec<_> = self.0.iter().collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (key, ([billed, effective, list, contracted], quantity, count)) in rows {
            let (slice, day, sub_account, service, category, region, charge, currency, tag_set, unit) = *key;
            let (provider, account, period) = slice;
            insert.execute(params![
                provider,
                account,
                period,
                day,
                sub_account,
                service,
                category,
                region,
                charge,
                currency,
                tag_set,
                unit,
                billed,
                effective,
                list,
                contracted,
                quantity,
                count
            ])?;
            super::kill_point::reached("daily");
        }
        Ok(())
    }
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
        data_version(self.conn()).map_err(self.err())
    }
}
