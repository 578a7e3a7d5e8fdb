//! The arguments every analysis tool shares (the period and the filters, narrowed to the filters in force),
//! their JSON schema, and how names the model writes ("EC2", "azure") are matched to the stored values.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ToolContext, ToolError};
use crate::filter::{next_month_start, CostMetric, DatePreset, Filter, TagFilter};
use crate::model::{ChargeCategory, Provider};
use crate::services::analytics::{Dimension, NONE_LABEL};

/// The period and filters of a call. Every field is optional; what is given narrows the filters in force.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Scope {
    /// A named period (see [`parse_period`]).
    pub period: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub start: Option<String>,
    /// Last day (included), `YYYY-MM-DD`.
    pub end: Option<String>,
    /// Providers (`AWS`, `Microsoft`/`Azure`, `Google Cloud`/`GCP`).
    pub providers: Vec<String>,
    /// Service names.
    pub services: Vec<String>,
    /// Sub-account ids (AWS accounts, Azure subscriptions, GCP projects).
    pub accounts: Vec<String>,
    /// Region ids.
    pub regions: Vec<String>,
    /// Charge categories (`Usage`, `Purchase`, `Tax`, `Credit`, `Adjustment`).
    pub charge_categories: Vec<String>,
    /// Tag key → value.
    pub tags: std::collections::BTreeMap<String, String>,
    /// Currency (`USD`).
    pub currency: Option<String>,
    /// `effective` (default), `billed`, `list` or `contracted`.
    pub metric: Option<String>,
}

/// The JSON-schema properties of [`Scope`], merged into each tool's own.
pub fn scope_schema() -> serde_json::Map<String, Value> {
    let list = |what: &str| json!({"type": "array", "items": {"type": "string"}, "description": what});
    let props = json!({
        "period": {"type": "string", "description":
            "this_month, last_month, month_to_date, last_<n>_days, a month YYYY-MM, a quarter YYYY-Q1, a year YYYY"},
        "start": {"type": "string", "description": "first day YYYY-MM-DD (instead of period)"},
        "end": {"type": "string", "description": "last day included YYYY-MM-DD (instead of period)"},
        "providers": list("providers: AWS, Microsoft (Azure), Google Cloud (GCP)"),
        "services": list("service names (ServiceName)"),
        "accounts": list("sub-account ids (SubAccountId: AWS account, Azure subscription, GCP project)"),
        "regions": list("region ids"),
        "charge_categories": list("Usage, Purchase, Tax, Credit, Adjustment"),
        "tags": {"type": "object", "additionalProperties": {"type": "string"}, "description": "tag key -> value"},
        "currency": {"type": "string", "description": "billing currency, e.g. USD"},
        "metric": {"type": "string", "enum": ["effective", "billed", "list", "contracted"]},
    });
    match props {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

/// A tool's schema: its own properties, then the scope's.
pub(crate) fn schema(own: Value, required: &[&str]) -> Value {
    let mut properties = match own {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    properties.extend(scope_schema());
    json!({"type": "object", "properties": properties, "required": required, "additionalProperties": false})
}

/// Reads a tool's typed arguments.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(args: Value) -> Result<T, ToolError> {
    serde_json::from_value(args).map_err(|e| ToolError(format!("bad arguments: {e}")))
}

/// First and last day of a named period on `today`: `this_month`, `last_month`, `month_to_date`,
/// `last_<n>_days`, `YYYY-MM`, `YYYY-QN`, `YYYY`, `YYYY-MM-DD`.
pub fn parse_period(text: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let text = text.trim();
    if let Some(preset) = DatePreset::parse(text) {
        return Some(preset.range(today));
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some((day, day));
    }
    let (year, rest) = text.split_once('-').map_or((text, None), |(y, r)| (y, Some(r)));
    let year: i32 = year.parse().ok().filter(|y| (1970..=2200).contains(y))?;
    let months = |first: u32, count: u32| {
        let start = NaiveDate::from_ymd_opt(year, first, 1)?;
        let mut end = start;
        for _ in 0..count {
            end = next_month_start(end);
        }
        Some((start, end.pred_opt()?))
    };
    match rest.map(|r| r.to_ascii_uppercase()) {
        None => months(1, 12),
        Some(r) if r.starts_with('Q') => {
            months((r[1..].parse::<u32>().ok().filter(|q| (1..=4).contains(q))? - 1) * 3 + 1, 3)
        }
        Some(r) => months(r.parse().ok().filter(|m| (1..=12).contains(m))?, 1),
    }
}

fn day(text: &str, what: &str) -> Result<NaiveDate, ToolError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| ToolError(format!("{what} {text:?} is not a date YYYY-MM-DD")))
}

