//! Azure cost details exports: EA and MCA, actual or amortized, legacy pay-as-you-go (`PreTaxCost`),
//! PascalCase, camelCase and localized headers (`Abonnement-GUID (SubscriptionGuid)`).
//!
//! Decisions, beyond provider-mappings.md:
//! - The cost view comes from the file name (`amortized`/`actual`), else from the rows: unused-commitment
//!   rows, or covered usage with a non-zero cost, exist only in amortized files. A file without commitment
//!   rows is the same in both views and is called actual.
//! - MCA is recognised per row by its billing account id, which has the form `guid:guid_yyyy-mm-dd`
//!   (a colon; EA enrollments are numbers): MCA invoices per billing profile, so `BillingProfileId` is
//!   the BillingAccountId there. Without either column the subscription stands in.
//! - ContractedCost is UnitPrice x Quantity only on commitment-covered usage; other usage had no commitment
//!   applied, so it is the row's cost (UnitPrice x a rounded Quantity would show rounding as savings).
//!   ListCost is `PaygCostInBillingCurrency`, else PayGPrice x Quantity (EA writes PayGPrice 0 on
//!   reservation usage: then ContractedCost). Unused-commitment rows consumed nothing: List and Contracted
//!   are 0, so their EffectiveCost counts as negative savings. Other charges: all equal to the cost.
//! - A row with neither a date nor a cost is skipped; a dated row without a cost costs 0.

use std::path::Path;

use chrono::Duration;
use csv::StringRecord;
use rust_decimal::Decimal;

use super::values::{month_start, next_month_start, parse_decimal};
use super::{Columns, CostView, Mapper, PassThrough, Row, Source};
use crate::error::Result;
use crate::model::*;

const FORMAT: &str = "Azure cost details";
const COST: &[&str] = &["CostInBillingCurrency", "Cost", "PreTaxCost"];
const DATE: &[&str] = &["Date", "UsageDateTime", "UsageDate"];

pub(super) fn matches(c: &Columns) -> bool {
    c.has(COST) && c.has(DATE) && c.has(&["MeterCategory", "MeterId", "ConsumedService"])
}

/// Azure column names, for recognising them inside a localized header's parentheses (and nothing else:
/// `Cost (USD)` in a simple CSV stays as it is).
#[rustfmt::skip]
const AZURE_COLUMNS: &[&str] = &[
    "AccountName", "AccountOwnerId", "AdditionalInfo", "AvailabilityZone", "benefitId", "benefitName",
    "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingCurrencyCode", "BillingPeriodEndDate",
    "BillingPeriodStartDate", "BillingProfileId", "BillingProfileName", "ChargeType", "ConsumedService", "Cost",
    "CostAllocationRuleName", "CostCenter", "CostInBillingCurrency", "CostInUsd", "Currency", "Date",
    "EffectivePrice", "Frequency", "InstanceId", "InstanceName", "InvoiceId", "InvoiceSection", "InvoiceSectionId",
    "InvoiceSectionName", "IsAzureCreditEligible", "Location", "MeterCategory", "MeterId", "MeterName",
    "MeterRegion", "MeterSubcategory", "OfferId", "PartNumber", "PartnerName", "PayGPrice",
    "PaygCostInBillingCurrency", "PlanName", "PreTaxCost", "PricingModel", "Product", "ProductId", "ProductName",
    "ProductOrderId", "ProductOrderName", "PublisherName", "PublisherType", "Quantity", "ReservationId",
    "ReservationName", "ResourceGroup", "ResourceGroupName", "ResourceId", "ResourceLocation", "ResourceName",
    "ResourceRate", "ResourceType", "ServiceFamily", "ServiceInfo1", "ServiceInfo2", "ServiceName", "ServiceTier",
    "SubscriptionGuid", "SubscriptionId", "SubscriptionName", "Tags", "Term", "UnitOfMeasure", "UnitPrice",
    "UsageDate", "UsageDateTime", "UsageQuantity",
];

