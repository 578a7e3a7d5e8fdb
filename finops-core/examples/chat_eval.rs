//! The chat evaluation: questions over generated data, each with expected numbers computed independently
//! (plain sums of the generated FOCUS CSV files, read with the `csv` crate), answered (a) by the offline
//! analyst and (b) through a scripted OpenAI-protocol server on loopback that calls the tools the question
//! needs and answers with the tool results it received (so (b) measures the tool plumbing: request,
//! tool-call parsing, execution, results sent back). Then the attack cases.
//!
//! ```text
//! cargo run -p finops-core --example chat_eval
//! ```
//!
//! An answer is right when every expected number appears in its text (amounts to the cent: commas ignored,
//! |x − expected| ≤ 0.006) and every expected phrase too.

#[path = "../tests/it/common/llm_server.rs"]
mod llm_server;

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use finops_core::llm::{LlmSettings, OpenAiModel};
use finops_core::model::normalize_tag_key;
use finops_core::services::chat::{ChatSession, SqlLimits};
use finops_core::synth::{generate, Opportunity, SynthConfig, SynthFormat};
use finops_core::{ApiKey, IngestOptions, Workspace};
use llm_server::{text, tool_call, tool_calls, LlmServer, Reply};
use regex::Regex;
use serde_json::{json, Value};

type Res<T> = Result<T, Box<dyn Error>>;

/// One generated FOCUS row, as read independently.
struct Row {
    day: NaiveDate,
    cost: f64,
    currency: String,
    provider: String,
    service: String,
    account: String,
    region: String,
    team: String,
}

fn read_rows(dir: &Path, manifest: &finops_core::synth::SynthManifest) -> Res<Vec<Row>> {
    let mut rows = Vec::new();
    for file in &manifest.files {
        let mut reader =
            csv::Reader::from_path(dir.join(&file.path).as_path()).or_else(|_| csv::Reader::from_path(&file.path))?;
        let header = reader.headers()?.clone();
        let col = |name: &str| header.iter().position(|h| h == name).ok_or(format!("no column {name}"));
        let (start, cost, cur, prov, svc, acct, reg, tags) = (
            col("ChargePeriodStart")?,
            col("EffectiveCost")?,
            col("BillingCurrency")?,
            col("ProviderName")?,
            col("ServiceName")?,
            col("SubAccountId")?,
            col("RegionId")?,
            col("Tags")?,
        );
        for record in reader.records() {
            let r = record?;
            let team = serde_json::from_str::<serde_json::Map<String, Value>>(&r[tags])
                .ok()
                .and_then(|m| {
                    let mut keys: Vec<&String> = m.keys().filter(|k| normalize_tag_key(k) == "team").collect();
                    keys.sort();
                    keys.first().and_then(|k| m[*k].as_str().map(str::to_string))
                })
                .unwrap_or_else(|| "(untagged)".into());
            rows.push(Row {
                day: NaiveDate::parse_from_str(&r[start][..10], "%Y-%m-%d")?,
                cost: r[cost].trim().parse().unwrap_or(0.0),
                currency: r[cur].to_string(),
                provider: r[prov].to_string(),
                service: r[svc].to_string(),
                account: r[acct].to_string(),
                region: if r[reg].is_empty() { "(none)".into() } else { r[reg].to_string() },
                team,
            });
        }
    }
    Ok(rows)
}

/// Independent sums over the rows.
struct Oracle {
    rows: Vec<Row>,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

fn month(m: u32) -> (NaiveDate, NaiveDate) {
    let start = d(2025, m, 1);
    let end = if m == 12 { d(2025, 12, 31) } else { d(2025, m + 1, 1).pred_opt().expect("a day before") };
    (start, end)
}

impl Oracle {
    fn sum(&self, (from, to): (NaiveDate, NaiveDate), currency: &str, keep: impl Fn(&Row) -> bool) -> f64 {
        self.rows
            .iter()
            .filter(|r| r.day >= from && r.day <= to && r.currency == currency && keep(r))
            .map(|r| r.cost)
            .sum()
    }

    fn usd(&self, period: (NaiveDate, NaiveDate)) -> f64 {
        self.sum(period, "USD", |_| true)
    }

