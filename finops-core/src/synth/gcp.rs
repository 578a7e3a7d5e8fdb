//! Google Cloud: the billing export to BigQuery flattened to CSV (one file per month), and its FOCUS rows.
//!
//! Discounts are nested inside the rows they apply to, as the export does: a 1-year N2 CPU commitment in
//! the first project (fee rows every day, a COMMITTED_USAGE_DISCOUNT credit cancelling the usage it covers),
//! sustained-use credits on the N2 cores it does not cover, a promotional credit spent by one project's Cloud
//! SQL, and a monthly tax row per project.

use std::cell::RefCell;
use std::io;

use chrono::NaiveDate;

use super::anomaly_plan::{AnomalySlot, AnomalyTarget};
use super::aws_catalog::account_name;
use super::fleet::{Fleet, Pattern};
use super::gcp_billing::Out;
use super::gcp_catalog::{committable, GcpResourceKind, GcpService, BASE_SERVICES, CUD_FACTOR, SERVICES};
use super::opportunities::{Opportunity, Track};
use super::rng::{label, Rng};
use super::simulation::Period;
use super::simulation::{BillingFile, Simulation, Sinks, Spec};
use super::sink::money;
use super::{gcp_rows, Month, SynthFormat};

/// `cost_type`, plus the commitment fee, which the export reports as a regular row of its own SKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GcpKind {
    Usage,
    CommitmentFee,
    Tax,
}

/// One element of a row's `credits` array.
#[derive(Debug, Clone, Copy)]
pub(super) struct Credit<'a> {
    pub(super) name: &'static str,
    pub(super) kind: &'static str,
    pub(super) id: &'a str,
    pub(super) amount: f64,
}

/// One export row.
#[derive(Debug)]
pub(super) struct Line<'a> {
    pub(super) kind: GcpKind,
    pub(super) project: usize,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) service: &'static GcpService,
    pub(super) pricing_quantity: f64,
    pub(super) cost: f64,
    pub(super) credits: &'a [Credit<'a>],
    pub(super) resource: Option<usize>,
    /// FOCUS only: the commitment's amortized cost of a covered row, or a fee's unused part.
    pub(super) commitment_cost: f64,
}

impl Line<'_> {
    /// EffectiveCost by the export mapping: cost plus all its credits.
    pub(super) fn effective(&self) -> f64 {
        self.cost + self.credits.iter().map(|c| c.amount).sum::<f64>()
    }
}

/// A project.
#[derive(Debug)]
pub(super) struct Project {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) number: String,
}

/// Names of one resource.
#[derive(Debug)]
pub(super) struct GcpResource {
    pub(super) name: String,
    pub(super) global_name: String,
    pub(super) zone: &'static str,
}

/// The N2 CPU commitment.
#[derive(Debug)]
pub(super) struct Commitment {
    pub(super) id: String,
    pub(super) vcpus: f64,
    pub(super) hourly: f64,
    pub(super) daily: f64,
}

/// The Google Cloud side of the simulation.
pub(super) struct GcpSim {
    pub(super) seed: u64,
    pub(super) fleet: Fleet,
    pub(super) billing_account: String,
    pub(super) projects: Vec<Project>,
    pub(super) resources: Vec<GcpResource>,
    pub(super) commitment: Option<Commitment>,
    pub(super) promotion_id: String,
    pub(super) promotion_left: f64,
    /// The day index the promotional credit ran out, once it has.
    pub(super) promotion_ran_out: Option<u32>,
    /// What the simulation billed, for the manifest's opportunities (`gcp_opportunities`).
    pub(super) track: RefCell<Track>,
}

