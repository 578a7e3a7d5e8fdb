//! Reading billing exports into FOCUS line items.
//!
//! Each export format lives in its own file and turns one text row into one [`LineItem`]. Detection
//! looks at the header only, most specific format first. This module knows nothing of the store.

mod aws;
mod azure;
mod currency;
mod focus;
mod gcp;
mod json;
mod limits;
mod oci;
mod parquet;
mod row;
mod simple;
mod source;
mod values;

use std::path::Path;

use csv::StringRecord;

use crate::error::{Error, Result};
use crate::model::LineItem;
pub(crate) use currency::{file_currency, missing_currency};
pub(crate) use gcp::credits_total as gcp_credits;
pub(crate) use row::{Columns, PassThrough, Row};
pub(crate) use source::Source;
pub use values::{parse_date, parse_decimal, parse_timestamp};

/// A billing-export format finops recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum Format {
    /// FOCUS 1.0 to 1.3, from any provider.
    Focus,
    /// AWS Cost and Usage Report, legacy (`lineItem/UnblendedCost`).
    AwsCur,
    /// AWS CUR 2.0 / Data Exports (`line_item_unblended_cost`).
    AwsCur2,
    /// Azure cost details (EA, MCA, pay-as-you-go), actual or amortized.
    AzureCostDetails,
    /// Google Cloud BigQuery billing export, flattened to CSV or JSON.
    GcpBilling,
    /// Oracle Cloud cost report.
    OciCostReport,
    /// A simple table: date, service, cost, optional account, region, currency, tags.
    SimpleCsv,
}

impl Format {
    /// The order detection tries formats in: most specific header first.
    pub const DETECTION_ORDER: &'static [Format] = &[
        Format::Focus,
        Format::OciCostReport,
        Format::AwsCur,
        Format::AwsCur2,
        Format::GcpBilling,
        Format::AzureCostDetails,
        Format::SimpleCsv,
    ];

    /// A human name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Focus => "FOCUS",
            Format::AwsCur => "AWS CUR (legacy)",
            Format::AwsCur2 => "AWS CUR 2.0",
            Format::AzureCostDetails => "Azure cost details",
            Format::GcpBilling => "GCP billing export",
            Format::OciCostReport => "OCI cost report",
            Format::SimpleCsv => "simple CSV",
        }
    }

    fn matches(self, columns: &Columns) -> bool {
        match self {
            Format::Focus => focus::matches(columns),
            Format::AwsCur => aws::matches_legacy(columns),
            Format::AwsCur2 => aws::matches_cur2(columns),
            Format::AzureCostDetails => azure::matches(columns),
            Format::GcpBilling => gcp::matches(columns),
            Format::OciCostReport => oci::matches(columns),
            Format::SimpleCsv => simple::matches(columns),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which cost view a file holds, as far as the file itself tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CostView {
    /// Both BilledCost and EffectiveCost are known per row (FOCUS, AWS CUR, GCP, OCI).
    Complete,
    /// Azure "actual cost": billed amounts only; EffectiveCost equals BilledCost (no amortization).
    Actual,
    /// Azure "amortized cost": commitment purchases spread over usage.
    Amortized,
}

impl CostView {
    /// Lower-case name stored in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            CostView::Complete => "complete",
            CostView::Actual => "actual",
            CostView::Amortized => "amortized",
        }
    }
}

/// Turns the rows of one detected file into line items.
pub(crate) trait Mapper {
    /// Maps one row; `Ok(None)` for rows that carry no charge (blank lines, header repeats). A row whose
    /// currency is empty gets an empty `billing_currency`: the file decides (see `currency`).
    fn map(&mut self, row: &Row<'_>) -> Result<Option<LineItem>>;

    /// The column holding each row's billing currency, if the file has one.
    fn currency_column(&self) -> Option<usize>;
}

/// What [`open`] found: the format, its cost view, and a mapper ready for the rows.
pub(crate) struct Opened {
    pub(crate) format: Format,
    pub(crate) cost_view: CostView,
    pub(crate) columns: Columns,
    /// The name of the column holding the billing currency, for errors about rows without one.
    pub(crate) currency_column: Option<String>,
    pub(crate) source: Source,
    pub(crate) mapper: Box<dyn Mapper + Send>,
}

/// Options that change how rows are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The currency of rows that name none. Without it, such a row takes the one currency the rest of its
    /// file names, and is rejected when the file names none or several; a simple CSV without a currency
    /// column is in USD.
    pub default_currency: Option<String>,
}

