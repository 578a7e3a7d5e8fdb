//! KPI cards and tables as HTML (notebooks), with a plain-text fallback (terminals).

use finops_core::polars::prelude::*;
use finops_core::services::forecast::{PeriodProjection, Projection};
use finops_core::Kpis;

use crate::format_money;

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The KPI cards: total, daily average, max and min day, change against the previous period, month to
/// date and last month.
pub fn kpi_cards(kpis: &Kpis) -> String {
    let c = kpis.currency.as_deref();
    let change = match kpis.change_pct {
        Some(pct) => format!("{} ({:+.1}%)", format_money(kpis.change, c), pct),
        None => format_money(kpis.change, c),
    };
    let color = if kpis.change > 0.0 { "#b42318" } else { "#067647" };
    let day = |d: &Option<finops_core::DayCost>| {
        d.map(|d| (format_money(d.cost, c), d.date.to_string())).unwrap_or_else(|| ("–".into(), String::new()))
    };
    let (max, max_date) = day(&kpis.max_day);
    let (min, min_date) = day(&kpis.min_day);
    let period = match (kpis.start, kpis.end) {
        (Some(s), Some(e)) => format!("{s} – {e} ({} days)", kpis.days),
        _ => "no data".into(),
    };
    let card = |title: &str, value: String, note: String| Card { title: title.into(), value, note, color: None };
    let cards = [
        card("Total", format_money(kpis.total, c), period),
        card("Daily average", format_money(kpis.daily_average, c), String::new()),
        card("Max day", max, max_date),
        card("Min day", min, min_date),
        Card { color: Some(color), ..card("Change vs previous period", change, previous_note(kpis)) },
        card("Month to date", format_money(kpis.month_to_date, c), String::new()),
        card("Last month", format_money(kpis.last_month, c), String::new()),
    ];
    render_cards(&cards, &format!("{} cost", kpis.metric.as_str()))
}

/// What the change compares with: the previous period's range and total.
fn previous_note(kpis: &Kpis) -> String {
    let total = format_money(kpis.previous_total, kpis.currency.as_deref());
    match (kpis.previous_start, kpis.previous_end) {
        (Some(s), Some(e)) => format!("{s} – {e}: {total}"),
        _ => format!("previous: {total}"),
    }
}

/// One card: a title, a value (optionally coloured) and a note under it.
struct Card {
    title: String,
    value: String,
    note: String,
    color: Option<&'static str>,
}

fn render_cards(cards: &[Card], footer: &str) -> String {
    let mut html = String::from("<div style=\"display:flex;flex-wrap:wrap;gap:10px;font-family:sans-serif\">");
    for card in cards {
        let value_style = card.color.map(|c| format!("color:{c};")).unwrap_or_default();
        html.push_str(&format!(
            "<div style=\"border:1px solid #d0d5dd;border-radius:8px;padding:10px 14px;min-width:150px\">\
             <div style=\"font-size:12px;color:#667085\">{}</div>\
             <div style=\"font-size:20px;font-weight:600;{value_style}\">{}</div>\
             <div style=\"font-size:11px;color:#98a2b3\">{}</div></div>",
            escape(&card.title),
            escape(&card.value),
            escape(&card.note)
        ));
    }
    html.push_str(&format!(
        "</div><div style=\"font-size:11px;color:#98a2b3;margin-top:4px\">{}</div>",
        escape(footer)
    ));
    html
}

/// Month, quarter and year-end projections (and the budget) as cards.
pub fn projection_cards(p: &Projection) -> String {
    let c = p.currency.as_deref();
    let period = |title: &str, x: &PeriodProjection| Card {
        title: format!("{title} end ({})", x.end),
        value: format_money(x.projected.value, c),
        note: format!(
            "{} to date; 80%: {} – {}",
            format_money(x.actual_to_date, c),
            format_money(x.projected.lower_80, c),
            format_money(x.projected.upper_80, c)
        ),
        color: None,
    };
    let mut cards = vec![period("Month", &p.month), period("Quarter", &p.quarter), period("Year", &p.year)];
    if let Some(b) = &p.budget {
        let over = b.overrun > 0.0;
        cards.push(Card {
            title: format!("Budget {}", format_money(b.budget, c)),
            value: format!("{}{}", if over { "+" } else { "" }, format_money(b.overrun, c)),
            note: match b.crossing {
                Some(day) => format!("crossed on {day}"),
                None => "not crossed this month".into(),
            },
            color: Some(if over { "#b42318" } else { "#067647" }),
        });
    }
    render_cards(&cards, &format!("as of {}, model {}", p.as_of, p.model))
}

/// The KPIs as text lines, for terminals.
pub fn kpi_text(kpis: &Kpis) -> String {
    let c = kpis.currency.as_deref();
    let pct = kpis.change_pct.map(|p| format!(" ({p:+.1}%)")).unwrap_or_default();
    format!(
        "Total {}  |  daily average {}  |  max day {}  |  min day {}  |  change {}{}  |  month to date {}  |  last month {}",
        format_money(kpis.total, c),
        format_money(kpis.daily_average, c),
        kpis.max_day.map(|d| format!("{} ({})", format_money(d.cost, c), d.date)).unwrap_or_else(|| "–".into()),
        kpis.min_day.map(|d| format!("{} ({})", format_money(d.cost, c), d.date)).unwrap_or_else(|| "–".into()),
        format_money(kpis.change, c),
        pct,
        format_money(kpis.month_to_date, c),
        format_money(kpis.last_month, c),
    )
}

/// A DataFrame as an HTML table; Float64 columns named in `money` are formatted as amounts in `currency`.
pub fn table(df: &DataFrame, money: &[&str], currency: Option<&str>) -> PolarsResult<String> {
    let mut html = String::from("<table><thead><tr>");
    for name in df.get_column_names() {
        html.push_str(&format!("<th>{}</th>", escape(name)));
    }
    html.push_str("</tr></thead><tbody>");
    let columns: Vec<Vec<String>> = df
        .columns()
        .iter()
        .map(|col| -> PolarsResult<Vec<String>> {
            if money.contains(&col.name().as_str()) {
                let values = col.cast(&DataType::Float64)?;
                Ok(values.f64()?.iter().map(|v| v.map(|v| format_money(v, currency)).unwrap_or_default()).collect())
            } else {
                let values = col.cast(&DataType::String)?;
                Ok(values.str()?.iter().map(|v| v.unwrap_or("").to_string()).collect())
            }
        })
        .collect::<PolarsResult<_>>()?;
    for row in 0..df.height() {
        html.push_str("<tr>");
        for (i, col) in columns.iter().enumerate() {
            let align =
                if money.contains(&df.get_column_names()[i].as_str()) { " style=\"text-align:right\"" } else { "" };
            html.push_str(&format!("<td{align}>{}</td>", escape(&col[row])));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_columns_are_formatted_and_text_is_escaped() {
        let df = df!("name" => ["<EC2>", "S3"], "cost" => [1234.5, 0.25]).unwrap();
        let html = table(&df, &["cost"], Some("USD")).unwrap();
        assert!(html.contains("&lt;EC2&gt;"));
        assert!(html.contains("1,234.50 USD"));
        assert!(html.contains("0.25 USD"));
    }
}