    /// Values of `key` by cost (USD), most expensive first.
    fn ranked(&self, period: (NaiveDate, NaiveDate), key: impl Fn(&Row) -> String) -> Vec<(String, f64)> {
        let mut by: BTreeMap<String, f64> = BTreeMap::new();
        for r in self.rows.iter().filter(|r| r.day >= period.0 && r.day <= period.1 && r.currency == "USD") {
            *by.entry(key(r)).or_default() += r.cost;
        }
        let mut v: Vec<(String, f64)> = by.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        v
    }
}

/// A question and what its answer must contain.
struct Case {
    question: String,
    numbers: Vec<f64>,
    phrases: Vec<String>,
    /// Only the offline analyst can say it (a plain-language fact, not a tool's number).
    offline_only: bool,
}

fn case(question: impl Into<String>, numbers: Vec<f64>) -> Case {
    Case { question: question.into(), numbers, phrases: Vec::new(), offline_only: false }
}

fn cases(o: &Oracle, anomaly_services: &[String], opportunities: &[Opportunity]) -> Vec<Case> {
    let all = (d(2025, 1, 1), d(2025, 4, 30));
    let (jan, feb, mar, apr) = (month(1), month(2), month(3), month(4));
    let top_services = o.ranked(mar, |r| r.service.clone());
    let top_aws = o
        .ranked(mar, |r| if r.provider == "AWS" { r.service.clone() } else { String::new() })
        .into_iter()
        .find(|(s, _)| !s.is_empty())
        .map(|(s, _)| s)
        .unwrap_or_default();
    let accounts = o.ranked(feb, |r| r.account.clone());
    let regions = o.ranked(mar, |r| r.region.clone());
    let providers = o.ranked(jan, |r| r.provider.clone());
    let teams = o.ranked(mar, |r| r.team.clone());
    let top_all = o.ranked(all, |r| r.service.clone());
    let apr_services = o.ranked(apr, |r| r.service.clone());
    let change =
        |cur: (NaiveDate, NaiveDate), prev: (NaiveDate, NaiveDate)| (o.usd(prev), o.usd(cur), o.usd(cur) - o.usd(prev));
    let top_driver = |cur: (NaiveDate, NaiveDate), prev: (NaiveDate, NaiveDate)| {
        let (c, p) = (o.ranked(cur, |r| r.service.clone()), o.ranked(prev, |r| r.service.clone()));
        let get = |v: &Vec<(String, f64)>, n: &str| v.iter().find(|(s, _)| s == n).map_or(0.0, |x| x.1);
        let mut names: Vec<String> = c.iter().chain(p.iter()).map(|(s, _)| s.clone()).collect();
        names.sort();
        names.dedup();
        names.into_iter().map(|n| get(&c, &n) - get(&p, &n)).max_by(|a, b| a.abs().total_cmp(&b.abs())).unwrap_or(0.0)
    };
    let account = accounts.first().map(|a| a.0.clone()).unwrap_or_default();
    let (fj, ff, fc) = change(feb, jan);
    let (mf, mm, mc) = change(mar, feb);
    let (am, aa, ac) = change(apr, mar);
    let (jc, jm, jmc) = change(mar, jan);
    let mut out = vec![
        case("What was the total spend in January 2025?", vec![o.usd(jan)]),
        case("total cost in February 2025", vec![o.usd(feb)]),
        case("How much did we spend in March 2025?", vec![o.usd(mar)]),
        case("How much did we spend last month?", vec![o.usd(mar)]),
        case("total spend this month", vec![o.usd(apr)]),
        case("total cost in the last 14 days", vec![o.usd((d(2025, 4, 17), d(2025, 4, 30)))]),
        case("What is our total spend?", vec![o.usd(all)]),
        case("total spend in EUR in March 2025", vec![o.sum(mar, "EUR", |_| true)]),
        case("How much did AWS cost in February 2025?", vec![o.sum(feb, "USD", |r| r.provider == "AWS")]),
        case(
            "How much did Google Cloud cost in January 2025?",
            vec![o.sum(jan, "USD", |r| r.provider == "Google Cloud")],
        ),
        case(format!("How much did {top_aws} cost in March 2025?"), vec![o.sum(mar, "USD", |r| r.service == top_aws)]),
        case("What did we spend on 2025-03-15?", vec![o.usd((d(2025, 3, 15), d(2025, 3, 15)))]),
        case(
            format!("How much did account {account} cost in February 2025?"),
            vec![o.sum(feb, "USD", |r| r.account == account)],
        ),
        case("top 5 services in March 2025", top_services.iter().take(3).map(|x| x.1).collect()),
        case("Which accounts cost the most in February 2025?", accounts.iter().take(2).map(|x| x.1).collect()),
        case("top 3 regions last month", regions.iter().take(3).map(|x| x.1).collect()),
        case("cost by provider in January 2025", providers.iter().map(|x| x.1).collect()),
        case("top 5 services", top_all.iter().take(3).map(|x| x.1).collect()),
        case("Which services cost the most in April 2025?", apr_services.iter().take(2).map(|x| x.1).collect()),
        case("cost breakdown by team tag in March 2025", teams.iter().take(3).map(|x| x.1).collect()),
        case("Compare February 2025 with January 2025", vec![fj, ff, fc]),
        case("How did March 2025 compare to February 2025?", vec![mf, mm, mc]),
        case("Why did costs change in April 2025?", vec![am, aa, ac, top_driver(apr, mar)]),
        case("What drove the change in March 2025?", vec![mc, top_driver(mar, feb)]),
        case(
            format!("Why did {top_aws} change in March 2025?"),
            vec![o.sum(feb, "USD", |r| r.service == top_aws), o.sum(mar, "USD", |r| r.service == top_aws)],
        ),
        case("month over month change last month", vec![mf, mm, mc]),
        case("Compare January 2025 vs March 2025", vec![jc, jm, jmc]),
        case("monthly spend", vec![o.usd(jan), o.usd(feb), o.usd(mar), o.usd(apr)]),
        case("total spend in the last 7 days", vec![o.usd((d(2025, 4, 24), d(2025, 4, 30)))]),
        case("How much did we spend in Q1 2025?", vec![o.usd((d(2025, 1, 1), d(2025, 3, 31)))]),
    ];
    let mut anomalies = case("Any anomalies?", Vec::new());
    anomalies.phrases = anomaly_services.iter().take(1).cloned().collect();
    out.push(anomalies);
    let mut forecast = case("What will the month-end total be?", vec![o.usd(apr)]);
    forecast.phrases = vec!["month to".into()];
    forecast.offline_only = true;
    out.push(forecast);
    // The generator records the opportunities it planted with its own estimate of their saving; the rules
    // estimate within 30% of it, so the answer is checked for the two largest kinds, not for exact amounts.
    let mut largest: Vec<&Opportunity> = opportunities.iter().filter(|o| o.monthly_saving > 0.0).collect();
    largest.sort_by(|a, b| b.monthly_saving.total_cmp(&a.monthly_saving));
    let mut kinds: Vec<String> = Vec::new();
    for o in largest {
        if !kinds.contains(&o.rule) && kinds.len() < 2 {
            kinds.push(o.rule.clone());
        }
    }
    let mut savings = case("How much could we save?", Vec::new());
    savings.phrases = kinds;
    out.push(savings);
    let mut llm = case("Write a poem about our cloud bill", Vec::new());
    llm.phrases = vec!["OPENAI_API_KEY".into()];
    llm.offline_only = true;
    out.push(llm);
    out
}

/// Whether every expected number and phrase is in `text`.
fn check(text: &str, case: &Case) -> (bool, Vec<String>) {
    let numbers: Vec<f64> = Regex::new(r"-?\d[\d,]*(?:\.\d+)?")
        .expect("a valid pattern")
        .find_iter(text)
        .filter_map(|m| m.as_str().replace(',', "").parse().ok())
        .collect();
    let mut missing = Vec::new();
    for e in &case.numbers {
        let tolerance = 0.006_f64.max(e.abs() * 1e-9);
        if !numbers.iter().any(|x| (x - e).abs() <= tolerance) {
            missing.push(format!("{e:.2}"));
        }
    }
    for p in &case.phrases {
        if !text.contains(p.as_str()) {
            missing.push(format!("{p:?}"));
        }
    }
    (missing.is_empty(), missing)
}

fn main() -> Res<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("sample");
    let config = SynthConfig {
        months: 4,
        accounts: 2,
        scale: 0.3,
        anomalies: 3,
        formats: vec![SynthFormat::Focus],
        ..Default::default()
    };
    let manifest = generate(&config, &out)?;
    let mut ws = Workspace::open(dir.path().join("finops.db"))?;
    ws.ingest_with(&out, &IngestOptions::default())?;
    let oracle = Oracle { rows: read_rows(&out, &manifest)? };
    let anomaly_services: Vec<String> = manifest.anomalies.iter().map(|a| a.service.clone()).collect();
    let cases = cases(&oracle, &anomaly_services, &manifest.opportunities);
    let today = d(2025, 4, 30);
    println!(
        "chat evaluation: {} questions over generated data (4 months, {} FOCUS rows)\n",
        cases.len(),
        oracle.rows.len()
    );

