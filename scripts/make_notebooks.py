"""Writes the notebooks from their cell sources here, so their JSON stays small, reviewed and output-free.

python scripts/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parent.parent

SETUP = """import os
from pathlib import Path

import plotly.io as pio

import finops

# Charts as the plotly MIME type (JupyterLab) and as HTML with plotly.js embedded (offline HTML exports).
pio.renderers.default = "plotly_mimetype+notebook"

ROOT = Path.cwd().resolve().parents[1]  # notebooks/python -> the repository
ws = finops.Workspace(os.environ.get("FINOPS_DB") or ROOT / "data" / "finops.db")
if ws.imports().height == 0:  # a fresh clone: load the sample data `make demo` loads
    finops.generate_sample(ROOT / "data" / "sample", seed=42, start="2025-01-01", months=6, accounts=3, anomalies=4)
    ws.ingest(ROOT / "data" / "sample", progress=False)
ws"""

KPIS_AND_CHARTS = [
    (
        "md",
        (
            "# KPIs and charts\n\nEvery panel of the cost dashboard, computed by the finops engine on the sample "
            "database (`data/finops.db`). Amounts are in one currency at a time: the sample bills in USD and EUR, so "
            "each cell picks one (or passes exchange `rates`)."
        ),
    ),
    ("code", SETUP),
    (
        "md",
        (
            "## Global filter\n\nEvery panel takes the same filter, as keyword arguments or a `finops.Filter`: "
            "dates, providers, accounts, services, regions, tags, charge categories, and the cost metric "
            "(`effective`, the amortized cost, by default)."
        ),
    ),
    ("code", 'f = finops.Filter(currency="USD", start="2025-01-01", end="2025-06-30")\nf'),
    (
        "md",
        (
            "## KPI cards\n\nTotal, daily average, most and least expensive days, change against the previous "
            "period of the same length, month to date and last month."
        ),
    ),
    ("code", "ws.kpis(f)"),
    ("md", "## Ranking\n\nThe ten most expensive services, then everything else as *Other*."),
    ("code", 'ws.ranking(by="service", top_n=10, filter=f)'),
    ("code", 'ws.charts.ranking(by="service", top_n=10, filter=f)'),
    ("md", "## Distribution\n\nEach provider's share of the cost, in percent."),
    ("code", 'ws.distribution(by="provider", filter=f)'),
    ("code", 'ws.charts.distribution(by="provider", filter=f)'),
    ("md", "## Monthly evolution\n\nCost per month for each service category."),
    ("code", 'ws.charts.monthly(by="service_category", filter=f)'),
    ("md", "## Stacked monthly totals\n\nEach month's total, stacked by the five largest accounts."),
    ("code", 'ws.charts.stacked_monthly(by="sub_account", top_n=5, filter=f)'),
    ("md", "## Daily cost\n\nThe injected anomalies of the sample show up as spikes."),
    ("code", "ws.charts.daily(filter=f)"),
    (
        "md",
        (
            "## Tags and metrics\n\nTag keys are normalized (`Environment` and `environment` are one key); "
            "`billed` shows commitment purchases when they are invoiced, `effective` spreads them over usage."
        ),
    ),
    ("code", 'ws.ranking(by="tag:environment", currency="USD")'),
    (
        "code",
        (
            'billed = ws.kpis(currency="USD", metric="billed").total\neffective = ws.kpis(currency="USD").total\n'
            'print(f"billed {billed:,.2f} USD, effective {effective:,.2f} USD")'
        ),
    ),
    (
        "md",
        (
            "## Interactive view\n\nIn a live notebook the same panels sit behind the dashboard's filters (dates, "
            "providers, accounts, services, regions, tag, currency, metric), with anomalies, forecast, insights, "
            "recommendations, chat and upload in tabs:\n\n"
            "```python\nfinops.dashboard(ws)\n```\n\n"
            "It is not run here: headless execution (CI, `make demo`) has no widget frontend. `notebooks/dashboard.ipynb` "
            "is that app, which `make dashboard` serves."
        ),
    ),
]

RUST_SETUP = """use std::path::{Path, PathBuf};

use finops_core::prelude::*;
use finops_core::synth::{generate, SynthConfig, SynthFormat};
use finops_display::evcxr::{Notebook, Table};

