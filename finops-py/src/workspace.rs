//! `finops.Workspace`: a finops database, from Python.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use finops_core::{IngestOptions, Workspace};
use polars::prelude::*;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::analytics::{self, dimension, PyKpis};
use crate::anomaly::{self, PyAnomalies};
use crate::arrow::to_polars;
use crate::chat::{PyAnswer, PyChat};
use crate::errors::IntoPy;
use crate::filter::{resolve, PyFilter};
use crate::forecast::{self, PyForecast, PyProjection};
use crate::insights::{self, PyInsights};
use crate::recommendations::{self, PyRecommendations};
use crate::report::PyImportReport;

/// A finops database of normalized (FOCUS) cost data.
#[pyclass(name = "Workspace", module = "finops")]
pub(crate) struct PyWorkspace {
    inner: Arc<Mutex<Workspace>>,
    /// None for a workspace over a daily aggregate.
    path: Option<PathBuf>,
}

impl PyWorkspace {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Workspace> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll back).
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The workspace, for results that act on it later (anomaly feedback).
    pub(crate) fn shared(&self) -> Arc<Mutex<Workspace>> {
        self.inner.clone()
    }
}

/// The database used when none is given: `$FINOPS_DB`, else `data/finops.db`.
#[pyfunction]
pub(crate) fn default_db_path() -> String {
    finops_core::default_db_path().display().to_string()
}

/// Sends finops' log events to stderr at `level` (`warn`, `info`, `debug`, or a tracing filter such as
/// `finops_core=debug`), by default LOG_LEVEL from the environment or `.env`. Returns False when logging was
/// already set up.
#[pyfunction]
#[pyo3(signature = (level=None))]
pub(crate) fn init_logging(level: Option<&str>) -> PyResult<bool> {
    finops_core::init_logging(level).py_err()
}

#[pymethods]
impl PyWorkspace {
    /// Opens (creating if needed) the database at `path` (default: `$FINOPS_DB` or `data/finops.db`).
    #[new]
    #[pyo3(signature = (path=None))]
    fn new(path: Option<PathBuf>) -> PyResult<Self> {
        let path = path.unwrap_or_else(finops_core::default_db_path);
        let ws = Workspace::open(&path).py_err()?;
        Ok(PyWorkspace { inner: Arc::new(Mutex::new(ws)), path: Some(path) })
    }

