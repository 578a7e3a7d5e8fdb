//! Header lookup and typed access to one row, with errors that name the file, line and column.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use csv::StringRecord;
use rust_decimal::Decimal;

use super::values::{parse_decimal, parse_timestamp};
use crate::error::{Error, Result};
use crate::model::fold;

/// A header, looked up by column name ignoring case and separators.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    names: Vec<String>,
    by_key: HashMap<String, usize>,
}

impl Columns {
    /// Indexes a header; `canonical` may rewrite names first (Azure's localized headers).
    pub(crate) fn new(names: Vec<String>) -> Self {
        let mut by_key = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            by_key.entry(fold(n)).or_insert(i);
        }
        Columns { names, by_key }
    }

    /// The names as written.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The index of the first of `aliases` present in the header.
    pub(crate) fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases.iter().find_map(|a| self.by_key.get(&fold(a)).copied())
    }

    /// Like [`Columns::find`], but the column is required by `format`.
    pub(crate) fn require(&self, path: &Path, format: &'static str, aliases: &[&str]) -> Result<usize> {
        self.find(aliases).ok_or_else(|| Error::MissingColumn {
            path: path.to_path_buf(),
            format,
            column: aliases.join(" or "),
        })
    }

    /// True when any of `aliases` is present.
    pub(crate) fn has(&self, aliases: &[&str]) -> bool {
        self.find(aliases).is_some()
    }

    /// Columns whose names start with `prefix` (exact case), with the rest of the name.
    pub(crate) fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        self.names.iter().enumerate().filter_map(move |(i, n)| n.strip_prefix(prefix).map(|rest| (i, rest)))
    }
}

/// Columns copied into [`LineItem::attributes`](crate::LineItem) unchanged: (FOCUS or `x_` column, index).
pub(crate) struct PassThrough(Vec<(&'static str, usize)>);

impl PassThrough {
    /// Resolves `spec`, a list of (attribute, the export's aliases for it); absent columns are skipped.
    pub(crate) fn new(columns: &Columns, spec: &[(&'static str, &[&str])]) -> Self {
        PassThrough(spec.iter().filter_map(|(name, aliases)| Some((*name, columns.find(aliases)?))).collect())
    }

    /// Copies the row's values into `item`'s attributes.
    pub(crate) fn copy(&self, row: &Row<'_>, item: &mut crate::LineItem) {
        for (name, col) in &self.0 {
            item.set_attribute(*name, row.text(Some(*col)));
        }
    }
}

/// `text.trim()`, without the Unicode scan when the ends are plain ASCII (the common case, on every field read).
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// How much of a bad value an error shows.
const SHOWN_VALUE_CHARS: usize = 100;

/// One data row of a file, with its 1-based line number for error messages.
pub(crate) struct Row<'a> {
    pub(crate) path: &'a Path,
    pub(crate) line: u64,
    pub(crate) record: &'a StringRecord,
    pub(crate) columns: &'a Columns,
}

impl<'a> Row<'a> {
    /// The trimmed text at `col`; blank, `NULL` and `null` (FOCUS samples) are absent.
    pub(crate) fn text(&self, col: Option<usize>) -> Option<&'a str> {
        let v = trim(self.record.get(col?)?);
        (!v.is_empty() && v != "NULL" && v != "null").then_some(v)
    }

    /// Like [`Row::text`] for a required column: absent is an error.
    pub(crate) fn required_text(&self, col: usize) -> Result<&'a str> {
        self.text(Some(col)).ok_or_else(|| self.bad(col, "", "required value is empty"))
    }

    /// An optional decimal; present but unparsable is an error.
    pub(crate) fn decimal(&self, col: Option<usize>) -> Result<Option<Decimal>> {
        match self.text(col) {
            None => Ok(None),
            Some(v) => parse_decimal(v).map(Some).ok_or_else(|| self.bad(col.unwrap_or(0), v, "not a number")),
        }
    }

    /// A decimal that defaults to zero when absent.
    pub(crate) fn decimal_or_zero(&self, col: Option<usize>) -> Result<Decimal> {
        Ok(self.decimal(col)?.unwrap_or(Decimal::ZERO))
    }

    /// A required decimal.
    pub(crate) fn required_decimal(&self, col: usize) -> Result<Decimal> {
        let v = self.required_text(col)?;
        parse_decimal(v).ok_or_else(|| self.bad(col, v, "not a number"))
    }

    /// An optional timestamp; present but unparsable is an error.
    pub(crate) fn timestamp(&self, col: Option<usize>) -> Result<Option<DateTime<Utc>>> {
        match self.text(col) {
            None => Ok(None),
            Some(v) => {
                parse_timestamp(v).map(Some).ok_or_else(|| self.bad(col.unwrap_or(0), v, "not a date or timestamp"))
            }
        }
    }

    /// A required timestamp.
    pub(crate) fn required_timestamp(&self, col: usize) -> Result<DateTime<Utc>> {
        let v = self.required_text(col)?;
        parse_timestamp(v).ok_or_else(|| self.bad(col, v, "not a date or timestamp"))
    }

    /// An error about the value in `col`. A long value is cut to its first [`SHOWN_VALUE_CHARS`] characters: the
    /// message must stay readable when the value is a megabyte of nested JSON.
    pub(crate) fn bad(&self, col: usize, value: &str, problem: &'static str) -> Error {
        let value = match value.char_indices().nth(SHOWN_VALUE_CHARS) {
            Some((end, _)) => format!("{}… ({} bytes)", &value[..end], value.len()),
            None => value.to_string(),
        };
        Error::BadValue {
            path: self.path.to_path_buf(),
            line: self.line,
            column: self.columns.names().get(col).cloned().unwrap_or_default(),
            value,
            problem,
        }
    }
}

impl Row<'_> {
    /// Tags from a JSON column (object, brace-less object, or key/value array); unparsable is an error.
    pub(crate) fn tags(&self, col: Option<usize>) -> Result<crate::model::Tags> {
        match self.text(col) {
            None => Ok(crate::model::Tags::default()),
            Some(v) => crate::model::Tags::parse_json(v)
                .ok_or_else(|| self.bad(col.unwrap_or(0), v, "not a JSON object of tags")),
        }
    }

    /// An optional enum value parsed by `parse`; present but unknown is an error.
    pub(crate) fn optional_enum<T>(&self, col: Option<usize>, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
        match self.text(col) {
            None => Ok(None),
            Some(v) => parse(v).map(Some).ok_or_else(|| self.bad(col.unwrap_or(0), v, "not a value FOCUS allows")),
        }
    }
}
