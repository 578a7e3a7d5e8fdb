//! One file's import: a single transaction that stores its rows, replaces the slices it restates, and
//! records it in the ledger. Any error rolls everything back: the database is exactly as before.
//!
//! A slice is (provider, billing account, billing period). Providers restate a month's export while the
//! month runs, so the newest import of a slice replaces the rows earlier imports stored for it. The one
//! exception is Azure: an actual-cost file never replaces an amortized one (the amortized view holds both
//! BilledCost and EffectiveCost), so its rows for such slices are counted as superseded and not stored.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::time::Instant;

use foldhash::fast::RandomState;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::daily::{bump_data_version, DailyKey, DailySums, Slice};
use super::dictionary::Dictionary;
use super::encode::{read_rows, Batch, EncodedRow};
use super::missing_currency::settle;
use super::Store;
use crate::error::{Error, Result};
use crate::ingest::{self, CostView, ReadOptions};
use crate::report::{FileReport, FileStatus};

/// Progress of one file: rows read so far, bytes read so far, and the file's size.
pub type ProgressFn = dyn Fn(&Path, u64, u64, u64) + Send + Sync;

/// How to ingest.
#[derive(Clone, Default)]
pub struct IngestOptions {
    /// How values are read.
    pub read: ReadOptions,
    /// When true, rows with an invalid value (non-numeric cost, bad date, unknown enum value, no currency the
    /// file can give them) or with more or fewer fields than the others (a ragged row) are skipped and counted
    /// in `rows_rejected`, the first ones listed in the report; when false (the default) such a row rejects the
    /// whole file. Problems with the file as a whole (missing column, bad encoding, broken CSV quoting, a
    /// truncated gzip stream) always reject it.
    pub skip_bad_rows: bool,
    /// Called every few thousand rows and at the end of each file.
    pub progress: Option<Arc<ProgressFn>>,
}

impl std::fmt::Debug for IngestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestOptions")
            .field("read", &self.read)
            .field("skip_bad_rows", &self.skip_bad_rows)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Hashes a file a step at a time, on the writer's thread between batches (it has time to spare: the reader is
/// the busier stage), so a new file is read and hashed at once rather than hashed first.
struct StepHasher<'a> {
    path: &'a Path,
    file: std::fs::File,
    hasher: blake3::Hasher,
    chunk: Vec<u8>,
    end: bool,
}

impl<'a> StepHasher<'a> {
    /// Bytes hashed per batch written: a batch covers a few megabytes of a CSV, so the hash keeps ahead.
    const STEP: usize = 8 << 20;

    fn open(path: &'a Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        Ok(StepHasher { path, file, hasher: blake3::Hasher::new(), chunk: vec![0; 1 << 20], end: false })
    }

    fn step(&mut self, mut budget: usize) -> Result<()> {
        use std::io::Read;
        while !self.end && budget > 0 {
            let n = self
                .file
                .read(&mut self.chunk)
                .map_err(|source| Error::Io { path: self.path.to_path_buf(), source })?;
            self.hasher.update(&self.chunk[..n]);
            self.end = n == 0;
            budget = budget.saturating_sub(n);
        }
        Ok(())
    }

    /// The hash (hex) of the whole file.
    fn finish(mut self) -> Result<String> {
        self.step(usize::MAX)?;
        Ok(self.hasher.finalize().to_hex().to_string())
    }
}

/// The BLAKE3 hash (hex) of the file's bytes.
fn hash_file(path: &Path) -> Result<String> {
    use std::io::Read;
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = blake3::Hasher::new();
    // 16 MB chunks hashed on all cores: fast, in constant memory (an mmap would count the file as resident).
    let mut chunk = vec![0u8; 16 << 20];
    loop {
        let mut filled = 0;
        while filled < chunk.len() {
            match file.read(&mut chunk[filled..]).map_err(io)? {
                0 => break,
                n => filled += n,
            }
        }
        if filled == 0 {
            break;
        }
        hasher.update_rayon(&chunk[..filled]);
    }
    Ok(hasher.finalize().to_hex().to_string())
}

