//! A [`Filter`] as SQL over `line_items`: the one place a filter becomes a `WHERE` clause.

use rusqlite::types::Value;

use super::codec::{epoch, SECONDS_PER_DAY};
use crate::filter::{Filter, TagFilter};

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

/// A `WHERE` clause over `line_items` aliased `li` (without the keyword; `1` when empty) and its parameters.
pub(crate) fn where_clause(filter: &Filter) -> (String, Vec<Value>) {
    let mut sql = Vec::new();
    let mut params = Vec::new();
    if let Some(start) = filter.start {
        sql.push("li.charge_period_start >= ?".to_string());
        params.push(Value::Integer(epoch(start)));
    }
    if let Some(end) = filter.end {
        sql.push("li.charge_period_start < ?".to_string());
        params.push(Value::Integer(epoch(end) + SECONDS_PER_DAY));
    }
    in_list(&mut sql, &mut params, "li.provider", filter.providers.iter().map(|p| Value::Integer(p.code())).collect());
    strings_in(&mut sql, &mut params, "li.billing_account", &filter.billing_accounts);
    strings_in(&mut sql, &mut params, "li.sub_account", &filter.sub_accounts);
    strings_in(&mut sql, &mut params, "li.service", &filter.services);
    in_list(
        &mut sql,
        &mut params,
        "li.service_category",
        filter.service_categories.iter().map(|c| Value::Integer(c.code())).collect(),
    );
    strings_in(&mut sql, &mut params, "li.region", &filter.regions);
    strings_in(&mut sql, &mut params, "li.resource", &filter.resource_ids);
    in_list(
        &mut sql,
        &mut params,
        "li.charge_category",
        filter.charge_categories.iter().map(|c| Value::Integer(c.code())).collect(),
    );
    if let Some(currency) = &filter.currency {
        let mut currencies = vec![currency.clone()];
        currencies.extend(filter.rates.keys().cloned());
        strings_in(&mut sql, &mut params, "li.currency", &currencies);
    }
    for tag in &filter.tags {
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
                    "(li.tag_set IS NULL OR li.tag_set NOT IN (SELECT tag_set_id FROM tag_items WHERE key = ?))".into(),
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
