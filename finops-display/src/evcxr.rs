//! Display in the evcxr Jupyter kernel: evcxr calls `evcxr_display` on a cell's value and reads
//! `EVCXR_BEGIN_CONTENT <mime>` blocks from stdout.
//!
//! Charts are sent twice: as `application/vnd.plotly.v1+json` for JupyterLab, and as `text/html` with
//! plotly.js embedded (once per kernel) for the classic notebook and nbconvert's HTML, which do not render
//! the plotly MIME type; everything works offline.

use std::sync::atomic::{AtomicBool, Ordering};

use finops_core::polars::prelude::DataFrame;
use finops_core::{Analytics, Anomalies, Dimension, Filter, Kpis, Result, Workspace};
use plotly::Plot;

use crate::charts::{panel, Panel};
use crate::html;

static PLOTLY_JS_SENT: AtomicBool = AtomicBool::new(false);

fn emit(mime: &str, content: &str) {
    println!("EVCXR_BEGIN_CONTENT {mime}\n{content}\nEVCXR_END_CONTENT");
}

/// A chart that displays itself in evcxr.
pub struct Chart(pub Plot);

impl Chart {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        let js = if PLOTLY_JS_SENT.swap(true, Ordering::SeqCst) { String::new() } else { crate::report::plotly_js() };
        emit("text/html", &format!("{js}{}", self.0.to_inline_html(None)));
        emit("application/vnd.plotly.v1+json", &self.0.to_json());
    }

    /// The figure as plotly JSON.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// KPI cards that display themselves in evcxr.
pub struct KpiCards(pub Kpis);

impl KpiCards {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        emit("text/html", &html::kpi_cards(&self.0));
        emit("text/plain", &html::kpi_text(&self.0));
    }
}

/// A table with money columns that displays itself in evcxr.
#[derive(Debug, Clone)]
pub struct Table {
    /// The data.
    pub frame: DataFrame,
    /// Columns formatted as money.
    pub money: Vec<String>,
    /// Their currency.
    pub currency: Option<String>,
}

impl Table {
    /// `frame` with its amount columns (`cost`, `*_cost`, and the `expected`, `actual`, `*_impact` and
    /// `contribution` of anomaly results) formatted as money in `currency`.
    pub fn new(frame: DataFrame, currency: Option<&str>) -> Table {
        const AMOUNTS: [&str; 4] = ["cost", "expected", "actual", "contribution"];
        let money = frame
            .get_column_names()
            .iter()
            .filter(|name| AMOUNTS.contains(&name.as_str()) || name.ends_with("_cost") || name.ends_with("_impact"))
            .map(|name| name.to_string())
            .collect();
        Table { frame, money, currency: currency.map(str::to_string) }
    }

    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        let money: Vec<&str> = self.money.iter().map(String::as_str).collect();
        if let Ok(html) = html::table(&self.frame, &money, self.currency.as_deref()) {
            emit("text/html", &html);
        }
        emit("text/plain", &format!("{}", self.frame));
    }
}

/// The dashboard in a Rust notebook: `use finops_display::evcxr::Notebook;` then `ws.kpi_cards(&f)?` or
/// `ws.charts()?.ranking(&f, Dimension::Service, 10)?`, displayed by evcxr as HTML (and plotly JSON).
pub trait Notebook {
    /// The KPIs of `filter` as cards.
    fn kpi_cards(&self, filter: &Filter) -> Result<KpiCards>;
    /// The chart of every panel.
    fn charts(&self) -> Result<Charts<'_>>;
}

impl Notebook for Workspace {
    fn kpi_cards(&self, filter: &Filter) -> Result<KpiCards> {
        Ok(KpiCards(self.analytics()?.kpis(filter)?))
    }

    fn charts(&self) -> Result<Charts<'_>> {
        Ok(Charts(self.analytics()?))
    }
}

/// The panels as charts: the same figures Python's `ws.charts` returns.
#[derive(Debug, Clone, Copy)]
pub struct Charts<'a>(pub &'a Analytics);

