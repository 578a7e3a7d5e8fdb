//! Ingest of the CUR benchmark file on its own, for profilers: `cargo run --release -p finops-core --example
//! ingest_profile -- /tmp/cur.csv [rows] [db]` writes the file (1.2M rows by default) if it is missing, then
//! ingests it into a fresh database (or `db`, to look at it afterwards) and prints the time.
use std::path::PathBuf;
use std::time::Instant;

use finops_core::synth::write_aws_cur_rows;
use finops_core::{IngestOptions, Workspace};

/// The allocator the Python extension uses, so the profile is the benchmark's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/cur-bench.csv".into()));
    let rows: u64 = args.next().map(|r| r.parse()).transpose()?.unwrap_or(1_200_000);
    if !path.exists() {
        write_aws_cur_rows(&path, rows, 42)?;
    }
    let dir = tempfile::tempdir()?;
    let db = args.next().map(PathBuf::from).unwrap_or_else(|| dir.path().join("finops.db"));
    let mut ws = Workspace::open(db)?;
    let started = Instant::now();
    let report = ws.ingest_with(&path, &IngestOptions::default())?;
    println!("{} rows stored in {:.2} s", report.rows_stored(), started.elapsed().as_secs_f64());
    Ok(())
}
