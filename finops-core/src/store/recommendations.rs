//! Recommendations a user dismissed (`recommendation_dismissals`, schema version 4).
//!
//! Only the dismissal is stored, never the recommendation: recommendations are recomputed from the line
//! items on every request, and their ids are stable (see `services::recommendations`), so a dismissal
//! applies again after any re-import. It must not hold anything derived from the data.

use std::collections::HashMap;

use rusqlite::params;

use super::Store;
use crate::error::Result;

/// A dismissal as stored: when, and the user's note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    /// The rule code of the dismissed recommendation (`gp2-to-gp3`...).
    pub rule: String,
    /// Why the user dismissed it, if they said.
    pub note: Option<String>,
    /// When, as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub dismissed_at: String,
}

impl Store {
    /// Dismisses the recommendation `id` (of rule `rule`), replacing any earlier note.
    pub fn dismiss_recommendation(&self, id: &str, rule: &str, note: Option<&str>) -> Result<()> {
        let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        self.conn()
            .execute(
                "INSERT INTO recommendation_dismissals(id, rule, note, dismissed_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET rule = excluded.rule, note = excluded.note,
                     dismissed_at = excluded.dismissed_at",
                params![id, rule, note, at],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Undoes a dismissal; returns whether `id` was dismissed.
    pub fn restore_recommendation(&self, id: &str) -> Result<bool> {
        let n = self.conn().execute("DELETE FROM recommendation_dismissals WHERE id = ?1", [id]).map_err(self.err())?;
        Ok(n > 0)
    }

    /// Every dismissal, by recommendation id.
    pub fn recommendation_dismissals(&self) -> Result<HashMap<String, Dismissal>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, rule, note, dismissed_at FROM recommendation_dismissals")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, Dismissal { rule: r.get(1)?, note: r.get(2)?, dismissed_at: r.get(3)? }))
            })
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<HashMap<_, _>>>().map_err(self.err())
    }
}
