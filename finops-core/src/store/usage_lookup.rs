//! The interned values a usage query returns as ids (`strings`, attributes JSON, tag sets), each resolved
//! once per query rather than once per row: the aggregation returns many rows for few distinct values.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

/// Interned strings and attributes, each looked up once.
pub(super) struct Lookup<'c> {
    conn: &'c Connection,
    strings: HashMap<i64, String>,
    attributes: HashMap<i64, (Option<String>, Option<String>)>,
    pub(super) environments: HashMap<i64, String>,
}

impl<'c> Lookup<'c> {
    pub(super) fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        // One small query for every tag set's environment instead of a join per row.
        let mut stmt = conn.prepare("SELECT tag_set_id, value FROM tag_items WHERE key = 'environment'")?;
        let environments =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(Lookup { conn, strings: HashMap::new(), attributes: HashMap::new(), environments })
    }

    pub(super) fn string(&mut self, id: Option<i64>) -> rusqlite::Result<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        if let Some(s) = self.strings.get(&id) {
            return Ok(Some(s.clone()));
        }
        let value: Option<String> =
            self.conn.query_row("SELECT value FROM strings WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        if let Some(v) = &value {
            self.strings.insert(id, v.clone());
        }
        Ok(value)
    }

    /// (usage type, resource type) of an attributes id.
    pub(super) fn attributes(&mut self, id: Option<i64>) -> rusqlite::Result<(Option<String>, Option<String>)> {
        let Some(id) = id else { return Ok((None, None)) };
        if let Some(a) = self.attributes.get(&id) {
            return Ok(a.clone());
        }
        let json = self.string(Some(id))?.unwrap_or_default();
        let map: HashMap<String, serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
        let text = |k: &str| map.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let parsed = (text("x_UsageType").or_else(|| text("SkuMeter")), text("ResourceType"));
        self.attributes.insert(id, parsed.clone());
        Ok(parsed)
    }
}
