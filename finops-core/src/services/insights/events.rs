//! The insights themselves: each function looks at the two periods' lines and drivers and returns what is
//! worth telling, with a template headline and the table behind it.

use std::collections::{BTreeMap, HashSet};

use polars::prelude::*;

use super::drivers::Driver;
use super::frames::drivers_frame;
use super::insight::{moved, percent_of, Insight, InsightKind};
use super::{amount, InsightOptions, Periods};
use crate::error::Result;
use crate::filter::Filter;
use crate::model::ChargeCategory;
use crate::services::analytics::Analytics;
use crate::services::anomaly::{AnomalyOptions, Severity};
use crate::services::text::signed;
use crate::store::CostLine;

/// What every insight reads.
pub(super) struct Context<'a> {
    pub(super) analytics: &'a Analytics,
    pub(super) filter: &'a Filter,
    pub(super) options: &'a InsightOptions,
    pub(super) periods: Periods,
    pub(super) lines: &'a [CostLine],
    /// Every level-1 driver of every dimension, and the service hierarchy.
    pub(super) drivers: &'a [Driver],
    pub(super) currency: String,
    pub(super) previous_total: f64,
    pub(super) current_total: f64,
    /// The smallest amount worth telling.
    pub(super) material: f64,
}

impl Context<'_> {
    pub(super) fn money(&self, x: f64) -> String {
        amount(x, &self.currency)
    }

    pub(super) fn signed(&self, x: f64) -> String {
        format!("{} {}", signed(x), self.currency).trim_end().to_string()
    }

    fn top<'s>(&'s self, dimension: &'s str) -> impl Iterator<Item = &'s Driver> + 's {
        self.drivers.iter().filter(move |d| d.dimension == dimension && d.level == 1)
    }

    pub(super) fn severity(&self, amount: f64) -> Severity {
        Severity::of(amount, self.previous_total.abs().max(self.current_total.abs()))
    }

    fn range(&self, (start, end): (chrono::NaiveDate, chrono::NaiveDate)) -> String {
        format!("{start}..{end}")
    }
}

/// Every insight, the overall change first, then by severity (most severe first), kind and amount.
pub(super) fn all(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let mut found = Vec::new();
    found.extend(drivers(cx)?);
    found.extend(new_and_vanished(cx)?);
    found.extend(super::commitments::ended(cx)?);
    found.extend(super::commitments::coverage(cx)?);
    found.extend(credits(cx)?);
    found.extend(super::commitments::currency(cx)?);
    found.extend(concentration(cx)?);
    found.extend(unallocated(cx)?);
    if cx.options.anomalies {
        found.extend(anomaly(cx)?);
    }
    found.extend(budget(cx)?);
    found.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then(a.kind.cmp(&b.kind)).then(b.amount.abs().total_cmp(&a.amount.abs()))
    });
    let mut all = vec![change(cx)?];
    all.extend(found);
    Ok(all)
}

fn change(cx: &Context<'_>) -> Result<Insight> {
    let p = &cx.periods;
    let change = cx.current_total - cx.previous_total;
    let mut headline = format!(
        "{} {} {} ({}) from {} ({}) to {} ({}).",
        cx.filter.metric,
        moved(change),
        cx.signed(change),
        percent_of(change, cx.previous_total),
        cx.range(p.previous),
        cx.money(cx.previous_total),
        cx.range(p.current),
        cx.money(cx.current_total),
    );
    if p.current_days() != p.previous_days() {
        let (a, b) = (cx.previous_total / p.previous_days() as f64, cx.current_total / p.current_days() as f64);
        headline.push_str(&format!(
            " Per day: {} to {} ({}; {} vs {} days).",
            cx.money(a),
            cx.money(b),
            percent_of(b - a, a),
            p.current_days(),
            p.previous_days()
        ));
    }
    if let Some(top) = cx.top("service").next().filter(|d| d.change() != 0.0) {
        headline.push_str(&format!(
            " Largest driver: {} ({}, {} of the change).",
            top.name,
            cx.signed(top.change()),
            share(top.change(), change)
        ));
    }
    let table = drivers_frame(&cx.top("service").take(cx.options.top_n).cloned().collect::<Vec<_>>(), change)?;
    Ok(Insight::new(InsightKind::Change, cx.severity(change), headline, change, table))
}

fn share(part: f64, whole: f64) -> String {
    if whole == 0.0 {
        "n/a".into()
    } else {
        format!("{:.0}%", part / whole * 100.0)
    }
}

