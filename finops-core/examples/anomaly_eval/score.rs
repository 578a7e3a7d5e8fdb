//! Scoring: labels and events as spans of days on a series, matched at two levels.
//!
//! - Events: a label is found when an event on its series overlaps its window (its days ±2); an event is true
//!   when it overlaps the window of a label on its series, else a false alarm. Clean series (no label at all)
//!   also give false alarms per series per quarter.
//! - Segment-days: every day of every scored series is *flagged* when it lies in one of the series' events and
//!   *positive* when it lies in a label's own days ([`Span::days`]). This is what a reader of the series chart
//!   sees: how much of what is marked is anomalous, and how much of what is anomalous is marked.
//!
//! `scripts/bench_anomalies.py` applies the same two rules to IsolationForest.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;

/// A label or an event on one series.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    pub(crate) dataset: String,
    pub(crate) segment: String,
    pub(crate) kind: String,
    /// Event matching window: a label's days widened by the tolerance; an event's first and last day.
    pub(crate) first: NaiveDate,
    pub(crate) last: NaiveDate,
    /// Segment-day scoring: the days that are anomalous (a label's, see `labels::label_days`), or flagged (an
    /// event's, the same as `first..=last`).
    pub(crate) days: (NaiveDate, NaiveDate),
}

impl Span {
    fn key(&self) -> (&str, &str) {
        (&self.dataset, &self.segment)
    }

    fn overlaps(&self, other: &Span) -> bool {
        self.key() == other.key() && self.first <= other.last && other.first <= self.last
    }

    fn covers(&self, day: NaiveDate) -> bool {
        (self.days.0..=self.days.1).contains(&day)
    }
}

/// Everything scored: labels, events, and the scored series ((dataset, segment) → first day and length).
#[derive(Default)]
pub(crate) struct Scored {
    pub(crate) labels: Vec<Span>,
    pub(crate) events: Vec<Span>,
    pub(crate) series: BTreeMap<(String, String), (NaiveDate, usize)>,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Precision, recall and F1 from counts (0 when there is nothing to count).
fn prf(true_flagged: usize, flagged: usize, found: usize, positive: usize) -> (f64, f64, f64) {
    let precision = true_flagged as f64 / flagged.max(1) as f64;
    let recall = found as f64 / positive.max(1) as f64;
    (precision, recall, f1(precision, recall))
}

impl Scored {
    /// The event table, by kind and overall, then false alarms on clean series.
    pub(crate) fn event_table(&self, kinds: &[&str]) -> String {
        let mut out = String::new();
        let found = |l: &Span| self.events.iter().any(|e| e.overlaps(l));
        let true_event = |e: &Span| self.labels.iter().any(|l| e.overlaps(l));
        let _ = writeln!(
            out,
            "{:<8} {:>7} {:>6} {:>7} {:>7} {:>6} {:>9} {:>7} {:>6}",
            "kind", "labels", "found", "recall", "events", "true", "precision", "F1", "kind ok"
        );
        for kind in kinds.iter().copied().chain(["overall"]) {
            let of_kind = |s: &&Span| kind == "overall" || s.kind == kind;
            let labels: Vec<&Span> = self.labels.iter().filter(of_kind).collect();
            let events: Vec<&Span> = self.events.iter().filter(of_kind).collect();
            if labels.is_empty() && events.is_empty() {
                continue;
            }
            let hits = labels.iter().filter(|l| found(l)).count();
            let same = labels.iter().filter(|l| self.events.iter().any(|e| e.overlaps(l) && e.kind == l.kind)).count();
            let true_events = events.iter().filter(|e| true_event(e)).count();
            let (precision, recall, f) = prf(true_events, events.len(), hits, labels.len());
            let same = if kind == "overall" { String::new() } else { same.to_string() };
            let _ = writeln!(
                out,
                "{kind:<8} {:>7} {hits:>6} {recall:>7.3} {:>7} {true_events:>6} {precision:>9.3} {f:>7.3} {same:>6}",
                labels.len(),
                events.len(),
            );
        }
        let labelled: HashSet<(&str, &str)> = self.labels.iter().map(Span::key).collect();
        let clean: Vec<&(NaiveDate, usize)> = self
            .series
            .iter()
            .filter(|(k, _)| !labelled.contains(&(k.0.as_str(), k.1.as_str())))
            .map(|(_, v)| v)
            .collect();
        let quarters = clean.iter().map(|(_, days)| *days).sum::<usize>() as f64 / 91.25;
        let clean_events = self.events.iter().filter(|e| !labelled.contains(&e.key())).count();
        let _ = writeln!(
            out,
            "clean series: {} ({} series-quarters), false alarms {clean_events}, per series per quarter {:.3}",
            clean.len(),
            quarters.round(),
            clean_events as f64 / quarters.max(1e-9)
        );
        out
    }

    /// The segment-day table: overall precision, recall and F1, and the recall of each label kind's days.
    pub(crate) fn segment_day_table(&self, kinds: &[&str]) -> String {
        let mut labels: HashMap<(&str, &str), Vec<&Span>> = HashMap::new();
        for l in &self.labels {
            labels.entry(l.key()).or_default().push(l);
        }
        let mut events: HashMap<(&str, &str), Vec<&Span>> = HashMap::new();
        for e in &self.events {
            events.entry(e.key()).or_default().push(e);
        }
        let (mut flagged, mut positive, mut both) = (0, 0, 0);
        // Per label kind: (positive days, flagged among them). A day in two labels counts for both kinds.
        let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for ((dataset, segment), &(start, len)) in &self.series {
            let key = (dataset.as_str(), segment.as_str());
            let (ls, es) =
                (labels.get(&key).map_or(&[][..], Vec::as_slice), events.get(&key).map_or(&[][..], Vec::as_slice));
            for day in (0..len as u64).map(|i| start + chrono::Days::new(i)) {
                let is_flagged = es.iter().any(|e| e.covers(day));
                let covering: Vec<&&Span> = ls.iter().filter(|l| l.covers(day)).collect();
                flagged += usize::from(is_flagged);
                positive += usize::from(!covering.is_empty());
                both += usize::from(is_flagged && !covering.is_empty());
                for l in covering {
                    let entry = by_kind.entry(l.kind.as_str()).or_default();
                    entry.0 += 1;
                    entry.1 += usize::from(is_flagged);
                }
            }
        }
        let (precision, recall, f) = prf(both, flagged, both, positive);
        let mut out = format!(
            "segment-days: {} days of {} series, {positive} positive, {flagged} flagged, {both} both: \
             precision {precision:.3}, recall {recall:.3}, F1 {f:.3}\n",
            self.series.values().map(|(_, len)| len).sum::<usize>(),
            self.series.len()
        );
        let recalls: Vec<String> = kinds
            .iter()
            .filter_map(|k| {
                by_kind.get(k).map(|(p, hit)| format!("{k} {:.3} ({hit}/{p})", *hit as f64 / (*p).max(1) as f64))
            })
            .collect();
        let _ = writeln!(out, "segment-day recall by label kind: {}", recalls.join(", "));
        out
    }
}
