//! Google Cloud's BigQuery billing export (standard schema), flattened to CSV or read as JSON lines
//! (nested fields become dotted columns: `service.description`, `invoice.month`; underscore spellings
//! such as `service_description` are the same columns to [`Columns`]).
//!
//! Decisions, beyond provider-mappings.md:
//! - `credits` live inside each row: EffectiveCost = cost + the sum of their (negative) amounts; the sum
//!   is kept as `x_Credits`. A committed-use-discount credit makes the row Committed usage of that commitment.
//! - BillingPeriod is the invoice month in UTC. Google defines invoice months in Pacific time, so a period
//!   boundary here can differ from Google's by the UTC offset; rows are never moved between months.
//! - Tags merge `project.labels`, `tags` and `labels` (resource labels win on a repeated key).
//!   `system_labels` are Google's resource metadata (`compute.googleapis.com/cores`), not allocation
//!   keys, and are skipped.
//! - Exports flattened with Python (`str()` of a list) write `[{'key': 'app', 'value': 'web'}]`; such
//!   Python literals are read as the JSON they stand for.

use std::path::Path;

use rust_decimal::Decimal;
use serde_json::Value;

use super::values::{month_start, next_month_start, parse_date, parse_decimal};
use super::{Columns, Mapper, PassThrough, Row};
use crate::error::Result;
use crate::model::*;

const FORMAT: &str = "GCP billing export";

pub(super) fn matches(c: &Columns) -> bool {
    c.has(&["billing_account_id"]) && c.has(&["cost"]) && c.has(&["service.description"])
}

/// Column indices of a GCP billing export header.
pub(super) struct GcpMapper {
    billing_account: usize,
    cost: usize,
    usage_start: usize,
    usage_end: Option<usize>,
    invoice_month: Option<usize>,
    project: Option<usize>,
    currency: Option<usize>,
    service: Option<usize>,
    sku_description: Option<usize>,
    region: Option<usize>,
    resource: Option<usize>,
    pricing_quantity: Option<usize>,
    usage_amount: Option<usize>,
    usage_unit: Option<usize>,
    credits: Option<usize>,
    cost_at_list: Option<usize>,
    cost_type: Option<usize>,
    labels: [Option<usize>; 3],
    seller: Option<usize>,
    pass_through: PassThrough,
}

/// Attributes copied as they are: (FOCUS or `x_` column, GCP aliases).
const PASS_THROUGH: &[(&str, &[&str])] = &[
    ("SubAccountName", &["project.name"]),
    ("SkuId", &["sku.id"]),
    ("SkuMeter", &["sku.description"]),
    ("ChargeDescription", &["sku.description"]),
    ("AvailabilityZone", &["location.zone"]),
    ("ResourceName", &["resource.name"]),
    ("PricingUnit", &["usage.pricing_unit"]),
    ("x_ServiceId", &["service.id"]),
    ("x_CostType", &["cost_type"]),
];

impl GcpMapper {
    pub(super) fn new(path: &Path, c: &Columns) -> Result<Self> {
        Ok(GcpMapper {
            billing_account: c.require(path, FORMAT, &["billing_account_id"])?,
            cost: c.require(path, FORMAT, &["cost"])?,
            usage_start: c.require(path, FORMAT, &["usage_start_time"])?,
            usage_end: c.find(&["usage_end_time"]),
            invoice_month: c.find(&["invoice.month"]),
            project: c.find(&["project.id"]),
            currency: c.find(&["currency"]),
            service: c.find(&["service.description"]),
            sku_description: c.find(&["sku.description"]),
            region: c.find(&["location.region", "location.location"]),
            resource: c.find(&["resource.global_name"]),
            pricing_quantity: c.find(&["usage.amount_in_pricing_units"]),
            usage_amount: c.find(&["usage.amount"]),
            usage_unit: c.find(&["usage.unit"]),
            credits: c.find(&["credits"]),
            cost_at_list: c.find(&["cost_at_list"]),
            cost_type: c.find(&["cost_type"]),
            labels: [c.find(&["project.labels"]), c.find(&["tags"]), c.find(&["labels"])],
            seller: c.find(&["seller_name"]),
            pass_through: PassThrough::new(c, PASS_THROUGH),
        })
    }
}