    // (a) offline.
    let mut offline_right = 0;
    let mut plans: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for c in &cases {
        let answer = ChatSession::offline().with_today(today).ask(&ws, &c.question)?;
        let (ok, missing) = check(&answer.text, c);
        offline_right += usize::from(ok);
        if !ok {
            println!("  offline MISS {:?}: missing {}\n{}\n", c.question, missing.join(", "), answer.text);
        }
        plans.insert(
            c.question.clone(),
            answer.tool_calls.iter().map(|t| (t.name.clone(), t.arguments.clone())).collect(),
        );
    }

    // (b) through the scripted server: the tool calls the question needs, then an answer made of the results.
    let plans = Arc::new(Mutex::new(plans));
    let shared = plans.clone();
    let server = LlmServer::with(move |request| {
        let messages = request["messages"].as_array().cloned().unwrap_or_default();
        let question =
            messages.iter().rev().find(|m| m["role"] == "user").and_then(|m| m["content"].as_str()).unwrap_or("");
        let results: Vec<String> = messages
            .iter()
            .filter(|m| m["role"] == "tool")
            .filter_map(|m| m["content"].as_str().map(str::to_string))
            .collect();
        if results.is_empty() {
            let calls = shared.lock().expect("plans").get(question).cloned().unwrap_or_default();
            if !calls.is_empty() {
                let calls: Vec<(&str, &str)> = calls.iter().map(|(n, a)| (n.as_str(), a.as_str())).collect();
                return tool_calls(&calls);
            }
        }
        text(&format!("From the tools: {}", results.join("\n")))
    });
    let settings = LlmSettings {
        api_key: ApiKey::new("sk-eval-not-a-real-key"),
        api_base: server.base.clone(),
        model: "scripted".into(),
        timeout: Duration::from_secs(30),
    };
    let (mut llm_right, mut llm_total) = (0, 0);
    for c in cases.iter().filter(|c| !c.offline_only) {
        llm_total += 1;
        let mut chat = ChatSession::new(Some(Box::new(OpenAiModel::new(settings.clone())?))).with_today(today);
        let answer = chat.ask(&ws, &c.question)?;
        let (ok, missing) = check(&answer.text, c);
        llm_right += usize::from(ok);
        if !ok {
            println!("  scripted-model MISS {:?}: missing {}", c.question, missing.join(", "));
        }
    }
    println!("(a) offline analyst:          {offline_right}/{} answers contain the right numbers", cases.len());
    println!("(b) scripted model, tools:    {llm_right}/{llm_total} answers contain the right numbers");
    attacks(&ws, &settings, today)?;
    Ok(())
}

