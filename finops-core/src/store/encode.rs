//! The reader stage of an import: parse and map each row, then encode the line item as numbers and string
//! codes. The writer stage, which owns the SQLite transaction, then does no parsing and no allocation per row
//! (it is the less busy of the two: it also hashes the file for the ledger, between batches).
//!
//! Strings get per-import codes in first-seen order; each batch carries the strings (and tag sets) first
//! seen in it, so the writer learns their database ids once. The line item itself never leaves this thread:
//! it is allocated and freed here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::mpsc::SyncSender;

use csv::StringRecord;
use foldhash::fast::RandomState;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::ingest::{Opened, Row};
use crate::model::{Attributes, LineItem, Provider, Tags};
use crate::report::CurrencyTotal;
use crate::store::IngestOptions;

/// Line items per message from the reader thread to the writer.
const BATCH_ROWS: usize = 4096;
const MAX_REJECTED_SAMPLES: usize = 20;

/// A line item as the `line_items` table stores it, with string codes in place of strings.
pub(super) struct EncodedRow {
    pub(super) provider: i64,
    pub(super) billing_account: u32,
    pub(super) sub_account: Option<u32>,
    pub(super) currency: u32,
    pub(super) periods: [i64; 4],
    pub(super) enums: [Option<i64>; 7],
    pub(super) service: u32,
    pub(super) region: Option<u32>,
    pub(super) resource: Option<u32>,
    pub(super) commitment_discount: Option<u32>,
    pub(super) costs: [f64; 4],
    pub(super) quantities: [Option<f64>; 5],
    pub(super) tag_set: Option<u32>,
    pub(super) attributes: Option<u32>,
    pub(super) pricing_unit: Option<u32>,
}

/// Encoded rows, the strings and tag sets first seen among them, and where the reader was.
pub(super) struct Batch {
    pub(super) rows: Vec<EncodedRow>,
    pub(super) new_strings: Vec<String>,
    pub(super) new_tag_sets: Vec<(String, Tags)>,
    pub(super) rows_read: u64,
    pub(super) bytes_read: u64,
}

/// What the reader saw over the whole file.
#[derive(Default)]
pub(super) struct ReadOutcome {
    pub(super) rows_read: u64,
    pub(super) rows_rejected: u64,
    pub(super) rejected_samples: Vec<String>,
    /// Exact decimal totals per currency.
    pub(super) totals: BTreeMap<String, CurrencyTotal>,
    pub(super) providers: BTreeSet<Provider>,
    /// Billing period starts (Unix seconds).
    pub(super) periods: BTreeSet<i64>,
    pub(super) accounts: BTreeSet<String>,
    /// Rows stored without a currency (the file decides theirs at the end): the first one's line, and how many.
    pub(super) without_currency: Option<(u64, u64)>,
}

#[derive(Default)]
struct Encoder {
    strings: HashMap<String, u32, RandomState>,
    // Attribute maps and tag sets repeat over many rows: they are looked up as they are, and serialized to
    // JSON only the first time (serializing every row cost more than the rest of the encoding).
    attributes: HashMap<Attributes, u32, RandomState>,
    tag_sets: HashMap<Tags, u32, RandomState>,
    new_strings: Vec<String>,
    new_tag_sets: Vec<(String, Tags)>,
}

impl Encoder {
    fn code(&mut self, value: &str) -> u32 {
        if let Some(code) = self.strings.get(value) {
            return *code;
        }
        let code = self.strings.len() as u32;
        self.strings.insert(value.to_string(), code);
        self.new_strings.push(value.to_string());
        code
    }

    fn code_opt(&mut self, value: Option<&str>) -> Option<u32> {
        value.map(|v| self.code(v))
    }

    fn tag_set(&mut self, tags: &Tags) -> Option<u32> {
        if tags.is_empty() {
            return None;
        }
        if let Some(code) = self.tag_sets.get(tags) {
            return Some(*code);
        }
        // Distinct tag sets have distinct JSON: the keys are raw and unique, and the JSON object keeps them all.
        let code = self.tag_sets.len() as u32;
        self.tag_sets.insert(tags.clone(), code);
        self.new_tag_sets.push((tags.to_json(), tags.clone()));
        Some(code)
    }

    fn attributes(&mut self, attributes: &Attributes) -> Option<u32> {
        if attributes.is_empty() {
            return None;
        }
        if let Some(code) = self.attributes.get(attributes) {
            return Some(*code);
        }
        let code = self.code(&serde_json::to_string(attributes).unwrap_or_default());
        self.attributes.insert(attributes.clone(), code);
        Some(code)
    }

