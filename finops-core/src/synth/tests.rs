//! Behaviour of the generator, checked from the outside: the files are read back with a plain CSV pass and
//! the FOCUS mapping of provider-mappings.md is applied independently of the generator's own code.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use super::*;

fn config(seed: u64) -> SynthConfig {
    SynthConfig {
        seed,
        start: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        months: 2,
        accounts: 3,
        formats: SynthFormat::ALL.to_vec(),
        scale: 0.5,
        anomalies: 4,
        anomaly_kinds: AnomalyKind::ALL.to_vec(),
        gzip: false,
        opportunities: true,
        noise: DEFAULT_NOISE,
        web_services: false,
        calendar: false,
    }
}

fn run(config: &SynthConfig) -> (tempfile::TempDir, SynthManifest) {
    let dir = tempfile::tempdir().unwrap();
    let manifest = generate(config, dir.path()).unwrap();
    (dir, manifest)
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

type Row = BTreeMap<String, String>;

fn read_rows(path: &Path) -> Vec<Row> {
    let mut bytes = fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut plain).unwrap();
        bytes = plain;
    }
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| header.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

fn num(row: &Row, column: &str) -> f64 {
    match row.get(column).map(String::as_str) {
        None | Some("") => 0.0,
        Some(text) => text.parse().unwrap_or_else(|_| panic!("{column} = {text:?} is not a number")),
    }
}