    /// A workspace over a daily aggregate computed elsewhere (`finops.spark` computes one with Spark): a
    /// polars (or pyarrow) DataFrame with the columns of `finops.DAILY_FRAME_COLUMNS`. Every analysis works
    /// on it at the aggregate's grain; ingest, recommendations and feedback need a database and raise
    /// `NotAvailableError`.
    #[staticmethod]
    fn from_daily(py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<Self> {
        let frame = crate::arrow::from_arrow(frame)?;
        let ws = py.detach(|| Workspace::from_daily_frame(&frame)).py_err()?;
        Ok(PyWorkspace { inner: Arc::new(Mutex::new(ws)), path: None })
    }

    /// The database file (None for a workspace over a daily aggregate).
    #[getter]
    fn path(&self) -> Option<String> {
        self.path.as_ref().map(|p| p.display().to_string())
    }

    /// Ingests a file, a directory or a glob. Re-importing a file is a no-op; a newer export of the same
    /// provider, account and month replaces the older one. `progress` may be True (a bar), False, or a
    /// callable `(path, rows, bytes_read, file_size)`.
    #[pyo3(signature = (path, *, skip_bad_rows=false, default_currency=None, progress=None))]
    fn ingest(
        &self,
        py: Python<'_>,
        path: PathBuf,
        skip_bad_rows: bool,
        default_currency: Option<String>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<PyImportReport> {
        let callback = match progress {
            Some(p) if p.bind(py).is_truthy()? && !p.bind(py).is_callable() => {
                Some(py.import("finops._progress")?.call_method0("progress_bar")?.unbind())
            }
            Some(p) if p.bind(py).is_callable() => Some(p),
            Some(_) => None,
            None => Some(py.import("finops._progress")?.call_method0("progress_bar")?.unbind()),
        };
        let mut options = IngestOptions { skip_bad_rows, ..Default::default() };
        options.read.default_currency = default_currency;
        if let Some(cb) = callback {
            let cb = Arc::new(cb);
            options.progress = Some(Arc::new(move |path: &std::path::Path, rows, bytes, size| {
                Python::attach(|py| {
                    // A failing progress callback must not fail the import.
                    let _ = cb.call1(py, (path.display().to_string(), rows, bytes, size));
                });
            }));
        }
        let report = py.detach(|| self.lock().ingest_with(&path, &options)).py_err()?;
        PyImportReport::new(py, &report)
    }

    /// The import ledger as a polars DataFrame, oldest first.
    fn imports<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records = py.detach(|| self.lock().imports()).py_err()?;
        let col_s = |name: &str, f: &dyn Fn(&finops_core::ImportRecord) -> String| -> Column {
            Series::new(name.into(), records.iter().map(f).collect::<Vec<_>>()).into()
        };
        let col_i = |name: &str, f: &dyn Fn(&finops_core::ImportRecord) -> i64| -> Column {
            Series::new(name.into(), records.iter().map(f).collect::<Vec<_>>()).into()
        };
        let df = DataFrame::new(
            records.len(),
            vec![
                col_i("id", &|r| r.id),
                col_s("path", &|r| r.path.clone()),
                col_s("format", &|r| r.format.clone()),
                col_s("cost_view", &|r| r.cost_view.clone()),
                col_s("status", &|r| r.status.clone()),
                col_s("providers", &|r| r.providers.clone()),
                col_s("billing_periods", &|r| r.billing_periods.clone()),
                col_s("accounts", &|r| r.accounts.clone()),
                col_s("currencies", &|r| r.currencies.clone()),
                col_i("rows_read", &|r| r.rows_read),
                col_i("rows_stored", &|r| r.rows_stored),
                col_i("rows_rejected", &|r| r.rows_rejected),
                col_i("rows_superseded", &|r| r.rows_superseded),
                col_i("rows_replaced", &|r| r.rows_replaced),
                col_i("rows_current", &|r| r.rows_current),
                col_s("imported_at", &|r| r.imported_at.clone()),
                col_i("duration_ms", &|r| r.duration_ms),
                col_s("file_hash", &|r| r.file_hash.clone()),
                col_i("file_size", &|r| r.file_size),
            ],
        )
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
        to_polars(py, df)
    }

    /// Line items as a polars DataFrame with FOCUS column names. Filter with a `Filter` or keywords
    /// (`start`, `end`, `providers`, `billing_accounts`, `services`, `regions`, `tags`, ...).
    #[pyo3(signature = (filter=None, **kwargs))]
    fn line_items<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let filter = resolve(filter, kwargs)?;
        let df = py.detach(|| self.lock().line_items(&filter)).py_err()?;
        to_polars(py, df)
    }

    /// Key figures (total, daily average, max and min day, change against the previous period, month to
    /// date, last month) of the selection. Filter with a `Filter` or keywords.
    #[pyo3(signature = (filter=None, **kwargs))]
    fn kpis<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyKpis> {
        analytics::kpis(py, self, filter, kwargs)
    }

