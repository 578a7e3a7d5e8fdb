//! Anomaly detection through the public API on hand-built FOCUS files, with expected numbers computed by
//! hand: a spike of +500 on a flat weekly series, tax and credit rows that must never be flagged, currencies,
//! root causes, the chart series, and feedback that keeps a false alarm from coming back.

use crate::common;

use std::fmt::Write as _;

use chrono::NaiveDate;
use common::*;
use finops_core::services::anomaly::{AnomalyOptions, EventKind, Feedback};
use finops_core::{Error, Filter};

const HEADER: &str =
    "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ProviderName,BillingAccountId,SubAccountId,ServiceName,RegionId";

fn day(n: i64) -> NaiveDate {
    // 2025-01-06 is a Monday.
    NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + chrono::Duration::days(n)
}

fn row(out: &mut String, n: i64, cost: f64, currency: &str, category: &str, service: &str, region: &str) {
    let (start, end) = (day(n), day(n + 1));
    let _ = writeln!(
        out,
        "{start}T00:00:00Z,{end}T00:00:00Z,{cost},{cost},{currency},{category},AWS,payer,111,{service},{region}"
    );
}

/// 70 days of "Compute" in account 111: 60/day in us-east-1 and 40/day in eu-west-1 on weekdays, a quarter of
/// that on weekends; +500 in us-east-1 on day 51 (a Wednesday); a tax line of 300 on day 31 and a credit of
/// -250 on day 45.
fn sample() -> String {
    let mut csv = format!("{HEADER}\n");
    for n in 0..70 {
        let weekend = n % 7 >= 5;
        let scale = if weekend { 0.25 } else { 1.0 };
        let spike = if n == 51 { 500.0 } else { 0.0 }; // day 51: a Wednesday
        row(&mut csv, n, 60.0 * scale + spike, "USD", "Usage", "Compute", "us-east-1");
        row(&mut csv, n, 40.0 * scale, "USD", "Usage", "Compute", "eu-west-1");
    }
    row(&mut csv, 31, 300.0, "USD", "Tax", "Compute", "us-east-1");
    row(&mut csv, 45, -250.0, "USD", "Credit", "Compute", "us-east-1");
    csv
}

#[test]
fn a_spike_is_one_event_with_its_hand_computed_impact_and_tax_and_credits_are_never_flagged() {
    let (_dir, ws) = workspace_with(&sample());
    let found = ws.anomalies(&Filter::default(), &AnomalyOptions::default()).unwrap();
    let segment = "service=Compute|sub_account=111";
    let events = found.events_of(segment);
    assert_eq!(events.len(), 1, "{:#?}", found.events);
    let e = events[0];
    assert_eq!((e.kind, e.start, e.end), (EventKind::Spike, day(51), day(51)));
    // A Wednesday costs 60 + 40 = 100; that day cost 600.
    assert!((e.expected - 100.0).abs() < 1e-6 && (e.actual - 600.0).abs() < 1e-6, "{e:?}");
    assert!((e.total_impact - 500.0).abs() < 1e-6 && (e.max_impact - 500.0).abs() < 1e-6);
    assert!((e.impact_pct.unwrap() - 500.0).abs() < 1e-6);
    assert_eq!(e.currency, "USD");
    // The whole increase is in us-east-1: its contribution is 500 of the 500.
    let top = &e.root_causes[0];
    assert_eq!((top.dimension.as_str(), top.value.as_str()), ("region", "us-east-1"));
    assert!((top.contribution - 500.0).abs() < 1e-6 && (top.share - 100.0).abs() < 1e-6, "{top:?}");
    // The total has the same spike and nothing else: no tax day (31), no credit day (45).
    let total = found.events_of("total");
    assert_eq!(total.len(), 1);
    assert_eq!(total[0].start, day(51));

    // The chart series: every day, the spike marked, the band around the expected value.
    let chart = found.series_frame(segment).unwrap().unwrap();
    let names: Vec<&str> = chart.get_column_names().into_iter().map(|n| n.as_str()).collect();
    assert_eq!(names, ["date", "actual", "expected", "lower", "upper", "anomalous"]);
    assert_eq!(chart.height(), 70);
    let anomalous = chart.column("anomalous").unwrap().bool().unwrap();
    assert_eq!(anomalous.iter().filter(|a| *a == Some(true)).count(), 1);
    assert_eq!(anomalous.get(51), Some(true));
    let frame = found.to_frame().unwrap();
    assert_eq!(frame.height(), 2);
    for column in ["segment", "service", "sub_account", "kind", "start", "total_impact", "severity", "top_cause"] {
        assert!(frame.column(column).is_ok(), "{column}");
    }
}

