//! Recommendations of different rules on one resource (a dev machine of a previous generation: schedule it,
//! and move it): each states its own saving, and together they save less than the sum, since each applies to
//! what the other leaves. Dismissed recommendations are left out.

use std::collections::BTreeMap;

use super::model::{Recommendation, RuleCode};
use crate::model::Provider;

type ResourceKey<'a> = (Provider, &'a str, &'a str, &'a str);

/// The resource a recommendation is about: provider, billing account, currency and resource id. None for one
/// about many resources or none (a commitment, untagged spend).
fn resource_key(r: &Recommendation) -> Option<ResourceKey<'_>> {
    match r.resources.as_slice() {
        [resource] if r.rule != RuleCode::Commitment => {
            Some((r.provider, r.billing_account.as_str(), r.currency.as_str(), resource.as_str()))
        }
        _ => None,
    }
}

/// The recommendations that are not dismissed, grouped per resource (alone when about no single resource).
fn groups(items: &[Recommendation]) -> Vec<Vec<usize>> {
    let mut by_resource: BTreeMap<ResourceKey<'_>, Vec<usize>> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, r) in items.iter().enumerate().filter(|(_, r)| !r.dismissed) {
        match resource_key(r) {
            Some(key) => by_resource.entry(key).or_default().push(i),
            None => out.push(vec![i]),
        }
    }
    out.extend(by_resource.into_values());
    out
}

/// What the recommendations `group` (indices into `items`, one resource) save together: the resource's
/// monthly cost times `1 − Π(1 − share)`, each share being a recommendation's saving over its cost.
fn together(items: &[Recommendation], group: &[usize]) -> f64 {
    if let [one] = group {
        return items[*one].monthly_saving;
    }
    let cost = group.iter().map(|&i| items[i].monthly_cost).fold(0.0, f64::max);
    let left: f64 = group.iter().map(|&i| items[i].cost_left()).product();
    cost * (1.0 - left)
}

/// Per group of recommendations: currency, saving together, sum of the savings.
pub(super) fn per_resource(items: &[Recommendation]) -> Vec<(String, f64, f64)> {
    groups(items)
        .iter()
        .map(|g| {
            let gross = g.iter().map(|&i| items[i].monthly_saving).sum();
            (items[g[0]].currency.clone(), together(items, g), gross)
        })
        .collect()
}

/// Adds to the method of each recommendation that shares its resource with others what they save together.
pub(super) fn explain(items: &mut [Recommendation]) {
    for group in groups(items) {
        let saving: Vec<usize> = group.iter().copied().filter(|&i| items[i].monthly_saving > 0.0).collect();
        if saving.len() < 2 {
            continue;
        }
        let (net, gross) = (together(items, &saving), saving.iter().map(|&i| items[i].monthly_saving).sum::<f64>());
        for &i in &saving {
            let others: Vec<&str> =
                saving.iter().filter(|&&j| j != i).map(|&j| items[j].rule.as_str()).collect::<Vec<_>>();
            let note = format!(
                ". The same resource has {}: together they save {net:.2} {} a month, each applied to what the other \
                 leaves, not {gross:.2}",
                others.join(", "),
                items[i].currency
            );
            items[i].method.push_str(&note);
        }
    }
}
