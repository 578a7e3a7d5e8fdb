//! The offline analyst: answers the common questions without a language model, deterministically, by
//! calling the same tools a model would (so its answers carry the same tables and tool-call log).
//!
//! It reads the question with keywords and patterns ([`intent`]), plans one or two tool calls, and writes
//! the answer from their facts ([`compose`]). Forecasts, month-end projections and savings are answered by
//! the `forecast` and `recommendations` tools when a session has them registered; until then it says so.
//! Anything else gets a plain "this needs a language model".

mod compose;
mod intent;

use serde_json::{json, Value};

pub(crate) use intent::{parse as parse_question, Known};
pub use intent::{Intent, Question};

use super::answer::Answer;
use super::tools::{ToolContext, ToolOutput, ToolRegistry};
use crate::filter::Filter;
use crate::services::analytics::{Dimension, NONE_LABEL};
use crate::workspace::Workspace;

fn known(ws: &Workspace) -> Known {
    let Ok(analytics) = ws.analytics() else { return Known::default() };
    let all = Filter::default();
    let values = |by: Dimension| {
        let mut names = analytics.dimension_values(&all, &by).unwrap_or_default();
        names.retain(|n| n != NONE_LABEL);
        names
    };
    Known {
        services: values(Dimension::Service),
        accounts: values(Dimension::SubAccount),
        regions: values(Dimension::Region),
        currencies: analytics.currencies(&all).unwrap_or_default(),
        tag_keys: analytics.tag_keys().unwrap_or_default(),
    }
}

/// The tool calls made so far and their outputs.
struct Calls<'a, 'b> {
    ctx: &'a ToolContext<'b>,
    tools: &'a ToolRegistry,
    answer: Answer,
}

impl Calls<'_, '_> {
    /// Runs a tool (logged in the answer); its output, or its error message.
    fn run(&mut self, name: &str, args: Value) -> Result<ToolOutput, String> {
        let run = self.tools.run(self.ctx, name, &args.to_string());
        let error = run.record.error.clone();
        self.answer.tool_calls.push(run.record);
        match run.output {
            Some(output) => {
                self.answer.tables.extend(output.tables.iter().cloned());
                Ok(output)
            }
            None => Err(error.unwrap_or_default()),
        }
    }
}

/// The filter arguments a question names.
fn scope(q: &Question) -> serde_json::Map<String, Value> {
    let mut args = serde_json::Map::new();
    let mut list = |key: &str, values: &[String]| {
        if !values.is_empty() {
            args.insert(key.into(), json!(values));
        }
    };
    list("services", &q.services);
    list("providers", &q.providers);
    list("accounts", &q.accounts);
    list("regions", &q.regions);
    if let Some(c) = &q.currency {
        args.insert("currency".into(), json!(c));
    }
    args
}

fn with_period(
    mut args: serde_json::Map<String, Value>,
    period: Option<&(chrono::NaiveDate, chrono::NaiveDate)>,
) -> Value {
    if let Some((start, end)) = period {
        args.insert("start".into(), json!(start.to_string()));
        args.insert("end".into(), json!(end.to_string()));
    }
    Value::Object(args)
}

/// The offline answer to `question`.
pub(crate) fn answer(ctx: &ToolContext<'_>, tools: &ToolRegistry, question: &str) -> Answer {
    let q = intent::parse(question, ctx.today, &known(ctx.workspace));
    let mut calls = Calls {
        ctx,
        tools,
        answer: Answer {
            question: question.into(),
            text: String::new(),
            tables: Vec::new(),
            tool_calls: Vec::new(),
            model: None,
        },
    };
    let text = match plan(&mut calls, &q) {
        Ok(text) => text,
        Err(e) => format!("I could not answer that from the data: {e}"),
    };
    calls.answer.text = text;
    calls.answer
}

