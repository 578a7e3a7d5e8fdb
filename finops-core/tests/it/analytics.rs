//! The analytics service on a hand-made FOCUS export whose every figure is worked out in the comments.
//!
//! Account 111 bills in USD, account 222 in EUR. Effective / billed cost per USD row:
//!
//! | day   | service       | region    | resource | qty, unit  | category | billed | effective | tags       |
//! |-------|---------------|-----------|----------|------------|----------|-------:|----------:|------------|
//! | 02-10 | EC2           | us-east-1 | i-1      | 10 Hours   | Usage    |     10 |         8 | team=web   |
//! | 02-20 | S3            | us-east-1 | b-1      | 100 GB-Mo  | Usage    |      5 |         5 | team=data  |
//! | 02-26 | EC2           | us-east-1 | i-1      | 4 Hours    | Usage    |      4 |         3 | team=web   |
//! | 03-01 | EC2           | us-east-1 | i-1      | 20 Hours   | Usage    |     20 |        16 | Team=web   |
//! | 03-01 | S3            | eu-west-1 | b-2      | 50 GB-Mo   | Usage    |      2 |         2 |            |
//! | 03-02 | EC2           | us-east-1 | i-2      | 10 Hours   | Usage    |     10 |         8 | team=data  |
//! | 03-03 | RDS           | us-east-1 | db-1     | 5 Hours    | Usage    |     30 |        30 | team=data  |
//! | 03-03 | Savings Plans |           |          |            | Purchase |     50 |         0 |            |
//! | 03-04 | EC2           | us-east-1 | i-1      |            | Credit   |     -5 |        -5 | team=web   |
//!
//! and one EUR row: 03-02, account 222, Microsoft, Virtual Machines, 7 billed and effective.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::*;
use finops_core::polars::prelude::*;
use finops_core::{CostMetric, Dimension, Error, Filter, ForecastOptions, TagFilter, Workspace};

const HEADER: &str = "BillingAccountId,SubAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,RegionId,ResourceId,PricingQuantity,PricingUnit,BilledCost,EffectiveCost,ListCost,ContractedCost,Tags";

/// One FOCUS row from `day|category|service|region|resource|quantity|unit|billed|effective|tag`, as in the
/// table above: `day` is `MM-DD` in 2025 (the billing period is its month), `tag` is `key=value` or empty.
/// ListCost and ContractedCost equal BilledCost.
fn row(account: &str, currency: &str, provider: &str, spec: &str) -> String {
    let fields: Vec<&str> = spec.split('|').collect();
    let [day, category, service, region, resource, quantity, unit, billed, effective, tag] = fields[..] else {
        panic!("bad row spec {spec}")
    };
    let month: u32 = day[..2].parse().unwrap();
    let tags = match tag.split_once('=') {
        Some((k, v)) => format!("\"{{\"\"{k}\"\":\"\"{v}\"\"}}\""),
        None => String::new(),
    };
    format!(
        "{account},{account}-sub,{currency},2025-{month:02}-01T00:00:00Z,2025-{next:02}-01T00:00:00Z,2025-{day}T00:00:00Z,2025-{day}T23:59:59Z,{category},{provider},{service},{region},{resource},{quantity},{unit},{billed},{effective},{billed},{billed},{tags}",
        next = month + 1
    )
}

fn fixture_rows() -> Vec<String> {
    let usd = |spec| row("111", "USD", "AWS", spec);
    vec![
        usd("02-10|Usage|EC2|us-east-1|i-1|10|Hours|10|8|team=web"),
        usd("02-20|Usage|S3|us-east-1|b-1|100|GB-Mo|5|5|team=data"),
        usd("02-26|Usage|EC2|us-east-1|i-1|4|Hours|4|3|team=web"),
        usd("03-01|Usage|EC2|us-east-1|i-1|20|Hours|20|16|Team=web"),
        usd("03-01|Usage|S3|eu-west-1|b-2|50|GB-Mo|2|2|"),
        usd("03-02|Usage|EC2|us-east-1|i-2|10|Hours|10|8|team=data"),
        usd("03-03|Usage|RDS|us-east-1|db-1|5|Hours|30|30|team=data"),
        usd("03-03|Purchase|Savings Plans|||||50|0|"),
        usd("03-04|Credit|EC2|us-east-1|i-1|||-5|-5|team=web"),
        row("222", "EUR", "Microsoft", "03-02|Usage|Virtual Machines|westeurope|vm-1|||7|7|"),
    ]
}

