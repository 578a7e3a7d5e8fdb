//! One database, several processes: a reader keeps reading KPIs while another process imports, and never sees
//! half a file nor fails with `database is locked` (WAL: readers read the last commit; a busy timeout covers
//! the moments SQLite locks briefly); two writers at once take turns, and a writer that cannot get its turn in
//! time fails with an error that says so and stores nothing. The database passes `PRAGMA integrity_check`
//! after each.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Child;

use common::child;
use common::*;
use finops_core::{Filter, Workspace};

/// Rows of each generated CUR: an import of a few seconds, so the reader reads many times meanwhile.
const ROWS: u64 = 150_000;

/// The child: imports `FINOPS_IMPORT_FILE` into `FINOPS_IMPORT_DB`, saying when it starts and how it ended.
#[test]
#[ignore = "a child process of the concurrency tests"]
fn child_import() {
    let mut ws = Workspace::open(child::order("FINOPS_IMPORT_DB")).expect("open the database");
    eprintln!("started");
    match ws.ingest_with(child::order("FINOPS_IMPORT_FILE"), &quiet()) {
        Ok(_) => eprintln!("imported"),
        Err(e) => eprintln!("failed {e}"),
    }
}

fn import_in_child(db: &Path, file: &Path) -> Child {
    child::spawn(
        "concurrency::child_import",
        &[("FINOPS_IMPORT_DB", db.to_str().unwrap()), ("FINOPS_IMPORT_FILE", file.to_str().unwrap())],
    )
}

/// A generated CUR of [`ROWS`] rows and its billed total, summed from its text with the `csv` crate.
fn generated_cur(dir: &Path, seed: u64) -> (PathBuf, f64) {
    let path = dir.join(format!("cur-{seed}.csv"));
    finops_core::synth::write_aws_cur_rows(&path, ROWS, seed).unwrap();
    let billed = cur_billed_total(&path);
    (path, billed)
}

/// A database holding [`earlier_data`], and a generated CUR for each seed.
fn setup(seeds: &[u64]) -> (tempfile::TempDir, PathBuf, Vec<(PathBuf, f64)>) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("finops.db");
    earlier_data(&db, dir.path());
    let files = seeds.iter().map(|seed| generated_cur(dir.path(), *seed)).collect();
    (dir, db, files)
}

/// Earlier data: three hand-written FOCUS rows, 31.50 USD in all.
fn earlier_data(db: &Path, dir: &Path) {
    let path = dir.join("earlier.csv");
    let header = "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,BilledCost,EffectiveCost,ListCost,ContractedCost";
    let row = |day: &str, cost: &str| {
        format!("999,USD,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,2025-01-{day}T00:00:00Z,2025-01-{day}T23:59:59Z,Usage,AWS,EC2,{cost},{cost},{cost},{cost}")
    };
    std::fs::write(
        &path,
        format!("{header}\n{}\n{}\n{}\n", row("03", "10.25"), row("04", "11.00"), row("05", "10.25")),
    )
    .unwrap();
    Workspace::open(db).unwrap().ingest_with(&path, &quiet()).unwrap();
}

fn integrity_ok(db: &Path) -> bool {
    let ws = Workspace::open(db).unwrap();
    let check: String =
        ws.store().expect("a database").connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    check == "ok"
}

fn usd() -> Filter {
    Filter { currency: Some("USD".into()), ..Default::default() }
}

