//! `Workspace.forecast` and `Workspace.month_end`: `finops.Forecast` and `finops.Projection`.

use finops_core::services::forecast::{
    BudgetCheck, Forecast, ForecastOptions, Horizon, Model, PeriodProjection, Projection,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::analytics::{dimension, with_filter};
use crate::arrow::to_polars;
use crate::errors::IntoPy;
use crate::filter::PyFilter;
use crate::workspace::PyWorkspace;

/// `horizon` from Python: a number of days, or text such as `"90d"`, `"3m"`, `"2 months"`.
fn horizon(value: &Bound<'_, PyAny>) -> PyResult<Horizon> {
    if let Ok(days) = value.extract::<usize>() {
        return Ok(Horizon::Days(days));
    }
    let text: String = value.extract()?;
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: Option<u32> = number.parse().ok();
    match (n, unit.trim()) {
        (Some(n), "d" | "day" | "days") => Ok(Horizon::Days(n as usize)),
        (Some(n), "m" | "month" | "months") => Ok(Horizon::Months(n)),
        _ => Err(PyValueError::new_err(format!(
            "horizon must be a number of days or text like '90d' or '3m', not {text:?}"
        ))),
    }
}

/// The options of `Workspace.forecast`.
pub(crate) fn options(
    horizon_value: &Bound<'_, PyAny>,
    by: Option<&str>,
    top_n: usize,
    models: Option<Vec<String>>,
) -> PyResult<ForecastOptions> {
    let mut options = ForecastOptions { horizon: horizon(horizon_value)?, top_n, ..Default::default() };
    options.by = by.map(dimension).transpose()?;
    if let Some(names) = models {
        options.models = names
            .iter()
            .map(|name| {
                Model::parse(name).ok_or_else(|| {
                    let known: Vec<&str> = Model::ALL.iter().map(|m| m.as_str()).collect();
                    PyValueError::new_err(format!("unknown model {name:?} (models: {})", known.join(", ")))
                })
            })
            .collect::<PyResult<_>>()?;
    }
    Ok(options)
}

/// `Workspace.forecast`.
pub(crate) fn forecast<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    options: ForecastOptions,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyForecast> {
    Ok(PyForecast(with_filter(py, ws, filter, kwargs, |ws, f| ws.forecast(f, &options))?))
}

/// `Workspace.month_end`.
pub(crate) fn month_end<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    budget: Option<f64>,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyProjection> {
    Ok(PyProjection(with_filter(py, ws, filter, kwargs, |ws, f| ws.month_end(f, budget))?))
}

/// A daily cost forecast with 80% and 95% intervals, for the total or the top segments of a dimension, and
/// the backtest that chose and calibrated it.
#[pyclass(name = "Forecast", module = "finops", frozen)]
pub(crate) struct PyForecast(Forecast);

#[pymethods]
impl PyForecast {
    /// Currency of every amount.
    #[getter]
    fn currency(&self) -> Option<String> {
        self.0.currency.clone()
    }

    /// The dimension the segments are values of (None: the total).
    #[getter]
    fn by(&self) -> Option<String> {
        self.0.by.as_ref().map(|d| d.name())
    }

    /// The segments forecast, most expensive first (`[None]` for the total).
    #[getter]
    fn segments(&self) -> Vec<Option<String>> {
        self.0.segments.iter().map(|s| s.segment.clone()).collect()
    }

    /// One row per segment and day ahead: `date`, `segment` (when `by` is set), `value`, `lower_80`,
    /// `upper_80`, `lower_95`, `upper_95`, `recurring`, `model`.
    #[getter]
    fn frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.to_frame().py_err()?)
    }

    /// The forecast as a polars DataFrame (the same as `frame`): `to_polars()` names the table of every result.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py)
    }

    /// The same table as a pandas DataFrame (pandas and pyarrow must be installed).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_polars(py)?.call_method0("to_pandas")
    }

    /// The history forecast from: `date`, `segment` (when `by` is set), `actual`, `usage`.
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.history_frame().py_err()?)
    }

    /// Calendar months: `month`, `segment` (when `by` is set), `actual` (so far), `forecast` (the rest),
    /// `value`, `lower_80`, `upper_80`, `lower_95`, `upper_95`, `model`.
    #[getter]
    fn monthly<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.monthly_frame().py_err()?)
    }

    /// The backtest: `segment` (when `by` is set), `model`, `weight`, `mape`, `mase`, `bias`, `coverage_80`,
    /// `coverage_95`, `n_origins`; the ensemble (or the single model used) first.
    #[getter]
    fn backtest<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.backtest_frame().py_err()?)
    }

    /// The chart of one segment (default: the first, or the total): history, forecast, 80% and 95% bands.
    #[pyo3(signature = (segment=None))]
    fn chart<'py>(&self, py: Python<'py>, segment: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let json = finops_display::forecast::forecast_chart(&self.0, segment).py_err()?.to_json();
        py.import("finops.charts")?.getattr("figure_from_json")?.call1((json,))
    }

    fn __repr__(&self) -> String {
        let mut text = format!("Forecast ({})", self.0.currency.as_deref().unwrap_or("no currency"));
        for s in &self.0.segments {
            let days = s.days.len();
            let total = s.window(0, days);
            text.push_str(&format!(
                "\n{}: next {days} days {:.2} (80%: {:.2}–{:.2}), model {}\n{}",
                s.segment.as_deref().unwrap_or("total"),
                total.value,
                total.lower_80,
                total.upper_80,
                s.prediction.model,
                s.prediction.backtest
            ));
        }
        text
    }

    fn _repr_html_(&self) -> PyResult<String> {
        let currency = self.0.currency.as_deref();
        let money = ["actual", "forecast", "value", "lower_80", "upper_80", "lower_95", "upper_95"];
        let monthly = finops_display::html::table(&self.0.monthly_frame().py_err()?, &money, currency)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let backtest = finops_display::html::table(&self.0.backtest_frame().py_err()?, &[], None)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(format!("<p><b>Forecast by month</b></p>{monthly}<p><b>Backtest</b></p>{backtest}"))
    }
}

