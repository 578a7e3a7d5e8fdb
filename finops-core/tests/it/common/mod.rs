//! Helpers shared by the integration tests: temporary workspaces, fixture paths, and an independent
//! reader of source files (the `csv` crate and plain `f64` sums, not finops' own parsing).
#![allow(dead_code, unreachable_pub)]

pub mod child;
pub mod llm_server;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use finops_core::polars::prelude::*;
use finops_core::{Filter, IngestOptions, Workspace};

/// A workspace on a fresh database in a temporary directory (kept alive by the returned guard).
pub fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::open(dir.path().join("finops.db")).expect("open workspace");
    (dir, ws)
}

/// A fixture under the repository's `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(rel)
}

/// A workspace holding one CSV export with the given text (kept alive by the returned guard).
pub fn workspace_with(csv: &str) -> (tempfile::TempDir, Workspace) {
    let (dir, mut ws) = workspace();
    let path = dir.path().join("costs.csv");
    std::fs::write(&path, csv).expect("write the export");
    ws.ingest_with(&path, &quiet()).expect("ingest the export");
    (dir, ws)
}

/// Quiet ingest options (no progress bar).
pub fn quiet() -> IngestOptions {
    IngestOptions::default()
}

/// A source CSV read independently: header and rows of strings (UTF-8 BOM stripped by `csv`).
pub struct SourceCsv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl SourceCsv {
    pub fn read(path: &Path) -> SourceCsv {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path).expect("open source csv");
        let header = reader.headers().expect("header").iter().map(|s| s.trim().to_string()).collect();
        let rows = reader.records().map(|r| r.expect("row").iter().map(str::to_string).collect()).collect();
        SourceCsv { header, rows }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
    }

    /// Values of a column as f64 (empty = 0).
    pub fn numbers(&self, name: &str) -> Vec<f64> {
        let i = self.col(name);
        self.rows.iter().map(|r| r[i].trim().parse::<f64>().unwrap_or(0.0)).collect()
    }

    pub fn sum(&self, name: &str) -> f64 {
        self.numbers(name).iter().sum()
    }

    pub fn distinct(&self, name: &str) -> BTreeSet<String> {
        let i = self.col(name);
        self.rows.iter().map(|r| r[i].clone()).filter(|v| !v.is_empty()).collect()
    }
}

/// The stored line items (all of them).
pub fn items(ws: &Workspace) -> DataFrame {
    ws.line_items(&Filter::default()).expect("line_items")
}

/// Sum of a Float64 column.
pub fn total(df: &DataFrame, column: &str) -> f64 {
    df.column(column).expect("column").f64().expect("f64").sum().unwrap_or(0.0)
}

/// Distinct non-null values of a string column.
pub fn distinct(df: &DataFrame, column: &str) -> BTreeSet<String> {
    df.column(column).expect("column").str().expect("str").iter().flatten().map(str::to_string).collect()
}

/// Asserts two money amounts agree to 1e-9 relative (doubles summed in different orders).
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!((actual - expected).abs() <= tolerance, "got {actual}, expected {expected}");
}

/// The billed total of a legacy AWS CUR read with the `csv` crate, row by row (`NetUnblendedCost` where the
/// export has it, else `UnblendedCost`, as AWS bills it), streaming: generated CURs have hundreds of thousands
/// of rows.
pub fn cur_billed_total(path: &Path) -> f64 {
    let mut reader = csv::Reader::from_path(path).expect("open the CUR");
    let header = reader.headers().expect("header").clone();
    let net = header.iter().position(|h| h == "lineItem/NetUnblendedCost");
    let unblended = header.iter().position(|h| h == "lineItem/UnblendedCost").expect("an UnblendedCost column");
    let mut total = 0.0;
    for record in reader.records() {
        let record = record.expect("row");
        let value = net.map(|i| &record[i]).filter(|v| !v.is_empty()).unwrap_or(&record[unblended]);
        total += value.parse::<f64>().unwrap_or(0.0);
    }
    total
}
