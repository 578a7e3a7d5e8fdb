//! The global filter every query takes: dates, providers, accounts, services, regions, tags, charge
//! categories, currency, and the cost metric analyses sum. Translated once into SQL with bound parameters
//! (for line items) or into polars expressions (for the analytics service).

mod metric;
mod period;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{ChargeCategory, Provider, ServiceCategory};
pub use metric::CostMetric;
pub(crate) use period::{month_end, month_start, next_month_start, previous_month_start};
pub use period::{previous_period, DatePreset};

/// A condition on tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagFilter {
    /// The tag (normalized key) has exactly this value.
    Equals {
        /// Tag key; normalized before matching.
        key: String,
        /// Value, compared exactly.
        value: String,
    },
    /// The tag is present, whatever its value.
    Present {
        /// Tag key; normalized before matching.
        key: String,
    },
    /// The tag is absent (untagged for this key).
    Missing {
        /// Tag key; normalized before matching.
        key: String,
    },
    /// The row has no tags at all.
    Untagged,
}

/// Which line items a query looks at. The default selects everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// First day included (UTC), on ChargePeriodStart.
    pub start: Option<NaiveDate>,
    /// Last day included (UTC), on ChargePeriodStart.
    pub end: Option<NaiveDate>,
    /// Providers (any of).
    pub providers: Vec<Provider>,
    /// Billing account ids (any of).
    pub billing_accounts: Vec<String>,
    /// Sub-account ids (any of).
    pub sub_accounts: Vec<String>,
    /// Service names (any of).
    pub services: Vec<String>,
    /// Service categories (any of).
    pub service_categories: Vec<ServiceCategory>,
    /// Region ids (any of).
    pub regions: Vec<String>,
    /// Resource ids (any of).
    pub resource_ids: Vec<String>,
    /// Charge categories (any of).
    pub charge_categories: Vec<ChargeCategory>,
    /// Tag conditions (all of).
    pub tags: Vec<TagFilter>,
    /// Billing currency. Without [`Filter::rates`], only rows billed in it are selected. With rates, it is
    /// the currency results are converted into.
    pub currency: Option<String>,
    /// Conversion rates into [`Filter::currency`]: units of it per unit of each key (`{"EUR": 1.08}` with
    /// currency `USD`). Rows in those currencies are selected too and converted; rows already in the target
    /// need no rate. Analyses never add two currencies: without rates, a selection spanning several is an
    /// error ([`crate::Error::MixedCurrencies`]).
    pub rates: BTreeMap<String, f64>,
    /// The cost column analyses sum (EffectiveCost by default). Line-item queries return every column.
    pub metric: CostMetric,
}
