//! The savings opportunities the generated data contains, recorded in the manifest as labels for the
//! recommendations: the planted ones (gp2 volumes, previous-generation instances, idle addresses) and the
//! ones intrinsic to the fleet (dev machines running 24/7, uncovered steady compute, an over-bought
//! reservation, buckets nobody reads, untagged resources).
//!
//! Expected amounts come from the simulation's own prices and its own record of what it billed, never
//! from the recommendations code: they are the oracle it is tested against.

use serde::{Deserialize, Serialize};

/// Average days in a month (365.25 / 12), the same convention the recommendations state.
pub(super) const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// One opportunity in the generated data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    /// The recommendation rule code that should find it (`gp2-to-gp3`, `commitment`...).
    pub rule: String,
    /// FOCUS `ProviderName`.
    pub provider: String,
    /// FOCUS `SubAccountId`, or `BillingAccountId` for organisation-wide findings (commitments).
    pub account: String,
    /// ResourceId, or the scope of an aggregate finding: `BoxUsage` (a Savings Plan), `<region>|<usage type>`
    /// (a reservation), the commitment's id (unused commitment), `untagged`.
    pub key: String,
    /// What it costs per average month (EffectiveCost of the period's last 30 days × 30.44 / 30).
    pub monthly_cost: f64,
    /// Expected saving per average month (0 for allocation findings and unused commitments).
    pub monthly_saving: f64,
    /// Currency of both amounts.
    pub currency: String,
    /// Planted by the generator on purpose (false: intrinsic to the simulated fleet).
    pub planted: bool,
}

/// The net saving per hour of the best commitment over `hourly` on-demand spend at `price` (the committed
/// price as a fraction of on-demand), found by scanning coverage levels on a fine grid: deliberately not the
/// exact method the recommendations use, so each checks the other.
pub(super) fn best_commitment_saving(hourly: &[f64], price: f64) -> f64 {
    let top = hourly.iter().copied().fold(0.0, f64::max);
    let n = hourly.len() as f64;
    (0..=4000)
        .map(|step| {
            let x = top * f64::from(step) / 4000.0;
            hourly.iter().map(|s| s.min(x)).sum::<f64>() - price * x * n
        })
        .fold(0.0, f64::max)
        / n.max(1.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn grid_search_finds_the_hand_computed_optimum() {
        // [10, 10, 10, 4] at 72% of on-demand: covering 10 saves 34 − 28.8 = 5.2 over 4 hours.
        assert!((super::best_commitment_saving(&[10.0, 10.0, 10.0, 4.0], 0.72) - 1.3).abs() < 1e-9);
    }
}
