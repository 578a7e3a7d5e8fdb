//! The in-memory frame every panel is computed from: `daily_costs` read once into polars, dictionary ids
//! kept as UInt32 (decoded only in the small results, see `labels`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use crate::error::{Error, Result};
use crate::filter::{month_start, CostMetric};

/// Column names of the frame. Days are Int32 days since 1970-01-01 (UTC); ids and codes UInt32; sums Float64.
pub(crate) mod columns {
    /// Day of ChargePeriodStart.
    pub(crate) const DAY: &str = "day";
    /// First day of `day`'s month.
    pub(crate) const MONTH: &str = "month";
    /// Provider code.
    pub(crate) const PROVIDER: &str = "provider";
    /// `strings` id of BillingAccountId.
    pub(crate) const BILLING_ACCOUNT: &str = "billing_account";
    /// `strings` id of SubAccountId, nullable.
    pub(crate) const SUB_ACCOUNT: &str = "sub_account";
    /// `strings` id of ServiceName.
    pub(crate) const SERVICE: &str = "service";
    /// ServiceCategory code.
    pub(crate) const SERVICE_CATEGORY: &str = "service_category";
    /// `strings` id of RegionId, nullable.
    pub(crate) const REGION: &str = "region";
    /// ChargeCategory code.
    pub(crate) const CHARGE_CATEGORY: &str = "charge_category";
    /// `strings` id of BillingCurrency.
    pub(crate) const CURRENCY: &str = "currency";
    /// `tag_sets` id, null when untagged.
    pub(crate) const TAG_SET: &str = "tag_set";
    /// `strings` id of PricingUnit, nullable.
    pub(crate) const PRICING_UNIT: &str = "pricing_unit";
    /// Sum of PricingQuantity (nulls ignored), nullable.
    pub(crate) const PRICING_QUANTITY: &str = "pricing_quantity";
    /// Number of line items summed.
    pub(crate) const LINE_ITEMS: &str = "line_items";
}

/// Every row of `daily_costs`, in the frame's column order.
pub(crate) const DAILY_COSTS: &str = "
SELECT day, provider, billing_account, sub_account, service, service_category, region, charge_category, currency,
       tag_set, pricing_unit, billed_cost, effective_cost, list_cost, contracted_cost, pricing_quantity, line_items
FROM daily_costs";

/// The same shape computed from `line_items` for the rows matching `clause` (a `WHERE` over `li`): for filters
/// on what `daily_costs` does not keep (resource ids).
pub(crate) fn line_items_query(clause: &str) -> String {
    format!(
        "SELECT li.charge_period_start / 86400, li.provider, li.billing_account, li.sub_account, li.service,
                li.service_category, li.region, li.charge_category, li.currency, li.tag_set, li.pricing_unit,
                SUM(li.billed_cost), SUM(li.effective_cost), SUM(li.list_cost), SUM(li.contracted_cost),
                SUM(li.pricing_quantity), COUNT(*)
         FROM line_items li WHERE {clause}
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"
    )
}

/// A read-only connection beside the workspace's own, so analytics never waits on or blocks an import.
pub(crate) struct Reader {
    conn: Connection,
    pub(crate) path: PathBuf,
}

impl Drop for Reader {
    fn drop(&mut self) {
        // The connection is closed right after this, maybe by another copy of SQLite (see `store::sqlite`).
        self.conn();
    }
}

impl Reader {
    pub(crate) fn open(path: &Path) -> Result<Reader> {
        let err = |source| Error::Database { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(err)?;
        conn.execute_batch("PRAGMA busy_timeout = 10000; PRAGMA query_only = ON;").map_err(err)?;
        Ok(Reader { conn, path: path.to_path_buf() })
    }

    pub(crate) fn conn(&self) -> &Connection {
        crate::store::sqlite::initialized(&self.conn)
    }

    pub(crate) fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |source| Error::Database { path: self.path.clone(), source }
    }
}

/// The date `day` days after 1970-01-01.
pub(crate) fn date(day: i32) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(i64::from(day))
}

/// Days from 1970-01-01 to `date`.
pub(crate) fn day_number(date: NaiveDate) -> i32 {
    (date - NaiveDate::default()).num_days() as i32
}

/// The frame's columns while rows are read, in [`DAILY_COSTS`] order.
#[derive(Default)]
struct Builder {
    day: Vec<i32>,
    month: Vec<i32>,
    provider: Vec<u32>,
    billing_account: Vec<u32>,
    sub_account: Vec<Option<u32>>,
    service: Vec<u32>,
    service_category: Vec<u32>,
    region: Vec<Option<u32>>,
    charge_category: Vec<u32>,
    currency: Vec<u32>,
    tag_set: Vec<Option<u32>>,
    pricing_unit: Vec<Option<u32>>,
    costs: [Vec<f64>; 4],
    pricing_quantity: Vec<Option<f64>>,
    line_items: Vec<u32>,
    /// The last day seen and its month: rows mostly come grouped by day.
    last: Option<(i32, i32)>,
}