fn write(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

fn loaded() -> (tempfile::TempDir, Workspace) {
    let (dir, mut ws) = workspace();
    let path = write(dir.path(), "focus.csv", &fixture_rows());
    ws.ingest_with(&path, &quiet()).unwrap();
    (dir, ws)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

/// USD, March 1st to 4th.
fn march() -> Filter {
    Filter { currency: Some("USD".into()), start: Some(day(3, 1)), end: Some(day(3, 4)), ..Default::default() }
}

fn strings(df: &DataFrame, column: &str) -> Vec<String> {
    df.column(column).unwrap().str().unwrap().iter().map(|v| v.unwrap_or_default().to_string()).collect()
}

fn numbers(df: &DataFrame, column: &str) -> Vec<f64> {
    df.column(column).unwrap().f64().unwrap().iter().map(|v| v.unwrap_or(f64::NAN)).collect()
}

#[track_caller]
fn assert_all_close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert_close(*a, *e);
    }
}

#[test]
fn kpis_of_march() {
    let (_dir, ws) = loaded();
    let k = ws.analytics().unwrap().kpis(&march()).unwrap();
    assert_eq!(k.currency.as_deref(), Some("USD"));
    assert_eq!(k.metric, CostMetric::Effective);
    assert_eq!((k.start, k.end, k.days), (Some(day(3, 1)), Some(day(3, 4)), 4));
    // Days: 03-01 16 + 2 = 18; 03-02 8; 03-03 30 + 0 = 30; 03-04 -5. Total 51, average 51 / 4.
    assert_close(k.total, 51.0);
    assert_close(k.daily_average, 12.75);
    assert_eq!(k.max_day.map(|d| (d.date, d.cost)), Some((day(3, 3), 30.0)));
    assert_eq!(k.min_day.map(|d| (d.date, d.cost)), Some((day(3, 4), -5.0)));
    // A month so far is compared with the same days of the month before (`previous_period`): 02-01..02-04,
    // which cost nothing. Change 51, no percentage.
    assert_eq!((k.previous_start, k.previous_end), (Some(day(2, 1)), Some(day(2, 4))));
    assert_close(k.previous_total, 0.0);
    assert_close(k.change, 51.0);
    assert_eq!(k.change_pct, None);
    // Any other range is compared with as many days just before: 03-02..03-04 against 02-27..03-01, which
    // holds 03-01's 16 + 2 = 18; 8 + 30 - 5 = 33 now, change 15, +83.3 %.
    let later = Filter { start: Some(day(3, 2)), ..march() };
    let k2 = ws.analytics().unwrap().kpis(&later).unwrap();
    assert_eq!((k2.previous_start, k2.previous_end), (Some(day(2, 27)), Some(day(3, 1))));
    assert_close(k2.previous_total, 18.0);
    assert_close(k2.change, 15.0);
    assert_close(k2.change_pct.unwrap(), 15.0 / 18.0 * 100.0);
    // Month to date = March 1st to 4th; last month = February: 8 + 5 + 3.
    assert_close(k.month_to_date, 51.0);
    assert_close(k.last_month, 16.0);
}

#[test]
fn kpis_follow_the_metric() {
    let (_dir, ws) = loaded();
    let billed = Filter { metric: CostMetric::Billed, ..march() };
    let k = ws.analytics().unwrap().kpis(&billed).unwrap();
    // 03-01 20 + 2; 03-02 10; 03-03 30 + 50; 03-04 -5.
    assert_close(k.total, 107.0);
    assert_eq!(k.max_day.map(|d| (d.date, d.cost)), Some((day(3, 3), 80.0)));
    // February billed: 10 + 5 + 4.
    assert_close(k.last_month, 19.0);
}