/// The credits of one row: their total, and the committed-use discount among them, if any.
struct Credits {
    total: Decimal,
    count: usize,
    commitment: Option<(CommitmentDiscountCategory, String, Option<String>)>,
}

/// The credits' total and count (for the fuzz targets, `crate::fuzzing`).
pub(crate) fn credits_total(text: &str) -> Option<(Decimal, usize)> {
    parse_credits(text).map(|c| (c.total, c.count))
}

fn parse_credits(text: &str) -> Option<Credits> {
    let value: Value =
        serde_json::from_str(text).or_else(|_| serde_json::from_str(&python_literal_to_json(text))).ok()?;
    let items = value.as_array()?;
    let mut credits = Credits { total: Decimal::ZERO, count: items.len(), commitment: None };
    for credit in items {
        let amount = match credit.get("amount")? {
            Value::Number(n) => parse_decimal(&n.to_string())?,
            Value::String(s) => parse_decimal(s)?,
            _ => return None,
        };
        credits.total = credits.total.checked_add(amount)?;
        let field = |k: &str| credit.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
        let category = match field("type").as_deref() {
            Some("COMMITTED_USAGE_DISCOUNT") => CommitmentDiscountCategory::Usage,
            Some("COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE") => CommitmentDiscountCategory::Spend,
            _ => continue,
        };
        if let (None, Some(id)) = (&credits.commitment, field("id").or_else(|| field("name"))) {
            credits.commitment = Some((category, id, field("full_name").or_else(|| field("name"))));
        }
    }
    Some(credits)
}

/// Rewrites a Python literal (`[{'key': 'a', 'value': None}]`) as JSON: quotes strings with `"` and spells
/// `None`, `True`, `False` as JSON does. Text that is already JSON comes out unchanged.
fn python_literal_to_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push('"');
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => match chars.next() {
                            Some('\'') => out.push('\''),
                            Some(n) => out.extend(['\\', n]),
                            None => {}
                        },
                        s if s == c => break,
                        '"' => out.push_str("\\\""),
                        s => out.push(s),
                    }
                }
                out.push('"');
            }
            c if c.is_ascii_alphabetic() => {
                let mut word = c.to_string();
                while let Some(n) = chars.next_if(|n| n.is_ascii_alphanumeric()) {
                    word.push(n);
                }
                out.push_str(match word.as_str() {
                    "None" => "null",
                    "True" => "true",
                    "False" => "false",
                    w => w,
                });
            }
            c => out.push(c),
        }
    }
    out
}

impl Mapper for GcpMapper {
    fn currency_column(&self) -> Option<usize> {
        self.currency
    }

