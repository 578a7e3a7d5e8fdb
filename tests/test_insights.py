"""Insights from Python on a FOCUS file whose answer is worked out by hand (in the comments)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest

import finops

HEADER = (
    "BillingAccountId,SubAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,"
    "ChargePeriodEnd,ChargeCategory,ProviderName,ServiceName,RegionId,ResourceId,SkuMeter,PricingUnit,"
    "PricingQuantity,BilledCost,EffectiveCost,ListCost,ContractedCost"
)


def line(month: int, service: str, resource: str, meter: str, quantity: float, cost: float) -> str:
    start, end = (f"2025-0{month}-01", f"2025-0{month + 1}-01")
    day = f"2025-0{month}-10"
    return (
        f"ba,acct-1,USD,{start}T00:00:00Z,{end}T00:00:00Z,{day}T00:00:00Z,{day}T23:59:59Z,Usage,AWS,{service},"
        f"us-east-1,{resource},{meter},Hours,{quantity},{cost},{cost},{cost},{cost}"
    )


@pytest.fixture
def costs(ws: finops.Workspace, tmp_path: Path) -> finops.Workspace:
    """March → April. Compute: vm-1 100 h × 0.20 = 20 → 100 h × 0.25 = 25 (price +5); vm-2 50 h × 0.20 =
    10 → 150 h × 0.20 = 30 (volume +20). Database: 40 → 40. Cache (new in April): 15.
    Totals 70 → 110 (+40); Compute +25 (volume 20, price 5), Cache +15."""
    rows = [
        line(3, "Compute", "vm-1", "BoxUsage:m5", 100, 20),
        line(3, "Compute", "vm-2", "BoxUsage:m5", 50, 10),
        line(3, "Database", "db-1", "InstanceUsage", 200, 40),
        line(4, "Compute", "vm-1", "BoxUsage:m5", 100, 25),
        line(4, "Compute", "vm-2", "BoxUsage:m5", 150, 30),
        line(4, "Database", "db-1", "InstanceUsage", 200, 40),
        line(4, "Cache", "c-1", "NodeUsage", 300, 15),
    ]
    path = tmp_path / "focus.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    ws.ingest(path, progress=False)
    return ws


def test_the_change_its_drivers_and_their_effects_match_the_hand_computation(costs: finops.Workspace) -> None:
    i = costs.insights(month="2025-04", min_cost=1.0, anomalies=False)
    assert i.current == (dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert i.previous == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert (i.previous_total, i.current_total, i.change) == pytest.approx((70.0, 110.0, 40.0))
    services = i.drivers.filter(dimension="service", level=1)
    assert services["name"].to_list() == ["Compute", "Cache", "Database"]
    compute = services.row(0, named=True)
    assert (compute["change"], compute["volume_effect"], compute["price_effect"]) == pytest.approx((25.0, 20.0, 5.0))
    assert compute["share_of_change_pct"] == pytest.approx(62.5)
    resources = i.drivers.filter(dimension="resource", parent="Compute / BoxUsage:m5")
    assert resources["name"].to_list() == ["vm-2", "vm-1"]
    assert i.waterfall(1) == [("Compute", pytest.approx(25.0)), ("Other", pytest.approx(15.0))]


def test_insights_have_headlines_severities_and_evidence(costs: finops.Workspace) -> None:
    i = costs.insights(month="2025-04", min_cost=1.0, anomalies=False)
    frame = i.frame
    assert frame.columns == ["kind", "severity", "headline", "amount", "currency"]
    assert frame["kind"][0] == "change"
    assert "+40.00 USD" in frame["headline"][0]
    assert "Cache" in frame.filter(kind="new")["headline"][0]
    assert len(i.tables) == len(i) == frame.height
    assert all(isinstance(t, pl.DataFrame) for t in i.tables)
    assert "EffectiveCost rose" in i.summary
    assert "Top service drivers" in i._repr_html_()


def test_the_waterfall_chart_draws_each_step(costs: finops.Workspace) -> None:
    fig = costs.insights(month="2025-04", anomalies=False).chart(top_n=5)
    assert isinstance(fig, go.Figure)
    base, bars = fig.data
    # Previous 70, Compute +25 from 70, Cache +15 from 95, current 110 (Database did not move).
    assert list(bars.y) == pytest.approx([70.0, 25.0, 15.0, 110.0])
    assert list(base.y) == pytest.approx([0.0, 70.0, 95.0, 0.0])
    json.loads(fig.to_json())


def test_periods_are_given_one_way(costs: finops.Workspace) -> None:
    ranges = costs.insights(current=("2025-04-01", "2025-04-30"), previous=("2025-03-01", "2025-03-31"))
    assert ranges.change == pytest.approx(40.0)
    with pytest.raises(ValueError, match="one way"):
        costs.insights(month="2025-04", current=("2025-04-01", "2025-04-30"))
    with pytest.raises(ValueError, match="pair"):
        costs.insights(current="2025-04", previous="2025-03")  # type: ignore[arg-type]  # refused at run time
