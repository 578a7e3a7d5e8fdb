//! Simple cost tables, as small providers' invoices and hand-kept spreadsheets look: a date and a cost per
//! row, optionally service, account, region, currency, resource, description and tags.
//!
//! Decisions:
//! - Recognised by a date column and a cost column, and only when no other format claims the header
//!   (an Azure file has `Date` and `Cost` too).
//! - Defaults: service `Unknown`, account `default`, currency from [`super::ReadOptions`] else `USD`,
//!   provider `Other` unless a `provider` column names a known one.
//! - The charge covers the row's day; with an `end_date`, up to it. A date-only `end_date` is the last day
//!   included (as invoices write ranges), a timestamp is the exclusive end.
//! - All four cost metrics are the cost: such tables know no list prices or amortization.
//! - A row with neither a date nor a cost (a spreadsheet's blank line) is skipped.

use std::path::Path;

use chrono::Duration;

use super::values::{month_start, next_month_start, parse_date};
use super::{Columns, Mapper, Row};
use crate::error::Result;
use crate::model::*;

const FORMAT: &str = "simple CSV";
const DATE: &[&str] = &["date", "day", "usage_date", "invoice_date", "billing_date"];
const COST: &[&str] = &["cost", "amount", "total", "total_cost", "billed_cost"];

pub(super) fn matches(c: &Columns) -> bool {
    c.has(DATE)
        && c.has(COST)
        && !(super::focus::matches(c)
            || super::oci::matches(c)
            || super::aws::matches_legacy(c)
            || super::aws::matches_cur2(c)
            || super::gcp::matches(c)
            || super::azure::matches(c))
}

/// Column indices of a simple cost table.
pub(super) struct SimpleMapper {
    date: usize,
    end_date: Option<usize>,
    cost: usize,
    service: Option<usize>,
    account: Option<usize>,
    region: Option<usize>,
    currency: Option<usize>,
    /// The currency of every row when the file has no currency column: `default_currency`, else USD.
    no_column_currency: String,
    resource: Option<usize>,
    description: Option<usize>,
    provider: Option<usize>,
    tags: Option<usize>,
    tag_columns: Vec<(usize, String)>,
}

impl SimpleMapper {
    pub(super) fn new(path: &Path, c: &Columns, options: &super::ReadOptions) -> Result<Self> {
        let tag_columns = c
            .names()
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                let prefix =
                    name.get(..4).filter(|p| p.eq_ignore_ascii_case("tag:") || p.eq_ignore_ascii_case("tag_"))?;
                Some((i, name[prefix.len()..].to_string()))
            })
            .collect();
        Ok(SimpleMapper {
            date: c.require(path, FORMAT, DATE)?,
            end_date: c.find(&["end_date"]),
            cost: c.require(path, FORMAT, COST)?,
            service: c.find(&["service", "service_name", "product"]),
            account: c.find(&["account", "account_id", "billing_account"]),
            region: c.find(&["region"]),
            currency: c.find(&["currency"]),
            no_column_currency: options.default_currency.clone().unwrap_or_else(|| "USD".to_string()),
            resource: c.find(&["resource", "resource_id"]),
            description: c.find(&["description"]),
            provider: c.find(&["provider"]),
            tags: c.find(&["tags"]),
            tag_columns,
        })
    }
}

impl Mapper for SimpleMapper {
    fn currency_column(&self) -> Option<usize> {
        self.currency
    }