    fn map(&mut self, row: &Row<'_>) -> Result<Option<LineItem>> {
        let usage_start = row.required_timestamp(self.usage_start)?;
        let usage_end = row.timestamp(self.usage_end)?.unwrap_or(usage_start);
        let billing_start = match row.text(self.invoice_month) {
            Some(month) => match parse_date(&format!("{month}01")) {
                Some(d) => month_start(d.and_time(chrono::NaiveTime::MIN).and_utc()),
                None => return Err(row.bad(self.invoice_month.unwrap_or(0), month, "not an invoice month (YYYYMM)")),
            },
            None => month_start(usage_start),
        };
        let category = match row.text(self.cost_type).map(str::to_ascii_lowercase).as_deref() {
            None | Some("regular") => ChargeCategory::Usage,
            Some("tax") => ChargeCategory::Tax,
            Some(_) => ChargeCategory::Adjustment,
        };
        let service = row.text(self.service).unwrap_or("Unknown");
        let mut item = LineItem::new(
            Provider::Gcp,
            row.required_text(self.billing_account)?,
            row.text(self.currency).unwrap_or_default(),
            (billing_start, next_month_start(billing_start)),
            (usage_start, usage_end),
            category,
            service,
        );
        let cost = row.required_decimal(self.cost)?;
        let credits = match row.text(self.credits) {
            None => None,
            Some(text) => Some(
                parse_credits(text).ok_or_else(|| row.bad(self.credits.unwrap_or(0), text, "not a list of credits"))?,
            ),
        };
        item.billed_cost = cost;
        item.effective_cost = cost
            .checked_add(credits.as_ref().map_or(Decimal::ZERO, |c| c.total))
            .ok_or_else(|| row.bad(self.cost, "", "cost plus credits is out of range"))?;
        item.list_cost = row.decimal(self.cost_at_list)?.unwrap_or(cost);
        item.contracted_cost = cost;
        if let Some(c) = credits.as_ref().filter(|c| c.count > 0) {
            item.set_attribute("x_Credits", Some(&c.total.normalize().to_string()));
        }
        let sku = row.text(self.sku_description).unwrap_or("");
        item.pricing_category = match credits.and_then(|c| c.commitment) {
            Some((cd_category, id, name)) => {
                item.commitment_discount_id = Some(id);
                item.commitment_discount_category = Some(cd_category);
                item.commitment_discount_status = Some(CommitmentDiscountStatus::Used);
                item.set_attribute("CommitmentDiscountName", name.as_deref());
                item.set_attribute("CommitmentDiscountType", Some("Committed Use Discount"));
                Some(PricingCategory::Committed)
            }
            None if category != ChargeCategory::Usage => None,
            None if sku.contains("Preemptible") || sku.contains("Spot") => Some(PricingCategory::Dynamic),
            None => Some(PricingCategory::Standard),
        };
        if category == ChargeCategory::Usage {
            item.charge_frequency = Some(ChargeFrequency::UsageBased);
        }
        item.pricing_quantity = row.decimal(self.pricing_quantity)?;
        item.consumed_quantity = row.decimal(self.usage_amount)?;
        item.set_attribute("ConsumedUnit", row.text(self.usage_unit));
        item.sub_account_id = row.text(self.project).map(str::to_string);
        item.set_attribute("SubAccountType", row.text(self.project).map(|_| "Project"));
        item.service_category = service_category_for(service);
        item.region_id = row.text(self.region).map(str::to_string);
        item.resource_id = row.text(self.resource).map(str::to_string);
        for col in self.labels.iter().flatten() {
            let Some(text) = row.text(Some(*col)) else { continue };
            let tags = Tags::parse_json(text)
                .or_else(|| Tags::parse_json(&python_literal_to_json(text)))
                .ok_or_else(|| row.bad(*col, text, "not a list of labels"))?;
            for tag in tags.iter() {
                item.tags.insert(&tag.raw_key, &tag.value);
            }
        }
        item.set_attribute("InvoiceIssuerName", Some("Google"));
        item.set_attribute("PublisherName", row.text(self.seller).or(Some("Google")));
        self.pass_through.copy(row, &mut item);
        Ok(Some(item))
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::ingest::{read_line_items, Format, ReadOptions};

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn read(path: &Path) -> Vec<LineItem> {
        let (format, items) = read_line_items(path, &ReadOptions::default()).unwrap();
        assert_eq!(format, Format::GcpBilling);
        items
    }

    #[test]
    fn credits_lower_effective_cost_and_name_the_commitment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gcp.csv");
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record([
            "billing_account_id",
            "service.description",
            "sku.description",
            "usage_start_time",
            "usage_end_time",
            "project.id",
            "labels",
            "project.labels",
            "cost",
            "currency",
            "credits",
            "invoice.month",
            "cost_type",
        ])
        .unwrap();
        let cud = r#"[{"name":"Committed usage discount: CPU","amount":-3.5,"full_name":"CUD: CPU","id":"cud-1","type":"COMMITTED_USAGE_DISCOUNT"},{"name":"Sustained","amount":-0.25,"type":"SUSTAINED_USAGE_DISCOUNT"}]"#;
        let flex =
            "[{'name': 'Flex CUD', 'amount': -1.0, 'id': 'flex-1', 'type': 'COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE'}]";
        let labels = "[{'key': 'app', 'value': 'web'}]";
        let start = "2023-09-30 23:00:00+00:00";
        w.write_record([
            "A-1",
            "Compute Engine",
            "N2 Core",
            start,
            "",
            "p-1",
            labels,
            r#"[{"key":"team","value":"x"}]"#,
            "10.00",
            "EUR",
            cud,
            "202310",
            "regular",
        ])
        .unwrap();
        w.write_record([
            "A-1",
            "Compute Engine",
            "N2 Ram",
            start,
            "",
            "p-1",
            "[]",
            "[]",
            "4",
            "EUR",
            flex,
            "202310",
            "regular",
        ])
        .unwrap();
        w.write_record(["A-1", "Compute Engine", "Tax", start, "", "p-1", "", "", "0.5", "EUR", "[]", "", "tax"])
            .unwrap();
        w.flush().unwrap();
        let items = read(&path);
        // cost + credits: 10 - 3.5 - 0.25, 4 - 1, 0.5 + 0.
        let effective: Vec<Decimal> = items.iter().map(|i| i.effective_cost).collect();
        assert_eq!(effective, [d("6.25"), d("3"), d("0.5")]);
        assert_eq!(items.iter().map(|i| i.billed_cost).sum::<Decimal>(), d("14.5"));
        assert_eq!(items[0].attributes.get("x_Credits"), Some("-3.75"));
        assert_eq!(items[0].commitment_discount_id.as_deref(), Some("cud-1"));
        assert_eq!(items[0].commitment_discount_category, Some(CommitmentDiscountCategory::Usage));
        assert_eq!(items[1].commitment_discount_category, Some(CommitmentDiscountCategory::Spend));
        assert_eq!(items[1].pricing_category, Some(PricingCategory::Committed));
        assert_eq!((items[2].charge_category, items[2].pricing_category), (ChargeCategory::Tax, None));
        // Invoice month October although usage started on 30 September (UTC).
        assert_eq!(items[0].billing_period_start.to_rfc3339(), "2023-10-01T00:00:00+00:00");
        assert_eq!(items[0].billing_period_end.to_rfc3339(), "2023-11-01T00:00:00+00:00");
        assert_eq!(items[2].billing_period_start.to_rfc3339(), "2023-09-01T00:00:00+00:00");
        assert_eq!((items[0].tags.get("app"), items[0].tags.get("team")), (Some("web"), Some("x")));
        assert_eq!(items[0].billing_currency, "EUR");
    }

