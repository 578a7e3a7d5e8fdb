//! How the AWS organisation is billed day by day: usage rows, Savings Plan and reservation coverage, the
//! daily Savings Plan fee, and the month-end RIFee, credit and tax rows.

use std::collections::BTreeMap;
use std::io;

use chrono::Datelike;

use super::anomaly_plan::{anomaly, AnomalySlot};
use super::aws_catalog::{self as catalog, Cover, Kind, Line, SERVICES};
use super::aws_cur::AwsSim;
use super::rng::{label, Rng};
use super::sink::{money, CsvSink};
use super::{aws_focus, Month};

/// The sinks of one month and the per-product tax bases accumulating in it.
pub(super) struct Out<'s> {
    pub(super) native: Option<&'s mut CsvSink>,
    pub(super) focus: Option<&'s mut CsvSink>,
    pub(super) month: &'s Month,
    pub(super) invoice_id: String,
    pub(super) rows: u64,
    /// Billed amount per (account, product code), with the product name, for the month's tax rows.
    pub(super) tax_base: BTreeMap<(u32, &'static str), (&'static str, f64)>,
    /// Reservation effective cost and hours consumed this month, for the RIFee row.
    pub(super) ri_effective: f64,
    pub(super) ri_hours: f64,
}

impl AwsSim {
    fn emit(&self, out: &mut Out<'_>, line: &Line<'_>) -> io::Result<()> {
        if !matches!(line.kind, Kind::Tax) {
            out.tax_base.entry((line.account, line.product_code)).or_insert((line.product_name, 0.0)).1 += line.cost;
        }
        let seq = out.rows;
        out.rows += 1;
        if let Some(sink) = out.native.as_deref_mut() {
            let id = Rng::keyed(
                self.seed,
                &[label("aws-line"), u64::from(out.month.start.num_days_from_ce().unsigned_abs()), seq],
            )
            .base32(52);
            super::aws_columns::write_native(sink, self, out.month, &out.invoice_id, &id, line)?;
        }
        if let Some(sink) = out.focus.as_deref_mut() {
            aws_focus::write(sink, self, out.month, &out.invoice_id, line)?;
        }
        Ok(())
    }

    /// The usage rows of one resource-day, and what they take from the day's commitments.
    fn usage(
        &self,
        out: &mut Out<'_>,
        index: usize,
        day: u32,
        month: &Month,
        left: &mut Left,
        spikes: &mut [AnomalySlot],
    ) -> io::Result<()> {
        let date = month.start + chrono::Days::new(u64::from(day - month.first_day));
        let r = &self.fleet.resources[index];
        let service = &SERVICES[r.service];
        let account = &self.accounts[r.account as usize];
        let mut quantity = self.fleet.quantity(r, service.profile.pattern, day, date, month.days);
        let base_cost = money(quantity * service.rate);
        if let Some((factor, slot)) = anomaly(spikes, r.account, r.service, day) {
            quantity *= factor;
            slot.extra_cost += money(quantity * service.rate) - base_cost;
        }
        let cost = money(quantity * service.rate);
        let usage_type = format!("{}{}", account.region.prefix, service.usage_type);
        let zone = if service.zonal { account.region.zones[(r.key % 3) as usize] } else { "" };
        let mut line = Line {
            kind: Kind::Usage,
            account: r.account,
            start: date,
            end: date.succ_opt().unwrap_or(date),
            service: Some(service),
            product_code: service.code,
            product_name: service.name,
            usage_type: &usage_type,
            quantity: Some(quantity),
            rate: Some(service.rate),
            cost,
            public_cost: cost,
            description: &self.descriptions[r.service],
            resource_id: &self.resource_ids[index],
            zone,
            resource: Some(r),
            effective: cost,
            ..Line::default()
        };
        match (service.cover, &self.savings_plan, &self.reservation) {
            (Cover::SavingsPlan, Some(_), _) => {
                let sp_cost = money(quantity * service.rate * catalog::SAVINGS_PLAN_FACTOR);
                if sp_cost <= left.sp_dollars + 1e-9 {
                    left.sp_dollars -= sp_cost;
                    left.sp_used += sp_cost;
                    line.kind = Kind::SpCovered;
                    line.effective = sp_cost;
                    line.used = sp_cost;
                    self.emit(out, &line)?;
                    self.track.borrow_mut().usage(index, day, sp_cost, None);
                    let negation = format!(
                        "SavingsPlanNegation used by AccountId : {} and UsageSku : {}",
                        account.id, service.sku
                    );
                    line.kind = Kind::SpNegation;
                    line.cost = -cost;
                    line.effective = 0.0;
                    line.description = &negation;
                    return self.emit(out, &line);
                }
            }
            (Cover::Reservation, _, Some(ri)) if account.region.code == ri.region && quantity <= left.ri_hours => {
                left.ri_hours -= quantity;
                line.kind = Kind::RiUsage;
                line.cost = 0.0;
                line.rate = Some(0.0);
                line.effective = money(quantity * ri.hourly);
                line.used = quantity;
                out.ri_effective += line.effective;
                out.ri_hours += quantity;
            }
            _ => {}
        }
        // What stays on demand is what a new commitment could cover (see `aws_opportunities`).
        let scope = match service.cover {
            _ if line.kind != Kind::Usage => None,
            Cover::SavingsPlan => Some("BoxUsage".to_string()),
            Cover::Reservation => Some(format!("{}|{usage_type}", account.region.code)),
            Cover::None => None,
        };
        self.track.borrow_mut().usage(index, day, line.effective, scope.map(|s| (s, cost)));
        self.emit(out, &line)
    }
}