/// The import (id, time) that recorded this file hash, if one did.
fn import_of_hash(conn: &rusqlite::Connection, hash: &str) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row("SELECT id, imported_at FROM imports WHERE file_hash = ?1", [hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

impl Store {
    /// Imports one file (see the module docs for slices and replacement).
    pub fn import_file(&mut self, path: &Path, options: &IngestOptions) -> Result<FileReport> {
        let started = Instant::now();
        let mut report = FileReport::new(path.to_path_buf());
        let size = std::fs::metadata(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?.len();
        // Identical files have identical sizes: when no earlier import has this size, this file is new, and it is
        // hashed while it is imported. Otherwise it is hashed first, so a re-import is known before any parsing.
        let same_size: bool = self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM imports WHERE file_size = ?1)", [size as i64], |r| r.get(0))
            .map_err(self.err())?;
        let hasher = if same_size { None } else { Some(StepHasher::open(path)?) };
        if hasher.is_none() {
            report.file_hash = hash_file(path)?;
            if let Some(earlier) = import_of_hash(self.conn(), &report.file_hash).map_err(self.err())? {
                return Ok(report.already_imported(earlier, started.elapsed()));
            }
        }
        let opened = ingest::open(path, &options.read)?;
        report.format = Some(opened.format);
        report.cost_view = Some(opened.cost_view);
        // Foreign keys are not checked row by row while the rows go in: every id a line item holds comes from
        // this import's dictionary, which found or inserted it in this same transaction. The check was eleven
        // parent lookups per row, a third of the writer's time. Tests run `PRAGMA foreign_key_check` after
        // imports of every format.
        self.conn().pragma_update(None, "foreign_keys", false).map_err(self.err())?;
        let stored = self.store_rows(path, options, opened, hasher, report, (size, started));
        let restored = self.conn().pragma_update(None, "foreign_keys", true).map_err(self.err());
        let report = stored?;
        restored?;
        Ok(report)
    }

    /// The import's transaction (see [`Store::import_file`]).
    fn store_rows(
        &mut self,
        path: &Path,
        options: &IngestOptions,
        mut opened: ingest::Opened,
        mut hasher: Option<StepHasher<'_>>,
        mut report: FileReport,
        (size, started): (u64, Instant),
    ) -> Result<FileReport> {
        let db_path = self.path.clone();
        let err = move |source| Error::Database { path: db_path.clone(), source };
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
        // The hash is known before the commit; until then a placeholder, unique since this transaction is the only
        // writer.
        let placeholder = if report.file_hash.is_empty() { "pending" } else { report.file_hash.as_str() };
        tx.execute(
            "INSERT INTO imports(path, file_hash, file_size, format, cost_view, imported_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'importing')",
            params![path.display().to_string(), placeholder, size as i64, opened.format.name(), opened.cost_view.as_str(), chrono::Utc::now().to_rfc3339()],
        )
        .map_err(&err)?;
        let import_id = tx.last_insert_rowid();
        let mut dictionary = Dictionary::default();
        let mut daily = DailySums::default();
        let mut rows_stored = 0u64;
        let mut rows_superseded = 0u64;
        // Two cores, two stages: a reader thread parses, maps and encodes rows while this thread writes them.
        // The transaction stays on this thread (a SQLite connection is not shared).
        let (sender, receiver) = sync_channel::<Batch>(4);
        let view = opened.cost_view;
        let (read, written) = std::thread::scope(|scope| {
            let reader = scope.spawn(|| read_rows(&mut opened, path, options, sender));
            let written = (|receiver: Receiver<Batch>| -> Result<Slices<'_>> {
                let mut slices = Slices::new(&tx, import_id, view).map_err(&err)?;
                for batch in receiver {
                    dictionary.absorb(&tx, &batch).map_err(&err)?;
                    let mut stored = Vec::with_capacity(batch.rows.len());
                    for row in &batch.rows {
                        let slice = (row.provider, dictionary.string(row.billing_account), row.periods[0]);
                        if slices.admit(slice).map_err(&err)? {
                            daily.add(daily_key(&dictionary, slice, row), row.costs, row.quantities[0]);
                            stored.push(row);
                        } else {
                            rows_superseded += 1;
                        }
                    }
                    insert_line_items(&tx, &dictionary, import_id, &stored).map_err(&err)?;
                    rows_stored += stored.len() as u64;
                    super::kill_point::reached("insert");
                    if let Some(hasher) = &mut hasher {
                        hasher.step(StepHasher::STEP)?;
                    }
                    if let Some(progress) = &options.progress {
                        progress(path, batch.rows_read, batch.bytes_read, size);
                    }
                }
                Ok(slices)
            })(receiver);
            // The receiver is gone by now, so a reader blocked on a full channel wakes up and stops.
            let read = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (read, written)
        });
        let mut read = read?;
        let slices = written?;
        let currency_column = (path, opened.currency_column.as_deref());
        rows_stored -= settle(&tx, import_id, currency_column, options.skip_bad_rows, &mut read, &mut daily)?;
        if let Some(hasher) = hasher {
            report.file_hash = hasher.finish()?;
            // Another process may have imported the same file between the size check and this transaction.
            if let Some(earlier) = import_of_hash(&tx, &report.file_hash).map_err(&err)? {
                // Dropping the transaction rolls this import back.
                return Ok(report.already_imported(earlier, started.elapsed()));
            }
            tx.execute("UPDATE imports SET file_hash = ?2 WHERE id = ?1", params![import_id, report.file_hash])
                .map_err(&err)?;
        }
        report.rows_read = read.rows_read;
        report.rows_rejected = read.rows_rejected;
        report.rejected_samples = read.rejected_samples;
        if report.rows_read == 0 {
            return Err(Error::EmptyFile { path: path.to_path_buf() });
        }
        (report.replaced_imports, report.rows_replaced) = slices.finish(&tx).map_err(&err)?;
        daily.write(&tx).map_err(&err)?;
        bump_data_version(&tx).map_err(&err)?;
        report.rows_stored = rows_stored;
        report.rows_superseded = rows_superseded;
        report.providers = read.providers.iter().map(|p| p.as_str().to_string()).collect();
        report.billing_periods = read
            .periods
            .iter()
            .filter_map(|t| chrono::DateTime::from_timestamp(*t, 0))
            .map(|t| t.format("%Y-%m").to_string())
            .collect();
        report.accounts = read.accounts.into_iter().collect();
        report.totals = read.totals.into_values().collect();
        report.status =
            if rows_superseded > 0 && rows_stored == 0 { FileStatus::Superseded } else { FileStatus::Imported };
        report.duration = started.elapsed();
        tx.execute(
            "UPDATE imports SET providers = ?2, billing_periods = ?3, accounts = ?4, currencies = ?5, rows_read = ?6,
                 rows_stored = ?7, rows_rejected = ?8, rows_superseded = ?9, rows_replaced = ?10, duration_ms = ?11, status = ?12
             WHERE id = ?1",
            params![
                import_id,
                report.providers.join(","),
                report.billing_periods.join(","),
                report.accounts.join(","),
                report.totals.iter().map(|t| t.currency.as_str()).collect::<Vec<_>>().join(","),
                report.rows_read as i64,
                report.rows_stored as i64,
                report.rows_rejected as i64,
                report.rows_superseded as i64,
                report.rows_replaced as i64,
                report.duration.as_millis() as i64,
                if report.status == FileStatus::Superseded { "superseded" } else { "active" },
            ],
        )
        .map_err(&err)?;
        super::kill_point::reached("commit");
        tx.commit().map_err(&err)?;
        if let Some(progress) = &options.progress {
            // bytes_read == size tells a progress bar the file is done.
            progress(path, report.rows_read, size, size);
        }
        report.import_id = Some(import_id);
        Ok(report)
    }
}

/// The slices an import writes. The first row of each slice decides, before any of its rows is written, whether
/// this import replaces the rows earlier imports hold for it (they are deleted then) or, being an actual-cost
/// view of a slice an amortized view already holds, is superseded there (its rows are not written).
struct Slices<'tx> {
    import_id: i64,
    view: CostView,
    holders: rusqlite::Statement<'tx>,
    delete: rusqlite::Statement<'tx>,
    admitted: HashMap<Slice, bool, RandomState>,
    /// Rows arrive grouped by slice: the last answer saves a lookup per row.
    last: Option<(Slice, bool)>,
    replaced_imports: BTreeSet<i64>,
    rows_replaced: u64,
}

