//! A [`Filter`] resolved against the loaded frame: which rows, which days, which currency, and the cost
//! column to sum (the chosen metric, converted when rates were given).
//!
//! This is where "never add two currencies" is enforced: every sum an analysis makes goes through
//! [`Selection::rows`], whose rows are all in one currency or converted into it.

use std::sync::{Arc, Mutex};

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

/// The column of a [`Selection`]'s frame that holds the metric in the result currency.
pub(crate) const COST: &str = "cost";

/// The daily frame's columns a [`Selection`] keeps, besides [`COST`]: the four metric columns and the count of
/// line items are left out (the chosen metric is [`COST`]), so a filter that leaves rows out copies about a
/// third less of the frame.
const KEPT: [&str; 13] = [
    c::DAY,
    c::MONTH,
    c::PROVIDER,
    c::BILLING_ACCOUNT,
    c::SUB_ACCOUNT,
    c::SERVICE,
    c::SERVICE_CATEGORY,
    c::REGION,
    c::CHARGE_CATEGORY,
    c::CURRENCY,
    c::TAG_SET,
    c::PRICING_UNIT,
    c::PRICING_QUANTITY,
];

/// Sums of [`COST`] a selection computed, by group keys and day range, most recent last: the panels of one
/// filter share them (the ranking and the distribution group by the same column, the monthly and the stacked
/// monthly panels by the same pair, the KPIs and the daily series by day).
#[derive(Clone, Default)]
struct Sums(Arc<Mutex<Vec<(SumKey, DataFrame)>>>);

/// Group keys and day range of a sum.
type SumKey = (Vec<String>, Option<i32>, Option<i32>);

/// How many sums a selection keeps (each is small: one row per group).
const SUMS_KEPT: usize = 16;

impl Sums {
    /// The sum for `key`, computed by `compute` unless kept.
    fn get(&self, key: SumKey, compute: impl FnOnce() -> Result<DataFrame>) -> Result<DataFrame> {
        if let Some((_, df)) = super::lock(&self.0).iter().find(|(k, _)| *k == key) {
            return Ok(df.clone());
        }
        let df = compute()?;
        let mut kept = super::lock(&self.0);
        kept.push((key, df.clone()));
        if kept.len() > SUMS_KEPT {
            kept.remove(0);
        }
        Ok(df)
    }
}

/// The rows and cost a filter selects: the daily frame's rows that pass every condition but the dates (taken
/// out once, when the filter is resolved), sorted by day, with the [`COST`] column. Every analysis of the
/// filter then reads day ranges of it, by binary search, without evaluating the conditions again.
#[derive(Clone)]
pub(crate) struct Selection<'a> {
    pub(crate) labels: &'a Labels,
    frame: DataFrame,
    /// The filter's first and last day (days since 1970-01-01), if set.
    pub(crate) start: Option<i32>,
    /// See `start`.
    pub(crate) end: Option<i32>,
    /// The currency of every amount (None when nothing is selected and no currency was asked for).
    pub(crate) currency: Option<String>,
    sums: Sums,
}

/// A [`Selection`] without its labels: what [`super::Analytics`] keeps of a filter it resolved lately.
#[derive(Clone)]
pub(crate) struct Resolved {
    frame: DataFrame,
    start: Option<i32>,
    end: Option<i32>,
    currency: Option<String>,
    sums: Sums,
}

/// A filter being resolved: its conditions as an expression over the whole frame.
struct Draft<'a> {
    labels: &'a Labels,
    frame: DataFrame,
    /// Every condition but the dates.
    predicate: Expr,
    /// Whether `predicate` may leave rows out (false: it keeps every row, and the frame is used whole).
    restricts: bool,
    cost: Expr,
    start: Option<i32>,
    end: Option<i32>,
    currency: Option<String>,
}

fn any_of(column: &str, values: Vec<u32>) -> Expr {
    col(column).is_in(lit(Series::new(PlSmallStr::EMPTY, values)).implode(false), false)
}

