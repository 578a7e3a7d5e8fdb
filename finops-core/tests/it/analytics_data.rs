//! The analytics service against a second method on generated data (polars and serde_json over the stored
//! line items), and its freshness: results follow imports, restatements and other connections.

use crate::common;

use std::collections::HashMap;
use std::fs;

use chrono::{DateTime, Datelike, NaiveDate};
use common::*;
use finops_core::model::normalize_tag_key;
use finops_core::polars::prelude::*;
use finops_core::synth::{generate, SynthConfig, SynthFormat};
use finops_core::{CostMetric, Dimension, Filter, Workspace};

fn generated() -> (tempfile::TempDir, Workspace) {
    let (dir, mut ws) = workspace();
    let out = dir.path().join("sample");
    let config = SynthConfig {
        months: 2,
        accounts: 2,
        scale: 0.3,
        anomalies: 1,
        formats: vec![SynthFormat::AwsCur, SynthFormat::Azure, SynthFormat::Gcp],
        ..Default::default()
    };
    generate(&config, &out).unwrap();
    ws.ingest_with(&out, &quiet()).unwrap();
    (dir, ws)
}

/// `(name, cost)` pairs of a result, as a map.
fn by_name(df: &DataFrame) -> HashMap<String, f64> {
    let names = df.column("name").unwrap().str().unwrap();
    let costs = df.column("cost").unwrap().f64().unwrap();
    names.iter().zip(costs.iter()).map(|(n, c)| (n.unwrap().to_string(), c.unwrap())).collect()
}

#[track_caller]
fn assert_same(actual: &HashMap<String, f64>, expected: &HashMap<String, f64>) {
    let mut a: Vec<_> = actual.keys().collect();
    let mut e: Vec<_> = expected.keys().collect();
    a.sort();
    e.sort();
    assert_eq!(a, e);
    for (k, v) in expected {
        assert_close(actual[k], *v);
    }
}

/// The second method: sums of a cost column of line items grouped by a key computed from each row.
fn group(items: &DataFrame, cost: &str, key: impl Fn(usize) -> String) -> HashMap<String, f64> {
    let mut sums = HashMap::new();
    for (i, c) in items.column(cost).unwrap().f64().unwrap().iter().enumerate() {
        *sums.entry(key(i)).or_insert(0.0) += c.unwrap();
    }
    sums
}

fn text(items: &DataFrame, column: &str) -> Vec<Option<String>> {
    items.column(column).unwrap().str().unwrap().iter().map(|v| v.map(str::to_string)).collect()
}

#[test]
fn panels_match_the_line_items_per_currency() {
    let (_dir, ws) = generated();
    let a = ws.analytics().unwrap();
    for currency in ["USD", "EUR"] {
        let f = Filter { currency: Some(currency.into()), ..Default::default() };
        let items = ws.line_items(&f).unwrap();
        assert!(items.height() > 100, "{currency}: {} rows", items.height());
        let services = text(&items, "ServiceName");
        let expected = group(&items, "EffectiveCost", |i| services[i].clone().unwrap());
        assert_same(&by_name(&a.ranking(&f, Dimension::Service, usize::MAX).unwrap()), &expected);

        let subs = text(&items, "SubAccountId");
        let expected = group(&items, "BilledCost", |i| subs[i].clone().unwrap_or_else(|| "(none)".into()));
        let billed = Filter { metric: CostMetric::Billed, ..f.clone() };
        assert_same(&by_name(&a.ranking(&billed, Dimension::SubAccount, usize::MAX).unwrap()), &expected);

        // Tags: the first raw key (in sort order) that normalizes to `team`, as serde_json reads the JSON.
        let tags = text(&items, "Tags");
        let team = |i: usize| -> String {
            let json: serde_json::Map<String, serde_json::Value> =
                tags[i].as_deref().map(|t| serde_json::from_str(t).unwrap()).unwrap_or_default();
            let mut keys: Vec<_> = json.keys().filter(|k| normalize_tag_key(k) == "team").collect();
            keys.sort();
            keys.first().map(|k| json[*k].as_str().unwrap().to_string()).unwrap_or_else(|| "(untagged)".into())
        };
        let expected = group(&items, "EffectiveCost", team);
        assert!(expected.len() > 2, "{expected:?}");
        assert_same(&by_name(&a.ranking(&f, Dimension::Tag("team".into()), usize::MAX).unwrap()), &expected);

        // Monthly: month of ChargePeriodStart (UTC) and service.
        let starts = items.column("ChargePeriodStart").unwrap().datetime().unwrap().physical().clone();
        let month = |i: usize| {
            let day = DateTime::from_timestamp_millis(starts.get(i).unwrap()).unwrap().date_naive();
            format!("{}-{:02} {}", day.year(), day.month(), services[i].as_deref().unwrap())
        };
        let expected = group(&items, "EffectiveCost", month);
        let monthly = a.monthly(&f, Dimension::Service).unwrap();
        let months = monthly.column("month").unwrap().date().unwrap().physical().clone();
        let names = text(&monthly, "name");
        let costs = monthly.column("cost").unwrap().f64().unwrap();
        let actual: HashMap<String, f64> = (0..monthly.height())
            .map(|i| {
                let m = NaiveDate::default() + chrono::Duration::days(months.get(i).unwrap().into());
                (format!("{}-{:02} {}", m.year(), m.month(), names[i].as_deref().unwrap()), costs.get(i).unwrap())
            })
            .collect();
        assert_same(&actual, &expected);

        // KPIs, daily series and stacked totals all add up to the same total.
        let total = total(&items, "EffectiveCost");
        assert_close(a.kpis(&f).unwrap().total, total);
        assert_close(a.daily(&f).unwrap().column("cost").unwrap().f64().unwrap().sum().unwrap(), total);
        let stacked = a.stacked_monthly(&f, Dimension::Service, 3).unwrap();
        assert_close(stacked.column("cost").unwrap().f64().unwrap().sum().unwrap(), total);
    }
}

