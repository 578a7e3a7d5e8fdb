//! Insights on a hand-computed FOCUS fixture (every expected number is worked out in the comments), and on
//! generated data whose planted change must come out as the top driver.

use crate::common;

use common::*;
use finops_core::chrono::{self, NaiveDate};
use finops_core::polars::prelude::*;
use finops_core::prelude::Provider;
use finops_core::{Comparison, Filter, InsightKind, InsightOptions, Insights};

const HEADER: &str = "BillingAccountId,SubAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,RegionId,ResourceId,SkuMeter,PricingUnit,PricingQuantity,CommitmentDiscountId,BilledCost,EffectiveCost,ListCost,ContractedCost,Tags";

/// One row on the 15th of `month` (1 or 2, 2025).
#[allow(clippy::too_many_arguments)]
fn row(
    month: u32,
    category: &str,
    service: &str,
    resource: &str,
    meter: &str,
    unit: &str,
    quantity: &str,
    commitment: &str,
    effective: f64,
    list: f64,
    tags: &str,
) -> String {
    let (start, end) = if month == 1 { ("2025-01-01", "2025-02-01") } else { ("2025-02-01", "2025-03-01") };
    let day = if month == 1 { "2025-01-15" } else { "2025-02-15" };
    let tags = if tags.is_empty() { String::new() } else { format!("\"{}\"", tags.replace('"', "\"\"")) };
    format!(
        "ba,acct-1,USD,{start}T00:00:00Z,{end}T00:00:00Z,{day}T00:00:00Z,{day}T23:59:59Z,{category},AWS,{service},us-east-1,{resource},{meter},{unit},{quantity},{commitment},{effective},{effective},{list},{list},{tags}"
    )
}

const WEB: &str = r#"{"team":"web"}"#;
const DATA: &str = r#"{"team":"data"}"#;

/// January → February:
/// - Compute, BoxUsage:m5: r1 100 h × 0.10 = 10 → 150 h × 0.12 = 18; r2 50 h × 0.10 = 5 → gone; r3 100 h under
///   the savings plan sp-1 at 7 (list 10) → 100 h on demand at 10. Tax 1 in February.
/// - Storage: 200 GB-Mo × 0.10 = 20 both months; a credit of −12 in January only.
/// - Queue (new): 300 requests × 0.10 = 30 in February.
///
/// Totals: January 10 + 5 + 7 + 20 − 12 = 30; February 18 + 10 + 1 + 20 + 30 = 79; change +49.
fn fixture() -> String {
    let rows = [
        row(1, "Usage", "Compute", "r1", "BoxUsage:m5", "Hours", "100", "", 10.0, 10.0, WEB),
        row(1, "Usage", "Compute", "r2", "BoxUsage:m5", "Hours", "50", "", 5.0, 5.0, ""),
        row(1, "Usage", "Compute", "r3", "BoxUsage:m5", "Hours", "100", "sp-1", 7.0, 10.0, ""),
        row(1, "Usage", "Storage", "b1", "TimedStorage", "GB-Month", "200", "", 20.0, 20.0, DATA),
        row(1, "Credit", "Storage", "", "", "", "", "", -12.0, 0.0, ""),
        row(2, "Usage", "Compute", "r1", "BoxUsage:m5", "Hours", "150", "", 18.0, 18.0, WEB),
        row(2, "Usage", "Compute", "r3", "BoxUsage:m5", "Hours", "100", "", 10.0, 10.0, ""),
        row(2, "Tax", "Compute", "", "", "", "", "", 1.0, 1.0, ""),
        row(2, "Usage", "Storage", "b1", "TimedStorage", "GB-Month", "200", "", 20.0, 20.0, DATA),
        row(2, "Usage", "Queue", "q1", "Requests", "Requests", "300", "", 30.0, 30.0, ""),
    ];
    format!("{HEADER}\n{}\n", rows.join("\n"))
}

fn february() -> InsightOptions {
    InsightOptions {
        comparison: Comparison::Month(NaiveDate::from_ymd_opt(2025, 2, 1).unwrap()),
        min_cost: 1.0,
        anomalies: false,
        tag_keys: vec!["Team".into()],
        ..InsightOptions::default()
    }
}

fn explain() -> Insights {
    let (_dir, ws) = workspace_with(&fixture());
    ws.insights(&Filter::default(), &february()).expect("insights")
}

