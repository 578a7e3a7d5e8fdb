//! `previous-generation`: machines of a previous-generation family.
//!
//! ## What it finds
//! Instance usage of a family the provider lists as previous generation: AWS `BoxUsage` of m4, c4, r4, t2
//! and the older families; Azure Dv2 meters; GCP N1 cores. Only machines still running on the selection's
//! last day.
//!
//! ## Why it costs money
//! The current generation is cheaper per hour for the same size (c4.2xlarge $0.398 vs c5.2xlarge $0.34;
//! GCP N1 vs E2 cores) and usually faster, so the same work costs less twice over.
//!
//! ## What to do
//! Change the instance type at the next maintenance window (stop, change type, start; on AWS check the
//! AMI has ENA and NVMe drivers for Nitro types). Test the workload on the new type first.
//!
//! The saving is the hourly price ratio of [`rates::GENERATIONS`] applied to the machine's monthly cost
//! (high confidence). A previous-generation type that table has no price for is still reported, with no
//! saving and low confidence: the rule never guesses a price.

use super::inputs::{instance_type, Group, Inputs, Saving};
use super::model::{Confidence, Recommendation, RuleCode};
use super::rates::{self, Generation};
use crate::model::Provider;

/// What a usage type is: a previous-generation type, with its replacement when the table knows one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Verdict {
    /// Not a previous-generation machine (or not a machine).
    Current,
    /// Previous generation without a known price.
    Unpriced,
    /// Previous generation with a priced replacement.
    Priced(&'static Generation),
}

/// Classifies a usage type (x_UsageType or SkuMeter) of `provider`.
pub(crate) fn classify(provider: Provider, usage_type: &str) -> Verdict {
    let known = rates::GENERATIONS.iter().find(|g| {
        g.provider == provider
            && match provider {
                Provider::Aws => instance_type(usage_type) == Some(g.old),
                Provider::Gcp => usage_type.starts_with(g.old),
                _ => usage_type == g.old,
            }
    });
    if let Some(g) = known {
        return Verdict::Priced(g);
    }
    let aws_old = provider == Provider::Aws
        && instance_type(usage_type)
            .and_then(|t| t.split_once('.'))
            .is_some_and(|(family, _)| rates::AWS_PREVIOUS_FAMILIES.contains(&family));
    if aws_old {
        Verdict::Unpriced
    } else {
        Verdict::Current
    }
}

/// The recommendations of this rule.
pub(crate) fn find(inputs: &Inputs<'_>) -> Vec<Recommendation> {
    inputs
        .groups
        .iter()
        .filter(|g| g.running_at(inputs.window))
        .filter_map(|g| match classify(g.provider(), g.usage_type()) {
            Verdict::Current => None,
            verdict => Some(recommend(g, verdict)),
        })
        .collect()
}

fn recommend(g: &Group<'_>, verdict: Verdict) -> Recommendation {
    let monthly_cost = g.monthly_cost();
    let machine = g.resource_id().unwrap_or("a machine");
    let (title, saving) = match verdict {
        Verdict::Priced(gen) => (
            format!("Move {machine} from {} to {}", gen.old, gen.new),
            Saving {
                monthly_cost,
                monthly_saving: monthly_cost * gen.ratio.saving(),
                method: format!(
                    "{:.1}% of the machine's monthly cost: {} ${} vs {} ${} per {} ({})",
                    gen.ratio.saving() * 100.0,
                    gen.new,
                    gen.ratio.to,
                    gen.old,
                    gen.ratio.from,
                    gen.ratio.unit,
                    gen.ratio.source
                ),
                confidence: Confidence::High,
            },
        ),
        _ => (
            format!("Move {machine} ({}) to a current-generation type", g.usage_type()),
            Saving {
                monthly_cost,
                monthly_saving: 0.0,
                method: "no price for this type or its replacement in the rates table: saving not estimated".into(),
                confidence: Confidence::Low,
            },
        ),
    };
    g.recommend(RuleCode::PreviousGeneration, title, saving)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_the_table_and_the_family_list() {
        assert!(
            matches!(classify(Provider::Aws, "USW2-BoxUsage:c4.2xlarge"), Verdict::Priced(g) if g.new == "c5.2xlarge")
        );
        // m3 is previous generation but has no price in the table: reported, never priced.
        assert_eq!(classify(Provider::Aws, "BoxUsage:m3.medium"), Verdict::Unpriced);
        assert_eq!(classify(Provider::Aws, "BoxUsage:m5.xlarge"), Verdict::Current);
        assert_eq!(classify(Provider::Aws, "EBS:VolumeUsage.gp2"), Verdict::Current);
        assert!(matches!(
            classify(Provider::Gcp, "N1 Predefined Instance Core running in Americas"),
            Verdict::Priced(_)
        ));
        assert_eq!(classify(Provider::Gcp, "N2 Instance Core running in Americas"), Verdict::Current);
        assert!(matches!(classify(Provider::Azure, "D2 v2"), Verdict::Priced(_)));
        assert_eq!(classify(Provider::Azure, "D4s v5"), Verdict::Current);
    }
}
