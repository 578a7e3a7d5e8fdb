"""Every result names its table the same way (``to_polars()``, ``to_pandas()``) and every percentage ``*_pct``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import finops


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("results")
    finops.generate_sample(root / "exports", seed=3, months=3, accounts=2, scale=0.3, anomalies=2)
    ws = finops.Workspace(root / "finops.db")
    ws.ingest(root / "exports", progress=False)
    usd: finops.FilterArgs = {"currency": "USD"}
    return {
        "events": ws.anomalies(**usd),
        "forecast": ws.forecast(horizon=14, **usd),
        "insights": ws.insights(**usd),
        "recommendations": ws.recommendations(),
        "distribution": ws.distribution(**usd),
    }


TABLES = {"events": "events", "forecast": "frame", "insights": "frame", "recommendations": "frame"}


@pytest.mark.parametrize("name", TABLES)
def test_to_polars_and_to_pandas_are_the_table(results: dict[str, object], name: str) -> None:
    result = results[name]
    table = getattr(result, TABLES[name])
    assert isinstance(table, pl.DataFrame) and table.height > 0, name
    assert result.to_polars().equals(table)  # type: ignore[attr-defined]
    frame = result.to_pandas()  # type: ignore[attr-defined]
    assert list(frame.columns) == table.columns and len(frame) == table.height


def test_every_percentage_is_named_pct(results: dict[str, object], tmp_path: Path) -> None:
    anomalies = results["events"]
    insights = results["insights"]
    tables = [
        anomalies.events,  # type: ignore[attr-defined]
        anomalies.root_causes,  # type: ignore[attr-defined]
        insights.drivers,  # type: ignore[attr-defined]
        *insights.tables,  # type: ignore[attr-defined]
        results["distribution"],
    ]
    columns = {c for t in tables for c in t.columns}
    assert {"impact_pct", "top_cause_share_pct", "share_pct", "change_pct", "share_of_change_pct"} <= columns
    assert not [c for c in columns if "percent" in c or c == "share" or c.endswith("_share")]