fn driver<'a>(insights: &'a Insights, dimension: &str, name: &str) -> &'a finops_core::services::insights::Driver {
    insights
        .drivers
        .iter()
        .find(|d| d.dimension == dimension && d.name == name)
        .unwrap_or_else(|| panic!("no driver {dimension}={name}"))
}

#[test]
fn totals_and_the_service_ranking_match_the_hand_computation() {
    let i = explain();
    assert_close(i.previous_total, 30.0);
    assert_close(i.current_total, 79.0);
    let services: Vec<(&str, f64)> = i
        .drivers
        .iter()
        .filter(|d| d.dimension == "service" && d.level == 1)
        .map(|d| (d.name.as_str(), d.change()))
        .collect();
    assert_eq!(services.iter().map(|s| s.0).collect::<Vec<_>>(), ["Queue", "Storage", "Compute"]);
    for (got, want) in services.iter().map(|s| s.1).zip([30.0, 12.0, 7.0]) {
        assert_close(got, want);
    }
    assert_eq!(i.insights[0].kind, InsightKind::Change);
    assert!(i.insights[0].headline.contains("+49.00 USD"), "{}", i.insights[0].headline);
    let steps: f64 = i.waterfall(2).iter().map(|s| s.1).sum();
    assert_close(steps, 49.0);
}

#[test]
fn volume_and_price_effects_are_split_per_resource_and_summed_up_the_hierarchy() {
    let i = explain();
    // r1: ΔQ·P̄ = 50 × 0.11 = 5.5, ΔP·Q̄ = 0.02 × 125 = 2.5; r2 vanished: −5 volume; r3: price 0.07 → 0.10 on
    // 100 h = +3. Compute: volume 0.5, price 5.5, other (tax) 1.
    let compute = driver(&i, "service", "Compute");
    assert_close(compute.volume, 0.5);
    assert_close(compute.price, 5.5);
    assert_close(compute.other(), 1.0);
    let r1 = driver(&i, "resource", "r1");
    assert_close(r1.volume, 5.5);
    assert_close(r1.price, 2.5);
    assert_eq!(r1.parent.as_deref(), Some("Compute / BoxUsage:m5"));
    assert_eq!(driver(&i, "resource", "r2").status(), "vanished");
    // Queue is new: all volume.
    let queue = driver(&i, "service", "Queue");
    assert_close(queue.volume, 30.0);
    assert_close(queue.price, 0.0);
    // Storage: usage unchanged, the credit's end is "other".
    assert_close(driver(&i, "service", "Storage").other(), 12.0);
    // Tag values: web 10 → 18, data 20 → 20, untagged the rest.
    assert_close(driver(&i, "tag:team", "web").change(), 8.0);
    assert_close(driver(&i, "tag:team", "data").change(), 0.0);
}

#[test]
fn events_name_the_new_service_the_ended_credit_and_commitment_and_the_untagged_share() {
    let i = explain();
    let find = |kind: InsightKind| i.insights.iter().find(|x| x.kind == kind);
    let new = find(InsightKind::New).expect("a new service");
    assert!(new.headline.contains("Queue") && new.headline.contains("30.00 USD"), "{}", new.headline);
    let credits = find(InsightKind::CreditsEnded).expect("credits ended");
    assert_close(credits.amount, 12.0);
    // sp-1 covered r3: list 10 for 7 → 3 saved in January.
    let ended = find(InsightKind::CommitmentEnded).expect("commitment ended");
    assert!(ended.headline.contains("sp-1"), "{}", ended.headline);
    assert_close(ended.amount, 3.0);
    // Coverage at list price: January 10 / (10 + 5 + 10) = 40%, February 0 / 28 = 0%; discount 30%:
    // 0.40 × 28 × 0.30 = 3.36.
    let coverage = find(InsightKind::CoverageFell).expect("coverage fell");
    assert_close(coverage.amount, 3.36);
    assert!(coverage.headline.contains("40.0%"), "{}", coverage.headline);
    // Untagged usage: February (10 + 30) / 78 = 51.3%; January (5 + 7) / 42 = 28.6%.
    let untagged = find(InsightKind::Unallocated).expect("unallocated");
    assert_close(untagged.amount, 40.0);
    assert!(untagged.headline.contains("51.3%") && untagged.headline.contains("28.6%"), "{}", untagged.headline);
    // The service driver tables sum to the change.
    let table = &i.insights[0].table;
    let sum: f64 = table.column("change").unwrap().f64().unwrap().sum().unwrap();
    assert_close(sum, 49.0);
}

