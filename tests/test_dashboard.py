"""The dashboard app at widget level, no browser: filter widgets drive the KPI cards and the panels, panels compute
only when shown, feedback and dismissals are stored, the chat answers offline, uploads store rows or nothing.

Expected amounts are summed from the hand-written GBP fixtures with the csv module, never read back from finops.
The generated sample (USD and EUR) around them gives the anomaly, forecast and recommendation panels something to
find; GBP selects exactly the fixture's rows.
"""

from __future__ import annotations

import base64
import csv
import datetime
import html
import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import finops
from finops.app import Dashboard

HERE = Path(__file__).parent / "fixtures" / "dashboard"
GBP = HERE / "gbp_costs.csv"
UPLOAD = HERE / "upload_gbp.csv"
BAD = HERE / "bad_cost.csv"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def total(path: Path, **where: Any) -> float:
    """The cost of the rows whose columns equal ``where`` (a callable tests the row), summed exactly."""
    selected = [r for r in rows(path) if all(v(r) if callable(v) else r[k] == v for k, v in where.items())]
    return float(sum(Decimal(r["cost"]) for r in selected))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    finops.generate_sample(out, seed=11, start="2025-01-01", months=3, accounts=2, anomalies=3)
    return out


@pytest.fixture
def app(tmp_path: Path, sample: Path, monkeypatch: pytest.MonkeyPatch) -> Dashboard:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # the chat's offline analyst, never the network
    ws = finops.Workspace(tmp_path / "finops.db")
    ws.ingest(sample, progress=False)
    ws.ingest(GBP, progress=False)
    return finops.dashboard(ws)


def select_gbp(app: Dashboard) -> None:
    app.filters.currency.value = "GBP"


def test_importing_finops_does_not_import_ipywidgets() -> None:
    code = "import sys, finops; assert callable(finops.dashboard); print('ipywidgets' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_option_lists_come_from_the_store(app: Dashboard) -> None:
    fixture = rows(GBP)
    lists = app.filters.lists
    assert {r["service"] for r in fixture} <= set(lists["services"].options)
    assert {r["region"] for r in fixture} <= set(lists["regions"].options)
    assert {r["account"] for r in fixture} <= set(lists["billing_accounts"].options)
    assert {"GBP", "USD"} <= set(app.filters.currency.options)
    assert app.filters.currency.value == "USD"  # the default when the data has it
    assert "team" in app.filters.tag_key.options
    # The sample covers January to March 2025 like the fixture; the whole range is selected at first.
    assert app.filters.start.value == datetime.date(2025, 1, 1)
    assert app.filters.end.value == max(datetime.date.fromisoformat(r["date"]) for r in fixture)


