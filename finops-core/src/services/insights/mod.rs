//! Insights: why the cost moved between two periods, with the numbers behind every sentence.
//!
//! The change is decomposed into drivers ranked by contribution, down the service hierarchy (service →
//! usage type → resource) and across accounts, regions and tag values, each split into volume and price
//! effects (see `drivers`). Beside them, the events worth telling: services, accounts or regions that
//! appeared or vanished, commitments that stopped applying or whose coverage fell, credits that ended, an
//! exchange-rate effect, concentration, unallocated (untagged) spend, the period's largest anomaly, and the
//! month-end projection against a budget.
//!
//! Every headline is written by a template from computed numbers; a language model may rephrase the summary
//! (the chat service does), never the numbers. It reads line items for the two periods only, and must not
//! chart or format beyond its sentences.
//!
//! ```no_run
//! use finops_core::prelude::*;
//! use finops_core::services::insights::InsightOptions;
//! let ws = Workspace::open("data/finops.db")?;
//! let insights = ws.insights(&Filter { currency: Some("USD".into()), ..Default::default() }, &InsightOptions::default())?;
//! println!("{}", insights.summary());
//! # Ok::<(), finops_core::Error>(())
//! ```

mod commitments;
mod drivers;
mod events;
mod frames;
mod insight;
mod periods;

use std::collections::BTreeSet;

pub use drivers::Driver;
pub use insight::{Insight, InsightKind};
pub use periods::{Comparison, Periods};

use crate::error::{Error, Result};
use crate::filter::{CostMetric, Filter};
use crate::services::analytics::Analytics;
use crate::services::text::money;
use crate::store::CostLine;
use drivers::{rank, units, UnitKey};

/// What to compare and how deep to explain.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightOptions {
    /// The two periods (default: the latest month against the one before, or month to date). They replace
    /// the filter's dates, whose end only bounds what "latest" means.
    pub comparison: Comparison,
    /// Drivers kept per dimension (services, accounts, regions, tag values).
    pub top_n: usize,
    /// Usage types kept under each service driver, and resources under each usage type.
    pub children: usize,
    /// Tag keys to rank drivers by, beside service, account and region.
    pub tag_keys: Vec<String>,
    /// The tag that allocates cost to an owner; without it, "unallocated" means no tag at all.
    pub allocation_tag: Option<String>,
    /// The smallest amount worth an insight; the floor is also 0.5% of the larger period's total.
    pub min_cost: f64,
    /// A monthly budget: when the current period is a month so far, its projection is compared with it.
    pub budget: Option<f64>,
    /// Look for the largest anomaly of the period (runs the anomaly detector on the history up to its end).
    pub anomalies: bool,
}

impl Default for InsightOptions {
    fn default() -> Self {
        InsightOptions {
            comparison: Comparison::Latest,
            top_n: 10,
            children: 5,
            tag_keys: Vec::new(),
            allocation_tag: None,
            min_cost: 10.0,
            budget: None,
            anomalies: true,
        }
    }
}

/// The result of [`crate::Workspace::insights`].
#[derive(Debug, Clone)]
pub struct Insights {
    /// The days compared.
    pub periods: Periods,
    /// The currency of every amount (None when nothing was selected).
    pub currency: Option<String>,
    /// The cost column summed.
    pub metric: CostMetric,
    /// Cost of the previous period.
    pub previous_total: f64,
    /// Cost of the current period.
    pub current_total: f64,
    /// The drivers: per dimension, most change first; service drivers are followed by their usage types
    /// and resources (see [`Driver::level`]).
    pub drivers: Vec<Driver>,
    /// What is worth telling, the overall change first, then by severity.
    pub insights: Vec<Insight>,
}

impl Insights {
    /// Current − previous.
    pub fn change(&self) -> f64 {
        self.current_total - self.previous_total
    }

    /// Markdown: the overall change, then one bullet per other insight.
    pub fn summary(&self) -> String {
        let mut text = String::new();
        for (i, insight) in self.insights.iter().enumerate() {
            if i == 0 {
                text.push_str(&insight.headline);
                text.push('\n');
            } else {
                text.push_str(&format!(
                    "\n- **{}** ({}): {}",
                    insight.kind.as_str(),
                    insight.severity.as_str(),
                    insight.headline
                ));
            }
        }
        text
    }

    /// The waterfall from the previous total to the current one: the `top_n` service drivers, then the
    /// rest as `Other`; services that did not move are left out. Steps sum to the change.
    pub fn waterfall(&self, top_n: usize) -> Vec<(String, f64)> {
        // A service that did not move is no step.
        let services: Vec<&Driver> = self
            .drivers
            .iter()
            .filter(|d| d.dimension == "service" && d.level == 1 && d.change().abs() >= 0.005)
            .collect();
        let mut steps: Vec<(String, f64)> = services.iter().take(top_n).map(|d| (d.name.clone(), d.change())).collect();
        let shown: f64 = steps.iter().map(|(_, v)| v).sum();
        let rest = self.change() - shown;
        if rest.abs() > 0.005 {
            steps.push((crate::services::analytics::OTHER_LABEL.to_string(), rest));
        }
        steps
    }
}