pub(super) fn canonical_header(h: &str) -> String {
    let inner = h.strip_suffix(')').and_then(|s| s.rsplit_once(" (")).map(|(_, inner)| inner.trim());
    match inner {
        Some(name) if AZURE_COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(name)) => name.to_string(),
        _ => h.to_string(),
    }
}

pub(super) fn detect_cost_view(path: &Path, c: &Columns) -> Result<CostView> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.contains("amortized") || name.contains("amortised") {
        return Ok(CostView::Amortized);
    }
    if name.contains("actual") {
        return Ok(CostView::Actual);
    }
    let (charge, model, cost) = (c.find(&["ChargeType"]), c.find(&["PricingModel"]), c.find(COST));
    if charge.is_none() && model.is_none() {
        return Ok(CostView::Actual);
    }
    let mut source = Source::open(path)?;
    let mut record = StringRecord::new();
    while source.next_record(&mut record)? {
        let text = |col: Option<usize>| col.and_then(|i| record.get(i)).map(str::trim).unwrap_or("");
        let charge_type = text(charge);
        let covered_cost = (charge_type.is_empty() || charge_type.eq_ignore_ascii_case("Usage"))
            && is_commitment_model(text(model))
            && parse_decimal(text(cost)).is_some_and(|v| !v.is_zero());
        if covered_cost || is_unused(charge_type) {
            return Ok(CostView::Amortized);
        }
    }
    Ok(CostView::Actual)
}

fn is_commitment_model(pricing_model: &str) -> bool {
    pricing_model.eq_ignore_ascii_case("Reservation") || pricing_model.eq_ignore_ascii_case("SavingsPlan")
}

fn is_unused(charge_type: &str) -> bool {
    charge_type.eq_ignore_ascii_case("UnusedReservation") || charge_type.eq_ignore_ascii_case("UnusedSavingsPlan")
}

/// FOCUS category, class and commitment status of a `ChargeType`; unknown types become Adjustment.
fn classify(charge_type: Option<&str>) -> (ChargeCategory, Option<ChargeClass>, Option<CommitmentDiscountStatus>) {
    let Some(t) = charge_type else { return (ChargeCategory::Usage, None, None) };
    match fold(t).as_str() {
        "unusedreservation" | "unusedsavingsplan" => {
            (ChargeCategory::Usage, None, Some(CommitmentDiscountStatus::Unused))
        }
        "refund" => (ChargeCategory::Purchase, Some(ChargeClass::Correction), None),
        "roundingadjustment" => (ChargeCategory::Adjustment, None, None),
        _ => (ChargeCategory::parse(t).unwrap_or(ChargeCategory::Adjustment), None, None),
    }
}

fn pricing_category(pricing_model: &str) -> PricingCategory {
    match fold(pricing_model).as_str() {
        "ondemand" => PricingCategory::Standard,
        "spot" => PricingCategory::Dynamic,
        "reservation" | "savingsplan" => PricingCategory::Committed,
        _ => PricingCategory::Other,
    }
}

/// Attributes copied as they are: (FOCUS or `x_` column, Azure aliases).
const PASS_THROUGH: &[(&str, &[&str])] = &[
    ("SubAccountName", &["SubscriptionName"]),
    ("ChargeDescription", &["ProductName", "Product"]),
    ("RegionName", &["MeterRegion", "Location"]),
    ("AvailabilityZone", &["AvailabilityZone"]),
    ("ResourceType", &["ResourceType", "ConsumedService"]),
    ("SkuId", &["ProductId", "PartNumber"]),
    ("SkuMeter", &["MeterName"]),
    ("SkuPriceId", &["MeterId"]),
    ("PricingUnit", &["UnitOfMeasure"]),
    ("InvoiceId", &["InvoiceId"]),
    ("CommitmentDiscountName", &["benefitName", "ReservationName"]),
    ("x_ResourceGroupName", &["ResourceGroup", "ResourceGroupName"]),
    ("x_ChargeType", &["ChargeType"]),
    ("x_PricingModel", &["PricingModel"]),
    ("x_CostCenter", &["CostCenter"]),
    ("x_AdditionalInfo", &["AdditionalInfo"]),
];

