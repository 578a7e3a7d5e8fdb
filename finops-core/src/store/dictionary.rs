//! Interning strings and tag sets during an import: each distinct value is written once.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};

use crate::model::Tags;

/// A per-import cache in front of the `strings` and `tag_sets` tables.
#[derive(Default)]
pub(super) struct Dictionary {
    strings: HashMap<String, i64>,
    tag_sets: HashMap<String, i64>,
}

impl Dictionary {
    /// The id of `value`, inserting it when new.
    pub(super) fn intern(&mut self, tx: &Transaction<'_>, value: &str) -> rusqlite::Result<i64> {
        if let Some(id) = self.strings.get(value) {
            return Ok(*id);
        }
        let mut find = tx.prepare_cached("SELECT id FROM strings WHERE value = ?1")?;
        let id = match find.query_row([value], |r| r.get(0)).optional()? {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO strings(value) VALUES (?1)")?.execute([value])?;
                tx.last_insert_rowid()
            }
        };
        self.strings.insert(value.to_string(), id);
        Ok(id)
    }

    /// Like [`Dictionary::intern`] for an optional value.
    pub(super) fn intern_opt(&mut self, tx: &Transaction<'_>, value: Option<&str>) -> rusqlite::Result<Option<i64>> {
        value.map(|v| self.intern(tx, v)).transpose()
    }

    /// The id of a tag set (None when empty), inserting it and its items when new.
    pub(super) fn tag_set(&mut self, tx: &Transaction<'_>, tags: &Tags) -> rusqlite::Result<Option<i64>> {
        if tags.is_empty() {
            return Ok(None);
        }
        let json = tags.to_json();
        if let Some(id) = self.tag_sets.get(&json) {
            return Ok(Some(*id));
        }
        let mut find = tx.prepare_cached("SELECT id FROM tag_sets WHERE json = ?1")?;
        let id = match find.query_row([&json], |r| r.get(0)).optional()? {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO tag_sets(json) VALUES (?1)")?.execute([&json])?;
                let id = tx.last_insert_rowid();
                let mut item = tx
                    .prepare_cached("INSERT INTO tag_items(tag_set_id, key, raw_key, value) VALUES (?1, ?2, ?3, ?4)")?;
                for tag in tags.iter() {
                    item.execute(params![id, tag.key, tag.raw_key, tag.value])?;
                }
                id
            }
        };
        self.tag_sets.insert(json, id);
        Ok(Some(id))
    }
}
