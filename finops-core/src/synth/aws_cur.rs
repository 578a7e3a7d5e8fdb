//! AWS: the simulated organisation's legacy Cost and Usage Report (CSV, daily granularity) and its FOCUS rows.
//!
//! One payer account owns a Compute Savings Plan (covers EC2 instances anywhere) and RDS reserved instances
//! (cover db.r5.large in us-east-1 only). Coverage is decided per resource-day in fleet order, the way AWS
//! applies commitments to the usage it meets first. The CUR shows covered usage at on-demand cost cancelled
//! by a SavingsPlanNegation row, a daily SavingsPlanRecurringFee, DiscountedUsage at zero and a monthly
//! RIFee; one account spends promotional credits; every account pays sales tax per product.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use chrono::{Datelike, Months, NaiveDate};

use super::anomaly_plan::{AnomalySlot, AnomalyTarget};
use super::aws_billing::Out;
use super::aws_catalog::{self as catalog, resource_id, Account, Cover, Reservation, SavingsPlan};
use super::aws_catalog::{REGIONS, SERVICES};
use super::fleet::{Fleet, KeyStyle, Pattern};
use super::opportunities::Opportunity;
use super::opportunities::Track;
use super::rng::{label, Rng};
use super::simulation::{BillingFile, Simulation, Sinks, Spec};
use super::sink::{money, CsvSink, FileMeta};
use super::{Month, Period, SynthFile, SynthFormat};

pub(super) use super::aws_columns::{A, HEADER};

/// ProviderName, and the entity on every invoice.
pub(super) const PROVIDER: &str = "AWS";
pub(super) const ENTITY: &str = "Amazon Web Services, Inc.";

/// The AWS side of the simulation.
pub(super) struct AwsSim {
    pub(super) seed: u64,
    pub(super) fleet: Fleet,
    pub(super) accounts: Vec<Account>,
    pub(super) resource_ids: Vec<String>,
    pub(super) descriptions: Vec<String>,
    pub(super) savings_plan: Option<SavingsPlan>,
    pub(super) reservation: Option<Reservation>,
    pub(super) credit_left: f64,
    /// What the simulation billed, for the manifest's opportunities (`aws_opportunities`).
    pub(super) track: RefCell<Track>,
    native_rows: u64,
}

impl AwsSim {
    pub(super) fn new(spec: &Spec<'_>) -> Self {
        let seed = spec.seed;
        // Without planted opportunities the fleet is drawn from the ordinary services only; the web services
        // only when asked for.
        let runs = |index: &usize| {
            *index < catalog::BASE_SERVICES
                || (spec.opportunities && catalog::PLANTED_SERVICES.contains(index))
                || (spec.web_services && *index >= catalog::PLANTED_SERVICES.end)
        };
        let profiles: Vec<_> = SERVICES.iter().map(|s| s.profile).enumerate().filter(|(i, _)| runs(i)).collect();
        let fleet = Fleet::build(spec, label("aws"), &profiles);
        let accounts: Vec<Account> = (0..spec.accounts)
            .map(|a| Account {
                id: Rng::keyed(seed, &[label("aws-account"), u64::from(a)]).digits(12),
                name: catalog::account_name(a),
                region: REGIONS[a as usize % 2],
                style: KeyStyle::for_account(a),
            })
            .collect();
        let resource_ids = fleet.resources.iter().map(|r| resource_id(r, &accounts[r.account as usize])).collect();
        let descriptions = SERVICES.iter().map(|s| format!("${} per {}", s.rate, s.description)).collect();
        let payer = &accounts[0].id;
        let mut rng = Rng::keyed(seed, &[label("aws-commitments")]);
        // Commit to ~80% of the first day's instance spend at Savings Plan rates: a typical, slightly cautious buy.
        let day0 =
            |cover: Cover| fleet.resources.iter().filter(move |r| r.active(0) && SERVICES[r.service].cover == cover);
        let sp_hourly: f64 = day0(Cover::SavingsPlan).map(|r| SERVICES[r.service].rate * r.size).sum::<f64>()
            * catalog::SAVINGS_PLAN_FACTOR
            * 0.8;
        let sp_hourly = (sp_hourly * 1000.0).floor() / 1000.0;
        let savings_plan = (sp_hourly > 0.0).then(|| SavingsPlan {
            arn: format!("arn:aws:savingsplans::{payer}:savingsplan/{}", rng.guid()),
            hourly: sp_hourly,
            daily: money(sp_hourly * 24.0),
        });
        // One reservation more than the databases running then: the kind of over-purchase a FinOps review finds.
        let count = day0(Cover::Reservation).filter(|r| r.account % 2 == 0).count() as u32 + 1;
        let reservation = Some(Reservation {
            arn: format!("arn:aws:rds:us-east-1:{payer}:ri:postgres-r5-{}", rng.hex(8)),
            count,
            hourly: (catalog::covered_by(Cover::Reservation).rate * catalog::RESERVATION_FACTOR * 10_000.0).round()
                / 10_000.0,
            region: REGIONS[0].code,
            // Bought a quarter before the period for one year; the generator keeps applying it in longer
            // periods (as if auto-renewed) rather than model a second ARN.
            start: spec.period.start - Months::new(3),
            end: spec.period.start + Months::new(9),
        });
        let credit_left = (2_000.0 * spec.scale).clamp(300.0, 50_000.0);
        let fleet_len = fleet.resources.len();
        AwsSim {
            seed,
            fleet,
            accounts,
            resource_ids,
            descriptions,
            savings_plan,
            reservation,
            credit_left,
            track: RefCell::new(Track::new(fleet_len, spec.period.days)),
            native_rows: 0,
        }
    }

