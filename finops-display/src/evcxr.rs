//! Display in the evcxr Jupyter kernel: evcxr calls `evcxr_display` on a cell's value and reads
//! `EVCXR_BEGIN_CONTENT <mime>` blocks from stdout.
//!
//! Charts are sent twice: as `application/vnd.plotly.v1+json` for JupyterLab, and as `text/html` with
//! plotly.js embedded (once per kernel) for the classic notebook and nbconvert's HTML, which do not render
//! the plotly MIME type; everything works offline.

use std::sync::atomic::{AtomicBool, Ordering};

use finops_core::polars::prelude::DataFrame;
use finops_core::Kpis;
use plotly::Plot;

use crate::html;

static PLOTLY_JS_SENT: AtomicBool = AtomicBool::new(false);

fn emit(mime: &str, content: &str) {
    println!("EVCXR_BEGIN_CONTENT {mime}\n{content}\nEVCXR_END_CONTENT");
}

/// The `<script>` tags of plotly.js from a standalone page, to send once.
fn plotly_js(plot: &Plot) -> String {
    let page = plot.to_html();
    match (page.find("<head>"), page.find("</head>")) {
        (Some(a), Some(b)) => page[a + "<head>".len()..b].to_string(),
        _ => String::new(),
    }
}

/// A chart that displays itself in evcxr.
pub struct Chart(pub Plot);

impl Chart {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        let js = if PLOTLY_JS_SENT.swap(true, Ordering::SeqCst) { String::new() } else { plotly_js(&self.0) };
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
pub struct Table {
    /// The data.
    pub frame: DataFrame,
    /// Columns formatted as money.
    pub money: Vec<String>,
    /// Their currency.
    pub currency: Option<String>,
}

impl Table {
    /// Called by evcxr.
    pub fn evcxr_display(&self) {
        let money: Vec<&str> = self.money.iter().map(String::as_str).collect();
        if let Ok(html) = html::table(&self.frame, &money, self.currency.as_deref()) {
            emit("text/html", &html);
        }
        emit("text/plain", &format!("{}", self.frame));
    }
}
