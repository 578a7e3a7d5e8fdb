//! The global filter every query takes: dates, providers, accounts, services, regions, tags, charge
//! categories, currency, and the cost metric analyses sum. Translated once into SQL with bound parameters
//! (for line items) or into polars expressions (for the analytics service).

mod metric;
mod period;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::types::Value;

use crate::model::{ChargeCategory, Provider, ServiceCategory};
pub use metric::CostMetric;
pub(crate) use period::{month_end, month_start, next_month_start, previous_month_start};
pub use period::{previous_period, DatePreset};

/// A condition on tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagFilter {
    /// The tag (normalized key) has exactly this value.
    Equals {
        /// Tag key; normalized before matching.
        key: String,
        /// Value, compared exactly.
        value: String,
    },
    /// The tag is present, whatever its value.
    Present {
        /// Tag key; normalized before matching.
        key: String,
    },
    /// The tag is absent (untagged for this key).
    Missing {
        /// Tag key; normalized before matching.
        key: String,
    },
    /// The row has no tags at all.
    Untagged,
}

/// Which line items a query looks at. The default selects everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// First day included (UTC), on ChargePeriodStart.
    pub start: Option<NaiveDate>,
    /// Last day included (UTC), on ChargePeriodStart.
    pub end: Option<NaiveDate>,
    /// Providers (any of).
    pub providers: Vec<Provider>,
    /// Billing account ids (any of).
    pub billing_accounts: Vec<String>,
    /// Sub-account ids (any of).
    pub sub_accounts: Vec<String>,
    /// Service names (any of).
    pub services: Vec<String>,
    /// Service categories (any of).
    pub service_categories: Vec<ServiceCategory>,
    /// Region ids (any of).
    pub regions: Vec<String>,
    /// Resource ids (any of).
    pub resource_ids: Vec<String>,
    /// Charge categories (any of).
    pub charge_categories: Vec<ChargeCategory>,
    /// Tag conditions (all of).
    pub tags: Vec<TagFilter>,
    /// Billing currency. Without [`Filter::rates`], only rows billed in it are selected. With rates, it is
    /// the currency results are converted into.
    pub currency: Option<String>,
    /// Conversion rates into [`Filter::currency`]: units of it per unit of each key (`{"EUR": 1.08}` with
    /// currency `USD`). Rows in those currencies are selected too and converted; rows already in the target
    /// need no rate. Analyses never add two currencies: without rates, a selection spanning several is an
    /// error ([`crate::Error::MixedCurrencies`]).
    pub rates: BTreeMap<String, f64>,
    /// The cost column analyses sum (EffectiveCost by default). Line-item queries return every column.
    pub metric: CostMetric,
}

fn in_list(sql: &mut Vec<String>, params: &mut Vec<Value>, column: &str, values: Vec<Value>) {
    if values.is_empty() {
        return;
    }
    let marks = vec!["?"; values.len()].join(", ");
    sql.push(format!("{column} IN ({marks})"));
    params.extend(values);
}

fn strings_in(sql: &mut Vec<String>, params: &mut Vec<Value>, column: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    let marks = vec!["?"; values.len()].join(", ");
    sql.push(format!("{column} IN (SELECT id FROM strings WHERE value IN ({marks}))"));
    params.extend(values.iter().map(|v| Value::Text(v.clone())));
}

fn epoch(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp()
}

impl Filter {
    /// A `WHERE` clause over `line_items` aliased `li` (without the keyword; `1` when empty) and its parameters.
    pub(crate) fn to_sql(&self) -> (String, Vec<Value>) {
        let mut sql = Vec::new();
        let mut params = Vec::new();
        if let Some(start) = self.start {
            sql.push("li.charge_period_start >= ?".to_string());
            params.push(Value::Integer(epoch(start)));
        }
        if let Some(end) = self.end {
            sql.push("li.charge_period_start < ?".to_string());
            params.push(Value::Integer(epoch(end) + 86_400));
        }
        in_list(
            &mut sql,
            &mut params,
            "li.provider",
            self.providers.iter().map(|p| Value::Integer(p.code())).collect(),
        );
        strings_in(&mut sql, &mut params, "li.billing_account", &self.billing_accounts);
        strings_in(&mut sql, &mut params, "li.sub_account", &self.sub_accounts);
        strings_in(&mut sql, &mut params, "li.service", &self.services);
        in_list(
            &mut sql,
            &mut params,
            "li.service_category",
            self.service_categories.iter().map(|c| Value::Integer(c.code())).collect(),
        );
        strings_in(&mut sql, &mut params, "li.region", &self.regions);
        strings_in(&mut sql, &mut params, "li.resource", &self.resource_ids);
        in_list(
            &mut sql,
            &mut params,
            "li.charge_category",
            self.charge_categories.iter().map(|c| Value::Integer(c.code())).collect(),
        );
        if let Some(currency) = &self.currency {
            let mut currencies = vec![currency.clone()];
            currencies.extend(self.rates.keys().cloned());
            strings_in(&mut sql, &mut params, "li.currency", &currencies);
        }
        for tag in &self.tags {
            let key = |k: &str| Value::Text(crate::model::normalize_tag_key(k));
            match tag {
                TagFilter::Equals { key: k, value } => {
                    sql.push("li.tag_set IN (SELECT tag_set_id FROM tag_items WHERE key = ? AND value = ?)".into());
                    params.extend([key(k), Value::Text(value.clone())]);
                }
                TagFilter::Present { key: k } => {
                    sql.push("li.tag_set IN (SELECT tag_set_id FROM tag_items WHERE key = ?)".into());
                    params.push(key(k));
                }
                TagFilter::Missing { key: k } => {
                    sql.push(
                        "(li.tag_set IS NULL OR li.tag_set NOT IN (SELECT tag_set_id FROM tag_items WHERE key = ?))"
                            .into(),
                    );
                    params.push(key(k));
                }
                TagFilter::Untagged => sql.push("li.tag_set IS NULL".into()),
            }
        }
        if sql.is_empty() {
            ("1".to_string(), params)
        } else {
            (sql.join(" AND "), params)
        }
    }
}
