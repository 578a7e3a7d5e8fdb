//! What an ingest did, file by file, with a readable table for terminals and notebooks.

use std::path::PathBuf;
use std::time::Duration;

use rust_decimal::Decimal;
use tabled::{settings::Style, Table, Tabled};

use crate::ingest::{CostView, Format};

/// The outcome of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileStatus {
    /// Rows were stored.
    Imported,
    /// The same bytes were imported before; nothing changed.
    AlreadyImported {
        /// The earlier import.
        import_id: i64,
        /// When it happened (RFC 3339).
        imported_at: String,
    },
    /// Every slice of the file was already held by a more complete view (an Azure actual-cost file
    /// after the amortized one for the same account and month); nothing was stored.
    Superseded,
    /// The file was rejected; the database is unchanged. Only reported when ingesting several files.
    Failed {
        /// Why, naming file, line and column.
        error: String,
    },
}

impl std::fmt::Display for FileStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileStatus::Imported => f.write_str("imported"),
            FileStatus::AlreadyImported { import_id, imported_at } => {
                write!(f, "already imported (import #{import_id}, {imported_at}); nothing changed")
            }
            FileStatus::Superseded => f.write_str("superseded by the amortized view already stored"),
            FileStatus::Failed { error } => write!(f, "failed, nothing stored: {error}"),
        }
    }
}

/// Sums of one currency in one file, computed exactly from the parsed decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyTotal {
    /// ISO 4217 code.
    pub currency: String,
    /// Sum of BilledCost.
    pub billed_cost: Decimal,
    /// Sum of EffectiveCost.
    pub effective_cost: Decimal,
}

/// What happened to one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file.
    pub path: PathBuf,
    /// The ledger id of this import (absent when nothing was recorded).
    pub import_id: Option<i64>,
    /// The outcome.
    pub status: FileStatus,
    /// The detected format.
    pub format: Option<Format>,
    /// The cost view of the file.
    pub cost_view: Option<CostView>,
    /// BLAKE3 hash of the file's bytes.
    pub file_hash: String,
    /// Data rows read.
    pub rows_read: u64,
    /// Line items stored.
    pub rows_stored: u64,
    /// Rows skipped because a value was invalid (only with `skip_bad_rows`).
    pub rows_rejected: u64,
    /// Rows not stored because a more complete view of their slice is held.
    pub rows_superseded: u64,
    /// Rows of earlier imports removed because this file restates their slice.
    pub rows_replaced: u64,
    /// Earlier imports whose rows this file replaced.
    pub replaced_imports: Vec<i64>,
    /// Providers present.
    pub providers: Vec<String>,
    /// Billing periods present, as `YYYY-MM`.
    pub billing_periods: Vec<String>,
    /// Billing accounts present.
    pub accounts: Vec<String>,
    /// Totals per billing currency (currencies are never added together).
    pub totals: Vec<CurrencyTotal>,
    /// The first rejected rows' errors (file, line, column).
    pub rejected_samples: Vec<String>,
    /// Time taken.
    pub duration: Duration,
}

impl FileReport {
    pub(crate) fn new(path: PathBuf) -> Self {
        FileReport {
            path,
            import_id: None,
            status: FileStatus::Imported,
            format: None,
            cost_view: None,
            file_hash: String::new(),
            rows_read: 0,
            rows_stored: 0,
            rows_rejected: 0,
            rows_superseded: 0,
            rows_replaced: 0,
            replaced_imports: Vec::new(),
            providers: Vec::new(),
            billing_periods: Vec::new(),
            accounts: Vec::new(),
            totals: Vec::new(),
            rejected_samples: Vec::new(),
            duration: Duration::ZERO,
        }
    }

    /// This report, for a file whose bytes an earlier import (`import_id`, at `imported_at`) already stored.
    pub(crate) fn already_imported(mut self, (import_id, imported_at): (i64, String), took: Duration) -> Self {
        self.status = FileStatus::AlreadyImported { import_id, imported_at };
        self.import_id = Some(import_id);
        self.duration = took;
        self
    }
}

/// The result of one `ingest` call: one entry per file.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Per-file outcomes, in the order the files were read.
    pub files: Vec<FileReport>,
}

impl ImportReport {
    /// Line items stored by this call.
    pub fn rows_stored(&self) -> u64 {
        self.files.iter().map(|f| f.rows_stored).sum()
    }

    /// Rows read by this call.
    pub fn rows_read(&self) -> u64 {
        self.files.iter().map(|f| f.rows_read).sum()
    }

    /// Files that failed.
    pub fn failures(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|f| matches!(f.status, FileStatus::Failed { .. }))
    }
}

#[derive(Tabled)]
struct ReportRow {
    file: String,
    format: String,
    status: String,
    periods: String,
    accounts: String,
    read: u64,
    stored: u64,
    rejected: u64,
    replaced: u64,
    billed: String,
    effective: String,
}

fn money(totals: &[CurrencyTotal], pick: fn(&CurrencyTotal) -> Decimal) -> String {
    totals.iter().map(|t| format!("{} {}", pick(t).round_dp(2), t.currency)).collect::<Vec<_>>().join("\n")
}

fn abbreviate(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{} (+{} more)", items[..max].join(", "), items.len() - max)
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rows = self.files.iter().map(|r| ReportRow {
            file: r.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            format: r.format.map(|f| f.to_string()).unwrap_or_default()
                + &r.cost_view
                    .filter(|v| *v != CostView::Complete)
                    .map(|v| format!(" ({})", v.as_str()))
                    .unwrap_or_default(),
            status: match &r.status {
                FileStatus::AlreadyImported { import_id, .. } => format!("already imported (#{import_id})"),
                FileStatus::Failed { .. } => "FAILED".to_string(),
                other => other.to_string(),
            },
            periods: abbreviate(&r.billing_periods, 3),
            accounts: abbreviate(&r.accounts, 2),
            read: r.rows_read,
            stored: r.rows_stored,
            rejected: r.rows_rejected,
            replaced: r.rows_replaced,
            billed: money(&r.totals, |t| t.billed_cost),
            effective: money(&r.totals, |t| t.effective_cost),
        });
        let mut table = Table::new(rows);
        table.with(Style::rounded());
        writeln!(f, "{table}")?;
        write!(f, "{} file(s), {} rows read, {} stored", self.files.len(), self.rows_read(), self.rows_stored())?;
        for r in &self.files {
            if let FileStatus::Failed { error } = &r.status {
                write!(f, "\n{error}")?;
            }
            for sample in &r.rejected_samples {
                write!(f, "\nskipped: {sample}")?;
            }
        }
        Ok(())
    }
}