impl Builder {
    fn push(&mut self, r: &rusqlite::Row<'_>) -> rusqlite::Result<()> {
        // Ids and codes are SQLite integers; every one of them fits in 32 bits.
        let id = |i| r.get::<_, i64>(i).map(|v| v as u32);
        let nullable = |i| r.get::<_, Option<i64>>(i).map(|v| v.map(|v| v as u32));
        let day = r.get::<_, i64>(0)? as i32;
        let month = match self.last {
            Some((d, m)) if d == day => m,
            _ => day_number(month_start(date(day))),
        };
        self.last = Some((day, month));
        self.day.push(day);
        self.month.push(month);
        self.provider.push(id(1)?);
        self.billing_account.push(id(2)?);
        self.sub_account.push(nullable(3)?);
        self.service.push(id(4)?);
        self.service_category.push(id(5)?);
        self.region.push(nullable(6)?);
        self.charge_category.push(id(7)?);
        self.currency.push(id(8)?);
        self.tag_set.push(nullable(9)?);
        self.pricing_unit.push(nullable(10)?);
        for (k, costs) in self.costs.iter_mut().enumerate() {
            costs.push(r.get(11 + k)?);
        }
        self.pricing_quantity.push(r.get(15)?);
        self.line_items.push(id(16)?);
        Ok(())
    }

    fn finish(self) -> PolarsResult<DataFrame> {
        use columns as c;
        let height = self.day.len();
        let [billed, effective, list, contracted] = self.costs;
        DataFrame::new(
            height,
            vec![
                Column::new(c::DAY.into(), self.day),
                Column::new(c::MONTH.into(), self.month),
                Column::new(c::PROVIDER.into(), self.provider),
                Column::new(c::BILLING_ACCOUNT.into(), self.billing_account),
                Column::new(c::SUB_ACCOUNT.into(), self.sub_account),
                Column::new(c::SERVICE.into(), self.service),
                Column::new(c::SERVICE_CATEGORY.into(), self.service_category),
                Column::new(c::REGION.into(), self.region),
                Column::new(c::CHARGE_CATEGORY.into(), self.charge_category),
                Column::new(c::CURRENCY.into(), self.currency),
                Column::new(c::TAG_SET.into(), self.tag_set),
                Column::new(c::PRICING_UNIT.into(), self.pricing_unit),
                Column::new(metric_column(CostMetric::Billed).into(), billed),
                Column::new(metric_column(CostMetric::Effective).into(), effective),
                Column::new(metric_column(CostMetric::List).into(), list),
                Column::new(metric_column(CostMetric::Contracted).into(), contracted),
                Column::new(c::PRICING_QUANTITY.into(), self.pricing_quantity),
                Column::new(c::LINE_ITEMS.into(), self.line_items),
            ],
        )
    }
}

/// Runs `sql` (its columns as in [`DAILY_COSTS`]) and builds the frame, sorted by day in one chunk so that
/// [`days`] can cut a date range out of it without scanning.
pub(crate) fn load(reader: &Reader, sql: &str, params: Vec<Value>) -> Result<DataFrame> {
    let mut stmt = reader.conn().prepare(sql).map_err(reader.err())?;
    let mut rows = stmt.query(params_from_iter(params)).map_err(reader.err())?;
    let mut builder = Builder::default();
    while let Some(row) = rows.next().map_err(reader.err())? {
        builder.push(row).map_err(reader.err())?;
    }
    let mut frame = builder.finish()?.sort([columns::DAY], SortMultipleOptions::default())?;
    frame.rechunk_mut();
    Ok(frame)
}

/// The rows of a frame from [`load`] between two days (inclusive, None for open): a slice, found by binary
/// search, sharing the frame's memory.
pub(crate) fn days(frame: &DataFrame, from: Option<i32>, to: Option<i32>) -> Result<DataFrame> {
    if frame.height() == 0 {
        return Ok(frame.clone());
    }
    let days = frame.column(columns::DAY)?.i32()?.cont_slice()?;
    let first = from.map_or(0, |from| days.partition_point(|d| *d < from));
    let end = to.map_or(days.len(), |to| days.partition_point(|d| *d <= to));
    Ok(frame.slice(first as i64, end.saturating_sub(first)))
}

/// The frame column holding a metric's daily sums.
pub(crate) fn metric_column(metric: CostMetric) -> &'static str {
    match metric {
        CostMetric::Billed => "billed_cost",
        CostMetric::Effective => "effective_cost",
        CostMetric::List => "list_cost",
        CostMetric::Contracted => "contracted_cost",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_range_is_a_slice_with_both_ends_included() {
        let frame = DataFrame::new(5, vec![Column::new(columns::DAY.into(), [3, 5, 5, 7, 9])]).unwrap();
        let days = |from, to| -> Vec<i32> {
            days(&frame, from, to).unwrap().column(columns::DAY).unwrap().i32().unwrap().iter().flatten().collect()
        };
        assert_eq!(days(Some(5), Some(7)), [5, 5, 7]);
        assert_eq!(days(Some(4), None), [5, 5, 7, 9]);
        assert_eq!(days(None, Some(3)), [3]);
        assert_eq!(days(Some(10), None), Vec::<i32>::new());
        assert_eq!(days(Some(6), Some(6)), Vec::<i32>::new());
    }
}
