//! One plotly figure per dashboard panel, built from the analytics DataFrames (schemas documented on
//! `finops_core::Analytics`). Nothing here computes a number: it only draws what the service returned.

use finops_core::polars::prelude::*;
use finops_core::{Analytics, Dimension, Filter};
use plotly::common::{Fill, Line, Mode, Orientation, Title};
use plotly::layout::{Axis, BarMode, Layout, Legend};
use plotly::{Bar, Pie, Plot, Scatter};

use crate::format_money;

/// A dashboard panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// Horizontal bars, most expensive on top (from `Analytics::ranking`).
    Ranking,
    /// A donut of shares (from `Analytics::distribution`).
    Distribution,
    /// One line per value over months (from `Analytics::monthly`).
    Monthly,
    /// Stacked bars per month (from `Analytics::stacked_monthly`).
    StackedMonthly,
    /// Cost per day (from `Analytics::daily`).
    Daily,
}

impl Panel {
    /// Parses `ranking`, `distribution`, `monthly`, `stacked_monthly` or `daily`.
    pub fn parse(text: &str) -> Option<Panel> {
        Some(match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "ranking" => Panel::Ranking,
            "distribution" => Panel::Distribution,
            "monthly" => Panel::Monthly,
            "stacked_monthly" | "stacked" => Panel::StackedMonthly,
            "daily" => Panel::Daily,
            _ => return None,
        })
    }
}

/// What a chart says about its numbers.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// The title.
    pub title: String,
    /// The currency of every amount.
    pub currency: Option<String>,
}

fn texts(df: &DataFrame, column: &str) -> PolarsResult<Vec<String>> {
    let col = df.column(column)?.cast(&DataType::String)?;
    Ok(col.str()?.iter().map(|v| v.unwrap_or("").to_string()).collect())
}

