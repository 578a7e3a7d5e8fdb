//! The descriptive columns of a line item (FOCUS names, descriptions, SKU details, `x_` columns): a small map
//! from column name to text, filled for every row an export holds.
//!
//! A CUR row carries about fifteen of them. As a `BTreeMap<_, String>` that was fifteen value allocations and a
//! few tree nodes per row, a tenth of the ingest's parsing thread; here the values share one buffer and the
//! entries one vector, two allocations per row.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Column name → value, iterated in name order. Names are usually the static FOCUS names (no allocation).
#[derive(Clone, Default)]
pub struct Attributes {
    /// The values, one after another (a replaced value stays behind, unreferenced).
    text: String,
    /// Sorted by name, names unique.
    entries: Vec<Entry>,
}

#[derive(Clone)]
struct Entry {
    name: Cow<'static, str>,
    /// The name's first eight bytes as a big-endian number: most comparisons of two names end there.
    head: u64,
    /// Where the value is in `text`.
    start: u32,
    end: u32,
}

impl Attributes {
    /// Sets `name` to `value`, replacing an earlier value.
    pub fn insert(&mut self, name: impl Into<Cow<'static, str>>, value: &str) {
        let name = name.into();
        let head = head(&name);
        if self.text.capacity() == 0 {
            // About what a CUR row's attributes take: one allocation for most rows.
            self.text.reserve(384);
            self.entries.reserve(16);
        }
        let start = self.text.len() as u32;
        self.text.push_str(value);
        let end = self.text.len() as u32;
        match self.position(head, &name) {
            Ok(i) => (self.entries[i].start, self.entries[i].end) = (start, end),
            Err(i) => self.entries.insert(i, Entry { name, head, start, end }),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.position(head(name), name).ok().map(|i| self.value(i))
    }

    fn position(&self, head: u64, name: &str) -> Result<usize, usize> {
        // Zero padding orders a prefix first, as `str::cmp` does; equal heads fall back to the full comparison.
        self.entries.binary_search_by(|e| e.head.cmp(&head).then_with(|| e.name.as_ref().cmp(name)))
    }

    /// (name, value) in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        (0..self.entries.len()).map(|i| (self.entries[i].name.as_ref(), self.value(i)))
    }

    /// Number of columns set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no column is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn value(&self, i: usize) -> &str {
        let Entry { start, end, .. } = self.entries[i];
        &self.text[start as usize..end as usize]
    }
}

/// The first eight bytes of `name`, zero-padded, as a big-endian number: comparing two of them orders names as
/// `str::cmp` does, up to ties (string comparisons were a tenth of the parsing thread's time).
fn head(name: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = name.len().min(8);
    bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

impl PartialEq for Attributes {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Attributes {}

impl Hash for Attributes {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.len().hash(state);
        for (name, value) in self.iter() {
            name.hash(state);
            value.hash(state);
        }
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A JSON object in name order, as the `strings` table stores it.
impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<N: Into<Cow<'static, str>>, V: AsRef<str>> FromIterator<(N, V)> for Attributes {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(pairs: I) -> Self {
        let mut attributes = Attributes::default();
        for (name, value) in pairs {
            attributes.insert(name, value.as_ref());
        }
        attributes
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn behaves_as_a_sorted_map() {
        let pairs = [("SkuId", "A1"), ("ChargeDescription", "hours"), ("x_Operation", "Run"), ("SkuId", "B2")];
        let attributes: Attributes = pairs.into_iter().collect();
        let map: BTreeMap<&str, &str> = pairs.into_iter().collect();
        assert_eq!(attributes.iter().collect::<Vec<_>>(), map.clone().into_iter().collect::<Vec<_>>());
        assert_eq!(attributes.get("SkuId"), Some("B2"));
        assert_eq!(attributes.get("Missing"), None);
        assert_eq!(serde_json::to_string(&attributes).unwrap(), serde_json::to_string(&map).unwrap());
    }

    #[test]
    fn heads_never_order_names_against_str_cmp() {
        let names = ["", "A", "AB", "Invoice", "InvoiceId", "InvoiceIssuerName", "x_Operation", "x_", "Z", "é"];
        for a in names {
            for b in names {
                let by_head = head(a).cmp(&head(b));
                assert!(by_head.is_eq() || by_head == a.cmp(b), "{a} against {b}");
            }
        }
    }

    #[test]
    fn equal_contents_are_equal_and_hash_alike_whatever_the_order_of_insertion() {
        let a: Attributes = [("B", "2"), ("A", "1"), ("A", "0")].into_iter().collect();
        let b: Attributes = [("A", "0"), ("B", "2")].into_iter().collect();
        let c: Attributes = [("A", "0"), ("B", "3")].into_iter().collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let hasher = foldhash::fast::FixedState::default();
        assert_eq!(hasher.hash_one(&a), hasher.hash_one(&b));
    }
}