#[test]
fn gates_and_a_step_that_stays() {
    let mut csv = format!("{HEADER}\n");
    for n in 0..90 {
        let base = if n % 7 >= 5 { 20.0 } else { 80.0 };
        row(&mut csv, n, if n >= 45 { base * 1.5 } else { base }, "USD", "Usage", "Storage", "us-east-1");
    }
    let (_dir, ws) = workspace_with(&csv);
    let options = AnomalyOptions { include_total: false, ..Default::default() };
    let found = ws.anomalies(&Filter::default(), &options).unwrap();
    assert_eq!(found.events.len(), 1, "{:#?}", found.events);
    let e = &found.events[0];
    assert_eq!((e.kind, e.start), (EventKind::Step, day(45)));
    // Days 45..=49 (Thu, Fri, Sat, Sun, Mon): 40 + 40 + 10 + 10 + 40 = 140 more than expected.
    assert!((e.total_impact - 140.0).abs() < 1e-6, "{e:?}");
    // A 50% shift fails a 60% gate, and a 1,000 minimum impact once the relative gate is off or asks for two
    // normal days (2 × 80 on a Thursday).
    for strict in [
        AnomalyOptions { min_pct: 60.0, ..options.clone() },
        AnomalyOptions { min_impact: 1_000.0, min_impact_days: None, ..options.clone() },
        AnomalyOptions { min_impact: 1_000.0, min_impact_days: Some(2.0), ..options.clone() },
    ] {
        assert!(ws.anomalies(&Filter::default(), &strict).unwrap().events.is_empty());
    }
}

#[test]
fn several_currencies_need_a_choice() {
    let mut csv = sample();
    for n in 0..70 {
        row(&mut csv, n, 30.0, "EUR", "Usage", "Storage", "eu-west-1");
    }
    let (_dir, ws) = workspace_with(&csv);
    let options = AnomalyOptions::default();
    assert!(matches!(ws.anomalies(&Filter::default(), &options), Err(Error::MixedCurrencies { .. })));
    let usd = ws.anomalies(&Filter { currency: Some("USD".into()), ..Default::default() }, &options).unwrap();
    assert_eq!(usd.currency.as_deref(), Some("USD"));
    assert!(usd.segment("service=Storage|sub_account=111").is_none());
    assert_eq!(usd.events_of("service=Compute|sub_account=111").len(), 1);
}

#[test]
fn a_false_alarm_is_not_raised_again_and_a_confirmed_event_keeps_its_feedback() {
    let (_dir, ws) = workspace_with(&sample());
    let options = AnomalyOptions::default();
    let found = ws.anomalies(&Filter::default(), &options).unwrap();
    let segment = "service=Compute|sub_account=111";
    let spike = found.events_of(segment)[0].clone();
    let total = found.events_of("total")[0].clone();
    ws.set_anomaly_feedback(&spike, Feedback::FalseAlarm, Some("load test")).unwrap();
    ws.set_anomaly_feedback(&total, Feedback::Confirmed, None).unwrap();
    let again = ws.anomalies(&Filter::default(), &options).unwrap();
    assert!(again.events_of(segment).is_empty());
    assert_eq!(again.events_of("total")[0].feedback, Some(Feedback::Confirmed));
    // Feedback can be ignored, and planned activity is dismissed too.
    let all = ws.anomalies(&Filter::default(), &AnomalyOptions { apply_feedback: false, ..options.clone() }).unwrap();
    assert_eq!(all.events.len(), 2);
    ws.set_anomaly_feedback(&total, Feedback::Planned, None).unwrap();
    assert!(ws.anomalies(&Filter::default(), &options).unwrap().events.is_empty());
}

