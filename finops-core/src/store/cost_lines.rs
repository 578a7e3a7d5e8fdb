//! Line items summed per period at the grain change is explained at (insights, root causes): provider,
//! account, service, region, usage type (SkuMeter), pricing unit, resource, tags, commitment.
//!
//! `daily_costs` drops resources and usage types (they would make it as large as `line_items`), so these
//! come from `line_items` over the periods asked, through the charge-start index. The usage type lives in
//! the attributes JSON, read in SQL once per group rather than per row in Rust.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use super::codec::{epoch, metric_column};
use super::filter_sql::where_clause;
use crate::filter::Filter;
use crate::model::{ChargeCategory, Provider, ServiceCategory};

/// Line items of one period sharing every key below, summed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CostLine {
    /// Index of the period in the ranges asked.
    pub(crate) period: usize,
    pub(crate) provider: Provider,
    pub(crate) sub_account: Option<String>,
    pub(crate) service: String,
    pub(crate) service_category: ServiceCategory,
    pub(crate) region: Option<String>,
    pub(crate) charge_category: ChargeCategory,
    /// FOCUS SkuMeter (AWS `lineItem/UsageType`, Azure meter, GCP SKU description).
    pub(crate) usage_type: Option<String>,
    pub(crate) pricing_unit: Option<String>,
    pub(crate) resource: Option<String>,
    pub(crate) commitment: Option<String>,
    /// `tag_sets` id; see [`Store::tag_values`].
    pub(crate) tag_set: Option<i64>,
    pub(crate) currency: String,
    /// The filter's metric.
    pub(crate) cost: f64,
    pub(crate) list_cost: f64,
    pub(crate) quantity: Option<f64>,
    /// FOCUS PricingCurrency when it differs from the billing currency, with the cost in it.
    pub(crate) pricing_currency: Option<String>,
    pub(crate) pricing_currency_cost: Option<f64>,
    /// First and last charge day (days since 1970-01-01).
    pub(crate) first_day: i32,
    pub(crate) last_day: i32,
}

/// The line items `filter` selects (its dates ignored) in each of `ranges` (first and last day, inclusive),
/// summed per [`CostLine`] key; a line's `period` is the index of its range (the first that holds it).
pub(crate) fn cost_lines(
    conn: &Connection,
    filter: &Filter,
    ranges: &[(NaiveDate, NaiveDate)],
) -> rusqlite::Result<Vec<CostLine>> {
    if ranges.is_empty() {
        return Ok(Vec::new());
    }
    let undated = Filter { start: None, end: None, ..filter.clone() };
    let (clause, filter_params) = where_clause(&undated);
    let mut params: Vec<Value> = Vec::new();
    // Consecutive single days (a day-by-day drill) are numbered by arithmetic: a CASE of a branch per day
    // would be evaluated branch by branch on every row.
    let one_day = chrono::Duration::days(1);
    let daily = ranges.iter().all(|(s, e)| s == e) && ranges.windows(2).all(|w| w[1].0 == w[0].0 + one_day);
    let case = if daily {
        params.push(Value::Integer(epoch(ranges[0].0)));
        "(li.charge_period_start - ?) / 86400".to_string()
    } else {
        let mut case = String::from("CASE");
        for (i, (start, end)) in ranges.iter().enumerate() {
            case.push_str(&format!(" WHEN li.charge_period_start >= ? AND li.charge_period_start < ? THEN {i}"));
            params.extend([Value::Integer(epoch(*start)), Value::Integer(epoch(*end) + 86_400)]);
        }
        case.push_str(" END");
        case
    };
    let (lo, hi) = ranges.iter().fold((ranges[0].0, ranges[0].1), |(lo, hi), (s, e)| (lo.min(*s), hi.max(*e)));
    params.extend([Value::Integer(epoch(lo)), Value::Integer(epoch(hi) + 86_400)]);
    params.extend(filter_params);
    let metric = format!("li.{}", metric_column(filter.metric));
    // Grouped on ids first, names joined after: the strings table is touched once per group.
    let sql = format!(
        "WITH g AS (
            SELECT {case} AS period, li.provider, li.sub_account, li.service, li.service_category, li.region,
                   li.charge_category, json_extract(a.value, '$.SkuMeter') AS meter, li.pricing_unit,
                   li.resource, li.commitment_discount, li.tag_set, li.currency,
                   json_extract(a.value, '$.PricingCurrency') AS pcur,
                   SUM({metric}) AS cost, SUM(li.list_cost) AS list_cost, SUM(li.pricing_quantity) AS qty,
                   SUM(CAST(json_extract(a.value, '$.PricingCurrencyEffectiveCost') AS REAL)) AS pcost,
                   MIN(li.charge_period_start) / 86400 AS first_day, MAX(li.charge_period_start) / 86400 AS last_day
            FROM line_items li LEFT JOIN strings a ON a.id = li.attributes
            WHERE li.charge_period_start >= ? AND li.charge_period_start < ? AND {clause}
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
        )
        SELECT g.period, g.provider, sa.value, sv.value, g.service_category, rg.value, g.charge_category, g.meter,
               pu.value, rs.value, cd.value, g.tag_set, cu.value, g.pcur, g.cost, g.list_cost, g.qty, g.pcost,
               g.first_day, g.last_day
        FROM g
        LEFT JOIN strings sa ON sa.id = g.sub_account
        JOIN strings sv ON sv.id = g.service
        LEFT JOIN strings rg ON rg.id = g.region
        LEFT JOIN strings pu ON pu.id = g.pricing_unit
        LEFT JOIN strings rs ON rs.id = g.resource
        LEFT JOIN strings cd ON cd.id = g.commitment_discount
        JOIN strings cu ON cu.id = g.currency
        WHERE g.period IS NOT NULL"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| {
        let currency: String = r.get(12)?;
        let pricing_currency: Option<String> = r.get(13)?;
        let foreign = pricing_currency.filter(|p| !p.is_empty() && *p != currency);
        let pricing_currency_cost = if foreign.is_some() { r.get(17)? } else { None };
        Ok(CostLine {
            period: r.get::<_, i64>(0)? as usize,
            provider: Provider::from_code(r.get(1)?).unwrap_or(Provider::Other),
            sub_account: r.get(2)?,
            service: r.get(3)?,
            service_category: ServiceCategory::from_code(r.get(4)?).unwrap_or(ServiceCategory::Other),
            region: r.get(5)?,
            charge_category: ChargeCategory::from_code(r.get(6)?).unwrap_or(ChargeCategory::Usage),
            usage_type: r.get(7)?,
            pricing_unit: r.get(8)?,
            resource: r.get(9)?,
            commitment: r.get(10)?,
            tag_set: r.get(11)?,
            currency,
            cost: r.get(14)?,
            list_cost: r.get(15)?,
            quantity: r.get(16)?,
            pricing_currency: foreign,
            pricing_currency_cost,
            first_day: r.get::<_, i64>(18)? as i32,
            last_day: r.get::<_, i64>(19)? as i32,
        })
    })?;
    rows.collect()
}
