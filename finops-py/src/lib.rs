//! Python bindings for finops-core, built by maturin into `finops._finops`.
//!
//! This crate only converts types and maps errors; every behaviour lives in finops-core.

mod analytics;
mod anomaly;
mod arrow;
mod charts;
mod chat;
mod errors;
mod filter;
mod forecast;
mod insights;
mod recommendations;
mod report;
mod synth;
mod workspace;

use pyo3::prelude::*;

/// Rust's allocations in the extension (Python's own objects keep Python's allocator); see the workspace
/// Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The compiled part of the `finops` package.
#[pymodule]
fn _finops(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<workspace::PyWorkspace>()?;
    m.add_class::<arrow::ArrowStream>()?;
    m.add_class::<filter::PyFilter>()?;
    m.add_class::<report::PyImportReport>()?;
    m.add_class::<report::PyFileReport>()?;
    m.add_class::<analytics::PyKpis>()?;
    m.add_class::<anomaly::PyAnomalies>()?;
    m.add_class::<forecast::PyForecast>()?;
    m.add_class::<forecast::PyProjection>()?;
    m.add_class::<insights::PyInsights>()?;
    m.add_class::<recommendations::PyRecommendations>()?;
    m.add_class::<chat::PyChat>()?;
    m.add_class::<chat::PyAnswer>()?;
    m.add_function(wrap_pyfunction!(workspace::default_db_path, m)?)?;
    m.add_function(wrap_pyfunction!(workspace::init_logging, m)?)?;
    m.add_function(wrap_pyfunction!(synth::generate_sample, m)?)?;
    m.add_function(wrap_pyfunction!(synth::generate_cur_benchmark, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DAILY_FRAME_COLUMNS", finops_core::DAILY_FRAME_COLUMNS.to_vec())?;
    // `cargo profile debug, opt-level 2`: the dev profile `make develop` builds (optimized, see Cargo.toml),
    // or `release` for a wheel.
    m.add("__build__", env!("FINOPS_BUILD"))?;
    Ok(())
}
