//! Line items back out of the store, as a polars DataFrame with FOCUS column names.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;
use rusqlite::params_from_iter;

use super::filter_sql::where_clause;
use super::Store;
use crate::error::Result;
use crate::filter::Filter;
use crate::model::*;

/// One stored row as read back, before it becomes DataFrame columns.
struct StoredRow {
    times: [i64; 4],
    text: [Option<String>; 9],
    enums: [Option<i64>; 8],
    numbers: [Option<f64>; 9],
    attributes: Option<String>,
}

const TEXT_COLUMNS: [&str; 9] = [
    "ProviderName",
    "BillingAccountId",
    "SubAccountId",
    "BillingCurrency",
    "ServiceName",
    "RegionId",
    "ResourceId",
    "CommitmentDiscountId",
    "Tags",
];
const TIME_COLUMNS: [&str; 4] = ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"];
const ENUM_COLUMNS: [&str; 8] = [
    "ChargeCategory",
    "ChargeClass",
    "ChargeFrequency",
    "PricingCategory",
    "ServiceCategory",
    "CommitmentDiscountCategory",
    "CommitmentDiscountStatus",
    "x_ImportId",
];
const NUMBER_COLUMNS: [&str; 9] = [
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "PricingQuantity",
    "ConsumedQuantity",
    "ListUnitPrice",
    "ContractedUnitPrice",
    "CommitmentDiscountQuantity",
];

fn enum_text(column: usize, code: i64) -> Option<String> {
    let s = match column {
        0 => ChargeCategory::from_code(code)?.as_str(),
        1 => ChargeClass::from_code(code)?.as_str(),
        2 => ChargeFrequency::from_code(code)?.as_str(),
        3 => PricingCategory::from_code(code)?.as_str(),
        4 => ServiceCategory::from_code(code)?.as_str(),
        5 => CommitmentDiscountCategory::from_code(code)?.as_str(),
        6 => CommitmentDiscountStatus::from_code(code)?.as_str(),
        _ => return Some(code.to_string()),
    };
    Some(s.to_string())
}

impl Store {
    /// The line items selected by `filter`, one row each, ordered by ChargePeriodStart.
    ///
    /// Columns: the FOCUS 1.2 columns (times as UTC datetimes, costs and quantities as Float64, the rest as
    /// strings), the FOCUS 1.3 additions when any row has them, every `x_` column found, and `x_ImportId`
    /// (the ledger id the row came from, as text).
    pub fn line_items(&self, filter: &Filter) -> Result<DataFrame> {
        let (clause, params) = where_clause(filter);
        let sql = format!(
            "SELECT li.billing_period_start, li.billing_period_end, li.charge_period_start, li.charge_period_end,
                    li.provider, ba.value, sa.value, cu.value, sv.value, rg.value, rs.value, cd.value, ts.json,
                    li.charge_category, li.charge_class, li.charge_frequency, li.pricing_category, li.service_category,
                    li.commitment_discount_category, li.commitment_discount_status, li.import_id,
                    li.billed_cost, li.effective_cost, li.list_cost, li.contracted_cost, li.pricing_quantity,
                    li.consumed_quantity, li.list_unit_price, li.contracted_unit_price, li.commitment_discount_quantity,
                    at.value
             FROM line_items li
             JOIN strings ba ON ba.id = li.billing_account
             LEFT JOIN strings sa ON sa.id = li.sub_account
             JOIN strings cu ON cu.id = li.currency
             JOIN strings sv ON sv.id = li.service
             LEFT JOIN strings rg ON rg.id = li.region
             LEFT JOIN strings rs ON rs.id = li.resource
             LEFT JOIN strings cd ON cd.id = li.commitment_discount
             LEFT JOIN tag_sets ts ON ts.id = li.tag_set
             LEFT JOIN strings at ON at.id = li.attributes
             WHERE {clause}
             ORDER BY li.charge_period_start, li.id"
        );
        let mut stmt = self.conn().prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(params_from_iter(params), |r| {
                let provider: i64 = r.get(4)?;
                Ok(StoredRow {
                    times: [r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?],
                    text: [
                        Provider::from_code(provider).map(|p| p.as_str().to_string()),
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                        r.get(12)?,
                    ],
                    enums: [
                        r.get(13)?,
                        r.get(14)?,
                        r.get(15)?,
                        r.get(16)?,
                        r.get(17)?,
                        r.get(18)?,
                        r.get(19)?,
                        r.get(20)?,
                    ],
                    numbers: [
                        r.get(21)?,
                        r.get(22)?,
                        r.get(23)?,
                        r.get(24)?,
                        r.get(25)?,
                        r.get(26)?,
                        r.get(27)?,
                        r.get(28)?,
                        r.get(29)?,
                    ],
                    attributes: r.get(30)?,
                })
            })
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err())?;
        Ok(to_frame(rows)?)
    }
}

fn to_frame(rows: Vec<StoredRow>) -> PolarsResult<DataFrame> {
    let mut columns: Vec<Column> = Vec::new();
    for (i, name) in TIME_COLUMNS.iter().enumerate() {
        let ms: Vec<i64> = rows.iter().map(|r| r.times[i] * 1000).collect();
        let s =
            Series::new((*name).into(), ms).cast(&DataType::Datetime(TimeUnit::Milliseconds, Some(TimeZone::UTC)))?;
        columns.push(s.into());
    }
    for (i, name) in TEXT_COLUMNS.iter().enumerate() {
        let v: Vec<Option<&str>> = rows.iter().map(|r| r.text[i].as_deref()).collect();
        columns.push(Series::new((*name).into(), v).into());
    }
    for (i, name) in ENUM_COLUMNS.iter().enumerate() {
        let v: Vec<Option<String>> = rows.iter().map(|r| r.enums[i].and_then(|c| enum_text(i, c))).collect();
        columns.push(Series::new((*name).into(), v).into());
    }
    for (i, name) in NUMBER_COLUMNS.iter().enumerate() {
        let v: Vec<Option<f64>> = rows.iter().map(|r| r.numbers[i]).collect();
        columns.push(Series::new((*name).into(), v).into());
    }
    let parsed: Vec<BTreeMap<String, String>> = rows
        .iter()
        .map(|r| r.attributes.as_deref().and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default())
        .collect();
    let present: BTreeSet<&str> = parsed.iter().flat_map(|m| m.keys().map(String::as_str)).collect();
    let names = ATTRIBUTE_COLUMNS
        .iter()
        .copied()
        .filter(|c| present.contains(c) || is_focus_12(c))
        .chain(present.iter().copied().filter(|c| c.starts_with("x_")));
    for name in names {
        let v: Vec<Option<&str>> = parsed.iter().map(|m| m.get(name).map(String::as_str)).collect();
        columns.push(Series::new(name.into(), v).into());
    }
    DataFrame::new(rows.len(), columns)
}

/// FOCUS 1.3 additions appear only when some row has them; 1.2 columns always appear.
fn is_focus_12(column: &str) -> bool {
    !matches!(
        column,
        "ServiceProviderName"
            | "HostProviderName"
            | "ContractApplied"
            | "AllocatedMethodId"
            | "AllocatedMethodDetails"
            | "AllocatedResourceId"
            | "AllocatedResourceName"
            | "AllocatedTags"
    )
}