#[test]
fn a_month_so_far_is_compared_with_the_same_days_of_the_month_before() {
    let (_dir, ws) = workspace_with(&fixture());
    let options = InsightOptions { comparison: Comparison::Latest, anomalies: false, ..InsightOptions::default() };
    let i = ws.insights(&Filter::default(), &options).unwrap();
    // The data stops on 15 February: 1–15 February against 1–15 January, which hold every row.
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    assert_eq!(i.periods.current, (d(2, 1), d(2, 15)));
    assert_eq!(i.periods.previous, (d(1, 1), d(1, 15)));
    assert!(i.periods.month_to_date);
    assert_close(i.current_total - i.previous_total, 49.0);
}

#[test]
fn the_frames_have_the_documented_columns() {
    let i = explain();
    let frame = i.to_frame().unwrap();
    assert_eq!(
        frame.get_column_names().iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        ["kind", "severity", "headline", "amount", "currency"]
    );
    assert_eq!(frame.height(), i.insights.len());
    let drivers = i.drivers_frame().unwrap();
    let volume = drivers.column("volume_effect").unwrap().f64().unwrap().clone();
    let price = drivers.column("price_effect").unwrap().f64().unwrap().clone();
    let other = drivers.column("other_effect").unwrap().f64().unwrap().clone();
    let change = drivers.column("change").unwrap().f64().unwrap().clone();
    for k in 0..drivers.height() {
        let parts = volume.get(k).unwrap() + price.get(k).unwrap() + other.get(k).unwrap();
        assert!((parts - change.get(k).unwrap()).abs() < 1e-9);
    }
}

#[test]
fn several_currencies_need_a_choice() {
    let csv = fixture().replace(",USD,", ",EUR,").replacen(",EUR,", ",USD,", 1);
    let (_dir, ws) = workspace_with(&csv);
    let err = ws.insights(&Filter::default(), &february()).unwrap_err();
    assert!(err.to_string().contains("several currencies"), "{err}");
    let usd = Filter { currency: Some("USD".into()), ..Filter::default() };
    let i = ws.insights(&usd, &february()).unwrap();
    assert_close(i.previous_total, 10.0);
}

