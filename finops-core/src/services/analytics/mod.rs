//! The analytics service: the panels of a cost dashboard (KPIs, ranking, distribution, monthly evolution,
//! stacked monthly totals, daily series, cost per unit) for any [`Filter`].
//!
//! It reads the `daily_costs` aggregate once into an in-memory polars frame (a few hundred thousand rows for
//! a million line items), answers every query from it, and keeps results in a TTL cache. Both are dropped
//! when the database's data version changes (an import committed), so results are never stale; a filter on
//! resource ids, which the aggregate does not keep, reads the matching line items instead.
//!
//! It must not format, chart or display anything: callers get numbers and DataFrames.
//!
//! ```no_run
//! use finops_core::prelude::*;
//! let ws = Workspace::open("data/finops.db")?;
//! let analytics = ws.analytics()?;
//! let today = chrono::Utc::now().date_naive();
//! let filter = Filter { currency: Some("USD".into()), ..Default::default() }.with_preset(DatePreset::LastMonth, today);
//! let kpis = analytics.kpis(&filter)?;
//! let top = analytics.ranking(&filter, Dimension::Service, 10)?;
//! # Ok::<(), finops_core::Error>(())
//! ```

mod daily;
mod dimension;
mod kpis;
mod lines;
mod monthly;
mod ranking;
mod selection;
mod unit_cost;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use polars::prelude::DataFrame;

pub(crate) use crate::store::codec::{date, day_number};
pub(crate) use crate::store::daily_frame::columns;
pub use dimension::{Dimension, NONE_LABEL, OTHER_LABEL, UNTAGGED_LABEL};
pub use kpis::{DayCost, Kpis};
use selection::Resolved;
pub(crate) use selection::{Selection, COST};

use crate::error::Result;
use crate::filter::Filter;
use crate::infra::{CacheStats, Config, TtlCache};
use crate::store::{CostSource, Daily, Labels, Source, SqliteSource, Store};

/// A question asked, for the cache (with the filter's text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Query {
    Kpis,
    Ranking(Dimension, usize),
    Distribution(Dimension, usize),
    Monthly(Dimension),
    StackedMonthly(Dimension, usize),
    Daily,
    CostPerUnit,
}

/// A cached result.
#[derive(Clone)]
enum Answer {
    Kpis(Kpis),
    Frame(DataFrame),
}

impl Answer {
    fn frame(self) -> DataFrame {
        match self {
            Answer::Frame(df) => df,
            Answer::Kpis(_) => unreachable!("a frame query is cached as a frame"),
        }
    }
}

/// The daily frame and its names, as of one data version.
struct Loaded {
    version: i64,
    /// Which copy of this code loaded it (see [`code_copy`]).
    copy: usize,
    /// Counts loads; cached answers are valid for one generation.
    generation: i64,
    frame: DataFrame,
    labels: Labels,
}

/// Identifies the copy of finops (and of polars) that is running. A process normally has one; the evcxr
/// kernel links a fresh copy into every notebook cell. polars' hash maps (a frame's schema, for one) hash
/// with a seed global to their copy, so a frame built by one cell's copy cannot be searched by name from
/// the next: what was loaded by another copy is loaded again, and its cached answers are dropped.
fn code_copy() -> usize {
    static MARKER: u8 = 0;
    std::ptr::addr_of!(MARKER) as usize
}

/// Analyses of one finops database. Cheap to query repeatedly; safe to share between threads.
///
/// Amounts are in one currency per result (see [`Filter::currency`] and [`Filter::rates`]; a selection
/// spanning several currencies without rates is [`crate::Error::MixedCurrencies`]) and sum
/// [`Filter::metric`]. A charge counts on the day its ChargePeriodStart falls (UTC), as in line-item
/// filters. Names of absent values are [`NONE_LABEL`] and [`UNTAGGED_LABEL`]; the bucket beyond the top N
/// is [`OTHER_LABEL`].
pub struct Analytics {
    source: Source,
    loaded: Mutex<Option<Arc<Loaded>>>,
    cache: Mutex<TtlCache<(Query, String), Answer>>,
    /// The filters resolved lately (by the loaded generation and the filter's text), oldest first, at most
    /// [`SELECTIONS_KEPT`]; empty when caching is off. A dashboard asks every panel of one filter in turn:
    /// its rows are taken out of the frame once.
    selections: Mutex<Vec<(i64, String, Resolved)>>,
    keep_selections: bool,
}

/// How many resolved filters [`Analytics`] keeps. Each holds the rows its filter selects (the whole frame's
/// columns are shared, not copied, when the filter keeps every row).
const SELECTIONS_KEPT: usize = 4;

impl std::fmt::Debug for Analytics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analytics")
            .field("source", &self.source().describe())
            .field("cache", &self.cache_stats())
            .finish()
    }
}