/// The three service drivers that move the most, with volume/price and their largest usage type and resource.
fn drivers(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let mut out = Vec::new();
    for service in cx.top("service").take(3).filter(|d| d.change().abs() >= cx.material) {
        let children: Vec<Driver> = cx
            .drivers
            .iter()
            .filter(|d| {
                d.level > 1
                    && d.parent
                        .as_deref()
                        .is_some_and(|p| p == service.name || p.starts_with(&format!("{} / ", service.name)))
            })
            .cloned()
            .collect();
        let mut headline = format!(
            "{} {} {} ({})",
            service.name,
            moved(service.change()),
            cx.signed(service.change()),
            percent_of(service.change(), service.previous),
        );
        if service.volume == 0.0 && service.price == 0.0 {
            headline.push_str(", with no quantities to split into volume and price");
        } else {
            headline.push_str(&format!(": volume {}, price {}", cx.signed(service.volume), cx.signed(service.price)));
            if service.other().abs() >= 0.005 {
                headline
                    .push_str(&format!(", other (no quantity: taxes, credits, fees) {}", cx.signed(service.other())));
            }
        }
        let named = |d: &&Driver| d.name != crate::services::analytics::NONE_LABEL;
        if let Some(u) = children.iter().filter(named).find(|d| d.level == 2) {
            headline.push_str(&format!("; mostly {} ({})", u.name, cx.signed(u.change())));
            let path = format!("{} / {}", service.name, u.name);
            if let Some(r) = children.iter().filter(named).find(|d| d.level == 3 && d.parent.as_deref() == Some(&path))
            {
                headline.push_str(&format!(", led by {} ({})", r.name, cx.signed(r.change())));
            }
        }
        headline.push('.');
        let table = drivers_frame(&children, service.change())?;
        out.push(Insight::new(InsightKind::Driver, cx.severity(service.change()), headline, service.change(), table));
    }
    Ok(out)
}

fn new_and_vanished(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let mut out = Vec::new();
    for (dimension, noun) in [("service", "service"), ("sub_account", "account"), ("region", "region")] {
        for d in cx.top(dimension) {
            let (kind, headline) = match d.status() {
                "new" if d.current.abs() >= cx.material => (
                    InsightKind::New,
                    format!(
                        "New {noun} {}: {} in {}, nothing before.",
                        d.name,
                        cx.money(d.current),
                        cx.range(cx.periods.current)
                    ),
                ),
                "vanished" if d.previous.abs() >= cx.material => (
                    InsightKind::Vanished,
                    format!(
                        "The {noun} {} cost {} before and nothing in {}.",
                        d.name,
                        cx.money(d.previous),
                        cx.range(cx.periods.current)
                    ),
                ),
                _ => continue,
            };
            let table = drivers_frame(std::slice::from_ref(d), cx.current_total - cx.previous_total)?;
            out.push(Insight::new(kind, cx.severity(d.change()), headline, d.change(), table));
        }
    }
    Ok(out)
}

fn credits(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let mut by_service: BTreeMap<&str, [f64; 2]> = BTreeMap::new();
    for line in cx.lines.iter().filter(|l| l.charge_category == ChargeCategory::Credit) {
        by_service.entry(&line.service).or_default()[line.period.min(1)] += line.cost;
    }
    let (before, after) = by_service.values().fold((0.0, 0.0), |(a, b), v| (a + v[0], b + v[1]));
    // Credits are negative: they "ended" when less than half of the previous amount is left.
    if before > -cx.material || after < before / 2.0 {
        return Ok(Vec::new());
    }
    let lost = after - before;
    let headline = format!(
        "Credits went from {} to {}: {} of cost no longer offset.",
        cx.money(before),
        cx.money(after),
        cx.signed(lost)
    );
    let names: Vec<&str> = by_service.keys().copied().collect();
    let table = df!(
        "service" => names,
        "previous" => by_service.values().map(|v| v[0]).collect::<Vec<_>>(),
        "current" => by_service.values().map(|v| v[1]).collect::<Vec<_>>(),
    )?;
    Ok(vec![Insight::new(InsightKind::CreditsEnded, cx.severity(lost), headline, lost, table)])
}

fn concentration(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let mut services: Vec<&Driver> = cx.top("service").filter(|d| d.current > 0.0).collect();
    // With three services or fewer, the top three are everything: nothing to tell.
    if services.len() <= 3 || cx.current_total <= 0.0 {
        return Ok(Vec::new());
    }
    services.sort_by(|a, b| b.current.total_cmp(&a.current));
    let top: Vec<&Driver> = services.iter().take(3).copied().collect();
    let share_now = top.iter().map(|d| d.current).sum::<f64>() / cx.current_total * 100.0;
    let mut previous: Vec<f64> = cx.top("service").map(|d| d.previous).filter(|v| *v > 0.0).collect();
    previous.sort_by(|a, b| b.total_cmp(a));
    let share_before =
        (cx.previous_total > 0.0).then(|| previous.iter().take(3).sum::<f64>() / cx.previous_total * 100.0);
    let parts: Vec<String> =
        top.iter().map(|d| format!("{} {:.0}%", d.name, d.current / cx.current_total * 100.0)).collect();
    let mut headline =
        format!("The top {} services make {share_now:.1}% of the cost ({})", top.len(), parts.join(", "));
    if let Some(before) = share_before {
        headline.push_str(&format!(", against {before:.1}% before"));
    }
    headline.push('.');
    let table = df!(
        "service" => top.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        "current" => top.iter().map(|d| d.current).collect::<Vec<_>>(),
        "share_pct" => top.iter().map(|d| d.current / cx.current_total * 100.0).collect::<Vec<_>>(),
    )?;
    let amount = top.iter().map(|d| d.current).sum();
    Ok(vec![Insight::new(InsightKind::Concentration, Severity::Low, headline, amount, table)])
}

