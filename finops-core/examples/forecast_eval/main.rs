//! The forecasting benchmark: generated datasets (growth, weekly seasonality, launches and terminations,
//! level steps and drifts), every daily Usage series long enough (the total and each service × sub account),
//! days held out after a cut. It prints MAPE, MASE, 80%/95% interval coverage and the time per series of
//! finops' ensemble and of each model alone (seasonal naive, the same day last month, the mean of the last 28
//! days, linear regression, ETS, MSTL), then the ensemble's MAPE over its best candidate's.
//!
//! ```text
//! cargo run -p finops-core --example forecast_eval -- [--set month|long|cur] [--seeds 201-230]
//!     [--test-days 28] [--end-offset DAYS | --cut 2025-12-31,...] [--start 2025-01-01] [--months 5]
//!     [--scale 0.5] [--formats aws,azure,gcp] [--calendar on|off] [--total-only] [--out DIR] [--origins N]
//!     [--spacing DAYS] [--models ets,mstl,...]
//! ```
//!
//! The sets (`--set`; the other options override its values):
//! - `month` (the default): 5-month datasets from 2025-01-01 at scale 0.5 on all three providers, seeds
//!   201–230, 28 days held out ending `seed % 28` days before the data's last day (see below).
//! - `long`: 19-month datasets from 2024-10-01 (to 2026-04-30), the same fleets with the generator's business
//!   calendar on (year-end holidays, Thanksgiving, quarter closes: `SynthConfig::calendar`), histories cut at
//!   the quarter ends 2025-09-30 (12 months of history), 2025-12-31 (the year end, 15 months) and 2026-03-31
//!   (18 months), 28 days held out after each. Seeds 1001–1010.
//! - `cur`: one AWS CUR of about 1.2 million rows over 13 months from 2025-01-01 (scale 85), calendar on, cut
//!   at the year end 2025-12-31 (12 months of history), 30 days held out: the case of issue #18. Seed 7.
//!
//! Built with `--features prophet`, it adds Prophet through augurs-prophet (one fit per series, its default
//! settings) to the table.
//!
//! `--out DIR` writes `series.csv` (dataset, set, segment, date, cost, split = train|test) and `finops.csv` (one
//! row per series and method: mape, mase, covered_80, covered_95, points, seconds) for
//! `scripts/bench_forecast.py`, which runs Prophet on the same splits, scores it the same way and prints the
//! combined table per set (a set is a cut: its date, or `end-offset`).
//!
//! Metrics: MAPE is the mean over test days with a non-zero actual of |error| / actual, averaged over series;
//! MASE is the test MAE over the in-sample MAE of the weekly seasonal naive forecast on the training days,
//! averaged over series where the naive MAE is not zero; MAPE* leaves out series with a test day under 10%
//! of the last four training weeks' mean (a resource terminated in the test window: unforeseeable, and one
//! such series can decide a mean of MAPEs); coverage pools every test day of every series. Which series are
//! kept: see [`data::splits`].
//!
//! Where the `month` set's held-out days end: the generator's data always ends on a month's last day, and a
//! window of 28 days ending there never holds a month's first day, where monthly patterns turn (a sustained
//! use discount resets, a usage tier starts again) and which forecasts made on most other days of the month
//! cross. So each dataset's series end `seed % 28` days before its last day (`--end-offset` sets one offset
//! for all). Thirty datasets (about 1,100 series): with five (185 series), one terminated series moved every
//! method's mean MAPE by about 20 points and decided the comparison on its own.
//!
//! Below each table, the coverage finops' own backtest promised (its leave-one-origin-out check, the
//! `coverage_80`/`coverage_95` of the ensemble's [`ModelScore`](finops_core::services::forecast::ModelScore),
//! averaged over series) beside the coverage the held-out days gave.

mod data;
mod score;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use finops_core::services::forecast::{predict_dated, ForecastOptions, Model};
use finops_core::synth::SynthFormat;

use data::{Cut, DatasetSpec, Res, Split};
use score::{errors, print_table, Score};

struct Args {
    set: String,
    seeds: Vec<u64>,
    test_days: usize,
    out: Option<PathBuf>,
    origins: usize,
    /// Days between backtest origins.
    spacing: usize,
    /// Where the history ends: after each of these days, or (when empty) `end_offset` days before the data's
    /// last day minus the test days.
    cuts: Vec<NaiveDate>,
    /// Days left out at the end of every dataset (default: its seed modulo 28).
    end_offset: Option<usize>,
    dataset: DatasetSpec,
    /// Only the total of each dataset.
    total_only: bool,
    /// The ensemble's candidate models (default: all).
    models: Vec<Model>,
    /// Models the ensemble combines (default: `ForecastOptions`').
    ensemble_size: usize,
}

