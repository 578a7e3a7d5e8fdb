//! Insights about what discounts a period: commitments that stopped applying, coverage that fell, and costs
//! priced in another currency that moved with the exchange rate.

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use super::events::Context;
use super::insight::{Insight, InsightKind};
use crate::error::Result;
use crate::model::ChargeCategory;

/// Coverage may wander by a few points with usage; a fall of this much (points of eligible usage) is told.
const COVERAGE_FALL: f64 = 0.05;

fn covered_usage(line: &crate::store::CostLine) -> bool {
    line.charge_category == ChargeCategory::Usage && line.commitment.is_some()
}

/// Commitments that applied in the previous period and stopped before the current one ended.
pub(super) fn ended(cx: &Context<'_>) -> Result<Vec<Insight>> {
    // Per commitment: list and effective cost of the usage it covered before, and its last day now.
    let mut before: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    let mut last_now: BTreeMap<&str, i32> = BTreeMap::new();
    let data_end = cx.lines.iter().filter(|l| l.period == 1).map(|l| l.last_day).max();
    for line in cx.lines {
        let Some(id) = line.commitment.as_deref() else { continue };
        if line.period == 0 && covered_usage(line) {
            let e = before.entry(id).or_default();
            e.0 += line.list_cost;
            e.1 += line.cost;
        } else if line.period == 1 {
            let day = last_now.entry(id).or_insert(line.last_day);
            *day = (*day).max(line.last_day);
        }
    }
    let mut out = Vec::new();
    for (id, (list, effective)) in before {
        let last = last_now.get(id).copied();
        let stopped = match (last, data_end) {
            (None, _) => true,
            // A day without it before the data ends: it stopped (daily exports charge every day).
            (Some(last), Some(end)) => last < end - 1,
            (Some(_), None) => false,
        };
        let saved = list - effective;
        if !stopped || saved < cx.material {
            continue;
        }
        let when =
            last.map_or("before this period".to_string(), |d| format!("after {}", crate::services::analytics::date(d)));
        let headline = format!(
            "Commitment {id} stopped applying {when}. In the previous period it covered usage worth {} at list \
             price for {}: up to {} more per period without it.",
            cx.money(list),
            cx.money(effective),
            cx.money(saved)
        );
        let table = df!(
            "commitment" => [id],
            "last_day" => [last.map(|d| crate::services::analytics::date(d).to_string())],
            "covered_list_cost" => [list],
            "covered_cost" => [effective],
            "saving_before" => [saved],
        )?;
        out.push(Insight::new(InsightKind::CommitmentEnded, cx.severity(saved), headline, saved, table));
    }
    Ok(out)
}

/// The share of eligible usage (services that had any commitment-covered usage), at list price, that
/// commitments covered, per period; and the discount they gave in the previous one.
pub(super) fn coverage(cx: &Context<'_>) -> Result<Vec<Insight>> {
    let eligible: BTreeSet<&str> = cx.lines.iter().filter(|l| covered_usage(l)).map(|l| l.service.as_str()).collect();
    let mut usage = [0.0; 2];
    let mut covered = [0.0; 2];
    let mut covered_cost = [0.0; 2];
    for line in cx.lines.iter().filter(|l| l.charge_category == ChargeCategory::Usage) {
        if !eligible.contains(line.service.as_str()) {
            continue;
        }
        let p = line.period.min(1);
        usage[p] += line.list_cost;
        if line.commitment.is_some() {
            covered[p] += line.list_cost;
            covered_cost[p] += line.cost;
        }
    }
    if usage[0] <= 0.0 || usage[1] <= 0.0 || covered[0] <= 0.0 {
        return Ok(Vec::new());
    }
    let (before, now) = (covered[0] / usage[0], covered[1] / usage[1]);
    let discount = 1.0 - covered_cost[0] / covered[0];
    if before - now < COVERAGE_FALL {
        return Ok(Vec::new());
    }
    // Usage now uncovered that the previous coverage would have covered, at the previous discount.
    let extra = (before - now) * usage[1] * discount;
    let headline = format!(
        "Commitment coverage fell from {:.1}% to {:.1}% of eligible usage (at list price); at the previous \
         discount of {:.0}%, that costs about {} more.",
        before * 100.0,
        now * 100.0,
        discount * 100.0,
        cx.money(extra)
    );
    let table = df!(
        "period" => ["previous", "current"],
        "eligible_list_cost" => usage,
        "covered_list_cost" => covered,
        "coverage" => [before * 100.0, now * 100.0],
    )?;
    Ok(vec![Insight::new(InsightKind::CoverageFell, cx.severity(extra), headline, extra, table)])
}

/// Costs priced in one currency and billed in another: the part of the change the exchange rate made,
/// `pricing-currency cost now × (rate now − rate before)`.
pub(super) fn currency(cx: &Context<'_>) -> Result<Vec<Insight>> {
    // (pricing currency) → [billed, priced] per period.
    let mut pairs: BTreeMap<&str, [[f64; 2]; 2]> = BTreeMap::new();
    for line in cx.lines {
        let (Some(pricing), Some(priced)) = (line.pricing_currency.as_deref(), line.pricing_currency_cost) else {
            continue;
        };
        let e = pairs.entry(pricing).or_default();
        e[line.period.min(1)][0] += line.cost;
        e[line.period.min(1)][1] += priced;
    }
    let mut out = Vec::new();
    if cx.filter.metric != crate::filter::CostMetric::Effective {
        // PricingCurrencyEffectiveCost is an effective cost: another metric's ratio to it is no rate.
        return Ok(out);
    }
    for (pricing, [[b0, p0], [b1, p1]]) in pairs {
        if p0 <= 0.0 || p1 <= 0.0 {
            continue;
        }
        let (r0, r1) = (b0 / p0, b1 / p1);
        let effect = p1 * (r1 - r0);
        if effect.abs() < cx.material {
            continue;
        }
        let headline = format!(
            "Exchange rate: costs priced in {pricing} were billed at {r1:.4} {} per {pricing} against {r0:.4} \
             before, which made {} of the change.",
            cx.currency,
            super::amount(effect, &cx.currency)
        );
        let table = df!(
            "pricing_currency" => [pricing, pricing],
            "period" => ["previous", "current"],
            "pricing_currency_cost" => [p0, p1],
            "billed_cost" => [b0, b1],
            "rate" => [r0, r1],
        )?;
        out.push(Insight::new(InsightKind::CurrencyEffect, cx.severity(effect), headline, effect, table));
    }
    Ok(out)
}
