//! Azure: EA cost details, amortized (one file per enrollment and month), and their FOCUS rows.
//!
//! The USD enrollment holds a VM reservation and a savings plan for App Service, both billed monthly. The
//! amortized file shows what that means: covered usage at the commitment's price, daily UnusedReservation /
//! UnusedSavingsPlan rows for what was not consumed, and the monthly Purchase rows, which the FOCUS mapping
//! counts as billed but not effective. The last subscription belongs to a EUR enrollment without commitments.

use std::cell::RefCell;
use std::io;

use chrono::NaiveDate;

use super::anomaly_plan::{AnomalySlot, AnomalyTarget};
use super::aws_catalog::account_name;
use super::azure_billing::{cover_service, Out};
use super::azure_catalog::BASE_SERVICES;
use super::azure_catalog::{enrollments, AzureCover, AzureService, Benefit, Enrollment, Subscription, SERVICES};
use super::azure_catalog::{RESERVATION_FACTOR, SAVINGS_PLAN_FACTOR};
use super::fleet::{Fleet, KeyStyle, Pattern};
use super::opportunities::{Opportunity, Track};
use super::rng::{label, Rng};
use super::simulation::Period;
use super::simulation::{BillingFile, Simulation, Sinks, Spec};
use super::sink::money;
use super::{azure_rows, Month, SynthFormat};

/// `ChargeType` values the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Charge {
    Usage,
    Purchase,
    UnusedReservation,
    UnusedSavingsPlan,
}

/// One cost-details row.
#[derive(Debug)]
pub(super) struct Line<'a> {
    pub(super) charge: Charge,
    /// `PricingModel`: OnDemand, Reservation or SavingsPlan.
    pub(super) model: &'static str,
    pub(super) subscription: usize,
    pub(super) date: NaiveDate,
    pub(super) service: &'static AzureService,
    pub(super) quantity: f64,
    pub(super) effective_price: f64,
    pub(super) unit_price: f64,
    pub(super) payg_price: f64,
    pub(super) cost: f64,
    /// Index into the fleet, for usage of a resource.
    pub(super) resource: Option<usize>,
    pub(super) benefit: Option<&'a Benefit>,
}

impl Line<'_> {
    /// FOCUS BilledCost: commitment-covered and unused rows are amortization, not invoice lines.
    pub(super) fn billed(&self) -> f64 {
        if self.charge == Charge::Purchase || self.model == "OnDemand" {
            self.cost
        } else {
            0.0
        }
    }

    /// FOCUS EffectiveCost: a commitment purchase is spread over the usage rows, so it counts as 0.
    pub(super) fn effective(&self) -> f64 {
        if self.charge == Charge::Purchase && self.model != "OnDemand" {
            0.0
        } else {
            self.cost
        }
    }
}

/// Names of one resource.
#[derive(Debug)]
pub(super) struct AzureResource {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) group: String,
}

/// The Azure side of the simulation.
pub(super) struct AzureSim {
    pub(super) fleet: Fleet,
    pub(super) enrollments: Vec<Enrollment>,
    pub(super) subscriptions: Vec<Subscription>,
    pub(super) resources: Vec<AzureResource>,
    pub(super) reservation: Option<Benefit>,
    pub(super) savings_plan: Option<Benefit>,
    /// What the simulation billed, for the manifest's opportunities (`azure_opportunities`).
    pub(super) track: RefCell<Track>,
}

