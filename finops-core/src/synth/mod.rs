//! Deterministic synthetic billing exports, for the demo, the tests and the ingest benchmarks.
//!
//! One simulated organisation uses AWS, Azure and Google Cloud. For every provider the generator writes
//! the provider's *native* export (AWS legacy CUR, Azure EA amortized cost details, GCP BigQuery export
//! flattened to CSV) and, on request, a FOCUS 1.2 rendition of the very same charges. Native and FOCUS files
//! describe the same money: load one or the other, never both.
//!
//! What the data contains: daily rows per resource, several accounts per provider, realistic unit prices,
//! weekly seasonality, growth, resources launched and terminated mid-period, commitments (AWS Savings Plan
//! and RDS reservation, Azure reservation and savings plan, GCP committed use discount), credits, tax, tags
//! with inconsistent key case and untagged resources, one Azure enrollment billed in EUR, and injected cost
//! anomalies (spikes, drops, level steps, slow drifts) recorded in the manifest as labels for detectors,
//! beside the real changes that are no anomaly (launches, terminations, a credit running out), and savings
//! opportunities (planted gp2 volumes, previous-generation machines and idle addresses, plus those the fleet
//! has anyway: dev machines running 24/7, uncovered steady compute, unread buckets, untagged resources...)
//! recorded with their expected monthly savings as labels for the recommendations.
//!
//! The same seed gives byte-identical files. Rows are streamed, so memory depends on the fleet size, not on
//! the number of rows. This module must not depend on ingest or store: it is their independent test oracle.

mod anomaly_plan;
mod aws_billing;
mod aws_catalog;
mod aws_columns;
mod aws_cur;
mod aws_focus;
mod aws_opportunities;
mod azure;
mod azure_billing;
mod azure_catalog;
mod azure_opportunities;
mod azure_rows;
mod calendar;
mod cost_changes;
mod fleet;
mod focus;
mod gcp;
mod gcp_billing;
mod gcp_catalog;
mod gcp_opportunities;
mod gcp_rows;
mod opportunities;
mod rng;
mod simulation;
mod sink;
#[cfg(test)]
mod tests;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use self::cost_changes::{CostChange, CostChangeKind};
pub use self::opportunities::Opportunity;

use self::anomaly_plan::plan_anomalies;
use self::simulation::{Month, Period, Simulation, Sinks};
use self::sink::{CsvSink, FileMeta};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// Seed of every random draw; the same seed gives byte-identical files.
    pub seed: u64,
    /// First day of the period; truncated to the first of its month, since exports cover whole billing months.
    pub start: NaiveDate,
    /// Number of billing months, one file per provider, billing account and month.
    pub months: u32,
    /// Accounts per provider (AWS linked accounts, Azure subscriptions, GCP projects).
    pub accounts: u32,
    /// Which files to write; `Focus` writes a FOCUS rendition of every provider.
    pub formats: Vec<SynthFormat>,
    /// Multiplier on the number of resources, hence on rows: 1.0 with 3 accounts gives roughly 1,000 native
    /// rows per provider and month, about 20k rows for the default six months.
    pub scale: f64,
    /// Number of cost anomalies to inject, recorded in the manifest.
    pub anomalies: u32,
    /// Their kinds: anomaly `i` is of kind `anomaly_kinds[i % len]` (spikes when empty).
    pub anomaly_kinds: Vec<AnomalyKind>,
    /// Write `.csv.gz` instead of `.csv`.
    pub gzip: bool,
    /// Plant savings opportunities (gp2 volumes, c4 instances, idle addresses) for the recommendations,
    /// recorded with the intrinsic ones in the manifest. On by default: the demo should have something to
    /// recommend. Off gives the fleet of earlier versions.
    pub opportunities: bool,
    /// Relative day-to-day noise of traffic-driven usage: each resource-day is multiplied by a uniform draw in
    /// 1 ± `noise` (default [`DEFAULT_NOISE`]). A detector benchmarked on one noise level is checked on another
    /// by changing it.
    pub noise: f64,
    /// AWS also runs a web company's traffic-driven services: CloudFront (busiest at the weekend), API Gateway,
    /// SQS, Kinesis, CloudWatch log ingestion and Athena (weekdays only), each a series anomalies can hit, so a
    /// detector meets a usage mix it was not tuned on. Off by default (the fleet of earlier versions); Azure and
    /// Google Cloud have no such services yet.
    pub web_services: bool,
    /// Put the business calendar on traffic-driven usage: year-end holidays, US Thanksgiving, quarter-close
    /// peaks (see the `calendar` module). Off by default, which gives the data of earlier versions.
    pub calendar: bool,
}

