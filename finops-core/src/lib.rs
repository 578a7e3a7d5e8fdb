//! finops-core: an open-source FinOps engine.
//!
//! It reads cloud billing exports (AWS CUR and CUR 2.0, Azure cost details, GCP BigQuery export, OCI cost
//! reports, FOCUS 1.0–1.3, simple CSVs), normalizes them to FOCUS 1.2 line items and keeps them in a
//! local SQLite database, idempotently. Analyses read from there ([`services::analytics`]).
//!
//! ```no_run
//! use finops_core::prelude::*;
//! let mut ws = Workspace::open("data/finops.db")?;
//! let report = ws.ingest("exports/")?;
//! println!("{report}");
//! let items = ws.line_items(&Filter::default())?;
//! let kpis = ws.analytics()?.kpis(&Filter { currency: Some("USD".into()), ..Default::default() })?;
//! # Ok::<(), finops_core::Error>(())
//! ```

mod error;
mod filter;
#[doc(hidden)]
pub mod fuzzing;
mod infra;
pub mod ingest;
pub mod model;
mod report;
pub mod services;
mod store;
pub mod synth;
mod workspace;

/// chrono, re-exported for the dates of a [`Filter`] in notebooks.
pub use chrono;
/// polars, re-exported so notebooks use the same version as finops-core.
pub use polars;

pub use error::{Error, Result};
pub use filter::{previous_period, CostMetric, DatePreset, Filter, TagFilter};
pub use infra::llm;
pub use infra::{init_logging, ApiKey, CacheStats, Config, TtlCache};
pub use model::LineItem;
pub use report::{CurrencyTotal, FileReport, FileStatus, ImportReport};
pub use services::analytics::{Analytics, DayCost, Dimension, Kpis};
pub use services::anomaly::{Anomalies, AnomalyEvent, AnomalyOptions, EventKind, Feedback, Severity};
pub use services::chat::{Answer, AnswerTable, ChatSession, ToolCallRecord};
pub use services::forecast::{Forecast, ForecastOptions, Horizon, Projection};
pub use services::insights::{Comparison, Insight, InsightKind, InsightOptions, Insights};
pub use services::recommendations::{Confidence, Recommendation, RecommendationOptions, Recommendations, RuleCode};
pub use store::{
    DailyOnDemand, Dismissal, ImportRecord, IngestOptions, ProgressFn, ResourceUsage, Store, UsageWindow,
    DAILY_FRAME_COLUMNS,
};
pub use workspace::{default_db_path, expand, Workspace};

/// The names most programs need.
pub mod prelude {
    pub use chrono::NaiveDate;

    pub use crate::model::{ChargeCategory, Provider, ServiceCategory};
    pub use crate::{
        Analytics, Answer, ChatSession, CostMetric, DatePreset, Dimension, Filter, ImportReport, IngestOptions, Kpis,
        Recommendations, TagFilter, Workspace,
    };
}