/// Commitment capacity left on the current day.
struct Left {
    sp_dollars: f64,
    sp_used: f64,
    ri_hours: f64,
}

impl AwsSim {
    /// Writes one month; returns the promotional credit spent.
    pub(super) fn month(&self, month: &Month, out: &mut Out<'_>, spikes: &mut [AnomalySlot]) -> io::Result<f64> {
        for day in month.day_indexes() {
            let date = month.start + chrono::Days::new(u64::from(day - month.first_day));
            let next = date + chrono::Days::new(1);
            let mut left = Left {
                sp_dollars: self.savings_plan.as_ref().map_or(0.0, |sp| sp.daily),
                sp_used: 0.0,
                ri_hours: self.reservation.as_ref().map_or(0.0, |ri| f64::from(ri.count) * 24.0),
            };
            for index in 0..self.fleet.resources.len() {
                if self.fleet.resources[index].active(day) {
                    self.usage(out, index, day, month, &mut left, spikes)?;
                }
            }
            if let Some(sp) = &self.savings_plan {
                // The fee row carries the whole day's commitment; its effective cost is what went unused.
                let used = money(left.sp_used);
                let unused = money(sp.daily - used);
                let line = Line {
                    kind: Kind::SpFee,
                    start: date,
                    end: next,
                    product_code: "ComputeSavingsPlans",
                    product_name: "Savings Plans for AWS Compute usage",
                    usage_type: "ComputeSP:1yrNoUpfront",
                    quantity: Some(24.0),
                    rate: Some(sp.hourly),
                    cost: sp.daily,
                    description: "1 year No Upfront Compute Savings Plan",
                    effective: unused,
                    used,
                    unused_quantity: unused,
                    ..Line::default()
                };
                self.emit(out, &line)?;
                self.track.borrow_mut().fee(&sp.arn, day, sp.daily, unused);
            }
        }
        if let Some(ri) = &self.reservation {
            let hours = f64::from(ri.count) * 24.0 * f64::from(month.days);
            let fee = money(hours * ri.hourly);
            let rds = catalog::covered_by(Cover::Reservation);
            let description = format!("USD {} hourly fee per PostgreSQL, db.r5.large instance", ri.hourly);
            let line = Line {
                kind: Kind::RiFee,
                start: month.start,
                end: month.end,
                product_code: rds.code,
                product_name: rds.name,
                usage_type: "HeavyUsage:db.r5.large",
                quantity: Some(hours),
                rate: Some(ri.hourly),
                cost: fee,
                description: &description,
                effective: money(fee - money(out.ri_effective)),
                used: out.ri_hours,
                unused_quantity: hours - out.ri_hours,
                ..Line::default()
            };
            self.emit(out, &line)?;
            self.track.borrow_mut().fee(&ri.arn, month.first_day, fee, line.effective);
        }
        let credit_account = self.credit_account();
        let ec2 = catalog::ec2();
        let ec2_billed = out.tax_base.get(&(credit_account, ec2.code)).map_or(0.0, |entry| entry.1);
        let credit = money(self.credit_left.min(0.3 * ec2_billed).max(0.0));
        if credit > 0.0 {
            let line = Line {
                kind: Kind::Credit,
                account: credit_account,
                start: month.start,
                end: month.end,
                product_code: ec2.code,
                product_name: ec2.name,
                cost: -credit,
                description: "AWS Activate Credits",
                effective: -credit,
                ..Line::default()
            };
            self.emit(out, &line)?;
        }
        let bases: Vec<_> = out.tax_base.iter().map(|(&(a, code), &(name, base))| (a, code, name, base)).collect();
        for (account, code, name, base) in bases {
            let tax = money(base * catalog::TAX_RATE);
            if tax <= 0.0 {
                continue;
            }
            let description = format!("Tax for product code {code}");
            let line = Line {
                kind: Kind::Tax,
                account,
                start: month.start,
                end: month.end,
                product_code: code,
                product_name: name,
                quantity: Some(1.0),
                cost: tax,
                description: &description,
                effective: tax,
                ..Line::default()
            };
            self.emit(out, &line)?;
        }
        Ok(credit)
    }
}