#[test]
fn ranking_and_distribution_by_service() {
    let (_dir, ws) = loaded();
    let a = ws.analytics().unwrap();
    // EC2 16 + 8 - 5 = 19, RDS 30, S3 2, Savings Plans 0.
    let all = a.ranking(&march(), Dimension::Service, usize::MAX).unwrap();
    assert_eq!(strings(&all, "name"), ["RDS", "EC2", "S3", "Savings Plans"]);
    assert_all_close(&numbers(&all, "cost"), &[30.0, 19.0, 2.0, 0.0]);
    let top = a.ranking(&march(), Dimension::Service, 2).unwrap();
    assert_eq!(strings(&top, "name"), ["RDS", "EC2", "Other"]);
    assert_all_close(&numbers(&top, "cost"), &[30.0, 19.0, 2.0]);
    let rank: Vec<Option<u32>> = top.column("rank").unwrap().u32().unwrap().iter().collect();
    assert_eq!(rank, [Some(1), Some(2), None]);
    let shares = a.distribution(&march(), Dimension::Service, 2).unwrap();
    assert_all_close(&numbers(&shares, "share_pct"), &[30.0 / 51.0 * 100.0, 19.0 / 51.0 * 100.0, 2.0 / 51.0 * 100.0]);
    assert_close(numbers(&shares, "share_pct").iter().sum(), 100.0);
}

#[test]
fn ranking_by_tag_folds_key_spellings_and_counts_untagged() {
    let (_dir, ws) = loaded();
    // `Team` and `team` are one key. data: 8 + 30; web: 16 - 5; untagged: S3 2 + Savings Plans 0.
    let df = ws.analytics().unwrap().ranking(&march(), Dimension::Tag("TEAM".into()), 10).unwrap();
    assert_eq!(strings(&df, "name"), ["data", "web", "(untagged)"]);
    assert_all_close(&numbers(&df, "cost"), &[38.0, 11.0, 2.0]);
}

#[test]
fn monthly_and_stacked_monthly() {
    let (_dir, ws) = loaded();
    let a = ws.analytics().unwrap();
    let usd = Filter { currency: Some("USD".into()), ..Default::default() };
    // February: EC2 8 + 3, S3 5. March: RDS 30, EC2 19, S3 2, Savings Plans 0.
    let m = a.monthly(&usd, Dimension::Service).unwrap();
    assert_eq!(strings(&m, "name"), ["EC2", "S3", "RDS", "EC2", "S3", "Savings Plans"]);
    assert_all_close(&numbers(&m, "cost"), &[11.0, 5.0, 30.0, 19.0, 2.0, 0.0]);
    let months: Vec<Option<i32>> = m.column("month").unwrap().date().unwrap().physical().iter().collect();
    let feb = (day(2, 1) - NaiveDate::default()).num_days() as i32;
    let mar = (day(3, 1) - NaiveDate::default()).num_days() as i32;
    assert_eq!(months, [feb, feb, mar, mar, mar, mar].map(Some));
    // Over both months EC2 and RDS tie at 30: the name breaks the tie, so EC2 is the top 1.
    // Other: February S3 5; March RDS 30 + S3 2 + Savings Plans 0.
    let s = a.stacked_monthly(&usd, Dimension::Service, 1).unwrap();
    assert_eq!(strings(&s, "name"), ["EC2", "Other", "EC2", "Other"]);
    assert_all_close(&numbers(&s, "cost"), &[11.0, 5.0, 19.0, 32.0]);
}

#[test]
fn daily_series_is_zero_filled() {
    let (_dir, ws) = loaded();
    let f = Filter { start: Some(day(2, 26)), ..march() };
    let df = ws.analytics().unwrap().daily(&f).unwrap();
    assert_eq!(df.height(), 7);
    // 02-26 3; 02-27 and 02-28 nothing; then March as in the KPIs.
    assert_all_close(&numbers(&df, "cost"), &[3.0, 0.0, 0.0, 18.0, 8.0, 30.0, -5.0]);
    assert_eq!(df.column("date").unwrap().dtype(), &DataType::Date);
}

