//! `compare_periods`: two periods' totals (two KPI calls), the change, and its drivers: the values of a
//! dimension ranked by how much their cost moved (two group-bys joined).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use polars::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{parse_period, schema, typed, Scope};
use super::group_by::dimension;
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::filter::previous_period;
use crate::services::analytics::{Analytics, Dimension};
use crate::services::chat::answer::AnswerTable;
use crate::Filter;

/// The `compare_periods` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct ComparePeriodsTool;

/// The two periods of a comparison as the model names them (see [`two_periods`]).
#[derive(Deserialize)]
pub(super) struct TwoPeriods {
    current_period: Option<String>,
    current_start: Option<String>,
    current_end: Option<String>,
    previous_period: Option<String>,
    previous_start: Option<String>,
    previous_end: Option<String>,
}

impl TwoPeriods {
    /// The current and previous ranges, each None when not given.
    pub(super) fn ranges(&self, today: NaiveDate) -> Result<[Option<(NaiveDate, NaiveDate)>; 2], ToolError> {
        Ok([
            range(&self.current_period, &self.current_start, &self.current_end, today, "current")?,
            range(&self.previous_period, &self.previous_start, &self.previous_end, today, "previous")?,
        ])
    }
}

#[derive(Deserialize)]
struct Args {
    #[serde(flatten)]
    periods: TwoPeriods,
    dimension: Option<String>,
    top_n: Option<usize>,
    #[serde(flatten)]
    scope: Scope,
}

/// One value's cost in both periods.
struct Driver {
    name: String,
    previous: f64,
    current: f64,
}

struct Comparison {
    current: f64,
    previous: f64,
    drivers: Vec<Driver>,
}