/// Column indices of an Azure cost details header.
pub(super) struct AzureMapper {
    view: CostView,
    cost: usize,
    date: usize,
    billing_start: Option<usize>,
    billing_end: Option<usize>,
    account: Option<usize>,
    account_name: Option<usize>,
    profile: Option<usize>,
    profile_name: Option<usize>,
    subscription: Option<usize>,
    currency: Option<usize>,
    services: [Option<usize>; 3],
    location: Option<usize>,
    resource: Option<usize>,
    resource_name: Option<usize>,
    quantity: Option<usize>,
    unit: Option<usize>,
    payg_price: Option<usize>,
    payg_cost: Option<usize>,
    unit_price: Option<usize>,
    effective_price: Option<usize>,
    charge_type: Option<usize>,
    pricing_model: Option<usize>,
    benefit: Option<usize>,
    frequency: Option<usize>,
    tags: Option<usize>,
    partner: Option<usize>,
    publisher: Option<usize>,
    pass_through: PassThrough,
}

impl AzureMapper {
    pub(super) fn new(path: &Path, c: &Columns, view: CostView) -> Result<Self> {
        Ok(AzureMapper {
            view,
            cost: c.require(path, FORMAT, COST)?,
            date: c.require(path, FORMAT, DATE)?,
            billing_start: c.find(&["BillingPeriodStartDate"]),
            billing_end: c.find(&["BillingPeriodEndDate"]),
            account: c.find(&["BillingAccountId"]),
            account_name: c.find(&["BillingAccountName"]),
            profile: c.find(&["BillingProfileId"]),
            profile_name: c.find(&["BillingProfileName"]),
            subscription: c.find(&["SubscriptionId", "SubscriptionGuid"]),
            currency: c.find(&["BillingCurrencyCode", "BillingCurrency", "Currency"]),
            services: [c.find(&["MeterCategory"]), c.find(&["ConsumedService"]), c.find(&["ServiceName"])],
            location: c.find(&["ResourceLocation"]),
            resource: c.find(&["ResourceId", "InstanceId", "InstanceName"]),
            resource_name: c.find(&["ResourceName"]),
            quantity: c.find(&["Quantity", "UsageQuantity"]),
            unit: c.find(&["UnitOfMeasure"]),
            payg_price: c.find(&["PayGPrice"]),
            payg_cost: c.find(&["PaygCostInBillingCurrency"]),
            unit_price: c.find(&["UnitPrice", "ResourceRate"]),
            effective_price: c.find(&["EffectivePrice"]),
            charge_type: c.find(&["ChargeType"]),
            pricing_model: c.find(&["PricingModel"]),
            benefit: c.find(&["benefitId", "ReservationId"]),
            frequency: c.find(&["Frequency"]),
            tags: c.find(&["Tags"]),
            partner: c.find(&["PartnerName"]),
            publisher: c.find(&["PublisherName"]),
            pass_through: PassThrough::new(c, PASS_THROUGH),
        })
    }

    /// (BillingAccountId, BillingAccountName, BillingAccountType) of a row; see the module doc.
    fn billing_account<'a>(&self, row: &Row<'a>) -> (&'a str, Option<&'a str>, Option<&'static str>) {
        let (account, profile) = (row.text(self.account), row.text(self.profile));
        match (account, profile) {
            (Some(a), Some(p)) if a.contains(':') => (p, row.text(self.profile_name), Some("Billing Profile")),
            (Some(a), _) => (a, row.text(self.account_name), Some("Billing Account")),
            (None, Some(p)) => (p, row.text(self.profile_name), Some("Billing Profile")),
            (None, None) => (row.text(self.subscription).unwrap_or("unknown"), None, None),
        }
    }

    /// `price` x Quantity; the row's cost itself when the price is the row's effective price (no discount).
    fn priced(&self, row: &Row<'_>, price: Option<Decimal>, cost: Decimal) -> Result<Option<Decimal>> {
        let Some(price) = price.filter(|p| !p.is_zero()) else { return Ok(None) };
        if row.decimal(self.effective_price)? == Some(price) {
            return Ok(Some(cost));
        }
        Ok(row.decimal(self.quantity)?.and_then(|q| price.checked_mul(q)))
    }
}

