"""Anomaly detection from Python, on hand-built billing files whose answer is known by construction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import finops

START = dt.date(2025, 1, 1)
SPIKE_DAY = 50  # 2025-02-20
SPIKE = 600.0


def write_costs(path: Path, days: int = 70) -> Path:
    """Compute costs 100/day in us-east-1 and 20/day in eu-west-1 (2 regions), Storage 20/day; on one day
    Compute in us-east-1 costs 600 more. A simple CSV: date, service, cost, account, region."""
    rows = ["date,service,cost,account,region"]
    for i in range(days):
        day = START + dt.timedelta(days=i)
        rows.append(f"{day},Compute,{80 + (SPIKE if i == SPIKE_DAY else 0)},acme,us-east-1")
        rows.append(f"{day},Compute,20,acme,eu-west-1")
        rows.append(f"{day},Storage,20,acme,us-east-1")
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def spiky(ws: finops.Workspace, tmp_path: Path) -> finops.Workspace:
    ws.ingest(write_costs(tmp_path / "costs.csv"), progress=False)
    return ws


def test_a_spike_is_one_event_per_series_with_its_known_impact(spiky: finops.Workspace) -> None:
    found = spiky.anomalies(by=["service"])
    events = found.events
    assert found.currency == "USD"
    assert set(events["segment"].to_list()) == {"total", "service=Compute"}
    compute = events.filter(segment="service=Compute").row(0, named=True)
    day = START + dt.timedelta(days=SPIKE_DAY)
    assert (compute["kind"], compute["start"], compute["end"], compute["days"]) == ("spike", day, day, 1)
    # Compute normally costs 100 a day; that day it cost 700.
    assert compute["expected"] == pytest.approx(100.0)
    assert compute["actual"] == pytest.approx(700.0)
    assert compute["total_impact"] == pytest.approx(SPIKE)
    assert compute["impact_pct"] == pytest.approx(600.0)
    # All of it came from us-east-1.
    causes = found.root_causes.filter(segment="service=Compute", dimension="region")
    top = causes.sort("rank").row(0, named=True)
    assert (top["value"], top["contribution"]) == ("us-east-1", pytest.approx(SPIKE))
    assert compute["top_cause"] == "region=us-east-1"
    assert "service=Storage" in found.segments and len(found) == 2


def test_gates_and_sensitivity_decide(spiky: finops.Workspace) -> None:
    assert len(spiky.anomalies(by=["service"], min_impact=601, min_impact_days=None)) == 0  # the impact is 600
    # On a series too small for the absolute gate, `min_impact_days` normal days suffice: 600 is 6 of
    # Compute's days (100) but only 5 of the total's (120).
    relative = spiky.anomalies(by=["service"], min_impact=10_000, min_impact_days=6)
    assert relative.events["segment"].to_list() == ["service=Compute"]
    assert len(spiky.anomalies(by=["service"], min_impact=10_000, min_impact_days=6.01)) == 0
    assert len(spiky.anomalies(by=["service"], min_pct=601)) == 0  # 600% of expected
    assert len(spiky.anomalies(by=["service"], min_impact=599, min_pct=599)) == 1  # only Compute's
    # The total normally costs 80 + 20 + 20 = 120: the spike is 500% of it, 600% of Compute's 100.
    assert len(spiky.anomalies(by=["service"], min_pct=499)) == 2
    assert spiky.anomalies(by=["service"], min_pct=501).events["segment"].to_list() == ["service=Compute"]
    assert len(spiky.anomalies(by=["service"], include_total=False)) == 1
    assert len(spiky.anomalies(by=["service"], sensitivity="low")) == 2
    with pytest.raises(ValueError, match="sensitivity"):
        spiky.anomalies(sensitivity="paranoid")  # type: ignore[arg-type]  # refused at run time
    with pytest.raises(ValueError):
        spiky.anomalies(by=["no_such_dimension"])


def test_the_series_and_chart_show_the_band_and_the_spike(spiky: finops.Workspace) -> None:
    found = spiky.anomalies(by=["service"])
    series = found.series("service=Compute")
    assert series.columns == ["date", "actual", "expected", "lower", "upper", "anomalous"]
    assert series.height == 70
    flagged = series.filter("anomalous")["date"].to_list()
    assert flagged == [START + dt.timedelta(days=SPIKE_DAY)]
    fig = found.chart("service=Compute")
    traces = {t.name: t for t in fig.data}
    assert {"normal range", "expected", "actual", "anomaly"} <= set(traces)
    assert list(traces["anomaly"].x) == ["2025-02-20"]
    assert list(traces["anomaly"].y) == [700.0]
    assert "service=Compute" in json.dumps(fig.layout.title.text)
    with pytest.raises(ValueError, match="no series"):
        found.chart("service=Nothing")


def test_a_false_alarm_stays_dismissed_across_sessions(spiky: finops.Workspace, tmp_path: Path) -> None:
    found = spiky.anomalies(by=["service"])
    index = found.events["segment"].to_list().index("service=Compute")
    found.feedback(index, "false_alarm", note="load test")
    with pytest.raises(ValueError, match="feedback"):
        found.feedback(index, "maybe")  # type: ignore[arg-type]  # refused at run time
    with pytest.raises(IndexError):
        found.feedback(99, "confirmed")
    reopened = finops.Workspace(tmp_path / "finops.db")
    assert reopened.anomalies(by=["service"]).events["segment"].to_list() == ["total"]
    everything = reopened.anomalies(by=["service"], apply_feedback=False)
    assert len(everything) == 2


def test_currencies_are_never_mixed(ws: finops.Workspace, tmp_path: Path) -> None:
    path = write_costs(tmp_path / "costs.csv")
    eur = tmp_path / "eur.csv"
    eur.write_text("date,service,cost,account,region,currency\n2025-01-10,Compute,50,emea,eu-west-1,EUR\n")
    ws.ingest(path, progress=False)
    ws.ingest(eur, progress=False)
    with pytest.raises(finops.CurrencyError):
        ws.anomalies()
    assert len(ws.anomalies(currency="USD", by=["service"])) == 2


def test_events_have_stable_ids_for_feedback_whatever_the_order(spiky: finops.Workspace, tmp_path: Path) -> None:
    found = spiky.anomalies(by=["service"])
    spike = START + dt.timedelta(days=SPIKE_DAY)
    # The id is the segment and the first day: the same however the table is sorted or filtered.
    assert set(found.events["id"].to_list()) == {f"service=Compute@{spike}", f"total@{spike}"}
    reversed_events = found.events.sort("segment", descending=True)
    compute_id = reversed_events.filter(reversed_events["segment"] == "service=Compute")["id"][0]
    spiky.anomaly_feedback(compute_id, "planned", note="migration")
    with pytest.raises(finops.InvalidArgumentError, match="no anomaly"):
        spiky.anomaly_feedback(f"service=Storage@{spike}", "confirmed")
    # A new session knows the id from the database.
    reopened = finops.Workspace(tmp_path / "finops.db")
    assert reopened.anomalies(by=["service"]).events["segment"].to_list() == ["total"]
    reopened.anomaly_feedback(compute_id, "confirmed")
    confirmed = reopened.anomalies(by=["service"])
    assert confirmed.events.filter(confirmed.events["id"] == compute_id)["feedback"].to_list() == ["confirmed"]
    confirmed.feedback(f"total@{spike}", "false_alarm")
    assert finops.Workspace(tmp_path / "finops.db").anomalies(by=["service"]).events["id"].to_list() == [compute_id]