#[test]
fn cost_per_unit_uses_usage_rows_with_a_unit() {
    let (_dir, ws) = loaded();
    let df = ws.analytics().unwrap().cost_per_unit(&march()).unwrap();
    // RDS 30 / 5 h; EC2 (16 + 8) / (20 + 10) h, its credit left out; S3 2 / 50 GB-Mo.
    assert_eq!(strings(&df, "service"), ["RDS", "EC2", "S3"]);
    assert_eq!(strings(&df, "pricing_unit"), ["Hours", "Hours", "GB-Mo"]);
    assert_all_close(&numbers(&df, "quantity"), &[5.0, 30.0, 50.0]);
    assert_all_close(&numbers(&df, "unit_cost"), &[6.0, 0.8, 0.04]);
}

#[test]
fn filters_narrow_every_panel() {
    let (_dir, ws) = loaded();
    let a = ws.analytics().unwrap();
    let total = |f: Filter| a.kpis(&f).unwrap().total;
    assert_close(total(Filter { regions: vec!["eu-west-1".into()], ..march() }), 2.0);
    assert_close(total(Filter { services: vec!["EC2".into(), "S3".into()], ..march() }), 21.0);
    let missing = TagFilter::Missing { key: "team".into() };
    assert_close(total(Filter { tags: vec![missing], ..march() }), 2.0);
    let data = TagFilter::Equals { key: "Team".into(), value: "data".into() };
    assert_close(total(Filter { tags: vec![data], ..march() }), 38.0);
    assert_close(total(Filter { tags: vec![TagFilter::Untagged], ..march() }), 2.0);
    let credits = vec![finops_core::model::ChargeCategory::Credit];
    assert_close(total(Filter { charge_categories: credits, ..march() }), -5.0);
    // Resource ids are not in the daily aggregate: line items are read. i-1 in March: 16 - 5.
    assert_close(total(Filter { resource_ids: vec!["i-1".into()], ..march() }), 11.0);
    let i1 = Filter { resource_ids: vec!["i-1".into()], currency: Some("USD".into()), ..Default::default() };
    let by_month = a.monthly(&i1, Dimension::Service).unwrap();
    // February 8 + 3, March 11.
    assert_all_close(&numbers(&by_month, "cost"), &[11.0, 11.0]);
    assert_close(total(Filter { services: vec!["No such service".into()], ..march() }), 0.0);
}

