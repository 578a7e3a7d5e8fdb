"""Charts from Python are plotly figures drawn from the analytics results (same numbers, same order)."""

from __future__ import annotations

import math

import plotly.graph_objects as go

import finops
from conftest import FIXTURES


def test_ranking_chart_matches_the_ranking_table(ws: finops.Workspace) -> None:
    ws.ingest(FIXTURES / "focus" / "focus10_official_sample_1000_multicloud.csv", progress=False)
    table = ws.ranking(by="service", top_n=5)
    fig = ws.charts.ranking(by="service", top_n=5)
    assert isinstance(fig, go.Figure)
    bar = fig.data[0]
    # Most expensive on top: plotly draws the first bar at the bottom, so the figure lists them reversed.
    assert list(bar.y) == list(reversed(table["name"].to_list()))
    assert all(math.isclose(a, b) for a, b in zip(bar.x, reversed(table["cost"].to_list())))
    assert "USD" in bar.text[-1]


def test_every_panel_builds(ws: finops.Workspace) -> None:
    ws.ingest(FIXTURES / "focus" / "focus10_official_sample_1000_multicloud.csv", progress=False)
    stacked = ws.charts.stacked_monthly(by="provider", top_n=2)
    assert stacked.layout.barmode == "stack"
    assert {t.name for t in stacked.data} == set(ws.stacked_monthly(by="provider", top_n=2)["name"].to_list())
    donut = ws.charts.distribution(by="provider")
    assert donut.data[0].hole == 0.5
    assert math.isclose(sum(donut.data[0].values), ws.kpis().total)
    daily = ws.charts.daily()
    assert math.isclose(sum(daily.data[0].y), ws.kpis().total)
    assert len(ws.charts.monthly(by="provider").data) == 3


def test_kpi_cards_render_as_html(ws: finops.Workspace) -> None:
    ws.ingest(FIXTURES / "aws" / "cur_legacy_anonymized_2023-11_focus_converters.csv", progress=False)
    html = ws.kpis()._repr_html_()
    assert "Daily average" in html and "USD" in html and "Month to date" in html
