//! `explain_change`: why the cost moved between two periods (the insights service): the drivers down service
//! → usage type → resource with volume and price effects, and the events worth telling (new services,
//! commitments, credits, exchange rate, untagged spend, the largest anomaly, the budget).

use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::compare::{two_periods, TwoPeriods};
use super::{per_currency, Tool, ToolContext, ToolError, ToolOutput};
use crate::filter::previous_period;
use crate::services::chat::answer::AnswerTable;
use crate::services::insights::{Comparison, InsightOptions};

/// The `explain_change` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExplainChangeTool;

#[derive(Deserialize)]
struct Args {
    #[serde(flatten)]
    periods: TwoPeriods,
    tag_keys: Option<Vec<String>>,
    budget: Option<f64>,
    #[serde(flatten)]
    scope: Scope,
}

/// Drivers the model reads per dimension (the answer's table keeps them all).
const DRIVERS_SHOWN: usize = 8;

impl Tool for ExplainChangeTool {
    fn name(&self) -> &'static str {
        "explain_change"
    }

    fn description(&self) -> &'static str {
        "Explain why cost changed between two periods: drivers ranked by contribution down service -> usage \
         type -> resource and by account, region and tag values, each split into volume (quantity) and price \
         (unit cost) effects; plus events: new or vanished services/accounts/regions, commitments that \
         stopped applying or coverage that fell, credits that ended, exchange-rate effects, untagged spend, the \
         largest anomaly, and the month-end projection against a budget. Without periods: the latest month \
         against the one before (month to date against the same days when the month is not over)."
    }

    fn parameters(&self) -> Value {
        let mut own = two_periods();
        own.insert(
            "tag_keys".into(),
            json!({"type": "array", "items": {"type": "string"}, "description": "also rank drivers by these tag keys"}),
        );
        own.insert(
            "budget".into(),
            json!({"type": "number", "description": "monthly budget, compared with the month-end projection"}),
        );
        schema(Value::Object(own), &[])
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = typed(args)?;
        let [current, previous] = args.periods.ranges(ctx.today)?;
        let mut scope = args.scope;
        let scoped = scope.filter(ctx)?;
        let comparison = match (current, previous, scoped.start, scoped.end) {
            (Some(c), Some(p), _, _) => Comparison::Ranges { current: c, previous: p },
            (Some(c), None, _, _) => Comparison::Ranges { current: c, previous: previous_period(c.0, c.1) },
            // The scope's own period is the one explained.
            (None, _, Some(s), Some(e)) => Comparison::Ranges { current: (s, e), previous: previous_period(s, e) },
            _ => Comparison::Latest,
        };
        (scope.period, scope.start, scope.end) = (None, None, None);
        let mut filter = scope.filter(ctx)?;
        (filter.start, filter.end) = (None, None);
        let options = InsightOptions {
            comparison,
            tag_keys: args.tag_keys.unwrap_or_default(),
            budget: args.budget,
            ..InsightOptions::default()
        };
        let analytics = ctx.workspace.analytics()?;
        let results = per_currency(analytics, &filter, |f| ctx.workspace.insights(f, &options))?;
        let mut facts = Vec::new();
        let mut tables = Vec::new();
        for (currency, insights) in &results {
            let mut shown: Vec<Value> = Vec::new();
            let mut per_dimension: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for d in &insights.drivers {
                let n = per_dimension.entry(d.dimension.as_str()).or_default();
                *n += 1;
                if *n <= DRIVERS_SHOWN {
                    shown.push(json!({"dimension": d.dimension, "name": d.name, "parent": d.parent,
                        "previous": d.previous, "current": d.current, "change": d.change(),
                        "volume_effect": d.volume, "price_effect": d.price, "other_effect": d.other()}));
                }
            }
            let p = insights.periods;
            facts.push(json!({
                "currency": currency,
                "current": {"start": p.current.0.to_string(), "end": p.current.1.to_string(), "total": insights.current_total},
                "previous": {"start": p.previous.0.to_string(), "end": p.previous.1.to_string(), "total": insights.previous_total},
                "change": insights.change(),
                "insights": insights.insights.iter().map(|i| json!({"kind": i.kind.as_str(),
                    "severity": i.severity.as_str(), "headline": i.headline, "amount": i.amount})).collect::<Vec<_>>(),
                "drivers": shown,
            }));
            let suffix = currency.as_deref().map(|c| format!("_{c}")).unwrap_or_default();
            tables.push(AnswerTable { name: format!("insights{suffix}"), frame: insights.to_frame()? });
            tables.push(AnswerTable { name: format!("drivers{suffix}"), frame: insights.drivers_frame()? });
        }
        Ok(ToolOutput { facts: json!({"results": facts}), tables })
    }
}
