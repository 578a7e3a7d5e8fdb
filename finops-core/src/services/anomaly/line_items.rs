//! Root causes below the daily aggregate: the usage types (FOCUS SkuMeter: AWS usage type, Azure meter, GCP
//! SKU) and resources of an event's segment, read from its Usage line items over the event and the
//! [`REFERENCE_DAYS`] before it, and ranked like the other children (`root_cause`).
//!
//! One query per event, so only the largest events are drilled ([`super::AnomalyOptions::line_item_causes`]).

use chrono::Duration;

use super::event::{AnomalyEvent, RootCause};
use super::root_cause::{add, ranked, ChildSums, REFERENCE_DAYS};
use crate::error::Result;
use crate::filter::{Filter, TagFilter};
use crate::model::{ChargeCategory, Provider, ServiceCategory};
use crate::services::analytics::{day_number, Analytics, Dimension, NONE_LABEL, UNTAGGED_LABEL};
use crate::store::CostLine;

/// A condition on a line a [`Filter`] cannot say: a value absent.
type Absent = fn(&CostLine) -> bool;

/// The filter narrowed to the event's segment, and the absent values it also requires.
fn segment_filter(filter: &Filter, event: &AnomalyEvent) -> Option<(Filter, Vec<Absent>)> {
    let mut f = Filter { charge_categories: vec![ChargeCategory::Usage], ..filter.clone() };
    let mut absent: Vec<Absent> = Vec::new();
    for (dimension, value) in &event.segment.parts {
        let none = value == NONE_LABEL;
        match dimension {
            Dimension::Provider => f.providers = vec![Provider::parse(value)?],
            Dimension::BillingAccount => f.billing_accounts = vec![value.clone()],
            Dimension::SubAccount if none => absent.push(|l| l.sub_account.is_none()),
            Dimension::SubAccount => f.sub_accounts = vec![value.clone()],
            Dimension::Service => f.services = vec![value.clone()],
            Dimension::ServiceCategory => f.service_categories = vec![ServiceCategory::parse(value)?],
            Dimension::Region if none => absent.push(|l| l.region.is_none()),
            Dimension::Region => f.regions = vec![value.clone()],
            Dimension::ChargeCategory if value != ChargeCategory::Usage.as_str() => return None,
            Dimension::ChargeCategory => {}
            Dimension::Tag(key) if value == UNTAGGED_LABEL => f.tags.push(TagFilter::Missing { key: key.clone() }),
            Dimension::Tag(key) => f.tags.push(TagFilter::Equals { key: key.clone(), value: value.clone() }),
        }
    }
    Some((f, absent))
}

/// The usage-type and resource causes of `event` (empty when its segment cannot be selected in line items).
pub(super) fn line_item_causes(analytics: &Analytics, filter: &Filter, event: &AnomalyEvent) -> Result<Vec<RootCause>> {
    let Some((segment, absent)) = segment_filter(filter, event) else {
        return Ok(Vec::new());
    };
    let first = event.start - Duration::days(i64::from(REFERENCE_DAYS));
    let days: Vec<_> = first.iter_days().take_while(|d| *d <= event.end).map(|d| (d, d)).collect();
    // A source without line items (a daily aggregate from Spark) has nothing below the daily causes.
    let Some(lines) = analytics.source().cost_lines(&segment, &days)? else {
        return Ok(Vec::new());
    };
    let (from, start) = (day_number(first), day_number(event.start));
    let rate = |l: &CostLine| match &filter.currency {
        Some(target) if &l.currency != target => filter.rates.get(&l.currency).copied(),
        _ => Some(1.0),
    };
    let (mut usage_types, mut resources) = (ChildSums::new(), ChildSums::new());
    for line in lines.iter().filter(|l| absent.iter().all(|keep| keep(l))) {
        let Some(rate) = rate(line) else { continue };
        let day = from + line.period as i32;
        for (sums, key) in [(&mut usage_types, &line.usage_type), (&mut resources, &line.resource)] {
            let name = key.as_deref().filter(|k| !k.is_empty()).unwrap_or(NONE_LABEL);
            add(sums, name, day, start, line.cost * rate);
        }
    }
    let mut causes = ranked("usage_type", usage_types, event);
    causes.extend(ranked("resource", resources, event));
    Ok(causes)
}