#[test]
fn a_filter_resolved_once_answers_every_panel_until_an_import_changes_the_data() {
    // Analytics keeps the rows of the last few filters it resolved (4): more filters than that in turn, each
    // asked twice and through two panels, must give every filter's own numbers, and an import must be seen.
    let (dir, mut ws) = loaded();
    let of = |services: &[&str]| Filter { services: services.iter().map(|s| s.to_string()).collect(), ..march() };
    // March USD effective (table above): EC2 16 + 8 - 5 = 19, RDS 30, S3 2, Savings Plans 0; all 51.
    let cases = [(of(&[]), 51.0), (of(&["EC2"]), 19.0), (of(&["RDS"]), 30.0), (of(&["S3"]), 2.0)];
    let cases = [&cases[..], &[(of(&["EC2", "S3"]), 21.0), (of(&["Savings Plans"]), 0.0)]].concat();
    // The second round asks other panels (results are cached too): the first filters' rows were let go.
    for round in 0..2 {
        for (filter, total) in &cases {
            let a = ws.analytics().unwrap();
            let (first, second) = if round == 0 {
                (a.kpis(filter).unwrap().total, numbers(&a.daily(filter).unwrap(), "cost").iter().sum())
            } else {
                let ranking = a.ranking(filter, Dimension::Region, usize::MAX).unwrap();
                (
                    numbers(&ranking, "cost").iter().sum(),
                    numbers(&a.monthly(filter, Dimension::Service).unwrap(), "cost").iter().sum(),
                )
            };
            assert_close(first, *total);
            assert_close(second, *total);
        }
    }
    // Open dates on rows that match nothing: no period, an empty series.
    let nothing = Filter { start: None, end: None, ..of(&["No such service"]) };
    let k = ws.analytics().unwrap().kpis(&nothing).unwrap();
    assert_eq!((k.start, k.end, k.days), (None, None, 0));
    assert_eq!(ws.analytics().unwrap().daily(&nothing).unwrap().height(), 0);
    // Open dates: the first and last day of the selected rows. EC2 (USD): 02-10 to 03-04.
    let k = ws.analytics().unwrap().kpis(&Filter { start: None, end: None, ..of(&["EC2"]) }).unwrap();
    assert_eq!((k.start, k.end), (Some(day(2, 10)), Some(day(3, 4))));
    assert_close(k.total, 8.0 + 3.0 + 19.0);
    // The EUR row is left out of every USD filter, also when no other condition leaves rows out.
    assert_close(ws.analytics().unwrap().ranking(&of(&[]), Dimension::Service, 10).unwrap().height() as f64, 4.0);
    // A second file, another account's (a file for 111's March would replace it), adds 10 of EC2 on 03-04:
    // EC2 29, all 61, the rest unchanged.
    let more =
        write(dir.path(), "more.csv", &[row("333", "USD", "AWS", "03-04|Usage|EC2|us-east-1|i-3|2|Hours|10|10|")]);
    ws.ingest_with(&more, &quiet()).unwrap();
    let a = ws.analytics().unwrap();
    assert_close(a.kpis(&of(&[])).unwrap().total, 61.0);
    assert_close(a.kpis(&of(&["EC2"])).unwrap().total, 29.0);
    assert_close(a.kpis(&of(&["RDS"])).unwrap().total, 30.0);
    let ranking = a.ranking(&of(&[]), Dimension::Service, 10).unwrap();
    assert_eq!(strings(&ranking, "name"), ["RDS", "EC2", "S3", "Savings Plans"]);
    assert_all_close(&numbers(&ranking, "cost"), &[30.0, 29.0, 2.0, 0.0]);
}

#[test]
fn the_panels_of_one_filter_share_its_sums_and_each_gets_its_own_grouping_and_days() {
    // One filter's panels reuse each other's grouped sums (ranking and distribution by one column, monthly and
    // stacked monthly by month and column, KPIs and the daily series by day); every panel must still get its
    // own grouping and its own days. Feb 20 - Mar 3, USD effective (table above): 02-20 S3 5, 02-26 EC2 3,
    // 03-01 EC2 16 and S3 2, 03-02 EC2 8, 03-03 RDS 30 and Savings Plans 0: 64 in all.
    let (_dir, ws) = loaded();
    let a = ws.analytics().unwrap();
    let f =
        Filter { currency: Some("USD".into()), start: Some(day(2, 20)), end: Some(day(3, 3)), ..Default::default() };
    let by_service = a.ranking(&f, Dimension::Service, 10).unwrap();
    assert_eq!(strings(&by_service, "name"), ["RDS", "EC2", "S3", "Savings Plans"]);
    assert_all_close(&numbers(&by_service, "cost"), &[30.0, 27.0, 7.0, 0.0]);
    let by_region = a.ranking(&f, Dimension::Region, 10).unwrap();
    assert_eq!(strings(&by_region, "name"), ["us-east-1", "eu-west-1", "(none)"]);
    assert_all_close(&numbers(&by_region, "cost"), &[62.0, 2.0, 0.0]);
    let shares = a.distribution(&f, Dimension::Service, 1).unwrap();
    assert_eq!(strings(&shares, "name"), ["RDS", "Other"]);
    assert_all_close(&numbers(&shares, "share_pct"), &[30.0 / 64.0 * 100.0, 34.0 / 64.0 * 100.0]);
    // 12 days, compared with the 12 before (02-08 to 02-19: EC2 8); March so far 56; February 8 + 5 + 3.
    let k = a.kpis(&f).unwrap();
    assert_eq!((k.days, k.previous_start, k.previous_end), (12, Some(day(2, 8)), Some(day(2, 19))));
    assert_close(k.total, 64.0);
    assert_close(k.previous_total, 8.0);
    assert_close(k.month_to_date, 56.0);
    assert_close(k.last_month, 16.0);
    let daily = numbers(&a.daily(&f).unwrap(), "cost");
    let mut expected = vec![0.0; 12];
    (expected[0], expected[6], expected[9], expected[10], expected[11]) = (5.0, 3.0, 18.0, 8.0, 30.0);
    assert_all_close(&daily, &expected);
    let monthly = a.monthly(&f, Dimension::Service).unwrap();
    assert_eq!(strings(&monthly, "name"), ["S3", "EC2", "RDS", "EC2", "S3", "Savings Plans"]);
    assert_all_close(&numbers(&monthly, "cost"), &[5.0, 3.0, 30.0, 24.0, 2.0, 0.0]);
    let stacked = a.stacked_monthly(&f, Dimension::Region, 1).unwrap();
    assert_eq!(strings(&stacked, "name"), ["us-east-1", "Other", "us-east-1", "Other"]);
    assert_all_close(&numbers(&stacked, "cost"), &[8.0, 0.0, 54.0, 2.0]);
}