    /// The `top_n` most expensive values of `by` (`provider`, `billing_account`, `sub_account`, `service`,
    /// `service_category`, `region`, `charge_category` or `tag:<key>`), then `Other`: columns `rank`, `name`,
    /// `cost`. `top_n=None` keeps every value.
    #[pyo3(signature = (by="service", top_n=Some(10), filter=None, **kwargs),
        text_signature = "(self, /, by='service', top_n=10, filter=None, **kwargs)")]
    fn ranking<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        top_n: Option<usize>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (by, n) = (dimension(by)?, analytics::top_n(top_n));
        analytics::frame(py, self, filter, kwargs, move |a, f| a.ranking(f, by, n))
    }

    /// Each of the `top_n` values of `by` (then `Other`) with its share of the total in percent: columns
    /// `name`, `cost`, `share`.
    #[pyo3(signature = (by="service", top_n=Some(10), filter=None, **kwargs),
        text_signature = "(self, /, by='service', top_n=10, filter=None, **kwargs)")]
    fn distribution<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        top_n: Option<usize>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (by, n) = (dimension(by)?, analytics::top_n(top_n));
        analytics::frame(py, self, filter, kwargs, move |a, f| a.distribution(f, by, n))
    }

    /// Monthly cost of every value of `by`, long format: columns `month` (first day), `name`, `cost`.
    #[pyo3(signature = (by="service", filter=None, **kwargs))]
    fn monthly<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let by = dimension(by)?;
        analytics::frame(py, self, filter, kwargs, move |a, f| a.monthly(f, by))
    }

    /// Stacked monthly totals: every month × the `top_n` values of `by` over the period, then `Other`,
    /// zeros included: columns `month`, `name`, `cost` (pivot on `name` for a wide table).
    #[pyo3(signature = (by="service", top_n=Some(10), filter=None, **kwargs),
        text_signature = "(self, /, by='service', top_n=10, filter=None, **kwargs)")]
    fn stacked_monthly<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        top_n: Option<usize>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (by, n) = (dimension(by)?, analytics::top_n(top_n));
        analytics::frame(py, self, filter, kwargs, move |a, f| a.stacked_monthly(f, by, n))
    }

    /// Daily cost over the period, every day present (zero-filled): columns `date`, `cost`.
    #[pyo3(signature = (filter=None, **kwargs))]
    fn daily<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        analytics::frame(py, self, filter, kwargs, |a, f| a.daily(f))
    }

    /// The dashboard charts: `ws.charts.ranking(...)`, `.distribution`, `.monthly`, `.stacked_monthly`,
    /// `.daily`, each a `plotly.graph_objects.Figure` (needs the `plotly` package).
    #[getter]
    fn charts<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("finops.charts")?.getattr("Charts")?.call1((slf,))
    }

    /// One panel's figure as plotly JSON (`ws.charts` wraps it): `panel` is `ranking`, `distribution`,
    /// `monthly`, `stacked_monthly` or `daily`.
    #[pyo3(signature = (panel, by="service", top_n=Some(10), filter=None, **kwargs),
        text_signature = "(self, /, panel, by='service', top_n=10, filter=None, **kwargs)")]
    fn _figure<'py>(
        &self,
        py: Python<'py>,
        panel: &str,
        by: &str,
        top_n: Option<usize>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<String> {
        crate::charts::figure_json(py, self, panel, by, top_n, filter, kwargs)
    }

    /// Cost per unit of each (service, pricing unit) pair, from usage rows: columns `service`,
    /// `pricing_unit`, `quantity`, `cost`, `unit_cost`.
    #[pyo3(signature = (filter=None, **kwargs))]
    fn cost_per_unit<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        analytics::frame(py, self, filter, kwargs, |a, f| a.cost_per_unit(f))
    }

    /// The distinct values of `by` (`provider`, `billing_account`, `sub_account`, `service`,
    /// `service_category`, `region`, `charge_category`, `tag:<key>`) among the rows the filter selects, sorted,
    /// from the daily aggregate: what a filter list offers. Any currency, unless the filter names one.
    #[pyo3(signature = (by="service", filter=None, **kwargs))]
    fn dimension_values<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Vec<String>> {
        let by = dimension(by)?;
        analytics::with_filter(py, self, filter, kwargs, |ws, f| ws.analytics()?.dimension_values(f, &by))
    }

    /// The billing currencies among the rows the filter selects (its `currency` left aside), sorted.
    #[pyo3(signature = (filter=None, **kwargs))]
    fn currencies<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Vec<String>> {
        analytics::with_filter(py, self, filter, kwargs, |ws, f| ws.analytics()?.currencies(f))
    }

    /// Every tag key, normalized (`CostCenter` and `cost-center` are `cost_center`), sorted.
    fn tag_keys(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        py.detach(|| self.lock().analytics()?.tag_keys()).py_err()
    }

    /// The first and last day with cost data, or None for an empty database.
    fn data_range(&self, py: Python<'_>) -> PyResult<Option<(chrono::NaiveDate, chrono::NaiveDate)>> {
        py.detach(|| self.lock().analytics()?.data_range()).py_err()
    }

    /// Records feedback on the anomaly event with this id (the `id` column of `Anomalies.events`):
    /// `confirmed`, `false_alarm` or `planned`. An event marked false alarm or planned is not raised again.
    #[pyo3(signature = (id, feedback, note=None))]
    fn anomaly_feedback(&self, py: Python<'_>, id: &str, feedback: &str, note: Option<&str>) -> PyResult<()> {
        let feedback = anomaly::parse_feedback(feedback)?;
        py.detach(|| self.lock().anomaly_feedback(id, feedback, note)).py_err()
    }

    /// Cost anomalies: unusual days in the daily usage cost of every segment (`by`, service × sub account by
    /// default, and the total), merged into events with impact, severity, kind and root causes. An event is
    /// raised when its impact reaches `min_impact` (in the result currency; or, on a series too small for
    /// that, `min_impact_days` of its normal daily cost; None: the absolute gate alone) and each day is off by
    /// `min_pct` percent of the expected cost; `sensitivity` is `low`, `medium`, `high` or a z-score.
    #[pyo3(signature = (filter=None, *, by=vec!["service".to_string(), "sub_account".to_string()],
        include_total=true, min_impact=10.0, min_impact_days=Some(0.5), min_pct=30.0, sensitivity=None,
        root_causes=true, apply_feedback=true, **kwargs),
        text_signature = "(self, /, filter=None, *, by=('service', 'sub_account'), include_total=True, \
            min_impact=10.0, min_impact_days=0.5, min_pct=30.0, sensitivity='medium', root_causes=True, \
            apply_feedback=True, **kwargs)")]
    #[allow(clippy::too_many_arguments)]
    fn anomalies<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        by: Vec<String>,
        include_total: bool,
        min_impact: f64,
        min_impact_days: Option<f64>,
        min_pct: f64,
        sensitivity: Option<&Bound<'py, PyAny>>,
        root_causes: bool,
        apply_feedback: bool,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyAnomalies> {
        let medium = pyo3::types::PyString::new(py, "medium").into_any();
        let sensitivity = sensitivity.unwrap_or(&medium);
        let options = anomaly::options(
            by,
            include_total,
            min_impact,
            min_impact_days,
            min_pct,
            sensitivity,
            root_causes,
            apply_feedback,
        )?;
        anomaly::detect(py, self, options, filter, kwargs)
    }

    /// A daily cost forecast with 80% and 95% intervals: of the total, or of the `top_n` values of `by`.
    /// `horizon` is a number of days or text such as `"90d"` or `"3m"` (to the end of the third month after
    /// the last day of data); `models` restricts the candidates (`ets`, `mstl`, `seasonal_naive`,
    /// `monthly_naive`, `linear`, `trend`, `mean`; `prophet` only in a build with finops-core's `prophet` feature,
    /// which this package is not).
    /// Usage is forecast; recurring monthly charges (tax, support) are repeated.
    #[pyo3(signature = (filter=None, *, horizon=None, by=None, top_n=5, models=None, **kwargs),
        text_signature = "(self, /, filter=None, *, horizon=30, by=None, top_n=5, models=None, **kwargs)")]
    #[allow(clippy::too_many_arguments)]
    fn forecast<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        horizon: Option<&Bound<'py, PyAny>>,
        by: Option<&str>,
        top_n: usize,
        models: Option<Vec<String>>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyForecast> {
        let thirty = 30usize.into_pyobject(py)?.into_any();
        let options = forecast::options(horizon.unwrap_or(&thirty), by, top_n, models)?;
        forecast::forecast(py, self, options, filter, kwargs)
    }

    /// Month, quarter and year-end projections of the selection (actuals to date plus the forecast of the
    /// remaining days, with intervals), and the month against `budget` when given.
    #[pyo3(signature = (filter=None, *, budget=None, **kwargs))]
    fn month_end<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        budget: Option<f64>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyProjection> {
        forecast::month_end(py, self, budget, filter, kwargs)
    }

    /// Why the cost moved: the latest month against the one before (month to date against the same days
    /// when the month is not over), or `month="2025-03"`, `month_to_date=date`, or `current=(first, last)` with
    /// `previous=(first, last)`. Drivers are ranked down service → usage type → resource and by account,
    /// region and each of `tag_keys`, split into volume and price effects; `budget` (monthly) adds the
    /// month-end projection against it.
    #[pyo3(signature = (filter=None, *, month=None, month_to_date=None, current=None, previous=None, top_n=10,
        children=5, tag_keys=None, allocation_tag=None, min_cost=10.0, budget=None, anomalies=true, **kwargs))]
    #[allow(clippy::too_many_arguments)]
    fn insights<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        month: Option<&Bound<'py, PyAny>>,
        month_to_date: Option<&Bound<'py, PyAny>>,
        current: Option<&Bound<'py, PyAny>>,
        previous: Option<&Bound<'py, PyAny>>,
        top_n: usize,
        children: usize,
        tag_keys: Option<Vec<String>>,
        allocation_tag: Option<String>,
        min_cost: f64,
        budget: Option<f64>,
        anomalies: bool,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyInsights> {
        let options = finops_core::InsightOptions {
            comparison: insights::comparison(month, month_to_date, current, previous)?,
            top_n,
            children,
            tag_keys: tag_keys.unwrap_or_default(),
            allocation_tag,
            min_cost,
            budget,
            anomalies,
        };
        insights::insights(py, self, options, filter, kwargs)
    }

    /// What to change to pay less, from the billing data alone: each recommendation with its estimated
    /// monthly saving, how it was computed, a confidence and its evidence (`finops.Recommendations`).
    /// Dismissed ones are left out unless `include_dismissed`; `rules` picks some rules only.
    #[pyo3(signature = (filter=None, *, include_dismissed=false, rules=None, **kwargs))]
    fn recommendations<'py>(
        &self,
        py: Python<'py>,
        filter: Option<PyFilter>,
        include_dismissed: bool,
        rules: Option<Vec<String>>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyRecommendations> {
        let options = recommendations::options(include_dismissed, rules)?;
        recommendations::recommend(py, self, options, filter, kwargs)
    }

    /// Dismisses recommendation `id`, with an optional note: it stays out of later listings, across sessions
    /// and re-imports, until restored.
    #[pyo3(signature = (id, note=None))]
    fn dismiss_recommendation(&self, py: Python<'_>, id: &str, note: Option<&str>) -> PyResult<()> {
        py.detach(|| self.lock().dismiss_recommendation(id, note)).py_err()
    }

    /// Brings a dismissed recommendation back; False if it was not dismissed.
    fn restore_recommendation(&self, py: Python<'_>, id: &str) -> PyResult<bool> {
        py.detach(|| self.lock().restore_recommendation(id)).py_err()
    }

    /// A conversation about this workspace's costs (`finops.Chat`): a language model when OPENAI_API_KEY is
    /// set (OPENAI_API_BASE and OPENAI_MODEL pick any OpenAI-compatible provider), else the offline analyst.
    fn chat(&self) -> PyResult<PyChat> {
        PyChat::open(self)
    }

    /// Answers one question in a new conversation (see `chat()` to keep one), narrowed to a filter if given.
    #[pyo3(signature = (question, filter=None, **kwargs))]
    fn ask<'py>(
        &self,
        py: Python<'py>,
        question: &str,
        filter: Option<PyFilter>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<PyAnswer> {
        let mut chat = PyChat::open(self)?;
        chat.set_filter(filter, kwargs)?;
        chat.ask(py, question)
    }

    /// How the analytics result cache has been used: `hits`, `misses`, `entries`.
    fn cache_stats(&self, py: Python<'_>) -> PyResult<std::collections::BTreeMap<&'static str, u64>> {
        let stats = py.detach(|| self.lock().analytics().map(|a| a.cache_stats())).py_err()?;
        Ok([("hits", stats.hits), ("misses", stats.misses), ("entries", stats.entries as u64)].into())
    }

    fn __repr__(&self) -> String {
        match &self.path {
            Some(path) => format!("Workspace({:?})", path.display().to_string()),
            None => "Workspace(daily aggregate)".to_string(),
        }
    }
}
