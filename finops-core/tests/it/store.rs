//! The store's promises: idempotent re-imports, restated exports replace their slice, Azure's amortized
//! view is never replaced by the actual one, and a failed import leaves the database exactly as it was.

use crate::common;

use std::fs;

use common::*;
use finops_core::{FileStatus, Filter, Workspace};

const FOCUS_HEADER: &str = "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,BilledCost,EffectiveCost,ListCost,ContractedCost,Tags";

fn focus_file(dir: &std::path::Path, name: &str, rows: &[&str]) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, format!("{FOCUS_HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

fn row(account: &str, month: &str, day: &str, service: &str, cost: &str) -> String {
    let next = if month == "2025-01" { "2025-02" } else { "2025-03" };
    format!(
        "{account},USD,{month}-01T00:00:00Z,{next}-01T00:00:00Z,{month}-{day}T00:00:00Z,{month}-{day}T23:59:59Z,Usage,AWS,{service},{cost},{cost},{cost},{cost},\"{{\"\"Env\"\":\"\"prod\"\"}}\""
    )
}

#[test]
fn reimporting_the_same_file_is_a_no_op_that_says_so() {
    let (dir, mut ws) = workspace();
    let path = focus_file(dir.path(), "a.csv", &[&row("111", "2025-01", "05", "EC2", "10.5")]);
    let first = ws.ingest_with(&path, &quiet()).unwrap();
    assert_eq!(first.files[0].rows_stored, 1);
    let again = ws.ingest_with(&path, &quiet()).unwrap();
    let import_id = first.files[0].import_id.unwrap();
    assert!(matches!(again.files[0].status, FileStatus::AlreadyImported { import_id: id, .. } if id == import_id));
    assert_eq!(again.rows_stored(), 0);
    assert_close(total(&items(&ws), "BilledCost"), 10.5);
    assert_eq!(ws.imports().unwrap().len(), 1);
    assert!(again.to_string().contains("already imported"));
}

#[test]
fn the_ledger_keys_each_file_by_the_hash_of_its_bytes() {
    use std::io::Write;
    let (dir, mut ws) = workspace();
    // Two files of one size: the first is hashed while it is parsed; the second has the size of an earlier
    // import, so it is hashed before. A gzipped file is keyed by its compressed bytes.
    let a = focus_file(dir.path(), "a.csv", &[&row("111", "2025-01", "05", "EC2", "10.5")]);
    let b = focus_file(dir.path(), "b.csv", &[&row("111", "2025-02", "05", "EC2", "10.5")]);
    assert_eq!(fs::metadata(&a).unwrap().len(), fs::metadata(&b).unwrap().len());
    let gz = dir.path().join("c.csv.gz");
    let mut encoder = flate2::write::GzEncoder::new(fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    encoder.write_all(fs::read_to_string(&a).unwrap().replace("111", "333").as_bytes()).unwrap();
    encoder.finish().unwrap();
    for path in [&a, &b, &gz] {
        let report = ws.ingest_with(path, &quiet()).unwrap();
        assert_eq!(report.files[0].status, FileStatus::Imported, "{}", path.display());
        let expected = blake3::hash(&fs::read(path).unwrap()).to_hex().to_string();
        assert_eq!(report.files[0].file_hash, expected, "{}", path.display());
    }
    let ledger = ws.imports().unwrap();
    let hashes: Vec<String> =
        [&a, &b, &gz].iter().map(|p| blake3::hash(&fs::read(p).unwrap()).to_hex().to_string()).collect();
    assert_eq!(ledger.iter().map(|i| i.file_hash.clone()).collect::<Vec<_>>(), hashes);
    // Each is now known, whichever way it was hashed.
    for path in [&a, &b, &gz] {
        let again = ws.ingest_with(path, &quiet()).unwrap();
        assert!(matches!(again.files[0].status, FileStatus::AlreadyImported { .. }), "{}", path.display());
    }
    assert_close(total(&items(&ws), "BilledCost"), 31.5);
}

#[test]
fn a_restated_export_replaces_its_slice_only() {
    let (dir, mut ws) = workspace();
    // January for accounts 111 and 222, and February for 111.
    let v1 = focus_file(
        dir.path(),
        "v1.csv",
        &[
            &row("111", "2025-01", "05", "EC2", "10"),
            &row("222", "2025-01", "05", "S3", "7"),
            &row("111", "2025-02", "03", "EC2", "4"),
        ],
    );
    ws.ingest_with(&v1, &quiet()).unwrap();
    // A later export restates January of account 111 only: two rows, 12 + 1.
    let v2 = focus_file(
        dir.path(),
        "v2.csv",
        &[&row("111", "2025-01", "05", "EC2", "12"), &row("111", "2025-01", "06", "EC2", "1")],
    );
    let report = ws.ingest_with(&v2, &quiet()).unwrap();
    assert_eq!(report.files[0].rows_replaced, 1);
    assert_eq!(report.files[0].replaced_imports, vec![1]);
    // 12 + 1 (restated) + 7 (other account) + 4 (other month).
    assert_close(total(&items(&ws), "BilledCost"), 24.0);
    let ledger = ws.imports().unwrap();
    assert_eq!(ledger[0].status, "partly replaced");
    assert_eq!(ledger[0].rows_current, 2);
    assert_eq!(ledger[1].status, "active");
}

#[test]
fn a_failed_import_changes_nothing() {
    let (dir, mut ws) = workspace();
    let good = focus_file(dir.path(), "good.csv", &[&row("111", "2025-01", "05", "EC2", "10")]);
    ws.ingest_with(&good, &quiet()).unwrap();
    let before = (items(&ws), ws.imports().unwrap());
    // Restates the same slice (so it would delete rows) but breaks on its third row.
    let bad = focus_file(
        dir.path(),
        "bad.csv",
        &[
            &row("111", "2025-01", "05", "EC2", "99"),
            &row("111", "2025-01", "06", "EC2", "1"),
            &row("111", "2025-01", "07", "EC2", "ten"),
        ],
    );
    let err = ws.ingest_with(&bad, &quiet()).unwrap_err().to_string();
    assert!(err.contains("bad.csv") && err.contains("line 4") && err.contains("BilledCost"), "{err}");
    let after = (items(&ws), ws.imports().unwrap());
    assert!(before.0.equals_missing(&after.0));
    assert_eq!(before.1, after.1);
    // Reopening sees the same committed state.
    drop(ws);
    let ws = Workspace::open(dir.path().join("finops.db")).unwrap();
    assert_close(total(&items(&ws), "BilledCost"), 10.0);
}

#[test]
fn skip_bad_rows_counts_and_reports_them() {
    let (dir, mut ws) = workspace();
    let path = focus_file(
        dir.path(),
        "mixed.csv",
        &[
            &row("111", "2025-01", "05", "EC2", "10"),
            &row("111", "2025-01", "06", "EC2", "n/a"),
            &row("111", "2025-01", "07", "EC2", "2"),
        ],
    );
    let options = finops_core::IngestOptions { skip_bad_rows: true, ..Default::default() };
    let report = ws.ingest_with(&path, &options).unwrap();
    let file = &report.files[0];
    assert_eq!((file.rows_read, file.rows_stored, file.rows_rejected), (3, 2, 1));
    assert!(file.rejected_samples[0].contains("line 3"), "{:?}", file.rejected_samples);
    assert_close(total(&items(&ws), "BilledCost"), 12.0);
    assert_eq!(ws.imports().unwrap()[0].rows_rejected, 1);
}

#[test]
fn azure_actual_never_replaces_amortized() {
    let (_dir, mut ws) = workspace();
    let amortized = fixture("azure/ea_amortized_small_2023-09_finops-toolkit.csv");
    let actual = fixture("azure/ea_actual_small_2023-09_finops-toolkit.csv");
    ws.ingest_with(&amortized, &quiet()).unwrap();
    let before = total(&items(&ws), "EffectiveCost");
    let report = ws.ingest_with(&actual, &quiet()).unwrap();
    assert_eq!(report.files[0].status, FileStatus::Superseded);
    assert_eq!(report.files[0].rows_stored, 0);
    assert_eq!(report.files[0].rows_superseded, SourceCsv::read(&actual).rows.len() as u64);
    assert_close(total(&items(&ws), "EffectiveCost"), before);

    // The other order: amortized arrives after actual and replaces it.
    let (_dir2, mut ws2) = workspace();
    ws2.ingest_with(&actual, &quiet()).unwrap();
    let report = ws2.ingest_with(&amortized, &quiet()).unwrap();
    assert!(report.files[0].rows_replaced > 0);
    assert_close(total(&items(&ws2), "EffectiveCost"), before);
}

#[test]
fn filters_select_by_account_service_tag_and_date() {
    let (dir, mut ws) = workspace();
    let path = focus_file(
        dir.path(),
        "f.csv",
        &[
            &row("111", "2025-01", "05", "EC2", "10"),
            &row("222", "2025-01", "20", "S3", "7"),
            &row("111", "2025-02", "03", "EC2", "4"),
        ],
    );
    ws.ingest_with(&path, &quiet()).unwrap();
    let by = |f: Filter| total(&ws.line_items(&f).unwrap(), "BilledCost");
    assert_close(by(Filter { billing_accounts: vec!["111".into()], ..Default::default() }), 14.0);
    assert_close(by(Filter { services: vec!["S3".into()], ..Default::default() }), 7.0);
    let jan = |d| chrono::NaiveDate::from_ymd_opt(2025, 1, d);
    assert_close(by(Filter { start: jan(5), end: jan(19), ..Default::default() }), 10.0);
    assert_close(by(Filter { start: jan(5), end: jan(20), ..Default::default() }), 17.0);
    let tag = finops_core::TagFilter::Equals { key: "ENV".into(), value: "prod".into() };
    assert_close(by(Filter { tags: vec![tag], ..Default::default() }), 21.0);
    assert_close(by(Filter { tags: vec![finops_core::TagFilter::Untagged], ..Default::default() }), 0.0);
}

#[test]
fn schema_is_versioned_and_reopens() {
    let (dir, ws) = workspace();
    assert_eq!(ws.store().expect("a database").schema_version().unwrap(), 4);
    drop(ws);
    let ws = Workspace::open(dir.path().join("finops.db")).unwrap();
    assert_eq!(ws.store().expect("a database").schema_version().unwrap(), 4);
    let mode: String =
        ws.store().expect("a database").connection().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}