/// The arguments naming the two periods of a comparison (`current_*`, `previous_*`), as schema properties.
pub(super) fn two_periods() -> serde_json::Map<String, Value> {
    let period = "YYYY-MM, YYYY-QN, YYYY, this_month, last_month, last_<n>_days";
    let props = json!({
        "current_period": {"type": "string", "description": format!("the period to explain: {period}")},
        "current_start": {"type": "string", "description": "or its first day YYYY-MM-DD"},
        "current_end": {"type": "string", "description": "and its last day YYYY-MM-DD"},
        "previous_period": {"type": "string", "description": format!("the period to compare with: {period}")},
        "previous_start": {"type": "string", "description": "or its first day YYYY-MM-DD"},
        "previous_end": {"type": "string", "description": "and its last day YYYY-MM-DD"},
    });
    match props {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

fn range(
    period: &Option<String>,
    start: &Option<String>,
    end: &Option<String>,
    today: NaiveDate,
    which: &str,
) -> Result<Option<(NaiveDate, NaiveDate)>, ToolError> {
    let date = |t: &str| {
        NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map_err(|_| ToolError(format!("{which} date {t:?} is not YYYY-MM-DD")))
    };
    match (period, start, end) {
        (Some(p), _, _) => parse_period(p, today)
            .map(Some)
            .ok_or_else(|| ToolError(format!("unknown {which} period {p:?} (use YYYY-MM, last_month, ...)"))),
        (None, Some(s), Some(e)) => Ok(Some((date(s)?, date(e)?))),
        (None, None, None) => Ok(None),
        _ => {
            Err(ToolError(format!("give the {which} period as {which}_period, or both {which}_start and {which}_end")))
        }
    }
}

fn compare(
    analytics: &Analytics,
    filter: &Filter,
    cur: (NaiveDate, NaiveDate),
    prev: (NaiveDate, NaiveDate),
    by: &Dimension,
) -> crate::Result<Comparison> {
    let at = |(start, end): (NaiveDate, NaiveDate)| Filter { start: Some(start), end: Some(end), ..filter.clone() };
    let (cur_f, prev_f) = (at(cur), at(prev));
    let current = analytics.kpis(&cur_f)?.total;
    let previous = analytics.kpis(&prev_f)?.total;
    let mut by_name: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for (f, slot) in [(&prev_f, 0), (&cur_f, 1)] {
        let frame = analytics.ranking(f, by.clone(), usize::MAX)?;
        let names = frame.column("name")?.str()?.clone();
        let costs = frame.column("cost")?.f64()?.clone();
        for (n, c) in names.iter().zip(costs.iter()) {
            let entry = by_name.entry(n.unwrap_or_default().to_string()).or_default();
            if slot == 0 {
                entry.0 += c.unwrap_or(0.0);
            } else {
                entry.1 += c.unwrap_or(0.0);
            }
        }
    }
    let mut drivers: Vec<Driver> =
        by_name.into_iter().map(|(name, (previous, current))| Driver { name, previous, current }).collect();
    drivers.sort_by(|a, b| {
        (b.current - b.previous).abs().total_cmp(&(a.current - a.previous).abs()).then_with(|| a.name.cmp(&b.name))
    });
    Ok(Comparison { current, previous, drivers })
}

impl Tool for ComparePeriodsTool {
    fn name(&self) -> &'static str {
        "compare_periods"
    }

    fn description(&self) -> &'static str {
        "Compare two periods: both totals, the change (amount and percent), and the drivers of the change: the \
         values of a dimension (service by default) ranked by how much their cost moved. Answers 'how did \
         March compare with February', 'why did EC2 go up', 'what drove the increase'. The previous period \
         defaults to the one just before the current (the previous months for whole months)."
    }

    fn parameters(&self) -> Value {
        let mut own = two_periods();
        own.insert(
            "dimension".into(),
            json!({"type": "string", "description": "drivers by: service (default), sub_account, region, provider, charge_category, tag:<key>..."}),
        );
        own.insert(
            "top_n".into(),
            json!({"type": "integer", "minimum": 1, "description": "drivers to list (default 5)"}),
        );
        schema(Value::Object(own), &[])
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = typed(args)?;
        let by = dimension(args.dimension.as_deref().unwrap_or("service"))?;
        let top_n = args.top_n.unwrap_or(5).clamp(1, 1_000);
        let [current, previous] = args.periods.ranges(ctx.today)?;
        let mut scope = args.scope;
        let current = match current {
            Some(c) => c,
            None => {
                let f = scope.filter(ctx)?;
                match (f.start, f.end) {
                    (Some(s), Some(e)) => (s, e),
                    _ => parse_period("last_month", ctx.today).unwrap_or((ctx.today, ctx.today)),
                }
            }
        };
        (scope.period, scope.start, scope.end) = (None, None, None);
        let previous = previous.unwrap_or_else(|| previous_period(current.0, current.1));
        let mut filter = scope.filter(ctx)?;
        (filter.start, filter.end) = (None, None);
        let analytics = ctx.workspace.analytics()?;
        let results = per_currency(analytics, &filter, |f| compare(analytics, f, current, previous, &by))?;
        let mut facts = Vec::new();
        let (mut currency, mut name, mut prev, mut cur, mut change, mut pct, mut share) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (c, comparison) in &results {
            let delta = comparison.current - comparison.previous;
            let percent = |from: f64, d: f64| (from != 0.0).then(|| d / from.abs() * 100.0);
            let drivers: Vec<Value> = comparison
                .drivers
                .iter()
                .take(top_n)
                .map(|d| json!({"name": d.name, "previous": d.previous, "current": d.current,
                                "change": d.current - d.previous, "change_pct": percent(d.previous, d.current - d.previous)}))
                .collect();
            facts.push(json!({
                "currency": c,
                "current": {"start": current.0.to_string(), "end": current.1.to_string(), "total": comparison.current},
                "previous": {"start": previous.0.to_string(), "end": previous.1.to_string(), "total": comparison.previous},
                "change": delta,
                "change_pct": percent(comparison.previous, delta),
                "drivers": drivers,
            }));
            for d in &comparison.drivers {
                let dc = d.current - d.previous;
                currency.push(c.clone());
                name.push(d.name.clone());
                prev.push(d.previous);
                cur.push(d.current);
                change.push(dc);
                pct.push(percent(d.previous, dc));
                share.push((delta != 0.0).then(|| dc / delta * 100.0));
            }
        }
        let frame = DataFrame::new(
            name.len(),
            vec![
                Column::new("currency".into(), currency),
                Column::new("name".into(), name),
                Column::new("previous".into(), prev),
                Column::new("current".into(), cur),
                Column::new("change".into(), change),
                Column::new("change_pct".into(), pct),
                Column::new("share_of_change_pct".into(), share),
            ],
        )?;
        Ok(ToolOutput {
            facts: json!({"dimension": by.name(), "results": facts}),
            tables: vec![AnswerTable { name: format!("change_by_{}", by.name().replace(':', "_")), frame }],
        })
    }
}
