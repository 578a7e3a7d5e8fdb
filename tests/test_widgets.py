"""``finops.widgets.dashboard``, kept for code written against it: the dashboard app, whose every control change
redraws the KPI cards with the filter the controls say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import finops
from finops.widgets import dashboard


class Spy:
    """The workspace, recording the filters the dashboard asks KPIs for."""

    def __init__(self, ws: finops.Workspace) -> None:
        self._ws = ws
        self.kpi_filters: list[dict[str, Any]] = []
        self.kpis_seen: list[finops.Kpis] = []

    def kpis(self, **f: Any) -> finops.Kpis:
        self.kpi_filters.append(f)
        kpis = self._ws.kpis(**f)
        self.kpis_seen.append(kpis)
        return kpis

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ws, name)


def test_changing_a_control_redraws_with_its_filter(ws: finops.Workspace, tmp_path: Path) -> None:
    csv = tmp_path / "costs.csv"
    csv.write_text(
        "date,service,cost,account\n2025-01-01,Compute,100,acme\n2025-01-02,Compute,50,acme\n"
        "2025-01-02,Storage,30,acme\n"
    )
    ws.ingest(csv, progress=False)
    spy = Spy(ws)
    app = dashboard(spy, by="region", top_n=3)  # type: ignore[arg-type]
    assert (app.analytics.by.value, app.analytics.top_n.value) == ("region", 3)
    filters = app.filters
    # The first draw covers the whole data: 100 + 50 + 30.
    assert spy.kpi_filters[-1]["currency"] == "USD"
    assert spy.kpis_seen[-1].total == pytest.approx(180.0)
    filters.lists["services"].value = ("Storage",)
    assert spy.kpi_filters[-1]["services"] == ["Storage"]
    assert spy.kpis_seen[-1].total == pytest.approx(30.0)
    filters.metric.value = "billed"
    assert spy.kpi_filters[-1]["metric"] == "billed"
    filters.lists["services"].value = ()
    filters.start.value = filters.end.value  # the last day only: 50 + 30
    assert spy.kpis_seen[-1].total == pytest.approx(80.0)