/// The lines in one currency: converted with the filter's rates, or an error when several remain.
fn one_currency(filter: &Filter, mut lines: Vec<CostLine>) -> Result<(Vec<CostLine>, Option<String>)> {
    if let Some(target) = &filter.currency {
        for line in lines.iter_mut().filter(|l| &l.currency != target) {
            let rate = *filter
                .rates
                .get(&line.currency)
                .ok_or_else(|| Error::MissingRate { currency: line.currency.clone(), target: target.clone() })?;
            line.cost *= rate;
            line.list_cost *= rate;
            line.currency = target.clone();
        }
        return Ok((lines, Some(target.clone())));
    }
    let currencies: BTreeSet<&str> = lines.iter().map(|l| l.currency.as_str()).collect();
    match currencies.len() {
        0 => Ok((lines, None)),
        1 => {
            let currency = currencies.into_iter().next().map(str::to_string);
            Ok((lines, currency))
        }
        _ => Err(Error::MixedCurrencies { currencies: currencies.into_iter().map(str::to_string).collect() }),
    }
}

/// Explains the change of the filter's selection between the options' two periods.
pub(crate) fn explain(analytics: &Analytics, filter: &Filter, options: &InsightOptions) -> Result<Insights> {
    let last_day = analytics.last_day(filter)?;
    let periods = options.comparison.resolve(last_day.unwrap_or_else(|| chrono::Utc::now().date_naive()));
    let lines = analytics.cost_lines(filter, &[periods.previous, periods.current])?;
    let (lines, currency) = one_currency(filter, lines)?;
    let units = units(&lines);
    let total = |period: usize| lines.iter().filter(|l| l.period == period).map(|l| l.cost).sum::<f64>();
    let (previous_total, current_total) = (total(0), total(1));

    let drivers = rank_all(analytics, &units, options)?;
    let context = events::Context {
        analytics,
        filter,
        options,
        periods,
        lines: &lines,
        drivers: &drivers,
        currency: currency.clone().unwrap_or_default(),
        previous_total,
        current_total,
        material: options.min_cost.max(0.005 * previous_total.abs().max(current_total.abs())),
    };
    let insights = events::all(&context)?;
    let drivers = top_of_each(drivers, options.top_n);
    Ok(Insights { periods, currency, metric: filter.metric, previous_total, current_total, drivers, insights })
}

/// The first `top_n` level-1 drivers of each dimension, with the levels under them.
fn top_of_each(drivers: Vec<Driver>, top_n: usize) -> Vec<Driver> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut keep = false;
    let mut out = Vec::new();
    for driver in drivers {
        if driver.level == 1 {
            let count = seen.entry(driver.dimension.clone()).or_default();
            *count += 1;
            keep = *count <= top_n;
        }
        if keep {
            out.push(driver);
        }
    }
    out
}

/// Every driver: all values of each dimension at level 1 (events look for new and vanished ones among
/// them), and the service hierarchy under the top `top_n` services.
fn rank_all(
    analytics: &Analytics,
    units: &std::collections::HashMap<UnitKey, drivers::Unit>,
    options: &InsightOptions,
) -> Result<Vec<Driver>> {
    let all = usize::MAX;
    let mut out = Vec::new();
    let services = rank(units, "service", 1, |_| true, |k| (k.service.clone(), None), all);
    for service in services.iter().take(options.top_n) {
        out.push(service.clone());
        let in_service = |k: &UnitKey| k.service == service.name;
        let usage = rank(
            units,
            "usage_type",
            2,
            in_service,
            |k| (k.usage_type.clone(), Some(service.name.clone())),
            options.children,
        );
        for usage_type in usage {
            let path = format!("{} / {}", service.name, usage_type.name);
            let in_usage = |k: &UnitKey| k.service == service.name && k.usage_type == usage_type.name;
            let resources =
                rank(units, "resource", 3, in_usage, |k| (k.resource.clone(), Some(path.clone())), options.children);
            out.push(usage_type);
            out.extend(resources);
        }
    }
    out.extend(services.into_iter().skip(options.top_n));
    out.extend(rank(units, "sub_account", 1, |_| true, |k| (k.sub_account.clone(), None), all));
    out.extend(rank(units, "region", 1, |_| true, |k| (k.region.clone(), None), all));
    for key in &options.tag_keys {
        let values = analytics.tag_values(key)?;
        let name = |k: &UnitKey| {
            let value = k.tag_set.and_then(|t| values.get(&t)).cloned();
            (value.unwrap_or_else(|| crate::services::analytics::UNTAGGED_LABEL.to_string()), None)
        };
        out.extend(rank(units, &format!("tag:{}", crate::model::normalize_tag_key(key)), 1, |_| true, name, all));
    }
    Ok(out)
}

/// `1,234.56 USD`.
pub(crate) fn amount(x: f64, currency: &str) -> String {
    format!("{} {currency}", money(x)).trim_end().to_string()
}
