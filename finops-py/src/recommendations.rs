//! `Workspace.recommendations`: `finops.Recommendations`.

use finops_core::{RecommendationOptions, Recommendations, RuleCode};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::analytics::with_filter;
use crate::arrow::to_polars;
use crate::errors::IntoPy;
use crate::filter::PyFilter;
use crate::workspace::PyWorkspace;

/// The options of `Workspace.recommendations`.
pub(crate) fn options(include_dismissed: bool, rules: Option<Vec<String>>) -> PyResult<RecommendationOptions> {
    let rules = rules
        .unwrap_or_default()
        .iter()
        .map(|name| {
            RuleCode::parse(name).ok_or_else(|| {
                let known: Vec<&str> = RuleCode::ALL.iter().map(|r| r.as_str()).collect();
                PyValueError::new_err(format!("unknown rule {name:?} (rules: {})", known.join(", ")))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(RecommendationOptions { include_dismissed, rules })
}

/// `Workspace.recommendations`.
pub(crate) fn recommend<'py>(
    py: Python<'py>,
    ws: &PyWorkspace,
    options: RecommendationOptions,
    filter: Option<PyFilter>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<PyRecommendations> {
    Ok(PyRecommendations(with_filter(py, ws, filter, kwargs, |ws, f| ws.recommendations_with(f, &options))?))
}

/// What to change to pay less: each recommendation with its estimated monthly saving, how it was computed,
/// a confidence, and the billing rows behind it.
#[pyclass(name = "Recommendations", module = "finops", frozen)]
pub(crate) struct PyRecommendations(Recommendations);

#[pymethods]
impl PyRecommendations {
    /// One row per recommendation, largest saving first: `id`, `rule`, `title`, `provider`,
    /// `billing_account`, `account`, `region`, `currency`, `resources`, `resource`, `monthly_cost`,
    /// `monthly_saving`, `confidence`, `method`, `hourly_commitment`, `dismissed`.
    #[getter]
    fn frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.frame().py_err()?)
    }

    /// The recommendations as a polars DataFrame (the same as `frame`): `to_polars()` names the table of every result.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frame(py)
    }

    /// The same table as a pandas DataFrame (pandas and pyarrow must be installed).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_polars(py)?.call_method0("to_pandas")
    }

    /// Estimated monthly saving per currency (dismissed recommendations left out), net of overlaps: rules on
    /// the same resource count together, each applied to what the others leave.
    #[getter]
    fn total_saving(&self) -> std::collections::BTreeMap<String, f64> {
        self.0.total_saving()
    }

    /// Per currency, what adding the savings of rules on the same resource would over-claim (the sum of
    /// `monthly_saving` minus `total_saving`); empty when nothing overlaps.
    #[getter]
    fn overlap_saving(&self) -> std::collections::BTreeMap<String, f64> {
        self.0.overlap_saving()
    }

    /// The ids, in `frame` order.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.0.items.iter().map(|r| r.id.clone()).collect()
    }

    /// The billing rows behind recommendation `id`: `resource_id`, `usage_type`, `unit`, `days`, `quantity`,
    /// `cost`.
    fn evidence<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        to_polars(py, self.0.evidence_frame(id).py_err()?)
    }

    /// How a commitment recommendation was sized (None for other rules): `offer`, `hourly_commitment`,
    /// `covered_hourly`, `discount`, `expected_utilization`, `break_even_utilization`, `payback_months`.
    fn commitment<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
        let r = self.0.get(id).ok_or_else(|| PyValueError::new_err(format!("no recommendation with id {id}")))?;
        let Some(c) = &r.commitment else { return Ok(None) };
        let d = PyDict::new(py);
        d.set_item("offer", &c.offer)?;
        d.set_item("hourly_commitment", c.hourly_commitment)?;
        d.set_item("covered_hourly", c.covered_hourly)?;
        d.set_item("discount", c.discount)?;
        d.set_item("expected_utilization", c.expected_utilization)?;
        d.set_item("break_even_utilization", c.break_even_utilization)?;
        d.set_item("payback_months", c.payback_months)?;
        Ok(Some(d))
    }

    /// Bars of the estimated monthly saving by rule (plotly Figure).
    fn chart<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = finops_display::recommendations::savings_chart(&self.0).to_json();
        py.import("finops.charts")?.getattr("figure_from_json")?.call1((json,))
    }

    fn __len__(&self) -> usize {
        self.0.items.len()
    }

    fn __repr__(&self) -> String {
        let totals: Vec<String> = self.0.total_saving().iter().map(|(c, v)| format!("{v:.2} {c}")).collect();
        let mut text =
            format!("Recommendations: {} found, saving {} per month", self.0.items.len(), totals.join(" + "));
        for r in self.0.items.iter().take(10) {
            text.push_str(&format!("\n{:>12.2} {} {:<24} {}", r.monthly_saving, r.currency, r.rule.as_str(), r.title));
        }
        text
    }

    fn _repr_html_(&self) -> String {
        finops_display::recommendations::recommendation_cards(&self.0, 20)
    }
}
