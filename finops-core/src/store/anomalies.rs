//! Anomaly events and the feedback users give on them (`anomaly_events`, schema version 3).
//!
//! An event is identified by its segment key and first day: the detector is causal, so the same event keeps
//! the same start as data arrives, and feedback stays attached to it.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::Store;
use crate::error::Result;
use crate::services::analytics::day_number;
use crate::services::anomaly::{AnomalyEvent, Feedback};

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const UPSERT: &str = "
INSERT INTO anomaly_events(segment, start_day, end_day, kind, currency, expected, actual, total_impact, severity,
                           score, detected_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT(segment, start_day) DO UPDATE SET
    end_day = excluded.end_day, kind = excluded.kind, currency = excluded.currency, expected = excluded.expected,
    actual = excluded.actual, total_impact = excluded.total_impact, severity = excluded.severity,
    score = excluded.score";

fn upsert(conn: &Connection, event: &AnomalyEvent, at: &str) -> rusqlite::Result<usize> {
    conn.execute(
        UPSERT,
        params![
            event.segment.key(),
            day_number(event.start),
            day_number(event.end),
            event.kind.as_str(),
            event.currency,
            event.expected,
            event.actual,
            event.total_impact,
            event.severity.as_str(),
            event.score,
            at,
        ],
    )
}

impl Store {
    /// Saves `events` (new ones added, known ones updated, feedback kept); returns how many were written.
    pub fn record_anomalies(&self, events: &[AnomalyEvent]) -> Result<usize> {
        let tx = self.conn().unchecked_transaction().map_err(self.err())?;
        let at = now();
        let mut written = 0;
        for event in events {
            written += upsert(&tx, event, &at).map_err(self.err())?;
        }
        tx.commit().map_err(self.err())?;
        Ok(written)
    }

    /// Records a user's feedback on `event` (saving the event if it was not). An event marked
    /// [`Feedback::FalseAlarm`] or [`Feedback::Planned`] is left out of later detections.
    pub fn set_anomaly_feedback(&self, event: &AnomalyEvent, feedback: Feedback, note: Option<&str>) -> Result<()> {
        let tx = self.conn().unchecked_transaction().map_err(self.err())?;
        let at = now();
        upsert(&tx, event, &at).map_err(self.err())?;
        tx.execute(
            "UPDATE anomaly_events SET feedback = ?3, feedback_note = ?4, feedback_at = ?5
             WHERE segment = ?1 AND start_day = ?2",
            params![event.segment.key(), day_number(event.start), feedback.as_str(), note, at],
        )
        .map_err(self.err())?;
        tx.commit().map_err(self.err())
    }
}

impl Store {
    /// Records feedback on the stored event `segment` starting on `start` (an event a user gave feedback on
    /// before, or recorded); returns false when no such event is stored.
    pub fn set_anomaly_feedback_by_key(
        &self,
        segment: &str,
        start: chrono::NaiveDate,
        feedback: Feedback,
        note: Option<&str>,
    ) -> Result<bool> {
        let updated = self
            .conn()
            .execute(
                "UPDATE anomaly_events SET feedback = ?3, feedback_note = ?4, feedback_at = ?5
                 WHERE segment = ?1 AND start_day = ?2",
                params![segment, day_number(start), feedback.as_str(), note, now()],
            )
            .map_err(self.err())?;
        Ok(updated > 0)
    }
}

/// Feedback given so far, by (segment key, first day as days since 1970-01-01).
pub(crate) fn feedback(conn: &Connection) -> rusqlite::Result<HashMap<(String, i32), Feedback>> {
    let mut stmt =
        conn.prepare("SELECT segment, start_day, feedback FROM anomaly_events WHERE feedback IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i32>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (segment, day, text) = row?;
        if let Some(f) = Feedback::parse(&text) {
            out.insert((segment, day), f);
        }
    }
    Ok(out)
}
