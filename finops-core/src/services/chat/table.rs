//! DataFrames as the model reads them (JSON rows, at most a row limit, amounts rounded to cents) and as a
//! person reads them (markdown).

use polars::prelude::*;
use serde_json::{json, Value};

/// A cell as JSON: numbers rounded to 4 decimals (amounts need 2, percentages a few more), dates as text.
fn cell(value: AnyValue<'_>) -> Value {
    match value {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(b),
        AnyValue::Float64(x) => number(x),
        AnyValue::Float32(x) => number(f64::from(x)),
        AnyValue::Int64(x) => json!(x),
        AnyValue::Int32(x) => json!(x),
        AnyValue::UInt32(x) => json!(x),
        AnyValue::UInt64(x) => json!(x),
        AnyValue::String(s) => Value::String(s.to_string()),
        AnyValue::StringOwned(s) => Value::String(s.to_string()),
        other => Value::String(other.to_string().trim_matches('"').to_string()),
    }
}

fn number(x: f64) -> Value {
    if x.is_finite() {
        json!((x * 10_000.0).round() / 10_000.0)
    } else {
        Value::Null
    }
}

/// `{"columns": [...], "rows": [[...], ...], "total_rows": n, "truncated": bool}` with the first `limit` rows.
pub(crate) fn rows_json(frame: &DataFrame, limit: usize) -> Value {
    let columns: Vec<&str> = frame.get_column_names().into_iter().map(|n| n.as_str()).collect();
    let shown = frame.height().min(limit);
    let rows: Vec<Value> = (0..shown)
        .map(|i| Value::Array(frame.columns().iter().map(|c| c.get(i).map(cell).unwrap_or(Value::Null)).collect()))
        .collect();
    json!({ "columns": columns, "rows": rows, "total_rows": frame.height(), "truncated": frame.height() > limit })
}

/// A markdown table of the first `limit` rows (amounts with two decimals), with a note when rows were left out.
pub(crate) fn markdown(frame: &DataFrame, limit: usize) -> String {
    let names: Vec<String> = frame.get_column_names().into_iter().map(|n| n.to_string()).collect();
    let mut out = format!("| {} |\n|{}|\n", names.join(" | "), vec!["---"; names.len()].join("|"));
    for i in 0..frame.height().min(limit) {
        let cells: Vec<String> = frame
            .columns()
            .iter()
            .map(|c| match c.get(i) {
                Ok(AnyValue::Float64(x)) => format!("{x:.2}"),
                Ok(AnyValue::Null) | Err(_) => String::new(),
                Ok(v) => v.to_string().trim_matches('"').replace('|', "\\|"),
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if frame.height() > limit {
        out.push_str(&format!("\n({} more rows)\n", frame.height() - limit));
    }
    out
}