const HEADER: &str = "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,BilledCost,EffectiveCost,ListCost,ContractedCost";

/// A one-row FOCUS file: `cost` on 2025-01-`day` for `account`.
fn file(dir: &std::path::Path, name: &str, account: &str, day: u32, cost: f64) -> std::path::PathBuf {
    let path = dir.join(name);
    let row = format!(
        "{account},USD,2025-01-01T00:00:00Z,2025-02-01T00:00:00Z,2025-01-{day:02}T00:00:00Z,2025-01-{day:02}T23:00:00Z,Usage,AWS,EC2,{cost},{cost},{cost},{cost}"
    );
    fs::write(&path, format!("{HEADER}\n{row}\n")).unwrap();
    path
}

#[test]
fn results_follow_imports_restatements_and_other_connections() {
    let (dir, mut ws) = workspace();
    let f = Filter::default();
    ws.ingest_with(file(dir.path(), "a.csv", "111", 5, 10.0), &quiet()).unwrap();
    let total = |ws: &Workspace| ws.analytics().unwrap().kpis(&f).unwrap().total;
    assert_close(total(&ws), 10.0);
    assert_close(total(&ws), 10.0);
    let stats = ws.analytics().unwrap().cache_stats();
    assert_eq!((stats.hits, stats.misses), (1, 1));

    // Another account's slice is added.
    ws.ingest_with(file(dir.path(), "b.csv", "222", 6, 5.0), &quiet()).unwrap();
    assert_close(total(&ws), 15.0);
    // A restatement of account 111's January replaces its 10 with 12: daily sums are recomputed, not added.
    ws.ingest_with(file(dir.path(), "a2.csv", "111", 7, 12.0), &quiet()).unwrap();
    assert_close(total(&ws), 17.0);
    let days = ws.analytics().unwrap().daily(&f).unwrap();
    let costs: Vec<f64> = days.column("cost").unwrap().f64().unwrap().iter().flatten().collect();
    assert_eq!(costs, [5.0, 12.0]);

    // An import through another connection (another workspace, or another process) is seen too.
    let mut other = Workspace::open(ws.path().unwrap()).unwrap();
    other.ingest_with(file(dir.path(), "c.csv", "333", 7, 1.0), &quiet()).unwrap();
    assert_close(total(&ws), 18.0);
    // Re-importing a known file changes nothing, and the cached answer is still served.
    let before = ws.analytics().unwrap().cache_stats().hits;
    ws.ingest_with(file(dir.path(), "c.csv", "333", 7, 1.0), &quiet()).unwrap();
    assert_close(total(&ws), 18.0);
    assert_eq!(ws.analytics().unwrap().cache_stats().hits, before + 1);
}

#[test]
fn caching_can_be_switched_off() {
    let (dir, _) = workspace();
    let config = finops_core::Config { enable_cache: false, ..Default::default() };
    let mut ws = Workspace::open_with_config(dir.path().join("nocache.db"), config).unwrap();
    ws.ingest_with(file(dir.path(), "a.csv", "111", 5, 10.0), &quiet()).unwrap();
    let a = ws.analytics().unwrap();
    a.kpis(&Filter::default()).unwrap();
    a.kpis(&Filter::default()).unwrap();
    let stats = a.cache_stats();
    assert_eq!((stats.hits, stats.entries), (0, 0));
}

#[test]
fn the_daily_aggregate_agrees_with_line_items_after_replaced_and_superseded_slices() {
    let (_dir, mut ws) = workspace();
    // Azure's amortized view first, so that the actual one in the directory is superseded; the directory also
    // holds restatements (the CUR 2.0 CSV and its Parquet twin).
    ws.ingest_with(fixture("azure/ea_amortized_small_2023-09_finops-toolkit.csv"), &quiet()).unwrap();
    let report = ws.ingest_with(fixture(""), &quiet()).unwrap();
    assert!(report.files.iter().any(|f| f.rows_replaced > 0));
    assert!(report.files.iter().any(|f| f.rows_superseded > 0));
    let a = ws.analytics().unwrap();
    for currency in distinct(&items(&ws), "BillingCurrency") {
        let f = Filter { currency: Some(currency.clone()), metric: CostMetric::Billed, ..Default::default() };
        let items = ws.line_items(&f).unwrap();
        let services = text(&items, "ServiceName");
        let expected = group(&items, "BilledCost", |i| services[i].clone().unwrap());
        assert_same(&by_name(&a.ranking(&f, Dimension::Service, usize::MAX).unwrap()), &expected);
    }
}
