//! `anomalies`: unusual days of spend (spikes, drops, level steps, drifts, new segments) with their impact
//! and root causes. Detection always reads the whole history (the baseline needs it); a period only selects
//! which events are reported.

use polars::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::group_by::dimension;
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::services::anomaly::{AnomalyEvent, AnomalyOptions};
use crate::services::chat::answer::AnswerTable;

/// The `anomalies` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnomaliesTool;

#[derive(Deserialize)]
struct Args {
    segment_by: Option<Vec<String>>,
    min_impact: Option<f64>,
    limit: Option<usize>,
    #[serde(flatten)]
    scope: Scope,
}

impl Tool for AnomaliesTool {
    fn name(&self) -> &'static str {
        "anomalies"
    }

    fn description(&self) -> &'static str {
        "Cost anomalies: unusual spend per segment (service x account by default) detected against a robust \
         seasonal baseline: kind (spike, drop, step, drift, new), days, expected and actual cost, impact, \
         severity and the top root cause. A period keeps the events overlapping it. Largest impact first."
    }

    fn parameters(&self) -> Value {
        schema(
            json!({
                "segment_by": {"type": "array", "items": {"type": "string"}, "description": "dimensions of the segments (default service and sub_account)"},
                "min_impact": {"type": "number", "minimum": 0, "description": "smallest total impact reported (default 10)"},
                "limit": {"type": "integer", "minimum": 1, "description": "events to list (default 10)"},
            }),
            &[],
        )
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = typed(args)?;
        let filter = args.scope.filter(ctx)?;
        let mut options = AnomalyOptions::default();
        if let Some(dims) = &args.segment_by {
            options.segment_by = dims.iter().map(|d| dimension(d)).collect::<Result<_, _>>()?;
        }
        if let Some(m) = args.min_impact {
            options.min_impact = m;
        }
        let limit = args.limit.unwrap_or(10).clamp(1, 1_000);
        let (from, to) = (filter.start, filter.end);
        let history = crate::Filter { start: ctx.filter.start, end: ctx.filter.end, ..filter.clone() };
        let analytics = ctx.workspace.analytics()?;
        let found = per_currency(analytics, &history, |f| analytics.anomalies(f, &options))?;
        let mut events: Vec<&AnomalyEvent> = found
            .iter()
            .flat_map(|(_, a)| a.events.iter())
            .filter(|e| from.is_none_or(|f| e.end >= f) && to.is_none_or(|t| e.start <= t))
            .collect();
        events.sort_by(|a, b| b.total_impact.abs().total_cmp(&a.total_impact.abs()));
        let listed: Vec<Value> = events
            .iter()
            .take(limit)
            .map(|e| {
                json!({
                    "segment": e.segment.key(), "kind": e.kind.as_str(), "start": e.start.to_string(),
                    "end": e.end.to_string(), "expected": e.expected, "actual": e.actual,
                    "impact": e.total_impact, "severity": e.severity.as_str(), "currency": e.currency,
                    "top_root_cause": e.root_causes.first().map(|r| format!("{}={} ({:+.2})", r.dimension, r.value, r.contribution)),
                })
            })
            .collect();
        let col = |f: &dyn Fn(&AnomalyEvent) -> String| -> Vec<String> { events.iter().map(|e| f(e)).collect() };
        let num = |f: &dyn Fn(&AnomalyEvent) -> f64| -> Vec<f64> { events.iter().map(|e| f(e)).collect() };
        let frame = DataFrame::new(
            events.len(),
            vec![
                Column::new("segment".into(), col(&|e| e.segment.key())),
                Column::new("kind".into(), col(&|e| e.kind.as_str().into())),
                Column::new("start".into(), col(&|e| e.start.to_string())),
                Column::new("end".into(), col(&|e| e.end.to_string())),
                Column::new("expected".into(), num(&|e| e.expected)),
                Column::new("actual".into(), num(&|e| e.actual)),
                Column::new("impact".into(), num(&|e| e.total_impact)),
                Column::new("severity".into(), col(&|e| e.severity.as_str().into())),
                Column::new("currency".into(), col(&|e| e.currency.clone())),
                Column::new(
                    "top_root_cause".into(),
                    col(&|e| e.root_causes.first().map(|r| format!("{}={}", r.dimension, r.value)).unwrap_or_default()),
                ),
            ],
        )?;
        Ok(ToolOutput {
            facts: json!({"period": Scope::describe(&filter), "events_found": events.len(), "events": listed}),
            tables: vec![AnswerTable { name: "anomalies".into(), frame }],
        })
    }
}
