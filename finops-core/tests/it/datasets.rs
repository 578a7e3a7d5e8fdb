//! Every real export in tests/fixtures ingests, and its totals match numbers computed here
//! independently from the source file with a plain CSV reader, following provider-mappings.md.

use crate::common;

use common::*;
use finops_core::ingest::ReadOptions;
use finops_core::{FileStatus, IngestOptions};

#[test]
fn aws_legacy_cur_totals_rows_accounts_services() {
    let path = fixture("aws/cur_legacy_anonymized_2023-11_focus_converters.csv");
    let src = SourceCsv::read(&path);
    let (_dir, mut ws) = workspace();
    let report = ws.ingest_with(&path, &quiet()).unwrap();
    assert_eq!(report.files[0].status, FileStatus::Imported);
    assert_eq!(report.rows_stored(), src.rows.len() as u64);
    let df = items(&ws);
    // Only Usage and Tax rows, no commitments and no NetUnblendedCost column: both metrics are UnblendedCost.
    let unblended = src.sum("lineItem/UnblendedCost");
    assert_close(total(&df, "BilledCost"), unblended);
    assert_close(total(&df, "EffectiveCost"), unblended);
    assert_eq!(distinct(&df, "BillingAccountId"), src.distinct("bill/PayerAccountId"));
    assert_eq!(distinct(&df, "SubAccountId"), src.distinct("lineItem/UsageAccountId"));
    assert_eq!(distinct(&df, "ServiceName"), src.distinct("product/ProductName"));
    let tax_rows = src.rows.iter().filter(|r| r[src.col("lineItem/LineItemType")] == "Tax").count();
    let stored_tax = df.column("ChargeCategory").unwrap().str().unwrap().iter().filter(|v| *v == Some("Tax")).count();
    assert_eq!(stored_tax, tax_rows);
}

#[test]
fn aws_cur2_csv_and_parquet_agree_with_the_source() {
    let csv_path = fixture("aws/cur2_toy_10rows_cur-anon.csv");
    let src = SourceCsv::read(&csv_path);
    let (_dir, mut ws) = workspace();
    ws.ingest_with(&csv_path, &quiet()).unwrap();
    let df = items(&ws);
    assert_eq!(df.height(), 10);
    // BilledCost is the net unblended cost when the column exists.
    assert_close(total(&df, "BilledCost"), src.sum("line_item_net_unblended_cost"));
    // All rows are plain Usage: EffectiveCost equals BilledCost.
    assert_close(total(&df, "EffectiveCost"), src.sum("line_item_net_unblended_cost"));
    assert_close(total(&df, "ListCost"), src.sum("pricing_public_on_demand_cost"));
    assert_eq!(distinct(&df, "BillingAccountId"), src.distinct("bill_payer_account_id"));
    assert_eq!(distinct(&df, "SubAccountId"), src.distinct("line_item_usage_account_id"));
    let tags = df.column("Tags").unwrap().str().unwrap().get(0).unwrap().to_string();
    assert!(tags.contains("\"Environment\":\"Prod\""), "{tags}");

    // The Parquet twin holds the same rows: it restates the same slices, so it replaces them.
    let report = ws.ingest_with(fixture("aws/cur2_toy_10rows_cur-anon.parquet"), &quiet()).unwrap();
    assert_eq!(report.files[0].rows_stored, 10);
    assert_eq!(report.files[0].rows_replaced, 10);
    let df2 = items(&ws);
    assert_eq!(df2.height(), 10);
    assert_close(total(&df2, "BilledCost"), src.sum("line_item_net_unblended_cost"));
    assert_eq!(distinct(&df2, "SubAccountId"), src.distinct("line_item_usage_account_id"));
}