impl<'tx> Slices<'tx> {
    fn new(tx: &'tx rusqlite::Transaction<'_>, import_id: i64, view: CostView) -> rusqlite::Result<Self> {
        Ok(Slices {
            import_id,
            view,
            holders: tx.prepare(
                "SELECT li.import_id, i.cost_view, COUNT(*) FROM line_items li JOIN imports i ON i.id = li.import_id
                 WHERE li.provider = ?1 AND li.billing_account = ?2 AND li.billing_period_start = ?3 AND li.import_id <> ?4
                 GROUP BY li.import_id, i.cost_view",
            )?,
            delete: tx.prepare(
                "DELETE FROM line_items
                 WHERE provider = ?1 AND billing_account = ?2 AND billing_period_start = ?3 AND import_id = ?4",
            )?,
            admitted: HashMap::default(),
            last: None,
            replaced_imports: BTreeSet::new(),
            rows_replaced: 0,
        })
    }

    /// True when this import's rows of `slice` are to be stored.
    fn admit(&mut self, slice: Slice) -> rusqlite::Result<bool> {
        if let Some((_, admitted)) = self.last.filter(|(last, _)| *last == slice) {
            return Ok(admitted);
        }
        let admitted = match self.admitted.get(&slice) {
            Some(admitted) => *admitted,
            None => {
                let admitted = self.resolve(slice)?;
                self.admitted.insert(slice, admitted);
                admitted
            }
        };
        self.last = Some((slice, admitted));
        Ok(admitted)
    }

