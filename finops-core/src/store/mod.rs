//! SQLite persistence: the connection, schema migrations and codecs, the import ledger, the line-item queries,
//! the daily aggregate the services read (through [`CostSource`], the data boundary: no SQL runs outside this
//! module but the chat's read-only SQL tool), anomaly events with their feedback, the per-resource usage the
//! recommendations read, and the recommendations users dismissed.
//!
//! The store never interprets exports; it receives typed [`crate::LineItem`]s from `ingest`.

mod anomalies;
pub(crate) mod codec;
mod cost_lines;
mod daily;
pub(crate) mod daily_frame;
mod dictionary;
mod encode;
mod filter_sql;
mod frame_source;
mod import;
mod kill_point;
mod labels;
mod ledger;
#[cfg(test)]
mod migration_tests;
mod missing_currency;
mod query;
mod recommendations;
mod schema;
mod source;
pub(crate) mod sqlite;
mod usage;
mod usage_lookup;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};
pub(crate) use cost_lines::CostLine;
pub(crate) use frame_source::FrameSource;
pub use frame_source::DAILY_FRAME_COLUMNS;
pub use import::{IngestOptions, ProgressFn};
pub(crate) use labels::Labels;
pub use ledger::ImportRecord;
pub use recommendations::Dismissal;
pub(crate) use source::{CostSource, Daily, Source, SqliteSource};
pub use usage::{DailyOnDemand, ResourceUsage, UsageWindow};

/// An open finops database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Drop for Store {
    fn drop(&mut self) {
        // The connection is closed right after this, maybe by another copy of SQLite (see `sqlite`).
        self.conn();
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        }
        let conn = Connection::open(path).map_err(db_err(path))?;
        conn.execute_batch(
            // 16 KB pages (for a new database; an existing one keeps its own): a third less time committing and
            // checkpointing a large import than 4 KB pages, and scans read fewer pages. 64 MB of page cache: index
            // updates during large imports stay in memory.
            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
             PRAGMA cache_size = -65536;",
        )
        .map_err(db_err(path))?;
        let store = Store { conn, path: path.to_path_buf() };
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(self.err())
    }

    fn migrate(&self) -> Result<()> {
        let version = self.schema_version()?;
        let supported = schema::MIGRATIONS.len() as i64;
        if version > supported {
            return Err(Error::SchemaTooNew { path: self.path.clone(), found: version, supported });
        }
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            // Each migration and its version bump commit together, so a crash never leaves a half schema.
            let tx = self.conn().unchecked_transaction().map_err(self.err())?;
            tx.execute_batch(sql).map_err(self.err())?;
            tx.pragma_update(None, "user_version", i as i64 + 1).map_err(self.err())?;
            tx.commit().map_err(self.err())?;
        }
        Ok(())
    }

    pub(crate) fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        db_err(&self.path)
    }

    /// The underlying connection, for services that run their own SQL.
    pub fn connection(&self) -> &Connection {
        self.conn()
    }

    fn conn(&self) -> &Connection {
        sqlite::initialized(&self.conn)
    }

    fn conn_mut(&mut self) -> &mut Connection {
        sqlite::initialized(&self.conn);
        &mut self.conn
    }
}

fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| Error::Database { path: path.to_path_buf(), source }
}
