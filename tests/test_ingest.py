"""Ingest from Python: totals checked against sums computed here with the csv module."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pytest

import finops
from conftest import FIXTURES, read_csv


def close(a: object, b: float) -> bool:
    assert isinstance(a, (int, float)), a
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_aws_cur_totals_match_the_source(ws: finops.Workspace) -> None:
    path = FIXTURES / "aws" / "cur_legacy_anonymized_2023-11_focus_converters.csv"
    rows = read_csv(path)
    report = ws.ingest(path, progress=False)
    assert report.rows_stored == len(rows)
    (file,) = report.files
    assert file.status == "imported"
    assert file.format == "AWS CUR (legacy)"
    df = ws.line_items()
    assert isinstance(df, pl.DataFrame)
    expected = sum(float(r["lineItem/UnblendedCost"] or 0) for r in rows)
    assert close(df["BilledCost"].sum(), expected)
    assert close(float(dict(file.billed_cost)["USD"]), expected)
    assert set(df["ServiceName"].unique()) == {r["product/ProductName"] for r in rows}


def test_gcp_effective_cost_includes_credits(ws: finops.Workspace) -> None:
    path = FIXTURES / "gcp" / "gcp_bq_export_2020-10_koku_tmp_example.csv"
    rows = read_csv(path)
    ws.ingest(path, progress=False)
    df = ws.line_items()
    cost = sum(float(r["cost"]) for r in rows)
    credits = sum(c["amount"] for r in rows for c in json.loads(r["credits"] or "[]"))
    assert close(df["BilledCost"].sum(), cost)
    assert close(df["EffectiveCost"].sum(), cost + credits)


def test_reimport_is_a_no_op_and_the_ledger_says_so(ws: finops.Workspace) -> None:
    path = FIXTURES / "focus" / "focus10_official_sample_1000_multicloud.csv"
    ws.ingest(path, progress=False)
    again = ws.ingest(path, progress=False)
    assert again.files[0].status == "already_imported"
    assert "already imported" in repr(again)
    assert ws.line_items().height == 1000
    ledger = ws.imports()
    assert ledger.height == 1
    assert ledger["rows_current"][0] == 1000


def test_filters_as_keywords_or_filter_object(ws: finops.Workspace) -> None:
    path = FIXTURES / "focus" / "focus10_official_sample_1000_multicloud.csv"
    rows = read_csv(path)
    ws.ingest(path, progress=False)
    azure = sum(float(r["BilledCost"]) for r in rows if r["ProviderName"] == "Microsoft")
    assert close(ws.line_items(providers=["Microsoft"])["BilledCost"].sum(), azure)
    assert close(ws.line_items(finops.Filter(providers=["azure"]))["BilledCost"].sum(), azure)
    with pytest.raises(ValueError):
        finops.Filter(charge_categories=["Refund"])


def test_keywords_override_the_filter_they_come_with(ws: finops.Workspace) -> None:
    path = FIXTURES / "focus" / "focus10_official_sample_1000_multicloud.csv"
    rows = read_csv(path)
    ws.ingest(path, progress=False)

    def billed(provider: str, service: str | None = None) -> float:
        return sum(
            float(r["BilledCost"])
            for r in rows
            if r["ProviderName"] == provider and (service is None or r["ServiceName"] == service)
        )

    azure = finops.Filter(providers=["azure"], metric="billed", currency="USD")
    service = max(
        (r["ServiceName"] for r in rows if r["ProviderName"] == "Microsoft"), key=lambda s: billed("Microsoft", s)
    )
    # A keyword narrows the filter it is given with; another replaces the filter's own value.
    assert close(ws.kpis(azure, services=[service]).total, billed("Microsoft", service))
    assert close(ws.kpis(azure, providers=["aws"]).total, billed("AWS"))
    assert close(ws.kpis(azure.replace(providers=None)).total, sum(float(r["BilledCost"]) for r in rows))
    assert ws.kpis(azure, services=[service]).total == ws.kpis(azure.replace(services=[service])).total


def test_to_pandas_works(ws: finops.Workspace) -> None:
    ws.ingest(FIXTURES / "oci", progress=False)
    pdf = ws.line_items().to_pandas()
    assert len(pdf) == len(read_csv(FIXTURES / "oci" / "oci_cost_report_2023-11_focus_converters.csv"))


def test_directory_ingest_reports_every_file(ws: finops.Workspace, tmp_path: Path) -> None:
    # The FOCUS spec scenarios and opencost's Azure header variants name no currency: a default is needed.
    report = ws.ingest(FIXTURES, progress=False, default_currency="USD")
    assert len(report) >= 23
    # The hand-written fixtures rejected on purpose fail, and nothing else (with a default currency, the row of
    # oci_cost_two_currencies.csv that names none is in USD).
    rejected = {"bad_cost.csv", "oci_usage_report.csv", "simple_ragged.csv"}
    assert {Path(f.path).name for f in report.failures} == rejected
    assert "<table>" in report._repr_html_()


def test_progress_callback_is_called(ws: finops.Workspace) -> None:
    calls: list[tuple[str, int, int, int]] = []
    ws.ingest(
        FIXTURES / "aws" / "cur_legacy_anonymized_2023-11_focus_converters.csv", progress=lambda *a: calls.append(a)
    )
    assert calls and calls[-1][1] == 1281 and calls[-1][2] == calls[-1][3]
