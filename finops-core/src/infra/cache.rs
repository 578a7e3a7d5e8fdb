//! A small in-memory cache of query results with a time to live, invalidated as a whole when the data
//! version it was filled at changes (an import commits).
//!
//! It holds values, not references: results are cheap to clone (polars columns are reference counted).

use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

/// At most this many results are kept; past it, expired entries go first, then the oldest.
const CAPACITY: usize = 256;

/// How a cache has been used since it was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups that had to compute (absent, expired, or stale data version).
    pub misses: u64,
    /// Results held now.
    pub entries: usize,
}

/// Results keyed by `K`, each valid for `ttl` and only while the data version stays the one they were
/// computed at. A zero `ttl` disables caching.
#[derive(Debug)]
pub struct TtlCache<K, V> {
    ttl: Duration,
    version: Option<i64>,
    entries: HashMap<K, (Instant, V)>,
    stats: CacheStats,
}

impl<K: Hash + Eq + Clone, V: Clone> TtlCache<K, V> {
    /// An empty cache whose entries live `ttl` (zero: nothing is ever kept).
    pub fn new(ttl: Duration) -> Self {
        TtlCache { ttl, version: None, entries: HashMap::new(), stats: CacheStats::default() }
    }

    /// The value stored for `key` if it is younger than the TTL and was computed at `version`.
    pub fn get(&mut self, key: &K, version: i64) -> Option<V> {
        self.get_at(key, version, Instant::now())
    }

    /// Stores `value` for `key`, computed at data `version`.
    pub fn insert(&mut self, key: K, version: i64, value: V) {
        self.insert_at(key, version, value, Instant::now())
    }

    /// Usage counts.
    pub fn stats(&self) -> CacheStats {
        CacheStats { entries: self.entries.len(), ..self.stats }
    }

    /// Drops every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    fn get_at(&mut self, key: &K, version: i64, now: Instant) -> Option<V> {
        self.check_version(version);
        let fresh = self.entries.get(key).filter(|(at, _)| now.duration_since(*at) < self.ttl).map(|(_, v)| v.clone());
        match fresh {
            Some(v) => {
                self.stats.hits += 1;
                Some(v)
            }
            None => {
                self.stats.misses += 1;
                None
            }
        }
    }

    fn insert_at(&mut self, key: K, version: i64, value: V, now: Instant) {
        if self.ttl.is_zero() {
            return;
        }
        self.check_version(version);
        if self.entries.len() >= CAPACITY {
            let ttl = self.ttl;
            self.entries.retain(|_, (at, _)| now.duration_since(*at) < ttl);
        }
        if self.entries.len() >= CAPACITY {
            if let Some(oldest) = self.entries.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone()) {
                self.entries.remove(&oldest);
            }
        }
        self.entries.insert(key, (now, value));
    }

    fn check_version(&mut self, version: i64) {
        if self.version != Some(version) {
            self.entries.clear();
            self.version = Some(version);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_after_the_ttl() {
        let mut cache = TtlCache::new(Duration::from_secs(10));
        let t0 = Instant::now();
        cache.insert_at("kpis", 1, 42, t0);
        assert_eq!(cache.get_at(&"kpis", 1, t0 + Duration::from_secs(9)), Some(42));
        assert_eq!(cache.get_at(&"kpis", 1, t0 + Duration::from_secs(10)), None);
        assert_eq!(cache.stats(), CacheStats { hits: 1, misses: 1, entries: 1 });
    }

    #[test]
    fn a_new_data_version_drops_everything() {
        let mut cache = TtlCache::new(Duration::from_secs(60));
        let t0 = Instant::now();
        cache.insert_at("a", 1, 1, t0);
        cache.insert_at("b", 1, 2, t0);
        assert_eq!(cache.get_at(&"a", 2, t0), None);
        assert_eq!(cache.stats().entries, 0);
        // And an entry computed at the new version is served.
        cache.insert_at("a", 2, 3, t0);
        assert_eq!(cache.get_at(&"a", 2, t0), Some(3));
    }

    #[test]
    fn zero_ttl_keeps_nothing_and_capacity_is_bounded() {
        let mut off = TtlCache::new(Duration::ZERO);
        off.insert("a", 1, 1);
        assert_eq!(off.get(&"a", 1), None);

        let mut cache = TtlCache::new(Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..CAPACITY + 10 {
            cache.insert_at(i, 1, i, t0 + Duration::from_millis(i as u64));
        }
        assert_eq!(cache.stats().entries, CAPACITY);
        // The oldest went first.
        assert_eq!(cache.get_at(&0, 1, t0), None);
        assert_eq!(cache.get_at(&(CAPACITY + 9), 1, t0), Some(CAPACITY + 9));
    }
}
