//! How the Azure enrollments are billed day by day: usage at pay-as-you-go or commitment prices, the daily
//! Unused* rows, and the month's commitment purchases.

use std::io;

use chrono::NaiveDate;

use super::anomaly_plan::{anomaly, AnomalySlot};
use super::azure::{AzureSim, Charge, Line};
use super::azure_catalog::{AzureCover, AzureService, Benefit, Enrollment, SAVINGS_PLAN_FACTOR, SERVICES};
use super::sink::{money, CsvSink};
use super::{azure_rows, Month};

/// Where one month goes.
pub(super) struct Out<'s> {
    pub(super) native: Option<&'s mut CsvSink>,
    pub(super) focus: Option<&'s mut CsvSink>,
    pub(super) month: &'s Month,
    pub(super) enrollment: &'s Enrollment,
}

impl AzureSim {
    fn emit(&self, out: &mut Out<'_>, line: &Line<'_>) -> io::Result<()> {
        if let Some(sink) = out.native.as_deref_mut() {
            azure_rows::write_native(sink, self, out.enrollment, out.month, line)?;
        }
        if let Some(sink) = out.focus.as_deref_mut() {
            azure_rows::write_focus(sink, self, out.enrollment, out.month, line)?;
        }
        Ok(())
    }

    pub(super) fn month(
        &self,
        billing: usize,
        month: &Month,
        out: &mut Out<'_>,
        spikes: &mut [AnomalySlot],
    ) -> io::Result<()> {
        let enrollment = &self.enrollments[billing];
        let commitments = billing == 0;
        for day in month.day_indexes() {
            let date = month.start + chrono::Days::new(u64::from(day - month.first_day));
            let mut ri_hours = self.reservation.as_ref().map_or(0.0, |ri| f64::from(ri.count) * 24.0);
            let (mut ri_used, mut sp_used) = (0.0, 0.0);
            for (index, r) in self.fleet.resources.iter().enumerate() {
                if !r.active(day) || self.subscriptions[r.account as usize].enrollment != billing {
                    continue;
                }
                let service = &SERVICES[r.service];
                let payg = service.payg * enrollment.fx;
                let unit_price = (payg * (1.0 - enrollment.discount) * 1e8).round() / 1e8;
                let mut quantity = self.fleet.quantity(r, service.profile.pattern, day, date, month.days);
                if let Some((factor, slot)) = anomaly(spikes, r.account, r.service, day) {
                    let base = money(quantity * unit_price);
                    quantity *= factor;
                    slot.extra_cost += money(quantity * unit_price) - base;
                }
                let mut line = Line {
                    charge: Charge::Usage,
                    model: "OnDemand",
                    subscription: r.account as usize,
                    date,
                    service,
                    quantity,
                    effective_price: unit_price,
                    unit_price,
                    payg_price: payg,
                    cost: money(quantity * unit_price),
                    resource: Some(index),
                    benefit: None,
                };
                match (service.cover, &self.reservation, &self.savings_plan) {
                    (AzureCover::Reservation, Some(ri), _) if commitments && quantity <= ri_hours => {
                        ri_hours -= quantity;
                        line.model = "Reservation";
                        line.effective_price = ri.hourly;
                        line.cost = money(quantity * ri.hourly);
                        line.benefit = Some(ri);
                        ri_used += line.cost;
                    }
                    (AzureCover::SavingsPlan, _, Some(sp)) if commitments => {
                        let price = (payg * SAVINGS_PLAN_FACTOR * 1e8).round() / 1e8;
                        let cost = money(quantity * price);
                        if sp_used + cost <= sp.daily + 1e-9 {
                            sp_used += cost;
                            line.model = "SavingsPlan";
                            line.effective_price = price;
                            line.cost = cost;
                            line.benefit = Some(sp);
                        }
                    }
                    _ => {}
                }
                self.track.borrow_mut().usage(index, day, line.cost, None);
                self.emit(out, &line)?;
            }
            if commitments {
                self.unused(out, (date, day), self.reservation.as_ref(), ri_used, ri_hours)?;
                self.unused(out, (date, day), self.savings_plan.as_ref(), sp_used, 0.0)?;
            }
        }
        for benefit in [&self.reservation, &self.savings_plan].into_iter().flatten().filter(|_| commitments) {
            let cost = money(benefit.daily * f64::from(month.days));
            let per_unit = cost / f64::from(benefit.count.max(1));
            let line = Line {
                charge: Charge::Purchase,
                model: model(benefit),
                subscription: self.benefit_subscription(),
                date: month.start,
                service: cover_service(benefit.cover),
                quantity: f64::from(benefit.count),
                effective_price: per_unit,
                unit_price: per_unit,
                payg_price: 0.0,
                cost,
                resource: None,
                benefit: Some(benefit),
            };
            self.emit(out, &line)?;
        }
        Ok(())
    }

    /// The day's Unused* row of a benefit, when some of it went unused.
    fn unused(
        &self,
        out: &mut Out<'_>,
        (date, day): (NaiveDate, u32),
        benefit: Option<&Benefit>,
        used: f64,
        hours_left: f64,
    ) -> io::Result<()> {
        let Some(benefit) = benefit else { return Ok(()) };
        let cost = money(benefit.daily - money(used));
        // Every day's commitment is used + unused: the rows a FOCUS reader sums to judge utilization.
        self.track.borrow_mut().fee(&benefit.id, day, benefit.daily, cost.max(0.0));
        if cost <= 0.0 {
            return Ok(());
        }
        let (charge, quantity) = match benefit.cover {
            AzureCover::Reservation => (Charge::UnusedReservation, hours_left),
            _ => (Charge::UnusedSavingsPlan, cost / benefit.hourly),
        };
        let line = Line {
            charge,
            model: model(benefit),
            subscription: self.benefit_subscription(),
            date,
            service: cover_service(benefit.cover),
            quantity,
            effective_price: benefit.hourly,
            unit_price: benefit.hourly,
            payg_price: 0.0,
            cost,
            resource: None,
            benefit: Some(benefit),
        };
        self.emit(out, &line)
    }
}

fn model(benefit: &Benefit) -> &'static str {
    if benefit.cover == AzureCover::Reservation {
        "Reservation"
    } else {
        "SavingsPlan"
    }
}

/// The meter a commitment covers, under which its own rows are reported.
pub(super) fn cover_service(cover: AzureCover) -> &'static AzureService {
    SERVICES.iter().find(|s| s.cover == cover).unwrap_or(&SERVICES[0])
}
