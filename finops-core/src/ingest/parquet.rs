//! Parquet exports (AWS CUR and CUR 2.0, FOCUS) rendered to text records.
//!
//! Parquet map columns (CUR 2.0 `product`, `resource_tags`: a list of key/value structs) become the
//! JSON object text the CSV export holds, so one mapping serves both containers.

use std::fs::File;
use std::path::Path;

use csv::StringRecord;
use polars::prelude::*;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

fn parquet_err(path: &Path) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::Parquet { path: path.to_path_buf(), message: e.to_string() }
}

/// Reads a whole Parquet file as a header and text rows.
pub(crate) fn read_parquet_as_text(path: &Path) -> Result<(Vec<String>, Vec<StringRecord>)> {
    let file = File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    let df = ParquetReader::new(file).finish().map_err(parquet_err(path))?;
    if df.width() == 0 {
        return Err(Error::EmptyFile { path: path.to_path_buf() });
    }
    let header: Vec<String> = df.get_column_names().iter().map(|n| n.to_string()).collect();
    let mut columns: Vec<Vec<String>> = Vec::with_capacity(df.width());
    for column in df.columns() {
        columns.push(column_as_text(column.as_materialized_series()).map_err(parquet_err(path))?);
    }
    let rows = (0..df.height())
        .map(|i| StringRecord::from(columns.iter().map(|c| c[i].as_str()).collect::<Vec<_>>()))
        .collect();
    Ok((header, rows))
}

fn column_as_text(series: &Series) -> PolarsResult<Vec<String>> {
    match series.dtype() {
        DataType::List(_) | DataType::Struct(_) => Ok((0..series.len())
            .map(|i| series.get(i).map(|v| any_to_json(&v).to_string()).unwrap_or_default())
            .collect()),
        DataType::Datetime(_, _) => {
            // Rendered as RFC 3339 in UTC so the text parser reads it without guessing.
            let naive = series.cast(&DataType::Datetime(TimeUnit::Microseconds, None))?;
            let text = naive.cast(&DataType::String)?;
            Ok(text.str()?.iter().map(|v| v.map(|s| format!("{}Z", s.replace(' ', "T"))).unwrap_or_default()).collect())
        }
        _ => {
            let text = series.cast(&DataType::String)?;
            Ok(text.str()?.iter().map(|v| v.unwrap_or_default().to_string()).collect())
        }
    }
}

/// JSON for a nested Parquet value; a list of `{key, value}` structs (a Parquet map) becomes an object.
fn any_to_json(value: &AnyValue<'_>) -> Value {
    match value {
        AnyValue::Null => Value::Null,
        AnyValue::List(items) => {
            let values: Vec<Value> =
                (0..items.len()).filter_map(|i| items.get(i).ok()).map(|v| any_to_json(&v)).collect();
            let as_map: Option<Map<String, Value>> = values
                .iter()
                .map(|v| {
                    let key = v.get("key")?.as_str()?.to_string();
                    Some((key, v.get("value").cloned().unwrap_or(Value::Null)))
                })
                .collect();
            match as_map {
                Some(map) if !values.is_empty() => Value::Object(map),
                _ => Value::Array(values),
            }
        }
        AnyValue::Struct(_, _, fields) => {
            let mut map = Map::new();
            for (field, v) in fields.iter().zip(value._iter_struct_av()) {
                map.insert(field.name().to_string(), any_to_json(&v));
            }
            Value::Object(map)
        }
        AnyValue::StructOwned(payload) => {
            let (values, fields) = &**payload;
            Value::Object(fields.iter().zip(values).map(|(f, v)| (f.name().to_string(), any_to_json(v))).collect())
        }
        AnyValue::String(s) => Value::String(s.to_string()),
        AnyValue::StringOwned(s) => Value::String(s.to_string()),
        AnyValue::Boolean(b) => Value::Bool(*b),
        other => match other.extract::<f64>() {
            Some(f) if other.is_primitive_numeric() => {
                serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
            }
            _ => Value::String(other.to_string()),
        },
    }
}
