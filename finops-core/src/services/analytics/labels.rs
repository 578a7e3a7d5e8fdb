//! Turning the frame's ids back into names, and names (from a filter) into ids.
//!
//! Only the strings the daily frame refers to are loaded (accounts, services, regions, currencies, units: a
//! few thousand at most; the attribute JSON in `strings` is never read), and the tag items, which are small.

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;

use super::dimension::{Dimension, NONE_LABEL, UNTAGGED_LABEL};
use super::frame::{columns as c, Reader};
use crate::error::Result;
use crate::model::{ChargeCategory, Provider, ServiceCategory};

/// One tag of a tag set.
struct TagItem {
    set: u32,
    key: String,
    value: String,
}

/// Names of the ids in a frame, and tag sets by key.
pub(crate) struct Labels {
    strings: HashMap<u32, String>,
    ids: HashMap<String, u32>,
    /// Sorted by tag set, then raw key.
    tags: Vec<TagItem>,
}

impl Labels {
    /// The names of every string id `frame` holds, and all tag items.
    pub(crate) fn load(reader: &Reader, frame: &DataFrame) -> Result<Labels> {
        let mut wanted = BTreeSet::new();
        for name in [c::BILLING_ACCOUNT, c::SUB_ACCOUNT, c::SERVICE, c::REGION, c::CURRENCY, c::PRICING_UNIT] {
            wanted.extend(frame.column(name)?.u32()?.unique()?.iter().flatten());
        }
        let mut stmt = reader.conn().prepare("SELECT value FROM strings WHERE id = ?1").map_err(reader.err())?;
        let mut strings = HashMap::with_capacity(wanted.len());
        for id in wanted {
            let value: String = stmt.query_row([id], |r| r.get(0)).map_err(reader.err())?;
            strings.insert(id, value);
        }
        let ids = strings.iter().map(|(id, value)| (value.clone(), *id)).collect();
        let mut stmt = reader
            .conn()
            .prepare("SELECT tag_set_id, key, value FROM tag_items ORDER BY tag_set_id, raw_key")
            .map_err(reader.err())?;
        let tags = stmt
            .query_map([], |r| Ok(TagItem { set: r.get(0)?, key: r.get(1)?, value: r.get(2)? }))
            .map_err(reader.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(reader.err())?;
        Ok(Labels { strings, ids, tags })
    }

    /// The string with this id (empty if unknown, which a consistent database never has).
    pub(crate) fn text(&self, id: u32) -> &str {
        self.strings.get(&id).map(String::as_str).unwrap_or_default()
    }

    /// The id of a string the frame holds.
    pub(crate) fn id(&self, text: &str) -> Option<u32> {
        self.ids.get(text).copied()
    }

    /// The ids of those of `names` the frame holds (a name it does not hold selects nothing).
    pub(crate) fn ids(&self, names: &[String]) -> Vec<u32> {
        names.iter().filter_map(|n| self.id(n)).collect()
    }

    /// Tag sets with the (normalized) `key`, and with `value` for it when given.
    pub(crate) fn tag_sets(&self, key: &str, value: Option<&str>) -> Vec<u32> {
        let mut sets: Vec<u32> =
            self.tags.iter().filter(|t| t.key == key && value.is_none_or(|v| t.value == v)).map(|t| t.set).collect();
        sets.dedup();
        sets
    }

    /// Each tag set's value for the (normalized) `key`. A set holding the key twice under different raw keys
    /// (`Env` and `env`) counts the first raw key in sort order, as [`crate::model::Tags::get`] does.
    pub(crate) fn tag_values(&self, key: &str) -> HashMap<u32, &str> {
        let mut values = HashMap::new();
        for t in self.tags.iter().filter(|t| t.key == key) {
            values.entry(t.set).or_insert(t.value.as_str());
        }
        values
    }

    /// Every (normalized) tag key, sorted.
    pub(crate) fn tag_keys(&self) -> Vec<String> {
        let keys: BTreeSet<&str> = self.tags.iter().map(|t| t.key.as_str()).collect();
        keys.into_iter().map(str::to_string).collect()
    }

    /// A function naming the values of `dimension`'s column (ids or codes, null for none).
    pub(crate) fn namer<'a>(&'a self, dimension: &Dimension) -> impl Fn(Option<u32>) -> String + 'a {
        let tag_values = match dimension {
            Dimension::Tag(key) => self.tag_values(&crate::model::normalize_tag_key(key)),
            _ => HashMap::new(),
        };
        let dimension = dimension.clone();
        let code_name = |name: Option<&'static str>, k: u32| name.map_or_else(|| k.to_string(), str::to_string);
        move |key: Option<u32>| match (&dimension, key) {
            (Dimension::Tag(_), set) => {
                set.and_then(|s| tag_values.get(&s)).map_or_else(|| UNTAGGED_LABEL.to_string(), |v| v.to_string())
            }
            (_, None) => NONE_LABEL.to_string(),
            (Dimension::Provider, Some(k)) => code_name(Provider::from_code(k.into()).map(Provider::as_str), k),
            (Dimension::ServiceCategory, Some(k)) => {
                code_name(ServiceCategory::from_code(k.into()).map(ServiceCategory::as_str), k)
            }
            (Dimension::ChargeCategory, Some(k)) => {
                code_name(ChargeCategory::from_code(k.into()).map(ChargeCategory::as_str), k)
            }
            (_, Some(k)) => self.text(k).to_string(),
        }
    }
}