    pub(super) fn credit_account(&self) -> u32 {
        u32::from(self.accounts.len() > 1)
    }
}

impl Simulation for AwsSim {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn native_format(&self) -> SynthFormat {
        SynthFormat::AwsCur
    }

    fn native_header(&self) -> (&'static [&'static str], bool) {
        (HEADER, false)
    }

    fn billing_files(&self) -> Vec<BillingFile> {
        let id = self.accounts[0].id.clone();
        vec![BillingFile { id, currency: "USD", native: "aws/cur".into(), focus: "focus/aws".into() }]
    }

    fn pattern(&self, service: usize) -> Pattern {
        SERVICES[service].profile.pattern
    }

    fn series(&self, account: u32, service: usize) -> AnomalyTarget {
        AnomalyTarget {
            account,
            service,
            account_id: self.accounts[account as usize].id.clone(),
            service_name: SERVICES[service].name,
            currency: "USD",
        }
    }

    fn fleet(&self) -> &Fleet {
        &self.fleet
    }

    fn opportunities(&self, period: &Period) -> Vec<Opportunity> {
        self.aws_opportunities(period)
    }

    fn simulate_month(
        &mut self,
        _billing: usize,
        month: &Month,
        sinks: Sinks<'_>,
        spikes: &mut [AnomalySlot],
    ) -> io::Result<()> {
        let month_key = u64::from(month.start.num_days_from_ce().unsigned_abs());
        let mut out = Out {
            native: sinks.native,
            focus: sinks.focus,
            month,
            invoice_id: Rng::keyed(self.seed, &[label("aws-invoice"), month_key]).digits(10),
            rows: 0,
            tax_base: BTreeMap::new(),
            ri_effective: 0.0,
            ri_hours: 0.0,
        };
        let credit = self.month(month, &mut out, spikes)?;
        self.credit_left -= credit;
        self.native_rows += out.rows;
        Ok(())
    }
}

/// Writes a one-month CUR of about `target_rows` rows, for benchmarks (see [`super::write_aws_cur_rows`]).
pub(super) fn write_sized(path: &Path, target_rows: u64, seed: u64, start: NaiveDate) -> io::Result<SynthFile> {
    let period = Period::new(start, 1);
    let month = &period.months[0];
    let sim_at = |scale: f64| {
        AwsSim::new(&Spec {
            seed,
            accounts: 3,
            scale,
            period: &period,
            opportunities: false,
            noise: super::DEFAULT_NOISE,
            web_services: false,
            calendar: false,
        })
    };
    // Rows grow linearly with scale once every account has several resources per service: measure a dry run
    // (no I/O) at a moderate scale and extrapolate, rather than guess the commitment and tax rows.
    let dry_rows = |scale: f64| -> io::Result<f64> {
        let mut sim = sim_at(scale);
        sim.simulate_month(0, month, Sinks { native: None, focus: None }, &mut [])?;
        Ok(sim.native_rows.max(1) as f64)
    };
    let target = target_rows.max(1) as f64;
    let mut scale = target / dry_rows(1.0)?;
    if scale > 1.0 {
        let probe = scale.min(16.0);
        scale = probe * target / dry_rows(probe)?;
    }
    let mut sim = sim_at(scale.max(0.01));
    let gzip = path.extension().is_some_and(|e| e == "gz");
    let plain = if gzip { path.with_extension("") } else { path.to_path_buf() };
    let meta = FileMeta {
        format: SynthFormat::AwsCur,
        provider: PROVIDER,
        billing_account_id: sim.accounts[0].id.clone(),
        billing_period_start: month.start,
        currency: "USD".into(),
    };
    let mut sink = CsvSink::create(&plain, HEADER, gzip, false, meta)?;
    sim.simulate_month(0, month, Sinks { native: Some(&mut sink), focus: None }, &mut [])?;
    sink.finish()
}
