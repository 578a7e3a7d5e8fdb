//! Settings from the environment and a `.env` file: FINOPS_DB, ENABLE_CACHE, CACHE_TTL, LOG_LEVEL, and the
//! chat's language model: OPENAI_API_KEY, OPENAI_API_BASE, OPENAI_MODEL (any OpenAI-compatible server).
//!
//! The environment wins over `.env` (the dotenv convention), and `.env` is only read, never exported into
//! the process environment: loading a config changes nothing around it. A variable set to an empty string
//! counts as unset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::secret::ApiKey;
use crate::error::{Error, Result};

/// finops settings. [`Config::default`] is what applies when nothing is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `FINOPS_DB`: the database a workspace opens when no path is given. Default `data/finops.db`.
    pub db_path: PathBuf,
    /// `ENABLE_CACHE` (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`): keep analytics results for
    /// repeated queries. Default true.
    pub enable_cache: bool,
    /// `CACHE_TTL`: seconds a cached result stays valid (an import invalidates it sooner). Default 300.
    pub cache_ttl: Duration,
    /// `LOG_LEVEL`: a tracing filter (`warn`, `info`, `finops_core=debug`...), used by
    /// [`crate::init_logging`]. Default `warn`.
    pub log_level: String,
    /// `OPENAI_API_KEY`: the language model's key. None means the chat answers offline. Never printed
    /// ([`ApiKey`]'s `Debug` is a placeholder).
    pub openai_api_key: Option<ApiKey>,
    /// `OPENAI_API_BASE`: an OpenAI-compatible server (Groq, Ollama, vLLM, Azure's v1 endpoint...). None means
    /// `https://api.openai.com/v1`.
    pub openai_api_base: Option<String>,
    /// `OPENAI_MODEL`: the model name. Default `gpt-4o-mini`.
    pub openai_model: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db_path: PathBuf::from("data/finops.db"),
            enable_cache: true,
            cache_ttl: Duration::from_secs(300),
            log_level: "warn".into(),
            openai_api_key: None,
            openai_api_base: None,
            openai_model: "gpt-4o-mini".into(),
        }
    }
}

impl Config {
    /// The environment over `.env` in the current directory (if there is one).
    pub fn load() -> Result<Config> {
        Config::load_from(Path::new(".env"))
    }

    /// The environment over the `.env` file at `dotenv` (ignored when it does not exist).
    pub fn load_from(dotenv: &Path) -> Result<Config> {
        let file = match std::fs::read_to_string(dotenv) {
            Ok(text) => parse_dotenv(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(source) => return Err(Error::Io { path: dotenv.to_path_buf(), source }),
        };
        let origin = dotenv.display().to_string();
        Config::from_lookup(|name| match std::env::var(name).ok().filter(|v| !v.is_empty()) {
            Some(v) => Some((v, "environment".to_string())),
            None => file.get(name).filter(|v| !v.is_empty()).map(|v| (v.clone(), origin.clone())),
        })
    }

    /// A config from `lookup`, which gives a variable's value and where it came from (for error messages).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<(String, String)>) -> Result<Config> {
        let mut config = Config::default();
        if let Some((value, _)) = lookup("FINOPS_DB") {
            config.db_path = PathBuf::from(value);
        }
        if let Some((value, origin)) = lookup("ENABLE_CACHE") {
            config.enable_cache = parse_bool(&value).ok_or_else(|| Error::Config {
                origin,
                variable: "ENABLE_CACHE".into(),
                value,
                expected: "a boolean (true/false, 1/0, yes/no, on/off)",
            })?;
        }
        if let Some((value, origin)) = lookup("CACHE_TTL") {
            let seconds = value.trim().parse::<u64>().map_err(|_| Error::Config {
                origin,
                variable: "CACHE_TTL".into(),
                value: value.clone(),
                expected: "a whole number of seconds",
            })?;
            config.cache_ttl = Duration::from_secs(seconds);
        }
        if let Some((value, _)) = lookup("LOG_LEVEL") {
            config.log_level = value.trim().to_string();
        }
        config.openai_api_key = lookup("OPENAI_API_KEY").map(|(value, _)| ApiKey::new(value));
        if let Some((value, _)) = lookup("OPENAI_API_BASE") {
            config.openai_api_base = Some(value.trim().trim_end_matches('/').to_string());
        }
        if let Some((value, _)) = lookup("OPENAI_MODEL") {
            config.openai_model = value.trim().to_string();
        }
        Ok(config)
    }

