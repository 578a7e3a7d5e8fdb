//! A failed import changes nothing, even when its process dies: an import of a large generated CUR is killed
//! (SIGKILL) at each stage of its transaction — parsing, inserting line items, writing the daily aggregate,
//! just before the commit — and the database must then open, pass `PRAGMA integrity_check`, hold exactly
//! what it held before (every table, to the last double), not list the killed file, and import the same file
//! again with the right totals.
//!
//! The child stops at the named stage (`FINOPS_KILL_POINT`, store/kill_point.rs) and says so, then this test
//! kills it there.

use crate::common;

use std::path::{Path, PathBuf};

use common::child;
use common::*;
use finops_core::{FileStatus, Workspace};

/// Rows of the generated CUR: enough for dozens of batches (4,096 rows each) and a daily aggregate of
/// thousands of rows, so every stage has a middle to be killed in.
const ROWS: u64 = 300_000;

/// The child: imports `FINOPS_CRASH_FILE` into `FINOPS_CRASH_DB`, unless killed first.
#[test]
#[ignore = "a child process of the crash tests"]
fn child_import() {
    let mut ws = Workspace::open(child::order("FINOPS_CRASH_DB")).expect("open the database");
    ws.ingest_with(child::order("FINOPS_CRASH_FILE"), &quiet()).expect("import");
    eprintln!("imported");
}

/// Every table's row count and the cost sums of `line_items` and `daily_costs`, summed in rowid order (so the
/// same rows give the same doubles), and the data version.
#[derive(Debug, PartialEq)]
struct Snapshot {
    tables: Vec<(String, i64)>,
    line_items: (f64, f64),
    daily_costs: (f64, f64),
    data_version: i64,
}

fn snapshot(ws: &Workspace) -> Snapshot {
    let conn = ws.store().expect("a database").connection();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let tables = names
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
            (t, n)
        })
        .collect();
    let sums = |table: &str| {
        conn.query_row(
            &format!("SELECT TOTAL(billed_cost), TOTAL(effective_cost) FROM (SELECT * FROM {table} ORDER BY rowid)"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    Snapshot {
        tables,
        line_items: sums("line_items"),
        daily_costs: sums("daily_costs"),
        data_version: ws.store().expect("a database").data_version().unwrap(),
    }
}

fn integrity(ws: &Workspace) -> (String, i64) {
    let conn = ws.store().expect("a database").connection();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    let dangling: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    (check, dangling)
}

/// Starts an import of `file` into `db` that stops at `point`, and kills it there.
fn kill_at(db: &Path, file: &Path, point: &str) {
    let stage = point.split(':').next().unwrap();
    let mut importer = child::spawn(
        "crash_safety::child_import",
        &[
            ("FINOPS_CRASH_DB", db.to_str().unwrap()),
            ("FINOPS_CRASH_FILE", file.to_str().unwrap()),
            ("FINOPS_KILL_POINT", point),
        ],
    );
    child::wait_for_line(&mut importer, &format!("reached {stage}"));
    importer.kill().expect("SIGKILL");
    let (status, _) = child::finish(importer);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(9), "{point}: {status}");
}

#[test]
fn an_import_killed_at_any_stage_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("finops.db");
    // Earlier data: the FOCUS sample, checked against its own source to the cent.
    let earlier = fixture("focus/focus10_official_sample_1000_multicloud.csv");
    let earlier_billed = SourceCsv::read(&earlier).sum("BilledCost");
    let before = {
        let mut ws = Workspace::open(&db).unwrap();
        ws.ingest_with(&earlier, &quiet()).unwrap();
        let before = snapshot(&ws);
        assert!((before.line_items.0 - earlier_billed).abs() < 0.005, "{before:?} vs {earlier_billed}");
        before
    };
    let big: PathBuf = dir.path().join("cur-300k.csv");
    let generated = finops_core::synth::write_aws_cur_rows(&big, ROWS, 7).unwrap();
    assert!(generated.rows >= ROWS * 9 / 10, "{} rows", generated.rows);
    let big_billed = cur_billed_total(&big);

    for point in ["parse:20", "insert:30", "daily:500", "commit"] {
        kill_at(&db, &big, point);
        let ws = Workspace::open(&db).unwrap_or_else(|e| panic!("{point}: the database does not open: {e}"));
        assert_eq!(integrity(&ws), ("ok".to_string(), 0), "{point}");
        assert_eq!(snapshot(&ws), before, "{point}: the database changed");
        let ledger = ws.imports().unwrap();
        assert_eq!(ledger.len(), 1, "{point}: {ledger:?}");
        assert!(ledger.iter().all(|i| Path::new(&i.path) != big && i.status == "active"), "{point}: {ledger:?}");
        assert!((snapshot(&ws).line_items.0 - earlier_billed).abs() < 0.005, "{point}");
    }

    // The same file again, to the end this time.
    let mut ws = Workspace::open(&db).unwrap();
    let report = ws.ingest_with(&big, &quiet()).unwrap();
    assert_eq!(report.files[0].status, FileStatus::Imported);
    assert_eq!(report.files[0].rows_read, generated.rows);
    assert_eq!(integrity(&ws), ("ok".to_string(), 0));
    let after = snapshot(&ws);
    assert!((after.line_items.0 - (earlier_billed + big_billed)).abs() < 0.005, "{after:?}");
    assert!((after.daily_costs.0 - after.line_items.0).abs() < 0.005, "{after:?}");
    assert_eq!(after.data_version, before.data_version + 1);
    assert_eq!(ws.imports().unwrap().len(), 2);
}
