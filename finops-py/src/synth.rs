//! The synthetic billing-export generator, from Python (demo data, tests, benchmarks).

use std::path::PathBuf;

use finops_core::synth::{generate, write_aws_cur_month, SynthConfig, SynthFormat};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

fn json<T: serde::Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string_pretty(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Writes synthetic native billing exports (AWS CUR, Azure, GCP, FOCUS) into `out_dir`; returns the
/// manifest (files, exact totals, injected anomalies) as a JSON string. Deterministic by `seed`.
/// `formats` picks among `aws`, `azure`, `gcp` and `focus` (a FOCUS rendition of the same charges);
/// by default the three native exports.
#[pyfunction]
#[pyo3(signature = (out_dir, *, seed=42, start="2025-01-01", months=3, accounts=3, scale=1.0, anomalies=3,
    formats=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate_sample(
    py: Python<'_>,
    out_dir: PathBuf,
    seed: u64,
    start: &str,
    months: u32,
    accounts: u32,
    scale: f64,
    anomalies: u32,
    formats: Option<Vec<String>>,
) -> PyResult<String> {
    // Native exports only by default: the FOCUS rendition describes the same charges.
    let formats = match formats {
        Some(names) => names
            .iter()
            .map(|f| f.parse::<SynthFormat>().map_err(|e| PyValueError::new_err(e.to_string())))
            .collect::<PyResult<Vec<_>>>()?,
        None => SynthFormat::NATIVE.to_vec(),
    };
    let start = finops_core::ingest::parse_date(start)
        .ok_or_else(|| PyValueError::new_err(format!("start: not a date: {start:?} (use YYYY-MM-DD)")))?;
    let config = SynthConfig { seed, start, months, accounts, scale, anomalies, formats, ..Default::default() };
    let manifest = py
        .detach(|| generate(&config, &out_dir))
        .map_err(|e| PyOSError::new_err(format!("{}: {e}", out_dir.display())))?;
    json(&manifest)
}

/// Writes one legacy AWS CUR CSV of about `rows` rows (streamed, constant memory) for benchmarks, billing
/// the month of `month` (default January 2025; the same estate every month); returns the file's description
/// (rows, totals) as a JSON string.
#[pyfunction]
#[pyo3(signature = (path, *, rows=1_200_000, seed=7, month="2025-01-01"))]
pub(crate) fn generate_cur_benchmark(
    py: Python<'_>,
    path: PathBuf,
    rows: u64,
    seed: u64,
    month: &str,
) -> PyResult<String> {
    let month = finops_core::ingest::parse_date(month)
        .ok_or_else(|| PyValueError::new_err(format!("month: not a date: {month:?} (use YYYY-MM-DD)")))?;
    let file = py
        .detach(|| write_aws_cur_month(&path, rows, seed, month))
        .map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
    json(&file)
}
