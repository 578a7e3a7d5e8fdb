//! Logging through `tracing`, set up only when a program asks for it: a library must not install a global
//! subscriber behind its user's back.

use tracing_subscriber::EnvFilter;

use super::Config;
use crate::error::{Error, Result};

/// Sends finops' `tracing` events to stderr, filtered by `level` (a tracing filter such as `info` or
/// `finops_core=debug`), or by the configured LOG_LEVEL when `level` is None.
///
/// Returns false when a global subscriber was already installed (by an earlier call or by the program):
/// the existing one stays.
pub fn init_logging(level: Option<&str>) -> Result<bool> {
    let level = match level {
        Some(level) => level.to_string(),
        None => Config::load()?.log_level,
    };
    let filter = EnvFilter::try_new(&level).map_err(|_| Error::Config {
        origin: "init_logging".into(),
        variable: "LOG_LEVEL".into(),
        value: level.clone(),
        expected: "a tracing filter (error, warn, info, debug, trace, or target=level pairs)",
    })?;
    Ok(tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init().is_ok())
}
