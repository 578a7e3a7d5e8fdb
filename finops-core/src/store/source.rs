//! The data boundary: what the services read cost data through. The SQLite store implements it
//! ([`SqliteSource`]); so does a daily aggregate computed by another engine (Spark) and handed over whole
//! ([`super::FrameSource`]). Services never run SQL themselves (the chat's read-only SQL tool aside).
//!
//! What a source gives:
//! - the daily aggregate, every row, with the names of its ids ([`Daily`]): the panels, anomalies, forecasts
//!   and insights are computed from it;
//! - line-item detail where it has any: the daily frame's shape for a filter on resource ids, and line-level
//!   sums per period (usage type, resource) for insights and root causes. A source without line items says so
//!   (`None`), and the services work at the daily aggregate's grain;
//! - the feedback users gave on anomalies.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use polars::prelude::DataFrame;

use super::anomalies::feedback;
use super::cost_lines::{cost_lines, CostLine};
use super::daily::data_version;
use super::daily_frame::{daily_frame, resources_frame, Reader};
use super::labels::Labels;
use crate::error::Result;
use crate::filter::Filter;
use crate::services::anomaly::Feedback;

/// The daily aggregate as of one version of the data.
pub(crate) struct Daily {
    /// Equal versions mean equal data.
    pub(crate) version: i64,
    /// `daily_frame::columns`, sorted by day.
    pub(crate) frame: DataFrame,
    /// The names of its ids.
    pub(crate) labels: Labels,
}

/// Where the services read cost data (see the module docs).
pub(crate) trait CostSource: Send + Sync {
    /// What the data is, for messages: `database data/finops.db`, `a daily aggregate of 1,234 rows`.
    fn describe(&self) -> String;

    /// A number that changes whenever the data changes: cached results of an older version are stale.
    fn version(&self) -> Result<i64>;

    /// The whole daily aggregate and its names, one consistent snapshot.
    fn daily(&self) -> Result<Daily>;

    /// The daily frame's shape for the line items of the filter's resource ids (None: no line items).
    fn resources_daily(&self, filter: &Filter) -> Result<Option<DataFrame>>;

    /// Line items summed per period at the grain change is explained at (None: no line items; see
    /// [`cost_lines`]).
    fn cost_lines(&self, filter: &Filter, ranges: &[(NaiveDate, NaiveDate)]) -> Result<Option<Vec<CostLine>>>;

    /// Feedback given on anomaly events, by (segment key, first day number).
    fn anomaly_feedback(&self) -> Result<HashMap<(String, i32), Feedback>>;
}

/// Every source analytics can read, as one closed type. Analytics hold this value rather than a trait object so
/// that each call dispatches into the code of the copy of finops making it: the evcxr kernel links a fresh copy of
/// finops (and polars) into every notebook cell, a trait object keeps the vtable of the cell that created it, and
/// the frames that cell's code builds carry its copy's hashing seeds into the next cell's lookups by name.
pub(crate) enum Source {
    /// A finops database.
    Sqlite(SqliteSource),
    /// A daily aggregate computed elsewhere.
    Frame(super::FrameSource),
}

impl Source {
    /// The source behind the data boundary, dispatched from the calling copy's code.
    pub(crate) fn get(&self) -> &dyn CostSource {
        match self {
            Source::Sqlite(s) => s,
            Source::Frame(f) => f,
        }
    }
}

/// A finops database read on a connection of its own (read-only), so readers never wait on or block an import.
pub(crate) struct SqliteSource {
    reader: Mutex<Reader>,
}

impl SqliteSource {
    /// The database at `path`, read on a new read-only connection.
    pub(crate) fn open(path: &Path) -> Result<SqliteSource> {
        Ok(SqliteSource { reader: Mutex::new(Reader::open(path)?) })
    }

    fn reader(&self) -> MutexGuard<'_, Reader> {
        // A poisoned lock only means a query panicked; the connection holds no half-written state.
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl CostSource for SqliteSource {
    fn describe(&self) -> String {
        format!("database {}", self.reader().path.display())
    }

    fn version(&self) -> Result<i64> {
        let reader = self.reader();
        data_version(reader.conn()).map_err(reader.err())
    }

    fn daily(&self) -> Result<Daily> {
        let reader = self.reader();
        // One read transaction: the version, the frame and the names are one snapshot.
        let snapshot = reader.conn().unchecked_transaction().map_err(reader.err())?;
        let version = data_version(reader.conn()).map_err(reader.err())?;
        let frame = daily_frame(&reader)?;
        let labels = Labels::load(&reader, &frame)?;
        snapshot.commit().map_err(reader.err())?;
        Ok(Daily { version, frame, labels })
    }

    fn resources_daily(&self, filter: &Filter) -> Result<Option<DataFrame>> {
        resources_frame(&self.reader(), filter).map(Some)
    }

    fn cost_lines(&self, filter: &Filter, ranges: &[(NaiveDate, NaiveDate)]) -> Result<Option<Vec<CostLine>>> {
        let reader = self.reader();
        cost_lines(reader.conn(), filter, ranges).map(Some).map_err(reader.err())
    }

    fn anomaly_feedback(&self) -> Result<HashMap<(String, i32), Feedback>> {
        let reader = self.reader();
        feedback(reader.conn()).map_err(reader.err())
    }
}
