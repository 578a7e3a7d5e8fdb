//! A [`Filter`] resolved against the loaded frame: which rows, which days, which currency, and the cost
//! column to sum (the chosen metric, converted when rates were given).
//!
//! This is where "never add two currencies" is enforced: every sum an analysis makes goes through
//! [`Selection::rows`], whose rows are all in one currency or converted into it.

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::filter::{Filter, TagFilter};
use crate::model::normalize_tag_key;
use crate::store::codec::{day_number, metric_column};
use crate::store::daily_frame::columns as c;
use crate::store::{CostSource, Labels};

/// The rows of the daily frame (sorted by day) between two days (inclusive, None for open): a slice, found by
/// binary search, sharing the frame's memory.
pub(crate) fn days(frame: &DataFrame, from: Option<i32>, to: Option<i32>) -> Result<DataFrame> {
    if frame.height() == 0 {
        return Ok(frame.clone());
    }
    let days = frame.column(c::DAY)?.i32()?.cont_slice()?;
    let first = from.map_or(0, |from| days.partition_point(|d| *d < from));
    let end = to.map_or(days.len(), |to| days.partition_point(|d| *d <= to));
    Ok(frame.slice(first as i64, end.saturating_sub(first)))
}

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

/// The frame a filter reads: the daily frame, or for a filter on resource ids (which the daily aggregate does
/// not keep) the matching line items summed into the same shape, where the source has line items.
fn rows_of(filter: &Filter, frame: &DataFrame, source: &dyn CostSource) -> Result<DataFrame> {
    if filter.resource_ids.is_empty() {
        return Ok(frame.clone());
    }
    source
        .resources_daily(filter)?
        .ok_or_else(|| Error::NotAvailable { what: "a filter on resource ids", data: source.describe() })
}

/// The rows `filter` selects between two days (inclusive, None for open), whatever their currency unless the
/// filter names one (then in it or in a currency its rates convert), as a line-item query selects them. Unlike
/// [`Selection::resolve`], a selection spanning several currencies is no error here.
pub(crate) fn matching(
    filter: &Filter,
    frame: &DataFrame,
    labels: &Labels,
    source: &dyn CostSource,
    (from, to): (Option<i32>, Option<i32>),
) -> Result<LazyFrame> {
    let mut predicate = dimensions(filter, labels);
    if let Some(currency) = &filter.currency {
        let wanted = std::iter::once(currency).chain(filter.rates.keys());
        predicate = predicate.and(any_of(c::CURRENCY, wanted.filter_map(|c| labels.id(c)).collect()));
    }
    Ok(days(&rows_of(filter, frame, source)?, from, to)?.lazy().filter(predicate))
}

/// The distinct ids (or codes; None for absent) in `column` among the rows `filter` selects (see
/// [`matching`]): what an option list offers.
pub(crate) fn distinct(
    filter: &Filter,
    frame: &DataFrame,
    labels: &Labels,
    source: &dyn CostSource,
    column: &str,
) -> Result<Vec<Option<u32>>> {
    let range = (filter.start.map(day_number), filter.end.map(day_number));
    let df = matching(filter, frame, labels, source, range)?.select([col(column).unique()]).collect()?;
    Ok(df.column(column)?.u32()?.iter().collect())
}

impl<'a> Selection<'a> {
    /// Resolves `filter` on `frame` (the daily frame; for resource-id filters, the same shape read from line
    /// items of the source).
    pub(crate) fn resolve(
        filter: &Filter,
        frame: &DataFrame,
        labels: &'a Labels,
        source: &dyn CostSource,
    ) -> Result<Selection<'a>> {
        let start = filter.start.map(day_number);
        let end = filter.end.map(day_number);
        if let (Some(s), Some(e)) = (filter.start, filter.end) {
            if s > e {
                return Err(Error::InvalidArgument(format!("the filter starts on {s}, after its end {e}")));
            }
        }
        let frame = rows_of(filter, frame, source)?;
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
        Ok(days(&self.frame, from, to)?
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_range_is_a_slice_with_both_ends_included() {
        let frame = DataFrame::new(5, vec![Column::new(c::DAY.into(), [3, 5, 5, 7, 9])]).unwrap();
        let days = |from, to| -> Vec<i32> {
            days(&frame, from, to).unwrap().column(c::DAY).unwrap().i32().unwrap().iter().flatten().collect()
        };
        assert_eq!(days(Some(5), Some(7)), [5, 5, 7]);
        assert_eq!(days(Some(4), None), [5, 5, 7, 9]);
        assert_eq!(days(None, Some(3)), [3]);
        assert_eq!(days(Some(10), None), Vec::<i32>::new());
        assert_eq!(days(Some(6), Some(6)), Vec::<i32>::new());
    }
}
