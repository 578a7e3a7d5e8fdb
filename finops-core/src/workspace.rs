//! The entry point: a finops database and what a user does with it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use polars::prelude::DataFrame;

use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::infra::Config;
use crate::report::{FileReport, FileStatus, ImportReport};
use crate::services::analytics::Analytics;
use crate::services::anomaly::{Anomalies, AnomalyEvent, AnomalyOptions, Feedback};
use crate::services::chat::{Answer, ChatSession};
use crate::services::forecast::{Forecast, ForecastOptions, Projection};
use crate::services::insights::{InsightOptions, Insights};
use crate::services::recommendations::{self, RecommendationOptions, Recommendations, RuleCode};
use crate::store::{ImportRecord, IngestOptions, Store};

/// The database used when no path is given: `$FINOPS_DB`, else FINOPS_DB in `.env`, else `data/finops.db`.
pub fn default_db_path() -> PathBuf {
    match Config::load() {
        Ok(config) => config.db_path,
        // A `.env` with a bad value elsewhere must not hide an explicit FINOPS_DB.
        Err(_) => std::env::var_os("FINOPS_DB")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| Config::default().db_path),
    }
}

/// A finops workspace: one SQLite database of normalized cost data, or a daily aggregate another engine
/// computed ([`Workspace::from_daily_frame`]): the same analyses over either.
#[derive(Debug)]
pub struct Workspace {
    /// None for a workspace over a daily aggregate: nothing to import into, no line items.
    store: Option<Store>,
    config: Config,
    analytics: OnceLock<Analytics>,
    /// The events of this session's detections by id, so feedback can name an event by its id alone.
    detected: Mutex<HashMap<String, AnomalyEvent>>,
}

