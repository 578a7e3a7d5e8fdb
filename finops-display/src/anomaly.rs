//! The anomaly chart: one segment's daily cost with its expected value, the normal band around it, and the
//! days of reported events marked, as the detector saw them (from [`Anomalies::series_frame`]).

use finops_core::polars::prelude::*;
use finops_core::{Anomalies, Error, Result};
use plotly::common::{Line, Marker, Mode, Title};
use plotly::layout::{Axis, Layout};
use plotly::{Plot, Scatter};

use crate::charts::add_band;
use crate::format_money;

fn optional(df: &DataFrame, column: &str) -> PolarsResult<Vec<Option<f64>>> {
    Ok(df.column(column)?.f64()?.iter().collect())
}

/// The chart of `segment` (a [`finops_core::services::anomaly::Segment::key`], `total` for the total).
pub fn anomaly_chart(found: &Anomalies, segment: &str) -> Result<Plot> {
    let df = found.series_frame(segment)?.ok_or_else(|| {
        let known: Vec<String> = found.series.iter().take(5).map(|s| s.segment.key()).collect();
        Error::InvalidArgument(format!("no series {segment:?} was scanned (some that were: {})", known.join(", ")))
    })?;
    let currency = found.currency.as_deref();
    let dates: Vec<String> =
        df.column("date")?.cast(&DataType::String)?.str()?.iter().map(|d| d.unwrap_or("").into()).collect();
    let actual = optional(&df, "actual")?;
    let anomalous: Vec<bool> = df.column("anomalous")?.bool()?.iter().map(|a| a.unwrap_or(false)).collect();
    let mut plot = Plot::new();
    add_band(
        &mut plot,
        &dates,
        (optional(&df, "lower")?, optional(&df, "upper")?),
        ("normal range".into(), "upper".into()),
        "rgba(99, 110, 250, 0.15)".into(),
    );
    plot.add_trace(
        Scatter::new(dates.clone(), optional(&df, "expected")?)
            .mode(Mode::Lines)
            .line(Line::new().dash(plotly::common::DashType::Dash).color("rgb(99, 110, 250)"))
            .name("expected"),
    );
    let text: Vec<String> = actual.iter().map(|v| format_money(v.unwrap_or(0.0), currency)).collect();
    plot.add_trace(
        Scatter::new(dates.clone(), actual.clone())
            .mode(Mode::Lines)
            .line(Line::new().color("rgb(40, 40, 40)"))
            .text_array(text)
            .name("actual"),
    );
    let marked: Vec<usize> = (0..dates.len()).filter(|&i| anomalous[i]).collect();
    plot.add_trace(
        Scatter::new(marked.iter().map(|&i| dates[i].clone()).collect(), marked.iter().map(|&i| actual[i]).collect())
            .mode(Mode::Markers)
            .marker(Marker::new().color("rgb(220, 40, 40)").size(9))
            .name("anomaly"),
    );
    let events = found.events_of(segment).len();
    let title = format!("{segment}: daily usage cost, {events} event{}", if events == 1 { "" } else { "s" });
    let axis = Axis::new().title(Title::with_text(currency.unwrap_or_default()));
    plot.set_layout(Layout::new().title(Title::with_text(title)).y_axis(axis).height(420));
    Ok(plot)
}
