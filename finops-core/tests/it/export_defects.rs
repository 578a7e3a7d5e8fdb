//! Defects found on real exports, each on a hand-written fixture (`tests/fixtures/hand`, totals computed by
//! hand in its README): OCI overage is part of the cost, an empty currency is never guessed, OCI usage
//! reports are refused with advice, and `skip_bad_rows` skips ragged rows too.

use crate::common;

use std::str::FromStr;

use common::*;
use finops_core::ingest::ReadOptions;
use finops_core::{Error, Filter, IngestOptions};
use rust_decimal::Decimal;

fn skip_bad_rows() -> IngestOptions {
    IngestOptions { skip_bad_rows: true, ..IngestOptions::default() }
}

fn money(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// The report's exact totals, as (currency, billed cost).
fn totals(report: &finops_core::FileReport) -> Vec<(String, Decimal)> {
    report.totals.iter().map(|t| (t.currency.clone(), t.billed_cost)).collect()
}

/// The stored cost per currency, from the line items.
fn stored(ws: &finops_core::Workspace) -> Vec<(String, f64)> {
    let df = items(ws);
    let mut out: Vec<(String, f64)> = distinct(&df, "BillingCurrency")
        .into_iter()
        .map(|currency| {
            let only = ws.line_items(&Filter { currency: Some(currency.clone()), ..Filter::default() }).unwrap();
            (currency, total(&only, "BilledCost"))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn oci_overage_is_part_of_my_cost_and_an_empty_currency_takes_the_files_one() {
    let (_dir, mut ws) = workspace();
    let report = ws.ingest_with(fixture("hand/oci_cost_overage.csv"), &quiet()).unwrap();
    let file = &report.files[0];
    assert_eq!((file.rows_read, file.rows_stored, file.rows_rejected), (3, 3, 0));
    // 10.00 + 7.50 + 1.25: the overage (2.50 and 0.25) is inside myCost.
    assert_eq!(totals(file), [("GBP".to_string(), money("18.75"))]);
    assert_eq!(stored(&ws).len(), 1);
    assert_close(stored(&ws)[0].1, 18.75);
    // The daily aggregate (what every panel reads) moved the row without a currency to GBP as well.
    let kpis = ws.analytics().unwrap().kpis(&Filter { currency: Some("GBP".into()), ..Filter::default() }).unwrap();
    assert_close(kpis.total, 18.75);
    let currencies = ws.analytics().unwrap().currencies(&Filter::default()).unwrap();
    assert_eq!(currencies, ["GBP"]);
}

#[test]
fn an_empty_currency_among_several_is_rejected_not_guessed() {
    let (_dir, mut ws) = workspace();
    let path = fixture("hand/oci_cost_two_currencies.csv");
    let err = ws.ingest_with(&path, &quiet()).unwrap_err();
    assert!(matches!(&err, Error::BadValue { line: 4, column, .. } if column == "cost/currencyCode"), "{err:?}");
    assert!(err.to_string().contains("several"), "{err}");
    assert_eq!(items(&ws).height() + ws.imports().unwrap().len(), 0, "a failed import stores nothing");

    let report = ws.ingest_with(&path, &skip_bad_rows()).unwrap();
    let file = &report.files[0];
    assert_eq!((file.rows_read, file.rows_stored, file.rows_rejected), (3, 2, 1));
    assert!(file.rejected_samples.iter().any(|s| s.contains("line 4")), "{:?}", file.rejected_samples);
    assert_eq!(totals(file), [("EUR".to_string(), money("2.00")), ("GBP".to_string(), money("1.00"))]);
    assert_eq!(stored(&ws), [("EUR".to_string(), 2.0), ("GBP".to_string(), 1.0)]);
    let eur = ws.analytics().unwrap().kpis(&Filter { currency: Some("EUR".into()), ..Filter::default() }).unwrap();
    assert_close(eur.total, 2.0);
}

#[test]
fn a_file_naming_no_currency_needs_default_currency() {
    let focus = "BillingAccountId,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargePeriodEnd,\
                 ChargeCategory,ServiceName,BilledCost,EffectiveCost\n\
                 acct,,2025-01-01,2025-01-02,2025-01-03,Usage,Compute,3.00,3.00\n\
                 acct,,2025-01-01,2025-01-03,2025-01-04,Usage,Compute,4.00,4.00\n";
    let (dir, mut ws) = workspace();
    let path = dir.path().join("focus.csv");
    std::fs::write(&path, focus).unwrap();
    let err = ws.ingest_with(&path, &quiet()).unwrap_err();
    assert!(matches!(&err, Error::BadValue { line: 2, column, .. } if column == "BillingCurrency"), "{err:?}");
    assert_eq!(items(&ws).height(), 0);

    let options = IngestOptions { read: ReadOptions { default_currency: Some("CHF".into()) }, ..quiet() };
    let report = ws.ingest_with(&path, &options).unwrap();
    assert_eq!(totals(&report.files[0]), [("CHF".to_string(), money("7.00"))]);
    assert_eq!(stored(&ws), [("CHF".to_string(), 7.0)]);
}

#[test]
fn an_oci_usage_report_is_refused_with_what_to_export_instead() {
    let (_dir, mut ws) = workspace();
    let err = ws.ingest_with(fixture("hand/oci_usage_report.csv"), &quiet()).unwrap_err();
    assert!(matches!(&err, Error::UnsupportedReport { report: "OCI usage report", .. }), "{err:?}");
    assert!(err.to_string().contains("cost report"), "{err}");
    assert_eq!(items(&ws).height() + ws.imports().unwrap().len(), 0);
}

#[test]
fn ragged_rows_reject_the_file_unless_bad_rows_are_skipped() {
    let (_dir, mut ws) = workspace();
    let path = fixture("hand/simple_ragged.csv");
    let err = ws.ingest_with(&path, &quiet()).unwrap_err();
    assert!(matches!(err, Error::RaggedRow { line: 3, expected: 4, found: 2, .. }), "{err:?}");
    assert_eq!(items(&ws).height() + ws.imports().unwrap().len(), 0);

    let report = ws.ingest_with(&path, &skip_bad_rows()).unwrap();
    let file = &report.files[0];
    assert_eq!((file.rows_read, file.rows_stored, file.rows_rejected), (4, 2, 2));
    for line in ["line 3", "line 4"] {
        assert!(file.rejected_samples.iter().any(|s| s.contains(line)), "{line}: {:?}", file.rejected_samples);
    }
    assert_eq!(totals(file), [("USD".to_string(), money("3.75"))]);
    assert_close(total(&items(&ws), "BilledCost"), 3.75);
}
