//! Generated exports, checked against the generator's own manifest: it computes each file's totals while
//! writing, from the provider mapping rules, independently of finops' ingest code.

use crate::common;

use std::collections::BTreeMap;

use common::*;
use finops_core::synth::{generate, SynthConfig, SynthFormat};
use finops_core::{FileStatus, Filter};

fn config(formats: &[SynthFormat]) -> SynthConfig {
    SynthConfig { months: 2, accounts: 2, scale: 0.3, anomalies: 2, formats: formats.to_vec(), ..Default::default() }
}

#[test]
fn native_exports_ingest_to_the_manifest_totals() {
    let (dir, mut ws) = workspace();
    let out = dir.path().join("sample");
    let manifest = generate(&config(&[SynthFormat::AwsCur, SynthFormat::Azure, SynthFormat::Gcp]), &out).unwrap();
    let report = ws.ingest_with(&out, &quiet()).unwrap();
    assert_eq!(report.files.len(), manifest.files.len());
    let by_path: BTreeMap<_, _> = report.files.iter().map(|f| (f.path.clone(), f)).collect();
    for expected in &manifest.files {
        let got = by_path[&expected.path];
        assert_eq!(got.status, FileStatus::Imported, "{}", expected.path.display());
        assert_eq!(got.rows_stored, expected.rows, "{}", expected.path.display());
        let total = &got.totals[0];
        assert_eq!(total.currency, expected.currency);
        let billed: f64 = total.billed_cost.try_into().unwrap();
        let effective: f64 = total.effective_cost.try_into().unwrap();
        assert_close(billed, expected.billed_total);
        assert_close(effective, expected.effective_total);
    }
    // Per currency, the stored line items add up to the manifest (EUR and USD never mixed).
    let df = items(&ws);
    for currency in ["USD", "EUR"] {
        let expected: f64 = manifest.files.iter().filter(|f| f.currency == currency).map(|f| f.effective_total).sum();
        let stored = ws.line_items(&Filter { currency: Some(currency.into()), ..Default::default() }).unwrap();
        assert_close(total(&stored, "EffectiveCost"), expected);
    }
    assert_eq!(df.height() as u64, manifest.files.iter().map(|f| f.rows).sum::<u64>());
}

#[test]
fn the_focus_rendition_restates_the_native_slices_without_double_counting() {
    let (dir, mut ws) = workspace();
    let out = dir.path().join("sample");
    generate(&config(&SynthFormat::ALL), &out).unwrap();
    ws.ingest_with(out.join("aws"), &quiet()).unwrap();
    ws.ingest_with(out.join("azure"), &quiet()).unwrap();
    ws.ingest_with(out.join("gcp"), &quiet()).unwrap();
    let native = items(&ws);
    let report = ws.ingest_with(out.join("focus"), &quiet()).unwrap();
    assert!(report.files.iter().all(|f| f.rows_replaced > 0), "every FOCUS file restates a native slice");
    let focus = items(&ws);
    assert_close(total(&focus, "BilledCost"), total(&native, "BilledCost"));
    assert_close(total(&focus, "EffectiveCost"), total(&native, "EffectiveCost"));
    assert!(ws.imports().unwrap().iter().filter(|i| i.format != "FOCUS").all(|i| i.status == "replaced"));
}

#[test]
fn injected_anomalies_are_in_the_stored_data() {
    let (dir, mut ws) = workspace();
    let out = dir.path().join("sample");
    let manifest = generate(&config(&[SynthFormat::AwsCur, SynthFormat::Azure, SynthFormat::Gcp]), &out).unwrap();
    ws.ingest_with(&out, &quiet()).unwrap();
    for anomaly in &manifest.anomalies {
        let days = |from, to| Filter {
            start: Some(from),
            end: Some(to),
            sub_accounts: vec![anomaly.account.clone()],
            services: vec![anomaly.service.clone()],
            ..Default::default()
        };
        let cost = |from, to| total(&ws.line_items(&days(from, to)).unwrap(), "BilledCost");
        // The spike's days (1 to 3) hold the recorded extra cost on top of ordinary days' cost.
        let spike = cost(anomaly.day, anomaly.last_day());
        assert!(spike >= anomaly.extra_cost, "{anomaly:?}: {spike}");
        let (first, week_before) = (
            cost(anomaly.day, anomaly.day),
            cost(anomaly.day - chrono::Duration::days(7), anomaly.day - chrono::Duration::days(7)),
        );
        assert!(first > 1.3 * week_before, "{anomaly:?}: {first} vs {week_before}");
    }
}