fn numbers(df: &DataFrame, column: &str) -> PolarsResult<Vec<f64>> {
    let col = df.column(column)?.cast(&DataType::Float64)?;
    Ok(col.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
}

fn layout(labels: &Labels) -> Layout {
    let axis = Axis::new().title(Title::with_text(labels.currency.clone().unwrap_or_default()));
    Layout::new().title(Title::with_text(labels.title.clone())).y_axis(axis).height(420)
}

fn hover(values: &[f64], currency: Option<&str>) -> Vec<String> {
    values.iter().map(|v| format_money(*v, currency)).collect()
}

/// The figure of `panel` for `df`.
pub fn figure(panel: Panel, df: &DataFrame, labels: &Labels) -> PolarsResult<Plot> {
    let currency = labels.currency.as_deref();
    let mut plot = Plot::new();
    match panel {
        Panel::Ranking => {
            // Plotly draws the first bar at the bottom: reverse so rank 1 is on top.
            let mut names = texts(df, "name")?;
            let mut costs = numbers(df, "cost")?;
            names.reverse();
            costs.reverse();
            let text = hover(&costs, currency);
            plot.add_trace(Bar::new(costs, names).orientation(Orientation::Horizontal).text_array(text).name("cost"));
            let axis = Axis::new().title(Title::with_text(currency.unwrap_or_default()));
            plot.set_layout(
                Layout::new()
                    .title(Title::with_text(labels.title.clone()))
                    .x_axis(axis)
                    .height(120 + 28 * df.height())
                    .margin(plotly::layout::Margin::new().left(220)),
            );
        }
        Panel::Distribution => {
            let names = texts(df, "name")?;
            let costs = numbers(df, "cost")?;
            plot.add_trace(Pie::new(costs).labels(names).hole(0.5).sort(false));
            plot.set_layout(layout(labels).legend(Legend::new()));
        }
        Panel::Monthly | Panel::StackedMonthly => {
            let months = texts(df, "month")?;
            let names = texts(df, "name")?;
            let costs = numbers(df, "cost")?;
            // Series in first-seen order: the service sorts by rank, so the legend reads most expensive first.
            let mut order: Vec<&str> = Vec::new();
            for n in &names {
                if !order.contains(&n.as_str()) {
                    order.push(n);
                }
            }
            for series in order {
                let rows: Vec<usize> = (0..names.len()).filter(|&i| names[i] == series).collect();
                let x: Vec<String> = rows.iter().map(|&i| months[i].clone()).collect();
                let y: Vec<f64> = rows.iter().map(|&i| costs[i]).collect();
                if panel == Panel::Monthly {
                    plot.add_trace(Scatter::new(x, y).mode(Mode::LinesMarkers).name(series));
                } else {
                    plot.add_trace(Bar::new(x, y).name(series));
                }
            }
            let mut layout = layout(labels);
            if panel == Panel::StackedMonthly {
                layout = layout.bar_mode(BarMode::Stack);
            }
            plot.set_layout(layout);
        }
        Panel::Daily => {
            let dates = texts(df, "date")?;
            let costs = numbers(df, "cost")?;
            plot.add_trace(Scatter::new(dates, costs).mode(Mode::Lines).name("cost"));
            plot.set_layout(layout(labels));
        }
    }
    Ok(plot)
}

/// Adds a shaded band between `lower` and `upper` to `plot`: the upper edge as an invisible line named
/// `upper_name` (out of the legend), then the lower edge filled up to it in `fill`, named `name`.
pub(crate) fn add_band(
    plot: &mut Plot,
    x: &[String],
    (lower, upper): (Vec<Option<f64>>, Vec<Option<f64>>),
    (name, upper_name): (String, String),
    fill: String,
) {
    let edge = |y: Vec<Option<f64>>| Scatter::new(x.to_vec(), y).mode(Mode::Lines).line(Line::new().width(0.0));
    plot.add_trace(edge(upper).show_legend(false).name(upper_name));
    plot.add_trace(edge(lower).fill(Fill::ToNextY).fill_color(fill).name(name));
}

/// The title of a panel: what is drawn, by what, with which metric (`Top 10 service by effective cost`).
pub fn title(panel: Panel, by: &Dimension, top_n: usize, filter: &Filter) -> String {
    let metric = filter.metric.as_str().to_lowercase();
    let by = by.name().replace('_', " ");
    let top = if top_n == usize::MAX { String::new() } else { format!("top {top_n} ") };
    let title = match panel {
        Panel::Ranking => format!("{top}{by} by {metric} cost"),
        Panel::Distribution => format!("Share of {metric} cost by {by}"),
        Panel::Monthly => format!("Monthly {metric} cost by {by}"),
        Panel::StackedMonthly => format!("Monthly {metric} cost, stacked by {top}{by}"),
        Panel::Daily => format!("Daily {metric} cost"),
    };
    let mut chars = title.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Computes `panel` with `analytics` and draws it: the one path from a filter to a figure, used by Rust
/// notebooks ([`crate::evcxr::Dashboard`]) and by the Python package alike. `top_n` is ignored by the
/// panels without a top N (monthly, daily); `usize::MAX` means no limit.
pub fn panel(
    analytics: &Analytics,
    panel: Panel,
    by: Dimension,
    top_n: usize,
    filter: &Filter,
) -> finops_core::Result<Plot> {
    let df = match panel {
        Panel::Ranking => analytics.ranking(filter, by.clone(), top_n)?,
        Panel::Distribution => analytics.distribution(filter, by.clone(), top_n)?,
        Panel::Monthly => analytics.monthly(filter, by.clone())?,
        Panel::StackedMonthly => analytics.stacked_monthly(filter, by.clone(), top_n)?,
        Panel::Daily => analytics.daily(filter)?,
    };
    let currency = analytics.kpis(filter)?.currency;
    Ok(figure(panel, &df, &Labels { title: title(panel, &by, top_n, filter), currency })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(plot: &Plot) -> serde_json::Value {
        serde_json::from_str(&plot.to_json()).unwrap()
    }

    #[test]
    fn ranking_puts_the_most_expensive_on_top() {
        let df =
            df!("rank" => [Some(1u32), Some(2), None], "name" => ["EC2", "S3", "Other"], "cost" => [30.0, 20.0, 5.0])
                .unwrap();
        let plot = figure(Panel::Ranking, &df, &Labels { title: "Top".into(), currency: Some("USD".into()) }).unwrap();
        let v = json(&plot);
        assert_eq!(v["data"][0]["y"], serde_json::json!(["Other", "S3", "EC2"]));
        assert_eq!(v["data"][0]["x"], serde_json::json!([5.0, 20.0, 30.0]));
        assert_eq!(v["data"][0]["orientation"], "h");
        assert_eq!(v["data"][0]["text"][2], "30.00 USD");
    }

    #[test]
    fn stacked_monthly_has_one_bar_series_per_value() {
        let df = df!(
            "month" => ["2025-01-01", "2025-01-01", "2025-02-01"],
            "name" => ["EC2", "S3", "EC2"],
            "cost" => [1.0, 2.0, 3.0]
        )
        .unwrap();
        let v = json(&figure(Panel::StackedMonthly, &df, &Labels::default()).unwrap());
        assert_eq!(v["data"].as_array().unwrap().len(), 2);
        assert_eq!(v["data"][0]["name"], "EC2");
        assert_eq!(v["data"][0]["y"], serde_json::json!([1.0, 3.0]));
        assert_eq!(v["layout"]["barmode"], "stack");
    }

    #[test]
    fn titles_name_the_panel_the_dimension_and_the_metric() {
        let billed = Filter { metric: finops_core::CostMetric::Billed, ..Default::default() };
        assert_eq!(title(Panel::Ranking, &Dimension::Service, 10, &billed), "Top 10 service by billed cost");
        assert_eq!(
            title(Panel::StackedMonthly, &Dimension::SubAccount, usize::MAX, &Filter::default()),
            "Monthly effective cost, stacked by sub account"
        );
        assert_eq!(
            title(Panel::Distribution, &Dimension::Tag("team".into()), 5, &billed),
            "Share of billed cost by tag:team"
        );
    }

    #[test]
    fn panels_parse() {
        assert_eq!(Panel::parse("stacked-monthly"), Some(Panel::StackedMonthly));
        assert_eq!(Panel::parse("pie"), None);
    }
}
