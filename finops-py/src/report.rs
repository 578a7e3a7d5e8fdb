//! `finops.ImportReport` and `finops.FileReport`: what an ingest did, with a readable repr.

use finops_core::{FileReport, FileStatus, ImportReport};
use pyo3::prelude::*;

/// One file's outcome.
#[pyclass(name = "FileReport", module = "finops", frozen, get_all)]
pub(crate) struct PyFileReport {
    path: String,
    import_id: Option<i64>,
    status: String,
    message: String,
    format: Option<String>,
    cost_view: Option<String>,
    file_hash: String,
    rows_read: u64,
    rows_stored: u64,
    rows_rejected: u64,
    rows_superseded: u64,
    rows_replaced: u64,
    replaced_imports: Vec<i64>,
    providers: Vec<String>,
    billing_periods: Vec<String>,
    accounts: Vec<String>,
    billed_cost: Vec<(String, String)>,
    effective_cost: Vec<(String, String)>,
    rejected_samples: Vec<String>,
    seconds: f64,
}

impl From<&FileReport> for PyFileReport {
    fn from(r: &FileReport) -> Self {
        let status = match &r.status {
            FileStatus::Imported => "imported",
            FileStatus::AlreadyImported { .. } => "already_imported",
            FileStatus::Superseded => "superseded",
            FileStatus::Failed { .. } => "failed",
            _ => "other",
        };
        PyFileReport {
            path: r.path.display().to_string(),
            import_id: r.import_id,
            status: status.to_string(),
            message: r.status.to_string(),
            format: r.format.map(|f| f.name().to_string()),
            cost_view: r.cost_view.map(|v| v.as_str().to_string()),
            file_hash: r.file_hash.clone(),
            rows_read: r.rows_read,
            rows_stored: r.rows_stored,
            rows_rejected: r.rows_rejected,
            rows_superseded: r.rows_superseded,
            rows_replaced: r.rows_replaced,
            replaced_imports: r.replaced_imports.clone(),
            providers: r.providers.clone(),
            billing_periods: r.billing_periods.clone(),
            accounts: r.accounts.clone(),
            billed_cost: r.totals.iter().map(|t| (t.currency.clone(), t.billed_cost.to_string())).collect(),
            effective_cost: r.totals.iter().map(|t| (t.currency.clone(), t.effective_cost.to_string())).collect(),
            rejected_samples: r.rejected_samples.clone(),
            seconds: r.duration.as_secs_f64(),
        }
    }
}

#[pymethods]
impl PyFileReport {
    fn __repr__(&self) -> String {
        format!(
            "FileReport(path={:?}, status={:?}, format={:?}, rows_read={}, rows_stored={}, rows_rejected={})",
            self.path, self.status, self.format, self.rows_read, self.rows_stored, self.rows_rejected
        )
    }
}

/// The outcome of one `Workspace.ingest` call, one `FileReport` per file.
#[pyclass(name = "ImportReport", module = "finops", frozen)]
pub(crate) struct PyImportReport {
    text: String,
    files: Vec<Py<PyFileReport>>,
    rows_read: u64,
    rows_stored: u64,
}

impl PyImportReport {
    pub(crate) fn new(py: Python<'_>, report: &ImportReport) -> PyResult<Self> {
        let files = report.files.iter().map(|f| Py::new(py, PyFileReport::from(f))).collect::<PyResult<Vec<_>>>()?;
        Ok(PyImportReport {
            text: report.to_string(),
            files,
            rows_read: report.rows_read(),
            rows_stored: report.rows_stored(),
        })
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[pymethods]
impl PyImportReport {
    /// Per-file reports.
    #[getter]
    fn files(&self, py: Python<'_>) -> Vec<Py<PyFileReport>> {
        self.files.iter().map(|f| f.clone_ref(py)).collect()
    }

    /// Rows read across all files.
    #[getter]
    fn rows_read(&self) -> u64 {
        self.rows_read
    }

    /// Line items stored across all files.
    #[getter]
    fn rows_stored(&self) -> u64 {
        self.rows_stored
    }

    /// Files that failed (each left the database unchanged).
    #[getter]
    fn failures(&self, py: Python<'_>) -> Vec<Py<PyFileReport>> {
        self.files.iter().filter(|f| f.get().status == "failed").map(|f| f.clone_ref(py)).collect()
    }

    fn __len__(&self) -> usize {
        self.files.len()
    }

    fn __repr__(&self) -> String {
        self.text.clone()
    }

    fn _repr_html_(&self) -> String {
        let mut html = String::from(
            "<table><thead><tr><th>file</th><th>format</th><th>status</th><th>periods</th><th>read</th>\
             <th>stored</th><th>rejected</th><th>replaced</th><th>billed</th><th>effective</th></tr></thead><tbody>",
        );
        for f in &self.files {
            let f = f.get();
            let money = |v: &[(String, String)]| {
                v.iter()
                    .map(|(c, a)| {
                        format!("{} {c}", a.parse::<f64>().map(|x| format!("{x:.2}")).unwrap_or_else(|_| a.clone()))
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(f.path.rsplit('/').next().unwrap_or(&f.path)),
                escape(f.format.as_deref().unwrap_or("")),
                escape(&f.message),
                escape(&f.status),
                escape(&f.billing_periods.join(", ")),
                f.rows_read,
                f.rows_stored,
                f.rows_rejected,
                f.rows_replaced,
                money(&f.billed_cost),
                money(&f.effective_cost),
            ));
        }
        html.push_str(&format!(
            "</tbody></table><p>{} file(s), {} rows read, {} stored</p>",
            self.files.len(),
            self.rows_read,
            self.rows_stored
        ));
        html
    }
}
