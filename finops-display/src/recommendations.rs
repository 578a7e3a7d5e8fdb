//! Recommendations as cards (the savings total, then one card per recommendation: title, saving, cost,
//! confidence, how the saving was computed) and as a bar chart of savings by rule. Nothing here estimates a
//! saving: every number comes from `Recommendations`.

use std::collections::BTreeMap;

use finops_core::Recommendations;
use plotly::common::Title;
use plotly::layout::{Axis, BarMode, Layout};
use plotly::{Bar, Plot};

use crate::format_money;
use crate::html::escape;

/// Monthly saving per rule and currency, largest first: `(rule, currency, saving, count)`.
pub fn savings_by_rule(recs: &Recommendations) -> Vec<(String, String, f64, usize)> {
    let mut sums: BTreeMap<(String, String), (f64, usize)> = BTreeMap::new();
    for r in recs.items.iter().filter(|r| !r.dismissed) {
        let entry = sums.entry((r.rule.as_str().to_string(), r.currency.clone())).or_default();
        entry.0 += r.monthly_saving;
        entry.1 += 1;
    }
    let mut rows: Vec<_> = sums.into_iter().map(|((rule, c), (saving, n))| (rule, c, saving, n)).collect();
    rows.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// Bars of the estimated monthly saving by rule, one series per currency.
pub fn savings_chart(recs: &Recommendations) -> Plot {
    let rows = savings_by_rule(recs);
    let mut plot = Plot::new();
    let currencies: Vec<String> = {
        let mut c: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
        c.sort();
        c.dedup();
        c
    };
    for currency in &currencies {
        let mine: Vec<&(String, String, f64, usize)> = rows.iter().filter(|r| &r.1 == currency).collect();
        let text: Vec<String> =
            mine.iter().map(|r| format!("{} ({} found)", format_money(r.2, Some(currency)), r.3)).collect();
        plot.add_trace(
            Bar::new(mine.iter().map(|r| r.0.clone()).collect(), mine.iter().map(|r| r.2).collect())
                .text_array(text)
                .name(currency.as_str()),
        );
    }
    plot.set_layout(
        Layout::new()
            .title(Title::with_text("Estimated monthly saving by rule"))
            .bar_mode(BarMode::Group)
            .y_axis(Axis::new().title(Title::with_text("per month")))
            .height(420),
    );
    plot
}

fn confidence_color(confidence: &str) -> &'static str {
    match confidence {
        "high" => "#067647",
        "medium" => "#b54708",
        _ => "#667085",
    }
}

/// The total saving per currency, then a card per recommendation (the first `limit`).
pub fn recommendation_cards(recs: &Recommendations, limit: usize) -> String {
    let totals: Vec<String> = recs.total_saving().iter().map(|(c, v)| format_money(*v, Some(c))).collect();
    let overlaps: Vec<String> = recs.overlap_saving().iter().map(|(c, v)| format_money(*v, Some(c))).collect();
    let live = recs.items.iter().filter(|r| !r.dismissed).count();
    let mut html = format!(
        "<div style=\"font-family:sans-serif\"><div style=\"font-size:18px;font-weight:600\">Estimated saving: {} \
         per month</div><div style=\"font-size:12px;color:#667085;margin-bottom:8px\">{live} recommendations{}{}\
         </div><div style=\"display:flex;flex-direction:column;gap:6px\">",
        escape(&if totals.is_empty() { "none".to_string() } else { totals.join(" + ") }),
        if live < recs.items.len() { format!(", {} dismissed", recs.items.len() - live) } else { String::new() },
        if overlaps.is_empty() {
            String::new()
        } else {
            // The total is net: rules on one machine count together, not added.
            escape(&format!(
                "; rules on the same machines counted together, {} less than their sum",
                overlaps.join(" + ")
            ))
        },
    );
    for r in recs.items.iter().take(limit) {
        let color = confidence_color(r.confidence.as_str());
        let saving = if r.monthly_saving > 0.0 {
            format!("saves {} / month", format_money(r.monthly_saving, Some(&r.currency)))
        } else {
            "allocation, no saving claimed".to_string()
        };
        let place = [Some(r.provider.as_str().to_string()), r.account.clone(), r.region.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        html.push_str(&format!(
            "<div style=\"border:1px solid #d0d5dd;border-radius:8px;padding:8px 12px{}\">\
             <div style=\"display:flex;justify-content:space-between\"><b>{}</b><span style=\"font-weight:600\">{}</span></div>\
             <div style=\"font-size:12px;color:#667085\">{} · {} · now {} / month · {} resource(s) · \
             <span style=\"color:{color}\">{} confidence</span></div>\
             <div style=\"font-size:12px\">{}</div></div>",
            if r.dismissed { ";opacity:0.5" } else { "" },
            escape(&r.title),
            escape(&saving),
            escape(r.rule.as_str()),
            escape(&place),
            escape(&format_money(r.monthly_cost, Some(&r.currency))),
            r.resources.len(),
            escape(r.confidence.as_str()),
            escape(&r.method),
        ));
    }
    if recs.items.len() > limit {
        html.push_str(&format!(
            "<div style=\"font-size:12px;color:#667085\">… and {} more (see the frame)</div>",
            recs.items.len() - limit
        ));
    }
    html.push_str("</div></div>");
    html
}
