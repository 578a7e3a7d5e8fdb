//! Which FOCUS cost column a query sums.

/// The cost metric an analysis sums. All four are in BillingCurrency and never null (FOCUS 1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum CostMetric {
    /// `BilledCost`: what the invoice charges, no amortization.
    Billed,
    /// `EffectiveCost`: amortized, after every discount. What most FinOps reports show.
    #[default]
    Effective,
    /// `ListCost`: at public prices.
    List,
    /// `ContractedCost`: at negotiated prices, before commitment discounts.
    Contracted,
}

impl CostMetric {
    /// Every metric.
    pub const ALL: [CostMetric; 4] =
        [CostMetric::Billed, CostMetric::Effective, CostMetric::List, CostMetric::Contracted];

    /// The FOCUS column name (`EffectiveCost`...).
    pub fn column(self) -> &'static str {
        match self {
            CostMetric::Billed => "BilledCost",
            CostMetric::Effective => "EffectiveCost",
            CostMetric::List => "ListCost",
            CostMetric::Contracted => "ContractedCost",
        }
    }

    /// The short name (`effective`...).
    pub fn as_str(self) -> &'static str {
        match self {
            CostMetric::Billed => "billed",
            CostMetric::Effective => "effective",
            CostMetric::List => "list",
            CostMetric::Contracted => "contracted",
        }
    }

    /// Parses the short name or the FOCUS column name, ignoring case and separators
    /// (`effective`, `EffectiveCost`, `effective_cost`).
    pub fn parse(text: &str) -> Option<CostMetric> {
        let key = crate::model::fold(text);
        let key = key.strip_suffix("cost").unwrap_or(&key);
        CostMetric::ALL.into_iter().find(|m| m.as_str() == key)
    }
}

impl std::fmt::Display for CostMetric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.column())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_focus_names() {
        assert_eq!(CostMetric::parse("Effective"), Some(CostMetric::Effective));
        assert_eq!(CostMetric::parse("BilledCost"), Some(CostMetric::Billed));
        assert_eq!(CostMetric::parse("contracted_cost"), Some(CostMetric::Contracted));
        assert_eq!(CostMetric::parse("amortized"), None);
        assert_eq!(CostMetric::default(), CostMetric::Effective);
    }
}