/// A poisoned lock only means another query panicked; the state it guards is replaced whole, never half-written.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl Analytics {
    /// Analytics over `store`'s database, on a connection of its own, caching as `config` says
    /// (`enable_cache`, `cache_ttl`). Nothing is read until the first query.
    pub fn open(store: &Store, config: &Config) -> Result<Analytics> {
        Ok(Analytics::over(Source::Sqlite(SqliteSource::open(store.path())?), config))
    }

    /// Analytics over any source of cost data (the data boundary, see [`crate::store`]).
    pub(crate) fn over(source: Source, config: &Config) -> Analytics {
        Analytics {
            source,
            loaded: Mutex::new(None),
            cache: Mutex::new(TtlCache::new(config.effective_cache_ttl())),
            selections: Mutex::new(Vec::new()),
            keep_selections: config.enable_cache,
        }
    }

    /// Where the data comes from.
    pub(crate) fn source(&self) -> &dyn CostSource {
        self.source.get()
    }

    /// Headline figures: total, daily average, extreme days, change against the previous period, month to
    /// date, last month. See [`Kpis`] for what each means.
    pub fn kpis(&self, filter: &Filter) -> Result<Kpis> {
        let metric = filter.metric;
        match self.answer(Query::Kpis, filter, |s| kpis::kpis(s, metric).map(Answer::Kpis))? {
            Answer::Kpis(k) => Ok(k),
            Answer::Frame(_) => unreachable!("KPIs are cached as KPIs"),
        }
    }

    /// The `top_n` most expensive values of `by` over the filter's period, then `Other` (the rest, if any).
    ///
    /// Columns: `rank` (UInt32: 1 for the most expensive; null for Other), `name` (String: the value,
    /// [`NONE_LABEL`], [`UNTAGGED_LABEL`] or [`OTHER_LABEL`]), `cost` (Float64). Most expensive first, ties by
    /// name, Other last. `top_n` is at least 1; `usize::MAX` keeps every value.
    pub fn ranking(&self, filter: &Filter, by: Dimension, top_n: usize) -> Result<DataFrame> {
        let query = Query::Ranking(by.clone(), top_n);
        Ok(self.answer(query, filter, |s| ranking::ranking(s, &by, top_n).map(Answer::Frame))?.frame())
    }

    /// Each value's share of the total: the top `top_n` values of `by`, then `Other`.
    ///
    /// Columns: `name` (String), `cost` (Float64), `share_pct` (Float64, percent; sums to 100, null when the
    /// total is zero). A value whose credits exceed its charges has a negative share. Order as
    /// [`Analytics::ranking`].
    pub fn distribution(&self, filter: &Filter, by: Dimension, top_n: usize) -> Result<DataFrame> {
        let query = Query::Distribution(by.clone(), top_n);
        Ok(self.answer(query, filter, |s| ranking::distribution(s, &by, top_n).map(Answer::Frame))?.frame())
    }

    /// The monthly evolution of every value of `by` (long format).
    ///
    /// Columns: `month` (Date, first day of the calendar month), `name` (String), `cost` (Float64). One row
    /// per month and value that has any cost row that month; sorted by month, then cost descending, then name.
    pub fn monthly(&self, filter: &Filter, by: Dimension) -> Result<DataFrame> {
        let query = Query::Monthly(by.clone());
        Ok(self.answer(query, filter, |s| monthly::monthly(s, &by).map(Answer::Frame))?.frame())
    }

    /// Stacked monthly totals: every month of the period × the `top_n` values of `by` most expensive over
    /// the whole period, then `Other` (long format on a full grid, zeros included).
    ///
    /// Columns: `month` (Date), `name` (String), `cost` (Float64). Sorted by month, then the value's rank
    /// (Other last), so every month stacks in the same order. For a wide table (a column per value), pivot
    /// on `name`. The cost of a month is the sum of its rows.
    pub fn stacked_monthly(&self, filter: &Filter, by: Dimension, top_n: usize) -> Result<DataFrame> {
        let query = Query::StackedMonthly(by.clone(), top_n);
        Ok(self.answer(query, filter, |s| monthly::stacked_monthly(s, &by, top_n).map(Answer::Frame))?.frame())
    }

    /// The daily series: every day of the period, zero-filled.
    ///
    /// Columns: `date` (Date), `cost` (Float64), in date order. An open end of the filter's range is the first
    /// or last day with data; empty when both are open and nothing is selected.
    pub fn daily(&self, filter: &Filter) -> Result<DataFrame> {
        Ok(self.answer(Query::Daily, filter, |s| daily::daily(s).map(Answer::Frame))?.frame())
    }

    /// Cost per unit of each (service, PricingUnit) pair, from Usage rows only (purchases, taxes and credits
    /// have no meaningful quantity); pairs whose PricingQuantity sums to zero are left out.
    ///
    /// Columns: `service` (String), `pricing_unit` (String), `quantity` (Float64, PricingQuantity summed),
    /// `cost` (Float64), `unit_cost` (Float64, `cost / quantity`). Most expensive first.
    pub fn cost_per_unit(&self, filter: &Filter) -> Result<DataFrame> {
        Ok(self.answer(Query::CostPerUnit, filter, |s| unit_cost::cost_per_unit(s).map(Answer::Frame))?.frame())
    }

    /// The distinct values of `by` among the rows `filter` selects (any currency, unless the filter names
    /// one), named as the panels name them and sorted: the options of a dashboard's filter lists, read from
    /// the daily aggregate rather than the line items.
    pub fn dimension_values(&self, filter: &Filter, by: &Dimension) -> Result<Vec<String>> {
        let data = self.data()?;
        let ids = selection::distinct(filter, &data.frame, &data.labels, self.source(), by.column())?;
        let name = data.labels.namer(by);
        let mut names: Vec<String> = ids.into_iter().map(name).collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// The billing currencies among the rows `filter` selects (its own currency left aside), sorted.
    pub fn currencies(&self, filter: &Filter) -> Result<Vec<String>> {
        let data = self.data()?;
        let any_currency = Filter { currency: None, rates: Default::default(), ..filter.clone() };
        let ids = selection::distinct(&any_currency, &data.frame, &data.labels, self.source(), columns::CURRENCY)?;
        let mut names: Vec<String> = ids.into_iter().flatten().map(|id| data.labels.text(id).to_string()).collect();
        names.sort();
        Ok(names)
    }

    /// Every tag key (normalized: `CostCenter` and `cost-center` are `cost_center`), sorted.
    pub fn tag_keys(&self) -> Result<Vec<String>> {
        Ok(self.data()?.labels.tag_keys())
    }

    /// The first and last day with cost data (any currency); None when the database is empty.
    pub fn data_range(&self) -> Result<Option<(chrono::NaiveDate, chrono::NaiveDate)>> {
        let data = self.data()?;
        let days = data.frame.column(columns::DAY)?.i32()?;
        // The frame is sorted by day.
        if days.is_empty() {
            return Ok(None);
        }
        Ok(days.get(0).zip(days.get(days.len() - 1)).map(|(first, last)| (date(first), date(last))))
    }

    /// How the result cache has been used.
    pub fn cache_stats(&self) -> CacheStats {
        lock(&self.cache).stats()
    }

    /// Rows of the in-memory daily frame (loading it if needed): a measure of what each query scans.
    pub fn frame_rows(&self) -> Result<usize> {
        Ok(self.data()?.frame.height())
    }

    /// `compute` on the filter resolved against the current frame, uncached: for services built on the daily
    /// frame (anomaly detection) whose results do not fit the cache.
    pub(crate) fn with_selection<T>(
        &self,
        filter: &Filter,
        compute: impl FnOnce(&Selection<'_>) -> Result<T>,
    ) -> Result<T> {
        let data = self.data()?;
        compute(&self.selection(&data, filter, &format!("{filter:?}"))?)
    }

    /// The cached answer, or `compute`'s on the resolved filter.
    fn answer(
        &self,
        query: Query,
        filter: &Filter,
        compute: impl FnOnce(&Selection<'_>) -> Result<Answer>,
    ) -> Result<Answer> {
        let data = self.data()?;
        let key = (query, format!("{filter:?}"));
        if let Some(hit) = lock(&self.cache).get(&key, data.generation) {
            return Ok(hit);
        }
        let answer = compute(&self.selection(&data, filter, &key.1)?)?;
        lock(&self.cache).insert(key, data.generation, answer.clone());
        Ok(answer)
    }

    /// `filter` (whose text is `key`) resolved on `data`: kept from an earlier query of the same filter on the
    /// same generation, or resolved now (and kept).
    fn selection<'d>(&self, data: &'d Loaded, filter: &Filter, key: &str) -> Result<Selection<'d>> {
        let found = {
            let mut kept = lock(&self.selections);
            let found = kept.iter().position(|(generation, text, _)| *generation == data.generation && text == key);
            found.map(|i| {
                // The most recently used moves last, away from eviction.
                let entry = kept.remove(i);
                let resolved = entry.2.clone();
                kept.push(entry);
                resolved
            })
        };
        if let Some(resolved) = found {
            return Ok(Selection::attach(resolved, &data.labels));
        }
        let selection = Selection::resolve(filter, &data.frame, &data.labels, self.source())?;
        if self.keep_selections {
            let mut kept = lock(&self.selections);
            kept.retain(|(generation, _, _)| *generation == data.generation);
            kept.push((data.generation, key.to_string(), selection.detach()));
            if kept.len() > SELECTIONS_KEPT {
                kept.remove(0);
            }
        }
        Ok(selection)
    }

    /// The loaded frame, reloaded first if the source's data version moved since it was read (or another copy
    /// of the code loaded it, see [`code_copy`]).
    fn data(&self) -> Result<Arc<Loaded>> {
        let mut loaded = lock(&self.loaded);
        let version = self.source().version()?;
        if let Some(current) = loaded.as_ref().filter(|l| l.version == version && l.copy == code_copy()) {
            return Ok(current.clone());
        }
        let generation = loaded.as_ref().map_or(0, |l| l.generation + 1);
        let started = Instant::now();
        let Daily { version, frame, labels } = self.source().daily()?;
        tracing::debug!(rows = frame.height(), version, elapsed = ?started.elapsed(), "loaded the daily aggregate");
        let fresh = Arc::new(Loaded { version, copy: code_copy(), generation, frame, labels });
        *loaded = Some(fresh.clone());
        Ok(fresh)
    }
}