fn fingerprint(ws: &Workspace) -> Res<(i64, String)> {
    let rows: i64 =
        ws.store().expect("a database").connection().query_row("SELECT COUNT(*) FROM line_items", [], |r| r.get(0))?;
    let mut hasher = blake3::Hasher::new();
    for suffix in ["", "-wal"] {
        hasher.update(
            &std::fs::read(format!("{}{suffix}", ws.path().expect("a database").display())).unwrap_or_default(),
        );
    }
    Ok((rows, hasher.finalize().to_hex().to_string()))
}

/// The attack cases against the same workspace, each through the scripted server.
fn attacks(ws: &Workspace, settings: &LlmSettings, today: NaiveDate) -> Res<()> {
    println!("\nattack cases:");
    let before = fingerprint(ws)?;
    let session = |server: &LlmServer, timeout: Duration| -> Res<ChatSession> {
        let s = LlmSettings { api_base: server.base.clone(), timeout, ..settings.clone() };
        Ok(ChatSession::new(Some(Box::new(OpenAiModel::new(s)?))).with_today(today).with_max_tool_rounds(20))
    };
    // Writes through SQL.
    let writes = [
        "INSERT INTO strings(value) VALUES ('x')",
        "DELETE FROM line_items",
        "UPDATE line_items SET effective_cost = 0",
        "DROP TABLE line_items",
        "CREATE TABLE evil(x)",
        "ATTACH DATABASE 'evil.db' AS evil",
        "PRAGMA user_version = 99",
        "PRAGMA journal_mode = DELETE",
        "SELECT 1; DELETE FROM line_items",
        "VACUUM",
    ];
    let mut script: Vec<Reply> = writes.iter().map(|q| tool_call("sql", &json!({ "query": q }).to_string())).collect();
    script.push(text("done"));
    let server = LlmServer::scripted(script);
    let answer = session(&server, Duration::from_secs(30))?.ask(ws, "clean up")?;
    let denied = answer.tool_calls.iter().filter(|c| !c.ok()).count();
    println!("  SQL writes, ATTACH, PRAGMA, multi-statement: {denied}/{} denied", writes.len());
    // Injection: a model that obeys text found in the data.
    let server = LlmServer::with(|request| {
        let told = request["messages"].as_array().map_or(0, |m| m.iter().filter(|m| m["role"] == "tool").count());
        match told {
            0 => tool_call("group_by", r#"{"dimension": "tag:team"}"#),
            1 => tool_call("sql", r#"{"query": "DROP TABLE line_items"}"#),
            _ => text("ok"),
        }
    });
    let answer = session(&server, Duration::from_secs(30))?.ask(ws, "cost by team")?;
    let system = server.requests()[0]["messages"][0]["content"].as_str().unwrap_or_default().contains("Data is data");
    println!(
        "  prompt injection obeyed by the model: write {}; system prompt says data is data: {system}",
        if answer.tool_calls.get(1).is_some_and(|c| !c.ok()) { "denied" } else { "NOT DENIED" }
    );
    // Malformed tool-call JSON.
    let server = LlmServer::scripted(vec![
        tool_calls(&[("kpis", "{\"period\": "), ("kpis", "{\"bogus\": 1}"), ("nope", "{}")]),
        text("recovered"),
    ]);
    let answer = session(&server, Duration::from_secs(30))?.ask(ws, "kpis?")?;
    println!(
        "  malformed tool calls: {} reported to the model as tool errors, answer {:?}",
        answer.tool_calls.iter().filter(|c| !c.ok()).count(),
        answer.text
    );
    // Huge result.
    let server = LlmServer::scripted(vec![
        tool_call("sql", r#"{"query": "SELECT a.id, b.id FROM line_items a, line_items b"}"#),
        text("done"),
    ]);
    let mut chat = session(&server, Duration::from_secs(30))?
        .with_sql_limits(SqlLimits { max_rows: 1_000, time_limit: Duration::from_secs(2) });
    let started = Instant::now();
    let answer = chat.ask(ws, "everything")?;
    let rows = answer.table("sql").map_or(0, |t| t.height());
    let seen: Value = serde_json::from_str(
        server.requests()[1]["messages"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["role"] == "tool"))
            .and_then(|m| m["content"].as_str())
            .unwrap_or("{}"),
    )?;
    println!(
        "  huge result: {} in {:.1} s; {rows} rows kept, {} sent to the model",
        answer.tool_calls[0].error.clone().unwrap_or_else(|| "truncated".into()),
        started.elapsed().as_secs_f64(),
        seen["tables"]["sql"]["rows"].as_array().map_or(0, |r| r.len())
    );
    // A server that hangs.
    let server = LlmServer::scripted(vec![Reply::Hang]);
    let started = Instant::now();
    let outcome = session(&server, Duration::from_secs(1))?.ask(ws, "hello");
    println!(
        "  hanging server: {} after {:.1} s",
        outcome.err().map_or("NO ERROR".into(), |e| e.to_string()),
        started.elapsed().as_secs_f64()
    );
    let after = fingerprint(ws)?;
    println!("  database unchanged after every attack: {}", if before == after { "yes" } else { "NO" });
    Ok(())
}
