"""Forecast, month-end projection and chat from Python, on hand-built files whose answers are known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import finops

START = dt.date(2025, 1, 1)
DAYS = 90  # 2025-01-01 .. 2025-03-31


def constant_costs(path: Path) -> Path:
    """Compute 100 a day and Storage 20 a day, every day of the first quarter of 2025, in USD."""
    rows = ["date,service,cost,account,region"]
    for i in range(DAYS):
        day = START + dt.timedelta(days=i)
        rows.append(f"{day},Compute,100,acme,us-east-1")
        rows.append(f"{day},Storage,20,acme,us-east-1")
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def steady(ws: finops.Workspace, tmp_path: Path) -> finops.Workspace:
    ws.ingest(constant_costs(tmp_path / "costs.csv"), progress=False)
    return ws


def test_a_constant_series_is_forecast_as_constant_with_tight_intervals(steady: finops.Workspace) -> None:
    forecast = steady.forecast(horizon=14)
    frame = forecast.frame
    assert frame.height == 14
    assert frame["date"].to_list() == [dt.date(2025, 4, 1) + dt.timedelta(days=i) for i in range(14)]
    assert frame["value"].to_list() == pytest.approx([120.0] * 14)
    assert (frame["lower_95"] <= frame["value"]).all() and (frame["value"] <= frame["upper_95"]).all()
    assert forecast.currency == "USD" and forecast.segments == [None]
    assert set(forecast.backtest.columns) >= {"model", "mape", "mase", "coverage_80"}
    fig = forecast.chart()
    assert any(trace.name.startswith("forecast") for trace in fig.data)


def test_horizons_and_segments(steady: finops.Workspace) -> None:
    # "1m": to the end of April, the month after the last day of data.
    assert steady.forecast(horizon="1m").frame.height == 30
    assert steady.forecast(horizon="10d").frame.height == 10
    by_service = steady.forecast(horizon=7, by="service", top_n=2)
    assert by_service.segments == ["Compute", "Storage"]
    values = {s: by_service.frame.filter(segment=s)["value"].to_list() for s in ["Compute", "Storage"]}
    assert values["Compute"] == pytest.approx([100.0] * 7)
    assert values["Storage"] == pytest.approx([20.0] * 7)
    with pytest.raises(ValueError, match="horizon"):
        steady.forecast(horizon="soon")
    with pytest.raises(ValueError, match="unknown model"):
        steady.forecast(models=["arima"])
    # Prophet is a model of finops-core's `prophet` feature, which this package is built without.
    with pytest.raises(ValueError, match="prophet.*feature"):
        steady.forecast(models=["prophet"])


def test_a_cost_that_follows_the_month_is_forecast_by_the_calendar(ws: finops.Workspace, tmp_path: Path) -> None:
    """100, 80, 60, then 40 from the 22nd, every month: like a sustained use discount, reset on the 1st."""

    def shape(day: dt.date) -> int:
        return [100, 80, 60, 40][min(3, (day.day - 1) // 7)]

    rows = ["date,service,cost,account,region"]
    for i in range(DAYS):
        day = START + dt.timedelta(days=i)
        rows.append(f"{day},Compute,{shape(day)},acme,us-east-1")
    (tmp_path / "monthly.csv").write_text("\n".join(rows) + "\n")
    ws.ingest(tmp_path / "monthly.csv", progress=False)
    april = [float(shape(dt.date(2025, 4, 1) + dt.timedelta(days=i))) for i in range(30)]
    alone = ws.forecast(horizon="1m", models=["monthly_naive"])
    assert alone.frame["value"].to_list() == pytest.approx(april)
    # The backtest finds the calendar model exact and the ensemble follows it.
    assert ws.forecast(horizon="1m").frame["value"].to_list() == pytest.approx(april, rel=0.02)


def test_month_end_and_budget_on_hand_computed_numbers(steady: finops.Workspace, tmp_path: Path) -> None:
    # Data to 2025-03-20 only: March has 20 days of 120 and 11 days to forecast at 120.
    rows = constant_costs(tmp_path / "all.csv").read_text().splitlines()
    cut = [r for r in rows if r.startswith("date") or r[:10] <= "2025-03-20"]
    (tmp_path / "part.csv").write_text("\n".join(cut) + "\n")
    ws = finops.Workspace(tmp_path / "part.db")
    ws.ingest(tmp_path / "part.csv", progress=False)
    projection = ws.month_end(budget=3000)
    assert projection.as_of == dt.date(2025, 3, 20)
    month = projection.month
    assert month["actual_to_date"] == pytest.approx(20 * 120)
    assert month["projected"] == pytest.approx(31 * 120)
    # The first quarter: 31 + 28 + 20 days seen, 11 to come.
    assert projection.quarter["projected"] == pytest.approx(90 * 120)
    budget = projection.budget
    assert budget is not None
    assert budget["overrun"] == pytest.approx(31 * 120 - 3000)
    assert budget["crossing"] == dt.date(2025, 3, 25)  # 25 * 120 = 3000
    assert "Budget" in projection._repr_html_()


def test_offline_chat_answers_with_the_engines_numbers(steady: finops.Workspace) -> None:
    answer = steady.ask("How much did we spend in February 2025?")
    assert answer.model is None
    assert "3,360.00" in answer.text  # 28 days × 120
    assert [call["name"] for call in answer.tool_calls] == ["kpis"]
    assert all(call["error"] is None for call in answer.tool_calls)
    top = steady.ask("top 2 services in March 2025")
    assert "3,100.00" in top.text and "620.00" in top.text  # 31 × 100, 31 × 20
    assert top.tables and all(frame.height > 0 for frame in top.tables.values())
    assert "Compute" in top._repr_markdown_()


def test_a_chat_remembers_and_can_be_narrowed(steady: finops.Workspace) -> None:
    chat = steady.chat()
    assert chat.offline
    chat.set_filter(services=["Storage"])
    answer = chat.ask("How much did we spend in January 2025?")
    assert "620.00" in answer.text  # Storage only: 31 × 20
    assert len(chat) >= 2
    chat.clear()
    assert len(chat) == 0


def test_the_finops_cell_magic(steady: finops.Workspace, tmp_path: Path) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_line_magic("load_ext", "finops")
        answer = shell.run_cell_magic("finops", f"--db {tmp_path / 'finops.db'}", "total in January 2025")
        assert isinstance(answer, finops.Answer)
        assert "3,720.00" in answer.text  # 31 × 120
        shell.user_ns["mine"] = steady
        narrowed = shell.run_cell_magic("finops", "--ws mine --service Compute", "total in January 2025")
        assert "3,100.00" in narrowed.text
        with pytest.raises(ValueError, match="not a finops.Workspace"):
            shell.user_ns["nothing"] = 42
            shell.run_cell_magic("finops", "--ws nothing", "total")
    finally:
        InteractiveShell.clear_instance()
