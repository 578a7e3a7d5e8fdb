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
            "## Interactive view\n\nIn a live notebook the same panels can sit behind controls (dates, providers, "
            "accounts, services, tag, currency, metric), redrawn on every change:\n\n"
            "```python\nfrom finops.widgets import dashboard\n\ndashboard(ws)\n```\n\n"
            "It is not run here: headless execution (CI, `make demo`) has no widget frontend."
        ),
    ),
]


def write(path: Path, cells: list[tuple[str, str]]) -> None:
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src) for kind, src in cells]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:02d}"  # stable ids: regenerating an unchanged notebook changes nothing
    path.parent.mkdir(parents=True, exist_ok=True)
    nbf.write(nb, path)


if __name__ == "__main__":
    write(ROOT / "notebooks" / "python" / "01_kpis_and_charts.ipynb", KPIS_AND_CHARTS)