#[test]
fn a_forecast_fits_on_the_days_of_its_period_that_have_data() {
    // USD data runs from 02-10 to 03-04. A period to the end of March has its history end on 03-04 (February
    // 8 + 5 + 3, March 16 + 2 + 8 + 30 + 0 - 5); a period with no data, before or after it, has none.
    let (_dir, ws) = loaded();
    let a = ws.analytics().unwrap();
    let period =
        |start, end| Filter { currency: Some("USD".into()), start: Some(start), end: Some(end), ..Default::default() };
    let forecast = a.forecast(&period(day(2, 1), day(3, 31)), &ForecastOptions::default()).unwrap();
    let [total] = &forecast.segments[..] else { panic!("one segment expected, got {}", forecast.segments.len()) };
    assert_eq!((total.history_start, total.start, total.actual.len()), (day(2, 1), day(3, 5), 32));
    assert_close(total.actual.iter().sum(), 67.0);
    for (start, end) in [(day(1, 1), day(1, 31)), (day(3, 10), day(3, 20))] {
        assert!(a.forecast(&period(start, end), &ForecastOptions::default()).unwrap().segments.is_empty());
    }
}

#[test]
fn currencies_are_never_added() {
    let (_dir, ws) = loaded();
    let a = ws.analytics().unwrap();
    let both = Filter { currency: None, ..march() };
    match a.kpis(&both) {
        Err(Error::MixedCurrencies { currencies }) => assert_eq!(currencies, ["EUR", "USD"]),
        other => panic!("expected MixedCurrencies, got {other:?}"),
    }
    assert!(matches!(a.ranking(&both, Dimension::Service, 5), Err(Error::MixedCurrencies { .. })));
    // One currency in the selection: no need to name it.
    let azure = Filter { providers: vec![finops_core::model::Provider::Azure], ..both.clone() };
    let k = a.kpis(&azure).unwrap();
    assert_eq!(k.currency.as_deref(), Some("EUR"));
    assert_close(k.total, 7.0);
    // Converted: 51 USD + 7 EUR at 1.1 USD each.
    let rates = [("EUR".to_string(), 1.1)].into_iter().collect();
    let converted = Filter { rates, ..march() };
    assert_close(a.kpis(&converted).unwrap().total, 51.0 + 7.7);
    // A rate missing for a currency the selection holds is an error, not a silent omission.
    let gbp = Filter { currency: Some("GBP".into()), ..converted.clone() };
    assert!(matches!(a.kpis(&gbp), Err(Error::MissingRate { currency, .. }) if currency == "USD"));
    let no_target = Filter { currency: None, ..converted };
    assert!(matches!(a.kpis(&no_target), Err(Error::InvalidArgument(_))));
}