fn unallocated(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let tagged: Option<HashSet<i64>> = match &cx.options.allocation_tag {
        Some(key) => Some(cx.analytics.tag_values(key)?.into_keys().collect()),
        None => None,
    };
    let is_unallocated = |l: &CostLine| match (&tagged, l.tag_set) {
        (_, None) => true,
        (Some(sets), Some(t)) => !sets.contains(&t),
        (None, Some(_)) => false,
    };
    let mut usage = [0.0; 2];
    let mut untagged = [0.0; 2];
    let mut by_service: BTreeMap<&str, f64> = BTreeMap::new();
    for line in cx.lines.iter().filter(|l| l.charge_category == ChargeCategory::Usage) {
        let p = line.period.min(1);
        usage[p] += line.cost;
        if is_unallocated(line) {
            untagged[p] += line.cost;
            if p == 1 {
                *by_service.entry(&line.service).or_default() += line.cost;
            }
        }
    }
    if usage[1] <= 0.0 || untagged[1] <= 0.0 {
        return Ok(Vec::new());
    }
    let share = untagged[1] / usage[1] * 100.0;
    let what = cx.options.allocation_tag.as_ref().map_or("tag".to_string(), |k| format!("{k} tag"));
    let mut headline = format!("{share:.1}% of usage cost ({}) carries no {what}", cx.money(untagged[1]));
    if usage[0] > 0.0 {
        headline.push_str(&format!(", against {:.1}% before", untagged[0] / usage[0] * 100.0));
    }
    headline.push_str(": nobody owns it.");
    let severity = match share {
        s if s >= 30.0 => Severity::High,
        s if s >= 10.0 => Severity::Medium,
        _ => Severity::Low,
    };
    let mut rows: Vec<(&str, f64)> = by_service.into_iter().collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let table = df!(
        "service" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "unallocated" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
    )?;
    Ok(vec![Insight::new(InsightKind::Unallocated, severity, headline, untagged[1], table)])
}

fn anomaly(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let (start, end) = cx.periods.current;
    let history = Filter { start: None, end: Some(end), ..cx.filter.clone() };
    // An insight that cannot be computed (too little history) is left out; it never fails the others.
    let found = match cx.analytics.anomalies(&history, &AnomalyOptions::default()) {
        Ok(found) => found,
        Err(e) => {
            tracing::debug!(error = %e, "no anomaly insight");
            return Ok(Vec::new());
        }
    };
    let Some(event) = found
        .events
        .iter()
        .filter(|e| e.start <= end && e.end >= start)
        .max_by(|a, b| a.total_impact.abs().total_cmp(&b.total_impact.abs()))
    else {
        return Ok(Vec::new());
    };
    let mut headline = format!(
        "Largest anomaly: a {} in {} from {} to {}, {} against the expected cost",
        event.kind.as_str(),
        event.segment,
        event.start,
        event.end,
        cx.signed(event.total_impact)
    );
    if let Some(cause) = event.root_causes.first() {
        headline.push_str(&format!(" ({}={} carries {:.0}%)", cause.dimension, cause.value, cause.share));
    }
    headline.push('.');
    let one = crate::services::anomaly::Anomalies {
        events: vec![event.clone()],
        series: Vec::new(),
        start: found.start,
        currency: found.currency.clone(),
    };
    let table = one.to_frame()?;
    Ok(vec![Insight::new(InsightKind::Anomaly, event.severity, headline, event.total_impact, table)])
}

fn budget(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let Some(budget) = cx.options.budget.filter(|_| cx.periods.month_to_date) else {
        return Ok(Vec::new());
    };
    let through = Filter { start: None, end: Some(cx.periods.current.1), ..cx.filter.clone() };
    let projection = match cx.analytics.month_end(&through, Some(budget)) {
        Ok(projection) => projection,
        Err(e) => {
            tracing::debug!(error = %e, "no budget insight");
            return Ok(Vec::new());
        }
    };
    let Some(check) = &projection.budget else {
        return Ok(Vec::new());
    };
    let month = &projection.month;
    let mut headline = format!(
        "Month-end projection {} (80%: {}–{}) against a budget of {}: {} {}",
        cx.money(month.projected.value),
        cx.money(month.projected.lower_80),
        cx.money(month.projected.upper_80),
        cx.money(budget),
        if check.overrun > 0.0 { "over by" } else { "under by" },
        cx.money(check.overrun.abs()),
    );
    if let Some(day) = check.crossing {
        headline.push_str(&format!(", crossed on {day}"));
    }
    headline.push('.');
    let severity = if check.overrun > 0.0 { Severity::of(check.overrun, budget) } else { Severity::Low };
    let table = df!(
        "as_of" => [projection.as_of.to_string()],
        "actual_to_date" => [month.actual_to_date],
        "projected" => [month.projected.value],
        "budget" => [budget],
        "overrun" => [check.overrun],
    )?;
    Ok(vec![Insight::new(InsightKind::Budget, severity, headline, check.overrun, table)])
}
