//! The benchmark's data: generated datasets and their train/test splits.

use std::error::Error;

use chrono::{Datelike, NaiveDate};
use finops_core::services::anomaly::AnomalyOptions;
use finops_core::synth::{generate, AnomalyKind, SynthConfig, SynthFormat};
use finops_core::{Filter, IngestOptions, Workspace};

pub(crate) type Res<T> = Result<T, Box<dyn Error>>;

/// What each dataset of a run looks like.
#[derive(Debug, Clone)]
pub(crate) struct DatasetSpec {
    pub(crate) start: NaiveDate,
    pub(crate) months: u32,
    pub(crate) scale: f64,
    pub(crate) formats: Vec<SynthFormat>,
    /// Year-end holidays, Thanksgiving and quarter closes on traffic (see `SynthConfig::calendar`).
    pub(crate) calendar: bool,
}

impl DatasetSpec {
    pub(crate) fn config(&self, seed: u64) -> SynthConfig {
        SynthConfig {
            seed,
            start: self.start,
            months: self.months,
            accounts: 3,
            scale: self.scale,
            anomalies: 6,
            // Level steps and drifts change the series for good; spikes test robustness.
            anomaly_kinds: vec![AnomalyKind::Step, AnomalyKind::Drift, AnomalyKind::Spike],
            formats: self.formats.clone(),
            // The benchmark's datasets stay those its published numbers were measured on: planted savings
            // opportunities move Savings Plan coverage, hence the commitment-related cost changes it labels.
            opportunities: false,
            calendar: self.calendar,
            ..Default::default()
        }
    }
}

/// Where a series' held-out days start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cut {
    /// The held-out days end this many days before the data does.
    EndOffset(usize),
    /// The history ends on this day; the held-out days follow it.
    After(NaiveDate),
}

impl Cut {
    /// The name of the splits this cut makes (`2025-12-31`, or `end-offset` for every offset).
    pub(crate) fn label(&self) -> String {
        match self {
            Cut::EndOffset(_) => "end-offset".into(),
            Cut::After(day) => day.to_string(),
        }
    }

    /// What kind of day the history ends on: a year end, a quarter end, a month end, or any day.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Cut::After(d) if d.succ_opt().is_some_and(|n| n.day() == 1 && n.month() == 1) => "year end",
            Cut::After(d) if d.succ_opt().is_some_and(|n| n.day() == 1 && n.month() % 3 == 1) => "quarter end",
            Cut::After(d) if d.succ_opt().is_some_and(|n| n.day() == 1) => "month end",
            _ => "any day",
        }
    }
}

/// One series' train/test split.
pub(crate) struct Split {
    pub(crate) dataset: String,
    /// The cut's label (see [`Cut::label`]).
    pub(crate) set: String,
    pub(crate) segment: String,
    pub(crate) start: NaiveDate,
    pub(crate) train: Vec<f64>,
    pub(crate) test: Vec<f64>,
}

impl Split {
    /// A test day falls below 10% of the last four training weeks' mean: a resource terminated during the
    /// test window, which no method can foresee (reported apart so one such series does not decide the mean).
    pub(crate) fn terminated(&self) -> bool {
        let tail = &self.train[self.train.len().saturating_sub(28)..];
        let level = tail.iter().sum::<f64>() / tail.len().max(1) as f64;
        self.test.iter().any(|v| *v < 0.1 * level)
    }
}

/// A daily series: `currency:segment`, its first day, its values.
pub(crate) type Series = (String, NaiveDate, Vec<f64>);

/// Generates and ingests one dataset; returns its daily Usage series and the number of rows written.
pub(crate) fn series(config: &SynthConfig) -> Res<(Vec<Series>, u64)> {
    let dir = tempfile::tempdir()?;
    let manifest = generate(config, &dir.path().join("exports"))?;
    let rows = manifest.files.iter().map(|f| f.rows).sum();
    let mut ws = Workspace::open(dir.path().join("finops.db"))?;
    ws.ingest_with(dir.path().join("exports"), &IngestOptions::default())?;
    let options = AnomalyOptions { root_causes: false, apply_feedback: false, ..Default::default() };
    let mut out = Vec::new();
    for currency in ["USD", "EUR"] {
        let filter = Filter { currency: Some(currency.into()), ..Default::default() };
        let found = ws.anomalies(&filter, &options)?;
        let Some(start) = found.start else { continue };
        for days in found.series {
            out.push((format!("{currency}:{}", days.segment.key()), start, days.actual));
        }
    }
    Ok((out, rows))
}

/// The splits of one dataset's series at `cut`, `test_days` held out. A series is kept when its training part
/// has at least 84 days, its last 84 days (train tail and test) have no zero day, its test days average at
/// least 1 (currency unit), and its last 56 training days are not all equal (fixed-price resources: every
/// method is exact on them).
pub(crate) fn splits(
    dataset: &str,
    series: &[(String, NaiveDate, Vec<f64>)],
    cut: Cut,
    test_days: usize,
    total_only: bool,
) -> Vec<Split> {
    let mut out = Vec::new();
    for (segment, start, values) in series {
        if total_only && !segment.ends_with(":total") {
            continue;
        }
        let end = match cut {
            Cut::EndOffset(offset) => values.len().saturating_sub(offset),
            Cut::After(day) => match usize::try_from((day - *start).num_days() + 1 + test_days as i64) {
                Ok(end) if end <= values.len() => end,
                _ => continue,
            },
        };
        let actual = &values[..end];
        let n = actual.len();
        let (train, test) = actual.split_at(n.saturating_sub(test_days));
        let tail = &train[train.len().saturating_sub(56)..];
        let constant = tail.iter().all(|v| (v - tail[0]).abs() < 1e-9);
        let test_mean = test.iter().sum::<f64>() / test.len().max(1) as f64;
        if n < 84 + test_days || actual[n - 84..].iter().any(|v| *v <= 0.0) || constant || test_mean < 1.0 {
            continue;
        }
        out.push(Split {
            dataset: dataset.to_string(),
            set: cut.label(),
            segment: segment.clone(),
            start: *start,
            train: train.to_vec(),
            test: test.to_vec(),
        });
    }
    out
}