fn date(text: &str) -> Res<NaiveDate> {
    Ok(NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")?)
}

fn seeds(text: &str) -> Res<Vec<u64>> {
    Ok(match text.split_once('-') {
        Some((a, b)) => (a.parse()?..=b.parse()?).collect(),
        None => text.split(',').map(str::parse).collect::<Result<_, _>>()?,
    })
}

/// The values of a set (see the module docs).
fn preset(set: &str) -> Res<Args> {
    let defaults = ForecastOptions::default();
    let mut args = Args {
        set: set.to_string(),
        seeds: (201..=230).collect(),
        test_days: 28,
        out: None,
        origins: defaults.backtest_origins,
        spacing: defaults.origin_spacing,
        cuts: Vec::new(),
        end_offset: None,
        dataset: DatasetSpec {
            start: date("2025-01-01")?,
            months: 5,
            scale: 0.5,
            formats: SynthFormat::NATIVE.to_vec(),
            calendar: false,
        },
        total_only: false,
        models: Model::DEFAULT.to_vec(),
        ensemble_size: defaults.ensemble_size,
    };
    match set {
        "month" => {}
        "long" => {
            args.seeds = (1001..=1010).collect();
            args.dataset.start = date("2024-10-01")?;
            args.dataset.months = 19;
            args.dataset.calendar = true;
            args.cuts = vec![date("2025-09-30")?, date("2025-12-31")?, date("2026-03-31")?];
        }
        "cur" => {
            args.seeds = vec![7];
            args.dataset.months = 13;
            args.dataset.scale = 85.0;
            args.dataset.formats = vec![SynthFormat::AwsCur];
            args.dataset.calendar = true;
            args.cuts = vec![date("2025-12-31")?];
            args.test_days = 30;
        }
        other => return Err(format!("unknown set {other} (month, long or cur)").into()),
    }
    Ok(args)
}

fn args() -> Res<Args> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let set = raw.iter().position(|a| a == "--set").and_then(|i| raw.get(i + 1)).map_or("month", |s| s.as_str());
    let mut out = preset(set)?;
    let mut it = raw.iter();
    while let Some(flag) = it.next() {
        if flag == "--total-only" {
            out.total_only = true;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--set" => {}
            "--seeds" => out.seeds = seeds(value)?,
            "--test-days" => out.test_days = value.parse()?,
            "--out" => out.out = Some(PathBuf::from(value)),
            "--origins" => out.origins = value.parse()?,
            "--ensemble-size" => out.ensemble_size = value.parse()?,
            "--spacing" => out.spacing = value.parse()?,
            "--end-offset" => out.end_offset = Some(value.parse()?),
            "--cut" => out.cuts = value.split(',').map(date).collect::<Res<_>>()?,
            "--start" => out.dataset.start = date(value)?,
            "--months" => out.dataset.months = value.parse()?,
            "--scale" => out.dataset.scale = value.parse()?,
            "--calendar" => out.dataset.calendar = value == "on",
            "--formats" => {
                out.dataset.formats = value.split(',').map(str::parse).collect::<Result<_, _>>()?;
            }
            "--models" => {
                out.models = value
                    .split(',')
                    .map(|m| Model::parse(m).ok_or_else(|| format!("unknown model {m}")))
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(out)
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn main() -> Res<()> {
    let args = args()?;
    let mut all: Vec<Split> = Vec::new();
    for seed in &args.seeds {
        let name = format!("seed{seed}");
        let started = Instant::now();
        let (series, rows) = data::series(&args.dataset.config(*seed))?;
        let cuts: Vec<Cut> = if args.cuts.is_empty() {
            vec![Cut::EndOffset(args.end_offset.unwrap_or(*seed as usize % 28))]
        } else {
            args.cuts.iter().map(|d| Cut::After(*d)).collect()
        };
        let before = all.len();
        for cut in cuts {
            all.extend(data::splits(&name, &series, cut, args.test_days, args.total_only));
        }
        eprintln!("{name}: {rows} rows, {} splits ({:.1} s)", all.len() - before, started.elapsed().as_secs_f64());
    }
    let mut methods: Vec<(&str, Option<Model>)> = vec![
        ("finops (ensemble)", None),
        ("ets", Some(Model::Ets)),
        ("mstl", Some(Model::Mstl)),
        ("seasonal naive", Some(Model::SeasonalNaive)),
        ("monthly naive", Some(Model::MonthlyNaive)),
        ("naive-28 (mean)", Some(Model::Mean)),
        ("linear regression", Some(Model::Linear)),
        ("trend", Some(Model::Trend)),
    ];
    if cfg!(feature = "prophet") {
        methods.push(("prophet (augurs)", Some(Model::Prophet)));
    }
    let names: Vec<&str> = methods.iter().map(|(n, _)| *n).collect();
    // Per set (a cut), then all sets together.
    let mut by_set: BTreeMap<String, Vec<Score>> = BTreeMap::new();
    let mut per_series = String::from("dataset,set,segment,method,mape,mase,covered_80,covered_95,points,seconds\n");
    let options = ForecastOptions {
        backtest_origins: args.origins,
        origin_spacing: args.spacing,
        models: args.models.clone(),
        ensemble_size: args.ensemble_size,
        ..Default::default()
    };
    for split in &all {
        let h = split.test.len();
        let scores = by_set.entry(split.set.clone()).or_insert_with(|| vec![Score::default(); methods.len()]);
        for ((name, model), score) in methods.iter().zip(scores.iter_mut()) {
            let started = Instant::now();
            let (point, bands) = match model {
                None => {
                    let p = predict_dated(&split.train, split.start, h, &options)?;
                    if let Some(s) = p.backtest.scores.first() {
                        if let (Some(c80), Some(c95)) = (s.coverage_80, s.coverage_95) {
                            score.promised.push((c80, c95));
                        }
                    }
                    let point: Vec<f64> = p.days.iter().map(|d| d.value).collect();
                    (point, Some(p.days))
                }
                Some(m) => (m.forecast(&split.train, Some(split.start), h)?, None),
            };
            let seconds = started.elapsed().as_secs_f64();
            let (mape, mase) = errors(split, &point);
            let covered = bands.map(|days| {
                let inside = |lo: f64, hi: f64, a: f64| usize::from(lo <= a && a <= hi);
                days.iter().zip(&split.test).fold((0, 0), |(c80, c95), (d, a)| {
                    (c80 + inside(d.lower_80, d.upper_80, *a), c95 + inside(d.lower_95, d.upper_95, *a))
                })
            });
            score.add(split, mape, mase, covered, seconds);
            let (c80, c95) = covered.unwrap_or((0, 0));
            let _ = writeln!(
                per_series,
                "{},{},{},{},{mape},{mase},{c80},{c95},{h},{seconds}",
                split.dataset,
                split.set,
                quote(&split.segment),
                quote(name)
            );
        }
    }
    println!(
        "set {}: {} series from {} datasets ({} months from {}, scale {}, calendar {}), {} days held out ({} build \
         timings, {} threads)",
        args.set,
        all.len(),
        args.seeds.len(),
        args.dataset.months,
        args.dataset.start,
        args.dataset.scale,
        if args.dataset.calendar { "on" } else { "off" },
        args.test_days,
        if cfg!(debug_assertions) { "debug" } else { "release" },
        rayon::current_num_threads()
    );
    for (set, scores) in &by_set {
        let splits: Vec<&Split> = all.iter().filter(|s| &s.set == set).collect();
        let terminated = splits.iter().filter(|s| s.terminated()).count();
        let kind = args.cuts.iter().find(|d| d.to_string() == *set).map_or("", |d| Cut::After(*d).kind());
        println!(
            "\n{set} {kind}: {} series; MAPE*: without the {terminated} terminated in the test window",
            splits.len()
        );
        print_table(&names, scores);
    }
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)?;
        let mut series = String::from("dataset,set,segment,date,cost,split\n");
        for split in &all {
            for (i, cost) in split.train.iter().chain(&split.test).enumerate() {
                let date = split.start + chrono::Days::new(i as u64);
                let part = if i < split.train.len() { "train" } else { "test" };
                let _ =
                    writeln!(series, "{},{},{},{date},{cost},{part}", split.dataset, split.set, quote(&split.segment));
            }
        }
        std::fs::write(out.join("series.csv"), series)?;
        std::fs::write(out.join("finops.csv"), per_series)?;
        println!("wrote {}/series.csv and finops.csv", out.display());
    }
    Ok(())
}
