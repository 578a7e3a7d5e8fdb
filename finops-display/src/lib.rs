//! finops-display: how finops results look, kept out of the engine.
//!
//! - [`charts`]: one plotly figure per dashboard panel (ranking bars, distribution donut, monthly lines,
//!   stacked monthly bars, daily line), built from the analytics DataFrames. Python receives the very same
//!   figure as JSON and turns it into a `plotly.graph_objects.Figure`, so Rust and Python notebooks match.
//! - [`anomaly`]: the anomaly chart (a series, its expected band, the anomalous days).
//! - [`forecast`]: the forecast chart (history, forecast, 80% and 95% bands).
//! - [`insights`]: the waterfall of a change's drivers and one card per insight.
//! - [`recommendations`]: the savings total and one card per recommendation; savings by rule as bars.
//! - [`html`]: KPI cards and money tables as HTML, with a plain-text form for terminals.
//! - [`report`]: the whole dashboard for a filter as one static HTML page (Rust notebooks, `make demo`).
//! - [`evcxr`]: wrappers that display themselves in the evcxr Jupyter kernel.

pub mod anomaly;
pub mod charts;
pub mod evcxr;
pub mod forecast;
pub mod html;
pub mod insights;
mod money;
pub mod recommendations;
pub mod report;

pub use charts::Panel;
pub use money::format_money;
