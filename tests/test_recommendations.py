"""Recommendations from Python on a FOCUS file whose savings are worked out by hand (in the comments)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import plotly.graph_objects as go
import pytest

import finops

HEADER = (
    "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ProviderName,"
    "BillingAccountId,SubAccountId,ServiceName,RegionId,ResourceId,SkuMeter,PricingUnit,PricingQuantity"
)
DAYS_PER_MONTH = 365.25 / 12


@pytest.fixture
def costs(tmp_path: Path) -> Path:
    """60 days of a gp2 volume at 2.00 a day and an idle address at 0.12 a day (24 h × $0.005), untagged."""
    rows = [HEADER]
    for n in range(60):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n)
        nxt = day + dt.timedelta(days=1)
        span = f"{day}T00:00:00Z,{nxt}T00:00:00Z"
        rows.append(
            f"{span},2,2,USD,Usage,AWS,payer,111,Amazon Elastic Compute Cloud,us-east-1,vol-1,EBS:VolumeUsage.gp2,GB-Month,0.66"
        )
        rows.append(
            f"{span},0.12,0.12,USD,Usage,AWS,payer,111,Amazon Virtual Private Cloud,us-east-1,eipalloc-1,PublicIPv4:IdleAddress,Hrs,24"
        )
    path = tmp_path / "focus.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def recs_ws(ws: finops.Workspace, costs: Path) -> finops.Workspace:
    ws.ingest(costs, progress=False)
    return ws


def test_each_saving_matches_its_published_price_ratio(recs_ws: finops.Workspace) -> None:
    recs = recs_ws.recommendations()
    frame = recs.frame
    assert sorted(frame["rule"].to_list()) == ["gp2-to-gp3", "idle-address", "untagged-spend"]
    by_rule = {r["rule"]: r for r in frame.iter_rows(named=True)}
    # Nothing is tagged: all 2.12 a day is unallocated, stated as a cost with no saving claimed.
    untagged = by_rule["untagged-spend"]
    assert (untagged["monthly_cost"], untagged["monthly_saving"]) == pytest.approx((2.12 * DAYS_PER_MONTH, 0.0))
    # gp2 → gp3 is 20% cheaper: 2.00 a day is 60.875 a month, 12.175 saved.
    gp2 = by_rule["gp2-to-gp3"]
    assert gp2["monthly_cost"] == pytest.approx(2.0 * DAYS_PER_MONTH)
    assert gp2["monthly_saving"] == pytest.approx(0.2 * 2.0 * DAYS_PER_MONTH)
    assert (gp2["resource"], gp2["confidence"]) == ("vol-1", "high")
    # An idle address saves its whole cost: 0.12 a day.
    assert by_rule["idle-address"]["monthly_saving"] == pytest.approx(0.12 * DAYS_PER_MONTH)
    assert recs.total_saving == pytest.approx({"USD": (0.4 + 0.12) * DAYS_PER_MONTH})
    assert recs.overlap_saving == {}  # one rule per resource: nothing counted twice
    evidence = recs.evidence(gp2["id"])
    assert evidence["resource_id"].to_list() == ["vol-1"]
    assert evidence["cost"].sum() == pytest.approx(120.0)
    assert recs.commitment(gp2["id"]) is None
    assert isinstance(recs.chart(), go.Figure)
    assert "Estimated saving" in recs._repr_html_()


def test_a_dismissal_lasts_across_sessions_and_can_be_undone(recs_ws: finops.Workspace, tmp_path: Path) -> None:
    gp2 = recs_ws.recommendations(rules=["gp2-to-gp3"]).ids[0]
    recs_ws.dismiss_recommendation(gp2, "migrating next quarter")
    again = finops.Workspace(tmp_path / "finops.db")
    assert sorted(again.recommendations().frame["rule"].to_list()) == ["idle-address", "untagged-spend"]
    listed = again.recommendations(include_dismissed=True).frame
    assert listed.filter(id=gp2)["dismissed"].to_list() == [True]
    assert again.restore_recommendation(gp2) is True
    assert again.restore_recommendation(gp2) is False
    assert len(again.recommendations()) == 3


def test_bad_arguments_say_what_is_allowed(recs_ws: finops.Workspace) -> None:
    with pytest.raises(ValueError, match='unknown rule "gp2".*gp2-to-gp3'):
        recs_ws.recommendations(rules=["gp2"])
    with pytest.raises(ValueError, match="not a recommendation id"):
        recs_ws.dismiss_recommendation("nonsense")
