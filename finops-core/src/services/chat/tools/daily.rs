//! `daily`: the daily cost series of a period (every day, zero-filled).

use polars::prelude::*;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::services::chat::answer::AnswerTable;

/// The `daily` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct DailyTool;

impl Tool for DailyTool {
    fn name(&self) -> &'static str {
        "daily"
    }

    fn description(&self) -> &'static str {
        "Cost per day over a period (every day, zero-filled). Prefer kpis for totals; use this for a day's cost \
         or a short series. Long series are truncated: narrow the period."
    }

    fn parameters(&self) -> Value {
        schema(json!({}), &[])
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let scope: Scope = typed(args)?;
        let filter = scope.filter(ctx)?;
        let analytics = ctx.workspace.analytics()?;
        let mut frames = Vec::new();
        for (currency, mut frame) in per_currency(analytics, &filter, |f| analytics.daily(f))? {
            frame.with_column(Column::new("currency".into(), vec![currency; frame.height()]))?;
            frames.push(frame);
        }
        let mut frame = frames.remove(0);
        for other in frames {
            frame.vstack_mut(&other)?;
        }
        Ok(ToolOutput {
            facts: json!({"period": Scope::describe(&filter), "days": frame.height()}),
            tables: vec![AnswerTable { name: "daily".into(), frame }],
        })
    }
}