impl Scope {
    /// The filter of this call: the filters in force, narrowed by the arguments.
    pub fn filter(&self, ctx: &ToolContext<'_>) -> Result<Filter, ToolError> {
        let mut f = ctx.filter.clone();
        let (mut start, mut end) = (None, None);
        if let Some(period) = &self.period {
            let (s, e) = parse_period(period, ctx.today).ok_or_else(|| {
                ToolError(format!("unknown period {period:?}: use this_month, last_month, month_to_date, last_<n>_days, YYYY-MM, YYYY-QN or YYYY"))
            })?;
            (start, end) = (Some(s), Some(e));
        }
        if let Some(s) = &self.start {
            start = Some(day(s, "start")?);
        }
        if let Some(e) = &self.end {
            end = Some(day(e, "end")?);
        }
        // The filters in force bound the period: the later start, the earlier end.
        f.start = start.max(f.start);
        f.end = match (end, f.end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let (Some(s), Some(e)) = (f.start, f.end) {
            if s > e {
                return Err(ToolError(format!("the period {s} to {e} is empty (or outside the filters in force)")));
            }
        }
        let providers = self
            .providers
            .iter()
            .map(|p| match Provider::parse(p) {
                Some(p) => p,
                None => Provider::from_provider_name(p),
            })
            .collect::<Vec<_>>();
        f.providers = narrow(&f.providers, providers, "providers")?;
        let vocabulary = Vocabulary { ctx };
        f.services = narrow(&f.services, vocabulary.resolve("service", &self.services)?, "services")?;
        f.sub_accounts = narrow(&f.sub_accounts, vocabulary.resolve("sub_account", &self.accounts)?, "accounts")?;
        f.regions = narrow(&f.regions, vocabulary.resolve("region", &self.regions)?, "regions")?;
        let categories = self
            .charge_categories
            .iter()
            .map(|c| ChargeCategory::parse(c).ok_or_else(|| ToolError(format!("unknown charge category {c:?}"))))
            .collect::<Result<Vec<_>, _>>()?;
        f.charge_categories = narrow(&f.charge_categories, categories, "charge categories")?;
        f.tags.extend(self.tags.iter().map(|(k, v)| TagFilter::Equals { key: k.clone(), value: v.clone() }));
        if let Some(c) = &self.currency {
            let c = c.trim().to_ascii_uppercase();
            if f.currency.as_ref().is_some_and(|base| *base != c && !f.rates.contains_key(&c)) {
                return Err(ToolError(format!("currency {c} is outside the filters in force")));
            }
            if f.rates.is_empty() {
                f.currency = Some(c);
            }
        }
        if let Some(m) = &self.metric {
            f.metric = CostMetric::parse(m).ok_or_else(|| ToolError(format!("unknown metric {m:?}")))?;
        }
        Ok(f)
    }

    /// A short description of the period, for the facts (`2025-03-01 to 2025-03-31`, or `all data`).
    pub(crate) fn describe(filter: &Filter) -> String {
        match (filter.start, filter.end) {
            (Some(s), Some(e)) => format!("{s} to {e}"),
            (Some(s), None) => format!("from {s}"),
            (None, Some(e)) => format!("up to {e}"),
            (None, None) => "all data".into(),
        }
    }
}

/// `wanted` within `base` (the filters in force): all of `wanted` when `base` is empty, else their
/// intersection, which must not be empty.
fn narrow<T: PartialEq + Clone + std::fmt::Debug>(base: &[T], wanted: Vec<T>, what: &str) -> Result<Vec<T>, ToolError> {
    if wanted.is_empty() {
        return Ok(base.to_vec());
    }
    if base.is_empty() {
        return Ok(wanted);
    }
    let kept: Vec<T> = wanted.into_iter().filter(|w| base.contains(w)).collect();
    if kept.is_empty() {
        return Err(ToolError(format!("those {what} are outside the filters in force ({base:?})")));
    }
    Ok(kept)
}

/// Common names of services, matched inside the stored ServiceName.
const SERVICE_ALIASES: &[(&str, &str)] = &[
    ("ec2", "elastic compute cloud"),
    ("s3", "simple storage service"),
    ("rds", "relational database service"),
    ("vpc", "virtual private cloud"),
    ("vm", "virtual machines"),
    ("vms", "virtual machines"),
    ("gce", "compute engine"),
    ("gcs", "cloud storage"),
];

/// The stored values of a dimension, to match names against.
struct Vocabulary<'a, 'b> {
    ctx: &'a ToolContext<'b>,
}

impl Vocabulary<'_, '_> {
    /// The stored values of `column` (a dimension's name) in the daily aggregate.
    fn values(&self, column: &str) -> Result<Vec<String>, ToolError> {
        let by = Dimension::parse(column).ok_or_else(|| ToolError(format!("unknown dimension {column}")))?;
        let mut names = self.ctx.workspace.analytics()?.dimension_values(&Filter::default(), &by)?;
        names.retain(|n| n != NONE_LABEL);
        Ok(names)
    }

    /// Each wanted name as stored: an exact match, else a case-insensitive one, else every stored value
    /// containing it (or its alias).
    fn resolve(&self, column: &str, wanted: &[String]) -> Result<Vec<String>, ToolError> {
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let known = self.values(column)?;
        let mut out = Vec::new();
        for name in wanted {
            let lower = name.trim().to_lowercase();
            if let Some(exact) = known.iter().find(|k| k.to_lowercase() == lower) {
                out.push(exact.clone());
                continue;
            }
            let needle = SERVICE_ALIASES.iter().find(|(a, _)| *a == lower).map_or(lower.as_str(), |(_, t)| t);
            let matches: Vec<&String> = known.iter().filter(|k| k.to_lowercase().contains(needle)).collect();
            if matches.is_empty() {
                let sample: Vec<&str> = known.iter().take(30).map(String::as_str).collect();
                return Err(ToolError(format!("no {column} matches {name:?}; known values: {}", sample.join(", "))));
            }
            out.extend(matches.into_iter().cloned());
        }
        out.dedup();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods() {
        let today = d(2025, 6, 15);
        assert_eq!(parse_period("2025-03", today), Some((d(2025, 3, 1), d(2025, 3, 31))));
        assert_eq!(parse_period("2024-q1", today), Some((d(2024, 1, 1), d(2024, 3, 31))));
        assert_eq!(parse_period("2025", today), Some((d(2025, 1, 1), d(2025, 12, 31))));
        assert_eq!(parse_period("last_month", today), Some((d(2025, 5, 1), d(2025, 5, 31))));
        assert_eq!(parse_period("last_7_days", today), Some((d(2025, 6, 9), today)));
        assert_eq!(parse_period("2025-13", today), None);
        assert_eq!(parse_period("soon", today), None);
    }
}
