//! `monthly`: cost per calendar month, in total or for the top values of a dimension.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::group_by::dimension;
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::services::chat::answer::AnswerTable;

/// The `monthly` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct MonthlyTool;

#[derive(Deserialize)]
struct Args {
    dimension: Option<String>,
    top_n: Option<usize>,
    #[serde(flatten)]
    scope: Scope,
}

impl Tool for MonthlyTool {
    fn name(&self) -> &'static str {
        "monthly"
    }

    fn description(&self) -> &'static str {
        "Cost per calendar month: the total, or (with a dimension) the top N values of that dimension each month \
         and Other. Answers trends: 'monthly spend this year', 'how did each service evolve'."
    }

    fn parameters(&self) -> Value {
        schema(
            json!({
                "dimension": {"type": "string", "description": "optional: service, sub_account, region, provider, tag:<key>..."},
                "top_n": {"type": "integer", "minimum": 1, "description": "values per month before Other (default 5)"},
            }),
            &[],
        )
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = typed(args)?;
        let filter = args.scope.filter(ctx)?;
        let by = args.dimension.as_deref().map(dimension).transpose()?;
        let top_n = args.top_n.unwrap_or(5).clamp(1, 1_000);
        let analytics = ctx.workspace.analytics()?;
        let results = per_currency(analytics, &filter, |f| match &by {
            Some(d) => analytics.stacked_monthly(f, d.clone(), top_n),
            None => analytics.daily(f),
        })?;
        let (mut currency, mut month, mut name, mut cost) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (c, frame) in &results {
            if by.is_some() {
                let months = frame.column("month")?.cast(&DataType::String)?;
                for ((m, n), x) in months
                    .str()?
                    .iter()
                    .zip(frame.column("name")?.str()?.iter())
                    .zip(frame.column("cost")?.f64()?.iter())
                {
                    currency.push(c.clone());
                    month.push(m.unwrap_or_default()[..7].to_string());
                    name.push(n.map(str::to_string));
                    cost.push(x.unwrap_or(0.0));
                }
            } else {
                let mut totals: BTreeMap<String, f64> = BTreeMap::new();
                let dates = frame.column("date")?.cast(&DataType::String)?;
                for (d, x) in dates.str()?.iter().zip(frame.column("cost")?.f64()?.iter()) {
                    *totals.entry(d.unwrap_or_default()[..7].to_string()).or_default() += x.unwrap_or(0.0);
                }
                for (m, x) in totals {
                    currency.push(c.clone());
                    month.push(m);
                    name.push(None);
                    cost.push(x);
                }
            }
        }
        let mut columns = vec![Column::new("currency".into(), currency), Column::new("month".into(), month)];
        if by.is_some() {
            columns.push(Column::new("name".into(), name));
        }
        columns.push(Column::new("cost".into(), cost));
        let frame = DataFrame::new(columns[0].len(), columns)?;
        let label = by.as_ref().map_or("total".to_string(), |d| d.name().replace(':', "_"));
        Ok(ToolOutput {
            facts: json!({"period": Scope::describe(&filter), "dimension": by.map(|d| d.name())}),
            tables: vec![AnswerTable { name: format!("monthly_{label}"), frame }],
        })
    }
}
