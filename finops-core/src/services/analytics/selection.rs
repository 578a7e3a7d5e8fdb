//! A [`Filter`] resolved against the loaded frame: which rows, which days, which currency, and the cost
//! column to sum (the chosen metric, converted when rates were given).
//!
//! This is where "never add two currencies" is enforced: every sum an analysis makes goes through
//! [`Selection::rows`], whose rows are all in one currency or converted into it.

use polars::prelude::*;

use super::frame::{self, columns as c, metric_column, Reader};
use super::labels::Labels;
use crate::error::{Error, Result};
use crate::filter::{Filter, TagFilter};
use crate::model::normalize_tag_key;

/// The column [`Selection::rows`] adds: the metric in the result currency.
pub(crate) const COST: &str = "cost";

/// The rows and cost a filter selects.
pub(crate) struct Selection<'a> {
    pub(crate) labels: &'a Labels,
    frame: DataFrame,
    /// Every condition but the dates.
    predicate: Expr,
    cost: Expr,
    /// The filter's first and last day (days since 1970-01-01), if set.
    pub(crate) start: Option<i32>,
    /// See `start`.
    pub(crate) end: Option<i32>,
    /// The currency of every amount (None when nothing is selected and no currency was asked for).
    pub(crate) currency: Option<String>,
}

fn any_of(column: &str, values: Vec<u32>) -> Expr {
    col(column).is_in(lit(Series::new(PlSmallStr::EMPTY, values)).implode(false), false)
}

/// Every condition of `filter` except dates and currency, on the frame's columns.
fn dimensions(filter: &Filter, labels: &Labels) -> Expr {
    let mut e = lit(true);
    let codes = |codes: Vec<i64>| codes.into_iter().map(|c| c as u32).collect::<Vec<_>>();
    if !filter.providers.is_empty() {
        e = e.and(any_of(c::PROVIDER, codes(filter.providers.iter().map(|p| p.code()).collect())));
    }
    for (column, names) in [
        (c::BILLING_ACCOUNT, &filter.billing_accounts),
        (c::SUB_ACCOUNT, &filter.sub_accounts),
        (c::SERVICE, &filter.services),
        (c::REGION, &filter.regions),
    ] {
        if !names.is_empty() {
            e = e.and(any_of(column, labels.ids(names)));
        }
    }
    if !filter.service_categories.is_empty() {
        e = e.and(any_of(c::SERVICE_CATEGORY, codes(filter.service_categories.iter().map(|x| x.code()).collect())));
    }
    if !filter.charge_categories.is_empty() {
        e = e.and(any_of(c::CHARGE_CATEGORY, codes(filter.charge_categories.iter().map(|x| x.code()).collect())));
    }
    for tag in &filter.tags {
        e = e.and(match tag {
            TagFilter::Equals { key, value } => {
                any_of(c::TAG_SET, labels.tag_sets(&normalize_tag_key(key), Some(value)))
            }
            TagFilter::Present { key } => any_of(c::TAG_SET, labels.tag_sets(&normalize_tag_key(key), None)),
            TagFilter::Missing { key } => {
                col(c::TAG_SET).is_null().or(any_of(c::TAG_SET, labels.tag_sets(&normalize_tag_key(key), None)).not())
            }
            TagFilter::Untagged => col(c::TAG_SET).is_null(),
        });
    }
    e
}

/// The frame a filter reads: the daily frame, or for a filter on resource ids (which `daily_costs` does not
/// keep) the matching line items summed into the same shape.
fn rows_of(filter: &Filter, frame: &DataFrame, reader: &std::sync::Mutex<Reader>) -> Result<DataFrame> {
    if filter.resource_ids.is_empty() {
        return Ok(frame.clone());
    }
    let only = Filter { resource_ids: filter.resource_ids.clone(), ..Filter::default() };
    let (clause, params) = only.to_sql();
    let reader = reader.lock().unwrap_or_else(|p| p.into_inner());
    frame::load(&reader, &frame::line_items_query(&clause), params)
}

/// The distinct ids (or codes; None for absent) in `column` among the rows `filter` selects, whatever their
/// currency unless the filter names one: what an option list offers. Unlike [`Selection::resolve`], a
/// selection spanning several currencies is no error here.
pub(crate) fn distinct(
    filter: &Filter,
    frame: &DataFrame,
    labels: &Labels,
    reader: &std::sync::Mutex<Reader>,
    column: &str,
) -> Result<Vec<Option<u32>>> {
    let mut predicate = dimensions(filter, labels);
    if let (Some(currency), true) = (&filter.currency, filter.rates.is_empty()) {
        predicate = predicate.and(any_of(c::CURRENCY, labels.id(currency).into_iter().collect()));
    }
    let frame = rows_of(filter, frame, reader)?;
    let rows = frame::days(&frame, filter.start.map(frame::day_number), filter.end.map(frame::day_number))?;
    let df = rows.lazy().filter(predicate).select([col(column).unique()]).collect()?;
    Ok(df.column(column)?.u32()?.iter().collect())
}

