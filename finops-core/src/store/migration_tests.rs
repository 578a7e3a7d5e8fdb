//! Migration 2 on a database that only migration 1 built: the backfill must give exactly what imports now
//! maintain, so an upgraded database and a fresh one answer the same.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{schema, IngestOptions, Store};
use crate::infra::Config;
use crate::services::analytics::Analytics;
use crate::Filter;

const V1_LINE_ITEM_COLUMNS: &str = "id, import_id, provider, billing_account, sub_account, currency,
    billing_period_start, billing_period_end, charge_period_start, charge_period_end, charge_category, charge_class,
    charge_frequency, pricing_category, service, service_category, region, resource, commitment_discount,
    commitment_discount_category, commitment_discount_status, billed_cost, effective_cost, list_cost,
    contracted_cost, pricing_quantity, consumed_quantity, list_unit_price, contracted_unit_price,
    commitment_discount_quantity, tag_set, attributes";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(rel)
}

/// Every row of a query, as text, for comparing two databases.
fn rows(conn: &Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Real(x) => format!("{x:?}"),
                    other => format!("{other:?}"),
                })
            })
            .collect()
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn migration_2_backfills_a_version_1_database() {
    let dir = tempfile::tempdir().unwrap();
    // The reference: today's import of real exports.
    let current = dir.path().join("current.db");
    let mut store = Store::open(&current).unwrap();
    for rel in
        ["focus/focus10_official_sample_1000_multicloud.csv", "aws/cur_legacy_anonymized_2023-11_focus_converters.csv"]
    {
        store.import_file(&fixture(rel), &IngestOptions::default()).unwrap();
    }
    drop(store);

    // The same rows in a version-1 database: migration 1 alone, then its columns copied.
    let old = dir.path().join("v1.db");
    let conn = Connection::open(&old).unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS current", [current.to_str().unwrap()]).unwrap();
    for table in ["strings", "tag_sets", "tag_items", "imports"] {
        conn.execute(&format!("INSERT INTO main.{table} SELECT * FROM current.{table}"), []).unwrap();
    }
    conn.execute(
        &format!(
            "INSERT INTO main.line_items({V1_LINE_ITEM_COLUMNS}) SELECT {V1_LINE_ITEM_COLUMNS} FROM current.line_items"
        ),
        [],
    )
    .unwrap();
    conn.execute("DETACH DATABASE current", []).unwrap();
    drop(conn);

    let migrated = Store::open(&old).unwrap();
    assert_eq!(migrated.schema_version().unwrap(), schema::MIGRATIONS.len() as i64);
    let reference = Connection::open(&current).unwrap();
    let same = |sql: &str| {
        let (a, b) = (rows(migrated.connection(), sql), rows(&reference, sql));
        assert!(!a.is_empty(), "{sql}");
        assert_eq!(a.len(), b.len(), "{sql}");
        // Sums may differ in the last bits: the import sums in Rust, the migration with SQLite's SUM.
        let close = |x: &String, y: &String| match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(x), Ok(y)) => (x - y).abs() <= 1e-12 + 1e-9 * y.abs(),
            _ => x == y,
        };
        let row_close =
            |x: &Vec<String>, y: &Vec<String>| x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y));
        if let Some(i) = (0..a.len()).find(|&i| !row_close(&a[i], &b[i])) {
            panic!("{sql}\nfirst difference at row {i}:\n migrated {:?}\n imported {:?}", a[i], b[i]);
        }
    };
    same("SELECT id, pricing_unit FROM line_items ORDER BY id");
    same(
        "SELECT * FROM daily_costs ORDER BY provider, billing_account, billing_period_start, day, sub_account, service,
          service_category, region, charge_category, currency, tag_set, pricing_unit",
    );
    assert!(rows(migrated.connection(), "SELECT 1 FROM line_items WHERE pricing_unit IS NOT NULL").len() > 100);

    // And the analytics service sees the upgraded data.
    let expected: f64 =
        migrated.connection().query_row("SELECT SUM(effective_cost) FROM line_items", [], |r| r.get(0)).unwrap();
    let analytics = Analytics::open(&migrated, &Config::default()).unwrap();
    let total = analytics.kpis(&Filter::default()).unwrap().total;
    assert!((total - expected).abs() < 1e-6 * expected.abs(), "{total} vs {expected}");
}

#[test]
fn migration_3_adds_anomaly_events_to_a_version_2_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    let conn = Connection::open(&path).unwrap();
    for sql in &schema::MIGRATIONS[..2] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 2).unwrap();
    conn.execute("INSERT INTO strings(value) VALUES ('kept')", []).unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::MIGRATIONS.len() as i64);
    let conn = store.connection();
    let kept: String = conn.query_row("SELECT value FROM strings", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, "kept");
    assert!(rows(conn, "SELECT * FROM anomaly_events").is_empty());
    let insert = "INSERT INTO anomaly_events(segment, start_day, end_day, kind, currency, expected, actual, total_impact,
                  severity, score, detected_at, feedback) VALUES ('total', 20000, 20000, 'spike', 'USD', 1, 2, 1, 'low', 5,
                  'now', ?1)";
    conn.execute(insert, ["planned"]).unwrap();
    // One event per segment and first day; feedback is one of three words.
    assert!(conn.execute(insert, ["planned"]).is_err());
    assert!(conn.execute(&insert.replace("20000, 20000", "20001, 20001"), ["maybe"]).is_err());
}

#[test]
fn migration_4_adds_recommendation_dismissals_to_a_version_3_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let conn = Connection::open(&path).unwrap();
    for sql in &schema::MIGRATIONS[..3] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    conn.execute("INSERT INTO strings(value) VALUES ('kept')", []).unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 4);
    let kept: String = store.connection().query_row("SELECT value FROM strings", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, "kept");
    assert!(store.recommendation_dismissals().unwrap().is_empty());
    store.dismiss_recommendation("gp2-to-gp3:0123456789abcdef", "gp2-to-gp3", Some("later")).unwrap();
    // Dismissing again replaces the note; one row per id.
    store.dismiss_recommendation("gp2-to-gp3:0123456789abcdef", "gp2-to-gp3", None).unwrap();
    let all = store.recommendation_dismissals().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all["gp2-to-gp3:0123456789abcdef"].note, None);
    assert!(store.restore_recommendation("gp2-to-gp3:0123456789abcdef").unwrap());
    assert!(!store.restore_recommendation("gp2-to-gp3:0123456789abcdef").unwrap());
}
