//! The daily frame every panel and model is computed from: `daily_costs` read once into polars, dictionary ids
//! kept as UInt32 (named only in small results, see `labels`), sorted by day. The store owns its schema.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use super::codec::{date, day_number, metric_column, SECONDS_PER_DAY};
use super::filter_sql::where_clause;
use crate::error::{Error, Result};
use crate::filter::{month_start, CostMetric, Filter};

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
const DAILY_COSTS: &str = "
SELECT day, provider, billing_account, sub_account, service, service_category, region, charge_category, currency,
       tag_set, pricing_unit, billed_cost, effective_cost, list_cost, contracted_cost, pricing_quantity, line_items
FROM daily_costs";

/// The same shape computed from `line_items` for the rows matching `clause` (a `WHERE` over `li`): for filters
/// on what `daily_costs` does not keep (resource ids).
fn line_items_query(clause: &str) -> String {
    format!(
        "SELECT li.charge_period_start / {SECONDS_PER_DAY}, li.provider, li.billing_account, li.sub_account, li.service,
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

/// The frame's columns while rows are added (from SQL, or from a frame handed over by another engine).
#[derive(Default)]
pub(crate) struct DailyColumns {
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

impl DailyColumns {
    /// A row's day and keys: `[provider, billing_account, service, service_category, charge_category,
    /// currency]` and the nullable `[sub_account, region, tag_set, pricing_unit]` (ids or codes).
    pub(crate) fn push_ids(&mut self, day: i32, ids: [u32; 6], nullable: [Option<u32>; 4]) {
        let month = match self.last {
            Some((d, m)) if d == day => m,
            _ => day_number(month_start(date(day))),
        };
        self.last = Some((day, month));
        let [provider, billing_account, service, service_category, charge_category, currency] = ids;
        let [sub_account, region, tag_set, pricing_unit] = nullable;
        self.day.push(day);
        self.month.push(month);
        self.provider.push(provider);
        self.billing_account.push(billing_account);
        self.sub_account.push(sub_account);
        self.service.push(service);
        self.service_category.push(service_category);
        self.region.push(region);
        self.charge_category.push(charge_category);
        self.currency.push(currency);
        self.tag_set.push(tag_set);
        self.pricing_unit.push(pricing_unit);
    }

    /// A row's sums: billed, effective, list and contracted cost, pricing quantity, line items.
    pub(crate) fn push_sums(&mut self, costs: [f64; 4], pricing_quantity: Option<f64>, line_items: u32) {
        for (column, cost) in self.costs.iter_mut().zip(costs) {
            column.push(cost);
        }
        self.pricing_quantity.push(pricing_quantity);
        self.line_items.push(line_items);
    }

    /// One row of [`DAILY_COSTS`] or [`line_items_query`].
    fn push_sql(&mut self, r: &rusqlite::Row<'_>) -> rusqlite::Result<()> {
        // Ids and codes are SQLite integers; every one of them fits in 32 bits.
        let id = |i| r.get::<_, i64>(i).map(|v| v as u32);
        let nullable = |i| r.get::<_, Option<i64>>(i).map(|v| v.map(|v| v as u32));
        self.push_ids(
            r.get::<_, i64>(0)? as i32,
            [id(1)?, id(2)?, id(4)?, id(5)?, id(7)?, id(8)?],
            [nullable(3)?, nullable(6)?, nullable(9)?, nullable(10)?],
        );
        self.push_sums([r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?], r.get(15)?, id(16)?);
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

/// The frame of `columns`, sorted by day in one chunk so that a date range is a slice found by binary search.
pub(crate) fn sorted_frame(columns: DailyColumns) -> Result<DataFrame> {
    let mut frame = columns.finish()?.sort([columns::DAY], SortMultipleOptions::default())?;
    frame.rechunk_mut();
    Ok(frame)
}

/// Runs `sql` (its columns as in [`DAILY_COSTS`]) and builds the sorted frame.
fn load(reader: &Reader, sql: &str, params: Vec<Value>) -> Result<DataFrame> {
    let mut stmt = reader.conn().prepare(sql).map_err(reader.err())?;
    let mut rows = stmt.query(params_from_iter(params)).map_err(reader.err())?;
    let mut columns = DailyColumns::default();
    while let Some(row) = rows.next().map_err(reader.err())? {
        columns.push_sql(row).map_err(reader.err())?;
    }
    sorted_frame(columns)
}

/// The whole daily aggregate.
pub(crate) fn daily_frame(reader: &Reader) -> Result<DataFrame> {
    load(reader, DAILY_COSTS, Vec::new())
}

/// The daily frame's shape for the line items of the filter's resource ids (its other conditions are applied
/// by the caller on the frame, as on the daily aggregate).
pub(crate) fn resources_frame(reader: &Reader, filter: &Filter) -> Result<DataFrame> {
    let only = Filter { resource_ids: filter.resource_ids.clone(), ..Filter::default() };
    let (clause, params) = where_clause(&only);
    load(reader, &line_items_query(&clause), params)
}