def test_filters_drive_the_kpi_cards(app: Dashboard) -> None:
    select_gbp(app)
    assert app.kpis.kpis is not None
    assert app.kpis.kpis.total == pytest.approx(total(GBP))
    assert "1,305.50 GBP" in app.kpis.cards.value
    app.filters.lists["services"].value = ("Fixture Compute", "Fixture Storage")
    expected = total(GBP, service=lambda r: r["service"] in ("Fixture Compute", "Fixture Storage"))
    assert app.kpis.kpis.total == pytest.approx(expected)
    app.filters.lists["services"].value = ()
    app.filters.tag_key.value = "team"
    app.filters.tag_value.value = "beta"
    assert app.kpis.kpis.total == pytest.approx(total(GBP, **{"tag:team": "beta"}))
    app.filters.tag_key.value = "(any)"
    app.filters.lists["regions"].value = ("uk-west",)
    assert app.kpis.kpis.total == pytest.approx(total(GBP, region="uk-west"))
    app.filters.clear()
    # Presets count back from the last day with data (2025-03-31): last month is February.
    app.filters.preset.value = "last_month"
    assert (app.filters.start.value, app.filters.end.value) == (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    assert app.kpis.kpis.total == pytest.approx(total(GBP, date=lambda r: r["date"].startswith("2025-02")))
    # A date typed by hand makes the range custom.
    app.filters.start.value = datetime.date(2025, 2, 10)
    assert app.filters.preset.value == "custom"
    expected = total(GBP, date=lambda r: "2025-02-10" <= r["date"] <= "2025-02-28")
    assert app.kpis.kpis.total == pytest.approx(expected)


def test_the_cost_explorer_charts_the_selection(app: Dashboard) -> None:
    select_gbp(app)
    ranking = app.analytics.charts["ranking"].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    bars = {name: cost for trace in ranking["data"] for name, cost in zip(trace["y"], trace["x"])}
    expected = {s: total(GBP, service=s) for s in {r["service"] for r in rows(GBP)}}
    assert bars == pytest.approx(expected)
    daily = app.analytics.charts["daily"].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert sum(daily["data"][0]["y"]) == pytest.approx(total(GBP))
    # The CSV behind the download link: month, name, cost.
    link = re.search(r'href="data:text/csv;base64,([^"]+)"', app.analytics.download.value)
    assert link is not None
    downloaded = list(csv.DictReader(io.StringIO(base64.b64decode(link.group(1)).decode())))
    by_month = {(r["month"][:7], r["name"]): float(r["cost"]) for r in downloaded}
    expected_by_month: dict[tuple[str, str], float] = {}
    for r in rows(GBP):
        key = (r["date"][:7], r["service"])
        expected_by_month[key] = expected_by_month.get(key, 0.0) + float(r["cost"])
    assert {k: v for k, v in by_month.items() if v} == pytest.approx(expected_by_month)
    app.analytics.by.value = "region"
    ranking = app.analytics.charts["ranking"].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    bars = {name: cost for trace in ranking["data"] for name, cost in zip(trace["y"], trace["x"])}
    assert bars == pytest.approx({region: total(GBP, region=region) for region in ("uk-south", "uk-west")})


class Counting:
    """The workspace, counting the calls of each method the panels use."""

    def __init__(self, ws: finops.Workspace) -> None:
        self._ws = ws
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._ws, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return attribute(*args, **kwargs)

        return counted


def test_a_tab_computes_only_when_shown(app: Dashboard) -> None:
    ws = Counting(app.ws)
    counted = Dashboard(ws)  # type: ignore[arg-type]
    assert ws.calls.get("kpis") == 1
    assert "anomalies" not in ws.calls and "forecast" not in ws.calls and "recommendations" not in ws.calls
    counted.select(counted.anomalies)
    assert ws.calls["anomalies"] == 1
    counted.select(counted.analytics)
    counted.select(counted.anomalies)  # nothing changed since: not computed again
    assert ws.calls["anomalies"] == 1
    counted.filters.metric.value = "billed"  # the shown tab and the cards follow the filter
    assert ws.calls["anomalies"] == 2 and ws.calls["kpis"] == 2
    assert "forecast" not in ws.calls
    counted.select(counted.forecast)
    assert ws.calls["forecast"] == 1


def test_an_engine_error_is_shown_in_the_panel(app: Dashboard) -> None:
    # No currency: the sample bills in USD and EUR, which the engine never adds together.
    app.analytics.show({"metric": "effective"})
    assert isinstance(app.analytics.error, finops.CurrencyError)
    assert "finops-error" in app.analytics.status.value
    assert html.escape(str(app.analytics.error)) in app.analytics.status.value
    assert all(out.outputs == () for out in app.analytics.charts.values())
    app.analytics.show(app.filters.selection())
    assert app.analytics.error is None and app.analytics.status.value == ""


def test_anomaly_feedback_is_stored(app: Dashboard) -> None:
    app.select(app.anomalies)
    panel = app.anomalies
    assert panel.events is not None and panel.events.height >= 2, panel.status.value
    first, second = panel.events["id"][0], panel.events["id"][1]
    assert panel.event.value == first and panel.chart.outputs and panel.causes.outputs
    panel.buttons[0].click()  # confirm: kept, with its feedback
    event = panel.selected()
    assert event is not None and (event["id"], event["feedback"]) == (first, "confirmed")
    panel.event.value = second
    panel.note.value = "a planned load test"
    panel.buttons[1].click()  # false alarm: not raised again
    assert second not in panel.events["id"].to_list()
    # Stored: a new session on the same database sees both.
    again = finops.Workspace(app.ws.path).anomalies(**app.filters.selection()).events
    assert again.filter(again["id"] == first)["feedback"].to_list() == ["confirmed"]
    assert second not in again["id"].to_list()
    panel.reviewed.value = True  # false alarms and planned events are shown again
    assert panel.events is not None and second in panel.events["id"].to_list()


def test_a_dismissed_recommendation_is_stored(app: Dashboard) -> None:
    app.select(app.recommendations)
    recs = app.recommendations.recommendations
    assert recs is not None and len(recs) > 0, app.recommendations.status.value
    # A recommendation no other one interacts with (a volume or an address: never scheduled, moved or committed
    # to), so the total drops by exactly its saving. Dismissing one that does is tested in Rust
    # (the_commitment_sizes_on_what_the_other_recommendations_leave_and_the_total_is_net).
    independent = {"gp2-to-gp3", "idle-address", "storage-tier", "old-snapshots"}
    index = next(i for i, rule in enumerate(recs.frame["rule"]) if rule in independent)
    first = recs.frame.row(index, named=True)
    card = app.recommendations.cards.children[index]
    dismiss = card.children[1].children[1]
    assert dismiss.description == "Dismiss"
    dismiss.click()
    after = app.recommendations.recommendations
    assert after is not None and first["id"] not in after.ids
    saving = after.total_saving.get(first["currency"], 0.0)
    assert saving == pytest.approx(recs.total_saving[first["currency"]] - first["monthly_saving"])
    stored = app.ws.recommendations(include_dismissed=True).frame
    assert stored.filter(stored["id"] == first["id"])["dismissed"].to_list() == [True]


def test_the_chat_answers_offline_with_the_selection(app: Dashboard) -> None:
    select_gbp(app)
    app.select(app.chat)
    assert app.chat.chat.offline
    app.chat.question.value = "What is the total cost?"  # Enter in the box
    [answer] = app.chat.answers
    assert "1,305.50" in answer.text
    assert app.chat.question.value == ""
    reply = app.chat.conversation.children[-1].children[1]
    assert any("1,305.50" in o["data"].get("text/markdown", "") for o in reply.outputs)
    # The filter narrows the next question.
    app.filters.lists["services"].value = ("Fixture Storage",)
    app.chat.ask_button.click()  # an empty box asks nothing
    assert len(app.chat.answers) == 1
    asked = app.chat.ask("What is the total cost?")
    assert asked is not None and f"{total(GBP, service='Fixture Storage'):,.2f}" in asked.text


def test_an_upload_stores_its_rows(app: Dashboard) -> None:
    select_gbp(app)
    app.select(app.upload)
    before = total(GBP)
    stored = app.upload.ingest([(UPLOAD.name, UPLOAD.read_bytes())])
    assert stored == len(rows(UPLOAD))
    assert app.upload.progress.value == 1.0
    assert f"{UPLOAD.name}: {len(rows(UPLOAD))} rows stored" in app.upload.result.value
    # The dashboard reloaded: the new service is offered and the cards count the new rows.
    assert "Fixture Backup" in app.filters.lists["services"].options
    assert app.kpis.kpis is not None
    assert app.kpis.kpis.total == pytest.approx(before + total(UPLOAD))


def test_the_progress_bar_follows_the_import(app: Dashboard, tmp_path: Path) -> None:
    export = tmp_path / "cur.csv"
    written = json.loads(finops.generate_cur_benchmark(export, rows=5_000, seed=3))
    seen: list[float] = []
    app.upload.progress.observe(lambda change: seen.append(change["new"]), names="value")
    assert app.upload.ingest([(export.name, export.read_bytes())]) == written["rows"]
    # Reported while the file was read, not only when it was done.
    assert any(0 < value < 1 for value in seen) and seen[-1] == 1.0


def test_an_upload_through_the_file_widget(app: Dashboard) -> None:
    content = UPLOAD.read_bytes()
    app.upload.upload.value = (
        {
            "name": UPLOAD.name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.datetime.now(datetime.timezone.utc),
        },
    )
    assert sum(r.rows_stored for r in app.upload.reports) == len(rows(UPLOAD))
    assert app.upload.upload.value == ()  # cleared for the next upload


def test_a_bad_upload_names_file_line_and_column_and_stores_nothing(app: Dashboard) -> None:
    select_gbp(app)
    imports = app.ws.imports().height
    assert app.upload.ingest([(BAD.name, BAD.read_bytes())]) == 0
    [error] = app.upload.errors
    assert isinstance(error, finops.BadValueError)
    assert (error.line, error.column) == (3, "cost")  # the row with "nine"
    shown = app.upload.report.outputs[0]["data"]["text/html"]
    assert "bad_cost.csv" in shown and "line 3" in shown and "column cost" in shown
    assert "finops-upload-" not in shown  # the temporary folder is not the analyst's business
    assert app.ws.imports().height == imports
    assert app.kpis.kpis is not None and app.kpis.kpis.total == pytest.approx(total(GBP))
    assert app.upload.progress.bar_style == "danger"


def test_an_empty_database_opens_and_takes_an_upload(tmp_path: Path) -> None:
    app = finops.dashboard(finops.Workspace(tmp_path / "empty.db"))
    assert app.filters.currency.options == () and app.filters.lists["services"].options == ()
    assert "No data yet" in app.filters.range_note.value
    assert app.kpis.kpis is not None and app.kpis.kpis.total == 0
    for panel in (app.analytics, app.anomalies, app.forecast, app.insights, app.recommendations, app.chat, app.upload):
        app.select(panel)
        assert panel.error is None, (panel.title, panel.error)
    # Nothing to forecast is said as a note, not raised as an error.
    assert "Nothing to forecast" in app.forecast.status.value and "finops-error" not in app.forecast.status.value
    assert app.upload.ingest([(GBP.name, GBP.read_bytes())]) == len(rows(GBP))
    # The first upload fills the option lists, and the currency is the upload's.
    assert app.filters.currency.value == "GBP"
    assert app.filters.start.value == min(datetime.date.fromisoformat(r["date"]) for r in rows(GBP))
    assert app.kpis.kpis.total == pytest.approx(total(GBP))