/// (BilledCost, EffectiveCost) of a native row by provider-mappings.md, written from the document.
fn focus_costs(format: SynthFormat, row: &Row) -> (f64, f64) {
    match format {
        SynthFormat::AwsCur => {
            let billed = num(row, "lineItem/UnblendedCost");
            let effective = match row["lineItem/LineItemType"].as_str() {
                "SavingsPlanCoveredUsage" => num(row, "savingsPlan/SavingsPlanEffectiveCost"),
                "DiscountedUsage" => num(row, "reservation/EffectiveCost"),
                "SavingsPlanNegation" | "SavingsPlanUpfrontFee" => 0.0,
                "SavingsPlanRecurringFee" => {
                    num(row, "savingsPlan/TotalCommitmentToDate") - num(row, "savingsPlan/UsedCommitment")
                }
                "RIFee" => {
                    num(row, "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod")
                        + num(row, "reservation/UnusedRecurringFee")
                }
                _ => billed,
            };
            (billed, effective)
        }
        SynthFormat::Azure => {
            let cost = num(row, "Cost");
            let commitment = matches!(row["PricingModel"].as_str(), "Reservation" | "SavingsPlan");
            let purchase = matches!(row["ChargeType"].as_str(), "Purchase" | "Refund");
            let billed = if commitment && !purchase { 0.0 } else { cost };
            let effective = if commitment && purchase { 0.0 } else { cost };
            (billed, effective)
        }
        SynthFormat::Gcp => {
            let credits: serde_json::Value = serde_json::from_str(&row["credits"]).unwrap();
            let credit: f64 = credits.as_array().unwrap().iter().map(|c| c["amount"].as_f64().unwrap()).sum();
            (num(row, "cost"), num(row, "cost") + credit)
        }
        SynthFormat::Focus => (num(row, "BilledCost"), num(row, "EffectiveCost")),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn same_seed_gives_identical_bytes() {
    let (a, manifest_a) = run(&config(7));
    let (b, manifest_b) = run(&config(7));
    let (tree_a, tree_b) = (tree(a.path()), tree(b.path()));
    assert!(tree_a.len() > 10, "expected many files, got {:?}", tree_a.keys());
    assert_eq!(tree_a.keys().collect::<Vec<_>>(), tree_b.keys().collect::<Vec<_>>());
    for (name, bytes) in &tree_a {
        assert!(bytes == &tree_b[name], "{name} differs between two runs with the same seed");
    }
    assert_eq!(manifest_a.anomalies, manifest_b.anomalies);
}

#[test]
fn different_seed_gives_different_data() {
    let (a, _) = run(&config(7));
    let (b, _) = run(&config(8));
    let (tree_a, tree_b) = (tree(a.path()), tree(b.path()));
    for name in ["aws/cur-2025-01.csv", "azure/amortized-2025-01.csv", "gcp/billing-2025-01.csv"] {
        assert_ne!(tree_a[name], tree_b[name], "{name} did not change with the seed");
    }
}

#[test]
fn manifest_totals_match_an_independent_pass_over_the_files() {
    let (dir, manifest) = run(&config(11));
    let written: Vec<_> = manifest.files.iter().map(|f| (f.format, f.currency.as_str())).collect();
    for format in SynthFormat::ALL {
        assert!(written.iter().any(|(f, _)| *f == format), "no {format} file");
    }
    assert!(written.iter().any(|(_, c)| *c == "EUR"), "the EUR enrollment wrote no file");
    for file in &manifest.files {
        assert!(file.path.starts_with(dir.path()));
        let rows = read_rows(&file.path);
        assert_eq!(rows.len() as u64, file.rows, "{}", file.path.display());
        let (billed, effective) =
            rows.iter().map(|r| focus_costs(file.format, r)).fold((0.0, 0.0), |a, c| (a.0 + c.0, a.1 + c.1));
        assert!(close(billed, file.billed_total), "{}: billed {billed} vs {}", file.path.display(), file.billed_total);
        assert!(
            close(effective, file.effective_total),
            "{}: effective {effective} vs {}",
            file.path.display(),
            file.effective_total
        );
        if file.format == SynthFormat::Focus {
            assert!(rows.iter().all(|r| r["BillingCurrency"] == file.currency));
        }
    }
    // manifest.json is written, relative, and says the same.
    let json = fs::read_to_string(dir.path().join("manifest.json")).unwrap();
    let saved: SynthManifest = serde_json::from_str(&json).unwrap();
    assert_eq!(saved.files.len(), manifest.files.len());
    assert!(saved.files.iter().all(|f| f.path.is_relative()));
    assert_eq!(saved.anomalies, manifest.anomalies);
}

#[test]
fn focus_files_carry_the_same_money_as_the_native_ones() {
    let (_dir, manifest) = run(&config(12));
    let key = |f: &SynthFile| (f.provider.clone(), f.billing_account_id.clone(), f.billing_period_start);
    let native: BTreeMap<_, _> =
        manifest.files.iter().filter(|f| f.format != SynthFormat::Focus).map(|f| (key(f), f)).collect();
    let focus: Vec<_> = manifest.files.iter().filter(|f| f.format == SynthFormat::Focus).collect();
    assert_eq!(native.len(), focus.len());
    for f in focus {
        let n = native[&key(f)];
        assert!(
            close(n.billed_total, f.billed_total),
            "{}: {} vs {}",
            f.path.display(),
            n.billed_total,
            f.billed_total
        );
        assert!(close(n.effective_total, f.effective_total), "{}", f.path.display());
        assert_eq!(n.currency, f.currency);
    }
}

#[test]
fn commitments_are_internally_consistent() {
    let (_dir, manifest) = run(&config(13));
    for file in &manifest.files {
        let rows = read_rows(&file.path);
        // Per commitment: what its usage rows absorbed (effective) versus what was billed for it.
        let mut absorbed: BTreeMap<String, f64> = BTreeMap::new();
        let mut billed: BTreeMap<String, f64> = BTreeMap::new();
        for row in &rows {
            let (id, usage_side, bill_side) = match file.format {
                SynthFormat::AwsCur => {
                    let kind = row["lineItem/LineItemType"].as_str();
                    let (b, e) = focus_costs(file.format, row);
                    match kind {
                        "SavingsPlanCoveredUsage" | "SavingsPlanRecurringFee" => {
                            let fee = if kind == "SavingsPlanRecurringFee" { b } else { 0.0 };
                            (row["savingsPlan/SavingsPlanARN"].clone(), e, fee)
                        }
                        "DiscountedUsage" | "RIFee" => {
                            let fee = if kind == "RIFee" { b } else { 0.0 };
                            (row["reservation/ReservationARN"].clone(), e, fee)
                        }
                        _ => continue,
                    }
                }
                SynthFormat::Azure if !row["benefitId"].is_empty() => {
                    let purchase = row["ChargeType"] == "Purchase";
                    let cost = num(row, "Cost");
                    (row["benefitId"].clone(), if purchase { 0.0 } else { cost }, if purchase { cost } else { 0.0 })
                }
                SynthFormat::Focus if !row["CommitmentDiscountId"].is_empty() => {
                    let purchase = row["ChargeCategory"] == "Purchase";
                    let usage = if purchase { 0.0 } else { num(row, "EffectiveCost") };
                    let bill = if purchase { num(row, "BilledCost") } else { 0.0 };
                    (row["CommitmentDiscountId"].clone(), usage, bill)
                }
                _ => continue,
            };
            *absorbed.entry(id.clone()).or_default() += usage_side;
            *billed.entry(id).or_default() += bill_side;
        }
        for (id, fee) in &billed {
            assert!(*fee > 0.0, "{}: commitment {id} billed nothing", file.path.display());
            assert!(close(absorbed[id], *fee), "{}: {id} absorbed {} of {fee}", file.path.display(), absorbed[id]);
        }
        if file.provider != "Microsoft" || file.currency == "USD" {
            let expected = if file.format == SynthFormat::Gcp { 0 } else { 1 };
            assert!(billed.len() >= expected, "{}: no commitment found", file.path.display());
        }
    }
}

/// Daily effective cost per (account, service, day) of a native file, tax rows left out.
fn series(format: SynthFormat, rows: &[Row]) -> BTreeMap<(String, String, String), f64> {
    let mut out = BTreeMap::new();
    for row in rows {
        let key = match format {
            SynthFormat::AwsCur if row["lineItem/LineItemType"] != "Tax" => (
                row["lineItem/UsageAccountId"].clone(),
                row["product/ProductName"].clone(),
                row["lineItem/UsageStartDate"][..10].to_string(),
            ),
            SynthFormat::Azure => {
                let date = NaiveDate::parse_from_str(&row["Date"], "%m/%d/%Y").unwrap();
                (row["SubscriptionId"].clone(), row["MeterCategory"].clone(), date.to_string())
            }
            SynthFormat::Gcp if row["cost_type"] != "tax" => (
                row["project.id"].clone(),
                row["service.description"].clone(),
                row["usage_start_time"][..10].to_string(),
            ),
            _ => continue,
        };
        *out.entry(key).or_insert(0.0) += focus_costs(format, row).1;
    }
    out
}

#[test]
fn anomalies_sit_where_the_manifest_says() {
    let mut quiet_config = config(21);
    quiet_config.anomalies = 0;
    let (_quiet_dir, quiet) = run(&quiet_config);
    let (_dir, noisy) = run(&config(21));
    assert!(quiet.anomalies.is_empty());
    assert_eq!(noisy.anomalies.len(), 4);
    let mut kinds: Vec<AnomalyKind> = noisy.anomalies.iter().map(|a| a.kind).collect();
    kinds.sort_by_key(|k| k.as_str());
    assert_eq!(kinds, [AnomalyKind::Drift, AnomalyKind::Drop, AnomalyKind::Spike, AnomalyKind::Step]);
    let last_day = NaiveDate::from_ymd_opt(2025, 2, 28).unwrap();
    let mut found = vec![0.0; noisy.anomalies.len()];
    for (q, n) in quiet.files.iter().zip(&noisy.files) {
        if n.format == SynthFormat::Focus {
            continue;
        }
        let (before, after) = (series(q.format, &read_rows(&q.path)), series(n.format, &read_rows(&n.path)));
        assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        for (key, cost) in &after {
            let delta = cost - before[key];
            let date = NaiveDate::parse_from_str(&key.2, "%Y-%m-%d").unwrap();
            let hit = noisy.anomalies.iter().position(|a| {
                a.provider == n.provider
                    && a.account == key.0
                    && a.service == key.1
                    && (a.day..=a.last_day()).contains(&date)
            });
            match hit {
                Some(i) => found[i] += delta,
                None => assert!(delta.abs() < 1e-9, "{key:?} changed by {delta} without an anomaly"),
            }
        }
        // The anomaly at full size stands out from the same weekday before it started.
        for a in noisy.anomalies.iter().filter(|a| a.provider == n.provider) {
            let settled = a.settled.unwrap();
            let weeks = (settled - a.day).num_days() / 7 + 1;
            let before_day = settled - chrono::Duration::weeks(weeks);
            let cost = |d: NaiveDate| after.get(&(a.account.clone(), a.service.clone(), d.to_string())).copied();
            let (Some(at), Some(usual)) = (cost(settled), cost(before_day)) else { continue };
            if a.multiplier > 1.0 {
                assert!(at > 1.1 * usual, "{a:?}: {at} vs {usual} a week before");
            } else {
                assert!(at < 0.8 * usual, "{a:?}: {at} vs {usual} a week before");
            }
        }
    }
    for (anomaly, delta) in noisy.anomalies.iter().zip(&found) {
        let (first, last) = (anomaly.day, anomaly.last_day());
        match anomaly.kind {
            AnomalyKind::Spike => assert!(anomaly.multiplier >= 2.0 && (last - first).num_days() < 3),
            AnomalyKind::Drop => assert!(anomaly.multiplier < 0.4 && (last - first).num_days() < 3),
            AnomalyKind::Step => assert_eq!((last, anomaly.settled), (last_day, Some(first))),
            AnomalyKind::Drift => {
                let ramp = (anomaly.settled.unwrap() - first).num_days();
                assert!((6..21).contains(&ramp) && last == last_day, "{anomaly:?}");
            }
            AnomalyKind::Shift => unreachable!("four anomalies take the first four kinds"),
        }
        assert_eq!(anomaly.extra_cost > 0.0, anomaly.multiplier > 1.0, "{anomaly:?}");
        assert!(close(*delta, anomaly.extra_cost), "{anomaly:?}: files show {delta}");
    }
}

#[test]
fn manifests_without_kinds_read_as_one_day_spikes() {
    let json = r#"{"provider":"AWS","account":"1","service":"AWS Lambda","day":"2025-01-20","multiplier":3.5,
                   "extra_cost":12.5,"currency":"USD"}"#;
    let old: InjectedAnomaly = serde_json::from_str(json).unwrap();
    assert_eq!((old.kind, old.end, old.settled), (AnomalyKind::Spike, None, None));
    let day = NaiveDate::from_ymd_opt(2025, 1, 20).unwrap();
    assert_eq!(old.last_day(), day);
    assert_eq!(old.window(2), (day - chrono::Days::new(2), day + chrono::Days::new(2)));
}

#[test]
fn gzip_output_is_the_plain_output_compressed() {
    let mut small = config(5);
    small.months = 1;
    small.formats = vec![SynthFormat::AwsCur, SynthFormat::Gcp];
    let (plain, _) = run(&small);
    small.gzip = true;
    let (zipped, manifest) = run(&small);
    for file in &manifest.files {
        let name = file.path.strip_prefix(zipped.path()).unwrap().to_string_lossy().into_owned();
        let original = fs::read(plain.path().join(name.trim_end_matches(".gz"))).unwrap();
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&fs::read(&file.path).unwrap()[..]).read_to_end(&mut unzipped).unwrap();
        assert!(name.ends_with(".csv.gz") && unzipped == original, "{name}");
        assert_eq!(read_rows(&file.path).len() as u64, file.rows);
    }
}

