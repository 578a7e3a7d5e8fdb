"""finops.spark: Spark aggregates FOCUS and CUR 2.0 Parquet, finops' engine models. The same data gives the same
numbers, to the cent, through Spark as through finops' own import into SQLite. One local[2] session for the
module (Spark takes tens of seconds to start), few tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import finops
import finops.spark
from conftest import FIXTURES

pyspark = pytest.importorskip("pyspark", reason="pyspark is installed by requirements-dev.txt")
CENT = 0.005


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("finops-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def focus_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three months of generated FOCUS exports (AWS, Azure, GCP; USD and EUR; anomalies), as Parquet files."""
    root = tmp_path_factory.mktemp("spark")
    finops.generate_sample(root / "csv", seed=5, months=3, accounts=2, scale=0.3, anomalies=3, formats=["focus"])
    out = root / "parquet"
    out.mkdir()
    for csv in sorted((root / "csv").rglob("*.csv")):
        pl.read_csv(csv, infer_schema_length=0).write_parquet(out / f"{csv.stem}.parquet")
    return out


def close(a: float, b: float) -> bool:
    return abs(a - b) < CENT


def by_name(frame: pl.DataFrame, key: str = "name") -> dict[str, float]:
    return dict(zip(frame[key].to_list(), frame["cost"].to_list()))


def test_spark_and_sqlite_give_the_same_panels_and_models(spark: Any, focus_parquet: Path, tmp_path: Path) -> None:
    local = finops.Workspace(tmp_path / "finops.db")
    local.ingest(focus_parquet, progress=False)
    costs = finops.spark.read(spark, str(focus_parquet))
    remote = finops.spark.workspace(costs)
    assert local.currencies() == remote.currencies() == ["EUR", "USD"]
    assert local.data_range() == remote.data_range()
    assert local.tag_keys() == remote.tag_keys()
    for currency in ("USD", "EUR"):
        a, b = local.kpis(currency=currency), remote.kpis(currency=currency)
        for field in ("total", "daily_average", "previous_total", "month_to_date", "last_month"):
            assert close(getattr(a, field), getattr(b, field)), (currency, field)
        for by in ("service", "sub_account", "region", "tag:team"):
            ra, rb = (
                by_name(local.ranking(by=by, top_n=None, currency=currency)),
                by_name(remote.ranking(by=by, top_n=None, currency=currency)),
            )
            assert ra.keys() == rb.keys() and all(close(ra[k], rb[k]) for k in ra), (currency, by)
        ma, mb = local.monthly(by="provider", currency=currency), remote.monthly(by="provider", currency=currency)
        assert ma["month"].to_list() == mb["month"].to_list() and ma["name"].to_list() == mb["name"].to_list()
        assert all(close(x, y) for x, y in zip(ma["cost"], mb["cost"]))
        da, db = local.daily(currency=currency), remote.daily(currency=currency)
        assert all(close(x, y) for x, y in zip(da["cost"], db["cost"])) and da.height == db.height
        # The models see the same daily series: the same events and forecasts.
        ea, eb = local.anomalies(currency=currency).events, remote.anomalies(currency=currency).events
        assert ea["id"].to_list() == eb["id"].to_list()
        assert all(close(x, y) for x, y in zip(ea["total_impact"], eb["total_impact"]))
        fa, fb = local.forecast(currency=currency), remote.forecast(currency=currency)
        assert all(close(x, y) for x, y in zip(fa.frame["value"], fb.frame["value"]))
        ia, ib = local.insights(currency=currency), remote.insights(currency=currency)
        assert (ia.current, ia.previous) == (ib.current, ib.previous)
        assert close(ia.current_total, ib.current_total) and close(ia.previous_total, ib.previous_total)
        sa, sb = (d.filter((d["dimension"] == "service") & (d["level"] == 1)) for d in (ia.drivers, ib.drivers))
        assert sa["name"].to_list() == sb["name"].to_list()
        assert all(close(x, y) for x, y in zip(sa["change"], sb["change"]))
    # Spark filters the period before aggregating; the engine applies the rest.
    march = finops.spark.workspace(costs, start="2025-03-01", end="2025-03-31")
    assert march.data_range() == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert close(
        march.kpis(currency="USD").total, local.kpis(currency="USD", start="2025-03-01", end="2025-03-31").total
    )


def test_cur2_parquet_maps_like_the_import(spark: Any, tmp_path: Path) -> None:
    path = FIXTURES / "aws" / "cur2_toy_10rows_cur-anon.parquet"
    local = finops.Workspace(tmp_path / "finops.db")
    local.ingest(path, progress=False)
    remote = finops.spark.workspace(finops.spark.read(spark, str(path)))
    for currency in local.currencies():
        for metric in ("billed", "effective", "list"):
            a = local.kpis(currency=currency, metric=metric).total
            assert close(a, remote.kpis(currency=currency, metric=metric).total), (currency, metric)
        ra = by_name(local.ranking(by="service", top_n=None, currency=currency))
        rb = by_name(remote.ranking(by="service", top_n=None, currency=currency))
        assert ra.keys() == rb.keys() and all(close(ra[k], rb[k]) for k in ra)


def test_an_aggregate_has_no_line_items_and_says_so(spark: Any, focus_parquet: Path, tmp_path: Path) -> None:
    remote = finops.spark.workspace(finops.spark.read(spark, str(focus_parquet)))
    for call in (
        lambda: remote.recommendations(),
        lambda: remote.line_items(),
        lambda: remote.ingest(focus_parquet, progress=False),
        lambda: remote.kpis(currency="USD", resource_ids=["i-1"]),
    ):
        with pytest.raises(finops.NotAvailableError, match="daily aggregate"):
            call()
    other = tmp_path / "other.parquet"
    pl.DataFrame({"date": ["2025-01-01"], "amount": [1.0]}).write_parquet(other)
    with pytest.raises(finops.UnknownFormatError, match="neither FOCUS nor AWS CUR 2.0"):
        finops.spark.read(spark, str(other))
