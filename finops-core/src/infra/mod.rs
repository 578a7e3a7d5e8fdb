//! Infrastructure the services share: configuration, a result cache, logging, the language-model client.
//! Nothing here knows about cost data.

mod cache;
mod config;
pub mod llm;
mod logging;
mod secret;

pub use cache::{CacheStats, TtlCache};
pub use config::Config;
pub use logging::init_logging;
pub use secret::ApiKey;
