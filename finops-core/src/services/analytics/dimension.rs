//! What a ranking, a distribution or a monthly breakdown groups by.

use std::collections::HashMap;

use crate::model::{normalize_tag_key, ChargeCategory, Provider, ServiceCategory};
use crate::store::Labels;

/// A dimension of the cost data to group by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// ProviderName (`AWS`, `Microsoft`, `Google Cloud`, `Oracle`, `Other`).
    Provider,
    /// BillingAccountId.
    BillingAccount,
    /// SubAccountId; rows without one are `(none)`.
    SubAccount,
    /// ServiceName.
    Service,
    /// ServiceCategory.
    ServiceCategory,
    /// RegionId; rows without one are `(none)`.
    Region,
    /// ChargeCategory (`Usage`, `Purchase`, `Tax`, `Credit`, `Adjustment`).
    ChargeCategory,
    /// The value of a tag key (normalized, so `CostCenter` and `cost-center` are one key); rows without the
    /// key are `(untagged)`.
    Tag(String),
}

/// The label of rows with no value for a dimension that may be absent (sub account, region).
pub const NONE_LABEL: &str = "(none)";
/// The label of rows without the tag key a [`Dimension::Tag`] groups by.
pub const UNTAGGED_LABEL: &str = "(untagged)";
/// The label of the bucket that sums every value beyond the top N.
pub const OTHER_LABEL: &str = "Other";

impl Dimension {
    /// Parses a dimension name, ignoring case and separators: `provider`, `billing_account`, `sub_account`,
    /// `service`, `service_category`, `region`, `charge_category` (FOCUS column names such as `ServiceName`
    /// or `RegionId` too), or `tag:<key>`.
    pub fn parse(text: &str) -> Option<Dimension> {
        if let Some((prefix, key)) = text.split_once(':') {
            let key = normalize_tag_key(key);
            return (prefix.trim().eq_ignore_ascii_case("tag") && !key.is_empty()).then_some(Dimension::Tag(key));
        }
        let dimension = match crate::model::fold(text).as_str() {
            "provider" | "providername" | "serviceprovidername" => Dimension::Provider,
            "billingaccount" | "billingaccountid" | "account" => Dimension::BillingAccount,
            "subaccount" | "subaccountid" => Dimension::SubAccount,
            "service" | "servicename" => Dimension::Service,
            "servicecategory" => Dimension::ServiceCategory,
            "region" | "regionid" => Dimension::Region,
            "chargecategory" => Dimension::ChargeCategory,
            _ => return None,
        };
        Some(dimension)
    }

    /// The name [`Dimension::parse`] reads back (`service`, `tag:cost_center`).
    pub fn name(&self) -> String {
        match self {
            Dimension::Provider => "provider".into(),
            Dimension::BillingAccount => "billing_account".into(),
            Dimension::SubAccount => "sub_account".into(),
            Dimension::Service => "service".into(),
            Dimension::ServiceCategory => "service_category".into(),
            Dimension::Region => "region".into(),
            Dimension::ChargeCategory => "charge_category".into(),
            Dimension::Tag(key) => format!("tag:{}", normalize_tag_key(key)),
        }
    }

    /// The column of the daily frame whose ids or codes identify this dimension's values.
    pub(crate) fn column(&self) -> &'static str {
        use crate::store::daily_frame::columns as c;
        match self {
            Dimension::Provider => c::PROVIDER,
            Dimension::BillingAccount => c::BILLING_ACCOUNT,
            Dimension::SubAccount => c::SUB_ACCOUNT,
            Dimension::Service => c::SERVICE,
            Dimension::ServiceCategory => c::SERVICE_CATEGORY,
            Dimension::Region => c::REGION,
            Dimension::ChargeCategory => c::CHARGE_CATEGORY,
            Dimension::Tag(_) => c::TAG_SET,
        }
    }
}

impl Labels {
    /// A function naming the values of `dimension`'s column (ids or codes, null for none).
    pub(crate) fn namer<'a>(&'a self, dimension: &Dimension) -> impl Fn(Option<u32>) -> String + 'a {
        let tag_values = match dimension {
            Dimension::Tag(key) => self.tag_values(&normalize_tag_key(key)),
            _ => HashMap::new(),
        };
        let dimension = dimension.clone();
        let code_name = |name: Option<&'static str>, k: u32| name.map_or_else(|| k.to_string(), str::to_string);
        move |key: Option<u32>| match (&dimension, key) {
            (Dimension::Tag(_), set) => {
                set.and_then(|s| tag_values.get(&s)).map_or_else(|| UNTAGGED_LABEL.to_string(), |v| v.to_string())
            }
            (_, None) => NONE_LABEL.to_string(),
            (Dimension::Provider, Some(k)) => code_name(Provider::from_code(k.into()).map(Provider::as_str), k),
            (Dimension::ServiceCategory, Some(k)) => {
                code_name(ServiceCategory::from_code(k.into()).map(ServiceCategory::as_str), k)
            }
            (Dimension::ChargeCategory, Some(k)) => {
                code_name(ChargeCategory::from_code(k.into()).map(ChargeCategory::as_str), k)
            }
            (_, Some(k)) => self.text(k).to_string(),
        }
    }
}

impl std::fmt::Display for Dimension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl std::str::FromStr for Dimension {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dimension::parse(s).ok_or_else(|| {
            crate::Error::InvalidArgument(format!(
                "unknown dimension {s:?}: use provider, billing_account, sub_account, service, service_category, \
                 region, charge_category or tag:<key>"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_focus_columns() {
        assert_eq!(Dimension::parse("ServiceName"), Some(Dimension::Service));
        assert_eq!(Dimension::parse("sub-account"), Some(Dimension::SubAccount));
        assert_eq!(Dimension::parse("tag:CostCenter"), Some(Dimension::Tag("cost_center".into())));
        assert_eq!(Dimension::parse("tag:"), None);
        assert_eq!(Dimension::parse("color"), None);
        for d in [Dimension::Provider, Dimension::ChargeCategory, Dimension::Tag("team".into())] {
            assert_eq!(Dimension::parse(&d.name()), Some(d));
        }
    }
}