#[test]
fn sized_cur_file_is_close_to_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.csv");
    let file = write_aws_cur_rows(&path, 5_000, 3).unwrap();
    let rows = read_rows(&path);
    assert_eq!(rows.len() as u64, file.rows);
    assert!((4_000..=6_000).contains(&file.rows), "{} rows", file.rows);
    let billed: f64 = rows.iter().map(|r| focus_costs(SynthFormat::AwsCur, r).0).sum();
    assert!(close(billed, file.billed_total));
}

#[test]
fn native_headers_keep_the_real_column_names() {
    let expected = [
        "identity/LineItemId",
        "bill/PayerAccountId",
        "bill/BillingPeriodStartDate",
        "lineItem/UsageAccountId",
        "lineItem/LineItemType",
        "lineItem/UsageStartDate",
        "lineItem/UsageEndDate",
        "lineItem/ProductCode",
        "lineItem/UsageType",
        "lineItem/UsageAmount",
        "lineItem/CurrencyCode",
        "lineItem/UnblendedRate",
        "lineItem/UnblendedCost",
        "lineItem/ResourceId",
        "product/ProductName",
        "product/region",
        "pricing/publicOnDemandCost",
        "pricing/publicOnDemandRate",
        "pricing/term",
        "pricing/unit",
        "reservation/EffectiveCost",
        "savingsPlan/SavingsPlanEffectiveCost",
        "resourceTags/user:Environment",
        "resourceTags/user:environment",
    ];
    for column in expected {
        assert!(aws_cur::HEADER.contains(&column), "{column}");
    }
    assert_eq!(azure_rows::HEADER.len(), 55);
    assert_eq!(&gcp_rows::HEADER[..3], &["billing_account_id", "service.id", "service.description"]);
    assert_eq!(focus::HEADER.len(), 57);
    assert!(focus::HEADER.contains(&"ChargeClass") && focus::HEADER.contains(&"SubAccountName"));
}

