//! `Workspace.charts`: the dashboard panels as figures. Each figure is built once, in finops-display, and
//! crosses as plotly JSON; `finops/charts.py` wraps it in a `plotly.graph_objects.Figure`.

use finops_core::{Analytics, Dimension, Filter};
use finops_display::charts::{figure, Labels, Panel};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::analytics::{dimension, top_n};
use crate::errors::IntoPy;
use crate::filter::{resolve, PyFilter};
use crate::workspace::PyWorkspace;

fn title(panel: Panel, by: &Dimension, n: usize, filter: &Filter) -> String {
    let metric = filter.metric.as_str().to_lowercase();
    let by = by.name().replace('_', " ");
    let top = if n == usize::MAX { String::new() } else { format!("top {n} ") };
    match panel {
        Panel::Ranking => format!("{top}{by} by {metric} cost"),
        Panel::Distribution => format!("Share of {metric} cost by {by}"),
        Panel::Monthly => format!("Monthly {metric} cost by {by}"),
        Panel::StackedMonthly => format!("Monthly {metric} cost, stacked by {top}{by}"),
        Panel::Daily => format!("Daily {metric} cost"),
    }
}

fn build(analytics: &Analytics, panel: Panel, by: Dimension, n: usize, filter: &Filter) -> finops_core::Result<String> {
    let df = match panel {
        Panel::Ranking => analytics.ranking(filter, by.clone(), n)?,
        Panel::Distribution => analytics.distribution(filter, by.clone(), n)?,
        Panel::Monthly => analytics.monthly(filter, by.clone())?,
        Panel::StackedMonthly => analytics.stacked_monthly(filter, by.clone(), n)?,
        Panel::Daily => analytics.daily(filter)?,
    };
    let currency = analytics.kpis(filter)?.currency;
    let mut title = title(panel, &by, n, filter);
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    Ok(figure(panel, &df, &Labels { title, currency })?.to_json())
}

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
    py.detach(|| ws.lock().analytics().and_then(|a| build(a, panel, by, n, &filter))).py_err()
}
