//! The forecast chart: a series' history, its forecast, and the 80% and 95% intervals as bands.

use finops_core::services::forecast::Forecast;
use finops_core::{Error, Result};

use crate::charts::add_band;
use plotly::common::{DashType, Line, Mode, Title};
use plotly::layout::{Axis, Layout};
use plotly::{Plot, Scatter};

/// Days of history drawn before the forecast: enough to see the weekly pattern and the trend.
const HISTORY_DAYS: usize = 120;

/// The chart of one segment of `forecast` (its value of `forecast.by`; None for the total, or the first
/// segment when the forecast is by a dimension).
pub fn forecast_chart(forecast: &Forecast, segment: Option<&str>) -> Result<Plot> {
    let series = match segment {
        Some(value) => forecast.segment(Some(value)),
        None => forecast.segments.first(),
    }
    .ok_or_else(|| {
        let known: Vec<&str> = forecast.segments.iter().filter_map(|s| s.segment.as_deref()).collect();
        Error::InvalidArgument(format!("no forecast for {segment:?} (segments: {})", known.join(", ")))
    })?;
    let skip = series.actual.len().saturating_sub(HISTORY_DAYS);
    let history_dates: Vec<String> = (skip..series.actual.len())
        .map(|i| (series.history_start + finops_core::chrono::Days::new(i as u64)).to_string())
        .collect();
    let dates: Vec<String> = (0..series.days.len()).map(|i| series.date(i).to_string()).collect();
    let pick = |f: fn(&finops_core::services::forecast::Interval) -> f64| series.days.iter().map(f).collect::<Vec<_>>();
    let edge = |f: fn(&finops_core::services::forecast::Interval) -> f64| {
        series.days.iter().map(|d| Some(f(d))).collect::<Vec<_>>()
    };
    let mut plot = Plot::new();
    plot.add_trace(
        Scatter::new(history_dates, series.actual[skip..].to_vec())
            .mode(Mode::Lines)
            .line(Line::new().color("rgb(40, 40, 40)"))
            .name("actual"),
    );
    for (level, lower, upper, alpha) in [
        ("95%", edge(|d| d.lower_95), edge(|d| d.upper_95), 0.12),
        ("80%", edge(|d| d.lower_80), edge(|d| d.upper_80), 0.22),
    ] {
        add_band(
            &mut plot,
            &dates,
            (lower, upper),
            (format!("{level} interval"), format!("upper {level}")),
            format!("rgba(99, 110, 250, {alpha})"),
        );
    }
    plot.add_trace(
        Scatter::new(dates, pick(|d| d.value))
            .mode(Mode::Lines)
            .line(Line::new().dash(DashType::Dash).color("rgb(99, 110, 250)"))
            .name(format!("forecast ({})", series.prediction.model)),
    );
    let name = series.segment.as_deref().unwrap_or("total");
    let currency = forecast.currency.clone().unwrap_or_default();
    let title = format!("Daily cost forecast: {name}, {} days ahead", series.days.len());
    plot.set_layout(
        Layout::new().title(Title::with_text(title)).y_axis(Axis::new().title(Title::with_text(currency))).height(420),
    );
    Ok(plot)
}
