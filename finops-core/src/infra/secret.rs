//! An API key that cannot leak by accident: its `Debug` prints a placeholder, it has no `Display`, and
//! [`ApiKey::redact`] scrubs it out of any text (an error a server echoed, a URL) before the text is shown.

/// A secret credential (OPENAI_API_KEY). Read it only with [`ApiKey::expose`], where a request is built.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key (surrounding whitespace dropped: `.env` files often end a line with a space).
    pub fn new(key: impl Into<String>) -> ApiKey {
        ApiKey(key.into().trim().to_string())
    }

    /// The key itself: for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        // A key shorter than this would match ordinary words; real keys are far longer.
        if self.0.len() < 4 {
            return text.to_string();
        }
        text.replace(&self.0, "***")
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let key = ApiKey::new(" sk-test-123456 ");
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        assert_eq!(key.expose(), "sk-test-123456");
        assert_eq!(key.redact("bad key sk-test-123456!"), "bad key ***!");
    }
}
