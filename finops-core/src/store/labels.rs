//! The names of the daily frame's ids, and ids of names (from a filter): label lookups.
//!
//! Only the strings the daily frame refers to are loaded (accounts, services, regions, currencies, units: a
//! few thousand at most; the attribute JSON in `strings` is never read), and the tag items, which are small.

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;

use super::daily_frame::{columns as c, Reader};
use crate::error::Result;

/// One tag of a tag set.
#[derive(Debug, Clone)]
pub(crate) struct TagItem {
    pub(crate) set: u32,
    /// Normalized.
    key: String,
    /// As exported (the order a set's items are kept in).
    pub(crate) raw_key: String,
    value: String,
}

impl TagItem {
    pub(crate) fn new(set: u32, key: &str, raw_key: &str, value: &str) -> TagItem {
        TagItem { set, key: key.to_string(), raw_key: raw_key.to_string(), value: value.to_string() }
    }
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
        let mut stmt = reader
            .conn()
            .prepare("SELECT tag_set_id, key, raw_key, value FROM tag_items ORDER BY tag_set_id, raw_key")
            .map_err(reader.err())?;
        let tags = stmt
            .query_map([], |r| Ok(TagItem { set: r.get(0)?, key: r.get(1)?, raw_key: r.get(2)?, value: r.get(3)? }))
            .map_err(reader.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(reader.err())?;
        Ok(Labels::new(strings, tags))
    }

    /// Labels of names by id and of tag items (sorted by tag set, then raw key).
    pub(crate) fn new(strings: HashMap<u32, String>, tags: Vec<TagItem>) -> Labels {
        let ids = strings.iter().map(|(id, value)| (value.clone(), *id)).collect();
        Labels { strings, ids, tags }
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
}