impl Charts<'_> {
    /// The `top_n` most expensive values of `by`, then "Other", as horizontal bars.
    pub fn ranking(&self, filter: &Filter, by: Dimension, top_n: usize) -> Result<Chart> {
        Ok(Chart(panel(self.0, Panel::Ranking, by, top_n, filter)?))
    }

    /// Each value's share of the cost, as a donut.
    pub fn distribution(&self, filter: &Filter, by: Dimension, top_n: usize) -> Result<Chart> {
        Ok(Chart(panel(self.0, Panel::Distribution, by, top_n, filter)?))
    }

    /// Cost per month, one line per value of `by`.
    pub fn monthly(&self, filter: &Filter, by: Dimension) -> Result<Chart> {
        Ok(Chart(panel(self.0, Panel::Monthly, by, usize::MAX, filter)?))
    }

    /// Monthly totals, stacked by the `top_n` largest values of `by` and "Other".
    pub fn stacked_monthly(&self, filter: &Filter, by: Dimension, top_n: usize) -> Result<Chart> {
        Ok(Chart(panel(self.0, Panel::StackedMonthly, by, top_n, filter)?))
    }

    /// Cost per day.
    pub fn daily(&self, filter: &Filter) -> Result<Chart> {
        Ok(Chart(panel(self.0, Panel::Daily, Dimension::Service, usize::MAX, filter)?))
    }
}

/// The anomaly chart of one series of `found` (`total`, or a segment key such as
/// `service=Amazon EC2|sub_account=123`): actual and expected cost, the normal band, the anomalous days.
pub fn anomaly_chart(found: &Anomalies, segment: &str) -> Result<Chart> {
    Ok(Chart(crate::anomaly::anomaly_chart(found, segment)?))
}

/// The forecast chart of one segment (None: the total, or the first segment): history, forecast and bands.
pub fn forecast_chart(forecast: &finops_core::services::forecast::Forecast, segment: Option<&str>) -> Result<Chart> {
    Ok(Chart(crate::forecast::forecast_chart(forecast, segment)?))
}

/// The waterfall of a change: previous total, the `top_n` service drivers and the rest, current total.
pub fn insights_chart(insights: &finops_core::Insights, top_n: usize) -> Chart {
    Chart(crate::insights::waterfall_chart(insights, top_n))
}

/// Insights that display themselves in evcxr: one card per insight (text: the summary).
#[derive(Debug)]
pub struct InsightsView(pub finops_core::Insights);

impl InsightsView {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        emit("text/html", &crate::insights::insight_cards(&self.0));
        emit("text/plain", &self.0.summary());
    }
}

/// Estimated monthly saving by rule, as bars.
pub fn savings_chart(recs: &finops_core::Recommendations) -> Chart {
    Chart(crate::recommendations::savings_chart(recs))
}

/// Recommendations that display themselves in evcxr: the savings total and a card for each of the first 20
/// (text: one line each).
#[derive(Debug)]
pub struct RecommendationsView(pub finops_core::Recommendations);

impl RecommendationsView {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        emit("text/html", &crate::recommendations::recommendation_cards(&self.0, 20));
        let lines: Vec<String> = self
            .0
            .items
            .iter()
            .map(|r| format!("{:>12.2} {} {} {}", r.monthly_saving, r.currency, r.rule.as_str(), r.title))
            .collect();
        emit("text/plain", &lines.join("\n"));
    }
}

/// Month, quarter and year-end projections as cards.
pub struct ProjectionCards(pub finops_core::services::forecast::Projection);

impl ProjectionCards {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        emit("text/html", &html::projection_cards(&self.0));
        emit("text/plain", &self.0.to_string());
    }
}

/// A chat answer that displays itself in evcxr: its markdown (text, tables, tool calls).
pub struct AnswerView(pub finops_core::Answer);

impl AnswerView {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        emit("text/markdown", &self.0.to_markdown(20));
        emit("text/plain", &self.0.to_string());
    }
}

/// The whole dashboard for a filter as one page (see [`crate::report`]): KPI cards, the five panels,
/// anomalies, forecast, insights, recommendations.
pub struct DashboardView(pub String);

impl DashboardView {
    /// The dashboard of `filter` on `ws`.
    pub fn new(ws: &Workspace, filter: &Filter, options: &crate::report::DashboardOptions) -> Result<DashboardView> {
        Ok(DashboardView(crate::report::dashboard_html(ws, filter, options)?))
    }

    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        let js = if PLOTLY_JS_SENT.swap(true, Ordering::SeqCst) { String::new() } else { crate::report::plotly_js() };
        emit("text/html", &format!("{js}{}", self.0));
    }
}
