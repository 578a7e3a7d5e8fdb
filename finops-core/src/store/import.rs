//! One file's import: a single transaction that stores its rows, replaces the slices it restates, and
//! records it in the ledger. Any error rolls everything back: the database is exactly as before.
//!
//! A slice is (provider, billing account, billing period). Providers restate a month's export while the
//! month runs, so the newest import of a slice replaces the rows earlier imports stored for it. The one
//! exception is Azure: an actual-cost file never replaces an amortized one (the amortized view holds both
//! BilledCost and EffectiveCost), so its rows for such slices are counted as superseded and not stored.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::time::Instant;

use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::daily::{bump_data_version, DailyKey, DailySums, Slice};
use super::dictionary::Dictionary;
use super::encode::{read_rows, Batch, EncodedRow};
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
    /// When true, rows with an invalid value (non-numeric cost, bad date, unknown enum value) are skipped
    /// and counted in `rows_rejected`; when false (the default) such a row rejects the whole file.
    /// Structural problems (missing column, ragged row, bad encoding) always reject the file.
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

fn hash_file(path: &Path) -> Result<(String, u64)> {
    use std::io::Read;
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = blake3::Hasher::new();
    // 16 MB chunks hashed on all cores: fast, in constant memory (an mmap would count the file as resident).
    let mut chunk = vec![0u8; 16 << 20];
    let mut size = 0u64;
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
        size += filled as u64;
    }
    Ok((hasher.finalize().to_hex().to_string(), size))
}

