//! The anomaly detection benchmark: generated datasets with injected, labelled anomalies (spikes, drops,
//! steps, drifts, temporary shifts; several sizes and lengths), detection over every service × sub-account
//! segment, scored by events and by segment-days (see `score`), plus false alarms per clean series per quarter.
//!
//! ```text
//! cargo run -p finops-core --example anomaly_eval -- [--config old|web] [--seeds 401-410] [--clean-seeds 411-412]
//!                                                    [--out DIR] [--threshold Z] [--min-pct P]
//!                                                    [--min-impact X]
//!                                                    [--min-impact-days D] [--timing ROWS]
//! ```
//!
//! Two generator configurations (`--config`): `old`, the one the detector was tuned on (four months, three
//! providers, 12 anomalies of four kinds per dataset), and `web`, built later to check it on data it was not
//! tuned on (see [`web_config`] and the README's protocol).
//!
//! Labels (see `labels`): the injected anomalies, and the generator's material real changes (`new`, `change`).
//! Events on the total are not scored.
//!
//! `--out DIR` writes `series.csv` (dataset, segment, date, cost: the daily Usage series per segment, as the
//! detector saw them), `labels.csv`, `events.csv` (and `changes.csv`, the manifests' cost changes) for
//! `scripts/bench_anomalies.py`, which scores IsolationForest on the same series with the same rules. The
//! detector was tuned on `old` seeds 1–3 and `web` seeds 1–5; the README says which seeds are held out.

mod labels;
mod score;

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use finops_core::services::analytics::Dimension;
use finops_core::services::anomaly::{AnomalyOptions, EventKind, Sensitivity};
use finops_core::synth::{generate, AnomalyKind, SynthConfig, SynthFormat};
use finops_core::{Filter, IngestOptions, Workspace};

use labels::segment_key;
use score::{Scored, Span};

type Res<T> = Result<T, Box<dyn Error>>;

/// Which generator configuration the datasets come from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Config {
    /// The one the detector was tuned on ([`old_config`]).
    Old,
    /// The one it was checked on afterwards ([`web_config`]).
    Web,
}

struct Args {
    config: Config,
    seeds: Vec<u64>,
    clean_seeds: Vec<u64>,
    out: Option<PathBuf>,
    threshold: Option<f64>,
    min_pct: Option<f64>,
    min_impact: f64,
    min_impact_days: Option<f64>,
    timing: Option<u64>,
}

fn range(text: &str) -> Res<Vec<u64>> {
    Ok(match text.split_once('-') {
        Some((a, b)) => (a.parse()?..=b.parse()?).collect(),
        None => text.split(',').filter(|s| !s.is_empty()).map(str::parse).collect::<Result<_, _>>()?,
    })
}