/// The default [`SynthConfig::noise`]: ±12% a day.
pub const DEFAULT_NOISE: f64 = 0.12;

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 42,
            start: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
            months: 6,
            accounts: 3,
            formats: SynthFormat::ALL.to_vec(),
            scale: 1.0,
            anomalies: 4,
            anomaly_kinds: vec![AnomalyKind::Spike],
            gzip: false,
            opportunities: true,
            noise: DEFAULT_NOISE,
            web_services: false,
            calendar: false,
        }
    }
}

/// A file format the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SynthFormat {
    /// AWS Cost and Usage Report, legacy CSV (`lineItem/UnblendedCost`...).
    AwsCur,
    /// Azure EA cost details, amortized (`Cost`, `ChargeType`, `PricingModel`...).
    Azure,
    /// Google Cloud billing export to BigQuery, flattened to CSV (`cost`, `credits`...).
    Gcp,
    /// FOCUS 1.2 CSV.
    Focus,
}

impl SynthFormat {
    /// Every format, in the order files are written.
    pub const ALL: [SynthFormat; 4] = [SynthFormat::AwsCur, SynthFormat::Azure, SynthFormat::Gcp, SynthFormat::Focus];
    /// The providers' own exports, without the FOCUS rendition of the same charges (the sample's default).
    pub const NATIVE: [SynthFormat; 3] = [SynthFormat::AwsCur, SynthFormat::Azure, SynthFormat::Gcp];
}

impl fmt::Display for SynthFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SynthFormat::AwsCur => "aws",
            SynthFormat::Azure => "azure",
            SynthFormat::Gcp => "gcp",
            SynthFormat::Focus => "focus",
        })
    }
}

impl FromStr for SynthFormat {
    type Err = io::Error;

    fn from_str(text: &str) -> io::Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "aws" | "aws_cur" | "cur" => Ok(SynthFormat::AwsCur),
            "azure" => Ok(SynthFormat::Azure),
            "gcp" => Ok(SynthFormat::Gcp),
            "focus" => Ok(SynthFormat::Focus),
            other => Err(invalid(format!("unknown format `{other}` (expected aws, azure, gcp or focus)"))),
        }
    }
}

/// What was written; also saved as `manifest.json` (with paths relative to the output directory).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SynthManifest {
    /// Every file, in writing order.
    pub files: Vec<SynthFile>,
    /// The injected anomalies, by first day.
    pub anomalies: Vec<InjectedAnomaly>,
    /// The real changes that are no injected anomaly (launches, terminations, credits that ran out), by day
    /// (none in manifests written before they were recorded).
    #[serde(default)]
    pub cost_changes: Vec<CostChange>,
    /// The savings opportunities the data contains, planted or intrinsic to the fleet (none in manifests
    /// written before they were recorded).
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
}

/// One written file and its totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SynthFile {
    /// Where it is (under the output directory passed to [`generate`]).
    pub path: PathBuf,
    /// Its format.
    pub format: SynthFormat,
    /// FOCUS `ProviderName` of the charges (`AWS`, `Microsoft`, `Google Cloud`).
    pub provider: String,
    /// FOCUS `BillingAccountId` (AWS payer, Azure enrollment, GCP billing account).
    pub billing_account_id: String,
    /// First day of the billing month the file covers.
    #[serde(with = "iso_date")]
    pub billing_period_start: NaiveDate,
    /// Data rows, header excluded.
    pub rows: u64,
    /// Sum of FOCUS `BilledCost` over the file, by the mapping in `provider-mappings.md`.
    pub billed_total: f64,
    /// Sum of FOCUS `EffectiveCost` over the file, by the same mapping.
    pub effective_total: f64,
    /// Billing currency of every row.
    pub currency: String,
}

/// What an injected anomaly does to its series' usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    /// Usage multiplied (2 to 6 times) for 1 to 3 days, then back to normal.
    #[default]
    Spike,
    /// Usage cut (to 0–40%) for 1 to 3 days, then back to normal (an outage, a broken pipeline).
    Drop,
    /// A level shift from `day` to the end of the period: usage 1.5 to 3 times (or, one time in four, 0.35 to
    /// 0.6 times) what it would have been.
    Step,
    /// A linear ramp from normal on `day` to 1.6–3 times normal on `settled` (7 to 21 days later), staying
    /// there until the end of the period.
    Drift,
    /// A temporary level shift: usage 1.5 to 3 times (or, one time in four, 0.35 to 0.6 times) what it would
    /// have been for 3 to 20 days, then back to normal (a load test left running, a rerun backfill, a
    /// failover). Its window is all of its days: `day` to `end`, which is also `settled`.
    Shift,
}