#[test]
fn a_reader_sees_the_data_before_or_after_an_import_never_between() {
    let (_dir, db, files) = setup(&[11]);
    let (file, file_billed) = &files[0];
    let reader = Workspace::open(&db).unwrap();
    let before = reader.analytics().unwrap().kpis(&usd()).unwrap().total;
    assert!((before - 31.5).abs() < 1e-9, "{before}");
    let after = 31.5 + file_billed;

    let mut importer = import_in_child(&db, file);
    child::wait_for_line(&mut importer, "started");
    let (mut reads, mut reads_before, mut reads_after) = (0, 0, 0);
    while importer.try_wait().unwrap().is_none() {
        // KPIs through the analytics service (its daily aggregate reloads when an import commits), and the line
        // items directly: each must be all of the file or none of it.
        let kpis = reader.analytics().unwrap_or_else(|e| panic!("read {reads}: {e}")).kpis(&usd());
        let total = kpis.unwrap_or_else(|e| panic!("read {reads}: {e}")).total;
        let stored: f64 = reader
            .store()
            .expect("a database")
            .connection()
            .query_row("SELECT TOTAL(billed_cost) FROM line_items", [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("read {reads}: {e}"));
        for seen in [total, stored] {
            if (seen - before).abs() < 0.005 {
                reads_before += 1;
            } else if (seen - after).abs() < 0.005 {
                reads_after += 1;
            } else {
                panic!("read {reads} saw {seen}: neither {before} nor {after}");
            }
        }
        reads += 1;
    }
    let (_, printed) = child::finish(importer);
    assert!(printed.contains("imported"), "{printed}");
    assert!(reads_before >= 10, "only {reads_before} reads while the import ran ({reads} in all)");
    let total = reader.analytics().unwrap().kpis(&usd()).unwrap().total;
    assert!((total - after).abs() < 0.005, "{total} vs {after} ({reads_after} reads saw it)");
    assert!(integrity_ok(&db));
}

#[test]
fn two_writers_take_turns() {
    let (_dir, db, files) = setup(&[21, 22]);
    let first = import_in_child(&db, &files[0].0);
    let second = import_in_child(&db, &files[1].0);
    let outcomes = [child::finish(first).1, child::finish(second).1];
    // Each import either went in whole or failed saying the database was locked (it waited its 10 s turn).
    let mut expected = 31.5;
    for (printed, billed) in outcomes.iter().zip([files[0].1, files[1].1]) {
        if printed.contains("imported") {
            expected += billed;
        } else {
            assert!(printed.contains("failed database") && printed.contains("database is locked"), "{printed}");
        }
    }
    assert!(outcomes.iter().any(|o| o.contains("imported")), "{outcomes:?}");
    let ws = Workspace::open(&db).unwrap();
    let total = ws.analytics().unwrap().kpis(&usd()).unwrap().total;
    assert!((total - expected).abs() < 0.005, "{total} vs {expected}: {outcomes:?}");
    assert_eq!(ws.imports().unwrap().len(), 1 + outcomes.iter().filter(|o| o.contains("imported")).count());
    assert!(integrity_ok(&db));
}

#[test]
fn a_writer_that_cannot_get_its_turn_fails_clearly_and_stores_nothing() {
    let (_dir, db, files) = setup(&[31]);
    let (file, file_billed) = &files[0];
    // This process holds the write lock longer than an importer waits for it (10 s).
    let holder = Workspace::open(&db).unwrap();
    holder.store().expect("a database").connection().execute_batch("BEGIN IMMEDIATE").unwrap();
    let importer = import_in_child(&db, file);
    let (_, printed) = child::finish(importer);
    holder.store().expect("a database").connection().execute_batch("ROLLBACK").unwrap();
    let failure = printed.lines().find_map(|l| l.strip_prefix("failed ")).unwrap_or_else(|| panic!("{printed}"));
    assert!(failure.starts_with(&format!("database {}: database is locked", db.display())), "{failure}");
    assert_eq!(holder.imports().unwrap().len(), 1);
    assert!((total(&items(&holder), "BilledCost") - 31.5).abs() < 1e-9);
    // Its turn now.
    let importer = import_in_child(&db, file);
    let (_, printed) = child::finish(importer);
    assert!(printed.contains("imported"), "{printed}");
    let total = holder.analytics().unwrap().kpis(&usd()).unwrap().total;
    assert!((total - (31.5 + file_billed)).abs() < 0.005, "{total}");
    assert!(integrity_ok(&db));
}