/// Opens a file, detects its format from the header and prepares its mapper.
pub(crate) fn open(path: &Path, options: &ReadOptions) -> Result<Opened> {
    let source = Source::open(path)?;
    check_duplicate_header(path, &source.header)?;
    let columns = Columns::new(source.header.iter().map(|h| azure::canonical_header(h)).collect());
    let format = detect(&columns).ok_or_else(|| {
        oci::usage_report(path, &columns).unwrap_or_else(|| Error::UnknownFormat {
            path: path.to_path_buf(),
            tried: Format::DETECTION_ORDER.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
            columns: source.header.iter().take(8).cloned().collect::<Vec<_>>().join(", "),
        })
    })?;
    let (mapper, cost_view): (Box<dyn Mapper + Send>, CostView) = match format {
        Format::Focus => (Box::new(focus::FocusMapper::new(path, &columns)?), CostView::Complete),
        Format::AwsCur | Format::AwsCur2 => (Box::new(aws::AwsMapper::new(path, &columns)?), CostView::Complete),
        Format::AzureCostDetails => {
            let view = azure::detect_cost_view(path, &columns)?;
            (Box::new(azure::AzureMapper::new(path, &columns, view)?), view)
        }
        Format::GcpBilling => (Box::new(gcp::GcpMapper::new(path, &columns)?), CostView::Complete),
        Format::OciCostReport => (Box::new(oci::OciMapper::new(path, &columns)?), CostView::Complete),
        Format::SimpleCsv => (Box::new(simple::SimpleMapper::new(path, &columns, options)?), CostView::Complete),
    };
    let currency_column = mapper.currency_column().and_then(|i| columns.names().get(i).cloned());
    Ok(Opened { format, cost_view, columns, currency_column, source, mapper })
}

/// The first format in [`Format::DETECTION_ORDER`] whose signature columns the header has.
pub(crate) fn detect(columns: &Columns) -> Option<Format> {
    Format::DETECTION_ORDER.iter().copied().find(|f| f.matches(columns))
}

fn check_duplicate_header(path: &Path, header: &[String]) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(name.as_str(), i) {
            return Err(Error::DuplicateColumn {
                path: path.to_path_buf(),
                column: name.clone(),
                first: first + 1,
                second: i + 1,
            });
        }
    }
    Ok(())
}

/// Reads every row of `path` and maps it, without storing anything. Useful to inspect a file.
pub fn read_line_items(path: &Path, options: &ReadOptions) -> Result<(Format, Vec<LineItem>)> {
    let mut opened = open(path, options)?;
    let mut record = StringRecord::new();
    let mut items = Vec::new();
    let mut first_without_currency = None;
    while opened.source.next_record(&mut record)? {
        let row = Row { path, line: opened.source.line(), record: &record, columns: &opened.columns };
        if let Some(mut item) = opened.mapper.map(&row)? {
            if item.billing_currency.is_empty() {
                match &options.default_currency {
                    Some(currency) => item.billing_currency.clone_from(currency),
                    None => {
                        first_without_currency.get_or_insert(row.line);
                    }
                }
            }
            items.push(item);
        }
    }
    if let Some(line) = first_without_currency {
        let named: std::collections::BTreeSet<&str> =
            items.iter().map(|i| i.billing_currency.as_str()).filter(|c| !c.is_empty()).collect();
        let currency = file_currency(named.into_iter())
            .map(str::to_string)
            .map_err(|problem| missing_currency(path, line, opened.currency_column.as_deref(), problem))?;
        for item in items.iter_mut().filter(|i| i.billing_currency.is_empty()) {
            item.billing_currency.clone_from(&currency);
        }
    }
    Ok((opened.format, items))
}