let root: PathBuf = Path::new("../..").canonicalize()?; // notebooks/rust -> the repository
let db: PathBuf = std::env::var_os("FINOPS_DB").map(PathBuf::from).unwrap_or_else(|| root.join("data/finops.db"));
let mut ws = Workspace::open(&db)?;
if ws.imports()?.is_empty() {
    // A fresh clone: load the sample data `make demo` loads.
    let sample = root.join("data/sample");
    let config = SynthConfig {
        seed: 42,
        start: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        months: 6,
        accounts: 3,
        anomalies: 4,
        formats: SynthFormat::NATIVE.to_vec(),
        ..Default::default()
    };
    generate(&config, &sample)?;
    ws.ingest(&sample)?;
}
println!("{} files imported into {}", ws.imports()?.len(), db.display());"""

RUST_KPIS_AND_CHARTS = [
    (
        "md",
        (
            "# KPIs and charts (Rust)\n\nThe same panels as `notebooks/python/01_kpis_and_charts.ipynb`, from Rust in "
            "the evcxr kernel *Rust (finops)* (`make kernel`), which preloads `finops-core` and `finops-display`. "
            "The figures are built by the same code, so both notebooks show identical charts.\n\n"
            "The first cell of a new kernel compiles finops (about a minute once `make kernel` has warmed the cache)."
        ),
    ),
    ("code", RUST_SETUP),
    (
        "md",
        (
            "## Global filter\n\nOne `Filter` drives every panel: dates, providers, accounts, services, regions, "
            "tags, charge categories, the currency and the cost metric (`CostMetric::Effective` by default)."
        ),
    ),
    (
        "code",
        (
            "let f = Filter {\n"
            '    currency: Some("USD".into()),\n'
            "    start: NaiveDate::from_ymd_opt(2025, 1, 1),\n"
            "    end: NaiveDate::from_ymd_opt(2025, 6, 30),\n"
            "    ..Default::default()\n"
            "};"
        ),
    ),
    ("md", "## KPI cards"),
    ("code", "ws.kpi_cards(&f)?"),
    ("md", "## Ranking\n\nThe ten most expensive services, then everything else as *Other*."),
    ("code", 'Table::new(ws.analytics()?.ranking(&f, Dimension::Service, 10)?, Some("USD"))'),
    ("code", "ws.charts()?.ranking(&f, Dimension::Service, 10)?"),
    ("md", "## Distribution"),
    ("code", "ws.charts()?.distribution(&f, Dimension::Provider, usize::MAX)?"),
    ("md", "## Monthly evolution"),
    ("code", "ws.charts()?.monthly(&f, Dimension::ServiceCategory)?"),
    ("md", "## Stacked monthly totals"),
    ("code", "ws.charts()?.stacked_monthly(&f, Dimension::SubAccount, 5)?"),
    ("md", "## Daily cost"),
    ("code", "ws.charts()?.daily(&f)?"),
    ("md", "## Tags and metrics\n\nRanking by a tag key (normalized), and the billed against the effective cost."),
    (
        "code",
        (
            'let usd = Filter { currency: Some("USD".into()), ..Default::default() };\n'
            'Table::new(ws.analytics()?.ranking(&usd, Dimension::Tag("environment".into()), usize::MAX)?, Some("USD"))'
        ),
    ),
    (
        "code",
        (
            "let billed = ws.analytics()?.kpis(&Filter { metric: CostMetric::Billed, ..usd.clone() })?.total;\n"
            "let effective = ws.analytics()?.kpis(&usd)?.total;\n"
            'println!("billed {billed:.2} USD, effective {effective:.2} USD");'
        ),
    ),
    (
        "md",
        (
            "## Data frames\n\nEvery analysis is a polars `DataFrame` (`finops_core::polars`, the version finops "
            "uses), ready for your own queries."
        ),
    ),
    ("code", "ws.analytics()?.monthly(&usd, Dimension::Provider)?"),
]

ANOMALIES = [
    (
        "md",
        (
            '# Cost anomalies\n\nThe seed flagged "atypical costs" with an IsolationForest on daily cost per '
            "service. finops gives every segment (service × sub account by default, and the total) a robust "
            "seasonal baseline learned from the days before each day (a weekly profile times the level, both "
            "medians), scores each day's residual with a robust z-score, and raises a day only when its impact "
            "passes both gates (an amount and a percentage, like AWS Cost Anomaly Detection). Consecutive days "
            "merge into one event with its impact, severity, kind (spike, drop, step, drift, new) and root causes. "
            "Only usage is scanned: taxes, credits and purchases are billing events, not consumption."
        ),
    ),
    ("code", SETUP),
    ("md", "## Events\n\nLargest impact first; amounts in one currency."),
    ("code", 'found = ws.anomalies(currency="USD")\nfound'),
    (
        "md",
        (
            "The sample generator recorded the anomalies it injected (`data/sample/manifest.json`): "
            "compare them with the events above."
        ),
    ),
    (
        "code",
        (
            "import json\n\nimport polars as pl\n\n"
            'injected = json.loads((ROOT / "data" / "sample" / "manifest.json").read_text())["anomalies"]\n'
            'pl.DataFrame(injected).filter(pl.col("currency") == "USD")'
        ),
    ),
    ("md", "## The total, with its expected band\n\nRed markers are the days of reported events."),
    ("code", 'found.chart("total")'),
    ("md", "## The largest event\n\nIts series, then its root causes: which child values carry the impact."),
    ("code", "found.chart()"),
    (
        "code",
        (
            "largest = found.events.row(0, named=True)\n"
            'found.root_causes.filter(segment=largest["segment"], start=largest["start"])'
        ),
    ),
    (
        "md",
        (
            "## Gates and segments\n\n`min_impact` (in the result currency) and `min_pct` must both pass; "
            "`sensitivity` is `low`, `medium`, `high` or a z-score. Segments can be any dimension or tag key."
        ),
    ),
    ("code", 'ws.anomalies(currency="USD", by=["region"], min_impact=200, sensitivity="low").events'),
    (
        "md",
        (
            "## Feedback\n\nAn event marked `false_alarm` or `planned` is stored in the database and not raised "
            'again (`confirmed` keeps it):\n\n```python\nfound.feedback(0, "planned", note="load test")\n```'
        ),
    ),
]

RUST_ANOMALIES = [
    (
        "md",
        (
            "# Cost anomalies (Rust)\n\nThe same detection as `notebooks/python/02_anomalies.ipynb`, from Rust "
            "(kernel *Rust (finops)*, `make kernel`)."
        ),
    ),
    ("code", RUST_SETUP),
    (
        "code",
        (
            "use finops_core::services::anomaly::AnomalyOptions;\n"
            "use finops_display::evcxr::anomaly_chart;\n\n"
            'let usd = Filter { currency: Some("USD".into()), ..Default::default() };\n'
            "let found = ws.anomalies(&usd, &AnomalyOptions::default())?;\n"
            "Table::new(found.to_frame()?, found.currency.as_deref())"
        ),
    ),
    ("md", "## The total, with its expected band"),
    ("code", 'anomaly_chart(&found, "total")?'),
    ("md", "## The largest event and its root causes"),
    ("code", "let largest = found.events[0].clone();\nanomaly_chart(&found, &largest.segment.key())?"),
    (
        "code",
        (
            "for cause in &largest.root_causes {\n"
            '    println!("{:<12} {:<40} {:>12.2} ({:.0}%)", cause.dimension, cause.value, cause.contribution, '
            "cause.share);\n"
            "}"
        ),
    ),
    ("md", "## Gates and segments"),
    (
        "code",
        (
            "let options = AnomalyOptions { segment_by: vec![Dimension::Region], min_impact: 200.0, "
            "..Default::default() };\n"
            'Table::new(ws.anomalies(&usd, &options)?.to_frame()?, Some("USD"))'
        ),
    ),
]

FORECAST = [
    (
        "md",
        (
            "# Forecast\n\nThe seed fitted a linear regression. finops forecasts the daily usage cost with an "
            "ensemble (ETS, MSTL, the same weekday last week, the same day last month, the line, the recent mean) "
            "weighted by a rolling-origin backtest on the series itself; the 80% and 95% intervals come from that "
            "backtest's out-of-sample errors, so "
            "they are calibrated. Recurring monthly charges (tax, support fees) are repeated on their day; "
            "one-off purchases are not."
        ),
    ),
    ("code", SETUP),
    ("md", "## The next three months"),
    ("code", 'forecast = ws.forecast(currency="USD", horizon="3m")\nforecast.chart()'),
    ("md", "By month: actuals so far plus the forecast of the remaining days, with intervals."),
    ("code", "forecast.monthly"),
    (
        "md",
        (
            "## How good is it?\n\nThe backtest: each model forecast 28 days from 8 past origins; MAPE, MASE "
            "(below 1 beats the seasonal naive), bias, and how often the intervals covered the outcome."
        ),
    ),
    ("code", "forecast.backtest"),
    ("md", "## Month, quarter and year end, against a budget"),
    ("code", 'ws.month_end(currency="USD", budget=22_000)'),
    ("md", "## Per service\n\nThe three most expensive services, each with its own model and intervals."),
    ("code", 'by_service = ws.forecast(currency="USD", by="service", top_n=3, horizon=30)\nby_service.frame.head()'),
    ("code", "by_service.chart(by_service.segments[0])"),
]

INSIGHTS = [
    (
        "md",
        (
            '# Why did the cost move?\n\nThe seed asked a language model for "insights". finops computes them: '
            "the change between two periods decomposed into drivers (service → usage type → resource, accounts, "
            "regions, tag values), each split into a volume effect (more hours, more GB) and a price effect "
            "(a dearer unit), plus the events worth telling. Every sentence is a template filled with computed "
            "numbers, and every insight carries the table behind it."
        ),
    ),
    ("code", SETUP),
    (
        "md",
        (
            "## The latest month against the one before\n\nWith a monthly budget, the month-end projection is "
            "compared with it when the month is not over."
        ),
    ),
    ("code", 'insights = ws.insights(currency="USD", budget=22_000)\ninsights'),
    ("md", "## The waterfall\n\nFrom last month's total to this month's, service by service."),
    ("code", "insights.chart()"),
    (
        "md",
        (
            "## Drivers, down the hierarchy\n\n`volume_effect + price_effect + other_effect = change` on every "
            "row; *other* is what has no quantity (taxes, credits, fees)."
        ),
    ),
    (
        "code",
        (
            "import polars as pl\n\n"
            'insights.drivers.filter(pl.col("dimension").is_in(["service", "usage_type", "resource"])).head(12)'
        ),
    ),
    (
        "md",
        (
            "## Any two periods, by team\n\nMarch against February, with the drivers per `team` tag and the "
            "spend no team owns."
        ),
    ),
    (
        "code",
        'march = ws.insights(currency="USD", month="2025-03", tag_keys=["team"], allocation_tag="team")\nprint(march.summary)',
    ),
    ("code", 'march.drivers.filter(dimension="tag:team")'),
    ("md", "## The evidence behind an insight"),
    ("code", "march.frame"),
    ("code", "march.tables[1]"),
]

RECOMMENDATIONS = [
    (
        "md",
        (
            "# Recommendations\n\nThe seed asked a language model for recommendations. finops finds them in the "
            "billing data with one documented rule each (`docs/recommendations.md`): commitments for steady "
            "on-demand usage, gp2 volumes, previous-generation machines, idle addresses, non-production machines "
            "running 24/7, storage tiers, NAT gateways, old snapshots, untagged spend. Every saving is computed "
            "from a published price ratio, stated with its source; where no price is known, none is claimed."
        ),
    ),
    ("code", SETUP),
    ("md", "## What could we save?"),
    ("code", "recs = ws.recommendations()\nrecs"),
    ("code", "recs.chart()"),
    ("md", "## The table\n\nOne row per recommendation: current monthly cost, estimated saving, confidence, method."),
    (
        "code",
        'recs.frame.select("rule", "title", "account", "currency", "monthly_cost", "monthly_saving", "confidence")',
    ),
    (
        "md",
        (
            "## A commitment, sized\n\nThe hourly commitment that maximizes the net saving over the observed "
            "on-demand spend, its expected utilization, break-even and payback."
        ),
    ),
    (
        "code",
        ('commitment = recs.frame.filter(rule="commitment")["id"][0]\nrecs.commitment(commitment)'),
    ),
    ("md", "## The evidence behind a recommendation"),
    ("code", "first = recs.ids[0]\nrecs.evidence(first)"),
    (
        "md",
        ("## Dismissing\n\nA dismissed recommendation stays dismissed across sessions and re-imports, until restored."),
    ),
    (
        "code",
        (
            'ws.dismiss_recommendation(first, "reviewed: keep as is")\n'
            'print(len(ws.recommendations()), "listed,", len(ws.recommendations(include_dismissed=True)), "in all")\n'
            "ws.restore_recommendation(first)"
        ),
    ),
]

CHAT = [
    (
        "md",
        (
            "# FinOps chat\n\nAsk questions in plain language. The answer's numbers come from the engine's tools "
            "(KPIs, rankings, period comparisons, anomalies, forecasts, a read-only SQL query), with the tables "
            "they returned and the calls made. Without `OPENAI_API_KEY` the offline analyst answers the common "
            "questions itself, as here; with a key (and `OPENAI_API_BASE` / `OPENAI_MODEL` for Groq, Ollama, "
            "vLLM or any OpenAI-compatible server) a language model chooses the tools."
        ),
    ),
    ("code", SETUP),
    ("code", 'ws.ask("How much did we spend last month?", currency="USD")'),
    ("code", 'ws.ask("What are the top 5 services?", currency="USD")'),
    (
        "md",
        "## A conversation\n\n`ws.chat()` keeps the conversation; `set_filter` narrows every later question.",
    ),
    (
        "code",
        (
            "chat = ws.chat()\n"
            'chat.set_filter(currency="USD", providers=["aws"])\n'
            'answer = chat.ask("What drove the change in May 2025 compared to April 2025?")\n'
            "answer"
        ),
    ),
    ("code", "answer.tool_calls"),
    ("code", 'chat.ask("Any anomalies?")'),
    (
        "md",
        (
            "## In a cell\n\n`%load_ext finops`, then `%%finops` cells (options: `--db` or `--ws`, `--currency`, "
            "`--start`, `--end`, `--provider`, `--service`, `--account`, `--region`, `--new`)."
        ),
    ),
    ("code", "%load_ext finops"),
    ("code", "%%finops --ws ws --currency USD\nWhat will we spend by the end of the month?"),
    (
        "md",
        (
            "## With a language model\n\nSet the environment (or `.env`) before opening the workspace:\n\n"
            "```sh\nOPENAI_API_KEY=sk-...                        # never printed or logged\n"
            "OPENAI_API_BASE=https://api.groq.com/openai/v1  # any OpenAI-compatible server\n"
            "OPENAI_MODEL=llama-3.3-70b-versatile\n```\n\n"
            "The model gets the schema and the filter in force, calls the same tools (never a write: the SQL tool "
            "is read-only), and text inside the billing data is treated as data, not instructions."
        ),
    ),
]

RUST_FORECAST = [
    ("md", "# Forecast (Rust)\n\nThe same forecast as `notebooks/python/03_forecast.ipynb`."),
    ("code", RUST_SETUP),
    (
        "code",
        (
            "use finops_core::services::forecast::{ForecastOptions, Horizon};\n"
            "use finops_display::evcxr::{forecast_chart, ProjectionCards};\n\n"
            'let usd = Filter { currency: Some("USD".into()), ..Default::default() };\n'
            "let forecast = ws.forecast(&usd, &ForecastOptions { horizon: Horizon::Months(3), ..Default::default() })?;\n"
            "forecast_chart(&forecast, None)?"
        ),
    ),
    ("code", 'Table::new(forecast.monthly_frame()?, Some("USD"))'),
    ("code", 'println!("{}", forecast.segments[0].prediction.backtest);'),
    ("code", "ProjectionCards(ws.month_end(&usd, Some(22_000.0))?)"),
]

RUST_CHAT = [
    (
        "md",
        (
            "# FinOps chat (Rust)\n\nThe same chat as `notebooks/python/06_chat.ipynb`: offline here, a language "
            "model when `OPENAI_API_KEY` is set."
        ),
    ),
    ("code", RUST_SETUP),
    (
        "code",
        (
            "use finops_display::evcxr::AnswerView;\n\n"
            "let mut chat = ws.chat()?;\n"
            'chat.set_filter(Filter { currency: Some("USD".into()), ..Default::default() });\n'
            'AnswerView(chat.ask(&ws, "How much did we spend last month?")?)'
        ),
    ),
    ("code", 'AnswerView(chat.ask(&ws, "What are the top 5 services?")?)'),
    (
        "code",
        (
            "{\n"
            '    let answer = chat.ask(&ws, "What will we spend by the end of the month?")?;\n'
            "    for call in &answer.tool_calls {\n"
            '        println!("tool {} {}", call.name, call.arguments);\n'
            "    }\n"
            "    AnswerView(answer)\n"
            "}"
        ),
    ),
]

RUST_INSIGHTS = [
    ("md", "# Why did the cost move? (Rust)\n\nThe same analysis as `notebooks/python/04_insights.ipynb`."),
    ("code", RUST_SETUP),
    (
        "code",
        (
            "use finops_core::InsightOptions;\n"
            "use finops_display::evcxr::{insights_chart, InsightsView};\n\n"
            'let usd = Filter { currency: Some("USD".into()), ..Default::default() };\n'
            "let insights = ws.insights(&usd, &InsightOptions { budget: Some(22_000.0), ..Default::default() })?;\n"
            "insights_chart(&insights, 8)"
        ),
    ),
    ("code", 'Table::new(insights.drivers_frame()?.head(Some(12)), Some("USD"))'),
    ("code", "InsightsView(insights)"),
]
RUST_RECOMMENDATIONS = [
    ("md", "# Recommendations (Rust)\n\nThe same findings as `notebooks/python/05_recommendations.ipynb`."),
    ("code", RUST_SETUP),
    (
        "code",
        (
            "use finops_display::evcxr::{savings_chart, RecommendationsView};\n\n"
            "let recs = ws.recommendations(&Filter::default())?;\n"
            "savings_chart(&recs)"
        ),
    ),
    ("code", "Table::new(recs.evidence_frame(&recs.items[0].id)?, Some(recs.items[0].currency.as_str()))"),
    ("code", "RecommendationsView(recs)"),
]
RUST_DASHBOARD = [
    (
        "md",
        (
            "# The dashboard (Rust)\n\nEvery panel of `finops.dashboard` for one filter, as one page: KPI cards, the "
            "five charts, anomalies, forecast and month-end projection, why the cost moved, recommendations. The "
            "Python dashboard (`notebooks/dashboard.ipynb`) has widgets; evcxr has no widget protocol (it speaks no "
            "Jupyter comms), so here a filter is a cell: change it and run the cell again."
        ),
    ),
    ("code", RUST_SETUP),
    (
        "code",
        (
            "use finops_display::evcxr::DashboardView;\n"
            "use finops_display::report::DashboardOptions;\n\n"
            'let filter = Filter { currency: Some("USD".into()), ..Default::default() };\n'
            "DashboardView::new(&ws, &filter, &DashboardOptions::default())?"
        ),
    ),
]
DASHBOARD = [
    (
        "md",
        (
            "# finops dashboard\n\nThe filters on the left drive the KPI cards and every tab: cost explorer, "
            "anomalies, forecast, insights, recommendations, chat and upload. Run it here in JupyterLab, or serve it "
            "as a web app with `make dashboard` (Voila, on http://localhost:8866)."
        ),
    ),
    ("code", "import finops\n\nws = finops.Workspace()  # $FINOPS_DB, else data/finops.db\nfinops.dashboard(ws)"),
]
PYTHON_KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
RUST_KERNEL = {"name": "finops-rust", "display_name": "Rust (finops)", "language": "rust"}


def write(path: Path, cells: list[tuple[str, str]], kernel: dict[str, str] = PYTHON_KERNEL) -> None:
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = kernel
    nb.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src) for kind, src in cells]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"  # stable ids: regenerating an unchanged notebook changes nothing
    path.parent.mkdir(parents=True, exist_ok=True)
    nbf.write(nb, path)


if __name__ == "__main__":
    write(ROOT / "notebooks" / "python" / "01_kpis_and_charts.ipynb", KPIS_AND_CHARTS)
    write(ROOT / "notebooks" / "rust" / "01_kpis_and_charts.ipynb", RUST_KPIS_AND_CHARTS, RUST_KERNEL)
    write(ROOT / "notebooks" / "python" / "02_anomalies.ipynb", ANOMALIES)
    write(ROOT / "notebooks" / "rust" / "02_anomalies.ipynb", RUST_ANOMALIES, RUST_KERNEL)
    write(ROOT / "notebooks" / "python" / "03_forecast.ipynb", FORECAST)
    write(ROOT / "notebooks" / "rust" / "03_forecast.ipynb", RUST_FORECAST, RUST_KERNEL)
    write(ROOT / "notebooks" / "python" / "04_insights.ipynb", INSIGHTS)
    write(ROOT / "notebooks" / "rust" / "04_insights.ipynb", RUST_INSIGHTS, RUST_KERNEL)
    write(ROOT / "notebooks" / "python" / "05_recommendations.ipynb", RECOMMENDATIONS)
    write(ROOT / "notebooks" / "rust" / "05_recommendations.ipynb", RUST_RECOMMENDATIONS, RUST_KERNEL)
    write(ROOT / "notebooks" / "python" / "06_chat.ipynb", CHAT)
    write(ROOT / "notebooks" / "rust" / "06_chat.ipynb", RUST_CHAT, RUST_KERNEL)
    write(ROOT / "notebooks" / "rust" / "07_dashboard.ipynb", RUST_DASHBOARD, RUST_KERNEL)
    write(ROOT / "notebooks" / "dashboard.ipynb", DASHBOARD)
