//! `recommendations`: what to change to pay less (the recommendations service), with the estimated monthly
//! saving of each, how it was computed and its confidence.

use serde::Deserialize;
use serde_json::{json, Value};

use super::args::{schema, typed, Scope};
use super::{Tool, ToolContext, ToolError, ToolOutput};
use crate::services::chat::answer::AnswerTable;
use crate::services::recommendations::{RecommendationOptions, RuleCode};

/// The `recommendations` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecommendationsTool;

#[derive(Deserialize)]
struct Args {
    rules: Option<Vec<String>>,
    top_n: Option<usize>,
    #[serde(flatten)]
    scope: Scope,
}

impl Tool for RecommendationsTool {
    fn name(&self) -> &'static str {
        "recommendations"
    }

    fn description(&self) -> &'static str {
        "Savings recommendations from the billing data: commitments (Savings Plans, reservations) for steady \
         on-demand usage, unused commitments, gp2 -> gp3 volumes, previous-generation instances, idle IP \
         addresses, non-production machines running 24/7, storage tiers, NAT gateway endpoints, old snapshots, \
         untagged spend. Each with its estimated monthly saving, current monthly cost, how the saving was \
         computed, and a confidence. Dismissed recommendations are left out. Answers 'how can we save', \
         'what should we optimize', 'savings opportunities'."
    }

    fn parameters(&self) -> Value {
        let rules: Vec<&str> = RuleCode::ALL.iter().map(|r| r.as_str()).collect();
        schema(
            json!({
                "rules": {"type": "array", "items": {"type": "string", "enum": rules}, "description": "only these rules"},
                "top_n": {"type": "integer", "minimum": 1, "description": "recommendations to list (default 10)"},
            }),
            &[],
        )
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = typed(args)?;
        let rules = args
            .rules
            .unwrap_or_default()
            .iter()
            .map(|r| RuleCode::parse(r).ok_or_else(|| ToolError(format!("unknown rule {r:?}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let filter = args.scope.filter(ctx)?;
        let recs =
            ctx.workspace.recommendations_with(&filter, &RecommendationOptions { include_dismissed: false, rules })?;
        let top_n = args.top_n.unwrap_or(10).clamp(1, 1_000);
        let items: Vec<Value> = recs
            .items
            .iter()
            .take(top_n)
            .map(|r| {
                json!({"id": r.id, "rule": r.rule.as_str(), "title": r.title, "provider": r.provider.as_str(),
                       "account": r.account, "region": r.region, "currency": r.currency,
                       "monthly_saving": r.monthly_saving, "monthly_cost": r.monthly_cost,
                       "confidence": r.confidence.as_str(), "method": r.method, "resources": r.resources.len()})
            })
            .collect();
        Ok(ToolOutput {
            facts: json!({"count": recs.items.len(), "total_saving": recs.total_saving(), "items": items}),
            tables: vec![AnswerTable { name: "recommendations".into(), frame: recs.frame()? }],
        })
    }
}
