//! FOCUS 1.3 columns are accepted and kept; `x_` columns are preserved; 1.0's literal NULL is a null.

use crate::common;

use std::fs;

use common::*;

#[test]
fn focus_13_columns_and_x_columns_are_kept() {
    let (dir, mut ws) = workspace();
    let path = dir.path().join("focus13.csv");
    fs::write(
        &path,
        "ServiceProviderName,HostProviderName,BillingAccountId,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,\
ChargeCategory,ServiceName,BilledCost,EffectiveCost,ListCost,ContractedCost,AllocatedMethodId,AllocatedTags,x_Team,ContractApplied\n\
Acme Cloud,AWS,42,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Usage,Kubernetes,5.25,4.75,6,5.25,split-by-cpu,\"{\"\"team\"\":\"\"a\"\"}\",platform,NULL\n",
    )
    .unwrap();
    ws.ingest_with(&path, &quiet()).unwrap();
    let df = items(&ws);
    let text = |c: &str| df.column(c).unwrap().str().unwrap().get(0).map(str::to_string);
    // ServiceProviderName (1.3) gives the provider: an unknown one is `Other`, its name kept verbatim.
    assert_eq!(text("ProviderName").as_deref(), Some("Other"));
    assert_eq!(text("ServiceProviderName").as_deref(), Some("Acme Cloud"));
    assert_eq!(text("HostProviderName").as_deref(), Some("AWS"));
    assert_eq!(text("AllocatedMethodId").as_deref(), Some("split-by-cpu"));
    assert_eq!(text("AllocatedTags").as_deref(), Some(r#"{"team":"a"}"#));
    assert_eq!(text("x_Team").as_deref(), Some("platform"));
    // A 1.3 column that is null on every row stored is left out rather than shown empty.
    assert!(df.column("ContractApplied").map(|c| c.null_count() == c.len()).unwrap_or(true));
    assert_close(total(&df, "EffectiveCost"), 4.75);
    // The billing period defaults to the calendar month of the charge.
    let start = df.column("BillingPeriodStart").unwrap().cast(&finops_core::polars::prelude::DataType::String).unwrap();
    assert!(start.str().unwrap().get(0).unwrap().starts_with("2025-03-01"));
}

#[test]
fn focus_12_files_do_not_get_13_only_columns() {
    let (_dir, mut ws) = workspace();
    ws.ingest_with(fixture("focus/focus10_official_sample_1000_multicloud.csv"), &quiet()).unwrap();
    let df = items(&ws);
    assert!(df.column("AllocatedMethodId").is_err());
    assert!(df.column("ServiceSubcategory").is_ok(), "1.2 columns are always present, null when absent");
}