    fn encode(&mut self, item: &LineItem) -> EncodedRow {
        let money = |d: Decimal| d.to_f64().unwrap_or(0.0);
        let attributes = self.attributes(&item.attributes);
        EncodedRow {
            provider: item.provider.code(),
            billing_account: self.code(&item.billing_account_id),
            sub_account: self.code_opt(item.sub_account_id.as_deref()),
            currency: self.code(&item.billing_currency),
            periods: [
                item.billing_period_start.timestamp(),
                item.billing_period_end.timestamp(),
                item.charge_period_start.timestamp(),
                item.charge_period_end.timestamp(),
            ],
            enums: [
                Some(item.charge_category.code()),
                item.charge_class.map(|c| c.code()),
                item.charge_frequency.map(|c| c.code()),
                item.pricing_category.map(|c| c.code()),
                Some(item.service_category.code()),
                item.commitment_discount_category.map(|c| c.code()),
                item.commitment_discount_status.map(|c| c.code()),
            ],
            service: self.code(&item.service_name),
            region: self.code_opt(item.region_id.as_deref()),
            resource: self.code_opt(item.resource_id.as_deref()),
            commitment_discount: self.code_opt(item.commitment_discount_id.as_deref()),
            costs: [
                money(item.billed_cost),
                money(item.effective_cost),
                money(item.list_cost),
                money(item.contracted_cost),
            ],
            quantities: [
                item.pricing_quantity.map(money),
                item.consumed_quantity.map(money),
                item.list_unit_price.map(money),
                item.contracted_unit_price.map(money),
                item.commitment_discount_quantity.map(money),
            ],
            tag_set: self.tag_set(&item.tags),
            attributes,
            pricing_unit: self.code_opt(item.attributes.get("PricingUnit")),
        }
    }

    fn batch(&mut self, rows: Vec<EncodedRow>, rows_read: u64, bytes_read: u64) -> Batch {
        Batch {
            rows,
            new_strings: std::mem::take(&mut self.new_strings),
            new_tag_sets: std::mem::take(&mut self.new_tag_sets),
            rows_read,
            bytes_read,
        }
    }
}

impl ReadOutcome {
    /// Counts a row that is not stored, keeping the first errors as samples.
    fn reject(&mut self, error: &Error) {
        self.rows_rejected += 1;
        if self.rejected_samples.len() < MAX_REJECTED_SAMPLES {
            self.rejected_samples.push(error.to_string());
        }
    }

    fn record(&mut self, item: &LineItem) {
        let total = match self.totals.get_mut(&item.billing_currency) {
            Some(total) => total,
            None => self.totals.entry(item.billing_currency.clone()).or_insert_with(|| CurrencyTotal {
                currency: item.billing_currency.clone(),
                billed_cost: Decimal::ZERO,
                effective_cost: Decimal::ZERO,
            }),
        };
        total.billed_cost += item.billed_cost;
        total.effective_cost += item.effective_cost;
        self.providers.insert(item.provider);
        self.periods.insert(item.billing_period_start.timestamp());
        if !self.accounts.contains(&item.billing_account_id) {
            self.accounts.insert(item.billing_account_id.clone());
        }
    }
}

/// Parses, maps and encodes every row, sending batches to the writer. Stops early, without error, when the
/// writer has gone (it failed, and its error is the one reported).
///
/// With `skip_bad_rows`, a row with a bad value or the wrong number of fields is counted and skipped. A row
/// without a currency takes `default_currency`, or is stored with an empty one that the writer settles once
/// the whole file is read (see `missing_currency`).
pub(super) fn read_rows(
    opened: &mut Opened,
    path: &Path,
    options: &IngestOptions,
    out: SyncSender<Batch>,
) -> Result<ReadOutcome> {
    let mut outcome = ReadOutcome::default();
    let mut encoder = Encoder::default();
    let mut record = StringRecord::new();
    let mut rows = Vec::with_capacity(BATCH_ROWS);
    loop {
        match opened.source.next_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e @ Error::RaggedRow { .. }) if options.skip_bad_rows => {
                outcome.rows_read += 1;
                outcome.reject(&e);
                continue;
            }
            Err(e) => return Err(e),
        }
        outcome.rows_read += 1;
        let row = Row { path, line: opened.source.line(), record: &record, columns: &opened.columns };
        match opened.mapper.map(&row) {
            Ok(Some(mut item)) => {
                if item.billing_currency.is_empty() {
                    match &options.read.default_currency {
                        Some(currency) => item.billing_currency.clone_from(currency),
                        None => {
                            let (_, count) = outcome.without_currency.get_or_insert((row.line, 0));
                            *count += 1;
                        }
                    }
                }
                rows.push(encoder.encode(&item));
                outcome.record(&item);
            }
            Ok(None) => {}
            Err(e @ Error::BadValue { .. }) if options.skip_bad_rows => outcome.reject(&e),
            Err(e) => return Err(e),
        }
        if rows.len() == BATCH_ROWS {
            super::kill_point::reached("parse");
            let full = std::mem::replace(&mut rows, Vec::with_capacity(BATCH_ROWS));
            if out.send(encoder.batch(full, outcome.rows_read, opened.source.bytes_read())).is_err() {
                return Ok(outcome);
            }
        }
    }
    let _ = out.send(encoder.batch(rows, outcome.rows_read, opened.source.bytes_read()));
    Ok(outcome)
}
