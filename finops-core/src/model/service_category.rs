//! The lookup from a provider's service name to FOCUS ServiceCategory.
//!
//! Exports other than FOCUS carry no category; this table covers the services that make up nearly all
//! spend. Matching is by folded substring, most specific first, so `Amazon Elastic Container Registry`
//! is Compute while `Amazon Elastic Block Store` is Storage. Unknown services are `Other`, never guessed.

use super::enums::{fold, ServiceCategory};
use ServiceCategory::*;

const RULES: &[(&str, ServiceCategory)] = &[
    // Specific names first: they contain words that generic rules below would claim.
    ("elasticblockstore", Storage),
    ("containerregistry", Compute),
    ("loadbalanc", Networking),
    ("datatransfer", Networking),
    ("bandwidth", Networking),
    ("cloudfront", Networking),
    ("cdn", Networking),
    ("cloudtrail", ManagementAndGovernance),
    ("cloudwatch", ManagementAndGovernance),
    ("loganalytics", ManagementAndGovernance),
    ("monitor", ManagementAndGovernance),
    ("telemetry", ManagementAndGovernance),
    ("logging", ManagementAndGovernance),
    ("config", ManagementAndGovernance),
    ("support", ManagementAndGovernance),
    ("keyvault", Security),
    ("awskms", Security),
    ("keymanagement", Security),
    ("guardduty", Security),
    ("threatprotection", Security),
    ("datasecurity", Security),
    ("defender", Security),
    ("securitycenter", Security),
    ("awswaf", Security),
    ("secretsmanager", Security),
    ("cognito", Identity),
    ("activedirectory", Identity),
    ("entra", Identity),
    ("identity", Identity),
    ("sagemaker", AiAndMachineLearning),
    ("bedrock", AiAndMachineLearning),
    ("openai", AiAndMachineLearning),
    ("cognitiveservices", AiAndMachineLearning),
    ("vertexai", AiAndMachineLearning),
    ("machinelearning", AiAndMachineLearning),
    ("generativeai", AiAndMachineLearning),
    ("amazonrds", Databases),
    ("relationaldatabase", Databases),
    ("dynamodb", Databases),
    ("elasticache", Databases),
    ("redis", Databases),
    ("cosmos", Databases),
    ("sqldatabase", Databases),
    ("sqlmanagedinstance", Databases),
    ("databasefor", Databases),
    ("cloudsql", Databases),
    ("spanner", Databases),
    ("firestore", Databases),
    ("bigtable", Databases),
    ("autonomousdatabase", Databases),
    ("database", Databases),
    ("redshift", Analytics),
    ("athena", Analytics),
    ("glue", Analytics),
    ("kinesis", Analytics),
    ("bigquery", Analytics),
    ("dataflow", Analytics),
    ("databricks", Analytics),
    ("synapse", Analytics),
    ("datafactory", Analytics),
    ("elasticmapreduce", Analytics),
    ("quicksight", Analytics),
    ("opensearch", Analytics),
    ("amazonsqs", Integration),
    ("simplequeue", Integration),
    ("amazonsns", Integration),
    ("simplenotification", Integration),
    ("eventbridge", Integration),
    ("servicebus", Integration),
    ("eventhub", Integration),
    ("pubsub", Integration),
    ("apigateway", Web),
    ("apimanagement", Web),
    ("appservice", Web),
    ("amplify", Web),
    ("appengine", Web),
    ("route53", Networking),
    ("clouddns", Networking),
    ("virtualnetwork", Networking),
    ("vpc", Networking),
    ("vpn", Networking),
    ("natgateway", Networking),
    ("ipaddress", Networking),
    ("network", Networking),
    ("amazons3", Storage),
    ("simplestorage", Storage),
    ("glacier", Storage),
    ("filesystem", Storage),
    ("storage", Storage),
    ("backup", Storage),
    ("objectstorage", Storage),
    ("blockstorage", Storage),
    ("iot", InternetOfThings),
    ("mediaconvert", Media),
    ("media", Media),
    ("migration", Migration),
    ("codebuild", DeveloperTools),
    ("codepipeline", DeveloperTools),
    ("devops", DeveloperTools),
    ("cloudbuild", DeveloperTools),
    ("ec2", Compute),
    ("elasticcompute", Compute),
    ("lambda", Compute),
    ("fargate", Compute),
    ("amazonecs", Compute),
    ("kubernetes", Compute),
    ("containerservice", Compute),
    ("virtualmachine", Compute),
    ("computeengine", Compute),
    ("cloudrun", Compute),
    ("cloudfunctions", Compute),
    ("functions", Compute),
    ("compute", Compute),
    ("batch", Compute),
];

/// The FOCUS ServiceCategory of a provider's service name; `Other` when the service is not known.
pub fn service_category_for(service_name: &str) -> ServiceCategory {
    // Called once per row, but exports name few services: remember the answers (per thread, bounded).
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, ServiceCategory>> = Default::default();
    }
    SEEN.with(|seen| {
        if let Some(category) = seen.borrow().get(service_name) {
            return *category;
        }
        let key = fold(service_name);
        let category = RULES.iter().find(|(needle, _)| key.contains(needle)).map(|(_, c)| *c).unwrap_or(Other);
        let mut seen = seen.borrow_mut();
        if seen.len() > 10_000 {
            seen.clear();
        }
        seen.insert(service_name.to_string(), category);
        category
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_services_map_to_their_category() {
        assert_eq!(service_category_for("Amazon Elastic Compute Cloud"), Compute);
        assert_eq!(service_category_for("Amazon Simple Storage Service"), Storage);
        assert_eq!(service_category_for("Amazon Simple Queue Service"), Integration);
        assert_eq!(service_category_for("Virtual Machines"), Compute);
        assert_eq!(service_category_for("Azure Database for MySQL"), Databases);
        assert_eq!(service_category_for("Compute Engine"), Compute);
        assert_eq!(service_category_for("Elastic Load Balancing"), Networking);
        assert_eq!(service_category_for("AWS CloudTrail"), ManagementAndGovernance);
        assert_eq!(service_category_for("AmazonS3"), Storage);
        // "Web Services" must not match a storage abbreviation hidden inside it.
        assert_eq!(service_category_for("Amazon Web Services Marketplace"), Other);
        assert_eq!(service_category_for("Something Unheard Of"), Other);
    }
}
