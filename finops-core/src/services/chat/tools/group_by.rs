//! `group_by`: cost by the values of any dimension or tag (the ranking), top N then `Other`, with shares.

use polars::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::services::chat::answer::AnswerTable;
use crate::Dimension;

/// The `group_by` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupByTool;

#[derive(Deserialize)]
struct Args {
    dimension: String,
    top_n: Option<usize>,
    #[serde(flatten)]
    scope: Scope,
}

/// Reads a dimension argument.
pub(crate) fn dimension(text: &str) -> Result<Dimension, ToolError> {
    text.parse::<Dimension>().map_err(ToolError::from)
}

impl Tool for GroupByTool {
    fn name(&self) -> &'static str {
        "group_by"
    }

    fn description(&self) -> &'static str {
        "Cost by the values of a dimension over a period, most expensive first: the top N, then Other (the rest). \
         Answers 'top 5 services', 'which accounts cost the most', 'cost by team tag'."
    }

    fn parameters(&self) -> Value {
        schema(
            json!({
                "dimension": {"type": "string", "description":
                    "provider, billing_account, sub_account (account), service, service_category, region, charge_category, or tag:<key>"},
                "top_n": {"type": "integer", "minimum": 1, "description": "values to list before Other (default 10)"},
            }),
            &["dimension"],
        )
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = typed(args)?;
        let by = dimension(&args.dimension)?;
        let top_n = args.top_n.unwrap_or(10).clamp(1, 1_000);
        let filter = args.scope.filter(ctx)?;
        let analytics = ctx.workspace.analytics()?;
        let results = per_currency(analytics, &filter, |f| analytics.ranking(f, by.clone(), top_n))?;
        let mut facts = Vec::new();
        let mut frames = Vec::new();
        for (currency, frame) in results {
            let costs = frame.column("cost")?.f64()?.clone();
            let total: f64 = costs.sum().unwrap_or(0.0);
            let share: Vec<Option<f64>> =
                costs.iter().map(|c| (total != 0.0).then(|| c.unwrap_or(0.0) / total * 100.0)).collect();
            let mut frame = frame;
            frame.with_column(Column::new("share_pct".into(), share))?;
            frame.with_column(Column::new("currency".into(), vec![currency.clone(); frame.height()]))?;
            let names = frame.column("name")?.str()?.clone();
            let top: Vec<Value> =
                names.iter().zip(costs.iter()).take(top_n + 1).map(|(n, c)| json!({"name": n, "cost": c})).collect();
            facts.push(json!({"currency": currency, "total": total, "rows": top}));
            frames.push(frame);
        }
        let mut frame = frames.remove(0);
        for other in frames {
            frame.vstack_mut(&other)?;
        }
        Ok(ToolOutput {
            facts: json!({"dimension": by.name(), "period": Scope::describe(&filter), "results": facts}),
            tables: vec![AnswerTable { name: format!("cost_by_{}", by.name().replace(':', "_")), frame }],
        })
    }
}
