//! The same export in every container it ships in (CSV, CSV.gz, Parquet, newline-delimited JSON) gives
//! the same line items.

use crate::common;

use std::fs;
use std::io::Write;

use common::*;
use finops_core::polars::prelude::*;

fn totals(path: &std::path::Path) -> (usize, f64, f64) {
    let (_dir, mut ws) = workspace();
    ws.ingest_with(path, &quiet()).unwrap();
    let df = items(&ws);
    (df.height(), total(&df, "BilledCost"), total(&df, "EffectiveCost"))
}

#[test]
fn gzipped_cur_matches_the_plain_csv() {
    let plain = fixture("aws/cur_legacy_anonymized_2023-11_focus_converters.csv");
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("cur.csv.gz");
    let mut encoder = flate2::write::GzEncoder::new(fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    encoder.write_all(&fs::read(&plain).unwrap()).unwrap();
    encoder.finish().unwrap();
    let (rows, billed, effective) = totals(&gz);
    let src = SourceCsv::read(&plain);
    assert_eq!(rows, src.rows.len());
    assert_close(billed, src.sum("lineItem/UnblendedCost"));
    assert_close(effective, src.sum("lineItem/UnblendedCost"));
}

/// The official FOCUS sample written as Parquet with polars, every column as text the way the CSV holds it
/// and the costs as real Float64 columns, as FOCUS Parquet exports store them: `copies` times over, copy `k`
/// with its costs multiplied by `k + 1` and `-k` appended to its resource ids.
fn focus_sample_parquet(src: &SourceCsv, copies: usize, path: &std::path::Path) {
    let columns: Vec<Column> = src
        .header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let values: Vec<Option<String>> = (0..copies)
                .flat_map(|k| {
                    src.rows.iter().map(move |r| {
                        let value = Some(r[i].clone()).filter(|v| v != "NULL")?;
                        Some(match name.as_str() {
                            "BilledCost" | "EffectiveCost" | "ListCost" => {
                                (value.parse::<f64>().unwrap() * (k + 1) as f64).to_string()
                            }
                            "ResourceId" if copies > 1 => format!("{value}-{k}"),
                            _ => value,
                        })
                    })
                })
                .collect();
            Series::new(name.as_str().into(), values).into()
        })
        .collect();
    let mut df = DataFrame::new(src.rows.len() * copies, columns).unwrap();
    for name in ["BilledCost", "EffectiveCost", "ListCost"] {
        let cast = df.column(name).unwrap().cast(&DataType::Float64).unwrap();
        df.with_column(cast).unwrap();
    }
    ParquetWriter::new(fs::File::create(path).unwrap()).finish(&mut df).unwrap();
}

#[test]
fn focus_parquet_matches_the_csv() {
    let src = SourceCsv::read(&fixture("focus/focus10_official_sample_1000_multicloud.csv"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("focus.parquet");
    focus_sample_parquet(&src, 1, &path);
    let (rows, billed, effective) = totals(&path);
    assert_eq!(rows, 1000);
    assert_close(billed, src.sum("BilledCost"));
    assert_close(effective, src.sum("EffectiveCost"));
}

/// Parquet rows are rendered to text a chunk at a time (16,384 rows): across chunk boundaries every value
/// must stay on its own row. Twenty copies of the sample, copy k costing (k + 1) times the sample: 20,000
/// rows, 210 times its cost, and each copy's rows (found by their resource ids) exactly (k + 1) times it.
#[test]
fn a_parquet_file_of_several_chunks_keeps_each_row_together() {
    let src = SourceCsv::read(&fixture("focus/focus10_official_sample_1000_multicloud.csv"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("focus.parquet");
    focus_sample_parquet(&src, 20, &path);
    let (_db, mut ws) = workspace();
    ws.ingest_with(&path, &quiet()).unwrap();
    let df = items(&ws);
    assert_eq!(df.height(), 20_000);
    let sample = src.sum("BilledCost");
    assert_close(total(&df, "BilledCost"), 210.0 * sample);
    let resources = df.column("ResourceId").unwrap().str().unwrap().clone();
    let billed = df.column("BilledCost").unwrap().f64().unwrap().clone();
    let with_resource: f64 = src
        .rows
        .iter()
        .filter(|r| !matches!(r[src.col("ResourceId")].as_str(), "" | "NULL"))
        .map(|r| r[src.col("BilledCost")].parse::<f64>().unwrap())
        .sum();
    for k in [0usize, 7, 16, 19] {
        let suffix = format!("-{k}");
        let copy: f64 = resources
            .iter()
            .zip(billed.iter())
            .filter(|(r, _)| r.is_some_and(|r| r.ends_with(&suffix)))
            .map(|(_, b)| b.unwrap())
            .sum();
        assert_close(copy, (k + 1) as f64 * with_resource);
    }
}

#[test]
fn gcp_newline_delimited_json_matches_the_csv() {
    let csv_path = fixture("gcp/gcp_bq_export_2020-10_koku_tmp_example.csv");
    let src = SourceCsv::read(&csv_path);
    // Rebuild BigQuery's nested JSON from the flattened CSV: `service.description` -> {"service": {...}}.
    let mut lines = String::new();
    for row in &src.rows {
        let mut object = serde_json::Map::new();
        for (name, value) in src.header.iter().zip(row) {
            let value = match name.as_str() {
                "cost" => serde_json::json!(value.parse::<f64>().unwrap()),
                _ => serde_json::Value::String(value.clone()),
            };
            match name.split_once('.') {
                Some((parent, child)) => {
                    let entry = object.entry(parent).or_insert_with(|| serde_json::json!({}));
                    entry[child] = value;
                }
                None => {
                    object.insert(name.clone(), value);
                }
            }
        }
        lines.push_str(&serde_json::Value::Object(object).to_string());
        lines.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("billing.jsonl");
    fs::write(&path, lines).unwrap();
    let (csv_rows, csv_billed, csv_effective) = totals(&csv_path);
    let (rows, billed, effective) = totals(&path);
    assert_eq!(rows, csv_rows);
    assert_close(billed, src.sum("cost"));
    assert_close(billed, csv_billed);
    assert_close(effective, csv_effective);
}

#[test]
fn legacy_cur_parquet_spelling_reads_tags_and_costs() {
    // Legacy CUR delivered as Parquet: snake_case columns, one `resource_tags_user_*` column per tag key.
    let mut df = df!(
        "bill_payer_account_id" => ["111", "111"],
        "bill_billing_period_start_date" => ["2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z"],
        "line_item_line_item_type" => ["Usage", "Usage"],
        "line_item_usage_start_date" => ["2025-01-02T00:00:00Z", "2025-01-02T00:00:00Z"],
        "line_item_currency_code" => ["USD", "USD"],
        "line_item_unblended_cost" => [1.25, 2.5],
        "line_item_product_code" => ["AmazonEC2", "AmazonS3"],
        "resource_tags_user_environment" => [Some("prod"), None],
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cur.parquet");
    ParquetWriter::new(fs::File::create(&path).unwrap()).finish(&mut df).unwrap();
    let (_d, mut ws) = workspace();
    ws.ingest_with(&path, &quiet()).unwrap();
    let prod = finops_core::Filter {
        tags: vec![finops_core::TagFilter::Equals { key: "Environment".into(), value: "prod".into() }],
        ..Default::default()
    };
    assert_close(total(&items(&ws), "BilledCost"), 3.75);
    assert_close(total(&ws.line_items(&prod).unwrap(), "BilledCost"), 1.25);
}
