//! `Workspace.anomalies` and `finops.Anomalies`: detected cost anomalies, their frames, chart and feedback.

use finops_core::services::anomaly::{Anomalies, AnomalyOptions, Feedback, Sensitivity};
use std::sync::{Arc, Mutex};

use finops_core::{Dimension, Workspace};
use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::analytics::{dimension, with_filter};
use crate::arrow::to_polars;
use crate::errors::IntoPy;
use crate::filter::PyFilter;
use crate::workspace::PyWorkspace;

/// `sensitivity` from Python: `low`, `medium`, `high`, or a z-score threshold.
fn sensitivity(value: &Bound<'_, PyAny>) -> PyResult<Sensitivity> {
    if let Ok(z) = value.extract::<f64>() {
        return Ok(Sensitivity::Threshold(z));
    }
    let text: String = value.extract()?;
    match text.to_ascii_lowercase().as_str() {
        "low" => Ok(Sensitivity::Low),
        "medium" => Ok(Sensitivity::Medium),
        "high" => Ok(Sensitivity::High),
        _ => Err(PyValueError::new_err(format!(
            "sensitivity must be 'low', 'medium', 'high' or a z-score threshold, not {text:?}"
        ))),
    }
}

/// An event named by its id or by its row in `Anomalies.events`.
#[derive(FromPyObject)]
pub(crate) enum EventRef {
    Index(usize),
    Id(String),
}

/// `confirmed`, `false_alarm` or `planned`.
pub(crate) fn parse_feedback(feedback: &str) -> PyResult<Feedback> {
    Feedback::parse(feedback).ok_or_else(|| {
        PyValueError::new_err(format!("feedback must be confirmed, false_alarm or planned, not {feedback:?}"))
    })
}

/// The options of `Workspace.anomalies`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn options(
    by: Vec<String>,
    include_total: bool,
    min_impact: f64,
    min_impact_days: Option<f64>,
    min_pct: f64,
    sens: &Bound<'_, PyAny>,
    root_causes: bool,
    apply_feedback: bool,
) -> PyResult<AnomalyOptions> {
    let segment_by = by.iter().map(|b| dimension(b)).collect::<PyResult<Vec<Dimension>>>()?;
    Ok(AnomalyOptions {
        segment_by,
        include_total,
        min_impact,
        min_impact_days,
        min_pct,
        sensitivity: sensitivity(sens)?,
        root_causes,
        apply_feedback,
        ..AnomalyOptions::default()
    })
}

/// `Workspace.anomalies`.
pub(crate) fn detect<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    options: AnomalyOptions,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyAnomalies> {
    let found = with_filter(py, ws, filter, kwargs, |ws, f| ws.anomalies(f, &options))?;
    Ok(PyAnomalies { found, workspace: ws.shared() })
}

/// Cost anomalies found in a selection: events (largest impact first), their root causes, and every scanned
/// series with its expected band. Amounts are in `currency`.
#[pyclass(name = "Anomalies", module = "finops", frozen)]
pub(crate) struct PyAnomalies {
    found: Anomalies,
    /// Where feedback is recorded.
    workspace: Arc<Mutex<Workspace>>,
}

impl PyAnomalies {
    fn segment_or_default(&self, segment: Option<&str>) -> String {
        segment.map(str::to_string).unwrap_or_else(|| match self.found.events.first() {
            Some(event) => event.segment.key(),
            None => "total".into(),
        })
    }
}

#[pymethods]
impl PyAnomalies {
    /// Currency of every amount (None when nothing was selected).
    #[getter]
    fn currency(&self) -> Option<String> {
        self.found.currency.clone()
    }