    /// How long analytics results are kept: zero when caching is off.
    pub fn effective_cache_ttl(&self) -> Duration {
        if self.enable_cache {
            self.cache_ttl
        } else {
            Duration::ZERO
        }
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `KEY=VALUE` lines; `#` comments, blank lines and an `export ` prefix are allowed, values may be quoted
/// (`"..."` or `'...'`), and an unquoted value ends at ` #`. Lines that are not assignments are ignored, as
/// other tools sharing the file may write them.
fn parse_dotenv(text: &str) -> HashMap<String, String> {
    let mut vars = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        let line = line.strip_prefix("export ").unwrap_or(line);
        if line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.trim();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value.split(" #").next().unwrap_or_default().trim_end(),
        };
        vars.insert(key.trim().to_string(), value.to_string());
    }
    vars
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Config> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).map(|v| (v.clone(), "test".to_string())))
    }

    #[test]
    fn dotenv_syntax() {
        let vars = parse_dotenv(
            "# settings\nexport FINOPS_DB=\"my db.sqlite\"\nCACHE_TTL=60 # a minute\nLOG_LEVEL='info'\nnot an assignment\n",
        );
        assert_eq!(vars["FINOPS_DB"], "my db.sqlite");
        assert_eq!(vars["CACHE_TTL"], "60");
        assert_eq!(vars["LOG_LEVEL"], "info");
        assert_eq!(vars.len(), 3);
    }

    #[test]
    fn values_and_defaults() {
        assert_eq!(from(&[]).unwrap(), Config::default());
        let c = from(&[("ENABLE_CACHE", "off"), ("CACHE_TTL", "5"), ("FINOPS_DB", "x.db")]).unwrap();
        assert!(!c.enable_cache);
        assert_eq!(c.cache_ttl, Duration::from_secs(5));
        assert_eq!(c.effective_cache_ttl(), Duration::ZERO);
        assert_eq!(c.db_path, PathBuf::from("x.db"));
    }

    #[test]
    fn the_language_model_settings_and_a_key_that_is_never_printed() {
        let c = from(&[
            ("OPENAI_API_KEY", "sk-secret-999"),
            ("OPENAI_API_BASE", "http://localhost:11434/v1/"),
            ("OPENAI_MODEL", "llama3"),
        ])
        .unwrap();
        assert_eq!(c.openai_api_key.as_ref().map(ApiKey::expose), Some("sk-secret-999"));
        assert_eq!(c.openai_api_base.as_deref(), Some("http://localhost:11434/v1"));
        assert_eq!(c.openai_model, "llama3");
        assert!(!format!("{c:?}").contains("sk-secret-999"));
    }

    #[test]
    fn bad_values_name_the_variable_and_where_it_came_from() {
        let err = from(&[("CACHE_TTL", "5m")]).unwrap_err().to_string();
        assert!(err.contains("test") && err.contains("CACHE_TTL") && err.contains("\"5m\""), "{err}");
        assert!(matches!(from(&[("ENABLE_CACHE", "maybe")]), Err(Error::Config { .. })));
    }

    #[test]
    fn reads_a_dotenv_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        // Assumes CACHE_TTL is not set in the test's environment (it would win, as it should).
        std::fs::write(&path, "LOG_LEVEL=debug\nCACHE_TTL=7\n").unwrap();
        let c = Config::load_from(&path).unwrap();
        assert_eq!(c.cache_ttl, Duration::from_secs(7));
        assert_eq!(Config::load_from(&dir.path().join("absent")).unwrap().cache_ttl, Duration::from_secs(300));
    }
}
