//! One exhaustive mapping from finops-core errors to the Python exception hierarchy defined in
//! `finops/_errors.py` (Python defines it so input errors can also subclass `ValueError`).

use finops_core::Error;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError};
use pyo3::prelude::*;

/// Converts a core error into the matching `finops` exception, with `path`, `line` and `column` attributes
/// where the error has them.
pub(crate) fn to_py(err: Error) -> PyErr {
    let message = err.to_string();
    let (class, path, line, column): (&str, Option<String>, Option<u64>, Option<String>) = match &err {
        Error::Io { path, source } => {
            return match source.kind() {
                std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
                std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
                _ => {
                    let _ = path;
                    PyOSError::new_err(message)
                }
            };
        }
        Error::UnknownFormat { path, .. } => ("UnknownFormatError", Some(path.display().to_string()), None, None),
        Error::MissingColumn { path, column, .. } => {
            ("MissingColumnError", Some(path.display().to_string()), Some(1), Some(column.clone()))
        }
        Error::DuplicateColumn { path, column, .. } => {
            ("DuplicateColumnError", Some(path.display().to_string()), Some(1), Some(column.clone()))
        }
        Error::EmptyFile { path } => ("EmptyFileError", Some(path.display().to_string()), None, None),
        Error::Encoding { path, line } => ("EncodingError", Some(path.display().to_string()), Some(*line), None),
        Error::RaggedRow { path, line, .. } => {
            ("MalformedFileError", Some(path.display().to_string()), Some(*line), None)
        }
        Error::Malformed { path, line, .. } => {
            ("MalformedFileError", Some(path.display().to_string()), Some(*line), None)
        }
        Error::Parquet { path, .. } => ("MalformedFileError", Some(path.display().to_string()), None, None),
        Error::BadValue { path, line, column, .. } => {
            ("BadValueError", Some(path.display().to_string()), Some(*line), Some(column.clone()))
        }
        Error::NoFiles { pattern } => ("NoFilesError", Some(pattern.clone()), None, None),
        Error::InvalidArgument(_) => ("InvalidArgumentError", None, None, None),
        Error::MixedCurrencies { .. } | Error::MissingRate { .. } => ("CurrencyError", None, None, None),
        Error::Config { origin, variable, .. } => ("ConfigError", Some(origin.clone()), None, Some(variable.clone())),
        Error::Database { path, .. } | Error::SchemaTooNew { path, .. } => {
            ("DatabaseError", Some(path.display().to_string()), None, None)
        }
        Error::Polars(_) => ("FinopsError", None, None, None),
        _ => ("FinopsError", None, None, None),
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