    /// One row per event: `id` (stable: `<segment>@<first day>`), `segment`, a column per segment dimension,
    /// `kind` (spike, drop, step, drift, new), `start`, `end`, `days`, `expected`, `actual`, `total_impact`,
    /// `max_impact`, `impact_pct`, `severity`, `score`, `currency`, `top_cause`, `top_cause_share_pct`,
    /// `feedback`.
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.found.to_frame().py_err()?)
    }

    /// The events as a polars DataFrame (the same as `events`): `to_polars()` names the table of every result.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.events(py)
    }

    /// The same table as a pandas DataFrame (pandas and pyarrow must be installed).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_polars(py)?.call_method0("to_pandas")
    }

    /// The root causes of every event, ranked: `segment`, `start`, `rank`, `dimension`, `value`, `actual`,
    /// `expected`, `contribution`, `share` (percent of the event's impact).
    #[getter]
    fn root_causes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.found.root_causes_frame().py_err()?)
    }

    /// The keys of every scanned series (`total` first when the total was scanned).
    #[getter]
    fn segments(&self) -> Vec<String> {
        self.found.series.iter().map(|s| s.segment.key()).collect()
    }

    /// One series as the detector saw it: `date`, `actual`, `expected`, `lower`, `upper`, `anomalous`.
    /// `segment` defaults to the segment of the largest event (the total when there is none).
    #[pyo3(signature = (segment=None))]
    fn series<'py>(&self, py: Python<'py>, segment: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let key = self.segment_or_default(segment);
        match self.found.series_frame(&key).py_err()? {
            Some(df) => to_polars(py, df),
            None => Err(PyValueError::new_err(format!("no series {key:?} was scanned (see .segments)"))),
        }
    }

    /// The chart of one series (default: that of the largest event): actual cost, expected cost, the normal
    /// band and the anomalous days, as a `plotly.graph_objects.Figure`.
    #[pyo3(signature = (segment=None))]
    fn chart<'py>(&self, py: Python<'py>, segment: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let key = self.segment_or_default(segment);
        let json = finops_display::anomaly::anomaly_chart(&self.found, &key).py_err()?.to_json();
        py.import("finops.charts")?.getattr("figure_from_json")?.call1((json,))
    }

    /// Records feedback on an event, named by its `id` (the `id` column of `.events`, stable however the
    /// table is sorted or filtered) or by its row number in `.events`: `confirmed`, `false_alarm` or
    /// `planned`. An event marked false alarm or planned is not raised again; the feedback is stored in the
    /// database.
    #[pyo3(signature = (event, feedback, note=None))]
    fn feedback(&self, py: Python<'_>, event: EventRef, feedback: &str, note: Option<&str>) -> PyResult<()> {
        let event = match &event {
            EventRef::Index(index) => self.found.events.get(*index).ok_or_else(|| {
                PyIndexError::new_err(format!("no event {index}: there are {}", self.found.events.len()))
            })?,
            EventRef::Id(id) => self
                .found
                .events
                .iter()
                .find(|e| e.id() == *id)
                .ok_or_else(|| PyValueError::new_err(format!("no event {id:?} among these anomalies")))?,
        };
        let feedback = parse_feedback(feedback)?;
        py.detach(|| {
            let ws = self.workspace.lock().unwrap_or_else(|p| p.into_inner());
            ws.set_anomaly_feedback(event, feedback, note)
        })
        .py_err()
    }

    fn __len__(&self) -> usize {
        self.found.events.len()
    }

    fn __repr__(&self) -> String {
        let currency = self.found.currency.as_deref().unwrap_or("");
        let mut text = format!("Anomalies: {} events in {} series", self.found.events.len(), self.found.series.len());
        for e in self.found.events.iter().take(10) {
            text.push_str(&format!(
                "\n  {} {} {}..{} impact {:+.2} {currency} ({})",
                e.kind.as_str(),
                e.segment,
                e.start,
                e.end,
                e.total_impact,
                e.severity.as_str()
            ));
        }
        text
    }

    fn _repr_html_(&self) -> PyResult<String> {
        let df = self.found.to_frame().py_err()?;
        let money = ["expected", "actual", "total_impact", "max_impact"];
        let table = finops_display::html::table(&df, &money, self.found.currency.as_deref())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(format!("<p><b>{} anomalies</b> in {} series</p>{table}", self.found.events.len(), self.found.series.len()))
    }
}
