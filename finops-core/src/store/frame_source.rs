//! A daily aggregate computed elsewhere (by Spark over a data lake, say) and handed over whole: a
//! [`CostSource`] without line items. Its names are interned into ids and its tags normalized exactly as an
//! import into SQLite would, so the same data gives the same numbers on either path.

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use super::cost_lines::CostLine;
use super::daily_frame::{sorted_frame, DailyColumns};
use super::labels::{Labels, TagItem};
use super::source::{CostSource, Daily};
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::model::{service_category_for, ChargeCategory, Provider, ServiceCategory, Tags};
use crate::services::anomaly::Feedback;

/// The columns of a daily aggregate handed to [`crate::Workspace::from_daily_frame`], one row per day and
/// combination of the others, costs summed: `day` (Date), `provider` (String: ProviderName, `AWS`,
/// `Microsoft`, `Google Cloud`, `Oracle`...), `billing_account` (String), `sub_account` (String, nullable),
/// `service` (String), `service_category` (String, nullable: FOCUS ServiceCategory, else derived from the
/// service name as the native imports do), `region` (String, nullable), `charge_category` (String: FOCUS
/// ChargeCategory), `currency` (String), `tags` (String, nullable: a JSON object), `pricing_unit` (String,
/// nullable), `billed_cost`, `effective_cost`, `list_cost`, `contracted_cost` (Float64), `pricing_quantity`
/// (Float64, nullable), `line_items` (integer: rows summed).
pub const DAILY_FRAME_COLUMNS: [&str; 17] = [
    "day",
    "provider",
    "billing_account",
    "sub_account",
    "service",
    "service_category",
    "region",
    "charge_category",
    "currency",
    "tags",
    "pricing_unit",
    "billed_cost",
    "effective_cost",
    "list_cost",
    "contracted_cost",
    "pricing_quantity",
    "line_items",
];

/// A daily aggregate held in memory (see the module docs).
pub(crate) struct FrameSource {
    frame: DataFrame,
    strings: HashMap<u32, String>,
    tags: Vec<TagItem>,
}

/// Names interned into ids, in first-seen order.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: HashMap<u32, String>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.insert(id, name.to_string());
        id
    }
}

/// A column of `frame` as strings (null stays null), or an error naming it.
fn strings<'a>(frame: &'a DataFrame, name: &str) -> Result<&'a StringChunked> {
    frame.column(name).and_then(|c| c.str()).map_err(|_| bad_frame(name, "a String column"))
}

fn floats(frame: &DataFrame, name: &str) -> Result<Float64Chunked> {
    let column = frame.column(name).map_err(|_| bad_frame(name, "a Float64 column"))?;
    Ok(column.cast(&DataType::Float64)?.f64()?.clone())
}

fn bad_frame(column: &str, expected: &str) -> Error {
    Error::InvalidArgument(format!(
        "the daily frame needs `{column}` as {expected} (columns: {})",
        DAILY_FRAME_COLUMNS.join(", ")
    ))
}

impl FrameSource {
    /// Interns and checks a daily aggregate with the [`DAILY_FRAME_COLUMNS`].
    pub(crate) fn new<'a>(input: &'a DataFrame) -> Result<FrameSource> {
        let day = input.column("day").map_err(|_| bad_frame("day", "a Date column"))?;
        let days = day.cast(&DataType::Date).map_err(|_| bad_frame("day", "a Date column"))?;
        let days = days.date().map_err(|_| bad_frame("day", "a Date column"))?.physical().clone();
        let text = |name| strings(input, name);
        let (provider, account, sub_account, service, category, region, charge, currency, tags, unit) = (
            text("provider")?,
            text("billing_account")?,
            text("sub_account")?,
            text("service")?,
            text("service_category")?,
            text("region")?,
            text("charge_category")?,
            text("currency")?,
            text("tags")?,
            text("pricing_unit")?,
        );
        let costs = ["billed_cost", "effective_cost", "list_cost", "contracted_cost"].map(|n| floats(input, n));
        let [billed, effective, list, contracted] = costs;
        let (billed, effective, list, contracted) = (billed?, effective?, list?, contracted?);
        let quantity = floats(input, "pricing_quantity")?;
        let count = input.column("line_items").map_err(|_| bad_frame("line_items", "an integer column"))?;
        let count = count.cast(&DataType::UInt32)?.u32()?.clone();

        let mut names = Interner::default();
        let mut tag_sets: HashMap<String, Option<u32>> = HashMap::new();
        let mut tag_items = Vec::new();
        let mut out = DailyColumns::default();
        for i in 0..input.height() {
            let required = |col: &'a StringChunked, name: &str| -> Result<&'a str> {
                col.get(i).ok_or_else(|| bad_frame(name, "a String column without nulls"))
            };
            let Some(day) = days.get(i) else { return Err(bad_frame("day", "a Date column without nulls")) };
            let service_name = required(service, "service")?;
            let service_category = match category.get(i) {
                Some(name) => ServiceCategory::parse(name).ok_or_else(|| bad_value("service_category", name))?,
                None => service_category_for(service_name),
            };
            let charge_name = required(charge, "charge_category")?;
            let charge_category =
                ChargeCategory::parse(charge_name).ok_or_else(|| bad_value("charge_category", charge_name))?;
            let tag_set = match tags.get(i) {
                None => None,
                Some(json) => match tag_sets.get(json) {
                    Some(set) => *set,
                    None => {
                        let parsed = Tags::parse_json(json).ok_or_else(|| bad_value("tags", json))?;
                        let set = (!parsed.is_empty()).then_some(tag_sets.len() as u32);
                        if let Some(set) = set {
                            tag_items.extend(parsed.iter().map(|t| TagItem::new(set, &t.key, &t.raw_key, &t.value)));
                        }
                        tag_sets.insert(json.to_string(), set);
                        set
                    }
                },
            };
            out.push_ids(
                day,
                [
                    Provider::from_provider_name(required(provider, "provider")?).code() as u32,
                    names.id(required(account, "billing_account")?),
                    names.id(service_name),
                    service_category.code() as u32,
                    charge_category.code() as u32,
                    names.id(required(currency, "currency")?),
                ],
                [
                    sub_account.get(i).map(|s| names.id(s)),
                    region.get(i).map(|s| names.id(s)),
                    tag_set,
                    unit.get(i).map(|s| names.id(s)),
                ],
            );
            let cost = |col: &Float64Chunked| col.get(i).unwrap_or(0.0);
            out.push_sums(
                [cost(&billed), cost(&effective), cost(&list), cost(&contracted)],
                quantity.get(i),
                count.get(i).unwrap_or(0),
            );
        }
        tag_items.sort_by(|a, b| (a.set, &a.raw_key).cmp(&(b.set, &b.raw_key)));
        Ok(FrameSource { frame: sorted_frame(out)?, strings: names.names, tags: tag_items })
    }
}