fn plan(calls: &mut Calls<'_, '_>, q: &Question) -> Result<String, String> {
    let base = scope(q);
    let period = q.periods.first();
    match q.intent {
        Intent::Total => {
            let out = calls.run("kpis", with_period(base, period))?;
            Ok(compose::total(&out.facts))
        }
        Intent::Top => {
            let dimension = q.dimension.clone().unwrap_or_else(|| "service".into());
            let mut args = base;
            args.insert("dimension".into(), json!(dimension));
            args.insert("top_n".into(), json!(q.top_n.unwrap_or(5)));
            let out = calls.run("group_by", with_period(args, period))?;
            Ok(compose::top(&out.facts, q.top_n.unwrap_or(5)))
        }
        Intent::Change | Intent::Drivers => {
            let mut args = base;
            // Two periods: the later is the one explained. One: against the one before it. None: last month.
            let mut periods = q.periods.clone();
            periods.sort();
            let (current, previous) = match periods.as_slice() {
                [] => (super::tools::parse_period("last_month", calls.ctx.today), None),
                [one] => (Some(*one), None),
                [.., a, b] => (Some(*b), Some(*a)),
            };
            if let Some((s, e)) = current {
                args.insert("current_start".into(), json!(s.to_string()));
                args.insert("current_end".into(), json!(e.to_string()));
            }
            if let Some((s, e)) = previous {
                args.insert("previous_start".into(), json!(s.to_string()));
                args.insert("previous_end".into(), json!(e.to_string()));
            }
            // Within one service, the drivers are its accounts; otherwise the services.
            let dimension =
                q.dimension.clone().filter(|d| d != "service" || q.services.is_empty()).unwrap_or_else(|| {
                    if q.services.is_empty() {
                        "service".into()
                    } else {
                        "sub_account".into()
                    }
                });
            let explain = args.clone();
            args.insert("dimension".into(), json!(dimension));
            args.insert("top_n".into(), json!(q.top_n.unwrap_or(5)));
            let out = calls.run("compare_periods", Value::Object(args))?;
            let mut text = compose::change(&out.facts, q.intent == Intent::Drivers);
            // "Why": the insights service's volume/price split, usage types and events, when it is offered.
            if q.intent == Intent::Drivers && calls.tools.has("explain_change") {
                if let Ok(why) = calls.run("explain_change", Value::Object(explain)) {
                    text.push_str(&compose::explanation(&why.facts));
                }
            }
            Ok(text)
        }
        Intent::Monthly => {
            let mut args = base;
            if let Some(d) = &q.dimension {
                args.insert("dimension".into(), json!(d));
            }
            let out = calls.run("monthly", with_period(args, period))?;
            Ok(compose::monthly(&out))
        }
        Intent::Anomalies => {
            let out = calls.run("anomalies", with_period(base, period))?;
            Ok(compose::anomalies(&out.facts))
        }
        Intent::Forecast => {
            if calls.tools.has("forecast") {
                let out = calls.run("forecast", with_period(base, period))?;
                return Ok(compose::forecast(&out.facts));
            }
            let mtd = calls
                .run("kpis", with_period(base, super::tools::parse_period("month_to_date", calls.ctx.today).as_ref()));
            let mut text =
                "Forecasts and month-end projections need the forecast service, which this finops does not offer yet \
                            (no `forecast` tool is registered)."
                    .to_string();
            if let Ok(out) = mtd {
                text.push_str(&format!(" What I can tell: month to date, {}", compose::total(&out.facts)));
            }
            Ok(text)
        }
        Intent::Savings => {
            if calls.tools.has("recommendations") {
                let out = calls.run("recommendations", with_period(base, period))?;
                return Ok(compose::recommendations(&out.facts));
            }
            Ok("Savings estimates need the recommendation service, which this finops does not offer yet (no \
                `recommendations` tool is registered). Ask for the top services or accounts to see where the money goes."
                .into())
        }
        Intent::NeedsLlm => Ok(compose::needs_llm()),
    }
}
