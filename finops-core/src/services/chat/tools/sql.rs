//! `sql`: one read-only SELECT over the store, for what the other tools cannot answer.
//!
//! Defences, each enough on its own against a write: the database is opened read-only
//! (`SQLITE_OPEN_READ_ONLY`, no URI names); an authorizer denies every action but SELECT, column reads and
//! function calls (so no INSERT, UPDATE, DELETE, DDL, ATTACH, PRAGMA or transaction); one statement only.
//! A progress handler stops a query past the time limit, and at most `max_rows` rows are read.

use std::time::{Duration, Instant};

use polars::prelude::*;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OpenFlags};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{Tool, ToolContext, ToolError, ToolOutput};
use crate::model::{ChargeCategory, Provider, ServiceCategory};
use crate::services::chat::answer::AnswerTable;

/// How much a query may read and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlLimits {
    /// Rows read at most (the rest is reported as truncated).
    pub max_rows: usize,
    /// Time a query may run.
    pub time_limit: Duration,
}

/// The `sql` tool.
#[derive(Debug, Clone, Copy, Default)]
pub struct SqlTool;

#[derive(Deserialize)]
struct Args {
    query: String,
}

/// The schema as the model needs it to write a query: tables, columns, codes, joins.
pub(crate) fn schema_guide() -> String {
    let codes = |pairs: Vec<(i64, &str)>| pairs.iter().map(|(c, n)| format!("{c}={n}")).collect::<Vec<_>>().join(", ");
    format!(
        "SQLite tables. Strings are stored once in strings(id, value): join on ids. Times in line_items are Unix \
         seconds UTC; daily_costs.day is days since 1970-01-01 (date(day*86400,'unixepoch')).\n\
         - daily_costs(day, provider, billing_account, sub_account, service, service_category, region, \
         charge_category, currency, tag_set, pricing_unit, billed_cost, effective_cost, list_cost, contracted_cost, \
         pricing_quantity, line_items): costs summed per day and dimension; prefer it for sums.\n\
         - line_items(id, provider, billing_account, sub_account, currency, charge_period_start, charge_period_end, \
         charge_category, service, service_category, region, resource, pricing_unit, billed_cost, effective_cost, \
         list_cost, contracted_cost, pricing_quantity, tag_set, attributes (JSON in strings))\n\
         - tag_items(tag_set_id, key (normalized), raw_key, value); tag_sets(id, json)\n\
         - imports(id, path, format, imported_at, rows_stored, status); anomaly_events(segment, start_day, kind, total_impact, severity)\n\
         Codes: provider {}; charge_category {}; service_category {}.\n\
         billing_account, sub_account, service, region, resource, currency and pricing_unit are strings ids.",
        codes(Provider::ALL.iter().map(|p| (p.code(), p.as_str())).collect()),
        codes(ChargeCategory::ALL.iter().map(|p| (p.code(), p.as_str())).collect()),
        codes(ServiceCategory::ALL.iter().map(|p| (p.code(), p.as_str())).collect()),
    )
}

/// Allows reading and nothing else.
fn authorize(context: AuthContext<'_>) -> Authorization {
    match context.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Function { .. } => Authorization::Allow,
        _ => Authorization::Deny,
    }
}

/// A read-only connection to `path` that can only read, stopped after `limit`.
fn open(path: &std::path::Path, limit: Duration) -> Result<Connection, ToolError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|e| ToolError(format!("cannot open the database: {e}")))?;
    crate::store::sqlite::initialized(&conn);
    conn.authorizer(Some(authorize)).map_err(|e| ToolError(e.to_string()))?;
    let started = Instant::now();
    conn.progress_handler(1_000, Some(move || started.elapsed() > limit)).map_err(|e| ToolError(e.to_string()))?;
    Ok(conn)
}

/// Column names, rows, and whether rows were left out.
type QueryRows = (Vec<String>, Vec<Vec<SqlValue>>, bool);

