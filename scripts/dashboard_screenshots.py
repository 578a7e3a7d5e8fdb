"""`make demo`: screenshots of each tab of the served dashboard, on the demo database ($FINOPS_DB).

python scripts/dashboard_screenshots.py data/screenshots

Serves notebooks/dashboard.ipynb with Voila on loopback, opens it in headless Chromium (Debian's, `make browser`),
opens each tab, waits for it to draw and saves a PNG of the whole page per tab. The chat is asked one question,
offline. Nothing is written to the database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the browser helpers the browser test uses

from browser import KERNEL_START, STEP, chromium, find, open_tab, voila, wait_for

TABS = [
    ("Cost explorer", "cost-explorer", "js-plotly-plot"),
    ("Anomalies", "anomalies", "js-plotly-plot"),
    ("Forecast", "forecast", "js-plotly-plot"),
    ("Insights", "insights", "js-plotly-plot"),
    ("Recommendations", "recommendations", "finops-recommendation"),
    ("Chat", "chat", "finops-table"),
    ("Upload", "upload", "finops-table"),
]
QUESTION = "What drove the change last month?"


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "data" / "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    db = Path(os.environ.get("FINOPS_DB") or ROOT / "data" / "finops.db").resolve()
    log = Path(tempfile.mkdtemp(prefix="finops-screenshots-")) / "voila.log"  # read it if a tab never draws
    with voila(db, log) as url:
        driver = chromium(width=1600, height=1000)
        try:
            driver.get(url)
            wait_for(lambda: shown(driver, "dashboard", "finops-kpis"), KERNEL_START, "the dashboard")
            for i, (title, panel, marker) in enumerate(TABS, start=1):
                open_tab(driver, title)
                if panel == "chat":
                    ask(driver, QUESTION)
                wait_for(partial(shown, driver, panel, marker), STEP, f"the {title} tab")
                path = out / f"{i:02d}_{panel}.png"
                screenshot(driver, path)
                print(f"  {title:<16}{path}")
        finally:
            driver.quit()
    print(f"  screenshots     {out}/")


def shown(driver: Any, panel: str, marker: str) -> bool:
    scope = ".finops-kpis" if panel == "dashboard" else f".finops-panel-{panel} .{marker}"
    return bool(
        driver.execute_script(
            f"return Array.from(document.querySelectorAll('{scope}')).some(e => e.offsetParent !== null)"
            " || Array.from(document.querySelectorAll('.finops-error')).some(e => e.offsetParent !== null);"
        )
    )


def ask(driver: Any, question: str) -> None:
    box = wait_for(lambda: find(driver, ".finops-chat-question input"), STEP, "the question box")
    box.send_keys(question)
    find(driver, ".finops-chat-ask").click()


def screenshot(driver: Any, path: Path) -> None:
    """The whole page: the window is made as tall as the page first (Voila scrolls #rendered_cells, not the body)."""
    height = driver.execute_script(
        "const cells = document.getElementById('rendered_cells');"
        "return cells ? cells.scrollHeight : document.documentElement.scrollHeight;"
    )
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(height + 150, 1000), 8000))
    driver.save_screenshot(str(path))
    driver.set_window_size(width, 1000)


if __name__ == "__main__":
    main()
