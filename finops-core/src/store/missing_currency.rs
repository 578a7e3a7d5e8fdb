//! The end of an import, for rows that named no currency (see `ingest::currency`): the reader stored them with
//! an empty currency, since only the whole file tells whether it names exactly one. They take it, or they are
//! rejected: the file fails, or with `skip_bad_rows` they are removed from the import and counted.

use std::path::Path;

use rusqlite::{params, OptionalExtension, Transaction};

use super::daily::DailySums;
use super::encode::ReadOutcome;
use crate::error::{Error, Result};
use crate::ingest::{file_currency, missing_currency};

/// The `strings` id of `value`, which this import's dictionary wrote.
fn string_id(tx: &Transaction<'_>, value: &str) -> rusqlite::Result<Option<i64>> {
    tx.query_row("SELECT id FROM strings WHERE value = ?1", [value], |r| r.get(0)).optional()
}

/// Settles the rows `import_id` stored without a currency; returns how many it removed (rejected).
pub(super) fn settle(
    tx: &Transaction<'_>,
    import_id: i64,
    (path, currency_column): (&Path, Option<&str>),
    skip_bad_rows: bool,
    read: &mut ReadOutcome,
    daily: &mut DailySums,
) -> Result<u64> {
    let Some((line, count)) = read.without_currency else { return Ok(0) };
    let db = |source| Error::Database { path: path.to_path_buf(), source };
    // Rows superseded by an amortized view were never written, so the empty currency may have no id.
    let empty = string_id(tx, "").map_err(db)?;
    let Some(totals_without) = read.totals.remove("") else { return Ok(0) };
    match file_currency(read.totals.keys().map(String::as_str)).map(str::to_string) {
        Ok(currency) => {
            let id = string_id(tx, &currency).map_err(db)?;
            if let (Some(empty), Some(id)) = (empty, id) {
                tx.execute(
                    "UPDATE line_items SET currency = ?1 WHERE import_id = ?2 AND currency = ?3",
                    params![id, import_id, empty],
                )
                .map_err(db)?;
                daily.move_currency(empty, Some(id));
            }
            let total = read.totals.get_mut(&currency).expect("the file names this currency");
            total.billed_cost += totals_without.billed_cost;
            total.effective_cost += totals_without.effective_cost;
            Ok(0)
        }
        Err(problem) if skip_bad_rows => {
            let removed = match empty {
                Some(empty) => {
                    daily.move_currency(empty, None);
                    tx.execute(
                        "DELETE FROM line_items WHERE import_id = ?1 AND currency = ?2",
                        params![import_id, empty],
                    )
                    .map_err(db)?
                }
                None => 0,
            };
            let error = missing_currency(path, line, currency_column, problem);
            read.rows_rejected += count;
            read.rejected_samples.push(format!("{error} ({count} rows without a currency, first at line {line})"));
            Ok(removed as u64)
        }
        Err(problem) => Err(missing_currency(path, line, currency_column, problem)),
    }
}
