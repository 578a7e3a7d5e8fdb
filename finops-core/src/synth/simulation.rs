//! The contract between the entry point and the three provider simulations, and the simulated period.

use std::io;

use chrono::{Datelike, Months, NaiveDate};

use super::anomaly_plan::{AnomalySlot, AnomalyTarget};
use super::fleet::{Fleet, Pattern};
use super::sink::CsvSink;
use super::SynthFormat;

/// The parts of the configuration every simulation needs.
pub(super) struct Spec<'a> {
    pub(super) seed: u64,
    pub(super) accounts: u32,
    pub(super) scale: f64,
    pub(super) period: &'a Period,
    /// Whether to plant savings opportunities (see `opportunities`).
    pub(super) opportunities: bool,
    /// `SynthConfig::noise`.
    pub(super) noise: f64,
    /// `SynthConfig::web_services`.
    pub(super) web_services: bool,
    /// Whether traffic-driven usage follows the business calendar (see `calendar`).
    pub(super) calendar: bool,
}

/// One billing account of a provider: it gets one native and one FOCUS file per month.
pub(super) struct BillingFile {
    pub(super) id: String,
    pub(super) currency: &'static str,
    /// Path of the native files under the output directory, without the `-YYYY-MM.csv` suffix.
    pub(super) native: String,
    /// Same for the FOCUS files.
    pub(super) focus: String,
}

/// Where a simulated month goes; either may be absent, and the simulation runs the same either way.
pub(super) struct Sinks<'a> {
    pub(super) native: Option<&'a mut CsvSink>,
    pub(super) focus: Option<&'a mut CsvSink>,
}

/// A provider's simulation: a fleet, its commitments, and the writers of its rows.
pub(super) trait Simulation {
    /// FOCUS `ProviderName`.
    fn provider(&self) -> &'static str;
    /// The format of the native files.
    fn native_format(&self) -> SynthFormat;
    /// Header of the native files, and whether they start with a byte-order mark.
    fn native_header(&self) -> (&'static [&'static str], bool);
    /// The billing accounts, each with its own files.
    fn billing_files(&self) -> Vec<BillingFile>;
    /// How the usage of `service` evolves.
    fn pattern(&self, service: usize) -> Pattern;
    /// Every series an anomaly may hit: the traffic-driven ones, by account, then service (every account runs
    /// at least one resource of every service).
    fn anomaly_targets(&self) -> Vec<AnomalyTarget> {
        let mut pairs: Vec<(u32, usize)> = self.fleet().resources.iter().map(|r| (r.account, r.service)).collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs.into_iter().filter(|&(_, s)| self.pattern(s).week().is_some()).map(|(a, s)| self.series(a, s)).collect()
    }
    /// The series (account id, service name, currency) of `service` in `account`.
    fn series(&self, account: u32, service: usize) -> AnomalyTarget;
    /// The resources, with their launch and end days.
    fn fleet(&self) -> &Fleet;
    /// After the simulation: (account, service, day index) of each series whose credit ran out that day.
    fn credits_ended(&self) -> Vec<(u32, usize, u32)> {
        Vec::new()
    }
    /// After the simulation: the savings opportunities its data contains (none where not modelled).
    fn opportunities(&self, _period: &Period) -> Vec<super::opportunities::Opportunity> {
        Vec::new()
    }
    /// Simulates one month of one billing account, writing to whichever sinks are present. Months must be
    /// simulated in order: credits carry their remaining balance from one month to the next.
    fn simulate_month(
        &mut self,
        billing: usize,
        month: &Month,
        sinks: Sinks<'_>,
        anomalies: &mut [AnomalySlot],
    ) -> io::Result<()>;
}

/// The simulated period: whole billing months, days numbered from 0.
#[derive(Debug, Clone)]
pub(super) struct Period {
    pub(super) start: NaiveDate,
    pub(super) days: u32,
    pub(super) months: Vec<Month>,
}

/// One billing month of the period.
#[derive(Debug, Clone)]
pub(super) struct Month {
    /// First day of the month.
    pub(super) start: NaiveDate,
    /// First day of the next month (periods end exclusive, as in FOCUS).
    pub(super) end: NaiveDate,
    /// Day index of `start` within the period.
    pub(super) first_day: u32,
    pub(super) days: u32,
}

impl Month {
    /// Day indexes of the month.
    pub(super) fn day_indexes(&self) -> std::ops::Range<u32> {
        self.first_day..self.first_day + self.days
    }
}

impl Period {
    pub(super) fn new(start: NaiveDate, months: u32) -> Self {
        let first = start.with_day(1).unwrap_or(start);
        let mut list = Vec::new();
        let mut day = 0;
        for m in 0..months {
            let start = first + Months::new(m);
            let end = first + Months::new(m + 1);
            let days = (end - start).num_days() as u32;
            list.push(Month { start, end, first_day: day, days });
            day += days;
        }
        Period { start: first, days: day, months: list }
    }

    /// Calendar date of day index `day`.
    pub(super) fn date(&self, day: u32) -> NaiveDate {
        self.start + chrono::Days::new(u64::from(day))
    }
}
