//! How the Google Cloud billing account is charged day by day: usage with its nested credits (commitment,
//! sustained use, promotion), the daily commitment fee, and the month's tax rows.

use std::io;

use chrono::{Datelike, NaiveDate};

use super::anomaly_plan::{anomaly, AnomalySlot};
use super::gcp::{Credit, GcpKind, GcpSim, Line};
use super::gcp_catalog::{committable, sustained_use_rate, SERVICES, TAX_RATE};
use super::rng::{label, Rng};
use super::sink::{money, CsvSink};
use super::{gcp_rows, Month};

/// Where one month goes.
pub(super) struct Out<'s> {
    pub(super) native: Option<&'s mut CsvSink>,
    pub(super) focus: Option<&'s mut CsvSink>,
    pub(super) month: &'s Month,
}

impl GcpSim {
    fn emit(&self, out: &mut Out<'_>, line: &Line<'_>) -> io::Result<()> {
        if let Some(sink) = out.native.as_deref_mut() {
            gcp_rows::write_native(sink, self, out.month, line)?;
        }
        if let Some(sink) = out.focus.as_deref_mut() {
            gcp_rows::write_focus(sink, self, out.month, line)?;
        }
        Ok(())
    }

    /// Writes one month; returns the promotional credit still unspent, and the day it ran out if it did.
    pub(super) fn month(
        &self,
        month: &Month,
        out: &mut Out<'_>,
        spikes: &mut [AnomalySlot],
    ) -> io::Result<(f64, Option<u32>)> {
        let mut promotion_left = self.promotion_left;
        let mut ran_out = None;
        let mut net = vec![0.0; self.projects.len()];
        for day in month.day_indexes() {
            let date = month.start + chrono::Days::new(u64::from(day - month.first_day));
            let next = date + chrono::Days::new(1);
            let mut hours_left = self.commitment.as_ref().map_or(0.0, |c| c.vcpus * 24.0);
            let mut committed = 0.0;
            for (index, r) in self.fleet.resources.iter().enumerate() {
                if !r.active(day) {
                    continue;
                }
                let service = &SERVICES[r.service];
                let mut quantity = self.fleet.quantity(r, service.profile.pattern, day, date, month.days);
                if let Some((factor, slot)) = anomaly(spikes, r.account, r.service, day) {
                    let base = money(quantity * service.price);
                    quantity *= factor;
                    slot.extra_cost += money(quantity * service.price) - base;
                }
                let cost = money(quantity * service.price);
                let mut credits: Vec<Credit<'_>> = Vec::new();
                let mut commitment_cost = 0.0;
                match &self.commitment {
                    Some(cud) if service.committable && quantity <= hours_left => {
                        hours_left -= quantity;
                        commitment_cost = money(quantity * cud.hourly);
                        committed += commitment_cost;
                        credits.push(Credit {
                            name: "Committed Usage Discount: CPU",
                            kind: "COMMITTED_USAGE_DISCOUNT",
                            id: &cud.id,
                            amount: -cost,
                        });
                    }
                    _ if service.committable => {
                        let ran = day - r.launch.max(month.first_day) + 1;
                        let rate = sustained_use_rate(f64::from(ran) / f64::from(month.days));
                        if rate > 0.0 {
                            let amount = -money(cost * rate);
                            credits.push(Credit {
                                name: "Sustained Usage Discount",
                                kind: "SUSTAINED_USAGE_DISCOUNT",
                                id: "",
                                amount,
                            });
                        }
                    }
                    _ => {}
                }
                if service.promotion && r.account == self.promotion_project() && promotion_left > 0.0 {
                    let amount = money(cost.min(promotion_left));
                    promotion_left -= amount;
                    // Less than a cent left pays for nothing more.
                    if promotion_left < 0.005 && ran_out.is_none() {
                        ran_out = Some(day);
                    }
                    credits.push(Credit {
                        name: "Startup program credit",
                        kind: "PROMOTION",
                        id: &self.promotion_id,
                        amount: -amount,
                    });
                }
                let line = Line {
                    kind: GcpKind::Usage,
                    project: r.account as usize,
                    start: date,
                    end: next,
                    service,
                    pricing_quantity: quantity,
                    cost,
                    credits: &credits,
                    resource: Some(index),
                    commitment_cost,
                };
                net[line.project] += line.effective();
                self.track.borrow_mut().usage(index, day, line.effective(), None);
                self.emit(out, &line)?;
            }
            if let Some(cud) = &self.commitment {
                let line = Line {
                    kind: GcpKind::CommitmentFee,
                    project: 0,
                    start: date,
                    end: next,
                    service: committable(),
                    pricing_quantity: cud.vcpus * 24.0,
                    cost: cud.daily,
                    credits: &[],
                    resource: None,
                    commitment_cost: money(cud.daily - money(committed)),
                };
                net[0] += line.cost;
                self.emit(out, &line)?;
            }
        }
        for (project, base) in net.iter().enumerate() {
            let tax = money(base * TAX_RATE);
            if tax > 0.0 {
                let line = Line {
                    kind: GcpKind::Tax,
                    project,
                    start: month.start,
                    end: month.end,
                    service: committable(),
                    pricing_quantity: 0.0,
                    cost: tax,
                    credits: &[],
                    resource: None,
                    commitment_cost: 0.0,
                };
                self.emit(out, &line)?;
            }
        }
        Ok((promotion_left, ran_out))
    }

    /// `export_time` of a day's rows: the next morning, at a time that varies by day.
    pub(super) fn export_time(&self, date: NaiveDate) -> String {
        let mut rng = Rng::keyed(self.seed, &[label("gcp-export"), u64::from(date.num_days_from_ce().unsigned_abs())]);
        let next = date + chrono::Days::new(1);
        format!(
            "{next} {:02}:{:02}:{:02}.{:06}+00:00",
            2 + rng.below(8),
            rng.below(60),
            rng.below(60),
            rng.below(1_000_000)
        )
    }
}
