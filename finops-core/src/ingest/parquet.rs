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

/// Rows converted to text per chunk: enough to amortize the per-column work, small enough for the text of one
/// chunk to stay in cache-sized memory whatever the file's size.
const CHUNK_ROWS: usize = 16_384;

/// A Parquet file's rows as text records, read through the same mappers as CSV. Polars reads the file whole
/// (columnar, compact); the rows are rendered to text one chunk at a time, straight into the caller's record,
/// so no text copy of the whole file ever exists.
pub(crate) struct ParquetRecords {
    df: DataFrame,
    /// The current chunk's columns as text, each one contiguous array.
    chunk: Vec<StringChunked>,
    /// The first row of the current chunk, and the next row to hand out within it.
    chunk_start: usize,
    next: usize,
    path: std::path::PathBuf,
}

impl ParquetRecords {
    /// Reads `path` and its header (the column names).
    pub(crate) fn open(path: &Path) -> Result<(Vec<String>, ParquetRecords)> {
        let file = File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        let df = ParquetReader::new(file).finish().map_err(parquet_err(path))?;
        if df.width() == 0 {
            return Err(Error::EmptyFile { path: path.to_path_buf() });
        }
        let header: Vec<String> = df.get_column_names().iter().map(|n| n.to_string()).collect();
        Ok((header, ParquetRecords { df, chunk: Vec::new(), chunk_start: 0, next: 0, path: path.to_path_buf() }))
    }

    /// Fills `record` with the next row; false at the end.
    pub(crate) fn next_record(&mut self, record: &mut StringRecord) -> Result<bool> {
        if self.next == self.df.height() {
            return Ok(false);
        }
        if self.chunk.is_empty() || self.next - self.chunk_start == self.chunk[0].len() {
            let rows = CHUNK_ROWS.min(self.df.height() - self.next);
            let slice = self.df.slice(self.next as i64, rows);
            self.chunk = slice
                .columns()
                .iter()
                .map(|c| column_as_text(c.as_materialized_series()))
                .collect::<PolarsResult<_>>()
                .map_err(parquet_err(&self.path))?;
            self.chunk_start = self.next;
        }
        let i = self.next - self.chunk_start;
        record.clear();
        for column in &self.chunk {
            record.push_field(column.get(i).unwrap_or_default());
        }
        self.next += 1;
        Ok(true)
    }
}

/// One column of a chunk as a single contiguous string array (empty text for nulls).
fn column_as_text(series: &Series) -> PolarsResult<StringChunked> {
    let text = match series.dtype() {
        DataType::List(_) | DataType::Struct(_) => StringChunked::from_iter_values(
            series.name().clone(),
            (0..series.len()).map(|i| series.get(i).map(|v| any_to_json(&v).to_string()).unwrap_or_default()),
        ),
        DataType::Datetime(_, _) => {
            // Rendered as RFC 3339 in UTC so the text parser reads it without guessing.
            let naive = series.cast(&DataType::Datetime(TimeUnit::Microseconds, None))?;
            let text = naive.cast(&DataType::String)?;
            StringChunked::from_iter_values(
                series.name().clone(),
                text.str()?.iter().map(|v| v.map(|s| format!("{}Z", s.replace(' ', "T"))).unwrap_or_default()),
            )
        }
        DataType::String => series.str()?.clone(),
        _ => series.cast(&DataType::String)?.str()?.clone(),
    };
    Ok(text.rechunk().into_owned())
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
