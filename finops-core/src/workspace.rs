//! The entry point: a finops database and what a user does with it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::DataFrame;

use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::report::{FileReport, FileStatus, ImportReport};
use crate::store::{ImportRecord, IngestOptions, Store};

/// The database used when no path is given: `$FINOPS_DB`, else `data/finops.db`.
pub fn default_db_path() -> PathBuf {
    std::env::var_os("FINOPS_DB")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data/finops.db"))
}

/// A finops workspace: one SQLite database of normalized cost data.
#[derive(Debug)]
pub struct Workspace {
    store: Store,
}

impl Workspace {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Workspace> {
        Ok(Workspace { store: Store::open(path.as_ref())? })
    }

    /// Opens the default database (see [`default_db_path`]).
    pub fn open_default() -> Result<Workspace> {
        Self::open(default_db_path())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The store, for services that query it.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Ingests a file, a directory (every file in it, recursively, sorted) or a glob pattern, with a progress
    /// bar on a terminal.
    ///
    /// A single file that fails returns its error and changes nothing. With several files each one is its
    /// own transaction: a failed file is reported as [`FileStatus::Failed`] and the others still import.
    pub fn ingest(&mut self, path: impl AsRef<Path>) -> Result<ImportReport> {
        self.ingest_with(path, &IngestOptions { progress: Some(terminal_progress()), ..Default::default() })
    }

    /// Like [`Workspace::ingest`] with explicit options.
    pub fn ingest_with(&mut self, path: impl AsRef<Path>, options: &IngestOptions) -> Result<ImportReport> {
        let path = path.as_ref();
        let files = expand(path)?;
        let single = files.len() == 1 && path.is_file();
        let mut report = ImportReport::default();
        for file in files {
            match self.store.import_file(&file, options) {
                Ok(r) => report.files.push(r),
                Err(e) if single => return Err(e),
                Err(e) => {
                    tracing::warn!("{e}");
                    let mut failed = FileReport::new(file);
                    failed.status = FileStatus::Failed { error: e.to_string() };
                    report.files.push(failed);
                }
            }
        }
        Ok(report)
    }

    /// The import ledger, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        self.store.imports()
    }

    /// Line items selected by `filter` as a DataFrame with FOCUS column names (see [`Store::line_items`]).
    pub fn line_items(&self, filter: &Filter) -> Result<DataFrame> {
        self.store.line_items(filter)
    }
}

/// The files an ingest path stands for: the file itself, a directory's files (recursively, sorted,
/// hidden files, docs and export manifests skipped), or a glob's matches.
pub fn expand(path: &Path) -> Result<Vec<PathBuf>> {
    let text = path.to_string_lossy();
    let mut files = Vec::new();
    if path.is_file() {
        files.push(path.to_path_buf());
    } else if path.is_dir() {
        walk(path, &mut files)?;
    } else if text.contains(['*', '?', '[']) {
        let pattern = glob::glob(&text).map_err(|e| Error::InvalidArgument(format!("bad glob {text}: {e}")))?;
        for entry in pattern.flatten() {
            if entry.is_file() {
                files.push(entry);
            } else if entry.is_dir() {
                walk(&entry, &mut files)?;
            }
        }
    } else {
        return Err(Error::Io { path: path.to_path_buf(), source: std::io::ErrorKind::NotFound.into() });
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Err(Error::NoFiles { pattern: text.into_owned() });
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        let p = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let lower = name.to_ascii_lowercase();
        // Hidden files, docs, and manifests (AWS `*-Manifest.json`, the generator's `manifest.json`) are
        // not billing data.
        if name.starts_with('.')
            || lower.ends_with("manifest.json")
            || lower.ends_with(".md")
            || lower.ends_with(".txt")
        {
            continue;
        }
        if p.is_dir() {
            walk(&p, files)?;
        } else {
            files.push(p);
        }
    }
    Ok(())
}

fn terminal_progress() -> Arc<crate::store::ProgressFn> {
    use indicatif::{ProgressBar, ProgressStyle};
    use std::sync::Mutex;
    let bar: Mutex<Option<(PathBuf, ProgressBar)>> = Mutex::new(None);
    Arc::new(move |path: &Path, rows: u64, bytes: u64, size: u64| {
        let mut guard = bar.lock().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().map(|(p, _)| p.as_path()) != Some(path) {
            if let Some((_, old)) = guard.take() {
                old.finish_and_clear();
            }
            // indicatif draws nothing when stderr is not a terminal.
            let pb = ProgressBar::new(size);
            pb.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            pb.set_message(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
            *guard = Some((path.to_path_buf(), pb));
        }
        if let Some((_, pb)) = guard.as_ref() {
            pb.set_position(bytes.min(size));
            pb.set_message(format!(
                "{} {rows} rows",
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            if bytes >= size {
                pb.finish_and_clear();
            }
        }
    })
}