impl<'a> Selection<'a> {
    /// Resolves `filter` on `frame` (the daily frame; for resource-id filters, the same shape read from line
    /// items through `reader`).
    pub(crate) fn resolve(
        filter: &Filter,
        frame: &DataFrame,
        labels: &'a Labels,
        reader: &std::sync::Mutex<Reader>,
    ) -> Result<Selection<'a>> {
        let start = filter.start.map(frame::day_number);
        let end = filter.end.map(frame::day_number);
        if let (Some(s), Some(e)) = (filter.start, filter.end) {
            if s > e {
                return Err(Error::InvalidArgument(format!("the filter starts on {s}, after its end {e}")));
            }
        }
        let frame = rows_of(filter, frame, reader)?;
        let predicate = dimensions(filter, labels);
        let cost = col(metric_column(filter.metric));
        let mut selection = Selection { labels, frame, predicate, cost, start, end, currency: None };
        match (&filter.currency, filter.rates.is_empty()) {
            (None, true) => selection.single_currency()?,
            (None, false) => {
                return Err(Error::InvalidArgument(
                    "rates convert into the filter's currency: set `currency` to the target".into(),
                ))
            }
            (Some(target), true) => match labels.id(target) {
                Some(id) => selection.only_currency(&id),
                None => {
                    selection.predicate = lit(false);
                    selection.currency = Some(target.clone());
                }
            },
            (Some(target), false) => selection.convert(target, filter)?,
        }
        Ok(selection)
    }

    /// No currency asked for: the selection's only one, or an error if it holds several.
    fn single_currency(&mut self) -> Result<()> {
        let mut present = self.currencies(self.start, self.end)?;
        if present.is_empty() {
            // Nothing in the period: KPIs still compare with other periods, which must not mix either.
            present = self.currencies(None, None)?;
        }
        match present.as_slice() {
            [] => Ok(()),
            [one] => {
                self.only_currency(one);
                Ok(())
            }
            _ => {
                let mut currencies: Vec<String> = present.iter().map(|id| self.labels.text(*id).into()).collect();
                currencies.sort();
                Err(Error::MixedCurrencies { currencies })
            }
        }
    }

    /// Rows in `target` and in the currencies `filter.rates` converts, costs converted into `target`.
    fn convert(&mut self, target: &str, filter: &Filter) -> Result<()> {
        let mut rate = lit(1.0);
        let mut allowed: Vec<u32> = self.labels.id(target).into_iter().collect();
        for (currency, value) in &filter.rates {
            if !value.is_finite() || *value <= 0.0 || (currency == target && *value != 1.0) {
                return Err(Error::InvalidArgument(format!(
                    "rate {currency} -> {target} = {value}: rates are positive numbers (1 for the target)"
                )));
            }
            if let Some(id) = self.labels.id(currency) {
                allowed.push(id);
                rate = when(col(c::CURRENCY).eq(lit(id))).then(lit(*value)).otherwise(rate);
            }
        }
        for id in self.currencies(self.start, self.end)? {
            let currency = self.labels.text(id);
            if currency != target && !filter.rates.contains_key(currency) {
                return Err(Error::MissingRate { currency: currency.into(), target: target.into() });
            }
        }
        self.predicate = self.predicate.clone().and(any_of(c::CURRENCY, allowed));
        self.cost = self.cost.clone() * rate;
        self.currency = Some(target.into());
        Ok(())
    }

    fn only_currency(&mut self, id: &u32) {
        self.predicate = self.predicate.clone().and(col(c::CURRENCY).eq(lit(*id)));
        self.currency = Some(self.labels.text(*id).to_string());
    }

    /// Currency ids present between two days (inclusive, None for open).
    fn currencies(&self, from: Option<i32>, to: Option<i32>) -> Result<Vec<u32>> {
        let df = self.rows(from, to)?.select([col(c::CURRENCY).unique()]).collect()?;
        Ok(df.column(c::CURRENCY)?.u32()?.iter().flatten().collect())
    }

    /// The selected rows between two days (inclusive, None for open), with the [`COST`] column.
    pub(crate) fn rows(&self, from: Option<i32>, to: Option<i32>) -> Result<LazyFrame> {
        Ok(frame::days(&self.frame, from, to)?
            .lazy()
            .filter(self.predicate.clone())
            .with_column(self.cost.clone().alias(COST)))
    }

    /// [`COST`] summed by `keys` over the selected rows between two days.
    pub(crate) fn sum_by(&self, keys: &[&str], from: Option<i32>, to: Option<i32>) -> Result<DataFrame> {
        let keys: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
        Ok(self.rows(from, to)?.group_by(keys).agg([col(COST).sum()]).collect()?)
    }

    /// [`COST`] per day between two days (inclusive); days without rows are absent.
    pub(crate) fn cost_by_day(&self, from: i32, to: i32) -> Result<std::collections::HashMap<i32, f64>> {
        let df = self.sum_by(&[c::DAY], Some(from), Some(to))?;
        let days = df.column(c::DAY)?.i32()?;
        let costs = df.column(COST)?.f64()?;
        Ok(days.iter().zip(costs.iter()).filter_map(|(d, v)| Some((d?, v.unwrap_or(0.0)))).collect())
    }

    /// The period analysed: the filter's dates, an open end taking the first or last day with data.
    /// None when an end is open and nothing is selected.
    pub(crate) fn period(&self) -> Result<Option<(i32, i32)>> {
        if let (Some(s), Some(e)) = (self.start, self.end) {
            return Ok(Some((s, e)));
        }
        let df = self
            .rows(self.start, self.end)?
            .select([col(c::DAY).min().alias("first"), col(c::DAY).max().alias("last")])
            .collect()?;
        let first = df.column("first")?.i32()?.get(0);
        let last = df.column("last")?.i32()?.get(0);
        Ok(match (self.start.or(first), self.end.or(last)) {
            (Some(s), Some(e)) if s <= e => Some((s, e)),
            _ => None,
        })
    }
}
