//! `kpis`: the headline figures of a period (total, daily average, extreme days, change against the period
//! just before, month to date, last month).

use polars::prelude::*;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::services::chat::answer::AnswerTable;
use crate::Kpis;

/// The `kpis` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct KpisTool;

fn facts(currency: Option<&str>, k: &Kpis) -> Value {
    json!({
        "currency": currency.or(k.currency.as_deref()),
        "metric": k.metric.column(),
        "start": k.start.map(|d| d.to_string()),
        "end": k.end.map(|d| d.to_string()),
        "days": k.days,
        "total": k.total,
        "daily_average": k.daily_average,
        "max_day": k.max_day.map(|d| json!({"date": d.date.to_string(), "cost": d.cost})),
        "min_day": k.min_day.map(|d| json!({"date": d.date.to_string(), "cost": d.cost})),
        "previous_period_total": k.previous_total,
        "change": k.change,
        "change_pct": k.change_pct,
    })
}

impl Tool for KpisTool {
    fn name(&self) -> &'static str {
        "kpis"
    }

    fn description(&self) -> &'static str {
        "Total cost of a period with its daily average, most and least expensive days, and the change against \
         the period of the same length just before. One result per currency."
    }

    fn parameters(&self) -> Value {
        schema(json!({}), &[])
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let scope: Scope = typed(args)?;
        let filter = scope.filter(ctx)?;
        let analytics = ctx.workspace.analytics()?;
        let results = per_currency(analytics, &filter, |f| analytics.kpis(f))?;
        let rows: Vec<Value> = results.iter().map(|(c, k)| facts(c.as_deref(), k)).collect();
        let text = |f: &dyn Fn(&Kpis) -> Option<String>| -> Vec<Option<String>> {
            results.iter().map(|(_, k)| f(k)).collect()
        };
        let num = |f: &dyn Fn(&Kpis) -> f64| -> Vec<f64> { results.iter().map(|(_, k)| f(k)).collect() };
        let currencies: Vec<Option<String>> =
            results.iter().map(|(c, k)| c.clone().or_else(|| k.currency.clone())).collect();
        let frame = DataFrame::new(
            results.len(),
            vec![
                Column::new("currency".into(), currencies),
                Column::new("start".into(), text(&|k| k.start.map(|d| d.to_string()))),
                Column::new("end".into(), text(&|k| k.end.map(|d| d.to_string()))),
                Column::new("days".into(), results.iter().map(|(_, k)| k.days).collect::<Vec<u32>>()),
                Column::new("total".into(), num(&|k| k.total)),
                Column::new("daily_average".into(), num(&|k| k.daily_average)),
                Column::new("previous_period_total".into(), num(&|k| k.previous_total)),
                Column::new("change".into(), num(&|k| k.change)),
                Column::new("change_pct".into(), results.iter().map(|(_, k)| k.change_pct).collect::<Vec<_>>()),
            ],
        )?;
        Ok(ToolOutput {
            facts: json!({ "period": Scope::describe(&filter), "results": rows }),
            tables: vec![AnswerTable { name: "kpis".into(), frame }],
        })
    }
}
