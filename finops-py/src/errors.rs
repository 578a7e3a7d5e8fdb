//! One exhaustive mapping from finops-core errors to the Python exception hierarchy defined in
//! `finops/_errors.py` (Python defines it so input errors can also subclass `ValueError`).

use finops_core::Error;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError};
use pyo3::prelude::*;

/// Converts a core error into the matching `finops` exception, with `path`, `line` and `column` attributes
/// where the error has them. Every variant has a class of its own (no catch-all: a new variant does not build
/// until it is mapped); the classes subclass the broader ones of `_errors.py` (`MalformedFileError`,
/// `CurrencyError`...), so existing `except` clauses keep working.
pub(crate) fn to_py(err: Error) -> PyErr {
    let message = err.to_string();
    let file = |path: &std::path::Path| Some(path.display().to_string());
    let (class, path, line, column): (&str, Option<String>, Option<u64>, Option<String>) = match &err {
        Error::Io { source, .. } => {
            return match source.kind() {
                std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
                std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
                _ => PyOSError::new_err(message),
            };
        }
        Error::UnknownFormat { path, .. } => ("UnknownFormatError", file(path), None, None),
        Error::UnsupportedReport { path, .. } => ("UnsupportedReportError", file(path), None, None),
        Error::MissingColumn { path, column, .. } => ("MissingColumnError", file(path), Some(1), Some(column.clone())),
        Error::DuplicateColumn { path, column, .. } => {
            ("DuplicateColumnError", file(path), Some(1), Some(column.clone()))
        }
        Error::EmptyFile { path } => ("EmptyFileError", file(path), None, None),
        Error::Encoding { path, line } => ("EncodingError", file(path), Some(*line), None),
        Error::RaggedRow { path, line, .. } => ("RaggedRowError", file(path), Some(*line), None),
        Error::Malformed { path, line, .. } => ("MalformedFileError", file(path), Some(*line), None),
        Error::TooLarge { path, line, .. } => ("TooLargeError", file(path), Some(*line), None),
        Error::Parquet { path, .. } => ("ParquetError", file(path), None, None),
        Error::BadValue { path, line, column, .. } => ("BadValueError", file(path), Some(*line), Some(column.clone())),
        Error::NoFiles { pattern } => ("NoFilesError", Some(pattern.clone()), None, None),
        Error::Database { path, .. } => ("DatabaseError", file(path), None, None),
        Error::SchemaTooNew { path, .. } => ("SchemaTooNewError", file(path), None, None),
        Error::Polars(_) => ("ComputationError", None, None, None),
        Error::InvalidArgument(_) => ("InvalidArgumentError", None, None, None),
        Error::NotAvailable { .. } => ("NotAvailableError", None, None, None),
        Error::MixedCurrencies { .. } => ("MixedCurrenciesError", None, None, None),
        Error::MissingRate { .. } => ("MissingRateError", None, None, None),
        Error::ForecastModel { .. } => ("ForecastModelError", None, None, None),
        Error::Config { origin, variable, .. } => ("ConfigError", Some(origin.clone()), None, Some(variable.clone())),
        Error::LlmNotConfigured => ("LlmNotConfiguredError", None, None, None),
        Error::Llm { .. } => ("LlmError", None, None, None),
        Error::LlmTimeout { .. } => ("LlmTimeoutError", None, None, None),
    };
    Python::attach(|py| build(py, class, &message, path, line, column)).unwrap_or_else(|e| e)
}

fn build(
    py: Python<'_>,
    class: &str,
    message: &str,
    path: Option<String>,
    line: Option<u64>,
    column: Option<String>,
) -> PyResult<PyErr> {
    let errors = py.import("finops._errors")?;
    let exc = errors.getattr(class)?.call1((message,))?;
    exc.setattr("path", path)?;
    exc.setattr("line", line)?;
    exc.setattr("column", column)?;
    Ok(PyErr::from_value(exc))
}

/// `map_err` helper.
pub(crate) trait IntoPy<T> {
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}