    fn resolve(&mut self, (provider, account, period): Slice) -> rusqlite::Result<bool> {
        let earlier: Vec<(i64, String, i64)> = self
            .holders
            .query_map(params![provider, account, period, self.import_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if self.view == CostView::Actual && earlier.iter().any(|(_, v, _)| v == CostView::Amortized.as_str()) {
            return Ok(false);
        }
        for (old, _, n) in earlier {
            self.delete.execute(params![provider, account, period, old])?;
            self.rows_replaced += n as u64;
            self.replaced_imports.insert(old);
        }
        Ok(true)
    }

    /// Marks the imports whose rows were replaced; returns them and how many rows they lost.
    fn finish(self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<(Vec<i64>, u64)> {
        for old in &self.replaced_imports {
            tx.execute(
                "UPDATE imports SET status = CASE WHEN EXISTS (SELECT 1 FROM line_items WHERE import_id = ?1)
                     THEN 'partly replaced' ELSE 'replaced' END WHERE id = ?1",
                [old],
            )?;
        }
        Ok((self.replaced_imports.into_iter().collect(), self.rows_replaced))
    }
}

fn daily_key(dictionary: &Dictionary, slice: Slice, row: &EncodedRow) -> DailyKey {
    let [category, _, _, _, service_category, _, _] = row.enums;
    (
        slice,
        row.periods[2] / 86_400, // as SQL truncates, so the migration backfill agrees
        dictionary.string_opt(row.sub_account),
        dictionary.string(row.service),
        service_category.unwrap_or_default(),
        dictionary.string_opt(row.region),
        category.unwrap_or_default(),
        dictionary.string(row.currency),
        dictionary.tag_set(row.tag_set),
        dictionary.string_opt(row.pricing_unit),
    )
}

/// The `line_items` columns an import writes, in the order [`bind_line_item`] binds them.
const LINE_ITEM_COLUMNS: &str = "import_id, provider, billing_account, sub_account, currency, billing_period_start,
     billing_period_end, charge_period_start, charge_period_end, charge_category, charge_class, charge_frequency,
     pricing_category, service_category, commitment_discount_category, commitment_discount_status, service, region,
     resource, commitment_discount, billed_cost, effective_cost, list_cost, contracted_cost, pricing_quantity,
     consumed_quantity, list_unit_price, contracted_unit_price, commitment_discount_quantity, tag_set, attributes,
     pricing_unit";
const PARAMETERS_PER_ROW: usize = 32;

/// Rows per `INSERT` statement. Starting a statement (cursors on the table and its indexes, the VDBE program)
/// cost as much as binding a row; 64 rows per statement take 2,048 parameters, well under SQLite's 32,766.
const ROWS_PER_INSERT: usize = 64;

/// An `INSERT` of `rows` line items.
fn insert_sql(rows: usize) -> String {
    let row = format!("({})", vec!["?"; PARAMETERS_PER_ROW].join(", "));
    format!("INSERT INTO line_items({LINE_ITEM_COLUMNS}) VALUES {}", vec![row; rows].join(", "))
}

/// Inserts `rows`, [`ROWS_PER_INSERT`] to a statement.
fn insert_line_items(
    tx: &rusqlite::Transaction<'_>,
    dictionary: &Dictionary,
    import_id: i64,
    rows: &[&EncodedRow],
) -> rusqlite::Result<()> {
    let mut chunks = rows.chunks_exact(ROWS_PER_INSERT);
    let mut many = tx.prepare_cached(&insert_sql(ROWS_PER_INSERT))?;
    for chunk in &mut chunks {
        for (i, row) in chunk.iter().enumerate() {
            bind_line_item(&mut many, i * PARAMETERS_PER_ROW, dictionary, import_id, row)?;
        }
        many.raw_execute()?;
    }
    let mut one = tx.prepare_cached(&insert_sql(1))?;
    for row in chunks.remainder() {
        bind_line_item(&mut one, 0, dictionary, import_id, row)?;
        one.raw_execute()?;
    }
    Ok(())
}

/// Binds one row's values to parameters `offset + 1 ..= offset + 32` of `insert`.
fn bind_line_item(
    insert: &mut rusqlite::CachedStatement<'_>,
    offset: usize,
    dictionary: &Dictionary,
    import_id: i64,
    row: &EncodedRow,
) -> rusqlite::Result<()> {
    let [category, class, frequency, pricing, service_category, cd_category, cd_status] = row.enums;
    let values: [&dyn rusqlite::ToSql; PARAMETERS_PER_ROW] = [
        &import_id,
        &row.provider,
        &dictionary.string(row.billing_account),
        &dictionary.string_opt(row.sub_account),
        &dictionary.string(row.currency),
        &row.periods[0],
        &row.periods[1],
        &row.periods[2],
        &row.periods[3],
        &category,
        &class,
        &frequency,
        &pricing,
        &service_category,
        &cd_category,
        &cd_status,
        &dictionary.string(row.service),
        &dictionary.string_opt(row.region),
        &dictionary.string_opt(row.resource),
        &dictionary.string_opt(row.commitment_discount),
        &row.costs[0],
        &row.costs[1],
        &row.costs[2],
        &row.costs[3],
        &row.quantities[0],
        &row.quantities[1],
        &row.quantities[2],
        &row.quantities[3],
        &row.quantities[4],
        &dictionary.tag_set(row.tag_set),
        &dictionary.string_opt(row.attributes),
        &dictionary.string_opt(row.pricing_unit),
    ];
    for (i, value) in values.into_iter().enumerate() {
        insert.raw_bind_parameter(offset + i + 1, value)?;
    }
    Ok(())
}