/// Every condition of `filter` except dates and currency, on the frame's columns; None when there is none.
fn dimensions(filter: &Filter, labels: &Labels) -> Option<Expr> {
    let mut conditions = Vec::new();
    let codes = |codes: Vec<i64>| codes.into_iter().map(|c| c as u32).collect::<Vec<_>>();
    if !filter.providers.is_empty() {
        conditions.push(any_of(c::PROVIDER, codes(filter.providers.iter().map(|p| p.code()).collect())));
    }
    for (column, names) in [
        (c::BILLING_ACCOUNT, &filter.billing_accounts),
        (c::SUB_ACCOUNT, &filter.sub_accounts),
        (c::SERVICE, &filter.services),
        (c::REGION, &filter.regions),
    ] {
        if !names.is_empty() {
            conditions.push(any_of(column, labels.ids(names)));
        }
    }
    if !filter.service_categories.is_empty() {
        let categories = codes(filter.service_categories.iter().map(|x| x.code()).collect());
        conditions.push(any_of(c::SERVICE_CATEGORY, categories));
    }
    if !filter.charge_categories.is_empty() {
        let categories = codes(filter.charge_categories.iter().map(|x| x.code()).collect());
        conditions.push(any_of(c::CHARGE_CATEGORY, categories));
    }
    for tag in &filter.tags {
        conditions.push(match tag {
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
    conditions.into_iter().reduce(Expr::and)
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
    let mut predicate = dimensions(filter, labels).unwrap_or(lit(true));
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

/// The distinct values of a `u32` column of `frame` (None for absent).
fn unique_ids(frame: LazyFrame, column: &str) -> Result<Vec<u32>> {
    let df = frame.select([col(column).unique()]).collect()?;
    Ok(df.column(column)?.u32()?.iter().flatten().collect())
}

impl<'a> Selection<'a> {
    /// Resolves `filter` on `frame` (the daily frame; for resource-id filters, the same shape read from line
    /// items of the source): checks its currency (see [`Error::MixedCurrencies`], [`Error::MissingRate`]) and
    /// takes its rows out of the frame.
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
        let dimensions = dimensions(filter, labels);
        let restricts = dimensions.is_some();
        let predicate = dimensions.unwrap_or(lit(true));
        let cost = col(metric_column(filter.metric));
        let mut draft = Draft { labels, frame, predicate, restricts, cost, start, end, currency: None };
        match (&filter.currency, filter.rates.is_empty()) {
            (None, true) => draft.single_currency()?,
            (None, false) => {
                return Err(Error::InvalidArgument(
                    "rates convert into the filter's currency: set `currency` to the target".into(),
                ))
            }
            (Some(target), true) => match labels.id(target) {
                Some(id) => draft.only_currencies(vec![id])?,
                None => {
                    draft.predicate = lit(false);
                    draft.restricts = true;
                    draft.currency = Some(target.clone());
                }
            },
            (Some(target), false) => draft.convert(target, filter)?,
        }
        draft.finish()
    }

    /// What to keep of this selection to use it again (its frame shares the selection's memory).
    pub(crate) fn detach(&self) -> Resolved {
        let Selection { labels: _, frame, start, end, currency, sums } = self.clone();
        Resolved { frame, start, end, currency, sums }
    }

    /// A selection kept by [`Selection::detach`], with the labels of the frame it was resolved on.
    pub(crate) fn attach(resolved: Resolved, labels: &'a Labels) -> Selection<'a> {
        let Resolved { frame, start, end, currency, sums } = resolved;
        Selection { labels, frame, start, end, currency, sums }
    }

    /// The selected rows between two days (inclusive, None for open), with the [`COST`] column.
    pub(crate) fn rows(&self, from: Option<i32>, to: Option<i32>) -> Result<LazyFrame> {
        Ok(days(&self.frame, from, to)?.lazy())
    }

    /// [`COST`] summed by `keys` over the selected rows between two days (computed once per selection).
    pub(crate) fn sum_by(&self, keys: &[&str], from: Option<i32>, to: Option<i32>) -> Result<DataFrame> {
        let key = (keys.iter().map(|k| k.to_string()).collect(), from, to);
        self.sums.get(key, || {
            let keys: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
            Ok(self.rows(from, to)?.group_by(keys).agg([col(COST).sum()]).collect()?)
        })
    }

    /// [`COST`] per day between two days (inclusive); days without rows are absent. Read off the selection's
    /// sum per day over all its days, so that every range asked of one selection groups its rows once.
    pub(crate) fn cost_by_day(&self, from: i32, to: i32) -> Result<std::collections::HashMap<i32, f64>> {
        let df = self.sum_by(&[c::DAY], None, None)?;
        let days = df.column(c::DAY)?.i32()?;
        let costs = df.column(COST)?.f64()?;
        let within = |d: &i32| (from..=to).contains(d);
        Ok(days.iter().zip(costs.iter()).filter_map(|(d, v)| d.filter(within).map(|d| (d, v.unwrap_or(0.0)))).collect())
    }

    /// The period analysed: the filter's dates, an open end taking the first or last day with data.
    /// None when an end is open and nothing is selected.
    pub(crate) fn period(&self) -> Result<Option<(i32, i32)>> {
        if let (Some(s), Some(e)) = (self.start, self.end) {
            return Ok(Some((s, e)));
        }
        // The selected rows are sorted by day: the first and last of the range are its ends.
        let rows = days(&self.frame, self.start, self.end)?;
        let day = rows.column(c::DAY)?.i32()?;
        let (first, last) = match day.len() {
            0 => (None, None),
            n => (day.get(0), day.get(n - 1)),
        };
        Ok(match (self.start.or(first), self.end.or(last)) {
            (Some(s), Some(e)) if s <= e => Some((s, e)),
            _ => None,
        })
    }
}

impl<'a> Draft<'a> {
    /// The selection: the [`KEPT`] columns of the rows that pass the predicate (when it cannot leave any out,
    /// the frame's own columns, shared, not copied), in day order, with the cost column computed once.
    fn finish(self) -> Result<Selection<'a>> {
        let mut rows = self.frame.lazy();
        if self.restricts {
            rows = rows.filter(self.predicate);
        }
        let columns = KEPT.iter().map(|name| col(*name)).chain([self.cost.alias(COST)]);
        let mut frame = rows.select(columns.collect::<Vec<_>>()).collect()?;
        // Day ranges are found by binary search on one contiguous day column (see `days`).
        frame.rechunk_mut_par();
        let (start, end, currency) = (self.start, self.end, self.currency);
        Ok(Selection { labels: self.labels, frame, start, end, currency, sums: Sums::default() })
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
            [one] => self.only_currencies(vec![*one]),
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
        self.only_currencies(allowed)?;
        self.cost = self.cost.clone() * rate;
        self.currency = Some(target.into());
        Ok(())
    }

    /// Keeps the rows in `allowed` currencies (the first one names the result's currency, unless set
    /// already). Restricts only if the frame holds another currency.
    fn only_currencies(&mut self, allowed: Vec<u32>) -> Result<()> {
        if self.currency.is_none() {
            self.currency = allowed.first().map(|id| self.labels.text(*id).to_string());
        }
        if !self.restricts {
            let held = unique_ids(self.frame.clone().lazy(), c::CURRENCY)?;
            self.restricts = held.iter().any(|id| !allowed.contains(id));
        }
        self.predicate = self.predicate.clone().and(any_of(c::CURRENCY, allowed));
        Ok(())
    }

    /// Currency ids present between two days (inclusive, None for open).
    fn currencies(&self, from: Option<i32>, to: Option<i32>) -> Result<Vec<u32>> {
        unique_ids(days(&self.frame, from, to)?.lazy().filter(self.predicate.clone()), c::CURRENCY)
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
