"""The dashboard as served (Voila on loopback) in headless Chromium: a filter changes the KPI total to the amount
summed from the fixture, every tab opens and draws, an uploaded export's rows are counted, the chat answers with
the number. One server, one page, one database for the whole module; every wait is explicit.

Needs Debian's chromium and chromium-driver (``make browser``, run by ``make test``).
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from browser import (
    CHROMEDRIVER,
    CHROMIUM,
    KERNEL_START,
    STEP,
    choose,
    chromium,
    errors,
    find,
    open_tab,
    panel_charts,
    panel_text,
    upload,
    voila,
    wait_for,
)

import finops

HERE = Path(__file__).parent / "fixtures" / "dashboard"
GBP = HERE / "gbp_costs.csv"
UPLOAD = HERE / "upload_gbp.csv"

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
    reason="needs Debian's chromium and chromium-driver: make browser",
)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def gbp(amount: Decimal) -> str:
    """An amount as the KPI cards write it."""
    return f"{amount:,.2f} GBP"


def cost(path: Path, service: str | None = None) -> Decimal:
    return sum((Decimal(r["cost"]) for r in rows(path) if service in (None, r["service"])), Decimal(0))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    tmp = tmp_path_factory.mktemp("dashboard")
    sample = tmp / "sample"
    finops.generate_sample(sample, seed=5, start="2025-01-01", months=3, accounts=1, anomalies=2)
    ws = finops.Workspace(tmp / "finops.db")
    ws.ingest(sample, progress=False)
    ws.ingest(GBP, progress=False)
    del ws
    with voila(tmp / "finops.db", tmp / "voila.log") as url:
        driver = chromium()
        try:
            driver.get(url)
            wait_for(lambda: kpi_total(driver), KERNEL_START, "the KPI cards (Voila runs the notebook)")
            yield driver
        finally:
            driver.quit()


@pytest.fixture(autouse=True)
def screenshot_on_failure(request: pytest.FixtureRequest, page: Any, tmp_path: Path) -> Iterator[None]:
    """A failed test leaves a screenshot and the page's text, named in its report."""
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed > failed:
        page.save_screenshot(str(tmp_path / "page.png"))
        (tmp_path / "page.txt").write_text(page.execute_script("return document.body.innerText"))
        print(f"the page when the test failed: {tmp_path / 'page.png'} and page.txt")


def kpi_total(driver: Any) -> str | None:
    """The value on the Total card."""
    cards = driver.execute_script(
        "const k = document.querySelector('.finops-kpis');"
        "return k ? Array.from(k.querySelectorAll('div > div')).map(d => d.innerText) : null;"
    )
    if not cards:
        return None
    i = cards.index("Total") if "Total" in cards else -1
    return cards[i + 1] if i >= 0 else None


def test_a_filter_changes_the_kpi_total(page: Any) -> None:
    choose(page, "currency", "GBP")
    wait_for(lambda: kpi_total(page) == gbp(cost(GBP)), STEP, f"Total {gbp(cost(GBP))}")
    choose(page, "services", "Fixture Compute")
    expected = gbp(cost(GBP, "Fixture Compute"))
    wait_for(lambda: kpi_total(page) == expected, STEP, f"Total {expected}")
    choose(page, "services")
    wait_for(lambda: kpi_total(page) == gbp(cost(GBP)), STEP, "the total without the service filter")


def test_the_cost_explorer_draws_the_selection(page: Any) -> None:
    open_tab(page, "Cost explorer")
    expected = {s: float(cost(GBP, s)) for s in {r["service"] for r in rows(GBP)}}

    def ranking() -> dict[str, float] | None:
        for figure in panel_charts(page, "cost-explorer"):
            bars = {y: x for trace in figure if trace["y"] and trace["x"] for y, x in zip(trace["y"], trace["x"])}
            if set(bars) == set(expected):
                return bars
        return None

    bars = wait_for(ranking, STEP, "the ranking chart of the GBP services")
    assert bars == pytest.approx(expected)
    wait_for(lambda: len(panel_charts(page, "cost-explorer")) == 5, STEP, "five charts")
    link = find(page, ".finops-panel-cost-explorer a.finops-download")
    assert link.get_attribute("download") == "finops-monthly-service.csv"
    assert link.get_attribute("href").startswith("data:text/csv;base64,")


@pytest.mark.parametrize(
    ("title", "panel", "text"),
    [
        ("Anomalies", "anomalies", "events in"),
        ("Forecast", "forecast", "By month"),
        ("Insights", "insights", "Drivers by"),
        ("Recommendations", "recommendations", "recommendations, estimated saving"),
    ],
)
def test_each_panel_opens_and_draws(page: Any, title: str, panel: str, text: str) -> None:
    choose(page, "currency", "USD")  # the generated sample: events, history, recommendations
    open_tab(page, title)
    wait_for(lambda: text in panel_text(page, panel) or errors(page), STEP, f"the {title} panel")
    assert not errors(page)
    wait_for(lambda: panel_charts(page, panel), STEP, f"a chart drawn by plotly.js in {title}")


def test_an_uploaded_export_is_counted(page: Any) -> None:
    open_tab(page, "Upload")
    wait_for(lambda: "Import history" in panel_text(page, "upload"), STEP, "the upload panel")
    upload(page, ".finops-upload", UPLOAD)
    expected = f"{UPLOAD.name}: {len(rows(UPLOAD))} rows stored"
    wait_for(lambda: expected in panel_text(page, "upload"), STEP, expected)
    choose(page, "currency", "GBP")
    total = gbp(cost(GBP) + cost(UPLOAD))
    wait_for(lambda: kpi_total(page) == total, STEP, f"Total {total} with the upload")


def test_an_export_over_ten_mib_is_uploaded(page: Any, tmp_path: Path) -> None:
    # One websocket message carries the file: tornado's default limit (10 MiB) would drop the connection and leave
    # the page dead; voila.json raises it.
    big = tmp_path / "cur.csv"
    written = json.loads(finops.generate_cur_benchmark(big, rows=13_000, seed=3))
    assert big.stat().st_size > 10 * 1024 * 1024
    open_tab(page, "Upload")
    upload(page, ".finops-upload", big)
    expected = f"{big.name}: {written['rows']:,} rows stored"
    wait_for(lambda: expected in panel_text(page, "upload"), STEP, expected)


def test_the_chat_answers_with_the_number(page: Any) -> None:
    choose(page, "currency", "GBP")
    choose(page, "services", "Fixture Compute")
    number = f"{cost(GBP, 'Fixture Compute'):,.2f}"
    wait_for(lambda: kpi_total(page) == f"{number} GBP", STEP, "the filter in force")
    open_tab(page, "Chat")
    question = wait_for(lambda: find(page, ".finops-chat-question input"), STEP, "the question box")
    question.send_keys("What is the total cost?")
    find(page, ".finops-chat-ask").click()
    wait_for(lambda: number in panel_text(page, "chat"), STEP, f"an answer with {number}")
