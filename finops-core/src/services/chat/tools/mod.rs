//! The chat's tools: functions over the engine the model may call, each described by a JSON schema and
//! returning compact JSON (a row limit on every table).
//!
//! A tool is one file: a type implementing [`Tool`], added to [`ToolRegistry::standard`] (or registered by
//! a caller with [`ToolRegistry::register`]). The registry does what every call needs: unknown tools,
//! malformed JSON, unknown arguments and panics become a tool error the model reads, never a crash. Tools
//! only read: none can change stored data.

mod anomalies;
mod args;
mod compare;
mod daily;
mod forecast;
mod group_by;
mod insights;
mod kpis;
mod monthly;
mod recommendations;
mod sql;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::answer::{AnswerTable, ToolCallRecord};
use super::table;
use crate::error::Error;
use crate::filter::Filter;
use crate::infra::llm::ToolDefinition;
use crate::workspace::Workspace;
pub use anomalies::AnomaliesTool;
pub use args::{parse_period, scope_schema, Scope};
pub use compare::ComparePeriodsTool;
pub use daily::DailyTool;
pub use forecast::ForecastTool;
pub use group_by::GroupByTool;
pub use insights::ExplainChangeTool;
pub use kpis::KpisTool;
pub use monthly::MonthlyTool;
pub use recommendations::RecommendationsTool;
pub(crate) use sql::schema_guide as sql_schema_guide;
pub use sql::{SqlLimits, SqlTool};

/// What a tool runs against.
#[derive(Debug, Clone, Copy)]
pub struct ToolContext<'a> {
    /// The workspace.
    pub workspace: &'a Workspace,
    /// The filters in force: every call is narrowed to them.
    pub filter: &'a Filter,
    /// The day relative periods (`last_month`) are resolved against.
    pub today: NaiveDate,
    /// Rows of a table the model sees (the answer's tables keep more).
    pub row_limit: usize,
    /// The SQL tool's limits.
    pub sql: SqlLimits,
}

/// A tool's result: facts for the model (and the offline analyst) and tables for the user.
#[derive(Debug, Clone, Default)]
pub struct ToolOutput {
    /// Structured, compact results (totals, periods, currency...).
    pub facts: Value,
    /// The tables behind them.
    pub tables: Vec<AnswerTable>,
}

/// Why a tool call failed, told to the model so it can correct itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolError(pub String);

impl From<Error> for ToolError {
    fn from(e: Error) -> Self {
        ToolError(e.to_string())
    }
}

impl From<polars::error::PolarsError> for ToolError {
    fn from(e: polars::error::PolarsError) -> Self {
        ToolError(e.to_string())
    }
}

/// A function the model can call.
pub trait Tool: Send + Sync {
    /// Its name (`kpis`).
    fn name(&self) -> &'static str;
    /// What it does, for the model.
    fn description(&self) -> &'static str;
    /// JSON schema of its arguments: an object whose `properties` are the only arguments accepted.
    fn parameters(&self) -> Value;
    /// Runs it on arguments already checked against [`Tool::parameters`]'s property names.
    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError>;
}

/// A tool call's outcome: its record, what the model reads, and the output when it succeeded.
#[derive(Debug, Clone)]
pub struct ToolRun {
    /// The call as logged in the answer.
    pub record: ToolCallRecord,
    /// The JSON text the model reads: the facts and tables (first rows), or `{"error": ...}`.
    pub content: String,
    /// The output, when the call succeeded.
    pub output: Option<ToolOutput>,
}

/// The tools a chat offers.
pub struct ToolRegistry {
    tools: Vec<Box<dyn Tool>>,
}

impl std::fmt::Debug for ToolRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.tools.iter().map(|t| t.name())).finish()
    }
}

impl ToolRegistry {
    /// No tools.
    pub fn empty() -> ToolRegistry {
        ToolRegistry { tools: Vec::new() }
    }

    /// Every tool over the engine's services.
    pub fn standard() -> ToolRegistry {
        let mut registry = ToolRegistry::empty();
        registry.register(Box::new(KpisTool));
        registry.register(Box::new(GroupByTool));
        registry.register(Box::new(ComparePeriodsTool));
        registry.register(Box::new(ExplainChangeTool));
        registry.register(Box::new(MonthlyTool));
        registry.register(Box::new(DailyTool));
        registry.register(Box::new(AnomaliesTool));
        registry.register(Box::new(ForecastTool));
        registry.register(Box::new(RecommendationsTool));
        registry.register(Box::new(SqlTool));
        registry
    }