#[test]
fn cost_changes_are_where_the_files_show_them() {
    let (_dir, manifest) = run(&config(21));
    let (first, last) = (NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2025, 2, 28).unwrap());
    // Read back from the native files: each resource's first and last usage day, by account and service.
    let mut seen: BTreeMap<(String, String, String), (NaiveDate, NaiveDate)> = BTreeMap::new();
    let mut promotion_last: Option<NaiveDate> = None;
    let date = |text: &str| text[..10].parse::<NaiveDate>().unwrap();
    for file in manifest.files.iter() {
        for row in read_rows(&file.path) {
            let usage = match file.format {
                SynthFormat::AwsCur if row["lineItem/LineItemType"].contains("Usage") => Some((
                    row["lineItem/UsageAccountId"].clone(),
                    row["product/ProductName"].clone(),
                    row["lineItem/ResourceId"].clone(),
                    date(&row["lineItem/UsageStartDate"]),
                )),
                SynthFormat::Azure if row["ChargeType"] == "Usage" => Some((
                    row["SubscriptionId"].clone(),
                    row["MeterCategory"].clone(),
                    row["ResourceId"].clone(),
                    NaiveDate::parse_from_str(&row["Date"], "%m/%d/%Y").unwrap(),
                )),
                SynthFormat::Gcp if row["cost_type"] == "regular" && !row["resource.global_name"].is_empty() => {
                    if row["credits"].contains("PROMOTION") {
                        promotion_last = promotion_last.max(Some(date(&row["usage_start_time"])));
                    }
                    Some((
                        row["project.id"].clone(),
                        row["service.description"].clone(),
                        row["resource.global_name"].clone(),
                        date(&row["usage_start_time"]),
                    ))
                }
                _ => None,
            };
            if let Some((account, service, resource, day)) = usage.filter(|u| !u.2.is_empty()) {
                let span = seen.entry((account, service, resource)).or_insert((day, day));
                *span = (span.0.min(day), span.1.max(day));
            }
        }
    }
    let mut from_files: Vec<(String, String, NaiveDate, CostChangeKind)> = Vec::new();
    for ((account, service, _), &(start, end)) in &seen {
        if start > first {
            from_files.push((account.clone(), service.clone(), start, CostChangeKind::Launch));
        }
        if end < last {
            from_files.push((
                account.clone(),
                service.clone(),
                end + chrono::Days::new(1),
                CostChangeKind::Termination,
            ));
        }
    }
    from_files.sort();
    from_files.dedup();
    let mut recorded: Vec<(String, String, NaiveDate, CostChangeKind)> = manifest
        .cost_changes
        .iter()
        .filter(|c| c.kind != CostChangeKind::CreditEnded)
        .map(|c| (c.account.clone(), c.service.clone(), c.day, c.kind))
        .collect();
    recorded.sort();
    assert!(!recorded.is_empty());
    assert_eq!(recorded, from_files);
    // The promotional credit's last day in the GCP files is the day the manifest says it ran out (or it never did).
    let ended: Vec<NaiveDate> =
        manifest.cost_changes.iter().filter(|c| c.kind == CostChangeKind::CreditEnded).map(|c| c.day).collect();
    let promotion_last = promotion_last.unwrap();
    match ended.first() {
        Some(day) => assert_eq!(*day, promotion_last),
        None => assert_eq!(promotion_last, last),
    }
}