    #[test]
    fn json_lines_export_maps_like_csv() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.jsonl");
        let line = r#"{"billing_account_id":"A-2","service":{"description":"BigQuery"},"cost":1.25,"currency":"USD","usage_start_time":"2023-10-02T00:00:00Z","usage_end_time":"2023-10-02T01:00:00Z","credits":[{"amount":-0.25,"type":"PROMOTION"}],"invoice":{"month":"202310"},"cost_type":"regular","tags":[{"key":"env","value":"prod"}]}"#;
        std::fs::write(&path, format!("{line}\n")).unwrap();
        let items = read(&path);
        assert_eq!((items[0].billed_cost, items[0].effective_cost), (d("1.25"), d("1.00")));
        assert_eq!((items[0].service_name.as_str(), items[0].tags.get("env")), ("BigQuery", Some("prod")));
        assert_eq!(items[0].commitment_discount_id, None);
    }

    #[test]
    fn python_literals_read_as_json() {
        assert_eq!(
            python_literal_to_json("[{'k': 'it\\'s \"x\"', 'n': None, 'b': True, 'f': -1e-05}]"),
            r#"[{"k": "it's \"x\"", "n": null, "b": true, "f": -1e-05}]"#
        );
        assert_eq!(python_literal_to_json(r#"[{"a":"b"}]"#), r#"[{"a":"b"}]"#);
    }

    #[test]
    fn koku_sample_matches_independent_sums() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/gcp/gcp_bq_export_2020-10_koku_tmp_example.csv"
        ));
        let items = read(path);
        // Python: csv.DictReader, sum(Decimal(cost)) = 0.355562 over 292 rows; every `credits` is `[]`.
        assert_eq!(items.len(), 292);
        let billed: Decimal = items.iter().map(|i| i.billed_cost).sum();
        let effective: Decimal = items.iter().map(|i| i.effective_cost).sum();
        assert_eq!((billed, effective), (d("0.355562"), d("0.355562")));
        // Python: ast.literal_eval of `labels` and `project.labels`: 283 rows carry at least one tag,
        // 169 the project label foo=bar. System labels are not tags.
        assert_eq!(items.iter().filter(|i| !i.tags.is_empty()).count(), 283);
        assert_eq!(items.iter().filter(|i| i.tags.get("foo") == Some("bar")).count(), 169);
        assert!(items.iter().all(|i| i.tags.iter().all(|t| !t.raw_key.contains("googleapis"))));
    }
}