    /// Adds a tool (replacing one of the same name).
    pub fn register(&mut self, tool: Box<dyn Tool>) {
        self.tools.retain(|t| t.name() != tool.name());
        self.tools.push(tool);
    }

    /// Whether a tool of this name is offered.
    pub fn has(&self, name: &str) -> bool {
        self.tools.iter().any(|t| t.name() == name)
    }

    /// The tools' names, in registration order.
    pub fn names(&self) -> Vec<&'static str> {
        self.tools.iter().map(|t| t.name()).collect()
    }

    /// The definitions sent to the model.
    pub fn definitions(&self) -> Vec<ToolDefinition> {
        self.tools
            .iter()
            .map(|t| ToolDefinition {
                name: t.name().into(),
                description: t.description().into(),
                parameters: t.parameters(),
            })
            .collect()
    }

    /// Runs the call `name(arguments)`; every failure is reported in the result, none is raised.
    pub fn run(&self, ctx: &ToolContext<'_>, name: &str, arguments: &str) -> ToolRun {
        let outcome = self.checked_run(ctx, name, arguments);
        let record =
            |error: Option<String>| ToolCallRecord { name: name.to_string(), arguments: arguments.to_string(), error };
        match outcome {
            Ok(output) => {
                let mut content = json!({ "result": output.facts });
                if !output.tables.is_empty() {
                    let tables: serde_json::Map<String, Value> = output
                        .tables
                        .iter()
                        .map(|t| (t.name.clone(), table::rows_json(&t.frame, ctx.row_limit)))
                        .collect();
                    content["tables"] = Value::Object(tables);
                }
                ToolRun { record: record(None), content: content.to_string(), output: Some(output) }
            }
            Err(ToolError(message)) => ToolRun {
                content: json!({ "error": message }).to_string(),
                record: record(Some(message)),
                output: None,
            },
        }
    }

    fn checked_run(&self, ctx: &ToolContext<'_>, name: &str, arguments: &str) -> Result<ToolOutput, ToolError> {
        let tool =
            self.tools.iter().find(|t| t.name() == name).ok_or_else(|| {
                ToolError(format!("unknown tool {name:?}; the tools are {}", self.names().join(", ")))
            })?;
        let text = if arguments.trim().is_empty() { "{}" } else { arguments };
        let args: Value = serde_json::from_str(text)
            .map_err(|e| ToolError(format!("the arguments are not valid JSON ({e}); send one JSON object")))?;
        let Value::Object(map) = &args else {
            return Err(ToolError("the arguments must be a JSON object".into()));
        };
        let schema = tool.parameters();
        let known: Vec<&str> =
            schema["properties"].as_object().map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
        let unknown: Vec<&str> = map.keys().map(String::as_str).filter(|k| !known.contains(k)).collect();
        if !unknown.is_empty() {
            return Err(ToolError(format!(
                "unknown argument(s) {} for {name}; it accepts {}",
                unknown.join(", "),
                known.join(", ")
            )));
        }
        // A bug in a tool (or in polars) must end this call, not the user's session.
        catch_unwind(AssertUnwindSafe(|| tool.run(ctx, args.clone())))
            .unwrap_or_else(|_| Err(ToolError(format!("{name} failed unexpectedly (internal error)"))))
    }
}

/// Runs `compute` on `filter`, or once per currency when the selection mixes currencies (analyses never add
/// two currencies): `(currency, result)` pairs.
pub(crate) fn per_currency<T>(
    analytics: &crate::Analytics,
    filter: &Filter,
    compute: impl Fn(&Filter) -> crate::Result<T>,
) -> Result<Vec<(Option<String>, T)>, ToolError> {
    match compute(filter) {
        // The currency of a single-currency selection, from the (cached) KPIs when the filter names none.
        Ok(result) => {
            let currency = match &filter.currency {
                Some(c) => Some(c.clone()),
                None => analytics.kpis(filter)?.currency,
            };
            Ok(vec![(currency, result)])
        }
        Err(Error::MixedCurrencies { currencies }) => currencies
            .into_iter()
            .map(|c| {
                let one = Filter { currency: Some(c.clone()), ..filter.clone() };
                Ok((Some(c), compute(&one)?))
            })
            .collect(),
        Err(e) => Err(e.into()),
    }
}

/// Limits for the model's view and the SQL tool, used when a session does not set its own.
pub(crate) const DEFAULT_ROW_LIMIT: usize = 50;

/// Default SQL limits: 1,000 rows, 5 seconds.
pub(crate) fn default_sql_limits() -> SqlLimits {
    SqlLimits { max_rows: 1_000, time_limit: Duration::from_secs(5) }
}