fn args() -> Res<Args> {
    let mut out = Args {
        config: Config::Old,
        seeds: (401..=410).collect(),
        clean_seeds: vec![411, 412],
        out: None,
        threshold: None,
        min_pct: None,
        min_impact: AnomalyOptions::default().min_impact,
        min_impact_days: AnomalyOptions::default().min_impact_days,
        timing: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--config" => {
                out.config = match value()?.as_str() {
                    "old" => Config::Old,
                    "web" => Config::Web,
                    other => return Err(format!("--config {other}: expected old or web").into()),
                }
            }
            "--seeds" => out.seeds = range(&value()?)?,
            "--clean-seeds" => out.clean_seeds = range(&value()?)?,
            "--out" => out.out = Some(PathBuf::from(value()?)),
            "--threshold" => out.threshold = Some(value()?.parse()?),
            "--min-pct" => out.min_pct = Some(value()?.parse()?),
            "--min-impact" => out.min_impact = value()?.parse()?,
            // 0 or less: the absolute gate alone.
            "--min-impact-days" => out.min_impact_days = Some(value()?.parse::<f64>()?).filter(|d| *d > 0.0),
            "--timing" => out.timing = Some(value()?.parse()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(out)
}

/// The datasets the detector was tuned on: four months, three accounts per provider, the three native exports.
fn old_config(seed: u64, anomalies: u32) -> SynthConfig {
    SynthConfig {
        seed,
        start: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        months: 4,
        accounts: 3,
        scale: 0.5,
        anomalies,
        // The kinds it was built with: a fifth (temporary shifts) would move every anomaly after the fourth.
        anomaly_kinds: vec![AnomalyKind::Spike, AnomalyKind::Drop, AnomalyKind::Step, AnomalyKind::Drift],
        formats: vec![SynthFormat::AwsCur, SynthFormat::Azure, SynthFormat::Gcp],
        // The benchmark's datasets stay those its published numbers were measured on: planted savings
        // opportunities move Savings Plan coverage, hence the commitment-related cost changes it labels.
        opportunities: false,
        ..Default::default()
    }
}

/// The datasets built to check the detector on data it was not tuned on (the README's protocol, fixed before
/// any result on them was seen): AWS only, 15 months from March 2024, four accounts, more resources, daily
/// noise ±20% instead of ±12%, the web-services mix, planted savings opportunities, and temporary shifts of
/// 3 to 20 days beside the other kinds (20 planned over the three providers' series; those on Azure and
/// Google Cloud are not written).
fn web_config(seed: u64, anomalies: u32) -> SynthConfig {
    SynthConfig {
        seed,
        start: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default(),
        months: 15,
        accounts: 4,
        scale: 1.5,
        anomalies,
        anomaly_kinds: vec![
            AnomalyKind::Shift,
            AnomalyKind::Spike,
            AnomalyKind::Shift,
            AnomalyKind::Drop,
            AnomalyKind::Step,
            AnomalyKind::Drift,
        ],
        formats: vec![SynthFormat::AwsCur],
        opportunities: true,
        noise: 0.2,
        web_services: true,
        ..Default::default()
    }
}

/// The service's defaults, but for the total (not scored), root causes (not scored) and feedback (none).
fn options(args: &Args) -> AnomalyOptions {
    let defaults = AnomalyOptions::default();
    AnomalyOptions {
        min_pct: args.min_pct.unwrap_or(defaults.min_pct),
        include_total: false,
        min_impact: args.min_impact,
        min_impact_days: args.min_impact_days,
        root_causes: false,
        apply_feedback: false,
        sensitivity: args.threshold.map_or(Sensitivity::Medium, Sensitivity::Threshold),
        ..Default::default()
    }
}

#[derive(Default)]
struct Run {
    scored: Scored,
    csv_series: String,
    /// dataset, provider, segment, kind, day of every known cost change (changes.csv).
    csv_changes: String,
    detect_seconds: f64,
}

fn run_dataset(name: &str, config: &SynthConfig, args: &Args, run: &mut Run) -> Res<()> {
    let export = args.out.is_some();
    let dir = tempfile::tempdir()?;
    let manifest = generate(config, &dir.path().join("exports"))?;
    let mut ws = Workspace::open(dir.path().join("finops.db"))?;
    ws.ingest_with(dir.path().join("exports"), &IngestOptions::default())?;
    run.scored.labels.extend(manifest.anomalies.iter().map(|a| labels::injected(name, a)));
    // Each segment's daily Usage cost as the detector saw it, to tell which fleet changes are material.
    let mut seen: HashMap<String, (NaiveDate, Vec<f64>)> = HashMap::new();
    // Sub account → provider, for the changes that move commitment coverage within a provider.
    let mut provider_of: HashMap<String, String> = HashMap::new();
    for currency in ["USD", "EUR"] {
        let filter = Filter { currency: Some(currency.into()), ..Default::default() };
        ws.analytics()?.frame_rows()?;
        let by_provider =
            AnomalyOptions { segment_by: vec![Dimension::Provider, Dimension::SubAccount], ..options(args) };
        for days in ws.anomalies(&filter, &by_provider)?.series {
            if let (Some(p), Some(a)) =
                (days.segment.value(&Dimension::Provider), days.segment.value(&Dimension::SubAccount))
            {
                provider_of.insert(a.to_string(), p.to_string());
            }
        }
        let started = Instant::now();
        let found = ws.anomalies(&filter, &options(args))?;
        run.detect_seconds += started.elapsed().as_secs_f64();
        // AWS-only datasets have nothing in EUR.
        let Some(start) = found.start else { continue };
        for days in &found.series {
            let key = days.segment.key();
            run.scored.series.insert((name.to_string(), key.clone()), (start, days.actual.len()));
            seen.insert(key.clone(), (start, days.actual.clone()));
            if export {
                for (i, cost) in days.actual.iter().enumerate() {
                    let date = start + chrono::Days::new(i as u64);
                    writeln!(run.csv_series, "{name},{},{date},{cost}", quote(&key))?;
                }
            }
        }
        for e in &found.events {
            run.scored.events.push(Span {
                dataset: name.into(),
                segment: e.segment.key(),
                kind: e.kind.as_str().into(),
                first: e.start,
                last: e.end,
                days: (e.start, e.end),
            });
        }
    }
    for c in &manifest.cost_changes {
        let key = segment_key(&c.service, &c.account);
        writeln!(run.csv_changes, "{name},{},{},{:?},{}", c.provider, quote(&key), c.kind, c.day)?;
    }
    labels::label_cost_changes(name, &manifest, &seen, &provider_of, &mut run.scored.labels);
    Ok(())
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn write_csvs(dir: &Path, run: &Run) -> Res<()> {
    std::fs::create_dir_all(dir)?;
    let mut series = std::fs::File::create(dir.join("series.csv"))?;
    writeln!(series, "dataset,segment,date,cost")?;
    series.write_all(run.csv_series.as_bytes())?;
    let mut changes = std::fs::File::create(dir.join("changes.csv"))?;
    writeln!(changes, "dataset,provider,segment,kind,day")?;
    changes.write_all(run.csv_changes.as_bytes())?;
    // first, last: the matching window; day_first, day_last: the days scored at segment-day level.
    for (file, spans) in [("labels.csv", &run.scored.labels), ("events.csv", &run.scored.events)] {
        let mut f = std::fs::File::create(dir.join(file))?;
        writeln!(f, "dataset,segment,kind,first,last,day_first,day_last")?;
        for s in spans.iter() {
            let (day_first, day_last) = s.days;
            writeln!(
                f,
                "{},{},{},{},{},{day_first},{day_last}",
                s.dataset,
                quote(&s.segment),
                s.kind,
                s.first,
                s.last
            )?;
        }
    }
    Ok(())
}

/// Detection time over every segment of a dataset of about `rows` native rows (six months).
fn timing(rows: u64) -> Res<()> {
    let dir = tempfile::tempdir()?;
    // About 2,200 native rows per month at scale 1 over the three providers and three accounts (measured).
    let scale = rows as f64 / (6.0 * 2_200.0);
    let config = SynthConfig { months: 6, scale, ..old_config(7, 20) };
    let manifest = generate(&config, &dir.path().join("exports"))?;
    let written: u64 = manifest.files.iter().map(|f| f.rows).sum();
    let mut ws = Workspace::open(dir.path().join("finops.db"))?;
    let started = Instant::now();
    ws.ingest_with(dir.path().join("exports"), &IngestOptions::default())?;
    println!("timing: {written} rows generated, ingested in {:.1} s", started.elapsed().as_secs_f64());
    let frame_rows = ws.analytics()?.frame_rows()?;
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    // The first call loads the daily frame; detection is timed after it, as in a notebook session.
    ws.analytics()?.kpis(&Filter { currency: Some("USD".into()), ..Default::default() })?;
    for currency in ["USD", "EUR"] {
        let filter = Filter { currency: Some(currency.into()), ..Default::default() };
        let variants = [
            ("detection", false, 0),
            ("with root causes from the daily aggregate", true, 0),
            ("with root causes, usage types and resources of the 5 largest events", true, 5),
        ];
        for (label, root_causes, line_item_causes) in variants {
            let opts = AnomalyOptions { root_causes, line_item_causes, ..AnomalyOptions::default() };
            let started = Instant::now();
            let found = ws.anomalies(&filter, &opts)?;
            println!(
                "timing ({currency}, {build} build): {} segments, {} events, {frame_rows} frame rows: {label} {:.3} s",
                found.series.len(),
                found.events.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

fn main() -> Res<()> {
    let args = args()?;
    if let Some(rows) = args.timing {
        return timing(rows);
    }
    let (config, prefix, anomalies): (fn(u64, u32) -> SynthConfig, &str, u32) = match args.config {
        Config::Old => (old_config, "", 12),
        Config::Web => (web_config, "web-", 20),
    };
    let mut run = Run::default();
    for &seed in &args.seeds {
        run_dataset(&format!("{prefix}seed{seed}"), &config(seed, anomalies), &args, &mut run)?;
    }
    for &seed in &args.clean_seeds {
        run_dataset(&format!("{prefix}clean{seed}"), &config(seed, 0), &args, &mut run)?;
    }
    let build = if cfg!(debug_assertions) { "dev" } else { "release" };
    println!(
        "finops anomaly detection, {:?} configuration, seeds {:?} (+ clean {:?}), {} series, detection {:.2} s in \
         total ({build} build)",
        args.config,
        args.seeds,
        args.clean_seeds,
        run.scored.series.len(),
        run.detect_seconds
    );
    let kinds: Vec<&str> =
        AnomalyKind::ALL.iter().map(|k| k.as_str()).chain([EventKind::New.as_str(), "change"]).collect();
    print!("{}", run.scored.event_table(&kinds));
    print!("{}", run.scored.segment_day_table(&kinds));
    if let Some(dir) = &args.out {
        write_csvs(dir, &run)?;
        println!("wrote {}/series.csv, labels.csv, events.csv, changes.csv", dir.display());
    }
    Ok(())
}