/// Each AWS usage series of the CUR files: (account, product) → cost by day.
fn aws_usage(manifest: &SynthManifest) -> BTreeMap<(String, String), BTreeMap<NaiveDate, f64>> {
    let mut out: BTreeMap<(String, String), BTreeMap<NaiveDate, f64>> = BTreeMap::new();
    for file in manifest.files.iter().filter(|f| f.format == SynthFormat::AwsCur) {
        for row in read_rows(&file.path).iter().filter(|r| r["lineItem/LineItemType"] != "Tax") {
            let key = (row["lineItem/UsageAccountId"].clone(), row["product/ProductName"].clone());
            let day = row["lineItem/UsageStartDate"][..10].parse().unwrap();
            *out.entry(key).or_default().entry(day).or_insert(0.0) += focus_costs(SynthFormat::AwsCur, row).1;
        }
    }
    out
}

#[test]
fn a_temporary_shift_changes_exactly_the_days_of_its_window() {
    let shifts = SynthConfig {
        months: 3,
        formats: vec![SynthFormat::AwsCur],
        anomalies: 24,
        anomaly_kinds: vec![AnomalyKind::Shift],
        ..config(5)
    };
    let (_quiet_dir, quiet) = run(&SynthConfig { anomalies: 0, ..shifts.clone() });
    let (_dir, shifted) = run(&shifts);
    let (before, after) = (aws_usage(&quiet), aws_usage(&shifted));
    assert!(shifted.anomalies.len() >= 4, "{:?}", shifted.anomalies);
    for a in &shifted.anomalies {
        // Labelled with its true window: every day it touches, and nothing to settle after it.
        let end = a.end.unwrap();
        assert_eq!((a.kind, a.settled), (AnomalyKind::Shift, Some(end)));
        assert!((2..20).contains(&(end - a.day).num_days()), "{a:?}");
        assert!((1.5..=3.0).contains(&a.multiplier) || (0.35..=0.6).contains(&a.multiplier), "{a:?}");
        assert_eq!(a.window(0), (a.day, end));
        let key = (a.account.clone(), a.service.clone());
        let mut extra = 0.0;
        for (day, cost) in &after[&key] {
            let ratio = cost / before[&key][day];
            if (a.day..=end).contains(day) {
                // Money is rounded to the cent per row: a few-dollar series moves by slightly more or less.
                assert!((ratio / a.multiplier - 1.0).abs() < 0.02, "{a:?} on {day}: {ratio}");
                extra += cost - before[&key][day];
            } else if shifted
                .anomalies
                .iter()
                .all(|b| !(b.account == a.account && b.service == a.service && (b.day..=b.end.unwrap()).contains(day)))
            {
                assert!((cost - before[&key][day]).abs() < 1e-9, "{a:?}: {day} changed");
            }
        }
        assert!(close(extra, a.extra_cost), "{a:?}: the files show {extra}");
    }
}

