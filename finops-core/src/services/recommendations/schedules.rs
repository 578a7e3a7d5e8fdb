//! `non-production-schedule`: non-production machines that run around the clock.
//!
//! ## What it finds
//! Compute machines billed by the hour whose `environment` tag says dev, test, qa, staging or sandbox, that
//! ran every day of their life in the selection for 24 hours (at least 23.5 hours per day per unit) and
//! still run on its last day, and that cost something (usage a commitment fully covers is left out).
//!
//! ## Why it costs money
//! A development or test machine is used in working hours: 12 hours on 5 days is 60 of the week's 168
//! hours. Running it all week pays for 108 hours nobody uses, about 64% of its cost.
//!
//! ## What to do
//! Stop it outside business hours with a scheduler (AWS Instance Scheduler, Azure Automation start/stop,
//! GCP instance schedules), or shut it down when unused. Machines a commitment covers save less: the
//! commitment is paid anyway, and its coverage moves to other usage.
//!
//! The saving is [`rates::SCHEDULE_SAVING`] of the monthly cost: medium confidence, since the data cannot
//! tell whether someone needs the machine at night; low when a commitment covers some of its hours.

use super::inputs::{is_non_production, Group, Inputs, Saving};
use super::model::{Confidence, Recommendation, RuleCode};
use super::rates;
use crate::model::{PricingCategory, ServiceCategory};

/// Hours per day per unit from which a machine counts as always on (a day of 24 hours, with rounding).
const ALWAYS_ON_HOURS: f64 = 23.5;
/// Days of history needed before calling a machine always on.
const MIN_DAYS: i64 = 7;

/// Whether a PricingUnit counts hours (`Hours`, `Hrs`, Azure `1 Hour`, GCP `hour`).
fn is_hours(unit: &str) -> bool {
    let unit = unit.trim().trim_start_matches('1').trim().to_ascii_lowercase();
    matches!(unit.as_str(), "hours" | "hour" | "hrs" | "hr")
}

/// Whether the group is a machine billed by the hour that ran every day, all day.
pub(crate) fn always_on(g: &Group<'_>) -> bool {
    let machine = g.rows.iter().any(|r| r.service_category == Some(ServiceCategory::Compute))
        && g.unit().is_some_and(is_hours)
        && g.resource_id().is_some();
    let span = g.last_day() - g.first_day() + 1;
    machine && g.days() >= MIN_DAYS && g.days() == span && g.quantity_per_day() >= ALWAYS_ON_HOURS
}

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    inputs
        .groups
        .iter()
        .filter(|g| g.environment().is_some_and(is_non_production))
        .filter(|g| g.running_at(inputs.window) && always_on(g))
        .filter_map(|g| {
            let monthly_cost = g.monthly_cost();
            // Usage a commitment fully covers costs nothing extra at night: scheduling it saves nothing.
            if monthly_cost <= 0.0 {
                return None;
            }
            let committed = g.rows.iter().any(|r| r.pricing_category == Some(PricingCategory::Committed));
            let saving = Saving {
                monthly_cost,
                monthly_saving: monthly_cost * rates::SCHEDULE_SAVING,
                method: format!(
                    "{:.0}% of the machine's monthly cost: a business-hours schedule runs it {} of {} hours a \
                     week (12 h × 5 days); it ran {:.1} hours a day",
                    rates::SCHEDULE_SAVING * 100.0,
                    rates::SCHEDULE_HOURS_ON,
                    rates::HOURS_PER_WEEK,
                    g.quantity_per_day()
                ),
                // Covered hours free the commitment for other usage rather than save money outright.
                confidence: if committed { Confidence::Low } else { Confidence::Medium },
            };
            let machine = g.resource_id().unwrap_or("a machine");
            let env = g.environment().unwrap_or_default();
            Some(g.recommend(
                RuleCode::NonProductionSchedule,
                format!("Schedule {env} machine {machine} to business hours"),
                saving,
            ))
        })
        .collect()
}