fn period<'py>(py: Python<'py>, p: &PeriodProjection) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("start", p.start)?;
    d.set_item("end", p.end)?;
    d.set_item("actual_to_date", p.actual_to_date)?;
    d.set_item("remaining", p.remaining.value)?;
    d.set_item("projected", p.projected.value)?;
    d.set_item("lower_80", p.projected.lower_80)?;
    d.set_item("upper_80", p.projected.upper_80)?;
    d.set_item("lower_95", p.projected.lower_95)?;
    d.set_item("upper_95", p.projected.upper_95)?;
    Ok(d)
}

/// Month, quarter and year-end projections: actuals to date plus the forecast of the remaining days, with
/// intervals; and the month against a budget.
#[pyclass(name = "Projection", module = "finops", frozen)]
pub(crate) struct PyProjection(Projection);

#[pymethods]
impl PyProjection {
    /// The last day with data.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.0.as_of
    }

    /// Currency of every amount.
    #[getter]
    fn currency(&self) -> Option<String> {
        self.0.currency.clone()
    }

    /// The model (or `ensemble`) behind the forecast.
    #[getter]
    fn model(&self) -> String {
        self.0.model.clone()
    }

    /// The month: `start`, `end`, `actual_to_date`, `remaining`, `projected`, `lower_80`, `upper_80`,
    /// `lower_95`, `upper_95`.
    #[getter]
    fn month<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        period(py, &self.0.month)
    }

    /// The calendar quarter, as `month`.
    #[getter]
    fn quarter<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        period(py, &self.0.quarter)
    }

    /// The calendar year, as `month`.
    #[getter]
    fn year<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        period(py, &self.0.year)
    }

    /// The month against the budget (None without one): `budget`, `overrun` (projected − budget),
    /// `overrun_80` (low, high), `crossing` (the day the cumulative cost reaches it, or None).
    #[getter]
    fn budget<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(BudgetCheck { budget, overrun, overrun_80, crossing }) = &self.0.budget else { return Ok(None) };
        let d = PyDict::new(py);
        d.set_item("budget", budget)?;
        d.set_item("overrun", overrun)?;
        d.set_item("overrun_80", overrun_80)?;
        d.set_item("crossing", crossing)?;
        Ok(Some(d))
    }

    fn __repr__(&self) -> String {
        self.0.to_string()
    }

    fn _repr_html_(&self) -> String {
        finops_display::html::projection_cards(&self.0)
    }
}