#[test]
fn web_services_and_noise_change_only_what_they_are_for() {
    let base = SynthConfig { months: 2, formats: vec![SynthFormat::AwsCur], anomalies: 0, ..config(9) };
    let (_dir, plain) = run(&base);
    let (_web_dir, web) = run(&SynthConfig { web_services: true, ..base.clone() });
    let (_calm_dir, calm) = run(&SynthConfig { noise: 0.0, ..base.clone() });
    let (plain, web, calm) = (aws_usage(&plain), aws_usage(&web), aws_usage(&calm));
    // The ordinary estate is billed the same with or without the web services (they take no commitment).
    for (key, days) in &plain {
        assert_eq!(&web[key], days, "{key:?}");
    }
    let added: Vec<&(String, String)> = web.keys().filter(|k| !plain.contains_key(*k)).collect();
    let products: std::collections::BTreeSet<&str> = added.iter().map(|k| k.1.as_str()).collect();
    let expected = [
        "Amazon API Gateway",
        "Amazon Athena",
        "Amazon CloudFront",
        "Amazon Kinesis",
        "Amazon Simple Queue Service",
        "AmazonCloudWatch",
    ];
    assert_eq!(products.into_iter().collect::<Vec<_>>(), expected);
    assert_eq!(added.len(), expected.len() * 3, "every account runs every web service");
    // Their weekly rhythms: Athena runs on weekdays only, CloudFront is busiest at the weekend (2025-01-04 is a
    // Saturday, 2025-01-06 a Monday).
    let day = |d: u32| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
    for ((_, product), days) in added.iter().map(|k| (k, &web[*k])) {
        match product.as_str() {
            "Amazon Athena" => assert!(days[&day(4)] < 0.05 * days[&day(6)], "{days:?}"),
            "Amazon CloudFront" => assert!(days[&day(4)] > 1.2 * days[&day(6)], "{days:?}"),
            _ => {}
        }
    }
    // Without noise, a traffic-driven series' same weekday a week later differs by its growth alone (2 to 6% a
    // month, so under 1.5% a week, plus cent rounding); with the default ±12% it does not.
    let weekly_moves = |series: &BTreeMap<(String, String), BTreeMap<NaiveDate, f64>>| -> Vec<f64> {
        let (_, days) = series.iter().find(|(k, _)| k.1 == "AWS Data Transfer").unwrap();
        days.iter().filter_map(|(d, c)| days.get(&(*d + chrono::Days::new(7))).map(|later| later / c - 1.0)).collect()
    };
    assert!(weekly_moves(&calm).iter().all(|m| (0.0..0.016).contains(m)), "{:?}", weekly_moves(&calm));
    assert!(weekly_moves(&plain).iter().any(|m| m.abs() > 0.05));
}