impl Mapper for AzureMapper {
    fn currency_column(&self) -> Option<usize> {
        self.currency
    }

    fn map(&mut self, row: &Row<'_>) -> Result<Option<LineItem>> {
        let cost = row.decimal(Some(self.cost))?;
        if cost.is_none() && row.text(Some(self.date)).is_none() {
            return Ok(None);
        }
        let cost = cost.unwrap_or(Decimal::ZERO);
        let date = row.required_timestamp(self.date)?;
        let billing_start = row.timestamp(self.billing_start)?.unwrap_or_else(|| month_start(date));
        let billing_end = match row.timestamp(self.billing_end)? {
            // EA and MCA write the period's last day; FOCUS periods end exclusively.
            Some(end) if end < next_month_start(billing_start) => end + Duration::days(1),
            Some(end) => end,
            None => next_month_start(billing_start),
        };
        let charge_type = row.text(self.charge_type);
        let (category, class, mut status) = classify(charge_type);
        let model = row.text(self.pricing_model);
        let commitment_model = model.is_some_and(is_commitment_model);
        let benefit = row.text(self.benefit);
        let service = self.services.iter().find_map(|col| row.text(*col)).unwrap_or("Unknown");
        let (account, account_name, account_type) = self.billing_account(row);
        let mut item = LineItem::new(
            Provider::Azure,
            account,
            row.text(self.currency).unwrap_or_default(),
            (billing_start, billing_end),
            (date, date + Duration::days(1)),
            category,
            service,
        );
        item.charge_class = class;
        item.charge_frequency = row.text(self.frequency).and_then(ChargeFrequency::parse);
        let unused = status == Some(CommitmentDiscountStatus::Unused);
        let usage = category == ChargeCategory::Usage && !unused;
        let covered = usage && (commitment_model || (model.is_none() && benefit.is_some()));
        (item.billed_cost, item.effective_cost) = match self.view {
            CostView::Amortized if covered || unused => (Decimal::ZERO, cost),
            CostView::Amortized if category == ChargeCategory::Purchase && (commitment_model || benefit.is_some()) => {
                (cost, Decimal::ZERO)
            }
            _ => (cost, cost),
        };
        let unit_price = row.decimal(self.unit_price)?;
        let payg_price = row.decimal(self.payg_price)?;
        let list = match row.decimal(self.payg_cost)? {
            Some(list) => Some(list),
            None => self.priced(row, payg_price, cost)?,
        };
        (item.list_cost, item.contracted_cost) = if unused {
            (Decimal::ZERO, Decimal::ZERO)
        } else if covered {
            let contracted = self.priced(row, unit_price, cost)?;
            (list.or(contracted).unwrap_or(item.effective_cost), contracted.or(list).unwrap_or(item.effective_cost))
        } else if usage {
            (list.unwrap_or(cost), cost)
        } else {
            (cost, cost)
        };
        item.list_unit_price = payg_price.filter(|p| !(p.is_zero() && covered));
        item.contracted_unit_price = unit_price;
        item.pricing_quantity = row.decimal(self.quantity)?;
        if usage {
            item.consumed_quantity = item.pricing_quantity;
            item.set_attribute("ConsumedUnit", row.text(self.unit));
        }
        if covered {
            status = Some(CommitmentDiscountStatus::Used);
        }
        item.commitment_discount_status = status;
        item.pricing_category = match model {
            _ if category == ChargeCategory::Tax => None,
            Some(m) => Some(pricing_category(m)),
            None if covered => Some(PricingCategory::Committed),
            None => None,
        };
        if let Some(id) = benefit {
            let lower = id.to_ascii_lowercase();
            let savings_plan = lower.contains("microsoft.billingbenefits")
                || (!lower.contains("microsoft.capacity")
                    && model.is_some_and(|m| m.eq_ignore_ascii_case("SavingsPlan")));
            let (category, kind) = match savings_plan {
                true => (CommitmentDiscountCategory::Spend, "Savings Plan"),
                false => (CommitmentDiscountCategory::Usage, "Reservation"),
            };
            item.commitment_discount_id = Some(id.to_string());
            item.commitment_discount_category = Some(category);
            item.set_attribute("CommitmentDiscountType", Some(kind));
        }
        let subscription = row.text(self.subscription);
        item.sub_account_id = subscription.map(str::to_string);
        item.set_attribute("SubAccountType", subscription.map(|_| "Subscription"));
        item.set_attribute("BillingAccountName", account_name);
        item.set_attribute("BillingAccountType", account_type);
        item.service_category = service_category_for(service);
        item.region_id = row.text(self.location).map(|l| l.to_lowercase().replace(' ', ""));
        let resource = row.text(self.resource);
        item.resource_id = resource.map(str::to_string);
        let derived_name = resource.filter(|r| r.starts_with('/')).and_then(|r| r.rsplit('/').next());
        item.set_attribute("ResourceName", row.text(self.resource_name).or(derived_name));
        item.tags = row.tags(self.tags)?;
        item.set_attribute("InvoiceIssuerName", row.text(self.partner).or(Some("Microsoft")));
        item.set_attribute("PublisherName", row.text(self.publisher).or(Some("Microsoft")));
        self.pass_through.copy(row, &mut item);
        Ok(Some(item))
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::ingest::{open, read_line_items, Format, ReadOptions};

    const HEADER: &str = "BillingAccountId,BillingProfileId,SubscriptionId,Date,MeterCategory,ChargeType,PricingModel,\
                          Quantity,UnitPrice,PayGPrice,EffectivePrice,CostInBillingCurrency,BillingCurrency,benefitId";
    const RI: &str = "/providers/Microsoft.Capacity/reservationOrders/o1/reservations/r1";
    const SP: &str = "/providers/Microsoft.BillingBenefits/savingsPlanOrders/o2/savingsPlans/s2";

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn read(path: &Path) -> Vec<LineItem> {
        read_with(path, &ReadOptions::default())
    }

    fn read_with(path: &Path, options: &ReadOptions) -> Vec<LineItem> {
        let (format, items) = read_line_items(path, options).unwrap();
        assert_eq!(format, Format::AzureCostDetails, "{}", path.display());
        items
    }

    /// The opencost header-variant samples name no currency on any row: a default is needed (none is guessed).
    fn read_variant(file: &str) -> Vec<LineItem> {
        read_with(&fixture(&format!("header_variants/{file}")), &ReadOptions { default_currency: Some("USD".into()) })
    }

    fn sums(items: &[LineItem]) -> (Decimal, Decimal) {
        (items.iter().map(|i| i.billed_cost).sum(), items.iter().map(|i| i.effective_cost).sum())
    }

    /// Covered usage 0.49 (8 h at UnitPrice 0.146, PayGPrice 0 as EA writes it), 0.20 unused, a 100.00
    /// purchase, and 1.50 of on-demand usage.
    fn commitment_rows() -> String {
        format!(
            "{HEADER}\n\
             100,100,sub-1,09/22/2023,Virtual Machines,Usage,Reservation,8,0.146,0,0.06125,0.49,USD,{RI}\n\
             100,100,sub-1,09/22/2023,Virtual Machines,UnusedReservation,Reservation,3,0.146,0,0.0666,0.20,USD,{RI}\n\
             100,100,sub-1,09/01/2023,Virtual Machines,Purchase,Reservation,1,100,0,100,100.00,USD,{RI}\n\
             100,100,sub-2,09/22/2023,Storage,Usage,OnDemand,10,0.15,0.15,0.15,1.50,USD,\n"
        )
    }

    #[test]
    fn amortized_rows_move_commitment_cost_from_billed_to_effective() {
        let dir = tempfile::tempdir().unwrap();
        // No hint in the name: the covered usage with a cost and the unused row make it amortized.
        let path = write(&dir, "costs.csv", &commitment_rows());
        assert_eq!(
            detect_cost_view(&path, &open(&path, &ReadOptions::default()).unwrap().columns).unwrap(),
            CostView::Amortized
        );
        let items = read(&path);
        // Billed: 0 + 0 + 100 + 1.50; effective: 0.49 + 0.20 + 0 + 1.50.
        assert_eq!(sums(&items), (d("101.50"), d("2.19")));
        let (covered, unused, purchase) = (&items[0], &items[1], &items[2]);
        assert_eq!(covered.commitment_discount_status, Some(CommitmentDiscountStatus::Used));
        assert_eq!(covered.commitment_discount_category, Some(CommitmentDiscountCategory::Usage));
        assert_eq!(covered.pricing_category, Some(PricingCategory::Committed));
        // 8 x 0.146; EA's PayGPrice 0 means unknown, so ListCost falls back to ContractedCost.
        assert_eq!((covered.contracted_cost, covered.list_cost), (d("1.168"), d("1.168")));
        assert_eq!(unused.charge_category, ChargeCategory::Usage);
        assert_eq!(unused.commitment_discount_status, Some(CommitmentDiscountStatus::Unused));
        assert_eq!((unused.list_cost, unused.contracted_cost), (Decimal::ZERO, Decimal::ZERO));
        assert_eq!(purchase.charge_category, ChargeCategory::Purchase);
        assert_eq!(purchase.attributes.get("CommitmentDiscountType"), Some("Reservation"));
        assert_eq!(items[3].contracted_cost, d("1.50"));
    }

    #[test]
    fn actual_file_bills_what_it_shows() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "ActualCost_2023-09.csv", &commitment_rows());
        assert_eq!(open(&path, &ReadOptions::default()).unwrap().cost_view, CostView::Actual);
        // Every row keeps its cost in both metrics: 0.49 + 0.20 + 100 + 1.50.
        assert_eq!(sums(&read(&path)), (d("102.19"), d("102.19")));
        // Without commitment rows, actual and amortized agree: the file is called actual.
        let plain = write(
            &dir,
            "plain.csv",
            &format!("{HEADER}\n100,100,s,09/02/2023,Storage,Usage,OnDemand,1,2,2,2,2,USD,\n"),
        );
        assert_eq!(open(&plain, &ReadOptions::default()).unwrap().cost_view, CostView::Actual);
    }

    #[test]
    fn savings_plans_refunds_and_mca_billing_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "{HEADER},PaygCostInBillingCurrency\n\
             a:b_2019-05-31,PROF-1,sub-1,2023-09-03,Virtual Machines,Usage,SavingsPlan,2,0.05,0.08,0.03,0.06,EUR,{SP},0.16\n\
             a:b_2019-05-31,PROF-1,sub-1,2023-09-03,Virtual Machines,Refund,SavingsPlan,1,-5,0,-5,-5,EUR,{SP},\n"
        );
        let items = read(&write(&dir, "mca_amortized.csv", &text));
        assert_eq!(items[0].billing_account_id, "PROF-1");
        assert_eq!(items[0].billing_currency, "EUR");
        assert_eq!(items[0].commitment_discount_category, Some(CommitmentDiscountCategory::Spend));
        // MCA's PaygCostInBillingCurrency is the list cost; contracted is 2 x 0.05.
        assert_eq!(
            (items[0].list_cost, items[0].contracted_cost, items[0].billed_cost),
            (d("0.16"), d("0.10"), d("0"))
        );
        assert_eq!(
            (items[1].charge_category, items[1].charge_class),
            (ChargeCategory::Purchase, Some(ChargeClass::Correction))
        );
        assert_eq!((items[1].billed_cost, items[1].effective_cost), (d("-5"), d("0")));
    }

    #[test]
    fn localized_headers_become_english_and_others_stay() {
        assert_eq!(canonical_header("Abonnement-GUID (SubscriptionGuid)"), "SubscriptionGuid");
        assert_eq!(canonical_header("Maßeinheit (UnitOfMeasure)"), "UnitOfMeasure");
        for name in ["lineItem/UnblendedCost", "service.description", "BilledCost", "Cost (USD)", "tags/a (b)"] {
            assert_eq!(canonical_header(name), name);
        }
        let dir = tempfile::tempdir().unwrap();
        let text = "Abonnement-GUID (SubscriptionGuid),UsageDateTime (UsageDateTime),Kategorie der Verbrauchseinheit \
                    (MeterCategory),PreTaxCost (PreTaxCost),Ressourcenstandort (ResourceLocation),Currency\n\
                    g-1,2021-02-02,Load Balancer,0.075,US East,EUR\n,,,,,\n";
        let items = read(&write(&dir, "de.csv", text));
        // The blank row is skipped; the PAYG file bills to its subscription.
        assert_eq!(items.len(), 1);
        assert_eq!((items[0].billing_account_id.as_str(), items[0].billed_cost), ("g-1", d("0.075")));
        assert_eq!((items[0].region_id.as_deref(), items[0].billing_currency.as_str()), (Some("useast"), "EUR"));
        assert_eq!(items[0].service_name, "Load Balancer");
    }

    fn fixture(rel: &str) -> std::path::PathBuf {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/azure")).join(rel)
    }

    #[test]
    fn ea_samples_match_independent_sums() {
        // Sums with Python's decimal over the `Cost` column (csv.DictReader, utf-8-sig); billed leaves out
        // Usage rows whose PricingModel is Reservation or SavingsPlan.
        let actual = read(&fixture("ea_actual_small_2023-09_finops-toolkit.csv"));
        assert_eq!(actual.len(), 11);
        assert_eq!(sums(&actual), (d("8.5450077867419368"), d("8.5450077867419368")));
        let amortized = read(&fixture("ea_amortized_small_2023-09_finops-toolkit.csv"));
        assert_eq!(amortized.len(), 28);
        assert_eq!(sums(&amortized), (d("15.797780136168644627485419"), d("16.296932136636644627485419")));
        assert_eq!(actual[0].billing_period_end.to_rfc3339(), "2023-10-01T00:00:00+00:00");
        assert_eq!(actual[1].tags.get("cost_center"), Some("1234"));
    }

    #[test]
    fn header_variant_samples_ingest() {
        // (file, rows, cost sum) from Python's csv + decimal over the cost column (any of CostInBillingCurrency,
        // Cost, PreTaxCost, localized or not); empty costs count 0.
        let cases = [
            ("headersets_BOM.csv", 1, "0"),
            ("headersets_Enterprise.csv", 1, "0"),
            ("headersets_EnterpriseCamel.csv", 1, "0.012"),
            ("headersets_German.csv", 1, "0.075"),
            ("headersets_PayAsYouGo.csv", 1, "0.075"),
            ("headersets_YA.csv", 1, "0.075"),
            ("values_MissingBrackets.csv", 1, "4"),
            ("values_VirtualMachine.csv", 1, "4"),
        ];
        for (file, rows, cost) in cases {
            let items = read_variant(file);
            assert_eq!(items.len(), rows, "{file}");
            assert_eq!(sums(&items).0, d(cost), "{file}");
        }
        let err = read_line_items(&fixture("header_variants/headersets_BOM.csv"), &ReadOptions::default()).unwrap_err();
        assert!(matches!(&err, crate::Error::BadValue { line: 2, column, .. } if column == "Currency"), "{err:?}");
        let camel = read_variant("headersets_EnterpriseCamel.csv");
        assert_eq!(camel[0].attributes.get("InvoiceIssuerName"), Some("PartnerName"));
        let brackets = read_variant("values_MissingBrackets.csv");
        // paygcostinbillingcurrency 5 against a cost of 4.
        assert_eq!((brackets[0].list_cost, brackets[0].tags.get("poolName")), (d("5"), None));
        assert_eq!(brackets[0].tags.get("resource_name_suffix"), Some("12345678"));
    }

    #[test]
    fn template_sample_whose_rows_lack_the_last_field() {
        // Every row has 10 fields under an 11-column header (no trailing `resourcelocation`); the sum is
        // computed as above.
        let items = read_variant("values_Template.csv");
        assert_eq!(items.len(), 87);
        assert_eq!(sums(&items).0, d("16.393506212224391"));
    }
}
