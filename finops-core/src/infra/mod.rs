//! Infrastructure the services share: configuration, a result cache, logging. Nothing here knows about cost
//! data.

mod cache;
mod config;
mod logging;

pub use cache::{CacheStats, TtlCache};
pub use config::Config;
pub use logging::init_logging;
