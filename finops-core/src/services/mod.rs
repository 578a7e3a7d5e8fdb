//! Services: analyses over the store. Each takes a [`crate::Filter`] and returns typed results (structs, or
//! polars DataFrames with a documented schema); none knows about notebooks, HTML or Python.
//!
//! - [`analytics`]: KPIs, ranking, distribution, monthly evolution, stacked monthly totals, daily series,
//!   cost per unit; served from an in-memory daily aggregate, with a result cache.
//! - [`anomaly`]: cost anomalies per segment on the same daily aggregate: events with impact, severity, kind,
//!   root causes, and user feedback.
//! - [`forecast`]: daily forecasts with calibrated intervals (an ensemble chosen by a backtest on the series),
//!   month, quarter and year-end projections, and a budget check.
//! - [`insights`]: why the cost moved between two periods: drivers with volume and price effects, and the
//!   events worth telling (new services, commitments, credits, exchange rate, concentration, untagged spend).
//! - [`chat`]: questions in plain language answered by a language model (or the offline analyst) through
//!   tools over the other services.
//! - [`recommendations`]: what to change to pay less (commitments, gp2 volumes, previous generations, idle
//!   addresses, schedules, storage tiers...), one rule per file, with savings, evidence and dismissals.

pub mod analytics;
pub mod anomaly;
pub mod chat;
pub mod forecast;
pub mod insights;
pub mod recommendations;
pub(crate) mod text;
