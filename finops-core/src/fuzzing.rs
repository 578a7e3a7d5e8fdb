//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz) to reach parsers the public API only calls from
//! inside: the GCP credits column and the chat's offline question parser. Not part of the API: hidden from the
//! docs, and nothing else should call them.
//!
//! Everything else the fuzz targets exercise is public already ([`crate::ingest::read_line_items`],
//! [`crate::ingest::parse_decimal`], [`crate::model::Tags::parse_json`]...).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::services::chat::{parse_question, Known, Question};

/// The GCP `credits` column of one row, as the GCP mapper reads it: the credits' total and how many there are.
pub fn gcp_credits(text: &str) -> Option<(Decimal, usize)> {
    crate::ingest::gcp_credits(text)
}

/// Reads `question` as the offline analyst does, on `today`, in a database holding a few services, accounts,
/// regions, currencies and tag keys.
pub fn offline_question(question: &str, today: NaiveDate) -> Question {
    let known = Known {
        services: [
            "Amazon Elastic Compute Cloud",
            "Amazon Simple Storage Service",
            "Compute Engine",
            "Virtual Machines",
        ]
        .map(String::from)
        .into(),
        accounts: ["111122223333", "prod-subscription"].map(String::from).into(),
        regions: ["us-east-1", "westeurope"].map(String::from).into(),
        currencies: ["USD", "EUR"].map(String::from).into(),
        tag_keys: ["team", "cost_center"].map(String::from).into(),
    };
    parse_question(question, today, &known)
}
