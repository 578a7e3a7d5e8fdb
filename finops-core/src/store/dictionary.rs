//! Database ids for the string and tag-set codes of one import (see `encode`): each distinct value is
//! looked up or inserted once, then rows resolve their codes by indexing.

use rusqlite::{params, OptionalExtension, Transaction};

use super::encode::Batch;
use crate::model::Tags;

/// Code → database id, for `strings` and `tag_sets`.
#[derive(Default)]
pub(super) struct Dictionary {
    strings: Vec<i64>,
    tag_sets: Vec<i64>,
}

impl Dictionary {
    /// Learns the ids of the strings and tag sets first seen in `batch`.
    pub(super) fn absorb(&mut self, tx: &Transaction<'_>, batch: &Batch) -> rusqlite::Result<()> {
        for value in &batch.new_strings {
            self.strings.push(string_id(tx, value)?);
        }
        for (json, tags) in &batch.new_tag_sets {
            self.tag_sets.push(tag_set_id(tx, json, tags)?);
        }
        Ok(())
    }

    /// The id of a string code.
    pub(super) fn string(&self, code: u32) -> i64 {
        self.strings[code as usize]
    }

    /// The id of an optional string code.
    pub(super) fn string_opt(&self, code: Option<u32>) -> Option<i64> {
        code.map(|c| self.string(c))
    }

    /// The id of an optional tag-set code.
    pub(super) fn tag_set(&self, code: Option<u32>) -> Option<i64> {
        code.map(|c| self.tag_sets[c as usize])
    }
}

fn string_id(tx: &Transaction<'_>, value: &str) -> rusqlite::Result<i64> {
    let found =
        tx.prepare_cached("SELECT id FROM strings WHERE value = ?1")?.query_row([value], |r| r.get(0)).optional()?;
    match found {
        Some(id) => Ok(id),
        None => {
            tx.prepare_cached("INSERT INTO strings(value) VALUES (?1)")?.execute([value])?;
            Ok(tx.last_insert_rowid())
        }
    }
}

fn tag_set_id(tx: &Transaction<'_>, json: &str, tags: &Tags) -> rusqlite::Result<i64> {
    let found =
        tx.prepare_cached("SELECT id FROM tag_sets WHERE json = ?1")?.query_row([json], |r| r.get(0)).optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO tag_sets(json) VALUES (?1)")?.execute([json])?;
    let id = tx.last_insert_rowid();
    let mut item =
        tx.prepare_cached("INSERT INTO tag_items(tag_set_id, key, raw_key, value) VALUES (?1, ?2, ?3, ?4)")?;
    for tag in tags.iter() {
        item.execute(params![id, tag.key, tag.raw_key, tag.value])?;
    }
    Ok(id)
}
