//! Oracle Cloud Infrastructure cost reports (CSV, `lineItem/...`, `cost/...`, `product/...`, `tags/<key>`).
//!
//! Decisions:
//! - The cost is `cost/myCost` alone. Oracle's column definitions make `cost/myCostOverage` the part of
//!   myCost above the commitment, not an amount beside it (koku and Oracle's own usage2adw sum myCost alone);
//!   it is kept as `x_CostOverage`, and a row with `cost/overageFlag` = Y is not counted twice.
//! - A row with an empty `cost/currencyCode` takes the file's one currency (see `ingest::currency`).
//! - OCI *usage* reports (`reports/usage-csv`) carry quantities and no cost at all: they are refused with an
//!   error that names the cost report to export instead. Stored with zero cost, they would add nothing to any
//!   total while every panel counted them as free usage.
//! - OCI reports carry no list price or amortization: all four cost metrics are that cost.
//! - ServiceCategory comes from `product/service` (`DATABASE`), else from the description
//!   (`Object Storage - Storage`), as the service codes alone are often too terse for the lookup.

use std::path::Path;

use super::values::{month_start, next_month_start};
use super::{Columns, Mapper, PassThrough, Row};
use crate::error::Result;
use crate::model::*;

const FORMAT: &str = "OCI cost report";

pub(super) fn matches(c: &Columns) -> bool {
    c.has(&["cost/myCost"]) && c.has(&["lineItem/intervalUsageStart"])
}

/// The error for an OCI usage report: the header of a cost report without its `cost/...` columns.
pub(super) fn usage_report(path: &Path, c: &Columns) -> Option<crate::error::Error> {
    let usage = c.has(&["lineItem/intervalUsageStart"])
        && c.has(&["lineItem/tenantId"])
        && c.has(&["usage/consumedQuantity", "usage/billedQuantity"])
        && !c.has(&["cost/myCost"]);
    usage.then(|| crate::error::Error::UnsupportedReport {
        path: path.to_path_buf(),
        report: "OCI usage report",
        advice: "it holds quantities and no cost; export the cost report instead (Billing > Cost and Usage \
                 Reports, the reports/cost-csv files)",
    })
}

/// Column indices of an OCI cost report header.
pub(super) struct OciMapper {
    cost: usize,
    start: usize,
    end: Option<usize>,
    tenant: usize,
    compartment: Option<usize>,
    currency: Option<usize>,
    service: Option<usize>,
    description: Option<usize>,
    region: Option<usize>,
    resource: Option<usize>,
    quantity: Option<usize>,
    consumed_quantity: Option<usize>,
    unit_price: Option<usize>,
    correction: Option<usize>,
    tags: Vec<(usize, String)>,
    pass_through: PassThrough,
}

/// Attributes copied as they are: (FOCUS or `x_` column, OCI aliases).
const PASS_THROUGH: &[(&str, &[&str])] = &[
    ("SubAccountName", &["product/compartmentName"]),
    ("ChargeDescription", &["product/Description"]),
    ("AvailabilityZone", &["product/availabilityDomain"]),
    ("SkuId", &["cost/productSku"]),
    ("PricingUnit", &["cost/skuUnitDescription"]),
    ("ConsumedUnit", &["usage/consumedQuantityUnits"]),
    ("x_ReferenceNo", &["lineItem/referenceNo"]),
    ("x_BackreferenceNo", &["lineItem/backreferenceNo"]),
    ("x_CostOverage", &["cost/myCostOverage"]),
];

impl OciMapper {
    pub(super) fn new(path: &Path, c: &Columns) -> Result<Self> {
        Ok(OciMapper {
            cost: c.require(path, FORMAT, &["cost/myCost"])?,
            start: c.require(path, FORMAT, &["lineItem/intervalUsageStart"])?,
            end: c.find(&["lineItem/intervalUsageEnd"]),
            tenant: c.require(path, FORMAT, &["lineItem/tenantId"])?,
            compartment: c.find(&["product/compartmentId"]),
            currency: c.find(&["cost/currencyCode"]),
            service: c.find(&["product/service"]),
            description: c.find(&["product/Description"]),
            region: c.find(&["product/region"]),
            resource: c.find(&["product/resourceId"]),
            quantity: c.find(&["usage/billedQuantity"]),
            consumed_quantity: c.find(&["usage/consumedQuantity"]),
            unit_price: c.find(&["cost/unitPrice"]),
            correction: c.find(&["lineItem/isCorrection"]),
            tags: c.with_prefix("tags/").map(|(i, key)| (i, key.to_string())).collect(),
            pass_through: PassThrough::new(c, PASS_THROUGH),
        })
    }
}

impl Mapper for OciMapper {
    fn currency_column(&self) -> Option<usize> {
        self.currency
    }