impl Workspace {
    /// Opens (creating if needed) the database at `path`, with the configuration from the environment and
    /// `.env` ([`Config::load`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Workspace> {
        Self::open_with_config(path, Config::load()?)
    }

    /// Opens (creating if needed) the database at `path` with an explicit configuration (its `db_path` is
    /// not used).
    pub fn open_with_config(path: impl AsRef<Path>, config: Config) -> Result<Workspace> {
        Ok(Workspace {
            store: Some(Store::open(path.as_ref())?),
            config,
            analytics: OnceLock::new(),
            detected: Mutex::default(),
        })
    }

    /// A workspace over a daily aggregate computed elsewhere (Spark over a data lake, say), with the
    /// columns of [`crate::DAILY_FRAME_COLUMNS`]: KPIs, panels, anomalies, forecasts, insights and the chat
    /// work as on a database (at the aggregate's grain: no usage types or resources below services); what
    /// needs line items or a database (ingest, recommendations, feedback, resource filters) is
    /// [`Error::NotAvailable`].
    pub fn from_daily_frame(frame: &DataFrame) -> Result<Workspace> {
        let config = Config::load()?;
        let source = crate::store::FrameSource::new(frame)?;
        let analytics = OnceLock::new();
        let _ = analytics.set(Analytics::over(crate::store::Source::Frame(source), &config));
        Ok(Workspace { store: None, config, analytics, detected: Mutex::default() })
    }

    /// The store, or what asked for it is not available on a daily aggregate.
    fn db(&self, what: &'static str) -> Result<&Store> {
        let analytics = self.analytics.get();
        self.store.as_ref().ok_or_else(|| Error::NotAvailable {
            what,
            data: analytics.map_or_else(|| "this workspace".into(), |a| a.source().describe()),
        })
    }

    /// Opens the default database (see [`default_db_path`]).
    pub fn open_default() -> Result<Workspace> {
        let config = Config::load()?;
        Self::open_with_config(config.db_path.clone(), config)
    }

    /// The configuration in effect.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The analytics service on this database (KPIs, ranking, distribution, monthly, daily, cost per unit),
    /// created on first use. It sees every import made since, through any connection.
    pub fn analytics(&self) -> Result<&Analytics> {
        if let Some(analytics) = self.analytics.get() {
            return Ok(analytics);
        }
        let analytics = Analytics::open(self.db("analytics")?, &self.config)?;
        Ok(self.analytics.get_or_init(|| analytics))
    }

    /// Cost anomalies of the filter's selection (see [`Analytics::anomalies`]).
    pub fn anomalies(&self, filter: &Filter, options: &AnomalyOptions) -> Result<Anomalies> {
        let found = self.analytics()?.anomalies(filter, options)?;
        let mut detected = self.detected.lock().unwrap_or_else(|p| p.into_inner());
        detected.extend(found.events.iter().map(|e| (e.id(), e.clone())));
        Ok(found)
    }

    /// Forecast of the filter's selection (see [`Analytics::forecast`]).
    pub fn forecast(&self, filter: &Filter, options: &ForecastOptions) -> Result<Forecast> {
        self.analytics()?.forecast(filter, options)
    }

    /// Month, quarter and year-end projections, and the month against a budget (see [`Analytics::month_end`]).
    pub fn month_end(&self, filter: &Filter, budget: Option<f64>) -> Result<Projection> {
        self.analytics()?.month_end(filter, budget)
    }

    /// Why the cost of the filter's selection moved between two periods (see [`crate::services::insights`]).
    pub fn insights(&self, filter: &Filter, options: &InsightOptions) -> Result<Insights> {
        crate::services::insights::explain(self.analytics()?, filter, options)
    }

    /// Records a user's feedback on an anomaly event (see [`Store::set_anomaly_feedback`]): a false alarm or
    /// planned activity is not raised again.
    pub fn set_anomaly_feedback(&self, event: &AnomalyEvent, feedback: Feedback, note: Option<&str>) -> Result<()> {
        self.db("anomaly feedback")?.set_anomaly_feedback(event, feedback, note)
    }

    /// Records feedback on the anomaly event with this [`AnomalyEvent::id`]: one detected in this session, or one
    /// already stored (feedback given earlier). An unknown id is an [`Error::InvalidArgument`].
    pub fn anomaly_feedback(&self, id: &str, feedback: Feedback, note: Option<&str>) -> Result<()> {
        let event = self.detected.lock().unwrap_or_else(|p| p.into_inner()).get(id).cloned();
        if let Some(event) = event {
            return self.db("anomaly feedback")?.set_anomaly_feedback(&event, feedback, note);
        }
        let unknown = || {
            Error::InvalidArgument(format!(
                "no anomaly `{id}`: detect anomalies first (ids are `<segment>@<first day>`)"
            ))
        };
        let (segment, start) = AnomalyEvent::parse_id(id).ok_or_else(unknown)?;
        match self.db("anomaly feedback")?.set_anomaly_feedback_by_key(segment, start, feedback, note)? {
            true => Ok(()),
            false => Err(unknown()),
        }
    }

    /// Recommendations for the filter's selection (see [`crate::services::recommendations`]), dismissed
    /// ones left out.
    pub fn recommendations(&self, filter: &Filter) -> Result<Recommendations> {
        self.recommendations_with(filter, &RecommendationOptions::default())
    }

    /// Recommendations with explicit options (dismissed ones included, some rules only).
    pub fn recommendations_with(&self, filter: &Filter, options: &RecommendationOptions) -> Result<Recommendations> {
        recommendations::recommend(self.db("recommendations")?, filter, options)
    }

    /// Dismisses recommendation `id` (a [`crate::Recommendation::id`]) with an optional note: it is left out
    /// of later listings, across sessions and re-imports, until restored.
    pub fn dismiss_recommendation(&self, id: &str, note: Option<&str>) -> Result<()> {
        let rule = id
            .split_once(':')
            .and_then(|(code, _)| RuleCode::parse(code))
            .ok_or_else(|| Error::InvalidArgument(format!("`{id}` is not a recommendation id (<rule>:<hash>)")))?;
        self.db("dismissing a recommendation")?.dismiss_recommendation(id, rule.as_str(), note)
    }

    /// Restores a dismissed recommendation; returns whether it was dismissed.
    pub fn restore_recommendation(&self, id: &str) -> Result<bool> {
        self.db("restoring a recommendation")?.restore_recommendation(id)
    }

    /// The database file (None for a workspace over a daily aggregate).
    pub fn path(&self) -> Option<&Path> {
        self.store.as_ref().map(Store::path)
    }

    /// The store (None for a workspace over a daily aggregate).
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
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
        self.db("ingest")?;
        let files = expand(path)?;
        let single = files.len() == 1 && path.is_file();
        let mut report = ImportReport::default();
        let store = self.store.as_mut().expect("checked above");
        for file in files {
            match store.import_file(&file, options) {
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
        self.db("the import ledger")?.imports()
    }

    /// A chat about this workspace's costs: the language model the configuration names (OPENAI_API_KEY,
    /// OPENAI_API_BASE, OPENAI_MODEL), or the offline analyst without a key. Keep the session to keep the
    /// conversation.
    pub fn chat(&self) -> Result<ChatSession> {
        ChatSession::from_config(&self.config)
    }

    /// Answers one question in a new chat (see [`Workspace::chat`] for a conversation).
    pub fn ask(&self, question: &str) -> Result<Answer> {
        self.chat()?.ask(self, question)
    }

    /// Line items selected by `filter` as a DataFrame with FOCUS column names (see [`Store::line_items`]).
    pub fn line_items(&self, filter: &Filter) -> Result<DataFrame> {
        self.db("line items")?.line_items(filter)
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
