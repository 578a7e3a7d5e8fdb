//! Line-level sums for the insights and anomaly root causes: from the source's line items (usage types,
//! resources), or, where the source holds only the daily aggregate (a frame handed over by Spark), from the
//! daily frame at its grain (service, account, region, tags, pricing unit; no usage type or resource).

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use super::selection::matching;
use super::{columns as c, date, day_number, Analytics};
use crate::error::Result;
use crate::filter::Filter;
use crate::model::{ChargeCategory, Provider, ServiceCategory};
use crate::store::codec::metric_column;
use crate::store::{CostLine, Labels};

impl Analytics {
    /// The line items `filter` selects (its dates ignored) in each of `ranges`, summed per [`CostLine`] key.
    pub(crate) fn cost_lines(&self, filter: &Filter, ranges: &[(NaiveDate, NaiveDate)]) -> Result<Vec<CostLine>> {
        if let Some(lines) = self.source().cost_lines(filter, ranges)? {
            return Ok(lines);
        }
        let data = self.data()?;
        let undated = Filter { start: None, end: None, ..filter.clone() };
        let mut out = Vec::new();
        for (period, (start, end)) in ranges.iter().enumerate() {
            let range = (Some(day_number(*start)), Some(day_number(*end)));
            let rows = matching(&undated, &data.frame, &data.labels, self.source(), range)?;
            out.extend(daily_lines(rows, period, filter, &data.labels)?);
        }
        Ok(out)
    }

    /// The last day with cost the filter selects (any currency), if any.
    pub(crate) fn last_day(&self, filter: &Filter) -> Result<Option<NaiveDate>> {
        let data = self.data()?;
        let range = (filter.start.map(day_number), filter.end.map(day_number));
        let rows = matching(filter, &data.frame, &data.labels, self.source(), range)?;
        let last = rows.select([col(c::DAY).max()]).collect()?;
        Ok(last.column(c::DAY)?.i32()?.get(0).map(date))
    }

    /// The value of the tag `key` (normalized) in each tag set that has it.
    pub(crate) fn tag_values(&self, key: &str) -> Result<HashMap<i64, String>> {
        let data = self.data()?;
        let values = data.labels.tag_values(&crate::model::normalize_tag_key(key));
        Ok(values.into_iter().map(|(set, value)| (i64::from(set), value.to_string())).collect())
    }
}

/// Cost lines of `period` from daily rows: summed per key of the daily frame.
fn daily_lines(rows: LazyFrame, period: usize, filter: &Filter, labels: &Labels) -> Result<Vec<CostLine>> {
    let keys = [
        c::PROVIDER,
        c::SUB_ACCOUNT,
        c::SERVICE,
        c::SERVICE_CATEGORY,
        c::REGION,
        c::CHARGE_CATEGORY,
        c::PRICING_UNIT,
        c::TAG_SET,
        c::CURRENCY,
    ];
    let list = metric_column(crate::filter::CostMetric::List);
    let df = rows
        .group_by(keys.map(col))
        .agg([
            col(metric_column(filter.metric)).sum().alias("cost"),
            col(list).sum().alias("list_cost"),
            col(c::PRICING_QUANTITY).sum().alias("quantity"),
            col(c::PRICING_QUANTITY).count().alias("quantities"),
            col(c::DAY).min().alias("first_day"),
            col(c::DAY).max().alias("last_day"),
        ])
        .collect()?;
    let ids = |name: &str| -> Result<Vec<Option<u32>>> { Ok(df.column(name)?.u32()?.iter().collect()) };
    let sums = |name: &str| -> Result<Vec<Option<f64>>> { Ok(df.column(name)?.f64()?.iter().collect()) };
    let days = |name: &str| -> Result<Vec<Option<i32>>> { Ok(df.column(name)?.i32()?.iter().collect()) };
    let (provider, sub_account, service, category) =
        (ids(c::PROVIDER)?, ids(c::SUB_ACCOUNT)?, ids(c::SERVICE)?, ids(c::SERVICE_CATEGORY)?);
    let (region, charge, unit, tag_set, currency) =
        (ids(c::REGION)?, ids(c::CHARGE_CATEGORY)?, ids(c::PRICING_UNIT)?, ids(c::TAG_SET)?, ids(c::CURRENCY)?);
    let (cost, list_cost, quantity) = (sums("cost")?, sums("list_cost")?, sums("quantity")?);
    let quantities: Vec<Option<u32>> = df.column("quantities")?.cast(&DataType::UInt32)?.u32()?.iter().collect();
    let (first, last) = (days("first_day")?, days("last_day")?);
    let name = |id: Option<u32>| id.map(|id| labels.text(id).to_string());
    Ok((0..df.height())
        .map(|i| CostLine {
            period,
            provider: provider[i].and_then(|p| Provider::from_code(p.into())).unwrap_or(Provider::Other),
            sub_account: name(sub_account[i]),
            service: name(service[i]).unwrap_or_default(),
            service_category: category[i]
                .and_then(|k| ServiceCategory::from_code(k.into()))
                .unwrap_or(ServiceCategory::Other),
            region: name(region[i]),
            charge_category: charge[i]
                .and_then(|k| ChargeCategory::from_code(k.into()))
                .unwrap_or(ChargeCategory::Usage),
            usage_type: None,
            pricing_unit: name(unit[i]),
            resource: None,
            commitment: None,
            tag_set: tag_set[i].map(i64::from),
            currency: name(currency[i]).unwrap_or_default(),
            cost: cost[i].unwrap_or(0.0),
            list_cost: list_cost[i].unwrap_or(0.0),
            // As SQL's SUM: null when no row had a quantity.
            quantity: quantity[i].filter(|_| quantities[i].unwrap_or(0) > 0),
            pricing_currency: None,
            pricing_currency_cost: None,
            first_day: first[i].unwrap_or_default(),
            last_day: last[i].unwrap_or_default(),
        })
        .collect())
}
