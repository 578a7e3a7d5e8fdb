//! Insights as a waterfall (previous total → service drivers → current total) and as cards (one per
//! insight, coloured by severity). Nothing here computes a number: the steps come from
//! `Insights::waterfall`, the sentences from the service.

use finops_core::services::anomaly::Severity;
use finops_core::Insights;
use plotly::common::{HoverInfo, Marker, Title};
use plotly::layout::{Axis, BarMode, Layout};
use plotly::{Bar, Plot};

use crate::format_money;
use crate::html::escape;

const RISE: &str = "rgb(180, 35, 24)";
const FALL: &str = "rgb(6, 118, 71)";
const TOTAL: &str = "rgb(102, 112, 133)";

/// One bar of the waterfall: where it starts, how tall it is, its colour and label.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The x label.
    pub name: String,
    /// The invisible part under the bar.
    pub base: f64,
    /// The visible bar (never negative).
    pub height: f64,
    /// The signed amount the bar stands for.
    pub amount: f64,
    /// Bar colour.
    pub color: &'static str,
}

/// The waterfall's bars: the previous total, the `top_n` service drivers and `Other`, the current total. A
/// rise starts where the running total was; a fall ends there.
pub fn waterfall_steps(insights: &Insights, top_n: usize) -> Vec<Step> {
    let total = |name: String, amount: f64| Step { name, base: 0.0, height: amount, amount, color: TOTAL };
    let (p, c) = (insights.periods.previous, insights.periods.current);
    let mut steps = vec![total(format!("{} – {}", p.0, p.1), insights.previous_total)];
    let mut running = insights.previous_total;
    for (name, change) in insights.waterfall(top_n) {
        let (base, color) = if change >= 0.0 { (running, RISE) } else { (running + change, FALL) };
        steps.push(Step { name, base, height: change.abs(), amount: change, color });
        running += change;
    }
    steps.push(total(format!("{} – {}", c.0, c.1), insights.current_total));
    steps
}

/// The waterfall chart of the change, by service.
pub fn waterfall_chart(insights: &Insights, top_n: usize) -> Plot {
    let steps = waterfall_steps(insights, top_n);
    let currency = insights.currency.as_deref();
    let names: Vec<String> = steps.iter().map(|s| s.name.clone()).collect();
    let mut plot = Plot::new();
    plot.add_trace(
        Bar::new(names.clone(), steps.iter().map(|s| s.base).collect())
            .marker(Marker::new().color("rgba(0,0,0,0)"))
            .hover_info(HoverInfo::Skip)
            .show_legend(false)
            .name("base"),
    );
    let text: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let sign = if i > 0 && i + 1 < steps.len() && s.amount > 0.0 { "+" } else { "" };
            format!("{sign}{}", format_money(s.amount, currency))
        })
        .collect();
    plot.add_trace(
        Bar::new(names, steps.iter().map(|s| s.height).collect())
            .marker(Marker::new().color_array(steps.iter().map(|s| s.color).collect()))
            .text_array(text)
            .show_legend(false)
            .name("change"),
    );
    let title = format!("{} change by service: {}", insights.metric, format_money(insights.change(), currency));
    plot.set_layout(
        Layout::new()
            .title(Title::with_text(title))
            .bar_mode(BarMode::Stack)
            .y_axis(Axis::new().title(Title::with_text(currency.unwrap_or_default())))
            .height(440),
    );
    plot
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "#7a271a",
        Severity::High => "#b42318",
        Severity::Medium => "#b54708",
        Severity::Low => "#475467",
    }
}

/// One card per insight: kind and severity, the headline.
pub fn insight_cards(insights: &Insights) -> String {
    let mut html = String::from("<div style=\"font-family:sans-serif;display:flex;flex-direction:column;gap:6px\">");
    for insight in &insights.insights {
        let color = severity_color(insight.severity);
        html.push_str(&format!(
            "<div style=\"border-left:4px solid {color};padding:4px 10px;background:#f9fafb\">\
             <span style=\"font-size:11px;color:{color};text-transform:uppercase\">{} · {}</span>\
             <div style=\"font-size:14px\">{}</div></div>",
            escape(insight.kind.as_str()),
            escape(insight.severity.as_str()),
            escape(&insight.headline)
        ));
    }
    html.push_str("</div>");
    html
}

#[cfg(test)]
mod tests {
    use finops_core::chrono::NaiveDate;
    use finops_core::services::insights::{Driver, Periods};
    use finops_core::CostMetric;

    use super::*;

    fn driver(name: &str, previous: f64, current: f64) -> Driver {
        Driver {
            dimension: "service".into(),
            name: name.into(),
            parent: None,
            level: 1,
            previous,
            current,
            volume: 0.0,
            price: 0.0,
        }
    }

    #[test]
    fn a_rise_starts_at_the_running_total_and_a_fall_ends_there() {
        let d = |m| NaiveDate::from_ymd_opt(2025, m, 1).unwrap();
        let insights = Insights {
            periods: Periods { current: (d(2), d(2)), previous: (d(1), d(1)), month_to_date: false },
            currency: Some("USD".into()),
            metric: CostMetric::Effective,
            previous_total: 100.0,
            current_total: 130.0,
            // A: 60 → 110 (+50); B: 40 → 20 (−20).
            drivers: vec![driver("A", 60.0, 110.0), driver("B", 40.0, 20.0)],
            insights: Vec::new(),
        };
        let steps = waterfall_steps(&insights, 5);
        let shape: Vec<(&str, f64, f64)> = steps.iter().map(|s| (s.name.as_str(), s.base, s.height)).collect();
        assert_eq!(
            shape,
            [
                ("2025-01-01 – 2025-01-01", 0.0, 100.0),
                ("A", 100.0, 50.0),
                ("B", 130.0, 20.0),
                ("2025-02-01 – 2025-02-01", 0.0, 130.0)
            ]
        );
        assert_eq!((steps[1].color, steps[2].color), (RISE, FALL));
    }
}