/// Runs `query` on `path` within `limits`: column names, rows, and whether rows were left out.
fn run_query(path: &std::path::Path, query: &str, limits: SqlLimits) -> Result<QueryRows, ToolError> {
    let conn = open(path, limits.time_limit)?;
    let explain = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::OperationInterrupted => {
            ToolError(format!("the query ran past the time limit of {} s", limits.time_limit.as_secs_f64()))
        }
        rusqlite::Error::SqliteFailure(f, m) if f.code == rusqlite::ErrorCode::AuthorizationForStatementDenied => {
            ToolError(format!(
                "denied: the sql tool only runs one read-only SELECT ({})",
                m.unwrap_or_else(|| "not authorized".into())
            ))
        }
        other => ToolError(format!("SQL error: {other}")),
    };
    let mut stmt = conn.prepare(query).map_err(explain)?;
    if !stmt.readonly() {
        return Err(ToolError("denied: the sql tool only runs read-only SELECT statements".into()));
    }
    let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows = stmt.query([]).map_err(explain)?;
    let mut out = Vec::new();
    let mut truncated = false;
    while let Some(row) = rows.next().map_err(explain)? {
        if out.len() == limits.max_rows {
            truncated = true;
            break;
        }
        out.push(
            (0..columns.len()).map(|i| row.get::<_, SqlValue>(i)).collect::<Result<Vec<_>, _>>().map_err(explain)?,
        );
    }
    Ok((columns, out, truncated))
}

/// The rows as a DataFrame: a column of integers is Int64, of numbers Float64, anything else String.
fn frame(columns: &[String], rows: &[Vec<SqlValue>]) -> PolarsResult<DataFrame> {
    let mut out = Vec::with_capacity(columns.len());
    // A DataFrame needs distinct names; SQL does not (`SELECT a.id, b.id`).
    let mut names: Vec<String> = Vec::with_capacity(columns.len());
    for name in columns {
        let mut unique = name.clone();
        let mut n = 1;
        while names.contains(&unique) {
            n += 1;
            unique = format!("{name}_{n}");
        }
        names.push(unique);
    }
    for (i, name) in names.iter().enumerate() {
        let values = rows.iter().map(|r| &r[i]);
        let all = |ok: fn(&SqlValue) -> bool| rows.iter().all(|r| matches!(r[i], SqlValue::Null) || ok(&r[i]));
        let column = if all(|v| matches!(v, SqlValue::Integer(_))) {
            let v: Vec<Option<i64>> =
                values.map(|v| if let SqlValue::Integer(x) = v { Some(*x) } else { None }).collect();
            Column::new(name.as_str().into(), v)
        } else if all(|v| matches!(v, SqlValue::Integer(_) | SqlValue::Real(_))) {
            let v: Vec<Option<f64>> = values
                .map(|v| match v {
                    SqlValue::Integer(x) => Some(*x as f64),
                    SqlValue::Real(x) => Some(*x),
                    _ => None,
                })
                .collect();
            Column::new(name.as_str().into(), v)
        } else {
            let v: Vec<Option<String>> = values
                .map(|v| match v {
                    SqlValue::Null => None,
                    SqlValue::Integer(x) => Some(x.to_string()),
                    SqlValue::Real(x) => Some(x.to_string()),
                    SqlValue::Text(t) => Some(t.clone()),
                    SqlValue::Blob(b) => Some(format!("<{} bytes>", b.len())),
                })
                .collect();
            Column::new(name.as_str().into(), v)
        };
        out.push(column);
    }
    DataFrame::new(rows.len(), out)
}

impl Tool for SqlTool {
    fn name(&self) -> &'static str {
        "sql"
    }

    fn description(&self) -> &'static str {
        "Run one read-only SQLite SELECT over the finops store when no other tool fits. Writes, ATTACH and PRAGMA \
         are denied; rows and time are limited. The filters in force do NOT apply: add them to the query. See \
         the schema in the system message."
    }

    fn parameters(&self) -> Value {
        json!({"type": "object", "properties": {"query": {"type": "string", "description": "one SELECT statement"}},
               "required": ["query"], "additionalProperties": false})
    }

    fn run(&self, ctx: &ToolContext<'_>, args: Value) -> Result<ToolOutput, ToolError> {
        let args: Args = serde_json::from_value(args).map_err(|e| ToolError(format!("bad arguments: {e}")))?;
        let path = ctx.workspace.path().ok_or_else(|| ToolError("SQL needs a database; this data has none".into()))?;
        let (columns, rows, truncated) = run_query(path, &args.query, ctx.sql)?;
        let frame = frame(&columns, &rows)?;
        Ok(ToolOutput {
            facts: json!({"columns": columns, "rows_read": rows.len(), "truncated": truncated,
                          "note": if truncated { format!("only the first {} rows were read", ctx.sql.max_rows) } else { String::new() }}),
            tables: vec![AnswerTable { name: "sql".into(), frame }],
        })
    }
}
