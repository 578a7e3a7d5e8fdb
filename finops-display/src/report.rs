//! The whole dashboard as one static HTML page for a filter: KPI cards, the five panels, anomalies, forecast
//! and month-end projection, why the cost moved, recommendations. What a Rust notebook shows where the Python
//! dashboard has widgets: evcxr speaks no widget protocol (it has no Jupyter comms), so a Rust cell renders
//! the dashboard for the filter it is given, and a new filter is a new cell.
//!
//! A section whose engine fails (several currencies in one selection, too little history to forecast) shows
//! its error instead of failing the page.

use finops_core::services::forecast::{ForecastOptions, Horizon};
use finops_core::{AnomalyOptions, Dimension, Filter, InsightOptions, Result, Workspace};
use plotly::Plot;

use crate::charts::{panel, Panel};
use crate::html::escape;

/// Options of [`dashboard_page`].
#[derive(Debug, Clone)]
pub struct DashboardOptions {
    /// What the ranking, distribution and monthly panels group by.
    pub by: Dimension,
    /// Values named in the ranking, distribution and stacked panels before "Other".
    pub top_n: usize,
    /// How far to forecast.
    pub horizon: Horizon,
    /// Month budget for the projection (None: no budget line).
    pub budget: Option<f64>,
    /// Recommendations shown as cards.
    pub recommendations: usize,
}

impl Default for DashboardOptions {
    fn default() -> Self {
        DashboardOptions {
            by: Dimension::Service,
            top_n: 10,
            horizon: Horizon::Days(30),
            budget: None,
            recommendations: 10,
        }
    }
}

/// One section: its title and its HTML, or the error that replaced it.
fn section(title: &str, body: Result<String>) -> String {
    let body = body.unwrap_or_else(|e| format!("<p style=\"color:#b42318\">{}</p>", escape(&e.to_string())));
    format!("<section style=\"margin:18px 0\"><h3 style=\"margin:6px 0\">{title}</h3>{body}</section>")
}

/// The dashboard for `filter` as an HTML fragment (plotly.js expected on the page, see [`dashboard_page`]).
pub fn dashboard_html(ws: &Workspace, filter: &Filter, options: &DashboardOptions) -> Result<String> {
    let analytics = ws.analytics()?;
    let chart = |plot: Plot| plot.to_inline_html(None);
    let mut out = String::new();
    out.push_str(&section("Key figures", analytics.kpis(filter).map(|k| crate::html::kpi_cards(&k))));
    let panels = [
        (Panel::Ranking, options.top_n),
        (Panel::Distribution, options.top_n),
        (Panel::Monthly, usize::MAX),
        (Panel::StackedMonthly, options.top_n),
        (Panel::Daily, usize::MAX),
    ];
    let mut charts = String::new();
    for (p, top_n) in panels {
        let html = panel(analytics, p, options.by.clone(), top_n, filter).map(chart);
        charts.push_str(&html.unwrap_or_else(|e| format!("<p>{}</p>", escape(&e.to_string()))));
    }
    out.push_str(&section("Cost", Ok(charts)));
    out.push_str(&section(
        "Anomalies",
        ws.anomalies(filter, &AnomalyOptions::default()).and_then(|found| {
            let df = found.to_frame()?;
            let money = ["expected", "actual", "total_impact", "max_impact"];
            let table = crate::html::table(&df, &money, found.currency.as_deref())?;
            let segment = found.events.first().map_or_else(|| "total".to_string(), |e| e.segment.key());
            let plot = crate::anomaly::anomaly_chart(&found, &segment)?;
            Ok(format!("<p>{} events in {} series</p>{table}{}", found.events.len(), found.series.len(), chart(plot)))
        }),
    ));
    let forecast_options = ForecastOptions { horizon: options.horizon, ..ForecastOptions::default() };
    out.push_str(&section(
        "Forecast",
        ws.forecast(filter, &forecast_options).and_then(|forecast| {
            let plot = crate::forecast::forecast_chart(&forecast, None)?;
            let projection = ws.month_end(filter, options.budget)?;
            Ok(format!("{}{}", chart(plot), crate::html::projection_cards(&projection)))
        }),
    ));
    out.push_str(&section(
        "Why the cost moved",
        ws.insights(filter, &InsightOptions::default()).map(|insights| {
            let waterfall = crate::insights::waterfall_chart(&insights, 8);
            format!("{}{}", crate::insights::insight_cards(&insights), chart(waterfall))
        }),
    ));
    out.push_str(&section(
        "Recommendations",
        ws.recommendations(filter).map(|recs| {
            let cards = crate::recommendations::recommendation_cards(&recs, options.recommendations);
            format!("{cards}{}", chart(crate::recommendations::savings_chart(&recs)))
        }),
    ));
    Ok(out)
}

/// The dashboard as a standalone HTML page, plotly.js embedded (it works offline).
pub fn dashboard_page(ws: &Workspace, filter: &Filter, options: &DashboardOptions) -> Result<String> {
    let body = dashboard_html(ws, filter, options)?;
    Ok(format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>finops dashboard</title>{}</head>\
         <body style=\"font-family:sans-serif;max-width:1200px;margin:auto\"><h2>finops dashboard</h2>{body}</body></html>",
        plotly_js()
    ))
}

/// The `<script>` tags of plotly.js, from a standalone plotly page.
pub(crate) fn plotly_js() -> String {
    let page = Plot::new().to_html();
    match (page.find("<head>"), page.find("</head>")) {
        (Some(a), Some(b)) => page[a + "<head>".len()..b].to_string(),
        _ => String::new(),
    }
}