impl AnomalyKind {
    /// Every kind.
    pub const ALL: [AnomalyKind; 5] =
        [AnomalyKind::Spike, AnomalyKind::Drop, AnomalyKind::Step, AnomalyKind::Drift, AnomalyKind::Shift];

    /// The name in the manifest (`spike`, `drop`, `step`, `drift`, `shift`).
    pub fn as_str(self) -> &'static str {
        match self {
            AnomalyKind::Spike => "spike",
            AnomalyKind::Drop => "drop",
            AnomalyKind::Step => "step",
            AnomalyKind::Drift => "drift",
            AnomalyKind::Shift => "shift",
        }
    }
}

/// A cost anomaly the generator injected into the usage of one service of one account: a label a detector
/// is scored against.
///
/// What a detector must find: an event on the same series (ProviderName, SubAccountId, ServiceName) whose days
/// overlap [`InjectedAnomaly::window`]: the anomaly's days (for a step or a drift, from `day` to `settled`,
/// the day the shift is complete) widened by a tolerance (2 days in the project's benchmark). Catching a
/// shift weeks after it happened does not count.
///
/// Manifests written before kinds existed read as one-day spikes (`kind`, `end` and `settled` absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InjectedAnomaly {
    /// FOCUS `ProviderName`.
    pub provider: String,
    /// FOCUS `SubAccountId` (AWS account, Azure subscription, GCP project).
    pub account: String,
    /// FOCUS `ServiceName` (`product/ProductName`, `MeterCategory`, `service.description`).
    pub service: String,
    /// The first day affected.
    #[serde(with = "iso_date")]
    pub day: NaiveDate,
    /// The factor on the service's usage at full size (below 1 for a drop or a downward step).
    pub multiplier: f64,
    /// Cost the anomaly added over every day it touched (negative for drops and downward steps), BilledCost
    /// and EffectiveCost alike, before tax.
    pub extra_cost: f64,
    /// Currency of `extra_cost`.
    pub currency: String,
    /// What it does to the series.
    #[serde(default)]
    pub kind: AnomalyKind,
    /// The last day affected: the last day of a spike, a drop or a temporary shift; the period's last day for a
    /// step or a drift.
    #[serde(default, with = "iso_date_opt", skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// The day the anomaly is complete: the last day of a spike, a drop or a temporary shift, `day` for a
    /// step, the end of the ramp for a drift (from then on a step or a drift is the series' new normal).
    #[serde(default, with = "iso_date_opt", skip_serializing_if = "Option::is_none")]
    pub settled: Option<NaiveDate>,
}

impl InjectedAnomaly {
    /// The days a detector's event must overlap to count as finding this anomaly: `day` to `settled`, widened
    /// by `tolerance_days` on both sides.
    pub fn window(&self, tolerance_days: u32) -> (NaiveDate, NaiveDate) {
        let tolerance = chrono::Days::new(u64::from(tolerance_days));
        let last = self.settled.unwrap_or(self.day);
        (self.day - tolerance, last + tolerance)
    }

    /// The last day affected (`day` in manifests without `end`).
    pub fn last_day(&self) -> NaiveDate {
        self.end.unwrap_or(self.day)
    }
}

