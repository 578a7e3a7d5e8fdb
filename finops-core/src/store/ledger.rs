//! The import ledger: one row per imported file.

use rusqlite::Row;

use super::Store;
use crate::error::Result;

/// One file in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    /// Ledger id.
    pub id: i64,
    /// The path the file was imported from.
    pub path: String,
    /// BLAKE3 hash of its bytes.
    pub file_hash: String,
    /// Its size in bytes.
    pub file_size: i64,
    /// Detected format.
    pub format: String,
    /// Cost view (`complete`, `actual`, `amortized`).
    pub cost_view: String,
    /// Providers, comma separated.
    pub providers: String,
    /// Billing periods (`YYYY-MM`), comma separated.
    pub billing_periods: String,
    /// Billing accounts, comma separated.
    pub accounts: String,
    /// Billing currencies, comma separated.
    pub currencies: String,
    /// Data rows read.
    pub rows_read: i64,
    /// Line items stored at import time.
    pub rows_stored: i64,
    /// Rows skipped as invalid.
    pub rows_rejected: i64,
    /// Rows not stored because a more complete view was held.
    pub rows_superseded: i64,
    /// Rows of earlier imports this one replaced.
    pub rows_replaced: i64,
    /// Line items of this import still in the store (later imports may have replaced some).
    pub rows_current: i64,
    /// When (RFC 3339, UTC).
    pub imported_at: String,
    /// Milliseconds taken.
    pub duration_ms: i64,
    /// `active`, `partly replaced`, `replaced` or `superseded`.
    pub status: String,
}

impl ImportRecord {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(ImportRecord {
            id: r.get(0)?,
            path: r.get(1)?,
            file_hash: r.get(2)?,
            file_size: r.get(3)?,
            format: r.get(4)?,
            cost_view: r.get(5)?,
            providers: r.get(6)?,
            billing_periods: r.get(7)?,
            accounts: r.get(8)?,
            currencies: r.get(9)?,
            rows_read: r.get(10)?,
            rows_stored: r.get(11)?,
            rows_rejected: r.get(12)?,
            rows_superseded: r.get(13)?,
            rows_replaced: r.get(14)?,
            rows_current: r.get(15)?,
            imported_at: r.get(16)?,
            duration_ms: r.get(17)?,
            status: r.get(18)?,
        })
    }
}

impl Store {
    /// Every import, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT i.id, i.path, i.file_hash, i.file_size, i.format, i.cost_view, i.providers, i.billing_periods,
                        i.accounts, i.currencies, i.rows_read, i.rows_stored, i.rows_rejected, i.rows_superseded,
                        i.rows_replaced, (SELECT COUNT(*) FROM line_items li WHERE li.import_id = i.id),
                        i.imported_at, i.duration_ms, i.status
                 FROM imports i ORDER BY i.id",
            )
            .map_err(self.err())?;
        let rows = stmt.query_map([], ImportRecord::from_row).map_err(self.err())?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(self.err())
    }
}