impl Store {
    /// Imports one file (see the module docs for slices and replacement).
    pub fn import_file(&mut self, path: &Path, options: &IngestOptions) -> Result<FileReport> {
        let started = Instant::now();
        let mut report = FileReport::new(path.to_path_buf());
        let (hash, size) = hash_file(path)?;
        report.file_hash = hash.clone();
        let earlier: Option<(i64, String)> = self
            .conn()
            .query_row("SELECT id, imported_at FROM imports WHERE file_hash = ?1", [&hash], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(self.err())?;
        if let Some((import_id, imported_at)) = earlier {
            report.status = FileStatus::AlreadyImported { import_id, imported_at };
            report.import_id = Some(import_id);
            report.duration = started.elapsed();
            return Ok(report);
        }
        let mut opened = ingest::open(path, &options.read)?;
        report.format = Some(opened.format);
        report.cost_view = Some(opened.cost_view);
        let db_path = self.path.clone();
        let err = move |source| Error::Database { path: db_path.clone(), source };
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
        tx.execute(
            "INSERT INTO imports(path, file_hash, file_size, format, cost_view, imported_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'importing')",
            params![path.display().to_string(), hash, size as i64, opened.format.name(), opened.cost_view.as_str(), chrono::Utc::now().to_rfc3339()],
        )
        .map_err(&err)?;
        let import_id = tx.last_insert_rowid();
        let mut dictionary = Dictionary::default();
        let mut daily = DailySums::default();
        let mut slices: HashMap<Slice, u64> = HashMap::new();
        let mut inserted = 0u64;
        // Two cores, two stages: a reader thread parses, maps and encodes rows while this thread writes them.
        // The transaction stays on this thread (a SQLite connection is not shared).
        let (sender, receiver) = sync_channel::<Batch>(4);
        let skip_bad_rows = options.skip_bad_rows;
        let (read, written) = std::thread::scope(|scope| {
            let reader = scope.spawn(|| read_rows(&mut opened, path, skip_bad_rows, sender));
            let written = (|receiver: Receiver<Batch>| -> rusqlite::Result<()> {
                let mut insert = tx.prepare_cached(INSERT_LINE_ITEM)?;
                for batch in receiver {
                    dictionary.absorb(&tx, &batch)?;
                    for row in &batch.rows {
                        let slice = insert_line_item(&mut insert, &dictionary, import_id, row)?;
                        *slices.entry(slice).or_default() += 1;
                        daily.add(daily_key(&dictionary, slice, row), row.costs, row.quantities[0]);
                    }
                    inserted += batch.rows.len() as u64;
                    if let Some(progress) = &options.progress {
                        progress(path, batch.rows_read, batch.bytes_read, size);
                    }
                }
                Ok(())
            })(receiver);
            // The receiver is gone by now, so a reader blocked on a full channel wakes up and stops.
            let read = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (read, written)
        });
        let read = read?;
        written.map_err(&err)?;
        report.rows_read = read.rows_read;
        report.rows_rejected = read.rows_rejected;
        report.rejected_samples = read.rejected_samples;
        if report.rows_read == 0 {
            return Err(Error::EmptyFile { path: path.to_path_buf() });
        }
        let superseded = resolve_slices(&tx, import_id, opened.cost_view, &slices, &mut report).map_err(&err)?;
        daily.write(&tx, |slice| superseded.contains(slice)).map_err(&err)?;
        bump_data_version(&tx).map_err(&err)?;
        report.rows_stored = inserted - report.rows_superseded;
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
            if inserted > 0 && report.rows_stored == 0 { FileStatus::Superseded } else { FileStatus::Imported };
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
        tx.commit().map_err(&err)?;
        if let Some(progress) = &options.progress {
            // bytes_read == size tells a progress bar the file is done.
            progress(path, report.rows_read, size, size);
        }
        report.import_id = Some(import_id);
        Ok(report)
    }
}

/// Replaces earlier imports' rows for each slice this import holds, or drops this import's rows where an
/// amortized view must win over an actual one; returns those superseded slices.
fn resolve_slices(
    tx: &rusqlite::Transaction<'_>,
    import_id: i64,
    view: CostView,
    slices: &HashMap<Slice, u64>,
    report: &mut FileReport,
) -> rusqlite::Result<HashSet<Slice>> {
    let mut holders = tx.prepare(
        "SELECT li.import_id, i.cost_view, COUNT(*) FROM line_items li JOIN imports i ON i.id = li.import_id
         WHERE li.provider = ?1 AND li.billing_account = ?2 AND li.billing_period_start = ?3 AND li.import_id <> ?4
         GROUP BY li.import_id, i.cost_view",
    )?;
    let mut delete = tx.prepare(
        "DELETE FROM line_items WHERE provider = ?1 AND billing_account = ?2 AND billing_period_start = ?3 AND import_id = ?4",
    )?;
    let mut touched = BTreeSet::new();
    let mut superseded = HashSet::new();
    for (&(provider, account, period), &count) in slices {
        let earlier: Vec<(i64, String, i64)> = holders
            .query_map(params![provider, account, period, import_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if view == CostView::Actual && earlier.iter().any(|(_, v, _)| v == CostView::Amortized.as_str()) {
            delete.execute(params![provider, account, period, import_id])?;
            report.rows_superseded += count;
            superseded.insert((provider, account, period));
            continue;
        }
        for (old, _, n) in earlier {
            delete.execute(params![provider, account, period, old])?;
            report.rows_replaced += n as u64;
            touched.insert(old);
        }
    }
    for old in &touched {
        tx.execute(
            "UPDATE imports SET status = CASE WHEN EXISTS (SELECT 1 FROM line_items WHERE import_id = ?1)
                 THEN 'partly replaced' ELSE 'replaced' END WHERE id = ?1",
            [old],
        )?;
    }
    report.replaced_imports = touched.into_iter().collect();
    Ok(superseded)
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

const INSERT_LINE_ITEM: &str = "INSERT INTO line_items(import_id, provider, billing_account, sub_account, currency,
     billing_period_start, billing_period_end, charge_period_start, charge_period_end, charge_category, charge_class,
     charge_frequency, pricing_category, service_category, commitment_discount_category, commitment_discount_status,
     service, region, resource, commitment_discount, billed_cost, effective_cost, list_cost, contracted_cost,
     pricing_quantity, consumed_quantity, list_unit_price, contracted_unit_price, commitment_discount_quantity,
     tag_set, attributes, pricing_unit)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,
     ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)";

fn insert_line_item(
    insert: &mut rusqlite::CachedStatement<'_>,
    dictionary: &Dictionary,
    import_id: i64,
    row: &EncodedRow,
) -> rusqlite::Result<Slice> {
    let account = dictionary.string(row.billing_account);
    let [billing_start, billing_end, charge_start, charge_end] = row.periods;
    let [category, class, frequency, pricing, service_category, cd_category, cd_status] = row.enums;
    let [billed, effective, list, contracted] = row.costs;
    let [pricing_quantity, consumed_quantity, list_unit_price, contracted_unit_price, cd_quantity] = row.quantities;
    insert.execute(params![
        import_id,
        row.provider,
        account,
        dictionary.string_opt(row.sub_account),
        dictionary.string(row.currency),
        billing_start,
        billing_end,
        charge_start,
        charge_end,
        category,
        class,
        frequency,
        pricing,
        service_category,
        cd_category,
        cd_status,
        dictionary.string(row.service),
        dictionary.string_opt(row.region),
        dictionary.string_opt(row.resource),
        dictionary.string_opt(row.commitment_discount),
        billed,
        effective,
        list,
        contracted,
        pricing_quantity,
        consumed_quantity,
        list_unit_price,
        contracted_unit_price,
        cd_quantity,
        dictionary.tag_set(row.tag_set),
        dictionary.string_opt(row.attributes),
        dictionary.string_opt(row.pricing_unit),
    ])?;
    Ok((row.provider, account, billing_start))
}