/// Writes the configured exports under `out_dir`, plus `out_dir/manifest.json`, and returns the manifest.
pub fn generate(config: &SynthConfig, out_dir: &Path) -> io::Result<SynthManifest> {
    if config.months == 0 || config.accounts == 0 {
        return Err(invalid("months and accounts must be at least 1".into()));
    }
    if !(config.scale.is_finite() && config.scale > 0.0) {
        return Err(invalid(format!("scale must be a positive number, got {}", config.scale)));
    }
    if !(0.0..1.0).contains(&config.noise) {
        return Err(invalid(format!("noise must be at least 0 and below 1, got {}", config.noise)));
    }
    let period = Period::new(config.start, config.months);
    let spec = simulation::Spec {
        seed: config.seed,
        accounts: config.accounts,
        scale: config.scale,
        period: &period,
        opportunities: config.opportunities,
        noise: config.noise,
        web_services: config.web_services,
        calendar: config.calendar,
    };
    let mut sims: Vec<Box<dyn Simulation>> = vec![
        Box::new(aws_cur::AwsSim::new(&spec)),
        Box::new(azure::AzureSim::new(&spec)),
        Box::new(gcp::GcpSim::new(&spec)),
    ];
    // Planned over all providers whatever the formats, so a format choice never moves an anomaly.
    let mut plans = plan_anomalies(config.seed, config.anomalies, &config.anomaly_kinds, &sims, &period);
    let with_focus = config.formats.contains(&SynthFormat::Focus);
    let mut files = Vec::new();
    let mut anomalies = Vec::new();
    let mut cost_changes = Vec::new();
    let mut opportunities = Vec::new();
    for (sim, plan) in sims.iter_mut().zip(plans.iter_mut()) {
        let with_native = config.formats.contains(&sim.native_format());
        if !with_native && !with_focus {
            continue;
        }
        for (index, billing) in sim.billing_files().iter().enumerate() {
            for month in &period.months {
                let (header, bom) = sim.native_header();
                let open = |stem: &str, header: &[&str], bom: bool, format: SynthFormat| {
                    let path = out_dir.join(format!("{stem}-{}.csv", month.start.format("%Y-%m")));
                    let meta = FileMeta {
                        format,
                        provider: sim.provider(),
                        billing_account_id: billing.id.clone(),
                        billing_period_start: month.start,
                        currency: billing.currency.to_string(),
                    };
                    CsvSink::create(&path, header, config.gzip, bom, meta)
                };
                let native_format = sim.native_format();
                let mut native =
                    if with_native { Some(open(&billing.native, header, bom, native_format)?) } else { None };
                let mut focus = if with_focus {
                    Some(open(&billing.focus, focus::HEADER, false, SynthFormat::Focus)?)
                } else {
                    None
                };
                sim.simulate_month(index, month, Sinks { native: native.as_mut(), focus: focus.as_mut() }, plan)?;
                files.extend(native.map(CsvSink::finish).transpose()?);
                files.extend(focus.map(CsvSink::finish).transpose()?);
            }
        }
        anomalies.extend(plan.iter().map(|slot| slot.to_public(sim.provider(), &period)));
        cost_changes.extend(cost_changes::cost_changes(sim.as_ref(), &period));
        opportunities.extend(sim.opportunities(&period));
    }
    anomalies.sort_by(|a, b| (a.day, &a.provider, &a.account).cmp(&(b.day, &b.provider, &b.account)));
    cost_changes.sort_by(|a, b| (a.day, &a.provider, &a.account).cmp(&(b.day, &b.provider, &b.account)));
    let manifest = SynthManifest { files, anomalies, cost_changes, opportunities };
    write_manifest(&manifest, out_dir)?;
    Ok(manifest)
}

/// Writes one AWS legacy CUR CSV of about `target_rows` rows (one billing month, January 2025, three
/// accounts, as many resources as needed), streamed in constant memory. A path ending in `.gz` is gzipped.
pub fn write_aws_cur_rows(path: &Path, target_rows: u64, seed: u64) -> io::Result<SynthFile> {
    write_aws_cur_month(path, target_rows, seed, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default())
}

/// Like [`write_aws_cur_rows`] for the billing month of `month` (any day in it): the same estate (the seed
/// decides it) billed another month, so that months written one after the other and imported one by one make
/// a long history without ever holding more than one file (the scale benchmark).
pub fn write_aws_cur_month(path: &Path, target_rows: u64, seed: u64, month: NaiveDate) -> io::Result<SynthFile> {
    aws_cur::write_sized(path, target_rows, seed, month.with_day(1).unwrap_or(month))
}

fn write_manifest(manifest: &SynthManifest, out_dir: &Path) -> io::Result<()> {
    // Relative paths keep manifest.json identical between output directories and valid after a move.
    let mut relative = manifest.clone();
    for file in &mut relative.files {
        if let Ok(rel) = file.path.strip_prefix(out_dir) {
            file.path = rel.to_path_buf();
        }
    }
    let json = serde_json::to_string_pretty(&relative).map_err(io::Error::other)?;
    std::fs::create_dir_all(out_dir)?;
    std::fs::write(out_dir.join("manifest.json"), json + "\n")
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// `NaiveDate` as `YYYY-MM-DD` in JSON (chrono's serde feature is not enabled in this workspace).
mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&date.format("%Y-%m-%d"))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(serde::de::Error::custom)
    }
}

/// `Option<NaiveDate>` as `YYYY-MM-DD` or absent.
mod iso_date_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::iso_date::serialize(date, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d").map(Some).map_err(serde::de::Error::custom),
        }
    }
}
