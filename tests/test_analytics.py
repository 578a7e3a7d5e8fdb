"""Analytics from Python, checked against pandas and polars computations on ``ws.line_items()``."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import finops
from conftest import FIXTURES


def close(a: object, b: float) -> bool:
    assert isinstance(a, (int, float)), a
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> finops.Workspace:
    """Two months of generated AWS, Azure and GCP exports (USD and EUR)."""
    root = tmp_path_factory.mktemp("analytics")
    finops.generate_sample(root / "exports", seed=3, months=2, accounts=2, scale=0.3, anomalies=1)
    ws = finops.Workspace(root / "finops.db")
    ws.ingest(root / "exports", progress=False)
    return ws


def usd_items(ws: finops.Workspace) -> pd.DataFrame:
    return ws.line_items(currency="USD").to_pandas()


def as_dict(df: pl.DataFrame) -> dict[str, float]:
    return dict(zip(df["name"].to_list(), df["cost"].to_list()))


def assert_same(actual: dict[str, float], expected: dict[str, float]) -> None:
    assert sorted(actual) == sorted(expected)
    for key, value in expected.items():
        assert close(actual[key], value), (key, actual[key], value)


def test_ranking_matches_a_pandas_groupby(sample: finops.Workspace) -> None:
    expected = usd_items(sample).groupby("ServiceName")["EffectiveCost"].sum()
    everything = sample.ranking(by="service", top_n=None, currency="USD")
    assert everything.schema == pl.Schema({"rank": pl.UInt32, "name": pl.String, "cost": pl.Float64})
    assert_same(as_dict(everything), expected.to_dict())
    top = sample.ranking(by="service", top_n=3, currency="USD")
    ordered = expected.sort_values(ascending=False)
    assert top["name"].to_list() == [*ordered.index[:3], "Other"]
    assert close(top["cost"][3], ordered.iloc[3:].sum())


def test_distribution_shares_sum_to_100(sample: finops.Workspace) -> None:
    items = usd_items(sample)
    df = sample.distribution(by="region", top_n=4, currency="USD", metric="billed")
    assert close(df["share_pct"].sum(), 100.0)
    total = items["BilledCost"].sum()
    by_region = items.fillna({"RegionId": "(none)"}).groupby("RegionId")["BilledCost"].sum()
    top = by_region.sort_values(ascending=False)
    assert close(df["share_pct"][0], top.iloc[0] / total * 100)


def test_monthly_matches_polars_by_month(sample: finops.Workspace) -> None:
    items = sample.line_items(currency="EUR")
    expected = (
        items.group_by(pl.col("ChargePeriodStart").dt.date().dt.month_start().alias("month"), "ServiceName")
        .agg(pl.col("EffectiveCost").sum())
        .rows()
    )
    monthly = sample.monthly(by="service", currency="EUR")
    assert monthly.schema == pl.Schema({"month": pl.Date, "name": pl.String, "cost": pl.Float64})
    actual = {(m, n): c for m, n, c in monthly.rows()}
    assert len(actual) == len(expected)
    for month, name, cost in expected:
        assert close(actual[(month, name)], cost)


def test_stacked_monthly_is_a_full_grid(sample: finops.Workspace) -> None:
    df = sample.stacked_monthly(by="sub_account", top_n=2, currency="USD")
    months = df["month"].unique().sort().to_list()
    assert len(months) == 2
    # USD: two AWS accounts and two GCP projects, so the top 2 and Other, in each month.
    assert df.height == 2 * 3
    per_month = usd_items(sample).assign(month=lambda d: d["ChargePeriodStart"].dt.tz_localize(None).dt.to_period("M"))
    expected = per_month.groupby("month")["EffectiveCost"].sum().to_list()
    actual = df.group_by("month").agg(pl.col("cost").sum()).sort("month")["cost"].to_list()
    assert all(close(a, e) for a, e in zip(actual, expected))


def test_kpis_match_a_pandas_daily_series(sample: finops.Workspace) -> None:
    start, end = dt.date(2025, 2, 3), dt.date(2025, 2, 16)
    k = sample.kpis(currency="USD", start=start, end=end)
    items = usd_items(sample)
    day = items["ChargePeriodStart"].dt.date
    daily = items.groupby(day)["EffectiveCost"].sum()
    window = daily[(daily.index >= start) & (daily.index <= end)]
    before = daily[(daily.index >= start - dt.timedelta(days=14)) & (daily.index < start)]
    assert (k.start, k.end, k.days, k.currency, k.metric) == (start, end, 14, "USD", "effective")
    assert close(k.total, window.sum())
    assert close(k.daily_average, window.sum() / 14)
    assert k.max_day == (window.idxmax(), pytest.approx(window.max()))
    assert k.min_day == (window.idxmin(), pytest.approx(window.min()))
    assert close(k.previous_total, before.sum())
    assert close(k.change_pct or 0.0, (window.sum() - before.sum()) / abs(before.sum()) * 100)
    assert close(k.month_to_date, daily[(daily.index >= dt.date(2025, 2, 1)) & (daily.index <= end)].sum())
    assert close(k.last_month, daily[(daily.index >= dt.date(2025, 1, 1)) & (daily.index < dt.date(2025, 2, 1))].sum())
    assert "total" in repr(k) and "Daily average" in k._repr_html_()


def test_daily_is_zero_filled(sample: finops.Workspace) -> None:
    df = sample.daily(currency="USD", start="2024-12-30", end="2025-01-02")
    assert df["date"].to_list() == [dt.date(2024, 12, 30) + dt.timedelta(days=i) for i in range(4)]
    assert df["cost"][:2].to_list() == [0.0, 0.0]
    assert df["cost"][2] > 0


def team(tags: object) -> str:
    """The team tag of a Tags JSON: the generator writes `Team`, `team` and AWS's `user:` prefixed forms, all one
    key."""
    pairs = json.loads(tags) if isinstance(tags, str) else {}
    keys = sorted(k for k in pairs if k.removeprefix("user:").lower() == "team")
    return str(pairs[keys[0]]) if keys else "(untagged)"


def test_tag_ranking_folds_key_spellings(sample: finops.Workspace) -> None:
    items = usd_items(sample)
    expected = items.assign(team=items["Tags"].map(team)).groupby("team")["EffectiveCost"].sum()
    assert_same(as_dict(sample.ranking(by="tag:Team", top_n=None, currency="USD")), expected.to_dict())


def test_cost_per_unit_from_usage_rows(sample: finops.Workspace) -> None:
    items = usd_items(sample)
    usage = items[(items["ChargeCategory"] == "Usage") & items["PricingUnit"].notna()]
    grouped = usage.groupby(["ServiceName", "PricingUnit"])[["EffectiveCost", "PricingQuantity"]].sum()
    grouped = grouped[grouped["PricingQuantity"] > 0]
    df = sample.cost_per_unit(currency="USD")
    assert df.columns == ["service", "pricing_unit", "quantity", "cost", "unit_cost"]
    assert df.height == len(grouped)
    for service, unit, quantity, cost, unit_cost in df.rows():
        row = grouped.loc[(service, unit)]
        assert close(quantity, row["PricingQuantity"]) and close(cost, row["EffectiveCost"])
        assert close(unit_cost, cost / quantity)


def test_two_currencies_are_never_added(sample: finops.Workspace) -> None:
    with pytest.raises(finops.CurrencyError, match="EUR, USD"):
        sample.kpis()
    with pytest.raises(ValueError):
        sample.ranking(by="provider")
    usd = sample.kpis(currency="USD").total
    eur = sample.kpis(currency="EUR").total
    converted = sample.kpis(currency="USD", rates={"EUR": 1.25})
    assert close(converted.total, usd + 1.25 * eur)
    with pytest.raises(finops.CurrencyError, match="GBP"):
        sample.kpis(currency="GBP", rates={"EUR": 0.8})


def test_filter_presets_and_arguments() -> None:
    f = finops.Filter(preset="last_month", today=dt.date(2024, 3, 15))
    assert (f.start, f.end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    # FOCUS column names are accepted too (the stubs list the short names).
    f = finops.Filter(last_days=7, today="2024-03-15", metric="ListCost")  # type: ignore[arg-type]
    assert (f.start, f.end, f.metric) == (dt.date(2024, 3, 9), dt.date(2024, 3, 15), "list")
    assert finops.Filter(preset="month_to_date").end == dt.datetime.now(dt.timezone.utc).date()
    for bad in [
        {"preset": "yesterday"},
        {"preset": "this_month", "start": "2024-01-01"},
        {"preset": "this_month", "last_days": 3},
        {"last_days": 0},
        {"metric": "amortized"},
    ]:
        with pytest.raises(ValueError):
            finops.Filter(**bad)  # type: ignore[arg-type]


def test_results_follow_new_imports(ws: finops.Workspace) -> None:
    ws.ingest(FIXTURES / "oci", progress=False)
    first = ws.kpis().total
    assert ws.kpis().total == first
    assert ws.cache_stats()["hits"] == 1
    ws.ingest(FIXTURES / "focus" / "focus10_official_sample_1000_multicloud.csv", progress=False)
    items = ws.line_items().to_pandas()
    assert close(ws.kpis().total, items["EffectiveCost"].sum())
    assert ws.kpis().total != first


def test_resource_filter_reads_line_items(ws: finops.Workspace) -> None:
    path = FIXTURES / "focus" / "focus10_official_sample_1000_multicloud.csv"
    ws.ingest(path, progress=False)
    items = ws.line_items().to_pandas()
    resources = items["ResourceId"].dropna().unique()[:3].tolist()
    expected = items[items["ResourceId"].isin(resources)]["EffectiveCost"].sum()
    assert close(ws.kpis(resource_ids=resources).total, expected)


def test_unknown_dimension_is_a_value_error(tmp_path: Path) -> None:
    ws = finops.Workspace(tmp_path / "empty.db")
    with pytest.raises(finops.InvalidArgumentError):
        ws.ranking(by="colour")
    assert ws.kpis().total == 0.0 and ws.kpis().start is None
    assert ws.daily().height == 0


def test_option_lists_come_from_the_engine_and_match_the_line_items(sample: finops.Workspace) -> None:
    items = sample.line_items().to_pandas()
    assert sample.dimension_values("service") == sorted(items["ServiceName"].unique())
    assert sample.currencies() == sorted(items["BillingCurrency"].unique())
    usd = items[items["BillingCurrency"] == "USD"]
    assert sample.dimension_values("provider", currency="USD") == sorted(usd["ProviderName"].unique())
    aws = items[items["ProviderName"] == "AWS"]
    regions = set(aws["RegionId"].dropna()) | ({"(none)"} if aws["RegionId"].isna().any() else set())
    assert sample.dimension_values("region", providers=["aws"]) == sorted(regions)
    data_range = sample.data_range()
    assert data_range is not None
    first, last = data_range
    assert (first, last) == (items["ChargePeriodStart"].min().date(), items["ChargePeriodStart"].max().date())
    raw_keys = {key for tags in items["Tags"].dropna() for key in json.loads(tags)}
    # Keys are normalized (`CostCenter`, `cost-center` -> `cost_center`), so there are at most as many.
    assert "team" in sample.tag_keys() and len(sample.tag_keys()) <= len(raw_keys)
    assert sample.dimension_values("tag:team") == sorted(set(items["Tags"].map(team)))
