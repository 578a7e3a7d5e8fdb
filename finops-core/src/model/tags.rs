//! Resource tags with normalized keys.
//!
//! Providers keep tag keys as typed (`Environment`, `environment`, `user:Environment`); analyses need
//! them folded together, and users need to see what was actually written. Both are kept.

use serde_json::{Map, Value};

/// One tag: its normalized key, the key as the provider wrote it, and its value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag {
    /// Normalized key: lower case, separators folded to `_`, AWS `user:` prefix dropped.
    pub key: String,
    /// The key exactly as exported.
    pub raw_key: String,
    /// The value as exported.
    pub value: String,
}

/// The tags of one line item, sorted by raw key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Tags(Vec<Tag>);

/// Normalizes a tag key to snake case: `user:Cost-Center`, `CostCenter`, `costCenter` and `COST_CENTER`
/// all become `cost_center`.
pub fn normalize_tag_key(raw: &str) -> String {
    // Called for every tag of every row, over a handful of distinct keys: remember them (per thread, bounded).
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, String, foldhash::fast::RandomState>> =
            Default::default();
    }
    SEEN.with(|seen| {
        if let Some(key) = seen.borrow().get(raw) {
            return key.clone();
        }
        let key = snake_case_key(raw);
        let mut seen = seen.borrow_mut();
        if seen.len() > 10_000 {
            seen.clear();
        }
        seen.insert(raw.to_string(), key.clone());
        key
    })
}

fn snake_case_key(raw: &str) -> String {
    let trimmed = raw.trim();
    let stripped = trimmed.strip_prefix("user:").unwrap_or(trimmed);
    let chars: Vec<char> = stripped.chars().collect();
    let mut out = String::with_capacity(stripped.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        // A word starts at an upper-case letter after a lower-case one or a digit (`costCenter`), or at the
        // last capital of an acronym followed by lower case (`VMName` -> `vm_name`).
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1);
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if boundary && !out.ends_with('_') {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out.trim_matches('_').to_string()
}

impl Tags {
    /// Adds a tag; blank keys are ignored, a repeated raw key keeps the last value.
    pub fn insert(&mut self, raw_key: &str, value: &str) {
        let raw_key = raw_key.trim();
        if raw_key.is_empty() {
            return;
        }
        let tag = Tag { key: normalize_tag_key(raw_key), raw_key: raw_key.to_string(), value: value.to_string() };
        match self.0.binary_search_by(|t| t.raw_key.as_str().cmp(raw_key)) {
            Ok(i) => self.0[i] = tag,
            Err(i) => self.0.insert(i, tag),
        }
    }

    /// The tags, sorted by raw key.
    pub fn iter(&self) -> impl Iterator<Item = &Tag> {
        self.0.iter()
    }

    /// True when there are no tags.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of tags.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value of the first tag whose normalized key matches `key` (itself normalized).
    pub fn get(&self, key: &str) -> Option<&str> {
        let key = normalize_tag_key(key);
        self.0.iter().find(|t| t.key == key).map(|t| t.value.as_str())
    }

    /// The FOCUS `Tags` JSON object, with raw keys.
    pub fn to_json(&self) -> String {
        let map: Map<String, Value> =
            self.0.iter().map(|t| (t.raw_key.clone(), Value::String(t.value.clone()))).collect();
        Value::Object(map).to_string()
    }

    /// Parses tags as exports write them: a JSON object, an object without its outer braces (older Azure
    /// exports), or a GCP-style array of `{"key": .., "value": ..}`. Non-string values are kept as JSON text.
    /// Returns `None` when the text is none of these.
    pub fn parse_json(text: &str) -> Option<Tags> {
        let text = text.trim();
        let mut tags = Tags::default();
        if text.is_empty() || text == "[]" || text == "{}" || text.eq_ignore_ascii_case("null") {
            return Some(tags);
        }
        let value: Value = serde_json::from_str(text).or_else(|_| serde_json::from_str(&format!("{{{text}}}"))).ok()?;
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    tags.insert(&k, &json_text(&v));
                }
            }
            Value::Array(items) => {
                for item in items {
                    let key = item.get("key").and_then(Value::as_str)?;
                    let value = item.get("value").map(json_text).unwrap_or_default();
                    tags.insert(key, &value);
                }
            }
            _ => return None,
        }
        Some(tags)
    }
}

fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_separators() {
        assert_eq!(normalize_tag_key("user:Cost-Center"), "cost_center");
        assert_eq!(normalize_tag_key("cost_center"), "cost_center");
        assert_eq!(normalize_tag_key("Oracle-Tags.CreatedBy"), "oracle_tags_created_by");
        assert_eq!(normalize_tag_key("CostCenter"), "cost_center");
        assert_eq!(normalize_tag_key("COST_CENTER"), "cost_center");
        assert_eq!(normalize_tag_key("VMName"), "vm_name");
        assert_eq!(normalize_tag_key("APPLICATION"), normalize_tag_key("Application"));
    }

    #[test]
    fn parses_every_export_spelling() {
        let braced = Tags::parse_json(r#"{"Env": "prod", "n": 3}"#).unwrap();
        assert_eq!(braced.get("env"), Some("prod"));
        assert_eq!(braced.get("N"), Some("3"));
        let azure = Tags::parse_json(r#""CostCenter": "1234","env": "prod""#).unwrap();
        assert_eq!(azure.get("cost-center"), Some("1234"));
        let gcp = Tags::parse_json(r#"[{"key":"app","value":"web"}]"#).unwrap();
        assert_eq!(gcp.get("APP"), Some("web"));
        assert!(Tags::parse_json("[]").unwrap().is_empty());
        assert!(Tags::parse_json("not json").is_none());
        assert_eq!(azure.to_json(), r#"{"CostCenter":"1234","env":"prod"}"#);
    }
}
