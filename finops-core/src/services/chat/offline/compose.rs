//! The offline analyst's sentences, written from a tool's facts. Amounts have two decimals and thousands
//! separators, with their currency.

use serde_json::Value;

use crate::services::chat::tools::ToolOutput;
use crate::services::text::{money, signed};

fn pct(v: &Value) -> String {
    v.as_f64().map_or("n/a".into(), |p| format!("{p:+.1}%"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

fn cur(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

fn results(facts: &Value) -> Vec<Value> {
    facts["results"].as_array().cloned().unwrap_or_default()
}

/// The headline figures (one line per currency).
pub(crate) fn total(facts: &Value) -> String {
    let lines: Vec<String> = results(facts)
        .iter()
        .map(|r| {
            let c = cur(&r["currency"]);
            if r["days"].as_u64().unwrap_or(0) == 0 {
                return format!("no cost in {}.", facts["period"].as_str().unwrap_or("the period"));
            }
            let mut s = format!(
                "**total {} from {} to {}: {} {c}** ({} days, {} {c} a day on average",
                r["metric"].as_str().unwrap_or("cost"),
                cur(&r["start"]),
                cur(&r["end"]),
                money(f(&r["total"])),
                r["days"],
                money(f(&r["daily_average"])),
            );
            if let Some(max) = r["max_day"].as_object() {
                s.push_str(&format!("; most expensive day {} at {} {c}", cur(&max["date"]), money(f(&max["cost"]))));
            }
            s.push_str(&format!(
                "). The period of the same length before it cost {} {c} ({} {c}, {}).",
                money(f(&r["previous_period_total"])),
                signed(f(&r["change"])),
                pct(&r["change_pct"])
            ));
            s
        })
        .collect();
    capitalize(&lines.join("\n\n"))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

/// The ranking (one list per currency).
pub(crate) fn top(facts: &Value, n: usize) -> String {
    let dimension = facts["dimension"].as_str().unwrap_or("value");
    let mut out = Vec::new();
    for r in results(facts) {
        let c = cur(&r["currency"]);
        let total = f(&r["total"]);
        let mut s = format!(
            "Top {n} by {dimension}, {} (total {} {c}):\n",
            facts["period"].as_str().unwrap_or(""),
            money(total)
        );
        for (i, row) in r["rows"].as_array().cloned().unwrap_or_default().iter().enumerate() {
            let cost = f(&row["cost"]);
            let share = if total != 0.0 { format!(" ({:.1}%)", cost / total * 100.0) } else { String::new() };
            let name = row["name"].as_str().unwrap_or("");
            let bullet = if i < n && name != crate::services::analytics::OTHER_LABEL {
                format!("{}.", i + 1)
            } else {
                "-".into()
            };
            s.push_str(&format!("{bullet} {name}: {} {c}{share}\n", money(cost)));
        }
        out.push(s);
    }
    out.join("\n")
}

/// The comparison of two periods and its drivers.
pub(crate) fn change(facts: &Value, why: bool) -> String {
    let dimension = facts["dimension"].as_str().unwrap_or("value");
    let mut out = Vec::new();
    for r in results(facts) {
        let c = cur(&r["currency"]);
        let (cur_p, prev_p) = (&r["current"], &r["previous"]);
        let delta = f(&r["change"]);
        let direction = if delta > 0.0 {
            "went up"
        } else if delta < 0.0 {
            "went down"
        } else {
            "did not change"
        };
        let mut s = format!(
            "Cost {direction} from {} {c} ({} to {}) to {} {c} ({} to {}): **{} {c} ({})**.",
            money(f(&prev_p["total"])),
            cur(&prev_p["start"]),
            cur(&prev_p["end"]),
            money(f(&cur_p["total"])),
            cur(&cur_p["start"]),
            cur(&cur_p["end"]),
            signed(delta),
            pct(&r["change_pct"]),
        );
        let drivers = r["drivers"].as_array().cloned().unwrap_or_default();
        if !drivers.is_empty() {
            s.push_str(&format!(
                "\n\n{} by {dimension}:\n",
                if why { "What drove it, largest moves first" } else { "Largest changes" }
            ));
            for d in drivers {
                s.push_str(&format!(
                    "- {}: {} {c} ({} → {})\n",
                    d["name"].as_str().unwrap_or(""),
                    signed(f(&d["change"])),
                    money(f(&d["previous"])),
                    money(f(&d["current"])),
                ));
            }
        }
        out.push(s);
    }
    out.join("\n\n")
}

/// The insights behind a change (every one but the overall change, which `change` already states).
pub(crate) fn explanation(facts: &Value) -> String {
    let mut out = String::new();
    for r in results(facts) {
        let lines: Vec<String> = r["insights"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter(|i| i["kind"] != "change")
                    .map(|i| format!("- {}", i["headline"].as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        if !lines.is_empty() {
            out.push_str(&format!("\n\nIn detail ({}):\n{}", cur(&r["currency"]), lines.join("\n")));
        }
    }
    out
}

/// The savings recommendations: the total per currency, then the largest ones with how each was computed.
pub(crate) fn recommendations(facts: &Value) -> String {
    let totals: Vec<String> = facts["total_saving"]
        .as_object()
        .map(|m| m.iter().map(|(c, v)| format!("{} {c}", money(f(v)))).collect())
        .unwrap_or_default();
    let count = facts["count"].as_u64().unwrap_or(0);
    if count == 0 {
        return "No savings recommendation: nothing in the billing data matches a rule (or every finding was \
                dismissed)."
            .into();
    }
    let mut s = format!(
        "Estimated saving: **{} per month** from {count} recommendations. The largest:\n",
        if totals.is_empty() { "0.00".to_string() } else { totals.join(" + ") }
    );
    for (i, r) in facts["items"].as_array().cloned().unwrap_or_default().iter().enumerate() {
        s.push_str(&format!(
            "{}. {}: saves {} {} per month (now {} {}; {}, {} confidence). {}\n",
            i + 1,
            r["title"].as_str().unwrap_or_default(),
            money(f(&r["monthly_saving"])),
            cur(&r["currency"]),
            money(f(&r["monthly_cost"])),
            cur(&r["currency"]),
            r["rule"].as_str().unwrap_or_default(),
            r["confidence"].as_str().unwrap_or_default(),
            r["method"].as_str().unwrap_or_default(),
        ));
    }
    s
}

/// Monthly totals, from the table.
pub(crate) fn monthly(output: &ToolOutput) -> String {
    let Some(table) = output.tables.first() else { return "No monthly data.".into() };
    format!(
        "Cost per month, {}:\n\n{}",
        output.facts["period"].as_str().unwrap_or(""),
        super::super::table::markdown(&table.frame, 60)
    )
}

/// The anomalies found.
pub(crate) fn anomalies(facts: &Value) -> String {
    let events = facts["events"].as_array().cloned().unwrap_or_default();
    let period = facts["period"].as_str().unwrap_or("");
    if events.is_empty() {
        return format!("No cost anomalies found ({period}).");
    }
    let mut s = format!("Found {} cost anomalies ({period}); the largest:\n", facts["events_found"]);
    // Segment events say where; an event on the total repeats them, so it comes last.
    let (segments, totals): (Vec<&Value>, Vec<&Value>) = events.iter().partition(|e| e["segment"] != "total");
    for e in segments.into_iter().chain(totals).take(8) {
        let c = cur(&e["currency"]);
        s.push_str(&format!(
            "- {} on {} from {} to {}: {} {c} against {} {c} expected (impact {} {c}, {} severity{})\n",
            cur(&e["kind"]),
            cur(&e["segment"]),
            cur(&e["start"]),
            cur(&e["end"]),
            money(f(&e["actual"])),
            money(f(&e["expected"])),
            signed(f(&e["impact"])),
            cur(&e["severity"]),
            e["top_root_cause"].as_str().map(|r| format!("; mostly {r}")).unwrap_or_default(),
        ));
    }
    s
}

/// The `forecast` tool's projections, one paragraph per currency.
pub(crate) fn forecast(facts: &Value) -> String {
    let results = facts["results"].as_array().cloned().unwrap_or_default();
    let mut parts = Vec::new();
    for r in &results {
        let c = r["currency"].as_str().unwrap_or("");
        let n = |v: &Value| money(v.as_f64().unwrap_or(0.0));
        let period = |key: &str, label: &str| {
            let p = &r[key];
            format!(
                "{label} to {}: **{} {c}** (80%: {} – {}; {} so far)",
                p["end"].as_str().unwrap_or(""),
                n(&p["projected"]),
                n(&p["low_80"]),
                n(&p["high_80"]),
                n(&p["actual_to_date"])
            )
        };
        let next = &r["next_days"];
        let mut text = format!(
            "As of {} ({} forecast): {}. {}. {}. The next {} days: {} {c} (80%: {} – {}).",
            r["as_of"].as_str().unwrap_or(""),
            r["model"].as_str().unwrap_or(""),
            period("month_end", "The month"),
            period("quarter_end", "The quarter"),
            period("year_end", "The year"),
            next["days"],
            n(&next["forecast"]),
            n(&next["low_80"]),
            n(&next["high_80"])
        );
        if let Some(b) = r["budget"].as_object() {
            let overrun = b.get("projected_overrun").and_then(Value::as_f64).unwrap_or(0.0);
            let crossing = b
                .get("crossing_day")
                .and_then(Value::as_str)
                .map_or("not crossed this month".to_string(), |d| format!("crossed on {d}"));
            text.push_str(&format!(
                " Budget {} {c}: projected {} {} {c} ({crossing}).",
                n(b.get("budget").unwrap_or(&Value::Null)),
                if overrun > 0.0 { "over by" } else { "under by" },
                money(overrun.abs())
            ));
        }
        parts.push(text);
    }
    parts.join("\n\n")
}

/// What to say when only a language model could answer.
pub(crate) fn needs_llm() -> String {
    "This question needs a language model: set OPENAI_API_KEY (and OPENAI_API_BASE for another OpenAI-compatible \
     provider, OPENAI_MODEL for the model). Without one I answer: totals for a period (\"total last month\", \
     \"spend in March 2025\"), top N by any dimension (\"top 5 services\", \"which accounts cost the most\"), \
     changes and what drove them (\"why did EC2 go up in March?\"), monthly trends, anomalies, forecasts and \
     month-end projections, and savings recommendations."
        .into()
}
