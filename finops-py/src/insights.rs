//! `Workspace.insights`: `finops.Insights`.

use chrono::NaiveDate;
use finops_core::{Comparison, InsightOptions, Insights};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::analytics::with_filter;
use crate::arrow::to_polars;
use crate::errors::IntoPy;
use crate::filter::{parse_day, PyFilter};
use crate::workspace::PyWorkspace;

/// A day from a date or `YYYY-MM-DD` text; `YYYY-MM` is the month's first day.
fn day(value: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    if let Some(month) = value.extract::<String>().ok().filter(|t| t.trim().len() == 7) {
        let first = format!("{}-01", month.trim());
        return finops_core::ingest::parse_date(&first)
            .ok_or_else(|| PyValueError::new_err(format!("{name}: not a month: {month:?} (use YYYY-MM)")));
    }
    parse_day(Some(value), name)?.ok_or_else(|| PyValueError::new_err(format!("{name} is required")))
}

fn range(value: &Bound<'_, PyAny>, name: &str) -> PyResult<(NaiveDate, NaiveDate)> {
    let (start, end): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
        value.extract().map_err(|_| PyValueError::new_err(format!("{name} must be a (first day, last day) pair")))?;
    Ok((day(&start, name)?, day(&end, name)?))
}

/// The comparison from `month`, `month_to_date`, or `current` and `previous` (at most one way).
pub(crate) fn comparison(
    month: Option<&Bound<'_, PyAny>>,
    month_to_date: Option<&Bound<'_, PyAny>>,
    current: Option<&Bound<'_, PyAny>>,
    previous: Option<&Bound<'_, PyAny>>,
) -> PyResult<Comparison> {
    match (month, month_to_date, current, previous) {
        (None, None, None, None) => Ok(Comparison::Latest),
        (Some(m), None, None, None) => Ok(Comparison::Month(day(m, "month")?)),
        (None, Some(d), None, None) => Ok(Comparison::MonthToDate(day(d, "month_to_date")?)),
        (None, None, Some(c), Some(p)) => {
            Ok(Comparison::Ranges { current: range(c, "current")?, previous: range(p, "previous")? })
        }
        _ => Err(PyValueError::new_err(
            "give the periods one way: month=, month_to_date=, or both current= and previous= (or none: the latest month)",
        )),
    }
}

/// `Workspace.insights`.
pub(crate) fn insights<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    options: InsightOptions,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyInsights> {
    Ok(PyInsights(with_filter(py, ws, filter, kwargs, |ws, f| ws.insights(f, &options))?))
}

/// Why the cost moved between two periods: the insights (headline, severity, evidence table), the drivers
/// with their volume and price effects, and a waterfall chart.
#[pyclass(name = "Insights", module = "finops", frozen)]
pub(crate) struct PyInsights(Insights);

#[pymethods]
impl PyInsights {
    /// The period explained: (first day, last day).
    #[getter]
    fn current(&self) -> (NaiveDate, NaiveDate) {
        self.0.periods.current
    }

    /// The period compared with: (first day, last day).
    #[getter]
    fn previous(&self) -> (NaiveDate, NaiveDate) {
        self.0.periods.previous
    }

    /// Currency of every amount.
    #[getter]
    fn currency(&self) -> Option<String> {
        self.0.currency.clone()
    }

    /// Cost of the previous period.
    #[getter]
    fn previous_total(&self) -> f64 {
        self.0.previous_total
    }

    /// Cost of the current period.
    #[getter]
    fn current_total(&self) -> f64 {
        self.0.current_total
    }

    /// Current − previous.
    #[getter]
    fn change(&self) -> f64 {
        self.0.change()
    }

    /// Markdown: the overall change, then a bullet per insight.
    #[getter]
    fn summary(&self) -> String {
        self.0.summary()
    }

    /// One row per insight: `kind`, `severity`, `headline`, `amount`, `currency`; the overall change first.
    #[getter]
    fn frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.to_frame().py_err()?)
    }

    /// The insights as a polars DataFrame (the same as `frame`): `to_polars()` names the table of every result.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py)
    }

    /// The same table as a pandas DataFrame (pandas and pyarrow must be installed).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_polars(py)?.call_method0("to_pandas")
    }

    /// The evidence of each insight, in `frame` order (a DataFrame each).
    #[getter]
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let tables = self.0.insights.iter().map(|i| to_polars(py, i.table.clone())).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, tables)
    }

    /// The drivers: `dimension` (service, usage_type, resource, sub_account, region, tag:<key>), `level`,
    /// `parent`, `name`, `previous`, `current`, `change`, `change_pct`, `share_of_change_pct`,
    /// `volume_effect`, `price_effect`, `other_effect` (the three sum to `change`), `status`.
    #[getter]
    fn drivers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.drivers_frame().py_err()?)
    }

    /// The waterfall's steps from the previous total to the current one: (service, change), `top_n` of them
    /// then `Other`.
    #[pyo3(signature = (top_n=8))]
    fn waterfall(&self, top_n: usize) -> Vec<(String, f64)> {
        self.0.waterfall(top_n)
    }

    /// The waterfall chart (plotly Figure): previous total, the `top_n` service drivers, current total.
    #[pyo3(signature = (top_n=8))]
    fn chart<'py>(&self, py: Python<'py>, top_n: usize) -> PyResult<Bound<'py, PyAny>> {
        let json = finops_display::insights::waterfall_chart(&self.0, top_n).to_json();
        py.import("finops.charts")?.getattr("figure_from_json")?.call1((json,))
    }

    fn __len__(&self) -> usize {
        self.0.insights.len()
    }

    fn __repr__(&self) -> String {
        self.0.summary()
    }

    fn _repr_html_(&self) -> PyResult<String> {
        let currency = self.0.currency.as_deref();
        // The overall change's evidence is the top service drivers.
        let money = ["previous", "current", "change", "volume_effect", "price_effect", "other_effect"];
        let drivers = match self.0.insights.first() {
            Some(change) => finops_display::html::table(&change.table, &money, currency)
                .map_err(|e| PyValueError::new_err(e.to_string()))?,
            None => String::new(),
        };
        Ok(format!("{}<p><b>Top service drivers</b></p>{drivers}", finops_display::insights::insight_cards(&self.0)))
    }
}