#[test]
fn a_small_series_losing_two_days_passes_the_relative_gate() {
    // 3 a day, every day (no weekly rhythm); days 40 and 41 cost 0.6.
    let mut csv = format!("{HEADER}\n");
    for n in 0..70 {
        row(&mut csv, n, if n == 40 || n == 41 { 0.6 } else { 3.0 }, "USD", "Usage", "Queue", "us-east-1");
    }
    let (_dir, ws) = workspace_with(&csv);
    let options = AnomalyOptions { include_total: false, ..Default::default() };
    let found = ws.anomalies(&Filter::default(), &options).unwrap();
    assert_eq!(found.events.len(), 1, "{:#?}", found.events);
    let e = &found.events[0];
    assert_eq!((e.kind, e.start, e.end), (EventKind::Drop, day(40), day(41)));
    // 2 × (0.6 − 3) = −4.8: under the absolute gate of 10, over half a normal day (1.5).
    assert!((e.total_impact + 4.8).abs() < 1e-6, "{e:?}");
    // Two normal days (6) are more than it lost; without the relative gate only the 10 counts.
    for strict in [
        AnomalyOptions { min_impact_days: Some(2.0), ..options.clone() },
        AnomalyOptions { min_impact_days: None, ..options.clone() },
    ] {
        assert!(ws.anomalies(&Filter::default(), &strict).unwrap().events.is_empty());
    }
}

/// The same spike, now on one of two machines of different types in us-east-1 (ResourceId and SkuMeter are
/// in line items only): the batch machine (c5, 20/day on weekdays) takes the +500, the web one (m5, 40/day)
/// does not move.
#[test]
fn root_causes_name_the_usage_type_and_the_resource_from_line_items() {
    let mut csv = format!("{HEADER},ResourceId,SkuMeter\n");
    for n in 0..70 {
        let scale = if n % 7 >= 5 { 0.25 } else { 1.0 };
        let spike = if n == 51 { 500.0 } else { 0.0 };
        let (start, end) = (day(n), day(n + 1));
        for (cost, resource, meter) in
            [(40.0 * scale, "i-web", "BoxUsage:m5"), (20.0 * scale + spike, "i-batch", "BoxUsage:c5")]
        {
            let _ = writeln!(
                csv,
                "{start}T00:00:00Z,{end}T00:00:00Z,{cost},{cost},USD,Usage,AWS,payer,111,Compute,us-east-1,{resource},{meter}"
            );
        }
    }
    let (_dir, ws) = workspace_with(&csv);
    let found = ws.anomalies(&Filter::default(), &AnomalyOptions::default()).unwrap();
    let e = found.events_of("service=Compute|sub_account=111")[0];
    assert!((e.total_impact - 500.0).abs() < 1e-6, "{e:?}");
    let cause = |dimension: &str, value: &str| {
        e.root_causes
            .iter()
            .find(|c| c.dimension == dimension && c.value == value)
            .unwrap_or_else(|| panic!("no cause {dimension}={value} in {:#?}", e.root_causes))
    };
    // Expected on a Wednesday: 20 for the batch machine (the four Wednesdays before), 40 for the web one.
    let batch = cause("resource", "i-batch");
    assert!((batch.expected - 20.0).abs() < 1e-6 && (batch.contribution - 500.0).abs() < 1e-6, "{batch:?}");
    assert!((cause("usage_type", "BoxUsage:c5").share - 100.0).abs() < 1e-6);
    assert!(cause("resource", "i-web").contribution.abs() < 1e-6);
    // Not drilled when asked not to.
    let options = AnomalyOptions { line_item_causes: 0, ..AnomalyOptions::default() };
    let found = ws.anomalies(&Filter::default(), &options).unwrap();
    assert!(found.events.iter().all(|e| e.root_causes.iter().all(|c| c.dimension != "resource")));
}