impl AzureSim {
    pub(super) fn new(spec: &Spec<'_>) -> Self {
        let seed = spec.seed;
        // Without planted opportunities the fleet is drawn from the ordinary services only.
        let services = if spec.opportunities { SERVICES.len() } else { BASE_SERVICES };
        let profiles: Vec<_> = SERVICES[..services].iter().map(|s| s.profile).enumerate().collect();
        let fleet = Fleet::build(spec, label("azure"), &profiles);
        let mut rng = Rng::keyed(seed, &[label("azure-ids")]);
        let enrollments = enrollments([rng.digits(8), rng.digits(8)]);
        let subscriptions: Vec<Subscription> = (0..spec.accounts)
            .map(|a| Subscription {
                id: rng.guid(),
                name: format!("Acme {}", account_name(a)),
                enrollment: usize::from(spec.accounts > 1 && a == spec.accounts - 1),
                style: KeyStyle::for_account(a),
            })
            .collect();
        let resources = fleet
            .resources
            .iter()
            .map(|r| {
                let service = &SERVICES[r.service];
                let mut rng = Rng::keyed(r.key, &[label("azure-resource")]);
                let (app, env) = (r.tags.application(), r.tags.environment());
                let group = match (app, env) {
                    (Some(app), Some(env)) => format!("rg-{app}-{env}"),
                    _ => "rg-shared".to_string(),
                };
                let name = format!("{}-{}-{}", service.name_prefix, app.unwrap_or("core"), rng.hex(4));
                let sub = &subscriptions[r.account as usize].id;
                let id =
                    format!("/subscriptions/{sub}/resourceGroups/{group}/providers/{}/{name}", service.resource_path);
                AzureResource { id, name, group }
            })
            .collect();
        let subs = &subscriptions;
        let in_usd = |cover: AzureCover| {
            fleet.resources.iter().filter(move |r| {
                r.active(0) && SERVICES[r.service].cover == cover && subs[r.account as usize].enrollment == 0
            })
        };
        let vms = in_usd(AzureCover::Reservation).count() as u32;
        let ri_hourly = (cover_service(AzureCover::Reservation).payg * RESERVATION_FACTOR * 1e6).round() / 1e6;
        let reservation = (vms > 0).then(|| {
            let (order, instance) = (rng.guid(), rng.guid());
            Benefit {
                cover: AzureCover::Reservation,
                id: format!("/providers/Microsoft.Capacity/reservationOrders/{order}/reservations/{instance}"),
                name: "VM_RI_D4s_v5_EastUS".into(),
                order_id: order,
                instance_id: instance,
                order_name: "Reserved VM Instance, Standard_D4s_v5, US East, 1 Year".into(),
                hourly: ri_hourly,
                count: vms,
                daily: money(f64::from(vms) * 24.0 * ri_hourly),
            }
        });
        let plans: f64 = in_usd(AzureCover::SavingsPlan).map(|r| SERVICES[r.service].payg * r.size).sum();
        let sp_hourly = (plans * SAVINGS_PLAN_FACTOR * 0.8 * 1000.0).floor() / 1000.0;
        let savings_plan = (sp_hourly > 0.0).then(|| {
            let (order, instance) = (rng.guid(), rng.guid());
            Benefit {
                cover: AzureCover::SavingsPlan,
                id: format!("/providers/Microsoft.BillingBenefits/savingsPlanOrders/{order}/savingsPlans/{instance}"),
                name: "Compute_SP_1Year".into(),
                order_id: order,
                instance_id: instance,
                order_name: "Compute Savings Plan, 1 Year".into(),
                hourly: sp_hourly,
                count: 1,
                daily: money(sp_hourly * 24.0),
            }
        });
        let track = RefCell::new(Track::new(fleet.resources.len(), spec.period.days));
        AzureSim { fleet, enrollments, subscriptions, resources, reservation, savings_plan, track }
    }

    /// The enrollments that have subscriptions, hence files (a one-account run has no EUR enrollment);
    /// `billing` indexes of [`Simulation`] refer to this list.
    fn enrollments_with_files(&self) -> Vec<usize> {
        (0..self.enrollments.len()).filter(|&e| self.subscriptions.iter().any(|s| s.enrollment == e)).collect()
    }

    /// Subscription that pays for the commitments: the first one of the USD enrollment.
    pub(super) fn benefit_subscription(&self) -> usize {
        0
    }
}

impl Simulation for AzureSim {
    fn provider(&self) -> &'static str {
        "Microsoft"
    }

    fn native_format(&self) -> SynthFormat {
        SynthFormat::Azure
    }

    fn native_header(&self) -> (&'static [&'static str], bool) {
        (azure_rows::HEADER, true)
    }

    fn billing_files(&self) -> Vec<BillingFile> {
        self.enrollments_with_files()
            .into_iter()
            .map(|e| {
                let enrollment = &self.enrollments[e];
                BillingFile {
                    id: enrollment.id.clone(),
                    currency: enrollment.currency,
                    native: enrollment.native.into(),
                    focus: enrollment.focus.into(),
                }
            })
            .collect()
    }

    fn pattern(&self, service: usize) -> Pattern {
        SERVICES[service].profile.pattern
    }

    fn series(&self, account: u32, service: usize) -> AnomalyTarget {
        let sub = &self.subscriptions[account as usize];
        AnomalyTarget {
            account,
            service,
            account_id: sub.id.clone(),
            service_name: SERVICES[service].meter_category,
            currency: self.enrollments[sub.enrollment].currency,
        }
    }

    fn fleet(&self) -> &Fleet {
        &self.fleet
    }

    fn opportunities(&self, period: &Period) -> Vec<Opportunity> {
        self.azure_opportunities(period)
    }

    fn simulate_month(
        &mut self,
        billing: usize,
        month: &Month,
        sinks: Sinks<'_>,
        spikes: &mut [AnomalySlot],
    ) -> io::Result<()> {
        let enrollment_index = self.enrollments_with_files().get(billing).copied().unwrap_or(0);
        let enrollment = &self.enrollments[enrollment_index];
        let mut out = Out { native: sinks.native, focus: sinks.focus, month, enrollment };
        self.month(enrollment_index, month, &mut out, spikes)
    }
}