/// The generator's recorded level steps (up or down) are the change an explanation must put first: the
/// four weeks after a step against the four weeks before it, for several seeds. The step's impact over the
/// window comes from the manifest (its extra cost spread over the days after it); steps too small to matter
/// (under 3% of the window's cost, a Lambda function in one account) are skipped, and most are not.
#[test]
fn a_planted_step_is_the_top_driver_of_its_period() {
    use finops_core::synth::{generate, AnomalyKind, SynthConfig, SynthFormat};
    let mut checked = 0;
    for seed in 1..=10 {
        let dir = tempfile::tempdir().unwrap();
        let config = SynthConfig {
            seed,
            formats: SynthFormat::NATIVE.to_vec(),
            anomalies: 1,
            anomaly_kinds: vec![AnomalyKind::Step],
            ..SynthConfig::default()
        };
        let manifest = generate(&config, &dir.path().join("exports")).unwrap();
        let step = &manifest.anomalies[0];
        let days = chrono::Duration::days;
        let (first, last) = (config.start, NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
        let n = (step.day - first).num_days().min((last - step.day).num_days() + 1).min(28);
        assert!(n >= 14, "seed {seed}: the generator leaves two weeks on each side of a step");
        let mut ws = finops_core::Workspace::open(dir.path().join("finops.db")).unwrap();
        ws.ingest_with(dir.path().join("exports"), &quiet()).unwrap();
        let options = InsightOptions {
            comparison: Comparison::Ranges {
                current: (step.day, step.day + days(n - 1)),
                previous: (step.day - days(n), step.day - days(1)),
            },
            anomalies: false,
            ..InsightOptions::default()
        };
        let filter = Filter {
            providers: vec![Provider::from_provider_name(&step.provider)],
            currency: Some(step.currency.clone()),
            ..Filter::default()
        };
        let i = ws.insights(&filter, &options).unwrap();
        let planted = step.extra_cost / ((last - step.day).num_days() + 1) as f64 * n as f64;
        if planted.abs() < 0.03 * i.previous_total {
            continue;
        }
        let top = |dimension: &str| {
            i.drivers.iter().find(|d| d.dimension == dimension && d.level == 1).map(|d| d.name.clone()).unwrap()
        };
        assert_eq!(top("service"), step.service, "seed {seed}: {}", i.summary());
        assert_eq!(top("sub_account"), step.account, "seed {seed}: {}", i.summary());
        let change = i.drivers[0].change();
        assert!((change - planted).abs() <= 0.3 * planted.abs(), "seed {seed}: driver {change}, planted {planted}");
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} of 10 seeds had a material step");
}

/// Costs priced in EUR and billed in USD: 100 EUR both months, billed 108 then 110 USD. The rate moved from
/// 1.08 to 1.10, so 100 × 0.02 = 2.00 USD of the change is the exchange rate.
#[test]
fn an_exchange_rate_effect_is_told_apart() {
    let header = "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,BilledCost,EffectiveCost,ListCost,ContractedCost,PricingCurrency,PricingCurrencyEffectiveCost";
    let row = |month: &str, next: &str, billed: f64| {
        format!("ba,USD,{month}-01T00:00:00Z,{next}-01T00:00:00Z,{month}-10T00:00:00Z,{month}-10T23:59:59Z,Usage,Microsoft,Virtual Machines,{billed},{billed},{billed},{billed},EUR,100")
    };
    let csv = format!("{header}\n{}\n{}\n", row("2025-01", "2025-02", 108.0), row("2025-02", "2025-03", 110.0));
    let (_dir, ws) = workspace_with(&csv);
    let i = ws.insights(&Filter::default(), &february()).unwrap();
    let effect = i.insights.iter().find(|x| x.kind == InsightKind::CurrencyEffect).expect("a currency effect");
    assert_close(effect.amount, 2.0);
    assert!(effect.headline.contains("1.1000") && effect.headline.contains("1.0800"), "{}", effect.headline);
}

/// A budget is about the month being spent: a month so far gets the projection against it, a closed month
/// does not.
#[test]
fn a_budget_applies_to_a_month_so_far_only() {
    let (_dir, ws) = workspace_with(&fixture());
    let has_budget = |comparison| {
        let options = InsightOptions { comparison, budget: Some(50.0), anomalies: false, ..InsightOptions::default() };
        ws.insights(&Filter::default(), &options).unwrap().insights.iter().any(|x| x.kind == InsightKind::Budget)
    };
    assert!(has_budget(Comparison::Latest), "the data stops mid-February: a month so far");
    assert!(!has_budget(Comparison::Month(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())));
}

/// On generated data (six months, the month of June so far), a budget below the projection is an overrun.
#[test]
fn a_budget_below_the_projection_is_an_overrun_with_its_crossing_day() {
    use finops_core::synth::{generate, SynthConfig, SynthFormat};
    let dir = tempfile::tempdir().unwrap();
    let config = SynthConfig { formats: vec![SynthFormat::AwsCur], anomalies: 0, ..SynthConfig::default() };
    generate(&config, &dir.path().join("exports")).unwrap();
    let mut ws = finops_core::Workspace::open(dir.path().join("finops.db")).unwrap();
    ws.ingest_with(dir.path().join("exports"), &quiet()).unwrap();
    let june_15 = NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
    let usd = Filter { currency: Some("USD".into()), ..Filter::default() };
    // Budget: half of May's cost, so June is projected over it well before its end.
    let may = ws
        .insights(
            &usd,
            &InsightOptions { comparison: Comparison::Month(june_15), anomalies: false, ..Default::default() },
        )
        .unwrap()
        .previous_total;
    let options = InsightOptions {
        comparison: Comparison::MonthToDate(june_15),
        budget: Some(may / 2.0),
        anomalies: false,
        ..InsightOptions::default()
    };
    let filter = Filter { end: Some(june_15), ..usd };
    let i = ws.insights(&filter, &options).unwrap();
    let budget = i.insights.iter().find(|x| x.kind == InsightKind::Budget).expect("a budget insight");
    assert!(budget.amount > 0.0 && budget.headline.contains("over by") && budget.headline.contains("crossed on"));
}
