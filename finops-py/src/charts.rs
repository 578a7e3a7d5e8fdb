//! `Workspace.charts`: the dashboard panels as figures. Each figure is built once, in finops-display, and
//! crosses as plotly JSON; `finops/charts.py` wraps it in a `plotly.graph_objects.Figure`.

use finops_display::charts::{panel as draw, Panel};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::analytics::{dimension, top_n};
use crate::errors::IntoPy;
use crate::filter::{resolve, PyFilter};
use crate::workspace::PyWorkspace;

/// `Workspace._figure`: one panel's figure as plotly JSON.
pub(crate) fn figure_json<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    panel: &str,
    by: &str,
    n: Option<usize>,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<String> {
    let panel = Panel::parse(panel).ok_or_else(|| PyValueError::new_err(format!("unknown panel {panel:?}")))?;
    let (by, n) = (dimension(by)?, top_n(n));
    let filter = resolve(filter, kwargs)?;
    py.detach(|| ws.lock().analytics().and_then(|a| draw(a, panel, by, n, &filter)).map(|plot| plot.to_json())).py_err()
}