    fn map(&mut self, row: &Row<'_>) -> Result<Option<LineItem>> {
        if row.text(Some(self.date)).is_none() && row.text(Some(self.cost)).is_none() {
            return Ok(None);
        }
        let start = row.required_timestamp(self.date)?;
        let end = match (row.text(self.end_date), row.timestamp(self.end_date)?) {
            (Some(text), Some(end)) if parse_date(text).is_some() => end + Duration::days(1),
            (_, Some(end)) => end,
            (_, None) => start + Duration::days(1),
        };
        let service = row.text(self.service).unwrap_or("Unknown");
        let mut item = LineItem::new(
            row.text(self.provider).map_or(Provider::Other, Provider::from_provider_name),
            row.text(self.account).unwrap_or("default"),
            match self.currency {
                Some(_) => row.text(self.currency).unwrap_or_default(),
                None => &self.no_column_currency,
            },
            (month_start(start), next_month_start(start)),
            (start, end),
            ChargeCategory::Usage,
            service,
        );
        let cost = row.required_decimal(self.cost)?;
        item.billed_cost = cost;
        item.effective_cost = cost;
        item.list_cost = cost;
        item.contracted_cost = cost;
        item.service_category = service_category_for(service);
        item.region_id = row.text(self.region).map(str::to_string);
        item.resource_id = row.text(self.resource).map(str::to_string);
        item.set_attribute("ChargeDescription", row.text(self.description));
        item.tags = row.tags(self.tags)?;
        for (col, key) in &self.tag_columns {
            if let Some(value) = row.text(Some(*col)) {
                item.tags.insert(key, value);
            }
        }
        Ok(Some(item))
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::*;
    use crate::ingest::{read_line_items, Format, ReadOptions};

    #[test]
    fn defaults_and_optional_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("invoice.csv");
        std::fs::write(
            &path,
            "Date,Service,Cost,tags,tag:Team\n2024-03-05,Object Storage,12.50,\"{\"\"env\"\": \"\"prod\"\"}\",data\n,,,,\n2024-03-06,,0.5,,\n",
        )
        .unwrap();
        let options = ReadOptions { default_currency: Some("EUR".into()) };
        let (format, items) = read_line_items(&path, &options).unwrap();
        assert_eq!((format, items.len()), (Format::SimpleCsv, 2));
        let first = &items[0];
        assert_eq!(
            (first.provider, first.billing_account_id.as_str(), first.billing_currency.as_str()),
            (Provider::Other, "default", "EUR")
        );
        let cost = Decimal::from_str("12.50").unwrap();
        assert_eq!([first.billed_cost, first.effective_cost, first.list_cost, first.contracted_cost], [cost; 4]);
        assert_eq!((first.tags.get("env"), first.tags.get("team")), (Some("prod"), Some("data")));
        assert_eq!(first.service_category, ServiceCategory::Storage);
        assert_eq!(first.charge_period_end.to_rfc3339(), "2024-03-06T00:00:00+00:00");
        assert_eq!(first.billing_period_end.to_rfc3339(), "2024-04-01T00:00:00+00:00");
        assert_eq!(items[1].service_name, "Unknown");
        // Without an option, USD.
        assert_eq!(read_line_items(&path, &ReadOptions::default()).unwrap().1[0].billing_currency, "USD");
    }

    #[test]
    fn ranges_accounts_and_providers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vendors.csv");
        std::fs::write(
            &path,
            "invoice_date,end_date,amount,account_id,provider,currency,region\n\
             2024-01-01,2024-01-31,100,acc-9,Amazon Web Services,USD,us-east-1\n\
             2024-01-01,2024-02-01T00:00:00Z,7,acc-9,Hetzner,EUR,\n",
        )
        .unwrap();
        let (_, items) = read_line_items(&path, &ReadOptions::default()).unwrap();
        // A date-only end is the last day included; a timestamp is already exclusive.
        assert_eq!(items[0].charge_period_end.to_rfc3339(), "2024-02-01T00:00:00+00:00");
        assert_eq!(items[1].charge_period_end.to_rfc3339(), "2024-02-01T00:00:00+00:00");
        assert_eq!((items[0].provider, items[1].provider), (Provider::Aws, Provider::Other));
        assert_eq!((items[0].billing_account_id.as_str(), items[0].region_id.as_deref()), ("acc-9", Some("us-east-1")));
    }

    #[test]
    fn never_claims_another_format() {
        let azure = super::super::Columns::new(["Date", "Cost", "MeterCategory"].map(String::from).to_vec());
        assert!(!matches(&azure));
        let focus = super::super::Columns::new(
            ["Date", "BilledCost", "ChargePeriodStart", "ChargeCategory"].map(String::from).to_vec(),
        );
        assert!(!matches(&focus));
        assert!(matches(&super::super::Columns::new(["day", "total"].map(String::from).to_vec())));
    }
}
