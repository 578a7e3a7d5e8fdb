"""Dashboard benchmark: the app on the benchmark database of about 1.2M line items.

Measures, in a fresh process with the imports done:
- open: ``finops.dashboard(ws)`` on a newly opened workspace (after importing ipywidgets and plotly, timed apart) (option lists from the engine, KPI cards, the cost
  explorer tab drawn), then again on the same workspace (warm: the daily aggregate in memory);
- filter change: the KPI cards and the cost explorer's five charts redrawn for a new filter (the filters of
  bench_analytics.py, set through the filter widgets), median and worst.
Engine time is the time spent in ``Workspace`` calls (Rust: aggregation and the figures' JSON); the rest is
Python (plotly figure objects, widget state). No browser: widget messages go nowhere.

    python scripts/bench_dashboard.py                  # ~1.2M rows
    python scripts/bench_dashboard.py --rows 50000     # a quick run
    python scripts/bench_dashboard.py --dir /tmp/b     # keep (and reuse) the CSV and the database
    python scripts/bench_dashboard.py --calls          # also the engine time of each call in a filter change
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench_analytics import filters_for  # the same filters as the analytics benchmark

import finops
from finops.app import Dashboard
from finops.app.view import figure
from finops.charts import Charts


class Timed:
    """A workspace whose calls add their time to ``engine`` (seconds)."""

    def __init__(self, ws: finops.Workspace) -> None:
        self._ws = ws
        self.engine = 0.0
        # Seconds per call name (a figure's call is named by its panel), since the last ``measure``.
        self.calls: dict[str, float] = defaultdict(float)

    @property
    def charts(self) -> Charts:
        return Charts(self)  # type: ignore[arg-type]  # figures through the timed ``_figure``

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._ws, name)
        if not callable(attribute):
            return attribute

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return attribute(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t
                self.engine += elapsed
                self.calls[f"_figure({args[0]})" if name == "_figure" else name] += elapsed

        return timed


def measure(action: Any, ws: Timed) -> tuple[float, float]:
    """(wall, engine) seconds of ``action()``."""
    ws.engine = 0.0
    ws.calls = defaultdict(float)
    t = time.perf_counter()
    action()
    return time.perf_counter() - t, ws.engine


def apply(app: Dashboard, f: dict[str, Any]) -> None:
    """Sets the filter widgets to ``f`` without a redraw per widget; ``app.refresh()`` draws once."""
    filters = app.filters
    with filters.quiet():
        filters.currency.value = f["currency"]
        filters.preset.value = "custom"
        span = filters.data_range
        assert span is not None
        filters.start.value = datetime.date.fromisoformat(f["start"]) if "start" in f else span[0]
        filters.end.value = datetime.date.fromisoformat(f["end"]) if "end" in f else span[1]
        for keyword, widget in filters.lists.items():
            widget.value = tuple(f.get(keyword, ()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the CSV and database (default: temp)")
    parser.add_argument("--calls", action="store_true", help="print the engine time of each call per filter change")
    args = parser.parse_args()

    work = args.dir or Path(tempfile.mkdtemp(prefix="finops-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path, db = work / f"cur-{args.rows}.csv", work / f"analytics-{args.rows}.db"
    if not db.exists():
        if not csv_path.exists():
            info = json.loads(finops.generate_cur_benchmark(csv_path, rows=args.rows, seed=7))
            print(f"generated {info['rows']:,} rows", file=sys.stderr)
        finops.Workspace(db).ingest(csv_path, progress=False)
    filters = filters_for(db)

    t = time.perf_counter()
    import ipywidgets  # noqa: F401  # what a kernel loads once, before any dashboard
    import plotly.graph_objects as go
    import plotly.io as pio

    figure(go.Figure(go.Bar(x=[1], y=["a"])))  # plotly loads its validators and renderers on first use
    pio.renderers["plotly_mimetype"]

    imports = time.perf_counter() - t
    ws = Timed(finops.Workspace(db))
    opened: list[Dashboard] = []
    cold = measure(lambda: opened.append(Dashboard(ws)), ws)  # type: ignore[arg-type]
    warm = [measure(lambda: opened.append(Dashboard(ws)), ws) for _ in range(3)]  # type: ignore[arg-type]
    app = opened[-1]
    changes = []
    calls: list[dict[str, float]] = []
    for f in filters[1:]:
        apply(app, f)
        changes.append(measure(app.refresh, ws))
        calls.append(dict(ws.calls))
        assert app.kpis.kpis is not None and app.analytics.status.value == "", app.analytics.status.value
    (items,) = sqlite3.connect(db).execute("SELECT COUNT(*) FROM line_items").fetchone()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:,.1f} / {max(values) * 1000:,.1f}"

    print(f"\n{items:,} line items, {os.cpu_count()} cores\n")
    print("| measure | engine | wall (engine + Python) | target |")
    print("|---|---:|---:|---:|")
    print(f"| first use of ipywidgets and plotly (ms, once per kernel) | | {imports * 1000:,.1f} | |")
    print(f"| open, new workspace (ms) | {cold[1] * 1000:,.1f} | {cold[0] * 1000:,.1f} | |")
    print(
        f"| open, warm (ms, median / worst of {len(warm)}) | {ms([e for _, e in warm])} | {ms([w for w, _ in warm])} "
        "| 1,000 |"
    )
    print(
        f"| filter change: KPIs + 5 charts (ms, median / worst of {len(changes)}) | {ms([e for _, e in changes])} "
        f"| {ms([w for w, _ in changes])} | 100 (engine) |"
    )
    if args.calls:
        names = sorted({n for c in calls for n in c}, key=lambda n: -sum(c.get(n, 0.0) for c in calls))
        print("\n| filter change | " + " | ".join(names) + " | engine |")
        print("|---|" + "---:|" * (len(names) + 1))
        for i, (c, (_, engine)) in enumerate(zip(calls, changes), 1):
            cells = " | ".join(f"{c.get(n, 0.0) * 1000:,.1f}" for n in names)
            print(f"| {i} | {cells} | {engine * 1000:,.1f} |")
    print(f"\nData: {work}")


if __name__ == "__main__":
    main()