    fn map(&mut self, row: &Row<'_>) -> Result<Option<LineItem>> {
        let start = row.required_timestamp(self.start)?;
        let end = row.timestamp(self.end)?.unwrap_or(start);
        let service = row.text(self.service).unwrap_or("Unknown");
        let mut item = LineItem::new(
            Provider::Oci,
            row.required_text(self.tenant)?,
            row.text(self.currency).unwrap_or_default(),
            (month_start(start), next_month_start(start)),
            (start, end),
            ChargeCategory::Usage,
            service,
        );
        let cost = row.decimal_or_zero(Some(self.cost))?;
        item.billed_cost = cost;
        item.effective_cost = cost;
        item.list_cost = cost;
        item.contracted_cost = cost;
        if row.text(self.correction).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            item.charge_class = Some(ChargeClass::Correction);
        }
        item.charge_frequency = Some(ChargeFrequency::UsageBased);
        item.list_unit_price = row.decimal(self.unit_price)?;
        item.contracted_unit_price = item.list_unit_price;
        item.pricing_quantity = row.decimal(self.quantity)?;
        item.consumed_quantity = row.decimal(self.consumed_quantity)?;
        item.sub_account_id = row.text(self.compartment).map(str::to_string);
        item.service_category = match service_category_for(service) {
            ServiceCategory::Other => row.text(self.description).map_or(ServiceCategory::Other, service_category_for),
            category => category,
        };
        item.region_id = row.text(self.region).map(str::to_string);
        item.resource_id = row.text(self.resource).map(str::to_string);
        for (col, key) in &self.tags {
            if let Some(value) = row.text(Some(*col)) {
                item.tags.insert(key, value);
            }
        }
        item.set_attribute("InvoiceIssuerName", Some("Oracle"));
        item.set_attribute("PublisherName", Some("Oracle"));
        self.pass_through.copy(row, &mut item);
        Ok(Some(item))
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::*;
    use crate::ingest::{read_line_items, Format, ReadOptions};

    fn read(path: &Path) -> Vec<LineItem> {
        let (format, items) = read_line_items(path, &ReadOptions::default()).unwrap();
        assert_eq!(format, Format::OciCostReport);
        items
    }

    #[test]
    fn costs_tags_and_corrections() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports_cost-csv_0001.csv");
        std::fs::write(
            &path,
            "lineItem/referenceNo,lineItem/tenantId,lineItem/intervalUsageStart,lineItem/intervalUsageEnd,\
             product/service,product/compartmentId,product/Description,usage/billedQuantity,cost/unitPrice,\
             cost/myCost,cost/myCostOverage,cost/currencyCode,lineItem/isCorrection,lineItem/backreferenceNo,\
             tags/Oracle-Tags.CreatedBy,tags/Team\n\
             r1,t-1,2023-11-30T23:00Z,2023-12-01T00:00:00Z,OBJECTSTORE,c-1,Object Storage - Storage,2,0.5,1.00,,GBP,false,,alice,data\n\
             r2,t-1,2023-11-13T10:00Z,2023-11-13T11:00:00Z,COMPUTE,c-1,Compute - Standard,1,3,3.00,0.25,GBP,true,r0,,\n",
        )
        .unwrap();
        let items = read(&path);
        // myCost alone: the 0.25 of overage is part of the 3.00, and kept as x_CostOverage.
        let costs: Vec<Decimal> = items.iter().map(|i| i.billed_cost).collect();
        assert_eq!(costs, [Decimal::from_str("1.00").unwrap(), Decimal::from_str("3.00").unwrap()]);
        assert_eq!(items[1].attributes.get("x_CostOverage"), Some("0.25"));
        assert_eq!(items[1].effective_cost, items[1].billed_cost);
        assert_eq!((items[0].charge_class, items[1].charge_class), (None, Some(ChargeClass::Correction)));
        assert_eq!(items[0].tags.len(), 2);
        assert_eq!(
            items[0].tags.iter().find(|t| t.raw_key == "Oracle-Tags.CreatedBy").map(|t| t.value.as_str()),
            Some("alice")
        );
        assert!(items[1].tags.is_empty());
        // The service code says little; the description names the storage.
        assert_eq!(items[0].service_category, ServiceCategory::Storage);
        assert_eq!(items[0].billing_period_start.to_rfc3339(), "2023-11-01T00:00:00+00:00");
        assert_eq!((items[0].billing_account_id.as_str(), items[0].billing_currency.as_str()), ("t-1", "GBP"));
    }

    #[test]
    fn focus_converters_sample_matches_independent_sums() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/oci/oci_cost_report_2023-11_focus_converters.csv"
        ));
        let items = read(path);
        // Python: csv.DictReader, sum(Decimal(cost/myCost)) = 2.523589325400648027 over 506 rows
        // (cost/myCostOverage is empty on every row); 272 rows have a non-empty tags/* value.
        assert_eq!(items.len(), 506);
        let total: Decimal = items.iter().map(|i| i.billed_cost).sum();
        assert_eq!(total, Decimal::from_str("2.523589325400648027").unwrap());
        assert_eq!(items.iter().filter(|i| !i.tags.is_empty()).count(), 272);
        assert!(items.iter().all(|i| i.charge_period_end > i.charge_period_start));
    }
}
