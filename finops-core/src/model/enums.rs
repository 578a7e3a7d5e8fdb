//! The closed value lists of FOCUS, typed once when a row enters the system.
//!
//! Each enum parses the FOCUS spelling case-insensitively (exports vary in case and separators) and
//! prints the canonical spelling. The numeric codes are what the store keeps; they never change.

macro_rules! focus_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical FOCUS spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The stable code stored in the database.
            pub fn code(self) -> i64 {
                match self { $($name::$variant => $code),+ }
            }

            /// The value stored under `code`, if any.
            pub fn from_code(code: i64) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Parses the FOCUS spelling, ignoring case, spaces, hyphens and underscores.
            pub fn parse(text: &str) -> Option<Self> {
                // The canonical spelling first: what most rows hold, compared without folding anything.
                $(if text == $text { return Some($name::$variant); })+
                $(if fold_eq(text, $text) { return Some($name::$variant); })+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Lower-cases and drops separators so `Usage-Based`, `usage_based` and `UsageBased` compare equal.
pub(crate) fn fold(text: &str) -> String {
    folded(text).collect()
}

fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '/')).flat_map(char::to_lowercase)
}

/// `fold(a) == fold(b)`, without allocating.
pub(crate) fn fold_eq(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

focus_enum!(
    /// The cloud (or other) provider that issued the charge.
    Provider {
        /// Amazon Web Services.
        Aws = 1 => "AWS",
        /// Microsoft Azure.
        Azure = 2 => "Microsoft",
        /// Google Cloud.
        Gcp = 3 => "Google Cloud",
        /// Oracle Cloud Infrastructure.
        Oci = 4 => "Oracle",
        /// Anything else (a simple CSV, another provider's FOCUS export).
        Other = 9 => "Other",
    }
);

impl Provider {
    /// Maps a FOCUS `ProviderName` value (which providers spell in many ways) to a provider.
    pub fn from_provider_name(name: &str) -> Provider {
        let key = fold(name);
        if key.contains("amazon") || key == "aws" {
            Provider::Aws
        } else if key.contains("microsoft") || key.contains("azure") {
            Provider::Azure
        } else if key.contains("google") || key == "gcp" {
            Provider::Gcp
        } else if key.contains("oracle") || key == "oci" {
            Provider::Oci
        } else {
            Provider::Other
        }
    }
}

focus_enum!(
    /// FOCUS ChargeCategory: the highest-level classification of a charge.
    ChargeCategory {
        /// Consumption of a service.
        Usage = 1 => "Usage",
        /// Up-front or recurring purchase (commitments, subscriptions, fees).
        Purchase = 2 => "Purchase",
        /// Taxes.
        Tax = 3 => "Tax",
        /// Credits (negative).
        Credit = 4 => "Credit",
        /// Adjustments such as rounding, of any sign.
        Adjustment = 5 => "Adjustment",
    }
);

focus_enum!(
    /// FOCUS ChargeClass: marks a row that corrects an earlier one.
    ChargeClass {
        /// A correction of a previously invoiced charge (refunds included).
        Correction = 1 => "Correction",
    }
);

focus_enum!(
    /// FOCUS ChargeFrequency.
    ChargeFrequency {
        /// Charged once.
        OneTime = 1 => "One-Time",
        /// Charged on a schedule.
        Recurring = 2 => "Recurring",
        /// Charged by consumption.
        UsageBased = 3 => "Usage-Based",
    }
);

focus_enum!(
    /// FOCUS PricingCategory.
    PricingCategory {
        /// On-demand list pricing.
        Standard = 1 => "Standard",
        /// Market-driven pricing (spot, preemptible).
        Dynamic = 2 => "Dynamic",
        /// Priced through a commitment discount.
        Committed = 3 => "Committed",
        /// Anything else.
        Other = 4 => "Other",
    }
);

focus_enum!(
    /// FOCUS CommitmentDiscountCategory.
    CommitmentDiscountCategory {
        /// A commitment of spend (Savings Plans).
        Spend = 1 => "Spend",
        /// A commitment of usage (reservations).
        Usage = 2 => "Usage",
    }
);

focus_enum!(
    /// FOCUS CommitmentDiscountStatus.
    CommitmentDiscountStatus {
        /// The commitment covered usage.
        Used = 1 => "Used",
        /// The commitment went unused.
        Unused = 2 => "Unused",
    }
);

focus_enum!(
    /// FOCUS ServiceCategory: a closed list.
    ServiceCategory {
        /// AI and Machine Learning.
        AiAndMachineLearning = 1 => "AI and Machine Learning",
        /// Analytics.
        Analytics = 2 => "Analytics",
        /// Business Applications.
        BusinessApplications = 3 => "Business Applications",
        /// Compute.
        Compute = 4 => "Compute",
        /// Databases.
        Databases = 5 => "Databases",
        /// Developer Tools.
        DeveloperTools = 6 => "Developer Tools",
        /// Multicloud.
        Multicloud = 7 => "Multicloud",
        /// Identity.
        Identity = 8 => "Identity",
        /// Integration.
        Integration = 9 => "Integration",
        /// Internet of Things.
        InternetOfThings = 10 => "Internet of Things",
        /// Management and Governance.
        ManagementAndGovernance = 11 => "Management and Governance",
        /// Media.
        Media = 12 => "Media",
        /// Migration.
        Migration = 13 => "Migration",
        /// Mobile.
        Mobile = 14 => "Mobile",
        /// Networking.
        Networking = 15 => "Networking",
        /// Security.
        Security = 16 => "Security",
        /// Storage.
        Storage = 17 => "Storage",
        /// Web.
        Web = 18 => "Web",
        /// Other.
        Other = 19 => "Other",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spelling_variants() {
        assert_eq!(ChargeFrequency::parse("usage_based"), Some(ChargeFrequency::UsageBased));
        assert_eq!(ChargeFrequency::parse("UsageBased"), Some(ChargeFrequency::UsageBased));
        assert_eq!(ChargeCategory::parse("PURCHASE"), Some(ChargeCategory::Purchase));
        assert_eq!(ServiceCategory::parse("ai and machine learning"), Some(ServiceCategory::AiAndMachineLearning));
        assert_eq!(ChargeCategory::parse("Refund"), None);
    }

    #[test]
    fn codes_round_trip() {
        for c in ServiceCategory::ALL {
            assert_eq!(ServiceCategory::from_code(c.code()), Some(*c));
        }
        assert_eq!(Provider::from_provider_name("Amazon Web Services, Inc."), Provider::Aws);
        assert_eq!(Provider::from_provider_name("Microsoft"), Provider::Azure);
    }
}
