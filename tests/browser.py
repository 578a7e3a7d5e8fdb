"""The served dashboard in a real browser, for tests/test_dashboard_browser.py and scripts/dashboard_screenshots.py:
Voila serving notebooks/dashboard.ipynb on loopback, headless Chromium driven by Selenium, and waits for what the
page shows. Chromium and its driver are Debian's (``make browser``); the driver's path is given, so Selenium
Manager never downloads one.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "dashboard.ipynb"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Voila starts a kernel and runs the notebook before the page shows a widget: the first run on a cold machine
# imports polars, plotly and finops, and loads the daily aggregate.
KERNEL_START = 180.0
STEP = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def voila(db: Path, log: Path) -> Iterator[str]:
    """Serves the dashboard notebook on ``db`` at 127.0.0.1 on a free port; yields its URL. The chat stays offline:
    OPENAI_API_KEY is removed from the server's (and so the kernel's) environment."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env["FINOPS_DB"] = str(db)
    voila_bin = Path(sys.executable).with_name("voila")
    command = [str(voila_bin), str(NOTEBOOK), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    with open(log, "wb") as out:
        # From the repository, as `make dashboard` runs it: Voila reads voila.json there.
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_for(lambda: answers(url) or server.poll() is not None, 60, "Voila to listen")
            if server.poll() is not None:
                raise RuntimeError(f"voila exited with {server.returncode}:\n{log.read_text()}")
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # the server and the kernel it started
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def answers(url: str) -> bool:
    """True once the server answers. A static file: the page at / would start a kernel and run the notebook."""
    try:
        with urllib.request.urlopen(url + "voila/static/favicon.ico", timeout=2):
            return True
    except OSError as error:
        return getattr(error, "code", None) is not None  # an HTTP error is an answer too


def chromium(width: int = 1500, height: int = 1100) -> Any:
    """Headless Chromium through Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def find(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def choose(driver: Any, widget: str, *values: str) -> None:
    """Selects ``values`` in the <select> of the filter with class ``finops-filter-<widget>`` (none: clears a
    multiple select)."""
    from selenium.webdriver.support.select import Select

    select = Select(find(driver, f".finops-filter-{widget} select"))
    if select.is_multiple:
        select.deselect_all()
    for value in values:
        select.select_by_visible_text(value)


def open_tab(driver: Any, title: str) -> None:
    tab = driver.execute_script(
        "return Array.from(document.querySelectorAll('.finops-tabs .lm-TabBar-tab'))"
        ".find(t => t.innerText.trim() === arguments[0]);",
        title,
    )
    if tab is None:
        raise LookupError(f"no tab {title!r}")
    tab.click()


def panel_text(driver: Any, panel: str) -> str:
    """What the panel with class ``finops-panel-<panel>`` shows, as text."""
    return str(
        driver.execute_script(
            "const p = document.querySelector('.finops-panel-' + arguments[0]); return p ? p.innerText : '';", panel
        )
    )


def panel_charts(driver: Any, panel: str) -> list[list[dict[str, Any]]]:
    """The figures plotly.js drew in a panel and shows: each one's traces (``x``, ``y``, ``name``)."""
    return list(
        driver.execute_script(
            "return Array.from(document.querySelectorAll('.finops-panel-' + arguments[0] + ' .js-plotly-plot'))"
            ".filter(g => g.offsetParent !== null && g.data)"
            ".map(g => g.data.map(t => ({x: t.x ? Array.from(t.x) : null, y: t.y ? Array.from(t.y) : null,"
            " name: t.name || null})));",
            panel,
        )
    )


def errors(driver: Any) -> list[str]:
    """The error boxes the page shows."""
    return list(
        driver.execute_script(
            "return Array.from(document.querySelectorAll('.finops-error')).filter(e => e.offsetParent !== null)"
            ".map(e => e.innerText);"
        )
    )


def upload(driver: Any, button_css: str, path: Path) -> None:
    """Chooses ``path`` in the file dialog of an ipywidgets FileUpload button.

    The widget's <input type=file> is never in the page (its button calls the input's click(), which opens the
    browser's native dialog), so the page is told to put the input in the document instead of opening the
    dialog; the driver then gives it the file, and the widget reads it as if a person had picked it.
    """
    driver.execute_script(
        "const proto = HTMLInputElement.prototype;"
        "if (!proto.finopsClick) {"
        "  proto.finopsClick = proto.click;"
        "  proto.click = function () {"
        "    if (this.type !== 'file') return proto.finopsClick.call(this);"
        "    document.querySelectorAll('input.finops-file-chooser').forEach(e => e.remove());"
        "    this.classList.add('finops-file-chooser');"
        "    document.body.appendChild(this);"
        "  };"
        "}"
    )
    find(driver, button_css).click()
    find(driver, "input.finops-file-chooser").send_keys(str(path))


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Polls ``condition`` until it returns something truthy; fails naming ``what`` after ``timeout`` seconds."""
    from selenium.common.exceptions import WebDriverException

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except (WebDriverException, LookupError):  # not there yet, or gone stale between two polls: poll again
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f}s for {what}")
        time.sleep(0.2)