impl GcpSim {
    pub(super) fn new(spec: &Spec<'_>) -> Self {
        let seed = spec.seed;
        // Without planted opportunities the fleet is drawn from the ordinary services only.
        let services = if spec.opportunities { SERVICES.len() } else { BASE_SERVICES };
        let profiles: Vec<_> = SERVICES[..services].iter().map(|s| s.profile).enumerate().collect();
        let fleet = Fleet::build(spec, label("gcp"), &profiles);
        let mut rng = Rng::keyed(seed, &[label("gcp-ids")]);
        let hex = |rng: &mut Rng| rng.hex(6).to_uppercase();
        let billing_account = format!("{}-{}-{}", hex(&mut rng), hex(&mut rng), hex(&mut rng));
        let projects: Vec<Project> = (0..spec.accounts)
            .map(|a| {
                let name = account_name(a);
                let slug = name.to_lowercase().replace(' ', "-");
                Project { id: format!("acme-{slug}-{}", rng.digits(6)), name, number: rng.digits(12) }
            })
            .collect();
        let resources = fleet
            .resources
            .iter()
            .map(|r| {
                let service = &SERVICES[r.service];
                let mut rng = Rng::keyed(r.key, &[label("gcp-resource")]);
                let project = &projects[r.account as usize].id;
                let zone = if service.zonal {
                    ["us-central1-a", "us-central1-b", "us-central1-f"][(r.key % 3) as usize]
                } else {
                    ""
                };
                let app = r.tags.application().unwrap_or("core");
                let (name, global_name) = match service.resource {
                    GcpResourceKind::Instance => {
                        let name = format!("{app}-vm-{}", rng.hex(4));
                        let id = rng.digits(19);
                        (name, format!("//compute.googleapis.com/projects/{project}/zones/{zone}/instances/{id}"))
                    }
                    GcpResourceKind::Disk => {
                        let name = format!("{app}-disk-{}", rng.hex(4));
                        let id = rng.digits(19);
                        (name, format!("//compute.googleapis.com/projects/{project}/zones/{zone}/disks/{id}"))
                    }
                    GcpResourceKind::Bucket => {
                        let name = format!("{project}-{app}-{}", rng.hex(4));
                        let global = format!("//storage.googleapis.com/projects/_/buckets/{name}");
                        (name, global)
                    }
                    GcpResourceKind::SqlInstance => {
                        let name = format!("{app}-pg-{}", rng.hex(4));
                        let global = format!("//cloudsql.googleapis.com/projects/{project}/instances/{name}");
                        (name, global)
                    }
                    GcpResourceKind::None => (String::new(), String::new()),
                };
                GcpResource { name, global_name, zone }
            })
            .collect();
        // Commit to ~80% of the vCPUs running on day one, a common sizing rule.
        let vcpus: f64 =
            fleet.resources.iter().filter(|r| r.active(0) && SERVICES[r.service].committable).map(|r| r.size).sum();
        let vcpus = (vcpus * 0.8).floor();
        let hourly = (committable().price * CUD_FACTOR * 1e6).round() / 1e6;
        let commitment = (vcpus > 0.0).then(|| Commitment {
            id: format!("projects/{}/regions/us-central1/commitments/n2-cpu-1y-{}", projects[0].id, rng.hex(6)),
            vcpus,
            hourly,
            daily: money(vcpus * 24.0 * hourly),
        });
        let promotion_id = format!("promotion-{}", rng.hex(12));
        let fleet_len = fleet.resources.len();
        let promotion_left = (300.0 * spec.scale).clamp(300.0, 20_000.0);
        GcpSim {
            seed,
            fleet,
            billing_account,
            projects,
            resources,
            commitment,
            promotion_id,
            promotion_left,
            promotion_ran_out: None,
            track: RefCell::new(Track::new(fleet_len, spec.period.days)),
        }
    }

    /// The project that spends the promotional credit.
    pub(super) fn promotion_project(&self) -> u32 {
        (1 % self.projects.len()) as u32
    }
}

impl Simulation for GcpSim {
    fn provider(&self) -> &'static str {
        "Google Cloud"
    }

    fn native_format(&self) -> SynthFormat {
        SynthFormat::Gcp
    }

    fn native_header(&self) -> (&'static [&'static str], bool) {
        (gcp_rows::HEADER, false)
    }

    fn billing_files(&self) -> Vec<BillingFile> {
        let id = self.billing_account.clone();
        vec![BillingFile { id, currency: "USD", native: "gcp/billing".into(), focus: "focus/gcp".into() }]
    }

    fn pattern(&self, service: usize) -> Pattern {
        SERVICES[service].profile.pattern
    }

    fn series(&self, account: u32, service: usize) -> AnomalyTarget {
        AnomalyTarget {
            account,
            service,
            account_id: self.projects[account as usize].id.clone(),
            service_name: SERVICES[service].service,
            currency: "USD",
        }
    }

    fn fleet(&self) -> &Fleet {
        &self.fleet
    }

    fn opportunities(&self, period: &Period) -> Vec<Opportunity> {
        self.gcp_opportunities(period)
    }

    fn credits_ended(&self) -> Vec<(u32, usize, u32)> {
        let Some(day) = self.promotion_ran_out else { return Vec::new() };
        let project = self.promotion_project();
        SERVICES.iter().enumerate().filter(|(_, s)| s.promotion).map(|(service, _)| (project, service, day)).collect()
    }

    fn simulate_month(
        &mut self,
        _billing: usize,
        month: &Month,
        sinks: Sinks<'_>,
        spikes: &mut [AnomalySlot],
    ) -> io::Result<()> {
        let mut out = Out { native: sinks.native, focus: sinks.focus, month };
        let (left, ran_out) = self.month(month, &mut out, spikes)?;
        if self.promotion_left >= 0.005 {
            self.promotion_ran_out = self.promotion_ran_out.or(ran_out);
        }
        self.promotion_left = left;
        Ok(())
    }
}