#[test]
fn focus_sample_totals_per_provider() {
    let path = fixture("focus/focus10_official_sample_1000_multicloud.csv");
    let src = SourceCsv::read(&path);
    let (_dir, mut ws) = workspace();
    ws.ingest_with(&path, &quiet()).unwrap();
    let df = items(&ws);
    assert_eq!(df.height(), 1000);
    assert_close(total(&df, "BilledCost"), src.sum("BilledCost"));
    assert_close(total(&df, "EffectiveCost"), src.sum("EffectiveCost"));
    assert_close(total(&df, "ListCost"), src.sum("ListCost"));
    // 7 Oracle rows have ContractedCost NULL: the documented default is their ListCost (zero savings).
    let (contracted, list) = (src.col("ContractedCost"), src.col("ListCost"));
    let expected: f64 = src
        .rows
        .iter()
        .map(|r| if r[contracted] == "NULL" { &r[list] } else { &r[contracted] })
        .map(|v| v.parse::<f64>().unwrap())
        .sum();
    assert_close(total(&df, "ContractedCost"), expected);
    assert_eq!(distinct(&df, "ProviderName"), ["AWS", "Microsoft", "Oracle"].map(String::from).into());
    assert_eq!(distinct(&df, "ServiceName"), src.distinct("ServiceName"));
    assert_eq!(distinct(&df, "SubAccountId"), src.distinct("SubAccountId"));
    // The literal NULL is a missing value, not the text "NULL".
    assert!(!distinct(&df, "RegionId").contains("NULL"));
}

/// The FOCUS spec's commitment-discount scenarios (v1.2 `commitment_discount_scenarios`): their stated
/// BilledCost and EffectiveCost sums, by ChargeCategory and status.
#[test]
fn focus_spec_commitment_scenarios_known_answers() {
    // (file, rows, billed, effective) as written in the scenarios' own rows.
    let cases = [
        ("commitment_discount_purchase_scenario_1.csv", 1, 8760.0, 0.0),
        ("commitment_discount_purchase_scenario_2.csv", 3, 3.0, 0.0),
        // Its last row ends at `2023-02-01T30:00:00Z`: hour 30, read as 06:00 the next day.
        ("commitment_discount_purchase_scenario_3.csv", 4, 4381.5, 0.0),
        ("commitment_discount_usage_scenario_1.csv", 1, 0.0, 1.0),
        ("commitment_discount_usage_scenario_2.csv", 1, 0.0, 1.0),
        ("commitment_discount_usage_scenario_3.csv", 2, 0.0, 1.0),
        ("commitment_discount_usage_scenario_4.csv", 2, 0.5, 1.5),
    ];
    for (file, rows, billed, effective) in cases {
        let (_dir, mut ws) = workspace();
        let path = fixture(&format!("focus/spec_commitment_scenarios_v1.2/{file}"));
        ws.ingest_with(&path, &in_usd()).unwrap();
        let df = items(&ws);
        assert_eq!(df.height(), rows, "{file}");
        assert_close(total(&df, "BilledCost"), billed);
        assert_close(total(&df, "EffectiveCost"), effective);
    }
    // Scenario 3 of usage: 0.75 used + 0.25 unused of one commitment hour.
    let (_dir, mut ws) = workspace();
    ws.ingest_with(fixture("focus/spec_commitment_scenarios_v1.2/commitment_discount_usage_scenario_3.csv"), &in_usd())
        .unwrap();
    let df = items(&ws);
    let status = df.column("CommitmentDiscountStatus").unwrap().str().unwrap();
    let effective = df.column("EffectiveCost").unwrap().f64().unwrap();
    let unused: f64 =
        status.iter().zip(effective.iter()).filter(|(s, _)| *s == Some("Unused")).map(|(_, e)| e.unwrap()).sum();
    assert_close(unused, 0.25);
}

#[test]
fn gcp_export_credits_lower_effective_cost() {
    let path = fixture("gcp/gcp_bq_export_2020-10_koku_tmp_example.csv");
    let src = SourceCsv::read(&path);
    // Independent credits sum: parse each row's JSON array and add the `amount`s.
    let credits_col = src.col("credits");
    let credits: f64 = src
        .rows
        .iter()
        .map(|r| {
            let v: serde_json::Value = serde_json::from_str(&r[credits_col]).unwrap_or(serde_json::Value::Null);
            v.as_array().map(|a| a.iter().filter_map(|c| c["amount"].as_f64()).sum::<f64>()).unwrap_or(0.0)
        })
        .sum();
    let (_dir, mut ws) = workspace();
    ws.ingest_with(&path, &quiet()).unwrap();
    let df = items(&ws);
    assert_eq!(df.height(), src.rows.len());
    assert_close(total(&df, "BilledCost"), src.sum("cost"));
    assert_close(total(&df, "EffectiveCost"), src.sum("cost") + credits);
    assert_eq!(distinct(&df, "SubAccountId"), src.distinct("project.id"));
    assert_eq!(distinct(&df, "ServiceName"), src.distinct("service.description"));
}