fn bad_value(column: &str, value: &str) -> Error {
    Error::InvalidArgument(format!("the daily frame's `{column}` holds {value:?}, which is not a value FOCUS allows"))
}

impl CostSource for FrameSource {
    fn describe(&self) -> String {
        format!("a daily aggregate of {} rows", self.frame.height())
    }

    fn version(&self) -> Result<i64> {
        // Handed over once and never changed.
        Ok(0)
    }

    fn daily(&self) -> Result<Daily> {
        let labels = Labels::new(self.strings.clone(), self.tags.clone());
        Ok(Daily { version: 0, frame: self.frame.clone(), labels })
    }

    fn resources_daily(&self, _filter: &Filter) -> Result<Option<DataFrame>> {
        Ok(None)
    }

    fn cost_lines(&self, _filter: &Filter, _ranges: &[(NaiveDate, NaiveDate)]) -> Result<Option<Vec<CostLine>>> {
        Ok(None)
    }

    fn anomaly_feedback(&self) -> Result<HashMap<(String, i32), Feedback>> {
        Ok(HashMap::new())
    }
}

#[cfg(test)]
mod tests {
    use super::super::codec::{date, day_number};
    use super::super::daily_frame::columns as c;
    use super::*;

    /// The first day of the aggregate.
    fn first_day(source: &FrameSource) -> Option<NaiveDate> {
        source.frame.column(c::DAY).ok()?.i32().ok()?.get(0).map(date)
    }

    #[test]
    fn names_are_interned_and_tags_normalized_like_an_import() {
        let day = |d: u32| day_number(NaiveDate::from_ymd_opt(2025, 3, d).unwrap());
        let frame = df!(
            "day" => [day(2), day(1), day(1)],
            "provider" => ["AWS", "AWS", "Microsoft"],
            "billing_account" => ["111", "111", "222"],
            "sub_account" => [Some("a"), None, Some("b")],
            "service" => ["Amazon Elastic Compute Cloud", "Amazon Simple Storage Service", "Virtual Machines"],
            "service_category" => [None, Some("Storage"), None::<&str>],
            "region" => [Some("us-east-1"), Some("us-east-1"), None],
            "charge_category" => ["Usage", "Usage", "Usage"],
            "currency" => ["USD", "USD", "EUR"],
            "tags" => [Some(r#"{"user:Team": "web"}"#), None, Some(r#"{"team": "data"}"#)],
            "pricing_unit" => [Some("Hrs"), None, None],
            "billed_cost" => [3.0, 2.0, 5.0],
            "effective_cost" => [3.0, 2.0, 5.0],
            "list_cost" => [4.0, 2.0, 5.0],
            "contracted_cost" => [4.0, 2.0, 5.0],
            "pricing_quantity" => [Some(24.0), None, None],
            "line_items" => [24i64, 1, 3],
        )
        .unwrap();
        let frame = frame.lazy().with_column(col("day").cast(DataType::Date)).collect().unwrap();
        let source = FrameSource::new(&frame).unwrap();
        assert_eq!(source.frame.height(), 3);
        assert_eq!(first_day(&source), NaiveDate::from_ymd_opt(2025, 3, 1), "sorted by day");
        let daily = source.daily().unwrap();
        // `user:Team` and `team` are one normalized key.
        assert_eq!(daily.labels.tag_keys(), ["team"]);
        let categories = daily.frame.column(c::SERVICE_CATEGORY).unwrap().u32().unwrap();
        let compute = ServiceCategory::Compute.code() as u32;
        assert!(categories.iter().flatten().filter(|c| *c == compute).count() == 2, "derived from the service");
        let missing = frame.drop("currency").unwrap();
        assert!(matches!(FrameSource::new(&missing), Err(Error::InvalidArgument(m)) if m.contains("currency")));
    }
}
