//! The analytics service from Python: `finops.Kpis`, and the conversions behind `Workspace.kpis`,
//! `.ranking`, `.distribution`, `.monthly`, `.stacked_monthly`, `.daily` and `.cost_per_unit`.

use std::str::FromStr;

use chrono::NaiveDate;
use finops_core::{Analytics, DayCost, Dimension, Filter, Kpis};
use polars::prelude::DataFrame;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::arrow::to_polars;
use crate::errors::IntoPy;
use crate::filter::{resolve, PyFilter};
use crate::workspace::PyWorkspace;

/// Key figures of a selection; every amount is `metric` in `currency`.
#[pyclass(name = "Kpis", module = "finops", frozen, get_all)]
pub(crate) struct PyKpis {
    currency: Option<String>,
    metric: String,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    days: u32,
    total: f64,
    daily_average: f64,
    max_day: Option<(NaiveDate, f64)>,
    min_day: Option<(NaiveDate, f64)>,
    previous_start: Option<NaiveDate>,
    previous_end: Option<NaiveDate>,
    previous_total: f64,
    change: f64,
    change_pct: Option<f64>,
    month_to_date: f64,
    last_month: f64,
    /// The KPI cards (finops-display), kept for `_repr_html_`.
    _cards_html: String,
}

impl From<Kpis> for PyKpis {
    fn from(k: Kpis) -> Self {
        let day = |d: Option<DayCost>| d.map(|d| (d.date, d.cost));
        let cards = finops_display::html::kpi_cards(&k);
        PyKpis {
            currency: k.currency,
            metric: k.metric.as_str().to_string(),
            start: k.start,
            end: k.end,
            days: k.days,
            total: k.total,
            daily_average: k.daily_average,
            max_day: day(k.max_day),
            min_day: day(k.min_day),
            previous_start: k.previous_start,
            previous_end: k.previous_end,
            previous_total: k.previous_total,
            change: k.change,
            change_pct: k.change_pct,
            month_to_date: k.month_to_date,
            last_month: k.last_month,
            _cards_html: cards,
        }
    }
}

impl PyKpis {
    fn money(&self, amount: f64) -> String {
        format!("{amount:.2} {}", self.currency.as_deref().unwrap_or(""))
    }

    fn period(&self) -> String {
        match (self.start, self.end) {
            (Some(s), Some(e)) => format!("{s} to {e} ({} days)", self.days),
            _ => "no data".into(),
        }
    }

    /// (label, value) pairs shown by both reprs.
    fn lines(&self) -> Vec<(&'static str, String)> {
        let day = |d: &Option<(NaiveDate, f64)>| d.map(|(date, cost)| format!("{date}: {}", self.money(cost)));
        vec![
            ("period", self.period()),
            ("total", self.money(self.total)),
            ("daily average", self.money(self.daily_average)),
            ("max day", day(&self.max_day).unwrap_or_default()),
            ("min day", day(&self.min_day).unwrap_or_default()),
            (
                "vs previous period",
                format!(
                    "{:+.2} ({}) against {}",
                    self.change,
                    self.change_pct.map(|p| format!("{p:+.1} %")).unwrap_or_else(|| "n/a".into()),
                    match (self.previous_start, self.previous_end) {
                        (Some(s), Some(e)) => format!("{s} to {e}"),
                        _ => "no period".into(),
                    }
                ),
            ),
            ("month to date", self.money(self.month_to_date)),
            ("last month", self.money(self.last_month)),
        ]
    }
}

#[pymethods]
impl PyKpis {
    fn __repr__(&self) -> String {
        let body: Vec<String> = self.lines().into_iter().map(|(k, v)| format!("  {k}: {v}")).collect();
        format!("Kpis({} cost)\n{}", self.metric, body.join("\n"))
    }

    fn _repr_html_(&self) -> String {
        self._cards_html.clone()
    }
}

/// Parses a dimension name (`service`, `region`, `tag:team`...), raising `InvalidArgumentError`.
pub(crate) fn dimension(by: &str) -> PyResult<Dimension> {
    Dimension::from_str(by).py_err()
}

/// `top_n` from Python: None keeps every value.
pub(crate) fn top_n(top_n: Option<usize>) -> usize {
    top_n.unwrap_or(usize::MAX)
}

/// Resolves the filter and runs `query` on the workspace without the GIL.
pub(crate) fn with_filter<'py, T: Send>(
    py: Python<'py>,
    ws: &PyWorkspace,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
    query: impl FnOnce(&finops_core::Workspace, &Filter) -> finops_core::Result<T> + Send,
) -> PyResult<T> {
    let filter = resolve(filter, kwargs)?;
    py.detach(|| query(&ws.lock(), &filter)).py_err()
}

/// Resolves the filter, runs `query` on the workspace's analytics without the GIL, returns a polars DataFrame.
pub(crate) fn frame<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
    query: impl FnOnce(&Analytics, &Filter) -> finops_core::Result<DataFrame> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let df = with_filter(py, ws, filter, kwargs, |ws, f| ws.analytics().and_then(|a| query(a, f)))?;
    to_polars(py, df)
}

/// `Workspace.kpis`.
pub(crate) fn kpis<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyKpis> {
    Ok(with_filter(py, ws, filter, kwargs, |ws, f| ws.analytics().and_then(|a| a.kpis(f)))?.into())
}