#[test]
fn oci_cost_report_totals_and_tags() {
    let path = fixture("oci/oci_cost_report_2023-11_focus_converters.csv");
    let src = SourceCsv::read(&path);
    let (_dir, mut ws) = workspace();
    ws.ingest_with(&path, &quiet()).unwrap();
    let df = items(&ws);
    assert_eq!(df.height(), src.rows.len());
    assert_close(total(&df, "BilledCost"), src.sum("cost/myCost"));
    assert_eq!(distinct(&df, "ServiceName"), src.distinct("product/service"));
    let tagged = src.rows.iter().filter(|r| !r[src.col("tags/Oracle-Tags.CreatedBy")].is_empty()).count();
    let stored_tagged = df
        .column("Tags")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .filter(|t| t.is_some_and(|t| t.contains("Oracle-Tags.CreatedBy")))
        .count();
    assert_eq!(stored_tagged, tagged);
}

#[test]
fn azure_actual_and_amortized_exports() {
    let actual = fixture("azure/ea_actual_small_2023-09_finops-toolkit.csv");
    let amortized = fixture("azure/ea_amortized_small_2023-09_finops-toolkit.csv");
    let (src_actual, src_amortized) = (SourceCsv::read(&actual), SourceCsv::read(&amortized));

    let (_dir, mut ws) = workspace();
    ws.ingest_with(&actual, &quiet()).unwrap();
    let df = items(&ws);
    assert_eq!(df.height(), src_actual.rows.len());
    // Actual cost: billed is the Cost column; with no amortization data, effective equals billed.
    assert_close(total(&df, "BilledCost"), src_actual.sum("Cost"));
    assert_close(total(&df, "EffectiveCost"), src_actual.sum("Cost"));

    let (_dir2, mut ws2) = workspace();
    ws2.ingest_with(&amortized, &quiet()).unwrap();
    let df = items(&ws2);
    assert_eq!(df.height(), src_amortized.rows.len());
    assert_close(total(&df, "EffectiveCost"), src_amortized.sum("Cost"));
    // Billed excludes usage covered by a reservation or savings plan (it was billed by the purchase).
    let (cost, model, charge) =
        (src_amortized.col("Cost"), src_amortized.col("PricingModel"), src_amortized.col("ChargeType"));
    let billed: f64 = src_amortized
        .rows
        .iter()
        .filter(|r| !(r[charge] == "Usage" && (r[model] == "Reservation" || r[model] == "SavingsPlan")))
        .map(|r| r[cost].parse::<f64>().unwrap())
        .sum();
    assert_close(total(&df, "BilledCost"), billed);
    assert_eq!(distinct(&df, "SubAccountId"), src_amortized.distinct("SubscriptionId"));
}

/// Ingest options for fixtures that name no currency (the FOCUS spec's scenarios, opencost's Azure header
/// variants): rows without one are never given a currency silently.
fn in_usd() -> IngestOptions {
    IngestOptions { read: ReadOptions { default_currency: Some("USD".into()) }, ..quiet() }
}

#[test]
fn every_fixture_file_ingests() {
    let (_dir, mut ws) = workspace();
    // Every directory but the hand-written ones, which hold files rejected on purpose.
    let mut report = ws.ingest_with(fixture(""), &in_usd()).unwrap();
    report.files.retain(|f| !f.path.starts_with(fixture("hand")) && !f.path.ends_with("dashboard/bad_cost.csv"));
    let failures: Vec<String> = report.failures().map(|f| format!("{}: {:?}", f.path.display(), f.status)).collect();
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(report.files.len() >= 23, "only {} files", report.files.len());
    // Imports write without checking foreign keys row by row: every reference must still hold, and the
    // connection checks them again afterwards.
    let conn = ws.store().expect("a database").connection();
    let dangling: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(dangling, 0);
    let enforced: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert!(enforced);
}
