//! `forecast`: month, quarter and year-end projections (actuals to date plus the forecast of the remaining
//! days, with 80% intervals), the next days' forecast, and the month against a budget. The forecast always
//! learns from the whole history up to the last day with data; a period in the arguments is ignored.

use polars::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::services::chat::answer::AnswerTable;
use crate::services::forecast::{ForecastOptions, Horizon, PeriodProjection, Projection};

/// The `forecast` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct ForecastTool;

#[derive(Deserialize)]
struct Args {
    budget: Option<f64>,
    days: Option<usize>,
    #[serde(flatten)]
    scope: Scope,
}

fn period(p: &PeriodProjection) -> Value {
    json!({
        "start": p.start.to_string(),
        "end": p.end.to_string(),
        "actual_to_date": p.actual_to_date,
        "projected": p.projected.value,
        "low_80": p.projected.lower_80,
        "high_80": p.projected.upper_80,
    })
}

fn facts(currency: Option<&str>, p: &Projection, next: (usize, f64, f64, f64)) -> Value {
    json!({
        "currency": currency.or(p.currency.as_deref()),
        "as_of": p.as_of.to_string(),
        "model": p.model,
        "month_end": period(&p.month),
        "quarter_end": period(&p.quarter),
        "year_end": period(&p.year),
        "next_days": {"days": next.0, "forecast": next.1, "low_80": next.2, "high_80": next.3},
        "budget": p.budget.as_ref().map(|b| json!({
            "budget": b.budget,
            "projected_overrun": b.overrun,
            "crossing_day": b.crossing.map(|d| d.to_string()),
        })),
    })
}

impl Tool for ForecastTool {
    fn name(&self) -> &'static str {
        "forecast"
    }

    fn description(&self) -> &'static str {
        "Forecast of spend with 80% intervals: projected month, quarter and year-end totals (actuals to date \
         plus the forecast of the remaining days), the next days' total, and the month against a budget. Learns \
         from the whole history; one result per currency."
    }

    fn parameters(&self) -> Value {
        schema(
            json!({
                "budget": {"type": "number", "minimum": 0, "description": "monthly budget to compare the month with"},
                "days": {"type": "integer", "minimum": 1, "maximum": 366, "description": "days ahead to sum (default 30)"},
            }),
            &[],
        )
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = typed(args)?;
        let mut filter = args.scope.filter(ctx)?;
        filter.start = None;
        filter.end = None;
        let days = args.days.unwrap_or(30).clamp(1, 366);
        let analytics = ctx.workspace.analytics()?;
        let options = ForecastOptions { horizon: Horizon::Days(days), ..Default::default() };
        let results = per_currency(analytics, &filter, |f| {
            let projection = analytics.month_end(f, args.budget)?;
            let forecast = analytics.forecast(f, &options)?;
            let next = forecast.segments.first().map(|s| s.window(0, days));
            Ok((projection, next))
        })?;
        let mut rows = Vec::new();
        let (mut currency, mut period_names, mut projected, mut low, mut high) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (c, (p, next)) in &results {
            let next = next.map_or((days, 0.0, 0.0, 0.0), |n| (days, n.value, n.lower_80, n.upper_80));
            rows.push(facts(c.as_deref(), p, next));
            for (name, x) in [("month", &p.month), ("quarter", &p.quarter), ("year", &p.year)] {
                currency.push(c.clone().or_else(|| p.currency.clone()));
                period_names.push(format!("{name} to {}", x.end));
                projected.push(x.projected.value);
                low.push(x.projected.lower_80);
                high.push(x.projected.upper_80);
            }
        }
        let frame = DataFrame::new(
            currency.len(),
            vec![
                Column::new("currency".into(), currency),
                Column::new("period".into(), period_names),
                Column::new("projected".into(), projected),
                Column::new("low_80".into(), low),
                Column::new("high_80".into(), high),
            ],
        )?;
        Ok(ToolOutput {
            facts: json!({ "results": rows }),
            tables: vec![AnswerTable { name: "forecast".into(), frame }],
        })
    }
}
